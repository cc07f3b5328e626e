"""Compiled sight loops (numba): one line walked for a pair, every pair of a side's spotting
check at once, and the fog's ray-tree walk for many viewers with early exit on opaque rays.

Each kernel repeats the arithmetic of its reference exactly, in the same order and the same
precision, so results are bit-identical and state hashes do not move:

- `pair_visibility` / `spotting_matrix` follow docs/rules-sight.md as the one-line walk did
  in plain Python (float64 sums of float32 map values); tests compare them with the numpy
  path (`line_of_sight.visibility_matrix`) on random maps.
- `fog_totals` / `window_totals` repeat `line_of_sight.node_obscuration`'s float32 steps per node
  (the numpy reference kept for the client's windows and the property tests) and keeps each
  tile's least total (a side's fog) or each viewer's window; `exp` is then taken by numpy
  as before.

Compiled code is cached on disk (`cache=True`); `warm_up` compiles (or loads) every kernel
on tiny inputs of the types the game passes (game.sim.compiled prepares them all).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

HALF32 = np.float32(0.5)


@njit(cache=True, nogil=True)
def _eye32(height: np.ndarray, building: np.ndarray, x: int, y: int, eye_h: np.float32) -> float:
    """Eye level on (x, y) computed in float32 (roof + eye height on buildings), as float64."""
    u = np.uint64  # (tiles are on the map: unsigned indices skip numba's wraparound)
    if building[u(y), u(x)] > 0:
        return float(np.float32(height[u(y), u(x)]) + eye_h)
    return float(eye_h)


@njit(cache=True, nogil=True)
def _tile_obscuration(
    height: np.ndarray,
    obsc: np.ndarray,
    smoke: np.ndarray,
    k_smoke: float,
    x: int,
    y: int,
    eye_s: float,
) -> float:
    """Smoke on a tile, plus its terrain obscuration when the tile rises above the eye."""
    u = np.uint64
    total = float(smoke[u(y), u(x)]) * k_smoke
    o = float(obsc[u(y), u(x)])
    if o > 0 and float(height[u(y), u(x)]) > eye_s:
        total += o
    return total


@njit(cache=True, nogil=True)
def pair_visibility(
    height: np.ndarray,
    blocks: np.ndarray,
    obsc: np.ndarray,
    building: np.ndarray,
    smoke: np.ndarray,
    anc_dx: np.ndarray,
    anc_dy: np.ndarray,
    falloff: np.ndarray,
    eye_h: np.float32,
    k_smoke: float,
    margin: float,
    sx: int,
    sy: int,
    tx: int,
    ty: int,
) -> float:
    """Visibility 0..1 of tile (tx, ty) from the eye of a unit on (sx, sy).

    `anc_dx` / `anc_dy` are a line tree's ancestors (radius R, indexed [dy + R, dx + R, i]);
    `falloff` the distance falloff of every offset in the window (0: out of sight)."""
    if sx == tx and sy == ty:
        return 1.0
    r = (falloff.shape[0] - 1) // 2
    dx = tx - sx
    dy = ty - sy
    n = max(abs(dx), abs(dy))
    if n > r:
        return 0.0
    u = np.uint64  # every index below is >= 0: unsigned skips numba's wraparound
    fall = falloff[u(dy + r), u(dx + r)]
    if fall <= 0.0:
        return 0.0
    eye_s = _eye32(height, building, sx, sy, eye_h)
    slope = (_eye32(height, building, tx, ty, eye_h) + margin - eye_s) / n
    total = 0.5 * (
        _tile_obscuration(height, obsc, smoke, k_smoke, sx, sy, eye_s)
        + _tile_obscuration(height, obsc, smoke, k_smoke, tx, ty, eye_s)
    )
    tr = (anc_dx.shape[0] - 1) // 2
    for j in range(n - 1):
        x = sx + anc_dx[u(dy + tr), u(dx + tr), u(j)]
        y = sy + anc_dy[u(dy + tr), u(dx + tr), u(j)]
        if blocks[u(y), u(x)] and (float(height[u(y), u(x)]) - eye_s) / (j + 1) > slope:
            return 0.0
        total += _tile_obscuration(height, obsc, smoke, k_smoke, x, y, eye_s)
    return math.exp(-total) * fall


@njit(cache=True, nogil=True)
def spotting_matrix(
    height: np.ndarray,
    blocks: np.ndarray,
    obsc: np.ndarray,
    building: np.ndarray,
    smoke: np.ndarray,
    anc_dx: np.ndarray,
    anc_dy: np.ndarray,
    falloffs: np.ndarray,
    eye_h: np.float32,
    k_smoke: float,
    margin: float,
    viewers: np.ndarray,
    viewer_falloff: np.ndarray,
    skills: np.ndarray,
    targets: np.ndarray,
    concealments: np.ndarray,
    first_only: bool,
) -> np.ndarray:
    """Which viewer spots which target, bool (V, T): visibility x skill >= concealment.

    `viewers` / `targets` are (N, 2) tiles; `falloffs` stacks one falloff window per sight
    range (padded to one size) and `viewer_falloff` picks each viewer's. With `first_only`
    a target's column stops at the first viewer that spots it (enough to know it is seen)."""
    n_view = viewers.shape[0]
    n_target = targets.shape[0]
    out = np.zeros((n_view, n_target), np.bool_)
    for t in range(n_target):
        tx, ty = targets[t, 0], targets[t, 1]
        for v in range(n_view):
            vis = pair_visibility(
                height, blocks, obsc, building, smoke, anc_dx, anc_dy,
                falloffs[viewer_falloff[v]], eye_h, k_smoke, margin,
                viewers[v, 0], viewers[v, 1], tx, ty,
            )  # fmt: skip
            if vis * skills[v] >= concealments[t]:
                out[v, t] = True
                if first_only:
                    break
    return out


@njit(cache=True, nogil=True)
def seen_by_other_side(
    height: np.ndarray,
    blocks: np.ndarray,
    obsc: np.ndarray,
    building: np.ndarray,
    smoke: np.ndarray,
    anc_dx: np.ndarray,
    anc_dy: np.ndarray,
    falloffs: np.ndarray,
    eye_h: np.float32,
    k_smoke: float,
    margin: float,
    pos: np.ndarray,
    side: np.ndarray,
    falloff_row: np.ndarray,
    skills: np.ndarray,
    concealments: np.ndarray,
) -> np.ndarray:
    """For each unit (tiles `pos`, `side` 0 or 1): whether any unit of the other side spots
    it (visibility x skill >= its concealment); each stops at the first viewer that does."""
    n = pos.shape[0]
    out = np.zeros(n, np.bool_)
    for t in range(n):
        for v in range(n):
            if side[v] == side[t]:
                continue
            vis = pair_visibility(
                height, blocks, obsc, building, smoke, anc_dx, anc_dy,
                falloffs[falloff_row[v]], eye_h, k_smoke, margin,
                pos[v, 0], pos[v, 1], pos[t, 0], pos[t, 1],
            )  # fmt: skip
            if vis * skills[v] >= concealments[t]:
                out[t] = True
                break
    return out


# the fields of a packed sight tile (`line_of_sight.pack_sight_tiles`), float32
SOLID, EYE, HEIGHT, TERRAIN_OBSC, SMOKE_OBSC = range(5)
FIELDS = 5


# fastmath={"nnan"}: the tree walks never meet a NaN (their values are finite or +-inf), so
# the compiler may use plain min / max instructions; no other liberty is taken (no
# reassociation, no contraction), so every result stays exact. The walks leave out the
# reference's slope scale (SCALE, a power of two): scaling every slope by it is exact, so
# each comparison of slopes comes out the same without it.
@njit(cache=True, nogil=True, fastmath={"nnan"})
def _step(
    tiles: np.ndarray,
    b: int,
    lev: np.float32,
    bound: np.float32,
    k: int,
    offsets: np.ndarray,
    inv_step: np.ndarray,
    parent: np.ndarray,
    skip: np.ndarray,
    falloff_log: np.ndarray,
    margin: np.float32,
    out: np.ndarray,
    ob: int,
    out_offsets: np.ndarray,
    m: np.ndarray,
    t: np.ndarray,
    skipped: np.ndarray,
    lane: int,
) -> int:
    """Walk node k of a viewer on flat tile `b` (eye level `lev`); the next node to walk:
    k + 1, or the node after k's subtree when every line through k is blocked beyond it.

    Indices are cast to unsigned (they are never negative), so that numba drops its
    negative-index wraparound; the terrain term is a product, not a branch (x 1 or x 0 is
    exact)."""
    u = np.uint64
    p = u(parent[u(k)])
    mp = m[p]
    f = u((b + offsets[u(k)]) * FIELDS)
    inv = inv_step[u(k)]
    mk = max((tiles[f + u(SOLID)] - lev) * inv, mp)
    above = np.float32(tiles[f + u(HEIGHT)] > lev)
    o = tiles[f + u(SMOKE_OBSC)] + tiles[f + u(TERRAIN_OBSC)] * above
    tk = t[p] + o
    m[u(k)] = mk
    t[u(k)] = tk
    excess = ((tiles[f + u(EYE)] + margin) - lev) * inv
    total = (tk - o * HALF32) + falloff_log[u(k)]
    j = u(ob + out_offsets[u(k)])
    out[j] = min(out[j], total if mp <= excess else np.float32(np.inf))  # blocked: +inf
    if mk > max(bound * inv, np.float32(0.0)):  # every line through it is blocked beyond it
        skipped[u(lane)] += 1  # (a store: the skip stays a branch, which the CPU predicts)
        return skip[u(k)]
    return k + 1


@njit(cache=True, nogil=True, fastmath={"nnan"})
def _walk_one(
    tiles: np.ndarray,
    b: int,
    bound: np.float32,
    offsets: np.ndarray,
    inv_step: np.ndarray,
    parent: np.ndarray,
    skip: np.ndarray,
    falloff_log: np.ndarray,
    split: int,
    margin: np.float32,
    out: np.ndarray,
    ob: int,
    out_offsets: np.ndarray,
    m: np.ndarray,
    t: np.ndarray,
    skipped: np.ndarray,
) -> None:
    """One viewer on flat tile `b`: walk the ray tree (nodes in depth-first order; parent K
    is the viewer) and keep each node's least total obscuration in out[ob + out_offsets[k]],
    in the float32 steps of line_of_sight.node_obscuration (the reference), so exp(-total)
    is the same visibility. A blocked tile keeps +inf (visibility exactly 0, as a blocked
    line's is); a node whose steepest blocker rises above every slope a farther tile could
    have (`bound`) blocks its whole subtree, which is skipped (counted in `skipped`).

    The nodes before `split` and those from it are whole subtrees of the viewer; both are
    walked side by side, so that the CPU overlaps their two chains of dependent steps."""
    k_nodes = offsets.shape[0]
    lev = tiles[b, EYE]
    flat = tiles.reshape(-1)
    m[k_nodes] = -np.float32(np.inf)
    own = tiles[b, SMOKE_OBSC] + (
        tiles[b, TERRAIN_OBSC] if tiles[b, HEIGHT] > lev else np.float32(0.0)
    )
    t[k_nodes] = own * HALF32
    walk = (flat, b, lev, bound)
    tree = (offsets, inv_step, parent, skip, falloff_log, margin, out, ob, out_offsets, m, t)
    ka, kb = 0, split
    while ka < split and kb < k_nodes:
        ka = _step(*walk, ka, *tree, skipped, 0)
        kb = _step(*walk, kb, *tree, skipped, 1)
    while ka < split:
        ka = _step(*walk, ka, *tree, skipped, 0)
    while kb < k_nodes:
        kb = _step(*walk, kb, *tree, skipped, 1)
    out[ob] = np.float32(0.0)  # a viewer sees its own tile


@njit(cache=True, nogil=True, fastmath={"nnan"})
def fog_totals(
    tiles: np.ndarray,
    smoke: np.ndarray,
    k_smoke: np.float32,
    pad: int,
    viewers: np.ndarray,
    offsets: np.ndarray,
    inv_step: np.ndarray,
    parent: np.ndarray,
    skip: np.ndarray,
    falloff_log: np.ndarray,
    group_start: np.ndarray,
    group_size: np.ndarray,
    group_split: np.ndarray,
    highest: np.float32,
    margin: np.float32,
    merged: np.ndarray,
    out: np.ndarray,
) -> int:
    """A side's least total obscuration of every map tile, negated into `out` (H, W), so
    that np.exp(out) is its visibility map: the smoke is packed into `tiles`, then every
    viewer (rows x, y, group: its sight range's tree in the concatenated layouts at
    group_start, group_size nodes) walks its tree into the padded `merged` map (flat).
    Returns -1, or the index of the first viewer off the map (then nothing is computed)."""
    h, w = smoke.shape
    row = w + 2 * pad
    for v in range(viewers.shape[0]):
        if not (0 <= viewers[v, 0] < w and 0 <= viewers[v, 1] < h):
            return v  # the first viewer off the map: nothing computed
    for y in range(h):
        for x in range(w):
            tiles[(y + pad) * row + x + pad, SMOKE_OBSC] = smoke[y, x] * k_smoke
    merged[:] = np.float32(np.inf)
    largest = 0
    for g in range(group_size.shape[0]):
        largest = max(largest, group_size[g])
    m = np.empty(largest + 1, np.float32)
    t = np.empty(largest + 1, np.float32)
    skipped = np.zeros(2, np.int64)
    for v in range(viewers.shape[0]):
        b = (viewers[v, 1] + pad) * row + viewers[v, 0] + pad
        g = viewers[v, 2]
        s0 = group_start[g]
        s1 = s0 + group_size[g]
        bound = (highest + margin) - tiles[b, EYE]
        nodes = offsets[s0:s1]
        _walk_one(
            tiles, b, bound, nodes, inv_step[s0:s1], parent[s0:s1], skip[s0:s1],
            falloff_log[s0:s1], group_split[g], margin, merged, b, nodes, m, t, skipped,
        )  # fmt: skip
    for y in range(h):
        for x in range(w):
            out[y, x] = -merged[(y + pad) * row + x + pad]
    return -1


@njit(cache=True, nogil=True, fastmath={"nnan"})
def window_totals(
    tiles: np.ndarray,
    pad: int,
    row: int,
    viewers: np.ndarray,
    offsets: np.ndarray,
    window_offsets: np.ndarray,
    inv_step: np.ndarray,
    parent: np.ndarray,
    skip: np.ndarray,
    falloff_log: np.ndarray,
    split: int,
    highest: np.float32,
    margin: np.float32,
    out: np.ndarray,
) -> None:
    """Each viewer's window (out: (V, S, S), +inf-filled) of negated least totals, so that
    np.exp(out) is its visibility window; viewers are rows x, y."""
    size = out.shape[1]
    radius = size // 2
    flat = out.reshape(-1)
    m = np.empty(offsets.shape[0] + 1, np.float32)
    t = np.empty(offsets.shape[0] + 1, np.float32)
    skipped = np.zeros(2, np.int64)
    for v in range(viewers.shape[0]):
        b = (viewers[v, 1] + pad) * row + viewers[v, 0] + pad
        bound = (highest + margin) - tiles[b, EYE]
        centre = (v * size + radius) * size + radius
        _walk_one(
            tiles, b, bound, offsets, inv_step, parent, skip, falloff_log, split, margin,
            flat, centre, window_offsets, m, t, skipped,
        )  # fmt: skip
    for i in range(flat.shape[0]):
        flat[i] = -flat[i]


def warm_up() -> None:
    """Compile (or load from the cache) every kernel on tiny inputs."""
    f32 = np.zeros((3, 3), np.float32)
    anc = np.zeros((3, 3, 1), np.int16)
    fall = np.ones((3, 3), np.float64)
    pair_visibility(
        f32, np.zeros((3, 3), np.bool_), f32, np.zeros((3, 3), np.int32), f32, anc, anc,
        fall, np.float32(0.5), 1.0, 1e-3, 0, 0, 1, 1,
    )  # fmt: skip
    tiles = np.zeros((1, 2), np.int64)
    spotting_matrix(
        f32, np.zeros((3, 3), np.bool_), f32, np.zeros((3, 3), np.int32), f32, anc, anc,
        fall[None], np.float32(0.5), 1.0, 1e-3, tiles, np.zeros(1, np.int64), np.ones(1),
        tiles, np.ones(1), True,
    )  # fmt: skip
    seen_by_other_side(
        f32, np.zeros((3, 3), np.bool_), f32, np.zeros((3, 3), np.int32), f32, anc, anc,
        fall[None], np.float32(0.5), 1.0, 1e-3, tiles, np.zeros(1, np.int8),
        np.zeros(1, np.int64), np.ones(1), np.ones(1),
    )  # fmt: skip
    one = np.zeros(1, np.int64)
    unit = np.float32(1.0)
    walk = (one, np.ones(1, np.float32), np.ones(1, np.int64), np.ones(1, np.int64))
    fog_totals(
        np.zeros((4, 5), np.float32), np.zeros((1, 1), np.float32), unit, 0,
        np.zeros((1, 3), np.int64), *walk, np.zeros(1, np.float32), one, np.ones(1, np.int64),
        np.ones(1, np.int64), unit, unit, np.zeros(4, np.float32), np.zeros((1, 1), np.float32),
    )  # fmt: skip
    window_totals(
        np.zeros((4, 5), np.float32), 0, 1, np.zeros((1, 2), np.int64), one, one, *walk[1:],
        np.zeros(1, np.float32), 1, unit, unit, np.full((1, 1, 1), np.inf, np.float32),
    )  # fmt: skip
