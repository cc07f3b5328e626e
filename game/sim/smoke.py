"""The smoke grid: drift with the wind, spread to open neighbours, fade; whole-array numpy.

Smoke is a density in 0..1 per tile. Each environment phase (`smoke_step`):

1. Drift: the whole field moves by the wind vector (dx, dy) tiles, in sub-steps of at most
   one tile; each sub-step moves the fraction |d| of every tile's smoke to the next tile
   downwind, along x then along y. Smoke that would drift into a blocking tile (a building
   or a berm) stays where it is; smoke that drifts off the map is gone.
2. Spread: every tile passes `spread` / 4 of its smoke to each of its four neighbours that
   is open; again nothing enters a blocking tile.
3. Fade: every tile loses the share `fade`; what falls below `floor` clears.

Layers add up and are clipped to 1. No Python loop visits tiles: each operation is a shifted
whole-array numpy expression, so the cost is a few dozen array passes for any map size.
"""

from __future__ import annotations

import math

import numpy as np

SMOKE_FLOOR = 0.01  # densities below this clear


def _shifted(field: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """`field` moved by (dx, dy) tiles with zeros coming in at the edges (one-tile shifts)."""
    out = np.zeros_like(field)
    h, w = field.shape
    src_y = slice(max(0, -dy), h - max(0, dy))
    dst_y = slice(max(0, dy), h - max(0, -dy))
    src_x = slice(max(0, -dx), w - max(0, dx))
    dst_x = slice(max(0, dx), w - max(0, -dx))
    out[dst_y, dst_x] = field[src_y, src_x]
    return out


def _move_fraction(smoke: np.ndarray, open_: np.ndarray, share: float, dx: int, dy: int) -> None:
    """Move `share` of each tile's smoke one tile toward (dx, dy), in place, never into a block.

    Smoke whose destination is off the map leaves it.
    """
    if share <= 0.0:
        return
    h, w = smoke.shape
    target_open = np.ones_like(open_)  # off-map destinations accept (the smoke leaves)
    target_open_inner = _shifted(open_.astype(np.float32), -dx, -dy) > 0.5
    edge = np.zeros_like(open_)
    if dx > 0:
        edge[:, w - dx :] = True
    elif dx < 0:
        edge[:, :-dx] = True
    if dy > 0:
        edge[h - dy :, :] = True
    elif dy < 0:
        edge[:-dy, :] = True
    target_open = np.where(edge, target_open, target_open_inner)
    moving = smoke * np.float32(share) * target_open
    smoke -= moving
    smoke += _shifted(moving, dx, dy)


def drift(smoke: np.ndarray, open_: np.ndarray, wind: tuple[float, float]) -> np.ndarray:
    """The smoke field after drifting with the wind (tiles per phase, y grows southward)."""
    out = smoke.astype(np.float32, copy=True)
    dx, dy = wind
    steps = max(1, math.ceil(max(abs(dx), abs(dy))))
    for _ in range(steps):
        _move_fraction(out, open_, abs(dx) / steps, int(np.sign(dx)), 0)
        _move_fraction(out, open_, abs(dy) / steps, 0, int(np.sign(dy)))
    return out


def spread(smoke: np.ndarray, open_: np.ndarray, share: float) -> np.ndarray:
    """The smoke field after each tile passes share/4 to each open orthogonal neighbour."""
    out = smoke.astype(np.float32, copy=True)
    quarter = np.float32(share / 4.0)
    source = smoke.astype(np.float32)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        accepts = _shifted(open_.astype(np.float32), -dx, -dy) > 0.5  # neighbour exists, open
        flow = source * quarter * accepts
        out -= flow
        out += _shifted(flow, dx, dy)
    return out


def smoke_step(
    smoke: np.ndarray,
    blocks: np.ndarray,
    wind: tuple[float, float],
    spread_share: float,
    fade: float,
) -> np.ndarray:
    """One environment phase of smoke: drift, spread, fade; `blocks` marks tiles smoke avoids."""
    open_ = ~blocks
    field = drift(smoke, open_, wind)
    field = spread(field, open_, spread_share)
    field *= np.float32(1.0 - fade)
    field[field < SMOKE_FLOOR] = 0.0
    return np.clip(field, 0.0, 1.0, out=field)


def add_smoke(smoke: np.ndarray, tiles: np.ndarray, density: float) -> None:
    """Add density on a boolean mask of tiles, in place; layers add up to at most 1."""
    smoke[tiles] = np.minimum(1.0, smoke[tiles] + np.float32(density))


def disc(shape: tuple[int, int], cx: int, cy: int, radius: float) -> np.ndarray:
    """A boolean mask of the tiles within Euclidean `radius` of (cx, cy)."""
    ys, xs = np.ogrid[: shape[0], : shape[1]]
    return (xs - cx) ** 2 + (ys - cy) ** 2 <= radius * radius + 1e-9


def smoke_blocks(building_max_hp: np.ndarray) -> np.ndarray:
    """Tiles smoke cannot enter: standing buildings (tiles with structural hit points)."""
    return np.asarray(building_max_hp > 0)
