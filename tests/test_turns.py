"""The turn sequence, reinforcements, the environment phase, objectives and the outcome."""

from __future__ import annotations

from game.commands import EndTurn, execute
from game.core.values import Side, TilePos
from game.sim.combat import destroy_unit
from game.sim.objectives import outcome_reasons, score
from game.sim.turns import after_command
from game.sim.vbied import detonate
from tests.battle_builder import BattleBuilder

P = TilePos
C, IS = Side.COALITION, Side.ISIL


def end_turn(state, turns=1):
    """End both phases `turns` times (stops when the battle is over)."""
    events = []
    for _ in range(turns):
        for side in (C, IS):
            if state.over:
                return events
            verdict, more = execute(state, EndTurn(side))
            assert verdict, verdict
            events += more
    return events


def _basic(ruleset, rows=None, turn_limit=5):
    b = BattleBuilder(ruleset, rows or ["=" * 12] * 3, turn_limit=turn_limit)
    return b


def test_phases_and_ap_refresh(ruleset):
    b = _basic(ruleset)
    inf = b.unit("infantry", (0, 0))
    foe = b.unit("isil_fighters", (11, 2))
    state = b.battle()
    assert state.phase == "coalition" and state.turn == 1
    state.units[inf].ap = 3
    state.units[foe].ap = 1
    execute(state, EndTurn(C))
    assert state.phase == "isil" and state.units[foe].ap == 10 and state.units[inf].ap == 3
    events = execute(state, EndTurn(IS))[1]
    assert [e.kind for e in events][:2] == ["environment", "phase"]
    assert state.phase == "coalition" and state.turn == 2 and state.units[inf].ap == 10


def test_a_successful_defence_wins_at_the_turn_limit(ruleset):
    b = _basic(ruleset, turn_limit=3)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("capture", [(6, 1)])
    state = b.battle()
    end_turn(state, 10)
    assert state.over and state.winner == "isil" and state.turn == 3
    assert "a successful defence" in state.end_reason


def test_draw_at_the_turn_limit_when_both_sides_fail(ruleset):
    b = _basic(ruleset, turn_limit=3)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("capture", [(6, 1)])
    b.objective("capture", [(1, 1)], side=IS)
    state = b.battle()
    end_turn(state, 10)
    assert state.over and state.winner == "draw" and state.turn == 3
    assert state.end_reason == "turn limit reached"


def test_capture_wins_at_the_end_of_the_turn(ruleset):
    b = _basic(ruleset)
    inf = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("capture", [(1, 0), (2, 0)], points=25)
    state = b.battle()
    state.units[inf].pos = P(2, 0)
    execute(state, EndTurn(C))
    assert not state.over
    execute(state, EndTurn(IS))
    assert state.winner == "coalition" and state.end_reason == "coalition met its objectives"
    assert score(state, C) == 25 and score(state, IS) == 0


def test_capture_needs_the_area_free_of_enemies(ruleset):
    b = _basic(ruleset, turn_limit=1)
    b.unit("infantry", (1, 0))
    b.unit("isil_fighters", (2, 0))
    b.objective("capture", [(1, 0), (2, 0)])
    state = b.battle()
    end_turn(state)
    assert state.winner == "isil"  # not captured: the defence holds


def test_a_captured_area_left_again_is_an_objective_lost(ruleset):
    b = _basic(ruleset, turn_limit=6)
    inf = b.unit("infantry", (5, 1))
    b.unit("isil_fighters", (11, 2))
    b.objective("capture", [(10, 0)])  # the mandatory one, never met here
    side_street = b.objective("capture", [(5, 1)], mandatory=False)
    state = b.battle()
    events = end_turn(state)
    assert state.objective_status[side_street] == "complete"
    assert "objective_complete" in [e.kind for e in events]
    state.units[inf].pos = P(0, 0)
    events = end_turn(state)
    lost = [e for e in events if e.kind == "objective_pending"]
    assert [(e.objective, e.side) for e in lost] == [(side_street, C)]
    assert state.objective_status[side_street] == "pending" and not state.over


def test_hold_needs_consecutive_turns(ruleset):
    b = _basic(ruleset, turn_limit=6)
    inf = b.unit("infantry", (5, 1))
    b.unit("isil_fighters", (11, 2))
    oid = b.objective("hold", [(5, 1)], turns=3)
    state = b.battle()
    end_turn(state, 2)
    assert state.objective_progress[oid] == 2
    state.units[inf].pos = P(0, 0)
    end_turn(state)
    assert state.objective_progress[oid] == 0
    state.units[inf].pos = P(5, 1)
    end_turn(state, 2)
    assert not state.over
    end_turn(state)
    assert state.winner == "coalition" and state.objective_status[oid] == "complete"


def test_a_hold_reports_its_count_and_is_lost_when_its_only_holder_dies(ruleset):
    b = _basic(ruleset, turn_limit=8)
    inf = b.unit("infantry", (5, 1))
    b.unit("infantry", (0, 0))  # the rest of the force, away from the junction
    b.unit("isil_fighters", (11, 2))
    oid = b.objective("hold", [(5, 1)], turns=4, name="Junction")
    state = b.battle()
    events = end_turn(state, 2)
    held = [e.text for e in events if e.kind == "objective_held"]
    assert held == ["'Junction' held 1/4", "'Junction' held 2/4"]
    destroy_unit(state, inf, "test")
    events = end_turn(state)
    broken = [e for e in events if e.kind == "objective_hold_broken"]
    assert [(e.text, e.objective, e.count, e.total) for e in broken] == [
        ("'Junction' lost: 0/4", oid, 0, 4)
    ]
    assert state.objective_progress[oid] == 0
    assert not [e for e in end_turn(state) if e.kind.startswith("objective_hold")]


def test_protect_failure_is_a_defeat_at_once(ruleset):
    b = _basic(ruleset)
    b.unit("infantry", (0, 0))
    b.unit("cts", (0, 2), name="Major Salim")
    b.unit("isil_fighters", (11, 2))
    b.objective("protect", [(0, 2)], target="Major Salim")
    state = b.battle()
    destroy_unit(state, "u2", "test")
    events = execute(state, EndTurn(C))[1]
    assert state.winner == "isil" and state.end_reason == "coalition failed a mandatory objective"
    assert "objective_failed" in [e.kind for e in events]


def test_protect_kept_to_the_turn_limit_wins(ruleset):
    b = _basic(ruleset, turn_limit=2)
    b.unit("infantry", (0, 0), name="Major Salim")
    b.unit("isil_fighters", (11, 2))
    oid = b.objective("protect", [(0, 0)], target="Major Salim", points=7)
    b.objective("capture", [(5, 1)], mandatory=False, points=3)
    state = b.battle()
    end_turn(state)
    # a protect objective counts as met while its unit lives: the coalition wins at once
    assert state.winner == "coalition" and state.objective_status[oid] == "complete"
    assert score(state, C) == 7


def test_destroy_and_elimination(ruleset):
    b = _basic(ruleset)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2), name="Emir")
    b.unit("isil_fighters", (11, 0))
    oid = b.objective("destroy", [(11, 2)], target="Emir", points=15)
    state = b.battle()
    destroy_unit(state, "u2", "test")
    execute(state, EndTurn(C))
    assert state.objective_status[oid] == "complete" and not state.over
    execute(state, EndTurn(IS))
    assert state.winner == "coalition"
    assert score(state, C) == 15 and score(state, IS) == -10

    b = _basic(ruleset)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    state = b.battle()
    destroy_unit(state, "u1", "test")
    execute(state, EndTurn(C))
    assert state.winner == "isil" and state.end_reason == "coalition has no units left"


def test_exit_objective(ruleset):
    b = _basic(ruleset)
    a = b.unit("infantry", (11, 0))
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (5, 2))
    oid = b.objective("exit", [(11, 0), (11, 1)], count=2)
    state = b.battle()
    events = end_turn(state)
    assert state.units[a].exited and state.objective_progress[oid] == 1
    assert "exited" in [e.kind for e in events] and not state.over
    state.units["u2"].pos = P(11, 1)
    end_turn(state)
    assert state.winner == "coalition"


def test_reinforcements_arrive_on_their_turn(ruleset):
    b = _basic(ruleset)
    b.unit("infantry", (0, 0))
    late = b.unit("infantry", (0, 0), arrival_turn=2)
    gate = b.unit("isil_fighters", (10, 1), arrival_turn=3, entry="north gate")
    b.unit("isil_fighters", (11, 2))
    b.event("entry", [(6, 0), (7, 0)], name="north gate", side=IS)
    state = b.battle()
    assert not state.units[late].on_map
    events = end_turn(state)
    assert state.units[late].on_map and state.units[late].pos == P(1, 0)  # (0, 0) is taken
    assert "arrived" in [e.kind for e in events] and not state.units[gate].on_map
    end_turn(state)
    assert state.units[gate].pos == P(6, 0)


def test_the_result_is_explained_in_words(ruleset):
    b = _basic(ruleset)
    b.unit("infantry", (0, 0))
    b.unit("cts", (0, 2), name="Major Salim")
    b.unit("isil_fighters", (11, 2))
    b.objective("protect", [(0, 2)], target="Major Salim", name="Keep the major alive")
    b.objective("hold", [(6, 1)], turns=3, name="Junction")
    state = b.battle()
    destroy_unit(state, "u2", "test")
    execute(state, EndTurn(C))
    assert state.winner == "isil"
    assert outcome_reasons(state, C) == [
        "Coalition failed a mandatory objective",
        "Your objective 'Keep the major alive' failed: Major Salim was killed.",
        "Your objective 'Junction' failed: held 0 of 3 turns in a row.",
    ]


def test_a_civilians_objective_fails_when_harm_passes_its_limit(ruleset):
    b = _basic(ruleset, turn_limit=3)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("civilians", [(0, 0)], count=2, name="Spare the market")
    state = b.battle()
    state.civilian_casualties[C] = 2
    execute(state, EndTurn(C))
    assert state.objective_status[state.objectives[0].object_id] == "pending"  # 2 of 2: met
    state.civilian_casualties[C] = 3
    execute(state, EndTurn(IS))
    assert state.over and state.winner == "isil"  # a mandatory objective failed for good
    assert any(
        "3 civilians harmed, more than the 2 allowed" in r for r in outcome_reasons(state, C)
    )


def test_evacuate_completes_when_enough_people_are_safe(ruleset):
    b = _basic(ruleset, turn_limit=4)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("evacuate", [(0, 0)], count=10, name="Out of harm's way")
    state = b.battle()
    state.evacuated = 9
    end_turn(state)
    assert state.objective_status[state.objectives[0].object_id] == "pending"
    state.evacuated = 10
    end_turn(state)
    assert state.over and state.winner == "coalition"


def test_stop_car_bombs_fails_when_one_goes_off_in_the_area(ruleset):
    b = _basic(ruleset, turn_limit=4)
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (6, 1))
    b.unit("isil_fighters", (11, 2))
    b.objective("stop_car_bombs", [(5, 0), (6, 0), (5, 1), (6, 1)], name="Checkpoint")
    b.objective("capture", [(0, 0)], mandatory=False, name="Start line")
    state = b.battle()
    events = detonate(state, bomb, "at the checkpoint")
    events += after_command(state, events)
    assert "objective_failed" in [e.kind for e in events]
    assert state.over and state.winner == "isil"


def test_survive_completes_at_its_turn_with_units_left(ruleset):
    b = _basic(ruleset, turn_limit=6)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.objective("survive", [(11, 2)], side=IS, turns=3, name="Hold out")
    b.objective("capture", [(6, 1)], name="Crossroads")
    state = b.battle()
    end_turn(state, 2)
    assert state.objective_status[state.objectives[0].object_id] == "pending"
    end_turn(state)
    assert state.objective_status[state.objectives[0].object_id] == "complete"
