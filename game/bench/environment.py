"""Bench measurements of movement and the environment on the bench's 128x128 city: one
move-range query, one smoke step and one full environment phase (80 units, smoke, fires,
wrecks, civilians). game/bench.py lists them in MEASUREMENTS."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

import numpy as np

from game.battle.setup import MapEvent, MapEventKind
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import MoveClass, Side, TilePos
from game.rules.combat_rules import load_battle_rules

if TYPE_CHECKING:  # game.bench.runner imports this module for its MEASUREMENTS list
    from game.bench.context import BenchContext

UNITS_PER_SIDE = 40
CIVILIAN_GROUPS = 24
TYRE_FIRES = 6
WRECKS = 4
BENCH_WIND = (0.8, -0.5)  # tiles per phase: a north-west wind of about one tile


def bench_state(ctx: BenchContext) -> BattleState:
    """A battle on the bench city: 40 units a side, the bench smoke, civilian groups, tyre
    fires, burning wrecks, tiles under fire and an evacuation area in the south-west."""
    from game.mapmaking.city_generator import read_catalogue, tile_table

    rng = np.random.default_rng(ctx.seed)
    grid = ctx.grid.copy()
    ys, xs = np.nonzero(np.isfinite(grid.move_cost(MoveClass.FOOT)))
    order = rng.permutation(len(xs))
    spots = [TilePos(int(xs[i]), int(ys[i])) for i in order]
    take = iter(spots)
    units: dict[str, UnitState] = {}
    for side, type_id in ((Side.COALITION, "infantry"), (Side.ISIL, "isil_fighters")):
        utype = ctx.ruleset.units[type_id]
        for _ in range(UNITS_PER_SIDE):
            uid = f"u{len(units) + 1}"
            units[uid] = UnitState.new(uid, utype, side, next(take))
    events: list[MapEvent] = []
    for i in range(TYRE_FIRES):
        events.append(
            MapEvent(
                i + 1, f"fire {i}", MapEventKind.TYRE_FIRE, frozenset([next(take)]), density=0.4
            )
        )
    h = grid.height.shape[0]
    corner = frozenset(TilePos(x, y) for y in range(h - 4, h) for x in range(4))
    events.append(MapEvent(100, "evacuation", MapEventKind.EVACUATION, corner))
    state = BattleState(
        ruleset=ctx.ruleset,
        rules=load_battle_rules(),
        tiles=tile_table(read_catalogue(), ctx.ruleset),
        kind_gid={},
        objectives=[],
        map_events=events,
        scenario_hash="bench",
        turn_limit=99,
        wind=BENCH_WIND,
        grid=grid,
        units=units,
        smoke=ctx.smoke.copy(),
        rng=np.random.default_rng(ctx.seed),
        seed=ctx.seed,
        phase=Side.ISIL.value,
    )
    state.civilians = {next(take): int(rng.integers(3, 12)) for _ in range(CIVILIAN_GROUPS)}
    state.wrecks = {next(take): 3 for _ in range(WRECKS)}
    state.fighting = {next(take) for _ in range(12)}
    return state


def bench_move_range(ctx: BenchContext) -> dict[str, float]:
    """One move-range query (all tiles reachable with full AP) of a squad in the city, and
    the peer: tcod's dijkstra2d over the same window and entry costs (C, without the rule
    against cutting corners or the units in the way); move_range_vs_tcod is their ratio."""
    import tcod.path

    from game.bench.context import interleaved_ms
    from game.sim.movement import CARDINAL, DIAGONAL, UNREACHABLE, MoveSearch, move_range

    state = bench_state(ctx)
    uid = next(iter(state.units))
    search = MoveSearch(state, uid)
    costs = search.costs
    origin = search.origin

    def peer() -> object:
        dist = tcod.path.maxarray(costs.shape, dtype="int32")
        dist[origin] = 0
        tcod.path.dijkstra2d(dist, costs, CARDINAL, DIAGONAL, out=dist)
        return dist < UNREACHABLE

    ours, theirs = interleaved_ms([lambda: move_range(state, uid), peer], ctx.repeats)
    return {
        "move_range_ms": round(ours, 4),
        "tcod_dijkstra_ms": round(theirs, 4),
        "move_range_vs_tcod": round(ours / theirs, 2),
    }


def bench_smoke_step(ctx: BenchContext) -> dict[str, float]:
    """One smoke step (drift, spread around buildings, fade) of the whole 128x128 grid."""
    from game.bench.context import median_ms
    from game.sim.smoke import smoke_blocks, smoke_step

    rules = load_battle_rules()
    blocks = smoke_blocks(ctx.grid.building_max_hp)
    ms = median_ms(
        lambda: smoke_step(ctx.smoke, blocks, BENCH_WIND, rules.smoke_spread, rules.smoke_fade),
        ctx.repeats,
    )
    return {"smoke_step_ms": round(ms, 4)}


def bench_environment_phase(ctx: BenchContext) -> dict[str, float]:
    """One full environment phase (smoke, sources, civilians, objectives, outcome), each run
    on a fresh copy of the same battle so every repeat does the same work."""
    from game.sim.turns import environment_phase

    base = bench_state(ctx)
    environment_phase(base.clone())  # warm-up
    times = []
    for _ in range(ctx.repeats):
        state = base.clone()
        start = time.perf_counter()
        environment_phase(state)
        times.append(time.perf_counter() - start)
    return {"environment_phase_ms": round(statistics.median(times) * 1000.0, 4)}


ENVIRONMENT_MEASUREMENTS = [bench_move_range, bench_smoke_step, bench_environment_phase]
