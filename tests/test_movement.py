"""Movement: AP costs per terrain and class, diagonals, corner-cutting, stacking, range, paths."""

from __future__ import annotations

import heapq
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.battle.state import BattleState
from game.core.values import MoveClass, TilePos
from game.sim.movement import move_range, path_cost, path_to
from tests.battle_builder import BattleBuilder


def _costs_from(ruleset, rows, unit_type, pos=(0, 0)):
    b = BattleBuilder(ruleset, rows)
    uid = b.unit(unit_type, pos)
    state = b.state()
    return state, uid, move_range(state, uid)


@pytest.mark.parametrize(
    ("kind", "foot", "wheeled", "tracked"),
    [
        ("=", 1, 1, 1),
        (".", 1, 2, 1),
        ("T", 2, 3, 2),
        ("w", 2, None, 3),
        ("#", 2, None, None),
        (":", 2, 4, 2),
        ("H", 2, None, 3),
        ("B", 3, None, 4),
        ("~", None, None, None),
    ],
)
def test_ap_cost_of_one_step_per_terrain_and_class(ruleset, kind, foot, wheeled, tracked):
    rows = ["=" + kind + "="]
    for unit_type, expected in (("infantry", foot), ("humvee", wheeled), ("bulldozer", tracked)):
        _, _, reach = _costs_from(ruleset, rows, unit_type)
        assert reach.get(TilePos(1, 0)) == expected, (kind, unit_type)


def test_diagonal_costs_one_and_a_half(ruleset):
    _, _, reach = _costs_from(ruleset, ["...", "...", "..."], "infantry", (1, 1))
    assert reach[TilePos(2, 2)] == 1.5
    assert reach[TilePos(2, 1)] == 1
    _, _, reach = _costs_from(ruleset, ["...", ".T.", "..."], "infantry", (0, 0))
    assert reach[TilePos(1, 1)] == 3  # trees cost 2, diagonal x1.5


def test_no_corner_cutting_between_blocking_tiles(ruleset):
    # the humvee at (0,0) cannot slip diagonally to (1,1) between two buildings
    state, uid, reach = _costs_from(ruleset, ["=#", "#="], "humvee")
    assert TilePos(1, 1) not in reach
    # one blocking neighbour is enough to forbid the diagonal: it must go around
    state, uid, reach = _costs_from(ruleset, ["=#", "=="], "humvee")
    assert reach[TilePos(1, 1)] == 2
    assert path_to(state, uid, TilePos(1, 1)) == [TilePos(0, 1), TilePos(1, 1)]
    assert path_cost(state, uid, [TilePos(1, 1)]) is None


def test_stacking_units_block_tiles_allies_included(ruleset):
    b = BattleBuilder(ruleset, ["....."])
    mover = b.unit("infantry", (0, 0))
    b.unit("cts", (2, 0))
    state = b.state()
    reach = move_range(state, mover)
    assert TilePos(1, 0) in reach
    assert TilePos(2, 0) not in reach and TilePos(3, 0) not in reach


def test_foot_enters_buildings_vehicles_do_not(ruleset):
    rows = ["=#="]
    _, _, foot = _costs_from(ruleset, rows, "infantry")
    _, _, wheels = _costs_from(ruleset, rows, "humvee")
    assert foot[TilePos(1, 0)] == 2 and foot[TilePos(2, 0)] == 3
    assert TilePos(1, 0) not in wheels and TilePos(2, 0) not in wheels


def test_range_limited_by_ap_left(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20])
    uid = b.unit("infantry", (0, 0))
    state = b.state()
    state.units[uid].ap = 4
    reach = move_range(state, uid)
    assert max(p.x for p in reach) == 4
    assert path_to(state, uid, TilePos(5, 0)) is None
    assert path_to(state, uid, TilePos(4, 0)) == [TilePos(x, 0) for x in range(1, 5)]


def test_wrecks_block_vehicles_not_foot(ruleset):
    b = BattleBuilder(ruleset, ["==="])
    car = b.unit("humvee", (0, 0))
    state = b.state()
    state.wrecks[TilePos(1, 0)] = 2
    assert TilePos(2, 0) not in move_range(state, car)
    state.units[car].type_id = "infantry"
    assert TilePos(2, 0) in move_range(state, car)


def brute_force_range(state: BattleState, unit_id: str) -> dict[TilePos, float]:
    """A plain Python Dijkstra with the documented rules, for comparison."""
    unit = state.units[unit_id]
    cls: MoveClass = state.unit_type(unit_id).move
    cost = state.grid.move_cost(cls)
    occupied = {p for p, uid in state.occupied().items() if uid != unit_id}
    h, w = cost.shape

    def enterable(x, y):
        return 0 <= x < w and 0 <= y < h and math.isfinite(float(cost[y, x]))

    best = {unit.pos: 0.0}
    queue = [(0.0, unit.pos)]
    while queue:
        d, here = heapq.heappop(queue)
        if d > best.get(here, math.inf):
            continue
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                nx, ny = here.x + dx, here.y + dy
                if (dx, dy) == (0, 0) or not enterable(nx, ny) or (nx, ny) in occupied:
                    continue
                if (
                    dx
                    and dy
                    and not (enterable(here.x + dx, here.y) and enterable(here.x, here.y + dy))
                ):
                    continue
                nd = d + float(cost[ny, nx]) * (1.5 if dx and dy else 1.0)
                if nd <= unit.ap and nd < best.get(TilePos(nx, ny), math.inf):
                    best[TilePos(nx, ny)] = nd
                    heapq.heappush(queue, (nd, TilePos(nx, ny)))
    del best[unit.pos]
    return best


TERRAIN_CHARS = "..==T#w:HB~"


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.text(alphabet=TERRAIN_CHARS, min_size=9, max_size=9), min_size=9, max_size=9),
    unit_type=st.sampled_from(["infantry", "humvee", "bulldozer"]),
    ap=st.integers(min_value=1, max_value=12),
    blockers=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=6),
)
def test_move_range_matches_brute_force(ruleset, rows, unit_type, ap, blockers):
    b = BattleBuilder(ruleset, rows)
    uid = b.unit(unit_type, (4, 4))
    for pos in set(blockers) - {(4, 4)}:
        b.unit("isil_fighters", pos)
    state = b.state()
    state.units[uid].ap = ap
    fast = move_range(state, uid)
    slow = brute_force_range(state, uid)
    assert fast.keys() == slow.keys()
    for pos, ap_cost in slow.items():
        assert fast[pos] == pytest.approx(ap_cost)
        path = path_to(state, uid, pos)
        assert path is not None and path[-1] == pos
        assert path_cost(state, uid, path) == pytest.approx(ap_cost)
