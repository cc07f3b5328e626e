"""The baseline AI: legal, sensible commands from its own side's view only."""

from __future__ import annotations

from game.ai.baseline import BaselineAI
from game.battle.setup import AiRole
from game.commands import Detonate, EndTurn, Fire, Move, Overwatch, execute
from game.core.values import Side, TilePos
from tests.battle_builder import BattleBuilder

P = TilePos


def test_fires_at_a_spotted_enemy_and_leaves_the_state_alone(ruleset):
    b = BattleBuilder(ruleset, ["=" * 8])
    inf = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (4, 0))
    state = b.battle()
    before = state.state_hash()
    command = BaselineAI(Side.COALITION).next_command(state)
    assert command == Fire(inf, P(4, 0), "rifle")
    assert state.state_hash() == before


def test_does_not_chase_what_it_cannot_see(ruleset):
    b = BattleBuilder(ruleset, ["==#====", "==#====", "==#===="])
    b.unit("infantry", (0, 1))
    b.unit("isil_fighters", (6, 1))
    state = b.battle()
    assert state.spotted[Side.COALITION] == set()
    assert BaselineAI(Side.COALITION).next_command(state) == EndTurn(Side.COALITION)


def test_advances_on_its_objective_keeping_ap_when_enemies_show(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20, "=" * 20])
    b.unit("infantry", (0, 0))
    foe = b.unit("isil_fighters", (17, 1), ai_role=AiRole.HOLD)
    b.objective("capture", [(15, 0)])
    state = b.battle()
    ai = BaselineAI(Side.COALITION)
    assert state.spotted[Side.COALITION] == {foe}
    command = ai.next_command(state)
    assert isinstance(command, Move) and command.dest == P(7, 0)  # 3 AP kept for a shot
    assert execute(state, command)[0]
    assert ai.next_command(state) == Overwatch(command.unit_id)  # the kept AP watch the enemy
    assert execute(state, Overwatch(command.unit_id))[0]
    assert ai.next_command(state) == EndTurn(Side.COALITION)


def test_hold_units_stay_and_watch(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20])
    b.unit("infantry", (0, 0))
    guard = b.unit("isil_fighters", (19, 0), ai_role=AiRole.HOLD)
    b.objective("capture", [(5, 0)], side=Side.ISIL)
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    ai = BaselineAI(Side.ISIL)
    command = ai.next_command(state)
    assert command.kind == "overwatch" and command.unit_id == guard


def test_car_bomb_drives_in_and_detonates(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12])
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (8, 0), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (11, 0), ai_role=AiRole.HOLD)
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    ai = BaselineAI(Side.ISIL)
    command = ai.next_command(state)
    assert isinstance(command, Move) and command.dest == P(1, 0)
    _, events = execute(state, command)  # next to the enemy it detonates by itself
    assert "vbied_detonated" in [e.kind for e in events] and not state.units[bomb].alive
    assert not state.units["u1"].alive and state.winner == "isil"


def test_car_bomb_detonates_on_order_when_an_enemy_is_next_to_it(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12])
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (1, 0), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (11, 0), ai_role=AiRole.HOLD)
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    assert BaselineAI(Side.ISIL).next_command(state) == Detonate(bomb)
