"""Playing a campaign: each battle set up from the roster, and its result carried forward."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.campaign.campaign_file import Campaign, check_campaign, load_campaign
from game.campaign.progress import CampaignState
from game.campaign.roster import (
    Deployment,
    after_battle,
    battle_start,
    plan_deployment,
)
from game.commands.command_log import RecordedBattle
from game.core.problems import ScenarioError
from game.play.match import play
from game.play.simulate import ai_players, summary
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset, load_ruleset
from game.saves.save_files import SaveError, SaveGame, restore_battle
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario
from game.sim.objectives import score


@dataclass
class CampaignBattle:
    """One battle of a campaign in progress, with the deployment it was started from."""

    battle: RecordedBattle
    deployment: Deployment
    scenario: Scenario  # the scenario as deployed (roster names, empty slots left out)
    progress: CampaignState  # the progress the battle started from (with new enlistments)


def start_campaign_battle(
    campaign: Campaign,
    progress: CampaignState,
    ruleset: Ruleset,
    seed: int,
    choices: dict[int, str] | None = None,
    max_turns: int | None = None,
) -> CampaignBattle:
    """Load the campaign's next scenario, deploy the roster into it and start the battle."""
    entry = campaign.scenarios[progress.index]
    scenario = load_scenario(entry.map, ruleset)
    started = CampaignState.from_dict(progress.to_dict())
    deployment = plan_deployment(campaign, entry, started, scenario, choices)
    begin = battle_start(scenario, campaign, started, deployment)
    battle = RecordedBattle.start(scenario, ruleset, seed, turn_limit=max_turns, begin=begin)
    return CampaignBattle(battle, deployment, begin.deploy(scenario), started)


def finish_campaign_battle(
    campaign: Campaign, played: CampaignBattle, advance_on_defeat: bool = False
) -> CampaignState:
    """The campaign's progress once a battle has ended."""
    state = played.battle.state
    progress = after_battle(
        campaign,
        played.progress,
        played.deployment,
        state,
        played.scenario,
        score(state, campaign.player_side),
        advance_on_defeat=advance_on_defeat,
    )
    progress.results[-1].objectives = [
        f"{o.name}: {state.objective_status.get(o.object_id, 'pending')}"
        + ("" if o.mandatory else " (optional)")
        for o in state.objectives
        if o.side is campaign.player_side
    ]
    return progress


def campaign_context(campaign: Campaign, played: CampaignBattle) -> dict[str, Any]:
    """What a battle save of a campaign mission records to resume it: the campaign file, the
    progress the battle started from and the deployment."""
    deployment = played.deployment
    return {
        "file": str(campaign.path),
        "progress": played.progress.to_dict(),
        "deployment": {
            "slots": {str(k): v for k, v in deployment.slots.items()},
            "attached": sorted(deployment.attached),
            "enlisted": list(deployment.enlisted),
        },
    }


def resume_campaign_battle(save: SaveGame, ruleset: Ruleset) -> tuple[Campaign, CampaignBattle]:
    """The campaign mission a save was made in, with its battle restored from the save;
    SaveError (for the player) when the context or the campaign cannot be used."""
    context = save.campaign
    name = save.file or "the save"
    if context is None:
        raise SaveError(f"{name} was not made during a campaign mission.")
    try:
        path = Path(str(context["file"]))
        progress = CampaignState.from_dict(context["progress"], where="campaign.progress")
        raw = context["deployment"]
        deployment = Deployment(
            slots={int(k): (None if v is None else str(v)) for k, v in dict(raw["slots"]).items()},
            attached={int(i) for i in raw["attached"]},
            enlisted=[str(i) for i in raw["enlisted"]],
        )
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise SaveError(f"{name}: the campaign context is damaged ({exc}).") from None
    try:
        campaign = load_campaign(path, ruleset)
    except ScenarioError as exc:
        raise SaveError(f"the save's campaign file {path.name} no longer loads: {exc}") from None
    except OSError as exc:
        raise SaveError(f"the save's campaign file cannot be read ({exc}).") from None
    if not 0 <= progress.index < len(campaign.scenarios):
        raise SaveError(f"the save's mission {progress.index + 1} is not in {path.name}.")
    entry = campaign.scenarios[progress.index]
    try:
        scenario = load_scenario(entry.map, ruleset)
    except ScenarioError as exc:
        raise SaveError(f"the save's map no longer loads: {exc}") from None
    try:
        deployed = battle_start(scenario, campaign, progress, deployment).deploy(scenario)
    except KeyError as exc:
        raise SaveError(f"the save's deployment names an unknown roster unit {exc}.") from None
    battle = restore_battle(save, scenario, ruleset)
    return campaign, CampaignBattle(battle, deployment, deployed, progress)


def simulate_campaign(
    campaign: Campaign, ruleset: Ruleset, seed: int, max_turns: int | None = None
) -> dict[str, Any]:
    """Play the whole campaign AI against AI, each battle once, and report every result."""
    progress = CampaignState(campaign=str(campaign.path))
    battles: list[dict[str, Any]] = []
    while not progress.finished:
        battle_seed = seed + progress.index
        played = start_campaign_battle(campaign, progress, ruleset, battle_seed, None, max_turns)
        play(played.battle, ai_players())
        battles.append(summary(played.battle, Path(campaign.scenarios[progress.index].map).name))
        progress = finish_campaign_battle(campaign, played, advance_on_defeat=True)
    return {
        "seed": seed,
        "campaign": campaign.title,
        "scenarios": battles,
        "civilian_casualties": sum(r.civilian_casualties for r in progress.results),
        "roster": [
            {"id": u.id, "name": u.name, "unit_type": u.unit_type, "level": u.level}
            for u in progress.roster
        ],
    }


def run_campaign_simulate(path: Path, seed: int, max_turns: int | None, as_json: bool) -> int:
    """`python main.py simulate --campaign [FILE]`: print the campaign's results; exit code."""
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        print("\n".join(err.problems), file=sys.stderr)
        return 1
    if not path.is_file():
        print(f"{path}: no such campaign file", file=sys.stderr)
        return 2
    campaign, problems = check_campaign(path, ruleset)
    if campaign is None:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    result = simulate_campaign(campaign, ruleset, seed, max_turns)
    if as_json:
        print(json.dumps(result, sort_keys=True))
        return 0
    print(f"{campaign.title} (seed {seed})")
    for battle in result["scenarios"]:
        print(
            f"  {battle['scenario']}: {battle['winner']} in {battle['turns']} turns, "
            f"civilian casualties {battle['civilian_casualties']}, losses {battle['losses']}"
        )
    print(f"Civilian casualties in the whole campaign: {result['civilian_casualties']}")
    print(f"Roster at the end: {len(result['roster'])} units")
    return 0
