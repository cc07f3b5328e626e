"""The campaign: its file is checked, the roster carries over as documented, progress is saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.battle.units import Veterancy
from game.campaign.campaign_file import check_campaign, load_campaign
from game.campaign.progress import CampaignState
from game.campaign.roster import DeploymentError
from game.core.values import Side
from game.play.campaign_play import finish_campaign_battle, simulate_campaign, start_campaign_battle
from game.saves.campaign_saves import load_progress, save_progress
from game.saves.save_files import SaveError
from tests.map_factory import map_xml, obj, write_map

ISIL = obj(20, "Fighters", "unit", (9, 5), unit_type="isil_fighters")


def _two_maps(folder: Path) -> None:
    first = {
        "units": obj(1, "CTS Alpha", "unit", (0, 0), unit_type="cts")
        + obj(2, "CTS Bravo", "unit", (1, 0), unit_type="cts")
        + obj(3, "Rifles", "unit", (2, 0), unit_type="infantry")
        + ISIL,
        "objectives": obj(30, "Block", "objective", (2, 2), (3, 2), kind="capture"),
    }
    second = {
        "units": obj(1, "Slot CTS", "unit", (0, 0), unit_type="cts")
        + obj(2, "Slot rifles A", "unit", (1, 0), unit_type="infantry")
        + obj(3, "Slot rifles B", "unit", (2, 0), unit_type="infantry")
        + obj(4, "Slot sniper", "unit", (3, 0), unit_type="sniper")
        + obj(5, "Police", "unit", (4, 0), unit_type="humvee")
        + ISIL,
        "objectives": obj(30, "Block", "objective", (2, 2), (3, 2), kind="capture"),
    }
    write_map(folder, map_xml(objects=first), "one.tmx")
    write_map(folder, map_xml(objects=second), "two.tmx")


CAMPAIGN = """
title = "Test campaign"
[roster]
experience_per_battle = 1
max_level = 3
accuracy_per_level = 0.05
spotting_per_level = 0.05

[[scenario]]
map = "one.tmx"

[[scenario]]
map = "two.tmx"
replacements = 1
attached = ["humvee"]
choose_deployment = true
"""


@pytest.fixture()
def campaign(tmp_path, ruleset):
    _two_maps(tmp_path)
    path = tmp_path / "test.campaign.toml"
    path.write_text(CAMPAIGN)
    return load_campaign(path, ruleset)


def _win_first_battle(campaign, ruleset, dead: str):
    played = start_campaign_battle(campaign, CampaignState(str(campaign.path)), ruleset, seed=1)
    state = played.battle.state
    for unit in state.units.values():
        if unit.name == dead:
            unit.alive = False
            state.losses[Side.COALITION] += 1
    state.winner = "coalition"
    state.phase = "over"
    return played, finish_campaign_battle(campaign, played)


def test_roster_carries_over_between_two_scenarios(campaign, ruleset):
    played, progress = _win_first_battle(campaign, ruleset, dead="CTS Bravo")
    assert [u.name for u in played.progress.roster] == ["CTS Alpha", "CTS Bravo", "Rifles"]
    assert progress.index == 1
    # the dead stay dead; survivors gain a level
    assert [(u.name, u.level, u.battles) for u in progress.roster] == [
        ("CTS Alpha", 1, 1),
        ("Rifles", 1, 1),
    ]
    second = start_campaign_battle(campaign, progress, ruleset, seed=2)
    names = {u.name: u for u in second.battle.state.units.values() if u.side is Side.COALITION}
    # CTS slot: the survivor, by name, with its level's bonus; rifle slots: the survivor and one
    # replacement; sniper slot: no replacement left, so empty; the attached Humvee is there
    assert set(names) == {"CTS Alpha", "Rifles", "Slot rifles B", "Police"}
    alpha = names["CTS Alpha"]
    assert alpha.veterancy.level == 1 and alpha.veterancy.accuracy_bonus == pytest.approx(0.05)
    assert names["Slot rifles B"].veterancy.level == 0
    assert names["Police"].veterancy is None
    assert [u.name for u in second.progress.roster] == ["CTS Alpha", "Rifles", "Slot rifles B"]


def test_a_failed_battle_keeps_the_roster_for_a_retry(campaign, ruleset):
    _, progress = _win_first_battle(campaign, ruleset, dead="CTS Bravo")
    played = start_campaign_battle(campaign, progress, ruleset, seed=3)
    state = played.battle.state
    for unit in state.units.values():
        if unit.side is Side.COALITION:
            unit.alive = False
    state.winner, state.phase = "isil", "over"
    retry = finish_campaign_battle(campaign, played)
    assert retry.index == 1 and retry.attempts == 1
    assert [u.name for u in retry.roster] == ["CTS Alpha", "Rifles"]  # no replacement kept
    assert retry.results[-1].winner == "isil"


def test_the_player_may_choose_where_allowed(campaign, ruleset):
    _, progress = _win_first_battle(campaign, ruleset, dead="Rifles")
    alpha = next(u for u in progress.roster if u.name == "CTS Alpha")
    with pytest.raises(DeploymentError, match="cannot fill the infantry slot"):
        start_campaign_battle(campaign, progress, ruleset, seed=2, choices={2: alpha.id})
    chosen = start_campaign_battle(campaign, progress, ruleset, seed=2, choices={1: alpha.id})
    assert any(u.name == "CTS Alpha" for u in chosen.battle.state.units.values())


def test_progress_is_saved_and_loaded(campaign, ruleset, tmp_path):
    _, progress = _win_first_battle(campaign, ruleset, dead="CTS Bravo")
    path = tmp_path / "campaign.sbs.json"
    save_progress(path, progress)
    assert load_progress(path) == progress
    path.write_text(path.read_text()[:40])
    with pytest.raises(SaveError, match="damaged or truncated"):
        load_progress(path)


def test_campaign_file_problems(tmp_path, ruleset):
    _two_maps(tmp_path)
    path = tmp_path / "bad.campaign.toml"
    path.write_text(
        'title = "x"\n[roster]\nmax_level = -2\n[[scenario]]\nmap = "gone.tmx"\n'
        '[[scenario]]\nmap = "one.tmx"\nattached = ["tank"]\nreplacement = 3\n'
    )
    campaign, problems = check_campaign(path, ruleset)
    messages = [str(p) for p in problems]
    assert campaign is None
    assert any(
        "[roster]: field 'max_level' must be a whole number from 0 to 10" in m for m in messages
    )
    assert any("[[scenario]] 1: map 'gone.tmx' not found" in m for m in messages)
    assert any("unknown unit type 'tank' in attached" in m for m in messages)
    assert any("[[scenario]] 2: unknown field 'replacement'" in m for m in messages)


def test_the_whole_campaign_plays_ai_against_ai(campaign, ruleset):
    result = simulate_campaign(campaign, ruleset, seed=4, max_turns=3)
    assert result["seed"] == 4
    assert [s["scenario"] for s in result["scenarios"]] == ["one.tmx", "two.tmx"]
    assert all("state_hash" in s for s in result["scenarios"])
    assert isinstance(result["roster"], list)


def test_validate_checks_campaign_files(tmp_path):
    import subprocess
    import sys

    _two_maps(tmp_path)
    (tmp_path / "test.campaign.toml").write_text(CAMPAIGN)
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, str(root / "main.py"), "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout
    assert "test.campaign.toml: ok - campaign 'Test campaign', 2 scenarios" in run.stdout
    (tmp_path / "test.campaign.toml").write_text(CAMPAIGN.replace("two.tmx", "three.tmx"))
    run = subprocess.run(
        [sys.executable, str(root / "main.py"), "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "map 'three.tmx' not found" in run.stdout


def test_experience_sharpens_spotting(ruleset):
    from game.sim.spotting import unit_sees
    from tests.battle_builder import BattleBuilder

    rows = ["=" * 40]
    builder = BattleBuilder(ruleset, rows)
    viewer = builder.unit("infantry", (0, 0))
    target = builder.unit("isil_fighters", (18, 0))
    state = builder.state()
    # a distance where the veteran's sharper eye makes the difference
    assert not unit_sees(state, state.units[viewer], state.units[target])
    state.units[viewer].veterancy = Veterancy("r1", 2, 0.0, 0.5)
    assert unit_sees(state, state.units[viewer], state.units[target])


def test_experience_steadies_aim(ruleset):
    from game.core.values import TilePos
    from game.sim.combat import hit_chance
    from tests.battle_builder import BattleBuilder

    builder = BattleBuilder(ruleset, ["=" * 12])
    shooter = builder.unit("infantry", (0, 0))
    builder.unit("isil_fighters", (6, 0))
    state = builder.state()
    weapon = state.ruleset.units["infantry"].weapons[0]
    green = hit_chance(state, shooter, weapon, TilePos(6, 0))
    state.units[shooter].veterancy = Veterancy("r1", 2, 0.1, 0.0)
    veteran = hit_chance(state, shooter, weapon, TilePos(6, 0))
    assert veteran.chance == pytest.approx(green.chance * 1.1)
    assert "experience: x1.1" in veteran.breakdown()


def test_a_replayed_campaign_mission_reaches_its_recorded_hash(campaign, ruleset, tmp_path):
    from game.ai.player import standard_players
    from game.commands.command_log import CommandLog, ReplayError, replay
    from game.play.match import play
    from game.scenario.loader import load_scenario

    _, progress = _win_first_battle(campaign, ruleset, dead="CTS Bravo")
    second = start_campaign_battle(campaign, progress, ruleset, seed=2)
    battle = second.battle
    play(battle, standard_players(), stop=lambda s: s.turn > 3)
    path = tmp_path / "mission2.log.json"
    battle.record().save(path)
    log = CommandLog.load(path)
    assert log.start.left_out and log.start.veterancy  # the deployment and experience
    again = replay(log, load_scenario(campaign.scenarios[1].map, ruleset), ruleset)
    assert again.state.state_hash() == battle.state.state_hash() == log.state_hash
    names = {u.name for u in again.state.units.values() if u.side is Side.COALITION}
    assert "CTS Alpha" in names and "Slot sniper" not in names
    log.state_hash = "0" * 64  # a record that claims another end is refused, with the reason
    with pytest.raises(ReplayError, match=r"reached state .* the record says 000000000000"):
        replay(log, load_scenario(campaign.scenarios[1].map, ruleset), ruleset)
