"""The bench's shared test bed (a generated 128x128 city, smoke, a side of viewers), its
timers, and the peer it is measured against (python-tcod's FOV)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.battle.terrain_grid import TerrainGrid
from game.core.values import MoveClass, TilePos
from game.rules.ruleset import Ruleset, load_ruleset

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
    from game.mapmaking.city_generator import city_terrain_grid

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
