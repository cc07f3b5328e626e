"""Visibility of every tile around many viewers at once, by the compiled ray-tree walk
(sight_kernels.tree_walk_totals): a side's merged map (the fog), each viewer's window (the
AI's fields of fire) and one viewer's field (the client's line-of-sight tool). The values
are those of line_of_sight's numpy reference (`visibility_windows`), bit for bit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.battle.terrain_grid import TerrainGrid
from game.core.values import TilePos
from game.rules.sight_rules import SightRules, default_sight_rules
from game.sim import sight_kernels
from game.sim.line_of_sight import (
    SCALE,
    SightWorkspace,
    eye_levels_at,
    pack_sight_tiles,
    view_radius,
)
from game.sim.ray_tables import sight_plan, tree_walk


@dataclass(frozen=True)
class TreeLayout:
    """A sight range's ray tree in depth-first order, laid out for a padded map row length:
    each step's flat offset from the viewer and its offset in the viewer's window, 1 / its
    ring, its parent's step (-1: the viewer), the step after its subtree, and -log of its
    distance falloff."""

    offsets: np.ndarray  # int64 (K,)
    window_offsets: np.ndarray  # int64 (K,): dy * S + dx
    inv_step: np.ndarray  # float32 (K,)
    parent: np.ndarray  # int64 (K,)
    skip: np.ndarray  # int64 (K,)
    falloff_log: np.ndarray  # float32 (K,)


@lru_cache(maxsize=64)
def tree_layout(sight_range: int, falloff_end: float, row_length: int) -> TreeLayout:
    """The (cached) walk of one sight range on maps padded to this row length."""
    plan = sight_plan(sight_range, falloff_end)
    walk = tree_walk(sight_range, falloff_end)
    node = walk.node
    return TreeLayout(
        offsets=(plan.dy * row_length + plan.dx)[node],
        window_offsets=(plan.dy * plan.size + plan.dx)[node],
        inv_step=plan.inv_step[node],
        parent=walk.parent,
        skip=walk.skip,
        falloff_log=plan.node_falloff_log[node],
    )


def _tiles_xy(grid: TerrainGrid, viewers: Sequence[TilePos]) -> np.ndarray:
    """The viewers' tiles as an (N, 2) array; ValueError for one off the map."""
    where = np.asarray(viewers, np.int64).reshape(-1, 2)
    off = (where[:, 0] < 0) | (where[:, 0] >= grid.width)
    off |= (where[:, 1] < 0) | (where[:, 1] >= grid.height_tiles)
    if off.any():
        x, y = where[np.argmax(off)]
        raise ValueError(
            f"viewer tile ({x}, {y}) is outside the {grid.width}x{grid.height_tiles} map"
        )
    return where


def _walk(
    tiles: np.ndarray,
    steepest: np.float32,
    grid: TerrainGrid,
    where: np.ndarray,
    pad: int,
    layout: TreeLayout,
    rules: SightRules,
    out: np.ndarray,
    out_bases: np.ndarray,
    out_offsets: np.ndarray,
) -> None:
    row = grid.width + 2 * pad
    base = (where[:, 1] + pad) * row + where[:, 0] + pad
    levels = eye_levels_at(grid, where, rules)
    sight_kernels.tree_walk_totals(
        tiles, base, levels, (steepest - levels) * SCALE, layout.offsets, layout.inv_step,
        layout.parent, layout.skip, layout.falloff_log, SCALE, out, out_bases, out_offsets,
    )  # fmt: skip


def merged_visibility(
    grid: TerrainGrid,
    smoke: np.ndarray,
    viewers: Sequence[tuple[TilePos, int]],
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """Best visibility (H, W) float32 of every tile from any of the viewers (tile, sight)."""
    rules = default_sight_rules() if rules is None else rules
    ws = SightWorkspace() if ws is None else ws
    h, w = grid.height_tiles, grid.width
    out = np.zeros((h, w), np.float32)
    if not viewers:
        return out
    where = _tiles_xy(grid, [p for p, _ in viewers])
    sights = np.array([int(s) for _, s in viewers], np.int64)
    pad = max(view_radius(int(s), rules) for s in set(sights.tolist()))
    tiles = pack_sight_tiles(grid, smoke, pad, rules, ws)
    hp, wp = h + 2 * pad, w + 2 * pad
    merged = ws.array("side_merged", (hp, wp), np.float32)
    merged.fill(np.inf)
    flat = merged.reshape(-1)
    for sight in sorted(set(sights.tolist())):
        group = where[sights == sight]
        layout = tree_layout(sight, rules.falloff_end, wp)
        bases = (group[:, 1] + pad) * wp + group[:, 0] + pad
        _walk(tiles, ws.steepest, grid, group, pad, layout, rules, flat, bases, layout.offsets)
    np.negative(merged[pad : pad + h, pad : pad + w], out=out)
    np.exp(out, out=out)
    return out


def windows(
    grid: TerrainGrid,
    smoke: np.ndarray,
    viewers: Sequence[TilePos],
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """Visibility windows (V, S, S), S = 2R + 1, centred on each viewer (off-map cells: junk),
    as line_of_sight.visibility_windows gives them."""
    rules = default_sight_rules() if rules is None else rules
    ws = SightWorkspace() if ws is None else ws
    radius = view_radius(sight_range, rules)
    size = 2 * radius + 1
    where = _tiles_xy(grid, viewers)
    out = np.full((len(where), size, size), np.inf, np.float32)
    if not len(where):
        return out
    tiles = pack_sight_tiles(grid, smoke, radius, rules, ws)
    layout = tree_layout(sight_range, rules.falloff_end, grid.width + 2 * radius)
    centres = np.arange(len(where), dtype=np.int64) * size * size + radius * size + radius
    flat = out.reshape(-1)
    _walk(
        tiles, ws.steepest, grid, where, radius, layout, rules, flat, centres, layout.window_offsets
    )
    np.negative(out, out=out)
    np.exp(out, out=out)
    return out


def field(
    grid: TerrainGrid,
    smoke: np.ndarray,
    src: TilePos,
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> tuple[int, int, np.ndarray]:
    """Visibility of every tile near `src`: (x0, y0, array [y, x]) clipped to the map, as
    line_of_sight.visibility_field gives it (the client's line-of-sight tool)."""
    rules = default_sight_rules() if rules is None else rules
    x, y = int(src[0]), int(src[1])
    radius = view_radius(sight_range, rules)
    window = windows(grid, smoke, [TilePos(x, y)], sight_range, rules, ws)[0]
    x0, y0 = max(0, x - radius), max(0, y - radius)
    x1 = min(grid.width, x + radius + 1)
    y1 = min(grid.height_tiles, y + radius + 1)
    clipped = window[y0 - (y - radius) : y1 - (y - radius), x0 - (x - radius) : x1 - (x - radius)]
    return x0, y0, clipped.copy()
