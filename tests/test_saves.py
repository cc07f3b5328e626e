"""Save games: round trips give the same battle, interrupted writes keep the old file, bad files say why."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.commands import EndTurn, Move
from game.commands.command_log import RecordedBattle
from game.core import atomic_files as atomic
from game.core.values import Side, TilePos
from game.saves.save_files import (
    SaveError,
    autosave,
    list_saves,
    quicksave_path,
    read_save,
    restore_battle,
    save_battle,
)
from game.scenario.loader import load_scenario
from tests.map_factory import map_xml, write_map

ROOT = Path(__file__).resolve().parent.parent

# A scripted battle: each entry is a list of (unit id, destination) moves for one phase.
SCRIPT = [
    [("u1", TilePos(1, 1))],
    [("u2", TilePos(4, 4))],
    [("u1", TilePos(1, 4))],
    [("u3", TilePos(8, 5))],
    [("u1", TilePos(2, 5))],
    [],
    [],
    [],
]


def _play(battle: RecordedBattle, save_each_turn: Path | None = None, ruleset=None, scenario=None):
    """Play the script; optionally save, reload and continue after every phase."""
    for moves in SCRIPT:
        side = battle.state.side_to_move
        if side is None:
            break
        for unit_id, dest in moves:
            battle.execute(Move(unit_id, dest))
        battle.execute(EndTurn(side))
        if save_each_turn is not None and not battle.state.over:
            save_battle(save_each_turn, battle)
            battle = restore_battle(read_save(save_each_turn), scenario, ruleset)
    return battle


@pytest.fixture()
def scenario(tmp_path, ruleset):
    return load_scenario(write_map(tmp_path, map_xml()), ruleset)


def test_save_and_load_at_every_turn_gives_the_same_final_hash(tmp_path, scenario, ruleset):
    straight = _play(RecordedBattle.start(scenario, ruleset, seed=5))
    reloaded = _play(
        RecordedBattle.start(scenario, ruleset, seed=5),
        save_each_turn=tmp_path / "slot.sbs.json",
        ruleset=ruleset,
        scenario=scenario,
    )
    assert straight.state.turn > 3
    assert sum(c["kind"] == "move" for c in straight.log.commands) >= 4
    assert reloaded.state.state_hash() == straight.state.state_hash()
    assert reloaded.log.commands == straight.log.commands


def test_a_save_holds_version_scenario_hash_seed_log_and_snapshot(tmp_path, scenario, ruleset):
    battle = RecordedBattle.start(scenario, ruleset, seed=9)
    battle.execute(Move("u1", TilePos(1, 1)))
    path = tmp_path / "a.sbs.json"
    save_battle(path, battle, label="before the push")
    body = json.loads(path.read_text())["street_by_street_save"]
    assert body["format"] == 1 and body["seed"] == 9
    assert body["scenario_hash"] == scenario.file_hash
    assert body["log"]["commands"] == [Move("u1", TilePos(1, 1)).to_dict()]
    assert body["snapshot"]["turn"] == 1
    save = read_save(path)
    assert save.label == "before the push"
    assert restore_battle(save, scenario, ruleset).state.state_hash() == battle.state.state_hash()


def _saved(tmp_path, scenario, ruleset) -> Path:
    battle = RecordedBattle.start(scenario, ruleset, seed=1)
    battle.execute(EndTurn(Side.COALITION))
    path = tmp_path / "s.sbs.json"
    save_battle(path, battle)
    return path


def test_truncated_save(tmp_path, scenario, ruleset):
    path = _saved(tmp_path, scenario, ruleset)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(SaveError, match="damaged or truncated"):
        read_save(path)


def test_corrupted_save(tmp_path, scenario, ruleset):
    path = _saved(tmp_path, scenario, ruleset)
    text = path.read_text().replace('"seed":1,', '"seed":2,', 1)
    assert text != path.read_text()
    path.write_text(text)
    with pytest.raises(SaveError, match="do not match its checksum"):
        read_save(path)
    path.write_bytes(b"\x00\xff" * 10)
    with pytest.raises(SaveError):
        read_save(path)
    path.write_text("")
    with pytest.raises(SaveError, match="is empty"):
        read_save(path)
    path.write_text('{"hello": 1}')
    with pytest.raises(SaveError, match="not a Street by Street save"):
        read_save(path)


def test_save_from_a_newer_version(tmp_path, scenario, ruleset):
    path = _saved(tmp_path, scenario, ruleset)
    document = json.loads(path.read_text())
    document["street_by_street_save"]["format"] = 99
    path.write_text(json.dumps(document))
    with pytest.raises(SaveError, match=r"newer version of the game \(save format 99"):
        read_save(path)


def test_save_of_a_changed_scenario(tmp_path, scenario, ruleset):
    path = _saved(tmp_path, scenario, ruleset)
    changed = load_scenario(
        write_map(tmp_path, map_xml().replace("Hold the street.", "Changed."), "b.tmx"), ruleset
    )
    with pytest.raises(SaveError, match=r"different version of test\.tmx"):
        restore_battle(read_save(path), changed, ruleset)


def test_interrupted_write_leaves_the_old_save(tmp_path, scenario, ruleset, monkeypatch):
    path = _saved(tmp_path, scenario, ruleset)
    before = path.read_bytes()
    battle = restore_battle(read_save(path), scenario, ruleset)
    battle.execute(EndTurn(Side.ISIL))

    def killed(fd: int) -> None:
        raise KeyboardInterrupt  # the process dies while flushing the new file

    monkeypatch.setattr(atomic.os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        save_battle(path, battle)
    assert path.read_bytes() == before
    assert read_save(path).turn == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


WRITER = """
import sys
from pathlib import Path
from game.core.atomic_files import atomic_write_text
path = Path(sys.argv[1])
i = 0
while True:
    i += 1
    atomic_write_text(path, '{"n": %d, "pad": "%s"}' % (i, "x" * 2_000_000))
"""


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_a_process_killed_mid_write_leaves_a_whole_file(tmp_path):
    path = tmp_path / "slot.json"
    path.write_text('{"n": 0, "pad": ""}')
    for delay in (0.05, 0.11, 0.23, 0.37):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=ROOT, env=dict(os.environ)
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        data = json.loads(path.read_text())  # always a complete file, old or new
        assert data["n"] >= 0


def test_autosaves_keep_the_last_few_of_their_own_battle(tmp_path, scenario, ruleset):
    battle = RecordedBattle.start(scenario, ruleset, seed=3)
    for _ in range(5):
        autosave(tmp_path, battle, keep=3, title="Al-Qadisiyah")
        battle.execute(EndTurn(Side.COALITION))
        battle.execute(EndTurn(Side.ISIL))
    prefix = f"al-qadisiyah-{battle.log.battle_id}"
    names = sorted(p.name for p in tmp_path.glob("*-auto*"))
    assert names == [f"{prefix}-auto{n:03d}.sbs.json" for n in (3, 4, 5)]


def test_a_skirmishs_saves_never_touch_a_campaigns(tmp_path, scenario, ruleset):
    """Two turns of a skirmish once deleted a campaign's autosaves, and F5 in any battle
    overwrote the campaign's quick save: each battle now has its own slots."""
    campaign = RecordedBattle.start(scenario, ruleset, seed=1)
    for _ in range(3):
        autosave(tmp_path, campaign, title="Al-Qadisiyah", campaign={"file": "c.toml"})
        campaign.execute(EndTurn(Side.COALITION))
        campaign.execute(EndTurn(Side.ISIL))
    quick = quicksave_path(tmp_path, campaign, "Al-Qadisiyah")
    save_battle(quick, campaign, "campaign quick save", title="Al-Qadisiyah")
    kept = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    skirmish = RecordedBattle.start(scenario, ruleset, seed=2)
    for _ in range(5):
        autosave(tmp_path, skirmish, title="Al-Qadisiyah")
        skirmish.execute(EndTurn(Side.COALITION))
        skirmish.execute(EndTurn(Side.ISIL))
    other_quick = quicksave_path(tmp_path, skirmish, "Al-Qadisiyah")
    save_battle(other_quick, skirmish, "skirmish quick save", title="Al-Qadisiyah")
    assert other_quick != quick
    for name, data in kept.items():  # every file of the campaign battle, unchanged
        assert (tmp_path / name).read_bytes() == data
    groups = dict(list_saves(tmp_path))
    assert set(groups) == {campaign.log.battle_id, skirmish.log.battle_id}
    assert len(groups[skirmish.log.battle_id]) == 4  # three autosaves and the quick save
    assert len(groups[campaign.log.battle_id]) == 4


def test_save_and_load_at_every_turn_of_an_ai_battle_reaches_the_same_hash(tmp_path, ruleset):
    """An AI-against-AI battle on Al-Qadisiyah; saving and loading at the start of every
    turn, then playing the same commands on, ends on the same state hash."""
    from game.commands import command_from_dict
    from game.commands.command_log import replay
    from game.core.paths import MAPS_DIR
    from game.play.match import play
    from game.play.simulate import ai_players

    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    battle = RecordedBattle.start(scenario, ruleset, seed=21, turn_limit=5)
    play(battle, ai_players())
    final = battle.state.state_hash()
    commands = battle.log.commands
    turn_starts = [
        i + 1
        for i, c in enumerate(commands)
        if c["kind"] == "end_turn" and c["side"] == "isil" and i + 1 < len(commands)
    ]
    assert len(turn_starts) >= 3
    slot = tmp_path / "turn.sbs.json"
    for start in turn_starts:
        resumed = replay(battle.log, scenario, ruleset, upto=start)
        save_battle(slot, resumed)
        loaded = restore_battle(read_save(slot), scenario, ruleset)
        for data in commands[start:]:
            verdict, _ = loaded.execute(command_from_dict(data))
            assert verdict, data
        assert loaded.state.state_hash() == final


def test_resuming_a_standard_ai_battle_at_every_turn_ends_as_the_uninterrupted_one(
    tmp_path, ruleset
):
    """The ISIL and coalition AIs remember (contacts, posts, car-bomb plans): a battle saved
    and loaded at the start of every turn, its AIs resumed from the record, plays on exactly
    as the battle that was never interrupted."""
    from game.core.paths import MAPS_DIR
    from game.play.match import play
    from game.play.resume import resume
    from game.play.simulate import ai_players

    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    straight = RecordedBattle.start(scenario, ruleset, seed=7, turn_limit=6)
    play(straight, ai_players())
    final = straight.state.state_hash()

    battle = RecordedBattle.start(scenario, ruleset, seed=7, turn_limit=6)
    players = ai_players()
    slot = tmp_path / "slot.sbs.json"
    turns = 0
    while not battle.state.over:
        turn = battle.state.turn
        play(battle, players, stop=lambda s, t=turn: s.turn > t)
        save_battle(slot, battle)
        save = read_save(slot)
        restored = restore_battle(save, scenario, ruleset)  # the snapshot checks out...
        resumed = resume(save.log, scenario, ruleset, ai_players())  # ...and the AIs think along
        assert resumed.battle.state.state_hash() == restored.state.state_hash()
        battle, players = resumed.battle, resumed.players
        turns += 1
    assert turns >= 5
    assert battle.state.state_hash() == final
    assert battle.log.commands == straight.log.commands
