"""Saved state, state hashes, command logs that replay a battle exactly, and undo."""

from __future__ import annotations

import json

import pytest

from game.battle.setup import AiRole
from game.battle.state import BattleState
from game.commands import EndTurn, Fire, Move
from game.commands.command_log import CommandLog, RecordedBattle, ReplayError, replay
from game.core.values import Side, TilePos
from game.play.match import play
from game.play.simulate import ai_players
from tests.battle_builder import BattleBuilder

P = TilePos


def _skirmish(ruleset):
    b = BattleBuilder(
        ruleset,
        [
            "====================",
            "==##====:=====##====",
            "==##==========##====",
            "========T===========",
            "====================",
        ],
        turn_limit=12,
    )
    b.unit("infantry", (0, 0))
    b.unit("cts", (0, 4))
    b.unit("humvee", (1, 2))
    b.unit("isil_fighters", (17, 1))
    b.unit("rpg_team", (18, 3))
    b.unit("isil_fighters", (19, 4), arrival_turn=3)
    b.unit("isil_fighters", (14, 1), ai_role=AiRole.HOLD)
    b.unit("isil_sniper", (15, 2), ai_role=AiRole.HOLD)
    b.unit("isil_fighters", (19, 0), arrival_turn=6)
    b.objective("hold", [(16, 2), (17, 2)], points=20, turns=4)
    b.event("civilians", [(9, 4)], count=3)
    return b.scenario()


def test_state_round_trips_through_json(ruleset):
    scenario = _skirmish(ruleset)
    battle = RecordedBattle.start(scenario, ruleset, seed=5)
    play(battle, ai_players(), stop=lambda s: s.turn == 3)
    data = json.loads(json.dumps(battle.state.to_dict()))
    again = BattleState.from_dict(data, scenario, ruleset)
    assert again.state_hash() == battle.state.state_hash()
    assert again.rng.random() == battle.state.rng.random()


def test_the_hash_covers_units_smoke_and_rng(ruleset):
    state = RecordedBattle.start(_skirmish(ruleset), ruleset, seed=5).state
    base = state.state_hash()
    other = state.clone()
    assert other.state_hash() == base
    other.units["u1"].ap -= 1
    assert other.state_hash() != base
    other = state.clone()
    other.smoke[0, 0] = 0.5
    assert other.state_hash() != base
    other = state.clone()
    other.rng.random()
    assert other.state_hash() != base and state.state_hash() == base


def test_log_saved_at_turn_five_replays_to_the_same_end(ruleset, tmp_path):
    scenario = _skirmish(ruleset)  # the baseline AI: it keeps no memory a resume would lose
    whole = RecordedBattle.start(scenario, ruleset, seed=11)
    play(whole, ai_players("baseline"))
    assert whole.state.over

    part = RecordedBattle.start(scenario, ruleset, seed=11)
    play(part, ai_players("baseline"), stop=lambda s: s.turn == 5)
    assert part.state.turn == 5 and not part.state.over
    part.log.save(tmp_path / "battle.json")

    resumed = replay(CommandLog.load(tmp_path / "battle.json"), scenario, ruleset)
    assert resumed.state.state_hash() == part.state.state_hash()
    play(resumed, ai_players("baseline"))
    assert resumed.state.state_hash() == whole.state.state_hash()
    assert resumed.log.commands == whole.log.commands


def test_different_seeds_give_different_battles(ruleset):
    scenario = _skirmish(ruleset)
    hashes = set()
    for seed in (1, 2):
        battle = RecordedBattle.start(scenario, ruleset, seed)
        play(battle, ai_players())
        hashes.add(battle.state.state_hash())
    assert len(hashes) == 2


def test_replay_refuses_another_map_and_bad_logs(ruleset, tmp_path):
    scenario = _skirmish(ruleset)
    log = CommandLog("x.tmx", "not-the-hash", 1, 10, [])
    with pytest.raises(ReplayError, match=r"different version of x\.tmx"):
        replay(log, scenario, ruleset)
    log = CommandLog("x.tmx", scenario.file_hash, 1, 10, [EndTurn(Side.ISIL).to_dict()])
    with pytest.raises(ReplayError, match=r"command 1 .* was refused: it is the coalition phase"):
        replay(log, scenario, ruleset)
    log = CommandLog("x.tmx", scenario.file_hash, 1, 10, [{"kind": "jump"}])
    with pytest.raises(ReplayError, match="command 1: not a command"):
        replay(log, scenario, ruleset)
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(ReplayError, match="cannot read the command log"):
        CommandLog.load(tmp_path / "bad.json")


def test_undo_of_a_clean_move(ruleset):
    battle = RecordedBattle.start(_skirmish(ruleset), ruleset, seed=3)
    before = battle.state.state_hash()
    assert not battle.can_undo()
    # (2, 0): from (3, 0) the RPG team at (18, 3) is just spotted (visibility 0.604 x 1.0
    # against concealment 0.6), so that move reveals something
    verdict, events = battle.execute(Move("u1", P(2, 0)))
    assert verdict and [e.kind for e in events] == ["moved"]
    assert battle.can_undo()
    assert battle.undo()
    assert battle.state.state_hash() == before and battle.log.commands == []
    assert not battle.undo()


def test_no_undo_after_a_reveal_or_a_roll(ruleset):
    b = BattleBuilder(ruleset, ["=====#====", "=====#====", "=====#====", "=========="])
    inf = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (8, 0))
    battle = RecordedBattle.start(b.scenario(), ruleset, seed=3)
    assert battle.state.spotted[Side.COALITION] == set()
    verdict, events = battle.execute(Move(inf, P(8, 3)))
    assert verdict and "spotted" in [e.kind for e in events]
    assert events[0].interrupted  # the mover stopped where it saw the enemy
    assert battle.state.units[inf].pos != P(8, 3)
    assert battle.can_undo().reason.startswith("only a move that revealed nothing new")
    battle.state.units[inf].pos = P(6, 0)
    verdict, _ = battle.execute(Fire(inf, P(8, 0)))
    assert verdict and not battle.can_undo()


def test_a_record_played_on_other_rules_says_so(tmp_path, ruleset):
    import dataclasses

    from game.core.paths import MAPS_DIR
    from game.scenario.loader import load_scenario

    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    battle = RecordedBattle.start(scenario, ruleset, 3)
    log = CommandLog.from_dict(battle.record().to_dict())
    assert log.start.rules_digest == ruleset.digest != ""
    changed = dataclasses.replace(ruleset, digest="f" * 64)
    with pytest.raises(ReplayError, match="played with other rules"):
        replay(log, scenario, changed)
    old = battle.record().to_dict()
    for key in ("start", "battle_id", "state_hash"):
        del old[key]
    old["version"] = 1  # a log of the first format still replays
    assert replay(CommandLog.from_dict(old), scenario, ruleset).state.state_hash() == (
        battle.state.state_hash()
    )


def test_a_bad_command_log_file_is_a_message(tmp_path):
    import os

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    endless = tmp_path / "endless.json"
    endless.write_text('{"version": 2, "seed": 1e999}')
    for path, why in (
        (deep, "nested"),
        (fifo, "not a regular file"),
        (endless, "not a command log"),
    ):
        with pytest.raises(ReplayError, match=why) as err:
            CommandLog.load(path)
        assert path.name in str(err.value)
