"""Painting the open country around Mosul: bare ground, fields, roads, villages, rivers, berms.

Everything is painted as urban-tileset tile codes (`Tile`) into a ground and a detail array,
from one seeded random generator, so a recipe that paints the same things in the same order
gets the same map. `CountryBuilder.layout()` hands the result over as a `CityLayout`, which the
recipes already know how to place units on and write out.
"""

from __future__ import annotations

import numpy as np

from game.mapmaking.city_generator import (
    NO_TILE,
    STOREYS,
    CityLayout,
    Rect,
    Tile,
)

SOFT_GROUND = (Tile.OPEN, Tile.SAND, Tile.GRASS, Tile.FIELD)


def smooth_noise(height: int, width: int, cell: int, rng: np.random.Generator) -> np.ndarray:
    """Float (H, W) in 0..1: random values on a coarse grid, bilinearly interpolated."""
    gh, gw = height // cell + 2, width // cell + 2
    coarse = rng.random((gh, gw))
    ys = np.arange(height) / cell
    xs = np.arange(width) / cell
    y0 = np.floor(ys).astype(int)
    x0 = np.floor(xs).astype(int)
    fy = (ys - y0)[:, None]
    fx = (xs - x0)[None, :]
    a = coarse[y0][:, x0]
    b = coarse[y0][:, x0 + 1]
    c = coarse[y0 + 1][:, x0]
    d = coarse[y0 + 1][:, x0 + 1]
    return np.asarray(a * (1 - fy) * (1 - fx) + b * (1 - fy) * fx + c * fy * (1 - fx) + d * fy * fx)


def _building(storeys: int) -> int:
    return int(STOREYS[max(1, min(4, storeys)) - 1])


class CountryBuilder:
    """Paints open country into tile-code arrays, one feature after another."""

    def __init__(self, width: int, height: int, rng: np.random.Generator) -> None:
        self.w, self.h = width, height
        self.rng = rng
        self.g = np.full((height, width), Tile.OPEN, dtype=np.int8)
        self.detail = np.full((height, width), NO_TILE, dtype=np.int8)
        self.fixed = np.zeros((height, width), dtype=bool)  # roads, water: not painted over
        self.villages: list[Rect] = []
        self.mosques: list[Rect] = []

    # -- ground ------------------------------------------------------------------------

    def ground(self, sand: float = 0.55, grass: float = 0.2) -> None:
        """Bare earth with drifts of sand and patches of dry grass."""
        noise = smooth_noise(self.h, self.w, 9, self.rng)
        fine = self.rng.random((self.h, self.w))
        mix = noise * 0.93 + fine * 0.07
        free = ~self.fixed
        self.g[free & (mix > 1 - sand * 0.6)] = Tile.SAND
        self.g[free & (mix < grass * 0.6)] = Tile.GRASS

    def fields(self, rect: Rect, fallow: float = 0.2, trees: bool = True) -> None:
        """Irrigated plots in rows split by earth banks; some fallow, a tree line here and there."""
        rng = self.rng
        y = rect.y
        while y < rect.y + rect.h - 2:
            depth = int(rng.integers(3, 6))
            x = rect.x
            while x < rect.x + rect.w - 2:
                length = int(rng.integers(4, 10))
                r = _clip(
                    Rect(x, y, min(length, rect.x + rect.w - x), min(depth, rect.y + rect.h - y)),
                    self.w,
                    self.h,
                )
                sub = self.g[r.y : r.y + r.h, r.x : r.x + r.w]
                free = ~self.fixed[r.y : r.y + r.h, r.x : r.x + r.w]
                roll = rng.random()
                sub[free] = Tile.FIELD if roll > fallow else Tile.GRASS
                x += length + 1
            if trees and rng.random() < 0.25:
                row = min(y + depth, self.h - 1)
                line = ~self.fixed[row, rect.x : rect.x + rect.w] & (rng.random(rect.w) < 0.6)
                seg = self.g[row, rect.x : rect.x + rect.w]
                seg[line[: len(seg)]] = Tile.TREES if rng.random() < 0.5 else Tile.PALMS
            y += depth + 1

    def grove(self, rect: Rect, density: float = 0.6) -> None:
        """A palm grove or orchard."""
        r = _clip(rect, self.w, self.h)
        sub = self.g[r.y : r.y + r.h, r.x : r.x + r.w]
        free = ~self.fixed[r.y : r.y + r.h, r.x : r.x + r.w]
        roll = self.rng.random(sub.shape)
        sub[free] = Tile.GRASS
        sub[free & (roll < density)] = Tile.PALMS
        sub[free & (roll > 1 - density * 0.25)] = Tile.TREES

    # -- roads and water ----------------------------------------------------------------

    def main_road_v(self, cx: int, y0: int = 0, y1: int | None = None) -> None:
        """A three-lane asphalt road running north-south, centre line, earth shoulders."""
        y1 = self.h if y1 is None else y1
        self.g[y0:y1, cx - 2 : cx + 3] = Tile.OPEN
        self.g[y0:y1, cx - 1 : cx + 2] = Tile.ROAD
        self.g[y0:y1, cx] = Tile.ROAD_LINE_V
        self.fixed[y0:y1, cx - 2 : cx + 3] = True

    def side_road_h(self, y: int, x0: int, x1: int) -> None:
        """A two-lane asphalt side road running east-west (rows y and y + 1)."""
        lo, hi = min(x0, x1), max(x0, x1)
        seg = self.g[y : y + 2, lo:hi]
        seg[~np.isin(seg, (Tile.ROAD_LINE_V,))] = Tile.ROAD
        self.fixed[y : y + 2, lo:hi] = True

    def side_road_v(self, x: int, y0: int, y1: int) -> None:
        """A two-lane asphalt side road running north-south (columns x and x + 1)."""
        lo, hi = min(y0, y1), max(y0, y1)
        seg = self.g[lo:hi, x : x + 2]
        seg[~np.isin(seg, (Tile.ROAD_LINE_H,))] = Tile.ROAD
        self.fixed[lo:hi, x : x + 2] = True

    def crossing(self, x: int, y: int) -> None:
        """Mark a junction of roads with the crossing tile."""
        self.g[y, x] = Tile.ROAD_CROSSING

    def canal_h(self, y: int, bridges: tuple[int, ...] = ()) -> None:
        """A one-tile irrigation canal across the map, crossed at roads and at `bridges`."""
        row = self.g[y, :]
        road = np.isin(row, (Tile.ROAD, Tile.ROAD_LINE_V, Tile.ROAD_LINE_H, Tile.ROAD_CROSSING))
        row[~road] = Tile.WATER
        for x in bridges:
            row[x] = Tile.OPEN
        bank = slice(max(0, y - 1), y + 2, 2)
        banks = self.g[bank, :]
        reeds = np.isin(banks, SOFT_GROUND) & (self.rng.random(banks.shape) < 0.25)
        banks[reeds] = Tile.GRASS
        self.fixed[y, :] = True

    def river(
        self, centre: float, width: float, swing: float, period: float, bank: int = 3
    ) -> np.ndarray:
        """A meandering river running north-south near column `centre`; returns its mask."""
        rng = self.rng
        phase = float(rng.uniform(0, 2 * np.pi))
        ys = np.arange(self.h)
        mid = (
            centre
            + swing * np.sin(ys / period + phase)
            + swing * 0.3 * np.sin(ys / (period * 0.37) + 1.0)
        )
        half = width / 2 + 0.8 * np.sin(ys / (period * 0.5) + phase * 2)
        xs = np.arange(self.w)[None, :]
        dist = np.abs(xs - mid[:, None])
        water = dist <= half[:, None]
        self.g[water] = Tile.WATER
        shore = (dist > half[:, None]) & (dist <= half[:, None] + bank)
        roll = rng.random((self.h, self.w))
        near = shore & (dist <= half[:, None] + 1.2)
        self.g[shore] = Tile.GRASS
        self.g[shore & ~near & (roll < 0.45)] = Tile.PALMS
        self.g[shore & ~near & (roll > 0.85)] = Tile.TREES
        self.g[near & (roll < 0.3)] = Tile.SAND
        self.fixed |= water | shore
        return np.asarray(water)

    def berm_line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """An earth berm (a fighting position) between two tiles, never across a road."""
        n = max(abs(x1 - x0), abs(y1 - y0)) + 1
        for i in range(n):
            x = round(x0 + (x1 - x0) * i / max(1, n - 1))
            y = round(y0 + (y1 - y0) * i / max(1, n - 1))
            if 0 <= x < self.w and 0 <= y < self.h and not self.fixed[y, x]:
                self.g[y, x] = Tile.BERM

    # -- villages -------------------------------------------------------------------------

    def village(
        self, rect: Rect, lanes: tuple[Rect, ...] = (), mosque: bool = True, density: float = 1.0
    ) -> Rect:
        """A small village: earth lanes, scattered walled houses and yards, palms, a mosque."""
        rng = self.rng
        r = _clip(rect, self.w, self.h)
        self.villages.append(r)
        area = self.g[r.y : r.y + r.h, r.x : r.x + r.w]
        free = ~self.fixed[r.y : r.y + r.h, r.x : r.x + r.w]
        area[free] = Tile.OPEN
        hard = self.fixed.copy()  # roads and water: keep a tile clear beside them
        blocked = self.fixed.copy()
        for lane in lanes:
            c = _clip(lane, self.w, self.h)
            seg = self.g[c.y : c.y + c.h, c.x : c.x + c.w]
            seg[~self.fixed[c.y : c.y + c.h, c.x : c.x + c.w]] = Tile.ALLEY
            blocked[c.y : c.y + c.h, c.x : c.x + c.w] = True
        for _ in range(60 if mosque else 0):  # the mosque first, away from the west edge
            big = Rect(
                int(rng.integers(r.x + r.w // 3, r.x + r.w - 5)),
                int(rng.integers(r.y, r.y + r.h - 5)),
                6,
                6,
            )
            big = _clip(big, r.x + r.w, r.y + r.h)
            if not _any(hard, big, 1) and not _any(blocked, big, 0) and self._mosque(big):
                blocked[big.y : big.y + big.h, big.x : big.x + big.w] = True
                break
        for _ in range(round(r.w * r.h * density)):  # fewer tries: fewer, scattered houses
            w, h = int(rng.integers(3, 7)), int(rng.integers(3, 7))
            x, y = int(rng.integers(r.x, r.x + r.w - 2)), int(rng.integers(r.y, r.y + r.h - 2))
            plot = _clip(Rect(x, y, w, h), r.x + r.w, r.y + r.h)
            gap = 1 if rng.random() < 0.3 else 0  # most houses share a wall with a neighbour
            if plot.w < 3 or plot.h < 3 or _any(hard, plot, 1) or _any(blocked, plot, gap):
                continue
            self._plot(plot)
            blocked[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w] = True
        roll = rng.random(area.shape)
        bare = (area == Tile.OPEN) & free
        area[bare & (roll < 0.07)] = Tile.PALMS
        area[bare & (roll > 0.9)] = Tile.GRASS
        return r

    def _plot(self, plot: Rect) -> None:
        """One village plot: a house, a walled compound, a garden or a bare yard."""
        rng = self.rng
        fixed = self.fixed[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w]
        if fixed.any():
            return
        v = self.g[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w]
        d, w = v.shape
        storeys = 1 if rng.random() < 0.7 else 2
        roll = rng.random()
        if roll < 0.45 and d >= 4 and w >= 3:  # walled compound, house at the back
            v[:] = Tile.COURTYARD
            v[0, :] = v[:, 0] = v[:, -1] = Tile.WALL
            v[0, int(rng.integers(1, w - 1))] = Tile.COURTYARD
            v[-max(2, d // 2) :, :] = _building(storeys)
            if rng.random() < 0.5:
                v[1, 1] = Tile.PALMS
            elif rng.random() < 0.3:
                self.detail[plot.y + 1, plot.x + 1] = Tile.PARKED_CAR
        elif roll < 0.87:  # a house around a small courtyard
            v[:] = _building(storeys)
            if d >= 4 and w >= 4:
                v[1:-1, 1:-1] = Tile.COURTYARD
        elif roll < 0.96:  # a palm garden behind a wall
            v[:] = Tile.GRASS
            v[0, :] = Tile.WALL
            v[0, int(rng.integers(0, w))] = Tile.GRASS
            inner = v[1:, :]
            inner[rng.random(inner.shape) < 0.5] = Tile.PALMS
        else:  # a bare yard with a shed
            v[:] = Tile.OPEN
            v[0, 0] = _building(1)

    def _mosque(self, plot: Rect) -> bool:
        """A village mosque: walled yard, prayer hall and minaret."""
        if (
            plot.w < 5
            or plot.h < 5
            or self.fixed[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w].any()
        ):
            return False
        v = self.g[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w]
        d, w = v.shape
        v[:] = Tile.COURTYARD
        v[0, :] = v[-1, :] = Tile.WALL
        v[:, 0] = v[:, -1] = Tile.WALL
        v[0, w // 2] = Tile.COURTYARD
        v[d - 3 : d - 1, w // 2 - 1 : w // 2 + 1] = Tile.MOSQUE
        v[1, w - 2] = Tile.MINARET
        v[1, 1] = Tile.PALMS
        self.mosques.append(plot)
        return True

    # -- clutter and hand-over ---------------------------------------------------------------

    def wrecks(self, count: int, lanes: np.ndarray) -> None:
        """Burnt-out cars on the given lane tiles, at least 6 tiles apart."""
        ys, xs = np.nonzero(lanes & (self.g == Tile.ROAD))
        placed: list[tuple[int, int]] = []
        for i in self.rng.permutation(len(xs)):
            if len(placed) >= count:
                break
            x, y = int(xs[i]), int(ys[i])
            if any(max(abs(x - px), abs(y - py)) < 6 for px, py in placed):
                continue
            self.g[y, x] = Tile.WRECK
            placed.append((x, y))

    def layout(self) -> CityLayout:
        """The painted country as a layout the recipes place units on."""
        return CityLayout(
            ground=self.g, detail=self.detail, main_x=(), main_y=(), blocks=list(self.villages)
        )


def _any(mask: np.ndarray, rect: Rect, margin: int) -> bool:
    """Whether any cell of the rectangle grown by `margin` (clipped to the map) is set."""
    y0, x0 = max(0, rect.y - margin), max(0, rect.x - margin)
    return bool(mask[y0 : rect.y + rect.h + margin, x0 : rect.x + rect.w + margin].any())


def _clip(rect: Rect, width: int, height: int) -> Rect:
    """The part of a rectangle on the map."""
    x0, y0 = max(0, rect.x), max(0, rect.y)
    x1, y1 = min(width, rect.x + rect.w), min(height, rect.y + rect.h)
    return Rect(x0, y0, max(0, x1 - x0), max(0, y1 - y0))
