"""The coalition AI's sniper screen, car-bomb handling and hold searches on small built battles
(both AIs playing where the test needs the enemy to act)."""

from __future__ import annotations

import math

import numpy as np

from game.ai.coalition import CoalitionAI, screen_sector
from game.ai.isil import IsilAI
from game.ai.tactics import route_field
from game.battle.setup import AiRole
from game.commands import Overwatch
from game.core.values import MoveClass, Side, TilePos
from game.play.match import Match, StateBattle
from game.sim.shots import check_shot
from tests.ai_phase import ai_phase
from tests.battle_builder import BattleBuilder

P = TilePos
SEEDS = range(1, 11)  # the screen test's seeds (about 0.3 s a battle)

STREET = [
    "..##....##....##....##....##....",
    "..##....##....##....##....##....",
    "================================",
    "..##....##....##....##....##....",
    "..##....##....##....##....##....",
]


def _street(ruleset, seed: int, snipers: bool, bomb: bool = True):
    b = BattleBuilder(ruleset, STREET, turn_limit=8)
    b.unit("infantry", (1, 2))
    b.unit("infantry", (0, 1))
    if snipers:
        b.unit("sniper", (1, 3))
        b.unit("sniper", (0, 3))
    car = b.unit("vbied", (22, 2), ai_role=AiRole.VBIED_STRIKE) if bomb else ""
    b.unit("isil_fighters", (10, 0), ai_role=AiRole.HOLD)  # the car bomb's spotter
    b.unit("isil_fighters", (18, 4))
    b.unit("isil_fighters", (17, 1))
    b.objective("hold", [(0, 2), (1, 2), (0, 1), (1, 1)], turns=6)
    return b.battle(seed), car


def _car_bomb_stopped(ruleset, seed: int, snipers: bool) -> bool:
    """Play until the car bomb is gone or stopped (or 6 turns): True when it was stopped
    (destroyed or its driver killed) without going off at its target."""
    state, bomb = _street(ruleset, seed, snipers)
    players = {Side.COALITION: CoalitionAI(), Side.ISIL: IsilAI()}
    unit = state.units[bomb]
    Match(StateBattle(state), players).play(
        lambda s: s.turn > 6 or not unit.on_map or unit.driver_killed
    )
    return not unit.detonated and (unit.driver_killed or not unit.alive)


def test_two_snipers_on_the_only_approach_road_stop_the_car_bomb(ruleset):
    stopped = sum(_car_bomb_stopped(ruleset, seed, snipers=True) for seed in SEEDS)
    assert stopped > len(SEEDS) / 2, f"stopped in {stopped} of {len(SEEDS)}"
    assert not _car_bomb_stopped(ruleset, 1, snipers=False)  # without them it gets through


def test_screen_snipers_watch_the_road_with_a_sector(ruleset):
    state, _ = _street(ruleset, 1, snipers=True, bomb=False)  # no car bomb seen yet
    ai = CoalitionAI()
    commands = ai_phase(state, ai)
    watches = [c for c in commands if isinstance(c, Overwatch) and c.unit_id in ai.posts]
    assert watches and all(c.sector is not None and c.sector.width < 360 for c in watches)
    for command in watches:
        unit = state.units[command.unit_id]
        assert command.sector is not None
        assert command.sector.covers(unit.pos, P(unit.pos.x + 8, 2))  # the road ahead


def test_screen_sector_covers_the_tiles_it_is_given():
    origin = P(5, 5)
    xs, ys = [10, 15, 20, 12], [2, 3, 5, 7]
    sector = screen_sector(origin, np.array(xs), np.array(ys), 30, 30)
    assert sector.width < 180
    assert all(sector.covers(origin, P(x, y)) for x, y in zip(xs, ys, strict=True))


def _parked(ruleset):
    """A car bomb parked in sight on a road across a canal from the open ground: out of its
    reach (its next drive), the rifles' way runs outside its blast radius."""
    rows = ["." * 24 for _ in range(8)] + ["~" * 24, "=" * 24]
    b = BattleBuilder(ruleset, rows)
    rifles = b.unit("infantry", (0, 2))
    bomb = b.unit("vbied", (11, 9), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (23, 0), ai_role=AiRole.HOLD)
    b.objective("capture", [(22, 0), (22, 1)])
    return b.battle(), rifles, bomb


def test_a_parked_car_bomb_out_of_reach_does_not_stop_the_advance(ruleset):
    state, rifles, bomb = _parked(ruleset)
    assert bomb in state.spotted[Side.COALITION]  # spotted, parked, driver alive
    reach = state.rules.blast_radius + 2.0
    start = state.units[rifles].pos
    moves = [c for c in ai_phase(state, CoalitionAI()) if c.kind == "move"]
    assert moves and all(c.unit_id == rifles for c in moves)
    end = state.units[bomb].pos
    assert state.units[bomb].on_map and end == P(11, 9)
    for move in moves:
        assert math.dist((move.dest.x, move.dest.y), (end.x, end.y)) > reach
    assert state.units[rifles].pos.x >= start.x + 5  # it moved on toward its objective


def _hold_block(ruleset, hidden: bool):
    b = BattleBuilder(
        ruleset,
        [
            "..............#####.",
            "..............#...#.",
            "..............#####.",
            "....................",
            "....................",
        ],
        turn_limit=10,
    )
    b.unit("infantry", (4, 4))
    b.unit("cts", (5, 4))
    b.unit("isil_fighters", (0, 0), ai_role=AiRole.HOLD)  # far off, seen: keeps it going
    area = [(x, y) for x in range(14, 19) for y in range(3)]
    b.objective("hold", area, turns=3)
    foe = b.unit("isil_fighters", (16, 1), ai_role=AiRole.HOLD) if hidden else ""
    return b.battle(), foe, area


def test_a_hold_area_with_an_unseen_enemy_gets_searched(ruleset):
    state, foe, _ = _hold_block(ruleset, hidden=True)
    assert foe not in state.spotted[Side.COALITION]
    players = {Side.COALITION: CoalitionAI(), Side.ISIL: IsilAI()}
    Match(StateBattle(state), players).play(
        lambda s: s.turn > 4 or foe in s.spotted[Side.COALITION] or not s.units[foe].on_map
    )
    seen = foe in state.spotted[Side.COALITION] or not state.units[foe].on_map
    assert seen  # a coalition unit looked into the block within four turns


def test_the_hold_search_ignores_an_enemy_it_cannot_see(ruleset):
    state, foe, _ = _hold_block(ruleset, hidden=True)
    assert foe not in state.spotted[Side.COALITION]
    plain, _, _ = _hold_block(ruleset, hidden=False)
    assert ai_phase(state, CoalitionAI()) == ai_phase(plain, CoalitionAI())


def test_an_atgm_team_keeps_its_missile_for_overwatch_instead_of_rifle_fire(ruleset):
    b = BattleBuilder(ruleset, STREET, turn_limit=8)
    team = b.unit("atgm", (1, 2))
    b.unit("infantry", (0, 1))
    fighter = b.unit("isil_fighters", (6, 2))  # in the open, in rifle range
    b.objective("hold", [(0, 2), (1, 2), (0, 1), (1, 1)], turns=6)
    state = b.battle(1)
    ai = CoalitionAI()
    commands = ai_phase(state, ai)
    missile = next(w for w in state.unit_type(team).weapons if w.anti_armour)
    fired = [c for c in commands if getattr(c, "unit_id", "") == team and hasattr(c, "weapon")]
    assert fired and all(c.target == state.units[fighter].pos for c in fired)  # it engaged
    unit = state.units[team]
    assert ai.roles[team] == "atgm"
    assert unit.overwatch_ap >= missile.ap, (commands, unit.ap, unit.overwatch_ap)


WALLED = [
    "................=.......",
    "................=.......",
    "................=.......",
    "..wwwwwwwww.....=.......",
    "................=.......",
    "................=.......",
    "................=.......",
    "................=.......",
]


def _rifle(state, uid: str):
    return max(state.unit_type(uid).weapons, key=lambda w: w.range)


def _walled_bomb(ruleset, driver_killed: bool = False):
    """A sniper behind a wall from a car bomb its comrade sees, a few steps from a view."""
    b = BattleBuilder(ruleset, WALLED, turn_limit=8)
    sniper = b.unit("sniper", (6, 5))
    b.unit("infantry", (22, 7))  # sees the car bomb
    bomb = b.unit("vbied", (16, 0), ai_role=AiRole.VBIED_STRIKE)
    b.objective("hold", [(5, 6), (6, 6), (5, 7), (6, 7)], turns=6)
    state = b.battle(1)
    if driver_killed:
        state.units[bomb].driver_killed = True
    return state, sniper, bomb


def test_a_sniper_without_a_line_on_a_seen_car_bomb_moves_to_one_and_fires(ruleset):
    state, sniper, bomb = _walled_bomb(ruleset)
    assert bomb in state.spotted[Side.COALITION]
    assert isinstance(check_shot(state, state.units[sniper], _rifle(state, sniper), P(16, 0)), str)
    commands = [c for c in ai_phase(state, CoalitionAI()) if getattr(c, "unit_id", "") == sniper]
    kinds = [c.kind for c in commands]
    assert "move" in kinds and "fire" in kinds and kinds.index("move") < kinds.index("fire")
    shots = [c for c in commands if c.kind == "fire"]
    assert shots[0].target == P(16, 0)  # at the car bomb
    unit = state.units[sniper]
    reach = state.rules.blast_radius + 2.0
    assert math.dist((unit.pos.x, unit.pos.y), (16, 0)) > reach  # and out of its blast


def test_a_car_bomb_whose_driver_is_dead_is_left_alone(ruleset):
    state, sniper, _ = _walled_bomb(ruleset, driver_killed=True)
    state.units[sniper].pos = P(12, 5)  # in plain view of it
    commands = ai_phase(state, CoalitionAI())
    assert not [c for c in commands if c.kind == "fire" and c.target == P(16, 0)], commands


def test_a_bulldozer_does_not_drive_up_to_a_live_car_bomb(ruleset):
    rows = ["." * 26 for _ in range(2)] + ["=" * 26] + ["." * 26 for _ in range(2)]
    b = BattleBuilder(ruleset, rows, turn_limit=8)
    dozer = b.unit("bulldozer", (24, 2))
    b.unit("infantry", (1, 1))
    b.unit("infantry", (0, 3))
    bomb = b.unit("vbied", (15, 2), ai_role=AiRole.VBIED_STRIKE)
    b.objective("hold", [(0, 1), (1, 1), (0, 2), (1, 2), (0, 3), (1, 3)], turns=6)
    state = b.battle(1)
    assert bomb in state.spotted[Side.COALITION]
    ai_phase(state, CoalitionAI())
    car = state.units[bomb]
    assert car.on_map and not car.detonated  # nobody set it off
    unit = state.units[dozer]
    assert math.dist((unit.pos.x, unit.pos.y), (15, 2)) > state.rules.blast_radius + 2.0


def test_a_unit_within_a_parked_car_bombs_reach_does_not_walk_nearer_to_it(ruleset):
    rows = ["." * 24 for _ in range(9)] + ["=" * 24]
    b = BattleBuilder(ruleset, rows)
    rifles = b.unit("infantry", (0, 2))
    bomb = b.unit("vbied", (11, 9), ai_role=AiRole.VBIED_STRIKE)  # one drive from anywhere
    b.unit("isil_fighters", (23, 0), ai_role=AiRole.HOLD)
    b.objective("capture", [(22, 0), (22, 1)])
    state = b.battle()
    assert bomb in state.spotted[Side.COALITION]
    drive = route_field(state, MoveClass.WHEELED, [P(11, 9)]).dist
    start = state.units[rifles].pos
    ai_phase(state, CoalitionAI())
    end = state.units[rifles].pos
    assert drive[end.y, end.x] >= drive[start.y, start.x]  # it waits, or keeps its distance
    assert state.units[bomb].on_map and not state.units[bomb].detonated


def test_a_car_bomb_spotted_mid_phase_holds_back_the_units_still_to_act(ruleset):
    rows = ["." * 30 for _ in range(3)]
    rows += ["." * 14 + "######" + "." * 10 for _ in range(4)] + ["=" * 30]
    b = BattleBuilder(ruleset, rows)
    b.unit("infantry", (12, 1))  # acts first; its move shows the car bomb behind the block
    rear = b.unit("infantry", (11, 2))
    bomb = b.unit("vbied", (23, 7), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (29, 0), ai_role=AiRole.HOLD)
    b.objective("capture", [(28, 0), (29, 0), (28, 1), (29, 1)])
    state = b.battle()
    assert bomb not in state.spotted[Side.COALITION]
    drive = route_field(state, MoveClass.WHEELED, [P(23, 7)]).dist
    start = state.units[rear].pos
    ai_phase(state, CoalitionAI())
    assert bomb in state.spotted[Side.COALITION]  # the first unit's move showed it
    end = state.units[rear].pos
    assert drive[end.y, end.x] >= drive[start.y, start.x]  # the second came no nearer
