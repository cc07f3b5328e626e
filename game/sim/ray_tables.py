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

import math
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


@dataclass(frozen=True)
class SightPlan:
    """The samples a window of one sight range needs, ordered for step-by-step prefix sums.

    Only rays that carry the line to some tile with non-zero falloff are kept, each cut after
    its last such tile, and sorted longest first: the samples of step n are then the first
    `counts[n - 1]` rays, stored at rows starts[n - 1]:starts[n - 1] + counts[n - 1], and the
    previous step of the same ray sits at the same position of the step before.
    """

    table: RayTable
    dx: np.ndarray  # int64 (K,): offset of each sample
    dy: np.ndarray  # int64 (K,)
    inv_step: np.ndarray  # float32 (K,): 1 / step of each sample
    starts: np.ndarray  # int64 (R,): first row of each step
    counts: np.ndarray  # int64 (R,): rays still running at each step
    window_sample: np.ndarray  # int64 (S * S,): sample row of each window tile, K if unseen
    falloff: np.ndarray  # float32 (S * S,): distance falloff of each window tile

    @property
    def samples(self) -> int:
        """Number of samples K."""
        return len(self.dx)


def window_radius(sight_range: int, falloff_end: float) -> int:
    """The largest Chebyshev distance with visibility above 0: d < falloff_end x range."""
    if sight_range < 0:
        raise ValueError(f"sight range must be 0 or more, got {sight_range}")
    return max(0, math.ceil(falloff_end * sight_range) - 1)


def falloff_factor(distance: np.ndarray, sight_range: int, falloff_end: float) -> np.ndarray:
    """1 within the sight range, then linear to 0 at falloff_end x the range (float64)."""
    d = np.asarray(distance, dtype=np.float64)
    end = falloff_end * sight_range
    if end <= sight_range:
        return (d <= sight_range).astype(np.float64)
    return np.where(d <= sight_range, 1.0, np.clip((end - d) / (end - sight_range), 0.0, 1.0))


@lru_cache(maxsize=64)
def sight_plan(sight_range: int, falloff_end: float) -> SightPlan:
    """The (cached) sample plan of the window of one sight range."""
    radius = window_radius(sight_range, falloff_end)
    table = ray_table(radius)
    size = table.size
    oy, ox = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    fall = falloff_factor(np.hypot(ox, oy), sight_range, falloff_end).astype(np.float32).ravel()
    live = (fall > 0).reshape(size, size) & (table.tile_ray >= 0)
    n_rays = table.dx.shape[0]
    length = np.zeros(n_rays, np.int64)
    np.maximum.at(length, table.tile_ray[live], table.tile_step[live])
    order = np.argsort(-length, kind="stable")
    order = order[length[order] > 0]
    rank = np.full(n_rays, -1, np.int64)
    rank[order] = np.arange(len(order))
    lengths = length[order]
    counts = np.array([(lengths >= n).sum() for n in range(1, radius + 1)], np.int64)
    starts = (np.cumsum(counts) - counts).astype(np.int64)
    k = int(counts.sum())
    dx = np.empty(k, np.int64)
    dy = np.empty(k, np.int64)
    inv = np.empty(k, np.float32)
    for n in range(1, radius + 1):
        rows = slice(starts[n - 1], starts[n - 1] + counts[n - 1])
        rays = order[: counts[n - 1]]
        dx[rows] = table.dx[rays, n - 1]
        dy[rows] = table.dy[rays, n - 1]
        inv[rows] = np.float32(1.0 / n)
    window = np.full((size, size), k, np.int64)
    steps = table.tile_step[live]
    window[live] = starts[steps - 1] + rank[table.tile_ray[live]]
    return SightPlan(table, dx, dy, inv, starts, counts, window.ravel(), fall)
