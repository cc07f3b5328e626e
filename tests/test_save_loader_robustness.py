"""The save loader never crashes: every bad file (hand-edited, damaged, not a file at all)
is refused with a SaveError naming the file and what is wrong, and nothing else escapes."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from game.commands import EndTurn, Move
from game.commands.command_log import RecordedBattle
from game.core.values import Side, TilePos
from game.saves.campaign_saves import load_progress, save_progress
from game.saves.save_files import SaveError, read_save, restore_battle, save_battle
from game.scenario.loader import load_scenario
from tests.map_factory import map_xml, write_map


@pytest.fixture()
def scenario(tmp_path, ruleset):
    return load_scenario(write_map(tmp_path, map_xml()), ruleset)


def played(scenario, ruleset) -> RecordedBattle:
    """A short real battle: a move, both phases of turn 1 and a move of turn 2."""
    battle = RecordedBattle.start(scenario, ruleset, seed=4)
    battle.execute(Move("u1", TilePos(1, 1)))
    battle.execute(EndTurn(Side.COALITION))
    battle.execute(EndTurn(Side.ISIL))
    battle.execute(Move("u1", TilePos(1, 3)))
    return battle


def saved_document(tmp_path: Path, scenario, ruleset) -> dict[str, Any]:
    """The JSON document of a real save (with the player's side and difficulty)."""
    path = tmp_path / "real.sbs.json"
    player = {"side": "coalition", "difficulty": "standard"}
    save_battle(path, played(scenario, ruleset), player=player)
    return json.loads(path.read_text())


def canonical_hash(data: Any) -> str:
    """What a hand editor would compute: the digest `state_hash` makes of a snapshot."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_edited(path: Path, document: dict[str, Any], rehash_state: bool = True) -> Path:
    """Write a document edited by hand, its state hash and checksum made to match again."""
    body = document["street_by_street_save"]
    if rehash_state and isinstance(body, dict) and "snapshot" in body:
        body["state_hash"] = canonical_hash(body["snapshot"])
    document["checksum"] = canonical_hash(body)
    path.write_text(json.dumps(document))
    return path


def load(path: Path, scenario, ruleset) -> RecordedBattle:
    """Read and restore a save on its scenario, as the client and the CLI do."""
    return restore_battle(read_save(path), scenario, ruleset)


def test_an_edited_save_whose_hashes_match_still_loads(tmp_path, scenario, ruleset):
    """The helpers above make a save a hand editor could make: an unchanged one loads."""
    document = saved_document(tmp_path, scenario, ruleset)
    path = write_edited(tmp_path / "same.sbs.json", document)
    assert (
        load(path, scenario, ruleset).state.state_hash()
        == document["street_by_street_save"]["state_hash"]
    )


# --- not JSON a parser survives, not a regular file ------------------------------------------


@pytest.mark.parametrize("depth", [100, 200_000])
def test_deeply_nested_json_is_refused(tmp_path, depth):
    path = tmp_path / "deep.sbs.json"
    path.write_text('{"street_by_street_save": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(SaveError, match=r"deep\.sbs\.json.*nested.*64 levels"):
        read_save(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_save_linked_to_an_endless_device_is_refused(tmp_path):
    path = tmp_path / "zero.sbs.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(SaveError, match=r"zero\.sbs\.json is not a regular file \(a device\)"):
        read_save(path)


def test_a_folder_named_like_a_save_is_refused(tmp_path):
    path = tmp_path / "folder.sbs.json"
    path.mkdir()
    with pytest.raises(SaveError, match=r"folder\.sbs\.json is not a regular file \(a folder\)"):
        read_save(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "pipe.sbs.json"
    os.mkfifo(path)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _catch(outcome, read_save, path), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "read_save blocked on a named pipe"
    assert isinstance(outcome[0], SaveError)
    assert "pipe.sbs.json is not a regular file (a named pipe)" in str(outcome[0])


def _catch(outcome: list[BaseException], call, *args) -> None:
    try:
        call(*args)
    except BaseException as exc:  # the test looks at what was raised
        outcome.append(exc)


# --- the shape of the document ---------------------------------------------------------------

EDITS = {
    # name: (edit of the body, words the message must hold)
    "snapshot spotted is a list": (
        lambda b: b["snapshot"].__setitem__("spotted", []),
        "snapshot.spotted",
    ),
    "snapshot grid is a list": (lambda b: b["snapshot"].__setitem__("grid", []), "snapshot.grid"),
    "mixed-type coordinates": (
        lambda b: b["snapshot"].__setitem__("fighting", [[1, 2], ["1", 2]]),
        "snapshot.fighting[1]",
    ),
    "player difficulty null": (
        lambda b: b["player"].__setitem__("difficulty", None),
        "player.difficulty",
    ),
    "unknown unit type": (
        lambda b: b["snapshot"]["units"][0].__setitem__("type_id", "tank_of_doom"),
        "snapshot.units[0].type_id",
    ),
    "float civilian tiles": (
        lambda b: b["snapshot"].__setitem__("civilians", [[5.5, 1, 6], [6, 1, 6]]),
        "snapshot.civilians[0]",
    ),
    "civilians off the map": (
        lambda b: b["snapshot"].__setitem__("civilians", [[500, 1, 6]]),
        "snapshot.civilians[0]",
    ),
    "unit position off the map": (
        lambda b: b["snapshot"]["units"][0].__setitem__("pos", [-3, 1]),
        "snapshot.units[0].pos",
    ),
    "log commands is a table": (lambda b: b["log"].__setitem__("commands", {}), "log.commands"),
    "a command that is not one": (
        lambda b: b["log"]["commands"].append({"kind": "fly"}),
        "log.commands[4]",
    ),
    "a command whose kind is a list (found by the fuzzer)": (
        lambda b: b["log"]["commands"].append({"kind": ["move"]}),
        "log.commands[4]",
    ),
    "a move to an endless tile (found by the fuzzer)": (
        lambda b: b["log"]["commands"].append({"kind": "move", "unit": "u1", "dest": [1e999, 1]}),
        "log.commands[4]",
    ),
    "seed is text": (lambda b: b.__setitem__("seed", "one"), "seed"),
    "seed is true": (lambda b: b.__setitem__("seed", True), "seed"),
    "grid array of the wrong shape": (
        lambda b: b["snapshot"]["grid"]["height"].__setitem__("shape", [1, 1]),
        "snapshot.grid.height",
    ),
    "rng state is a list": (lambda b: b["snapshot"].__setitem__("rng", []), "snapshot.rng"),
    "unit ammo for an unknown weapon": (
        lambda b: b["snapshot"]["units"][0]["ammo"].__setitem__("death_ray", 3),
        "snapshot.units[0].ammo",
    ),
    "settled objectives is text": (
        lambda b: b["snapshot"].__setitem__("settled_objectives", "all"),
        "snapshot.settled_objectives",
    ),
    "a settled objective the map does not have": (
        lambda b: b["snapshot"].__setitem__("settled_objectives", [4242]),
        "snapshot.settled_objectives[0]",
    ),
    "losses of an unknown side": (
        lambda b: b["snapshot"]["losses"].__setitem__("martians", 1),
        "snapshot.losses",
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edited_save_is_refused_naming_the_file_and_the_field(tmp_path, scenario, ruleset, name):
    edit, field = EDITS[name]
    document = saved_document(tmp_path, scenario, ruleset)
    edit(document["street_by_street_save"])
    path = write_edited(tmp_path / "edited.sbs.json", document)
    with pytest.raises(SaveError) as caught:
        load(path, scenario, ruleset)
    message = str(caught.value)
    assert "edited.sbs.json" in message and field in message, message


def test_a_save_whose_snapshot_is_not_a_table_is_refused(tmp_path, scenario, ruleset):
    document = saved_document(tmp_path, scenario, ruleset)
    document["street_by_street_save"]["snapshot"] = [1, 2]
    path = write_edited(tmp_path / "flat.sbs.json", document)
    with pytest.raises(SaveError, match=r"flat\.sbs\.json.*snapshot"):
        load(path, scenario, ruleset)


# --- campaign progress -----------------------------------------------------------------------


def test_campaign_progress_that_is_not_a_table_is_refused(tmp_path):
    from game.campaign.progress import CampaignState

    path = tmp_path / "campaign.sbs.json"
    save_progress(path, CampaignState(campaign="maps/campaign.toml"))
    document = json.loads(path.read_text())
    for bad, field in (
        ([1, 2, 3], "progress"),
        ({**document["street_by_street_save"]["progress"], "roster": {}}, "progress.roster"),
        ({**document["street_by_street_save"]["progress"], "index": "2"}, "progress.index"),
        (
            {**document["street_by_street_save"]["progress"], "roster": [{"id": 5}]},
            "progress.roster[0]",
        ),
    ):
        edited = copy.deepcopy(document)
        edited["street_by_street_save"]["progress"] = bad
        write_edited(path, edited, rehash_state=False)
        with pytest.raises(SaveError) as caught:
            load_progress(path)
        assert "campaign.sbs.json" in str(caught.value) and field in str(caught.value)


# --- the client's Load game screen ----------------------------------------------------------


def test_the_load_screen_explains_an_edited_save_instead_of_crashing(tmp_path, ruleset):
    """A save of a shipped map, edited by hand with its hashes recomputed: the Load game
    screen shows why it cannot be loaded (a notice), not the internal-error screen."""
    import pygame

    from game.client.basic_screens import NoticeScreen
    from game.client.battle_session import BattleSession
    from game.client.menu_screens import LoadGameScreen, MainMenuScreen
    from game.core.paths import MAPS_DIR
    from tests.ui_driver import key, make_app

    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=5)
    session.save_dir = tmp_path
    session.quick_save()
    saved = next(tmp_path.glob("*.sbs.json"))
    document = json.loads(saved.read_text())
    document["street_by_street_save"]["snapshot"]["spotted"] = ["u1"]
    write_edited(saved, document)
    app = make_app(tmp_path)
    app.push(MainMenuScreen())
    app.push(LoadGameScreen())
    app.run_frames(2)
    app.top.focus.focus(0)
    key(app, pygame.K_RETURN)
    assert app.errors == []
    assert isinstance(app.top, NoticeScreen), type(app.top)
    assert saved.name in app.top.message and "snapshot.spotted" in app.top.message
    app.close()


def test_a_campaign_save_with_an_endless_number_in_its_deployment_is_refused(tmp_path, ruleset):
    """Found by probing the campaign context of a mission save: an attached slot of
    1e999 (JSON's Infinity) raised OverflowError."""
    from game.campaign.campaign_file import load_campaign
    from game.core.paths import MAPS_DIR
    from game.play.campaign_play import (
        campaign_context,
        resume_campaign_battle,
        start_campaign_battle,
    )
    from tests.test_campaign_save_resume import second_mission

    campaign = load_campaign(MAPS_DIR / "campaign.toml", ruleset)
    played_mission = start_campaign_battle(
        campaign, second_mission(campaign), ruleset, 7, {25: "r2", 26: "r1"}, max_turns=2
    )
    path = tmp_path / "mission.sbs.json"
    save_battle(path, played_mission.battle, campaign=campaign_context(campaign, played_mission))
    document = json.loads(path.read_text())
    document["street_by_street_save"]["campaign"]["deployment"]["attached"] = [1e999]
    write_edited(path, document, rehash_state=False)
    with pytest.raises(SaveError, match=r"mission\.sbs\.json: the campaign context is damaged"):
        resume_campaign_battle(read_save(path), ruleset)
