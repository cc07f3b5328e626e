"""`python main.py bench`: named performance measurements on one generated 128x128 city.

Each measurement is a function of a BenchContext returning a dict of named figures; add one by
writing a function and appending it to MEASUREMENTS. Times are medians over repeats; compare
ratios measured in the same run, never absolute times from different machines.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from game.bench_ai import bench_ai
from game.bench_environment import ENVIRONMENT_MEASUREMENTS
from game.core import MoveClass, TilePos
from game.rules.ruleset import Ruleset, load_ruleset
from game.state.terrain_grid import TerrainGrid

MAP_SIZE = 128
SIDE_UNITS = 40
SIGHT_RADIUS = 20


@dataclass
class BenchContext:
    """The shared test bed: a city map with rubble and smoke, and a side of viewers on it."""

    ruleset: Ruleset
    grid: TerrainGrid
    smoke: np.ndarray  # float32 (H, W) 0..1
    viewers: list[tuple[TilePos, int]]  # a side of units: (tile, sight range)
    repeats: int
    seed: int


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of `fn` in milliseconds over `repeats` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def interleaved_ms(fns: list[Callable[[], object]], repeats: int) -> list[float]:
    """Medians (ms) of several functions timed in alternation, so machine noise hits all alike."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) * 1000.0 for t in times]


def smoke_blobs(shape: tuple[int, int], count: int, rng: np.random.Generator) -> np.ndarray:
    """Round smoke clouds of random size and density, float32 0..1."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    smoke = np.zeros(shape, np.float32)
    for _ in range(count):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        radius = rng.uniform(1.5, 5.0)
        density = rng.uniform(0.3, 1.0)
        blob = density * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2))
        smoke = np.maximum(smoke, blob.astype(np.float32))
    smoke[smoke < 0.05] = 0.0
    return smoke


def build_context(repeats: int = 50, seed: int = 7) -> BenchContext:
    """The generated city (with its shelled rubble), smoke clouds and 40 viewers on foot tiles."""
    from game.scenario.city_generator import city_terrain_grid

    ruleset = load_ruleset()
    grid = city_terrain_grid(MAP_SIZE, MAP_SIZE, seed, ruleset)
    rng = np.random.default_rng(seed)
    smoke = smoke_blobs(grid.height.shape, 12, rng)
    ys, xs = np.nonzero(np.isfinite(grid.move_cost(MoveClass.FOOT)))
    pick = rng.choice(len(xs), size=SIDE_UNITS, replace=False)
    viewers = [(TilePos(int(xs[i]), int(ys[i])), SIGHT_RADIUS) for i in pick]
    return BenchContext(ruleset, grid, smoke, viewers, repeats, seed)


def tcod_side_fov(grid: TerrainGrid, viewers: list[tuple[TilePos, int]]) -> np.ndarray:
    """The peer: tcod's symmetric shadowcast per viewer on its (2R+1)^2 window, OR-merged."""
    import tcod.constants
    import tcod.map

    transparent = ~grid.blocks_sight
    seen = np.zeros(transparent.shape, bool)
    h, w = transparent.shape
    for (x, y), r in viewers:
        x0, y0 = max(0, x - r), max(0, y - r)
        x1, y1 = min(w, x + r + 1), min(h, y + r + 1)
        fov = tcod.map.compute_fov(
            transparent[y0:y1, x0:x1],
            (y - y0, x - x0),
            radius=r,
            light_walls=True,
            algorithm=tcod.constants.FOV_SYMMETRIC_SHADOWCAST,
        )
        seen[y0:y1, x0:x1] |= fov
    return seen


def bench_fog(ctx: BenchContext) -> dict[str, float]:
    """Attenuated 2.5D fog of war for a side against tcod's boolean FOV for the same viewers."""
    from game.sim.fog import side_visibility
    from game.sim.line_of_sight import SightWorkspace

    ws = SightWorkspace()  # as a side's fog keeps one
    fog_ms, tcod_ms = interleaved_ms(
        [
            lambda: side_visibility(ctx.grid, ctx.smoke, ctx.viewers, ws=ws),
            lambda: tcod_side_fov(ctx.grid, ctx.viewers),
        ],
        ctx.repeats,
    )
    return {
        "fog_side_ms": round(fog_ms, 4),
        "tcod_fov_side_ms": round(tcod_ms, 4),
        "fog_vs_tcod": round(fog_ms / tcod_ms, 3),
    }


def bench_frame(ctx: BenchContext) -> dict[str, float]:
    """A 1280x720 battle frame (map, fog, smoke, 80 units, HUD), still and panning."""
    from game.ui.frame_bench import frame_figures

    return frame_figures(ctx.ruleset, ctx.smoke, ctx.repeats, ctx.seed)


MEASUREMENTS: list[Callable[[BenchContext], dict[str, float]]] = [
    bench_fog,
    *ENVIRONMENT_MEASUREMENTS,
    bench_frame,
    bench_ai,
]


def run_bench(repeats: int = 50, seed: int = 7) -> dict[str, float]:
    """Run every measurement on one context; the merged figures by name."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep --json output pure
    ctx = build_context(repeats, seed)
    figures: dict[str, float] = {}
    for measure in MEASUREMENTS:
        figures.update(measure(ctx))
    return figures


def print_bench(figures: dict[str, float], as_json: bool, out: TextIO | None = None) -> None:
    """Print the figures as JSON or as an aligned table (to stdout by default)."""
    out = sys.stdout if out is None else out
    if as_json:
        out.write(json.dumps(figures, indent=2) + "\n")
        return
    width = max((len(k) for k in figures), default=0)
    for name, value in figures.items():
        out.write(f"{name:<{width}}  {value:g}\n")
