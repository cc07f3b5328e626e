"""2.5D attenuated line of sight: eye levels, blocking, obscuration, visibility and spotting.

The rules (docs/rules-sight.md has the reasoning):

- Eye and body level: on a building tile (building_max_hp > 0) a unit stands on the roof, at
  the building's height + eye_height; elsewhere at eye_height (sight.toml, 0.5).
- The line from viewer S to target T is the digital ray of game.sim.ray_tables (one tile per
  step along the major axis, within one tile of the exact segment). Its height at step i of n
  interpolates linearly from eye(S) to eye(T).
- Blocked (visibility 0) where a strictly intermediate tile with blocks_sight is higher than
  the line there, by more than BLOCK_MARGIN in slope: (h - eye_S) / i > (eye_T - eye_S) / n.
- Otherwise obscuration adds up along the line, intermediate tiles in full and the two end
  tiles by half (the line crosses half of each): smoke density x smoke_obscuration on every
  tile, and terrain obscuration (trees, rubble) where the tile rises above the lower end of the
  line, min(eye_S, eye_T) (ground lines are obscured, a roof-to-roof line over trees is not).
- Visibility = exp(-total) x a linear falloff from 1 at the sight range (Euclidean distance)
  to 0 at falloff_end x the range. A viewer sees its own tile with visibility 1.

`visibility_between` walks one line in plain Python (the reference); `visibility_windows`
computes whole windows for many viewers at once with numpy (prefix sums and maxima along the
precomputed rays) and agrees with it on every tile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.core import TilePos
from game.rules.sight_rules import SightRules, default_sight_rules
from game.sim.ray_tables import RayTable, ray_table
from game.state.terrain_grid import TerrainGrid

BLOCK_MARGIN = 1e-5  # slope tolerance: a wall exactly level with the line does not block it


def _rules(rules: SightRules | None) -> SightRules:
    return default_sight_rules() if rules is None else rules


def building_mask(grid: TerrainGrid) -> np.ndarray:
    """Tiles a unit stands on top of (buildings: tiles with structural HP), bool (H, W)."""
    return grid.building_max_hp > 0


def eye_levels(grid: TerrainGrid, rules: SightRules | None = None) -> np.ndarray:
    """Eye (and body) level of a unit on every tile, float32 (H, W)."""
    eye = np.float32(_rules(rules).eye_height)
    return np.where(building_mask(grid), grid.height + eye, eye).astype(np.float32)


def eye_level(grid: TerrainGrid, x: int, y: int, rules: SightRules | None = None) -> float:
    """Eye level of a unit on (x, y): roof height + eye height on a building, else eye height."""
    _check_tile(grid, x, y, "tile")
    eye = np.float32(_rules(rules).eye_height)
    if grid.building_max_hp[y, x] > 0:
        return float(np.float32(grid.height[y, x]) + eye)
    return float(eye)


def view_radius(sight_range: int, rules: SightRules | None = None) -> int:
    """The largest Chebyshev distance at which visibility can be above 0 for this sight range."""
    if sight_range < 0:
        raise ValueError(f"sight range must be 0 or more, got {sight_range}")
    return max(0, math.ceil(_rules(rules).falloff_end * sight_range) - 1)


def distance_falloff(
    distance: np.ndarray | float, sight_range: int, rules: SightRules | None = None
) -> np.ndarray | float:
    """Visibility factor for a Euclidean distance: 1 within range, linear to 0 at falloff_end x."""
    end = _rules(rules).falloff_end * sight_range
    d = np.asarray(distance, dtype=np.float64)
    if end <= sight_range:
        out = (d <= sight_range).astype(np.float64)
    else:
        out = np.clip((end - d) / (end - sight_range), 0.0, 1.0)
        out = np.where(d <= sight_range, 1.0, out)
    return out if out.ndim else float(out)


def _check_tile(grid: TerrainGrid, x: int, y: int, what: str) -> None:
    if not grid.in_bounds(int(x), int(y)):
        raise ValueError(f"{what} ({x}, {y}) is outside the {grid.width}x{grid.height_tiles} map")


def _check_smoke(grid: TerrainGrid, smoke: np.ndarray) -> None:
    if smoke.shape != grid.height.shape:
        raise ValueError(
            f"smoke grid is {smoke.shape[::-1]} but the map is {grid.width}x{grid.height_tiles}"
        )


def _tile_obscuration(
    grid: TerrainGrid, smoke: np.ndarray, x: int, y: int, low_end: np.float32, k: float
) -> float:
    """Obscuration of one whole tile for a line whose lower end is at `low_end`."""
    total = float(smoke[y, x]) * k
    if grid.obscuration[y, x] > 0 and np.float32(grid.height[y, x]) > low_end:
        total += float(grid.obscuration[y, x])
    return total


def visibility_between(
    grid: TerrainGrid,
    smoke: np.ndarray,
    src: TilePos,
    dst: TilePos,
    sight_range: int,
    rules: SightRules | None = None,
) -> float:
    """Visibility 0..1 of the target tile `dst` from the eye of a unit on `src`."""
    rules = _rules(rules)
    sx, sy, tx, ty = int(src[0]), int(src[1]), int(dst[0]), int(dst[1])
    _check_tile(grid, sx, sy, "viewer tile")
    _check_tile(grid, tx, ty, "target tile")
    _check_smoke(grid, smoke)
    if (sx, sy) == (tx, ty):
        return 1.0
    dx, dy = tx - sx, ty - sy
    n = max(abs(dx), abs(dy))
    radius = view_radius(sight_range, rules)
    if n > radius:
        return 0.0
    fall = float(distance_falloff(math.hypot(dx, dy), sight_range, rules))
    if fall <= 0.0:
        return 0.0
    eye_s = np.float32(eye_level(grid, sx, sy, rules))
    eye_t = np.float32(eye_level(grid, tx, ty, rules))
    low_end = min(eye_s, eye_t)
    slope = float(eye_t - eye_s) / n
    k = rules.smoke_obscuration
    total = 0.5 * _tile_obscuration(grid, smoke, sx, sy, low_end, k)
    total += 0.5 * _tile_obscuration(grid, smoke, tx, ty, low_end, k)
    for i, (ox, oy) in enumerate(ray_table(radius).line(dx, dy), start=1):
        x, y = sx + ox, sy + oy
        if grid.blocks_sight[y, x] and (float(grid.height[y, x]) - float(eye_s)) / i > (
            slope + BLOCK_MARGIN
        ):
            return 0.0
        total += _tile_obscuration(grid, smoke, x, y, low_end, k)
    return math.exp(-total) * fall


@dataclass(frozen=True)
class SightMap:
    """Per-tile sight inputs of one map state, padded and packed for ray gathers.

    `rows` has one row per padded tile: [blocking height (-inf: never blocks), eye level,
    smoke obscuration, terrain obscuration of each height bucket...]; a bucket holds the
    obscuring tiles of one height, so a line counts a bucket where its height exceeds the
    line's lower end.
    """

    rows: np.ndarray  # float32 (Np, 3 + B)
    bucket_heights: np.ndarray  # float32 (B,)
    pad: int
    width: int
    height: int

    @property
    def padded_width(self) -> int:
        """Row length of the padded map."""
        return self.width + 2 * self.pad


def prepare_sight_map(
    grid: TerrainGrid, smoke: np.ndarray, pad: int, rules: SightRules | None = None
) -> SightMap:
    """Pack the grid and smoke for `visibility_windows` with viewers up to `pad` tiles away."""
    rules = _rules(rules)
    _check_smoke(grid, smoke)
    obsc = grid.obscuration
    buckets = np.unique(grid.height[obsc > 0]).astype(np.float32)
    h, w = grid.height.shape
    cols = np.zeros((3 + len(buckets), h + 2 * pad, w + 2 * pad), np.float32)
    cols[0] = -np.inf
    cols[1] = np.float32(rules.eye_height)
    inner = (slice(None), slice(pad, pad + h), slice(pad, pad + w))
    core = cols[inner]
    core[0] = np.where(grid.blocks_sight, grid.height, -np.inf)
    core[1] = eye_levels(grid, rules)
    core[2] = smoke * np.float32(rules.smoke_obscuration)
    for b, level in enumerate(buckets):
        core[3 + b] = np.where(grid.height == level, obsc, 0.0)
    rows = np.ascontiguousarray(cols.reshape(len(cols), -1).T)
    return SightMap(rows=rows, bucket_heights=buckets, pad=pad, width=w, height=h)


def visibility_windows(
    sight_map: SightMap,
    viewers: Sequence[TilePos],
    sight_range: int,
    rules: SightRules | None = None,
) -> np.ndarray:
    """Visibility windows (V, S, S), S = 2R + 1, centred on each viewer (off-map tiles: junk)."""
    rules = _rules(rules)
    radius = view_radius(sight_range, rules)
    if radius > sight_map.pad:
        raise ValueError(f"sight map padded by {sight_map.pad}, the window needs {radius}")
    table = ray_table(radius)
    size = table.size
    n_view = len(viewers)
    out = np.zeros((n_view, size, size), np.float32)
    if n_view == 0:
        return out
    wp = sight_map.padded_width
    pos = np.asarray(viewers, dtype=np.int64).reshape(n_view, 2)
    base = (pos[:, 1] + sight_map.pad) * wp + pos[:, 0] + sight_map.pad
    rows = sight_map.rows
    if radius > 0:
        totals = _ray_totals(rows, sight_map.bucket_heights, table, base, wp)
        flat = table.tile_ray * radius + table.tile_step - 1
        centre = table.tile_ray < 0
        flat[centre] = 0
        gathered = totals[:, flat.ravel()].reshape(n_view, size, size)
        np.negative(gathered, out=out)
        np.exp(out, out=out)
        oy, ox = np.mgrid[-radius : radius + 1, -radius : radius + 1]
        fall = np.asarray(distance_falloff(np.hypot(ox, oy), sight_range, rules), np.float32)
        out *= fall
    out[:, radius, radius] = 1.0
    return out


def _ray_totals(
    rows: np.ndarray, heights: np.ndarray, table: RayTable, base: np.ndarray, wp: int
) -> np.ndarray:
    """Total obscuration (inf where blocked) of the line to every ray step, (V, NR * R)."""
    offsets = (table.dy * wp + table.dx).astype(np.int64)
    idx = base[:, None, None] + offsets[None]
    samples = rows[idx]  # (V, NR, R, C)
    eye_s = rows[base, 1][:, None, None]
    # blocking: the steepest blocker before step n against the slope to the target at step n
    inv = table.inv_step
    steep = (samples[..., 0] - eye_s) * inv
    np.maximum.accumulate(steep, axis=2, out=steep)
    target_slope = (samples[..., 1] - eye_s) * inv
    blocked = np.empty_like(steep)
    blocked[..., 0] = -np.inf
    blocked[..., 1:] = steep[..., :-1]
    blocked = blocked > target_slope + np.float32(BLOCK_MARGIN)
    # obscuration: half the viewer's tile, every tile before n, half the tile at n
    obsc = samples[..., 2:]
    half_src = rows[base, 2:][:, None, None, :] * np.float32(0.5)
    cum = np.cumsum(obsc, axis=2)
    cum += half_src
    cum -= obsc * np.float32(0.5)
    total = cum[..., 0].copy()
    if len(heights):
        low_end = np.minimum(samples[..., 1], eye_s)
        for b, level in enumerate(heights):
            total += np.where(level > low_end, cum[..., 1 + b], np.float32(0.0))
    total[blocked] = np.inf
    return total.reshape(len(base), -1)


def visibility_field(
    grid: TerrainGrid,
    smoke: np.ndarray,
    src: TilePos,
    sight_range: int,
    rules: SightRules | None = None,
) -> tuple[int, int, np.ndarray]:
    """Visibility of every tile near `src`: (x0, y0, array [y, x]) clipped to the map.

    This is also the client's "what can a unit on tile X see" query (src = X).
    """
    rules = _rules(rules)
    x, y = int(src[0]), int(src[1])
    _check_tile(grid, x, y, "viewer tile")
    radius = view_radius(sight_range, rules)
    sight_map = prepare_sight_map(grid, smoke, radius, rules)
    window = visibility_windows(sight_map, [TilePos(x, y)], sight_range, rules)[0]
    x0, y0 = max(0, x - radius), max(0, y - radius)
    x1 = min(grid.width, x + radius + 1)
    y1 = min(grid.height_tiles, y + radius + 1)
    clipped = window[y0 - (y - radius) : y1 - (y - radius), x0 - (x - radius) : x1 - (x - radius)]
    return x0, y0, np.ascontiguousarray(clipped)


def concealment(
    base: float,
    *,
    vehicle: bool = False,
    moved: bool = False,
    in_building: bool = False,
    rules: SightRules | None = None,
) -> float:
    """A target's concealment now: vehicles and movers easier to see, building occupants harder."""
    rules = _rules(rules)
    value = base
    if vehicle:
        value *= rules.vehicle_factor
    if moved:
        value *= rules.moved_factor
    if in_building:
        value += rules.building_bonus
    return min(rules.max_concealment, max(0.0, value))


def spotted(visibility: float, spotting_skill: float, concealment: float) -> bool:
    """Whether a target is spotted: visibility x the viewer's spotting skill reaches concealment."""
    return visibility * spotting_skill >= concealment
