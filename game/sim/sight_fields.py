"""Visibility of every tile around many viewers at once, by the compiled ray-tree walk
(sight_kernels.fog_totals, window_totals): a side's merged map (the fog), each viewer's window (the
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
    BLOCK_MARGIN,
    SightWorkspace,
    clip_window,
    pack_sight_tiles,
    view_radius,
)
from game.sim.ray_tables import sight_plan, tree_walk


@dataclass(frozen=True)
class TreeLayout:
    """A sight range's ray tree in depth-first order, laid out for a padded map row length:
    each step's flat offset from the viewer and its offset in the viewer's window, 1 / its
    ring, its parent's step (K: the viewer), the step after its subtree, and -log of its
    distance falloff."""

    offsets: np.ndarray  # int64 (K,)
    window_offsets: np.ndarray  # int64 (K,): dy * S + dx
    inv_step: np.ndarray  # float32 (K,)
    parent: np.ndarray  # int64 (K,)
    skip: np.ndarray  # int64 (K,)
    falloff_log: np.ndarray  # float32 (K,)
    split: int  # the first step of the viewer's child nearest the middle of the walk


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
        split=_middle_subtree(walk.parent),
    )


def _middle_subtree(parent: np.ndarray) -> int:
    """The first step of the subtree of the viewer's child (parent K) nearest the middle
    (0 for a walk of no steps)."""
    starts = np.flatnonzero(parent == len(parent))
    if not len(starts):
        return 0
    return int(starts[np.argmin(np.abs(2 * starts - len(parent)))])


def _tiles_xy(grid: TerrainGrid, viewers: Sequence[TilePos]) -> np.ndarray:
    """The viewers' tiles as an (N, 2) array; ValueError for one off the map."""
    return _on_map(grid, np.array([c for tile in viewers for c in tile[:2]], np.int64))


def _on_map(grid: TerrainGrid, where: np.ndarray) -> np.ndarray:
    """The tiles ((N, 2) x, y) as given; ValueError naming one off the map."""
    where = where.reshape(-1, 2)
    off = (where[:, 0] < 0) | (where[:, 0] >= grid.width)
    off |= (where[:, 1] < 0) | (where[:, 1] >= grid.height_tiles)
    if off.any():
        x, y = where[np.argmax(off)]
        raise ValueError(
            f"viewer tile ({x}, {y}) is outside the {grid.width}x{grid.height_tiles} map"
        )
    return where


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
    if smoke.shape != (h, w):
        raise ValueError(f"smoke grid is {smoke.shape[::-1]} but the map is {w}x{h}")
    ranges = sorted({int(s) for _, s in viewers})
    layout_of = {s: i for i, s in enumerate(ranges)}
    rows = np.array(
        [c for tile, s in viewers for c in (tile[0], tile[1], layout_of[int(s)])], np.int64
    ).reshape(-1, 3)  # x, y and the viewer's layout
    pad = max(view_radius(s, rules) for s in ranges)
    tiles = pack_sight_tiles(grid, None, pad, rules, ws)
    joined = joined_layouts(tuple(ranges), rules.falloff_end, w + 2 * pad)
    merged = ws.array("side_merged", ((h + 2 * pad) * (w + 2 * pad),), np.float32)
    off_map = sight_kernels.fog_totals(
        tiles, smoke, np.float32(rules.smoke_obscuration), pad, rows, *joined,
        ws.highest_eye, np.float32(BLOCK_MARGIN), merged, out,
    )  # fmt: skip
    if off_map >= 0:
        _on_map(grid, rows[off_map : off_map + 1, :2])
    np.exp(out, out=out)
    return out


@lru_cache(maxsize=64)
def joined_layouts(
    sight_ranges: tuple[int, ...], falloff_end: float, row_length: int
) -> tuple[np.ndarray, ...]:
    """The (cached) layouts of these sight ranges end to end, as fog_totals reads them:
    offsets, 1 / ring, parents, skips, falloffs (each layout's parents and skips count from
    its own start), then each layout's start, size and split."""
    layouts = [tree_layout(s, falloff_end, row_length) for s in sight_ranges]
    sizes = np.array([len(layout.offsets) for layout in layouts], np.int64)
    fields = ("offsets", "inv_step", "parent", "skip", "falloff_log")
    joined = tuple(np.concatenate([getattr(lay, f) for lay in layouts]) for f in fields)
    splits = np.array([layout.split for layout in layouts], np.int64)
    return (*joined, np.cumsum(sizes) - sizes, sizes, splits)


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
    row = grid.width + 2 * radius
    layout = tree_layout(sight_range, rules.falloff_end, row)
    sight_kernels.window_totals(
        tiles, radius, row, where, layout.offsets, layout.window_offsets, layout.inv_step,
        layout.parent, layout.skip, layout.falloff_log, layout.split, ws.highest_eye,
        np.float32(BLOCK_MARGIN), out,
    )  # fmt: skip
    np.exp(out, out=out)
    return out


def fields(
    grid: TerrainGrid,
    smoke: np.ndarray,
    viewers: Sequence[TilePos],
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> list[tuple[int, int, np.ndarray]]:
    """Visibility around each viewer, all walked in one call, each (x0, y0, array [y, x])
    clipped to the map as line_of_sight.visibility_field gives it."""
    if not viewers:
        return []
    found = windows(grid, smoke, viewers, sight_range, rules, ws)
    return [clip_window(grid, v, window) for v, window in zip(viewers, found, strict=True)]


def field(
    grid: TerrainGrid,
    smoke: np.ndarray,
    src: TilePos,
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> tuple[int, int, np.ndarray]:
    """Visibility of every tile near `src`: (x0, y0, array [y, x]) clipped to the map (the
    client's line-of-sight tool)."""
    return fields(grid, smoke, [TilePos(int(src[0]), int(src[1]))], sight_range, rules, ws)[0]
