"""The training battle (maps/training.tmx): each lesson's message waits until the player has
done what the one before asked, the car bomb comes when the player ends the turn, and the
battle can be finished as the instructor says."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.ai.player import standard_players
from game.battle.units import Sector
from game.commands import EndTurn, Fire, Move, Overwatch, ThrowSmoke, execute
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from game.play.match import Match, StateBattle
from game.scenario.loader import load_scenario
from game.sim import objectives
from game.sim.combat import destroy_unit
from game.sim.events import EventKind
from game.sim.objectives import outcome_reasons
from game.sim.turns import after_command, new_battle

P = TilePos
MAP = MAPS_DIR / "training.tmx"


def _speech(events):
    return [e.text for e in events if e.kind is EventKind.MESSAGE]


@pytest.fixture
def lesson(ruleset):
    state = new_battle(load_scenario(MAP, ruleset), ruleset, seed=1)
    ids = {u.name: u.id for u in state.units.values()}
    return state, ids


def _do(state, command):
    verdict, events = execute(state, command)
    assert verdict, verdict
    return events


def test_each_step_waits_for_the_player(lesson):
    state, ids = lesson
    assert _speech(state.opening)[0].startswith("Welcome to the corner. Step 1, moving")
    # doing step 3 first does nothing: its message waits until step 2 has been asked
    assert _speech(_do(state, Move(ids["CTS 2"], P(9, 17)))) == []
    said = _speech(_do(state, Move(ids["CTS 1"], P(8, 14))))
    assert len(said) == 1 and said[0].startswith("Good. Step 2, firing")
    fighters = state.units[ids["ISIL Fighters 1"]].pos
    said = _speech(_do(state, Fire(ids["CTS 1"], fighters)))
    assert said and said[0].startswith("Step 3, overwatch with a sector")
    assert _speech(_do(state, Overwatch(ids["CTS 2"]))) == []  # all round: not the lesson
    sector = Sector(P(24, 3), 60.0)
    said = _speech(_do(state, Overwatch(ids["Sniper 1"], sector)))
    assert said and said[0].startswith("Step 4, smoke")


def test_the_car_comes_when_the_turn_ends_and_the_lesson_can_be_finished(lesson, ruleset):
    state, ids = lesson
    state.rules = replace(state.rules, min_chance=1.0, max_chance=1.0)  # every shot hits
    _do(state, Move(ids["CTS 1"], P(8, 14)))
    _do(state, Fire(ids["CTS 1"], state.units[ids["ISIL Fighters 1"]].pos))
    _do(state, Overwatch(ids["Sniper 1"], Sector(P(24, 3), 60.0)))
    said = _speech(_do(state, ThrowSmoke(ids["CTS 2"], P(9, 13))))
    assert said == [
        "Smoke out. When your units are ready, end your turn: press Enter, then confirm "
        "(the game asks while units still have AP)."
    ]
    bomb = state.units[ids["VBIED 1"]]
    start = bomb.pos
    heard = _speech(_do(state, EndTurn(Side.COALITION)))
    assert bomb.ai_role == "vbied_strike"  # launched by the turn's end
    match = Match(StateBattle(state), standard_players("standard"))
    while state.side_to_move is Side.ISIL:
        heard += _speech(match.step().events)
    assert bomb.pos != start or not bomb.alive or bomb.driver_killed
    assert any(t.startswith("Car bomb! A car is coming") for t in heard)
    assert any(t.startswith("The car bomb is out of the fight") for t in heard)
    shop_row = next(o for o in state.objectives if o.name == "Clear the shop row")
    assert state.objective_status[shop_row.object_id] == "pending"  # the last task is given


def _objective(state, name):
    return next(o for o in state.objectives if o.name == name)


def test_step_1_accepts_either_squad_and_the_corner_stays_reached(lesson):
    state, ids = lesson
    said = _speech(state.opening)[0]
    assert "CTS 1 is selected" in said and "Tab picks the next" in said
    # Tab from CTS 1 selects CTS 2: it may take the corner as well
    said = _speech(_do(state, Move(ids["CTS 2"], P(9, 14))))
    assert len(said) == 1 and said[0].startswith("Good. Step 2, firing")
    assert "Select the squad at the corner" in said[0]
    corner = _objective(state, "Reach the corner").object_id
    assert state.objective_status[corner] == "complete"
    _do(state, Move(ids["CTS 2"], P(10, 14)))  # out of the corner again
    _do(state, EndTurn(Side.COALITION))
    _do(state, EndTurn(Side.ISIL))  # the end of turn judges captures: not this one
    assert state.objective_status[corner] == "complete"


def test_clearing_the_shop_row_ends_the_training_with_the_instructors_words(lesson):
    state, ids = lesson
    shop_row = _objective(state, "Clear the shop row")
    objectives.activate(state, shop_row)  # as "Last task" adds it
    events = destroy_unit(state, ids["ISIL Fighters 1"], "test")
    after_command(state, events)
    state.units[ids["CTS 1"]].pos = P(12, 9)
    _do(state, EndTurn(Side.COALITION))
    _do(state, EndTurn(Side.ISIL))
    words = "Training complete: the shop row is clear. You are ready for Al-Qadisiyah."
    assert state.over and state.winner == "coalition" and state.end_reason == words
    assert outcome_reasons(state, Side.COALITION)[0] == words
