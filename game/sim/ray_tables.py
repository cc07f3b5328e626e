"""Precomputed sight rays: for a window radius R, the 8R digital rays from a viewer to the
square of radius R around it, and for every tile of the window the ray that carries its line.

A ray to the perimeter point (R, m) (and its seven mirror images) visits at step i = 1..R the
tile (i, round(i * m / R)), rounding halves away from zero: one tile per step along the major
axis, so step i is at Chebyshev distance i. The line to a window tile T = (i, j) is the ray
whose ideal line passes nearest T's centre (m = round(j * R / i)); that ray reaches T at step i,
and its first i - 1 tiles are the tiles "strictly between" viewer and T. Such a line stays
within one tile of the exact segment and every window tile lies on exactly one chosen ray, so
sums along rays computed once per ray serve every tile (O(R^2) work instead of O(R^3)).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def round_div(num: np.ndarray, den: int) -> np.ndarray:
    """num / den for integers (den > 0), rounded to the nearest integer, halves away from zero."""
    num = np.asarray(num, dtype=np.int64)
    return np.sign(num) * ((2 * np.abs(num) + den) // (2 * den))


@dataclass(frozen=True)
class RayTable:
    """The rays of one window radius and the ray/step that reaches each window tile."""

    radius: int
    dx: np.ndarray  # int32 (NR, R): x offset of step i (column i - 1) of each ray
    dy: np.ndarray  # int32 (NR, R)
    tile_ray: np.ndarray  # int32 (S, S) [dy + R, dx + R]: the ray carrying the line (-1: centre)
    tile_step: np.ndarray  # int32 (S, S): the step along that ray = Chebyshev distance
    inv_step: np.ndarray  # float32 (R,): 1 / i for step i = 1..R

    @property
    def size(self) -> int:
        """Window side, 2R + 1."""
        return 2 * self.radius + 1

    def line(self, dx: int, dy: int) -> list[tuple[int, int]]:
        """The offsets of the tiles strictly between the centre and (dx, dy), nearest first."""
        r = self.radius
        if max(abs(dx), abs(dy)) > r:
            raise ValueError(f"offset ({dx}, {dy}) is outside the ray table of radius {r}")
        ray = int(self.tile_ray[dy + r, dx + r])
        step = int(self.tile_step[dy + r, dx + r])
        if ray < 0:
            return []
        return [(int(self.dx[ray, i]), int(self.dy[ray, i])) for i in range(step - 1)]


def _ray_ends(r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Perimeter end points of the 8R rays and whether each ray is x-major."""
    m_full = np.arange(-r, r + 1)
    m_inner = np.arange(-r + 1, r)
    ex = np.concatenate([np.full_like(m_full, r), np.full_like(m_full, -r), m_inner, m_inner])
    ey = np.concatenate([m_full, m_full, np.full_like(m_inner, r), np.full_like(m_inner, -r)])
    x_major = np.concatenate([np.ones(2 * len(m_full), bool), np.zeros(2 * len(m_inner), bool)])
    return ex, ey, x_major


def _ray_index(r: int, x_major: np.ndarray, sign: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Index of the ray ending at major coordinate sign * R and minor coordinate m."""
    full = 2 * r + 1
    x_idx = np.where(sign > 0, 0, full) + m + r
    y_idx = 2 * full + np.where(sign > 0, 0, 2 * r - 1) + m + r - 1
    return np.where(x_major, x_idx, y_idx)


@lru_cache(maxsize=64)
def ray_table(radius: int) -> RayTable:
    """The (cached) ray table of a window radius (0 gives a table with no rays)."""
    if not 0 <= radius <= 200:
        raise ValueError(f"sight window radius must be 0..200, got {radius}")
    r = radius
    size = 2 * r + 1
    steps = np.arange(1, r + 1)
    if r == 0:
        empty = np.zeros((0, 0), np.int32)
        centre = np.full((1, 1), -1, np.int32)
        return RayTable(
            0, empty, empty, centre, np.zeros((1, 1), np.int32), np.zeros(0, np.float32)
        )
    ex, ey, x_major = _ray_ends(r)
    major = np.where(x_major, ex, ey)
    minor = np.where(x_major, ey, ex)
    along = np.sign(major)[:, None] * steps[None, :]
    across = round_div(steps[None, :] * minor[:, None], r)
    dx = np.where(x_major[:, None], along, across).astype(np.int32)
    dy = np.where(x_major[:, None], across, along).astype(np.int32)
    oy, ox = np.mgrid[-r : r + 1, -r : r + 1]
    step = np.maximum(np.abs(ox), np.abs(oy))
    tile_x_major = np.abs(ox) >= np.abs(oy)
    safe = np.maximum(step, 1)
    t_major = np.where(tile_x_major, ox, oy)
    t_minor = np.where(tile_x_major, oy, ox)
    m = np.sign(t_minor) * ((2 * np.abs(t_minor) * r + safe) // (2 * safe))  # round(j R / i)
    ray = _ray_index(r, tile_x_major, np.sign(t_major), m)
    ray = np.where(step == 0, -1, ray).astype(np.int32)
    return RayTable(
        radius=r,
        dx=dx,
        dy=dy,
        tile_ray=ray.reshape(size, size),
        tile_step=step.astype(np.int32),
        inv_step=(1.0 / steps).astype(np.float32),
    )
