"""Campaign files (TOML in maps/): the scenarios in order and the roster rules, validated.

title = "Eastern Mosul, November 2016"
description = "..."
player_side = "coalition"

[roster]
experience_per_battle = 1   # levels a surviving unit gains from a battle it fought
max_level = 3
accuracy_per_level = 0.05   # hit chance x (1 + level x this)
spotting_per_level = 0.05   # spotting skill + level x this

[[scenario]]
map = "qadisiyah.tmx"       # relative to the campaign file
replacements = 0            # new units that may fill empty slots of the player's side
attached = []               # unit types attached for this battle only (always present, not kept)
choose_deployment = false   # true: the player picks which roster units fill the slots
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.core.problems import Problem, ScenarioError
from game.core.values import Side, enum_values
from game.rules.data_files import FieldReader, RulesError, read_toml
from game.rules.ruleset import Ruleset
from game.scenario.loader import check_scenario

CAMPAIGN_SUFFIX = "campaign.toml"


@dataclass(frozen=True)
class RosterRules:
    """How the roster carries over and what experience is worth (a small, documented bonus)."""

    experience_per_battle: int = 1
    max_level: int = 3
    accuracy_per_level: float = 0.05
    spotting_per_level: float = 0.05


@dataclass(frozen=True)
class CampaignScenario:
    """One battle of a campaign."""

    map: Path
    replacements: int = 0
    attached: tuple[str, ...] = ()
    choose_deployment: bool = False


@dataclass(frozen=True)
class Campaign:
    """A campaign: its scenarios in order and the roster rules."""

    path: Path
    title: str
    description: str
    player_side: Side
    roster: RosterRules
    scenarios: tuple[CampaignScenario, ...]


def is_campaign_file(path: Path) -> bool:
    """Whether a file is a campaign file by its name (campaign.toml or NAME.campaign.toml)."""
    return path.name == CAMPAIGN_SUFFIX or path.name.endswith("." + CAMPAIGN_SUFFIX)


def check_campaign(
    path: Path, ruleset: Ruleset, check_maps: bool = True
) -> tuple[Campaign | None, list[Problem]]:
    """Read a campaign file; return (the campaign or None when invalid, every problem found)."""
    file = str(path)
    messages: list[str] = []
    try:
        data = read_toml(path)
    except RulesError as err:
        return None, [Problem(file, m.removeprefix(f"{path}: ")) for m in err.problems]
    top = FieldReader(data, "campaign", messages)
    title = top.text("title")
    description = top.text("description", "")
    side = top.text("player_side", Side.COALITION.value, choices=enum_values(Side))
    roster_reader = FieldReader(top.sub_table("roster"), "[roster]", messages)
    roster = RosterRules(
        experience_per_battle=roster_reader.integer("experience_per_battle", 1, 0, 5),
        max_level=roster_reader.integer("max_level", 3, 0, 10),
        accuracy_per_level=roster_reader.number("accuracy_per_level", 0.05, 0.0, 0.5),
        spotting_per_level=roster_reader.number("spotting_per_level", 0.05, 0.0, 0.5),
    )
    roster_reader.finish()
    entries = data.get("scenario", [])
    top.seen.add("scenario")
    top.finish()
    if not isinstance(entries, list) or not entries:
        messages.append("campaign: add at least one [[scenario]] table with a `map`.")
        entries = []
    scenarios: list[CampaignScenario] = []
    problems: list[Problem] = []
    for number, entry in enumerate(entries, start=1):
        reader = FieldReader(entry, f"[[scenario]] {number}", messages)
        map_name = reader.text("map")
        attached = tuple(reader.text_list("attached", []))
        item = CampaignScenario(
            map=(path.parent / map_name).resolve() if map_name else path.parent,
            replacements=reader.integer("replacements", 0, 0, 100),
            attached=attached,
            choose_deployment=reader.flag("choose_deployment", False),
        )
        reader.finish()
        for type_id in attached:
            if type_id not in ruleset.units:
                messages.append(
                    f"[[scenario]] {number}: unknown unit type '{type_id}' in attached "
                    f"(known: {', '.join(ruleset.units)})."
                )
        if not map_name:
            continue
        if not item.map.is_file():
            messages.append(f"[[scenario]] {number}: map '{map_name}' not found next to the file.")
        elif check_maps:
            scenario, map_problems = check_scenario(item.map, ruleset)
            if scenario is None:
                errors = sum(1 for p in map_problems if not p.warning)
                messages.append(
                    f"[[scenario]] {number}: map '{map_name}' is not valid ({errors} problems; "
                    f"run python main.py validate {item.map})."
                )
            elif scenario.player_side.value != side:
                messages.append(
                    f"[[scenario]] {number}: map '{map_name}' is played by "
                    f"{scenario.player_side.value}, the campaign by {side}."
                )
        scenarios.append(item)
    problems += [Problem(file, m) for m in messages]
    if problems:
        return None, problems
    campaign = Campaign(
        path=path,
        title=title,
        description=description,
        player_side=Side(side),
        roster=roster,
        scenarios=tuple(scenarios),
    )
    return campaign, []


def load_campaign(path: Path, ruleset: Ruleset) -> Campaign:
    """Read a campaign file or raise ScenarioError with every problem."""
    campaign, problems = check_campaign(path, ruleset)
    if campaign is None:
        raise ScenarioError(problems)
    return campaign
