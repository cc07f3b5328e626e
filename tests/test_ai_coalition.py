"""The coalition AI on small built battles: the sniper screen, the car-bomb alert, berms."""

from __future__ import annotations

import math

from game.ai.coalition import CoalitionAI
from game.battle.setup import AiRole
from game.commands import Command, Fire
from game.core.values import MoveClass, Side, TilePos
from game.sim.line_of_sight import visibility_between
from game.sim.movement import goal_distances
from tests.ai_phase import ai_phase
from tests.battle_builder import BattleBuilder

P = TilePos


def coalition_phase(state, ai: CoalitionAI) -> list[Command]:
    """Run the AI's whole phase; return its commands (EndTurn not run)."""
    return ai_phase(state, ai)


def road_tiles(state) -> list[TilePos]:
    """Every road tile of a battle's map."""
    road = state.ruleset.terrain["road"].index
    return [
        P(x, y)
        for y in range(state.grid.height_tiles)
        for x in range(state.grid.width)
        if state.grid.terrain[y, x] == road
    ]


def test_snipers_climb_to_roofs_and_watch_the_approach_road(ruleset):
    b = BattleBuilder(
        ruleset,
        [
            "......................",
            "..##....##....##......",
            "..##....##....##......",
            "======================",
            "......................",
        ],
    )
    sniper = b.unit("sniper", (1, 4))
    b.unit("infantry", (0, 4))
    b.unit("isil_fighters", (21, 0), ai_role=AiRole.HOLD)
    b.objective("hold", [(0, 3), (1, 3)], turns=3)
    state = b.battle()
    coalition_phase(state, CoalitionAI())
    unit = state.units[sniper]
    assert unit.overwatch_ap >= state.rules.overwatch_min_ap
    assert state.grid.building_max_hp[unit.pos.y, unit.pos.x] > 0  # on a roof
    sight = ruleset.units["sniper"].sight
    watched = [
        p
        for p in road_tiles(state)
        if visibility_between(state.grid, state.smoke, unit.pos, p, sight) >= 0.3
    ]
    assert len(watched) >= 18  # nearly the whole street


def _alert_street(ruleset, seed: int):
    b = BattleBuilder(
        ruleset,
        [
            "........##..........",
            "....................",
            "====================",
            "........##..........",
        ],
    )
    atgm = b.unit("atgm", (2, 1))
    rifles = b.unit("infantry", (7, 1))
    bomb = b.unit("vbied", (16, 2), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (19, 0), ai_role=AiRole.HOLD)
    return b.battle(seed), atgm, rifles, bomb


def test_car_bomb_alert_anti_armour_fires_and_the_open_is_left(ruleset):
    outcomes = set()
    for seed in range(1, 9):
        state, atgm, rifles, bomb = _alert_street(ruleset, seed)
        assert bomb in state.spotted[Side.COALITION]
        commands = coalition_phase(state, CoalitionAI())
        first = commands[0]
        assert isinstance(first, Fire) and first.unit_id == atgm and first.weapon == "atgm"
        unit = state.units[rifles]
        in_building = bool(state.grid.building_max_hp[unit.pos.y, unit.pos.x] > 0)
        driving = state.units[bomb].alive and not state.units[bomb].driver_killed
        # the car bomb still driving: the rifles leave the open for the building; stopped
        # by the missile (the alert is over at once): they advance and watch
        assert in_building if driving else unit.overwatch_ap > 0
        outcomes.add(driving)
    assert outcomes == {True, False}  # both were seen


def test_bulldozer_cuts_the_known_car_bombs_road_with_a_berm(ruleset):
    b = BattleBuilder(
        ruleset,
        [
            "####################",
            "====================",
            "####################",
        ],
    )
    b.unit("infantry", (0, 1))
    dozer = b.unit("bulldozer", (5, 1))
    bomb = b.unit("vbied", (15, 1), ai_role=AiRole.VBIED_STRIKE)
    b.objective("hold", [(0, 1), (1, 1)], turns=3)
    state = b.battle()
    assert bomb in state.spotted[Side.COALITION]
    before = goal_distances(state, MoveClass.WHEELED, [P(1, 1)])[1, 15]
    commands = coalition_phase(state, CoalitionAI())
    assert any(c.kind == "build_berm" and c.unit_id == dozer for c in commands)
    after = goal_distances(state, MoveClass.WHEELED, [P(1, 1)])[1, 15]
    assert math.isfinite(before) and math.isinf(after)  # the car bomb's road is cut


def test_coalition_ai_holds_fire_on_tiles_with_civilians(ruleset):
    b = BattleBuilder(ruleset, ["=" * 10, "=" * 10])
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (5, 0), ai_role=AiRole.HOLD)
    b.event("civilians", [(5, 0)], count=4)
    state = b.battle()
    commands = coalition_phase(state, CoalitionAI())
    assert not [c for c in commands if isinstance(c, Fire)]
    assert state.civilian_casualties[Side.COALITION] == 0


def _advance(ruleset, hidden: bool):
    b = BattleBuilder(
        ruleset,
        [
            "..............#####.",
            "..............#...#.",
            "..............#####.",
            "====================",
            "....................",
        ],
    )
    b.unit("infantry", (0, 4))
    b.unit("cts", (1, 4))
    b.unit("isil_fighters", (19, 4), ai_role=AiRole.HOLD)
    b.objective("capture", [(12, 3), (13, 3)])
    foe = b.unit("isil_fighters", (16, 1), ai_role=AiRole.HOLD) if hidden else ""
    return b.battle(), foe


def test_coalition_ai_ignores_an_enemy_it_cannot_see(ruleset):
    state, foe = _advance(ruleset, hidden=True)
    assert foe not in state.spotted[Side.COALITION]
    plain, _ = _advance(ruleset, hidden=False)
    assert coalition_phase(state, CoalitionAI()) == coalition_phase(plain, CoalitionAI())


def test_advance_keeps_out_of_a_hazard_area(ruleset):
    b = BattleBuilder(ruleset, ["." * 20, "." * 20, "." * 20])
    rifles = b.unit("infantry", (0, 1))
    b.unit("isil_fighters", (19, 0), ai_role=AiRole.HOLD)
    b.objective("capture", [(19, 1)])
    hazard = [(x, y) for x in range(3, 15) for y in (0, 1)]
    b.event("hazard", hazard)
    state = b.battle()
    moves = [c for c in coalition_phase(state, CoalitionAI()) if c.kind == "move"]
    assert moves and all(c.unit_id == rifles for c in moves)
    assert not {(p.x, p.y) for c in moves for p in c.path} & set(hazard)
    assert state.units[rifles].pos.x > 3  # it still advanced


def test_exit_group_heads_for_the_exit_when_nothing_else_is_left(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20])
    first = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (19, 0), ai_role=AiRole.HOLD)
    b.objective("exit", [(12, 0)], count=1)
    state = b.battle()
    coalition_phase(state, CoalitionAI())
    assert state.units[first].pos.x >= 5
