"""2.5D attenuated line of sight: eye levels, blocking, obscuration, visibility and spotting.

The rules (docs/rules-sight.md has the reasoning):

- Eye and body level: on a building tile (building_max_hp > 0) a unit stands on the roof, at
  the building's height + eye_height; elsewhere at eye_height (sight.toml, 0.5).
- The line from viewer S to target T is the digital line of game.sim.ray_tables' line tree
  (one tile per ring of Chebyshev distance, within 1.25 tiles of the exact segment up to 30
  tiles). Its height at step i of n interpolates linearly from eye(S) to eye(T).
- Blocked (visibility 0) where a strictly intermediate tile with blocks_sight is higher than
  the line there: (h - eye_S) / i > (eye_T + BLOCK_MARGIN - eye_S) / n (a wall level with the
  line does not block it).
- Otherwise obscuration adds up along the line, intermediate tiles in full and the two end
  tiles by half (the line crosses half of each): smoke density x smoke_obscuration on every
  tile, and terrain obscuration (trees, rubble) of tiles that rise above the viewer's eye
  (ground lines are obscured; a rooftop sniper looks down over treetops and rubble heaps).
- Visibility = exp(-total) x a linear falloff from 1 at the sight range (Euclidean distance)
  to 0 at falloff_end x the range. A viewer sees its own tile with visibility 1.

`visibility_between` walks one line in compiled code (game.sim.sight_kernels; spotting
batches many such walks in one call); `node_obscuration` computes every tile around many
viewers at once with numpy (prefix maxima and sums ring by ring along the line tree;
docs/performance.md): it is the reference that `visibility_windows` / `visibility_field` /
`visibility_matrix` build on, and property tests check that the compiled walks and the fog's
compiled tree walk (game.sim.fog) agree with it on every tile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game.battle.terrain_grid import TerrainGrid
from game.core.values import TilePos
from game.rules.sight_rules import SightRules, default_sight_rules
from game.sim import sight_kernels
from game.sim.ray_tables import SightPlan, falloff_factor, line_tree, sight_plan, window_radius

BLOCK_MARGIN = 1e-3  # levels added to the target's eye: a wall level with the line does not block
SCALE = np.float32(2.0**100)  # exact scaling of slopes, so that a blocked excess swamps exp()


def _rules(rules: SightRules | None) -> SightRules:
    return default_sight_rules() if rules is None else rules


def building_mask(grid: TerrainGrid) -> np.ndarray:
    """Tiles a unit stands on top of (buildings: tiles with structural HP), bool (H, W)."""
    return grid.building_max_hp > 0


def eye_levels(grid: TerrainGrid, rules: SightRules | None = None) -> np.ndarray:
    """Eye (and body) level of a unit on every tile, float32 (H, W)."""
    eye = np.float32(_rules(rules).eye_height)
    return np.where(building_mask(grid), grid.height + eye, eye).astype(np.float32)


def eye_levels_at(
    grid: TerrainGrid, positions: np.ndarray, rules: SightRules | None = None
) -> np.ndarray:
    """Eye levels of units on these tiles ((N, 2) x, y), float32, as eye_levels gives them."""
    eye = np.float32(_rules(rules).eye_height)
    ys, xs = positions[:, 1], positions[:, 0]
    roof = grid.building_max_hp[ys, xs] > 0
    return np.where(roof, grid.height[ys, xs] + eye, eye).astype(np.float32)


def eye_level(grid: TerrainGrid, x: int, y: int, rules: SightRules | None = None) -> float:
    """Eye level of a unit on (x, y): roof height + eye height on a building, else eye height."""
    _check_tile(grid, x, y, "tile")
    eye = np.float32(_rules(rules).eye_height)
    if grid.building_max_hp[y, x] > 0:
        return float(np.float32(grid.height[y, x]) + eye)
    return float(eye)


def view_radius(sight_range: int, rules: SightRules | None = None) -> int:
    """The largest Chebyshev distance at which visibility can be above 0 for this sight range."""
    return window_radius(sight_range, _rules(rules).falloff_end)


def distance_falloff(distance: float, sight_range: int, rules: SightRules | None = None) -> float:
    """Visibility factor for a Euclidean distance: 1 within range, linear to 0 at falloff_end x."""
    return float(falloff_factor(np.asarray(distance), sight_range, _rules(rules).falloff_end))


def _check_tile(grid: TerrainGrid, x: int, y: int, what: str) -> None:
    if not grid.in_bounds(int(x), int(y)):
        raise ValueError(f"{what} ({x}, {y}) is outside the {grid.width}x{grid.height_tiles} map")


def _check_smoke(grid: TerrainGrid, smoke: np.ndarray) -> None:
    if smoke.shape != grid.height.shape:
        raise ValueError(
            f"smoke grid is {smoke.shape[::-1]} but the map is {grid.width}x{grid.height_tiles}"
        )


@lru_cache(maxsize=256)
def _window_radius(sight_range: int, falloff_end: float) -> int:
    """window_radius, cached (the hot path of spotting)."""
    return window_radius(sight_range, falloff_end)


def _falloff(distance: float, sight_range: int, end_factor: float) -> float:
    """distance_falloff for one distance, in plain Python (the hot path of spotting)."""
    if distance <= sight_range:
        return 1.0
    end = end_factor * sight_range
    if end <= sight_range:
        return 0.0
    return min(1.0, max(0.0, (end - distance) / (end - sight_range)))


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
    h, w = grid.height.shape
    if not (0 <= sx < w and 0 <= sy < h):
        _check_tile(grid, sx, sy, "viewer tile")
    if not (0 <= tx < w and 0 <= ty < h):
        _check_tile(grid, tx, ty, "target tile")
    if smoke.shape != (h, w):
        _check_smoke(grid, smoke)
    if (sx, sy) == (tx, ty):
        return 1.0
    tables = pair_tables((int(sight_range),), rules.falloff_end)
    vis = sight_kernels.pair_visibility(
        grid.height, grid.blocks_sight, grid.obscuration, grid.building_max_hp, smoke,
        tables.anc_dx, tables.anc_dy, tables.falloffs[0], np.float32(rules.eye_height),
        float(rules.smoke_obscuration), BLOCK_MARGIN, sx, sy, tx, ty,
    )  # fmt: skip
    return float(vis)


@dataclass(frozen=True)
class PairTables:
    """What the compiled pair walk needs for some sight ranges: one line tree wide enough for
    the largest, and each range's distance falloff over that window (float64, 0: unseen)."""

    anc_dx: np.ndarray  # int16 (S, S, R)
    anc_dy: np.ndarray
    falloffs: np.ndarray  # float64 (len(ranges), S, S)
    index: dict[int, int]  # sight range -> its falloff slice


@lru_cache(maxsize=64)
def pair_tables(sight_ranges: tuple[int, ...], falloff_end: float) -> PairTables:
    """The (cached) tables for these sight ranges. The falloff is computed per offset by the
    rule's plain-Python formula, so the compiled walk reads the very same float64 values."""
    radius = max(_window_radius(s, falloff_end) for s in sight_ranges)
    tree = line_tree(radius)
    size = 2 * radius + 1
    falloffs = np.zeros((len(sight_ranges), size, size), np.float64)
    for row, sight in enumerate(sight_ranges):
        r = _window_radius(sight, falloff_end)
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                fall = _falloff(math.hypot(dx, dy), sight, falloff_end)
                falloffs[row, dy + radius, dx + radius] = fall
    index = {sight: row for row, sight in enumerate(sight_ranges)}
    return PairTables(tree.ancestors_dx, tree.ancestors_dy, falloffs, index)


class SightWorkspace:
    """Scratch arrays reused from one sight computation to the next.

    A fresh array of a megabyte costs the kernel's page faults on first touch, which measured
    about twice the arithmetic itself; keep one workspace per user (a side's fog) and pass it.
    """

    def __init__(self) -> None:
        self._buffers: dict[str, np.ndarray] = {}
        self._terrain: dict[str, tuple[tuple[object, ...], list[np.ndarray]]] = {}
        self.levels = np.zeros(0, np.float32)  # terrain-derived, valid with the terrain key
        self.heights = np.zeros(0, np.float32)
        self.highest_eye = np.float32(0.0)  # the packed tiles' highest eye level
        self._readout: tuple[np.ndarray | None, int, np.ndarray] = (None, 0, np.zeros(0))

    def readout_index(self, window_node: np.ndarray, n_view: int) -> np.ndarray:
        """Flat (node, viewer) indices of every viewer's window tiles, (V, S * S), cached."""
        node, views, cached = self._readout
        if node is not window_node or views != n_view:
            cached = window_node[None, :] * n_view + np.arange(n_view)[:, None]
            self._readout = (window_node, n_view, cached)
        return cached

    def same_terrain(
        self, key: tuple[object, ...], sources: Sequence[np.ndarray], user: str = "map"
    ) -> bool:
        """Whether `key` and the terrain arrays equal those of the user's last call; remember
        them (each user of the workspace - the sight map, the packed tiles - has its own)."""
        last_key, last_sources = self._terrain.get(user, ((), []))
        same = key == last_key and all(
            np.array_equal(a, b) for a, b in zip(sources, last_sources, strict=True)
        )
        if not same:
            self._terrain[user] = (key, [a.copy() for a in sources])
        return same

    def array(self, name: str, shape: tuple[int, ...], dtype: type | np.dtype) -> np.ndarray:
        """An uninitialised array of this shape, backed by the named buffer (grown as needed)."""
        dt = np.dtype(dtype)
        nbytes = math.prod(shape) * dt.itemsize
        buf = self._buffers.get(name)
        if buf is None or buf.nbytes < nbytes:
            buf = np.empty(max(nbytes, 64), np.uint8)
            self._buffers[name] = buf
        return buf[:nbytes].view(dt).reshape(shape)


@dataclass(frozen=True)
class SightMap:
    """Per-tile sight inputs of one map state, padded by `pad` tiles and flattened for gathers.

    Off-map padding never blocks, has ground eye level and no obscuration. For each eye level
    a unit can have on this map (`levels`) there is one slice of `pairs` (blocking height and
    eye level of every tile, both minus that level and scaled) and one of `obscuration`
    (smoke plus the terrain obscuration of tiles taller than that level), so every viewer
    reads its own slice.
    """

    eye: np.ndarray  # float32 (Np,): eye level of a unit on each tile
    pairs: np.ndarray  # float64 view (L * Np,) of float32 pairs, both x 2^100:
    #                    blocking height - level (-inf: none), eye + BLOCK_MARGIN - level
    obscuration: np.ndarray  # float32 (L * Np,)
    levels: np.ndarray  # float32 (L,), rising
    pad: int
    width: int
    height: int

    @property
    def padded_width(self) -> int:
        """Row length of the padded map."""
        return self.width + 2 * self.pad

    def flat_index(self, positions: Sequence[TilePos] | np.ndarray) -> np.ndarray:
        """Flat indices of map tiles in the padded map, int64 (N,)."""
        pos = np.asarray(positions, dtype=np.int64).reshape(len(positions), 2)
        return (pos[:, 1] + self.pad) * self.padded_width + pos[:, 0] + self.pad

    def level_shift(self, eye: np.ndarray) -> np.ndarray:
        """Offset of the slice that serves viewers with these eye levels, int64."""
        level = np.searchsorted(self.levels, eye)
        return (level * len(self.eye)).astype(np.int64)


def prepare_sight_map(
    grid: TerrainGrid,
    smoke: np.ndarray,
    pad: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> SightMap:
    """Pack the grid and smoke for `visibility_windows` with windows up to `pad` tiles wide.

    The terrain part is rebuilt only when the terrain differs from the workspace's last call.
    """
    rules = _rules(rules)
    ws = SightWorkspace() if ws is None else ws
    _check_smoke(grid, smoke)
    h, w = grid.height.shape
    hp, wp = h + 2 * pad, w + 2 * pad
    n_pad = hp * wp
    inner = (slice(pad, pad + h), slice(pad, pad + w))
    obsc = grid.obscuration
    sources = (grid.height, grid.blocks_sight, obsc, grid.building_max_hp)
    fresh = not ws.same_terrain((pad, rules.eye_height, h, w), sources)
    if fresh:
        eyes = eye_levels(grid, rules)
        ws.levels = np.unique(np.append(eyes, np.float32(rules.eye_height)))
        ws.heights = np.unique(grid.height[obsc > 0]).astype(np.float32)
    levels, heights = ws.levels, ws.heights
    eye = ws.array("map_eye", (hp, wp), np.float32)
    pairs = ws.array("map_pairs", (len(levels), hp, wp, 2), np.float32)
    terrain = ws.array("map_terrain", (len(heights) + 1, hp, wp), np.float32)
    if fresh:
        eye.fill(rules.eye_height)
        eye[inner] = eyes
        solid = np.full((hp, wp), -np.inf, np.float32)
        solid[inner] = np.where(grid.blocks_sight, grid.height, -np.inf)
        for i, level in enumerate(levels):  # both scaled by 2^100 (exact)
            np.multiply(solid - level, SCALE, out=pairs[i, ..., 0])
            np.multiply(eye + np.float32(BLOCK_MARGIN) - level, SCALE, out=pairs[i, ..., 1])
        terrain[-1] = 0.0
        for b in range(len(heights) - 1, -1, -1):  # suffix sums: the tiles taller than b's
            terrain[b] = terrain[b + 1]
            terrain[(b, *inner)] += np.where(grid.height == heights[b], obsc, np.float32(0.0))
    smoke_pad = ws.array("map_smoke", (hp, wp), np.float32)
    smoke_pad[:pad] = 0.0
    smoke_pad[pad + h :] = 0.0
    smoke_pad[:, :pad] = 0.0
    smoke_pad[:, pad + w :] = 0.0
    np.multiply(smoke, np.float32(rules.smoke_obscuration), out=smoke_pad[inner])
    obscuration = ws.array("map_obscuration", (len(levels), hp, wp), np.float32)
    for i, counted in enumerate(np.searchsorted(heights, levels, side="right")):
        np.add(terrain[counted], smoke_pad, out=obscuration[i])
    return SightMap(
        eye=eye.reshape(n_pad),
        pairs=pairs.reshape(-1).view(np.float64),
        obscuration=obscuration.reshape(-1),
        levels=levels,
        pad=pad,
        width=w,
        height=h,
    )


def pack_sight_tiles(
    grid: TerrainGrid,
    smoke: np.ndarray | None,
    pad: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """Every tile's sight fields for the compiled tree walk, padded by `pad` tiles (off-map:
    never blocks, ground eye level, no obscuration), float32 (Hp * Wp, 5) in the order of
    sight_kernels' SOLID, EYE, HEIGHT, TERRAIN_OBSC, SMOKE_OBSC: blocking height (-inf:
    none), eye level, height, terrain obscuration, smoke x its obscuration (left to the
    caller when `smoke` is None). The terrain fields are rebuilt only when the tile gids
    changed; `ws.highest_eye` is then the highest eye level."""
    rules = _rules(rules)
    ws = SightWorkspace() if ws is None else ws
    h, w = grid.height.shape
    hp, wp = h + 2 * pad, w + 2 * pad
    inner = (slice(pad, pad + h), slice(pad, pad + w))
    tiles = ws.array("packed_tiles", (hp, wp, 5), np.float32)
    # the terrain arrays change only with the tile gids (TerrainGrid.set_tile re-derives a
    # cell), so the gids alone tell whether the packed terrain is still valid
    if not ws.same_terrain((pad, rules.eye_height, h, w), (grid.gid,), user="packed"):
        tiles[...] = 0.0
        tiles[..., 0] = -np.inf
        tiles[..., 1] = np.float32(rules.eye_height)
        tiles[(*inner, 0)] = np.where(grid.blocks_sight, grid.height, -np.inf)
        tiles[(*inner, 1)] = eye_levels(grid, rules)
        tiles[(*inner, 2)] = grid.height
        tiles[(*inner, 3)] = grid.obscuration
        ws.highest_eye = np.float32(tiles[..., 1].max())
    if smoke is not None:
        _check_smoke(grid, smoke)
        np.multiply(smoke, np.float32(rules.smoke_obscuration), out=tiles[(*inner, 4)])
    return tiles.reshape(hp * wp, 5)


def visibility_windows(
    sight_map: SightMap,
    viewers: Sequence[TilePos],
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """Visibility windows (V, S, S), S = 2R + 1, centred on each viewer (off-map tiles: junk).

    All viewers are computed together: every sample of every viewer's rays is gathered at once,
    prefix maxima (blocking) and prefix sums (obscuration) advance one step along all rays at a
    time, and each window tile reads the sample where its own line ends. The result lives in
    the workspace: copy it before the next call with the same workspace.
    """
    rules = _rules(rules)
    ws = SightWorkspace() if ws is None else ws
    plan = sight_plan(sight_range, rules.falloff_end)
    radius = plan.radius
    if radius > sight_map.pad:
        raise ValueError(f"sight map padded by {sight_map.pad}, the window needs {radius}")
    size = plan.size
    n_view = len(viewers)
    if n_view == 0:
        return np.zeros((0, size, size), np.float32)
    base = sight_map.flat_index(viewers)
    nodes, _ = node_obscuration(sight_map, plan, base, ws)
    idx = ws.readout_index(plan.window_node, n_view)
    vis = ws.array("window_vis", (n_view, size * size), np.float32)
    np.take(nodes, idx, out=vis, mode="wrap")
    np.negative(vis, out=vis)
    np.exp(vis, out=vis)
    out = vis.reshape(n_view, size, size)
    out[:, radius, radius] = 1.0
    return out


def node_obscuration(
    sight_map: SightMap, plan: SightPlan, base: np.ndarray, ws: SightWorkspace
) -> tuple[np.ndarray, np.ndarray]:
    """Total obscuration of every node from every viewer, so that visibility = exp(-total)
    (K + 1, V; blocked lines about 1e30; row K: inf, for unseen window tiles; the distance
    falloff included as -log), and each node's flat index (K, V) in the padded map stacked
    once per eye level (index modulo the padded map size gives the tile); both live in the
    workspace. `base` holds the viewers' flat indices in the padded map.
    """
    n_view, k = len(base), plan.samples
    shift = sight_map.level_shift(sight_map.eye[base])
    offsets = plan.dy * sight_map.padded_width + plan.dx  # (K,)
    # node indices (K, V) into each viewer's level slice, built viewer-major then transposed
    idx_vk = ws.array("idx_vk", (n_view, k), np.int64)
    np.add((base + shift)[:, None], offsets, out=idx_vk)
    idx = ws.array("idx", (k, n_view), np.int64)
    np.copyto(idx, idx_vk.T)
    pairs = ws.array("idx_vk", (k, n_view), np.float64)  # idx_vk is spent: reuse its memory
    np.take(sight_map.pairs, idx, out=pairs, mode="wrap")  # indices are all in range
    solid_eye = pairs.view(np.float32).reshape(k, n_view, 2)
    obsc = ws.array("obsc", (k, n_view), np.float32)
    np.take(sight_map.obscuration, idx, out=obsc, mode="wrap")
    inv_step = plan.inv_step[:, None]
    steep = ws.array("steep", (k, n_view), np.float32)
    np.multiply(solid_eye[..., 0], inv_step, out=steep)
    # ring by ring outward: each node takes its parent's steepest blocker so far (m) and sum so
    # far (t) and adds its own; row K stands for the viewer (no blocker, half its own tile)
    m = ws.array("acc_max", (k + 1, n_view), np.float32)
    t = ws.array("acc_sum", (k + 1, n_view), np.float32)
    m[k] = -np.inf
    np.multiply(np.take(sight_map.obscuration, base + shift), np.float32(0.5), out=t[k])
    for rows, up in plan.rings:
        np.maximum(m[up], steep[rows], out=m[rows])
        np.add(t[up], obsc[rows], out=t[rows])
    total = t  # reuse: t is not needed once each node's own half is taken off
    obsc *= np.float32(0.5)
    total[:k] -= obsc  # the target tile counts by half
    # blocked where the steepest blocker before the node rises above the slope to the target's
    # level: add the excess (scaled by 2^100 when > 0), which makes exp(-total) exactly 0
    before = obsc  # reuse: obsc is spent
    np.take(m, plan.parent, axis=0, out=before, mode="wrap")
    excess = steep  # reuse the buffer
    np.multiply(solid_eye[..., 1], inv_step, out=excess)
    np.maximum(before, excess, out=before)  # max(b, e) - e = max(b - e, 0), array-array: fast
    np.subtract(before, excess, out=excess)
    total[:k] += excess
    total[:k] += plan.node_falloff_log[:, None]
    total[k] = np.inf
    return total, idx


def visibility_field(
    grid: TerrainGrid,
    smoke: np.ndarray,
    src: TilePos,
    sight_range: int,
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> tuple[int, int, np.ndarray]:
    """Visibility of every tile near `src`: (x0, y0, array [y, x]) clipped to the map.

    This is also the client's "what can a unit on tile X see" query (src = X). Pass a
    workspace kept between calls to save the scratch memory's page faults.
    """
    rules = _rules(rules)
    x, y = int(src[0]), int(src[1])
    _check_tile(grid, x, y, "viewer tile")
    radius = view_radius(sight_range, rules)
    ws = SightWorkspace() if ws is None else ws
    sight_map = prepare_sight_map(grid, smoke, radius, rules, ws)
    window = visibility_windows(sight_map, [TilePos(x, y)], sight_range, rules, ws)[0]
    return clip_window(grid, TilePos(x, y), window)


def clip_window(
    grid: TerrainGrid, centre: TilePos, window: np.ndarray
) -> tuple[int, int, np.ndarray]:
    """A viewer's (S, S) window clipped to the map: (x0, y0, a copy of the part on it)."""
    x, y = int(centre[0]), int(centre[1])
    radius = window.shape[0] // 2
    x0, y0 = max(0, x - radius), max(0, y - radius)
    x1 = min(grid.width, x + radius + 1)
    y1 = min(grid.height_tiles, y + radius + 1)
    clipped = window[y0 - (y - radius) : y1 - (y - radius), x0 - (x - radius) : x1 - (x - radius)]
    return x0, y0, clipped.copy()


def visibility_matrix(
    grid: TerrainGrid,
    smoke: np.ndarray,
    viewers: Sequence[tuple[TilePos, int]],
    targets: Sequence[TilePos],
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """visibility_between for every (viewer, target) pair at once, float32 (V, T).

    For many pairs (a side's spotting check) this is one vectorised pass instead of a Python
    walk per pair; the values agree with visibility_between to float32 precision.
    """
    rules = _rules(rules)
    ws = SightWorkspace() if ws is None else ws
    out = np.zeros((len(viewers), len(targets)), np.float32)
    if not len(viewers) or not len(targets):
        return out
    h, w = grid.height.shape
    tpos = np.asarray(targets, dtype=np.int64).reshape(len(targets), 2)
    vpos = np.asarray([p for p, _ in viewers], dtype=np.int64).reshape(len(viewers), 2)
    for what, pos in (("viewer", vpos), ("target", tpos)):
        bad = (pos[:, 0] < 0) | (pos[:, 0] >= w) | (pos[:, 1] < 0) | (pos[:, 1] >= h)
        if bad.any():
            x, y = pos[np.argmax(bad)]
            raise ValueError(f"{what} tile ({x}, {y}) is outside the {w}x{h} map")
    sights = np.asarray([int(s) for _, s in viewers])
    pad = max(view_radius(int(s), rules) for s in set(sights.tolist()))
    sight_map = prepare_sight_map(grid, smoke, pad, rules, ws)
    for sight in sorted(set(sights.tolist())):
        rows = np.nonzero(sights == sight)[0]
        plan = sight_plan(sight, rules.falloff_end)
        r, size = plan.radius, plan.size
        total, _ = node_obscuration(sight_map, plan, sight_map.flat_index(vpos[rows]), ws)
        dx = tpos[None, :, 0] - vpos[rows, None, 0]
        dy = tpos[None, :, 1] - vpos[rows, None, 1]
        inside = np.maximum(np.abs(dx), np.abs(dy)) <= r
        node = np.full(dx.shape, plan.samples, np.int64)
        node[inside] = plan.window_node[(dy[inside] + r) * size + dx[inside] + r]
        vis = np.exp(-total[node, np.arange(len(rows))[:, None]])
        vis[(dx == 0) & (dy == 0)] = 1.0
        out[rows] = vis
    return out


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
