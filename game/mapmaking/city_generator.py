"""Procedural dense Middle-Eastern city maps: road grid, blocks of courtyard houses, damage.

The generator paints whole tiles of the urban tileset (maps/tilesets/urban.tsx) by tile
name; `city_terrain_grid` turns a generated city straight into a TerrainGrid without
writing a map file (benchmarks, tests, sandbox battles).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

import numpy as np

from game.battle.terrain_grid import GidTable, TerrainGrid
from game.core.paths import MAPS_DIR
from game.core.problems import ProblemLog, ScenarioError
from game.core.values import TilePos
from game.rules.data_files import FieldReader
from game.rules.ruleset import Ruleset
from game.rules.terrain import TERRAIN_FIELDS, TerrainType
from game.tiled.tmx_reader import read_tileset

URBAN_TSX = MAPS_DIR / "tilesets" / "urban.tsx"
MIN_SIDE = 24
MAX_SIDE = 512
NO_TILE = -1  # an empty cell of the detail layer


class Tile(IntEnum):
    """The urban tileset's tiles by name (values: the catalogue order, not the tsx ids)."""

    ROAD = 0
    ROAD_LINE_H = 1
    ROAD_LINE_V = 2
    ROAD_CROSSING = 3
    SIDEWALK = 4
    ALLEY = 5
    OPEN = 6
    COURTYARD = 7
    GRASS = 8
    TREES = 9
    PALMS = 10
    WALL = 11
    BUILDING_1 = 12
    BUILDING_2 = 13
    BUILDING_3 = 14
    BUILDING_4 = 15
    MOSQUE = 16
    MINARET = 17
    MARKET = 18
    RUBBLE = 19
    HEAVY_RUBBLE = 20
    COLLAPSED = 21
    BERM = 22
    WATER = 23
    RUINS_LOW = 24
    RUINS_HIGH = 25
    SAND = 26
    WRECK = 27
    FIELD = 28
    SHOP_FRONT = 29
    TYRES = 30
    PARKED_CAR = 31

    @property
    def tile_name(self) -> str:
        """The tile's `tile_name` property in the tileset."""
        return self.name.lower()


TILE_NAMES: tuple[str, ...] = tuple(t.tile_name for t in Tile)
ROAD_TILES = (Tile.ROAD, Tile.ROAD_LINE_H, Tile.ROAD_LINE_V, Tile.ROAD_CROSSING)
BUILDING_TILES = (
    Tile.BUILDING_1,
    Tile.BUILDING_2,
    Tile.BUILDING_3,
    Tile.BUILDING_4,
    Tile.MOSQUE,
    Tile.MINARET,
    Tile.MARKET,
    Tile.SHOP_FRONT,
)
STOREYS = (Tile.BUILDING_1, Tile.BUILDING_2, Tile.BUILDING_3, Tile.BUILDING_4)
# A main road: sidewalk, three lanes (the middle one with the centre line), sidewalk.
MAIN_HALF_WIDTH = 2


@dataclass(frozen=True)
class Rect:
    """A rectangle of tiles: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, pos: TilePos) -> bool:
        """Whether a tile lies inside."""
        return self.x <= pos.x < self.x + self.w and self.y <= pos.y < self.y + self.h

    @property
    def centre(self) -> TilePos:
        """The middle tile."""
        return TilePos(self.x + self.w // 2, self.y + self.h // 2)


@dataclass(frozen=True)
class CityPlan:
    """Optional fixed features of a city; whatever is None is chosen from the seed."""

    main_x: tuple[int, ...] | None = None  # centre columns of the north-south main roads
    main_y: tuple[int, ...] | None = None  # centre rows of the east-west main roads
    mosque_near: TilePos | None = None  # the mosque goes in the block nearest to this
    market_near: TilePos | None = None  # the market street is the street nearest to this
    damage_sites: int | None = None  # shelled spots (collapsed houses, rubble)
    wrecks: int | None = None  # burnt-out cars on the wider roads
    keep_clear: tuple[Rect, ...] = ()  # areas left undamaged (e.g. a start area)
    block_length: tuple[int, int] = (11, 18)  # shortest and longest block between side streets
    back_alley_chance: float = 0.3  # a deep block gets an alley behind its two rows of houses
    cross_alley_chance: float = 0.35  # a long block gets an alley through it


@dataclass
class CityLayout:
    """A generated city: tile codes of the ground and detail layers, and what is where."""

    ground: np.ndarray  # int8 (H, W) of Tile values
    detail: np.ndarray  # int8 (H, W) of Tile values, NO_TILE where empty
    main_x: tuple[int, ...]
    main_y: tuple[int, ...]
    blocks: list[Rect] = field(default_factory=list)
    mosque: Rect | None = None
    market: Rect | None = None

    @property
    def width(self) -> int:
        """Width in tiles."""
        return int(self.ground.shape[1])

    @property
    def height(self) -> int:
        """Height in tiles."""
        return int(self.ground.shape[0])

    def names(self) -> np.ndarray:
        """The ground layer as an (H, W) array of tile names."""
        return np.array(TILE_NAMES)[self.ground]

    def is_road(self) -> np.ndarray:
        """Bool (H, W): asphalt road tiles (any marking)."""
        return np.isin(self.ground, ROAD_TILES)

    def is_building(self) -> np.ndarray:
        """Bool (H, W): building tiles of any kind."""
        return np.isin(self.ground, BUILDING_TILES)


def generate_city(width: int, height: int, seed: int) -> np.ndarray:
    """An (H, W) array of urban tile names: a dense city, the same for the same seed."""
    return generate_layout(width, height, seed).names()


def generate_layout(width: int, height: int, seed: int, plan: CityPlan | None = None) -> CityLayout:
    """Generate a city of `width` x `height` tiles; raise ValueError for an unusable size."""
    for what, side in (("width", width), ("height", height)):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ValueError(f"city {what} must be {MIN_SIDE}..{MAX_SIDE} tiles, got {side}")
    plan = plan or CityPlan()
    rng = np.random.default_rng(seed)
    builder = _CityBuilder(width, height, rng, plan)
    main_x = plan.main_x if plan.main_x is not None else _main_lines(width, rng)
    main_y = plan.main_y if plan.main_y is not None else _main_lines(height, rng)
    builder.paint_mains(main_x, main_y)
    for rect in _superblocks(width, height, main_x, main_y):
        builder.fill_superblock(rect)
    builder.open_sidewalks(main_x, main_y)
    builder.mark_crossings()
    builder.add_shops()
    layout = CityLayout(
        ground=builder.g,
        detail=builder.detail,
        main_x=tuple(main_x),
        main_y=tuple(main_y),
        blocks=builder.blocks,
    )
    layout.mosque = builder.place_mosque(plan.mosque_near)
    layout.market = builder.place_market(plan.market_near)
    area = width * height
    clear = builder.clear_mask(plan.keep_clear, layout.mosque)
    sites = plan.damage_sites if plan.damage_sites is not None else round(area / 1500)
    builder.damage(sites, clear)
    wrecks = plan.wrecks if plan.wrecks is not None else round(area / 900)
    builder.place_wrecks(wrecks, main_x, main_y, clear)
    builder.decorate()
    return layout


def _main_lines(length: int, rng: np.random.Generator) -> tuple[int, ...]:
    """Centre lines of main roads across one axis, about 30 tiles apart."""
    lines: list[int] = []
    pos = int(rng.integers(11, 19))
    while pos < length - 9:
        lines.append(pos)
        pos += int(rng.integers(30, 43))
    if not lines:
        lines.append(length // 2)
    return tuple(lines)


def _superblocks(
    width: int, height: int, main_x: tuple[int, ...], main_y: tuple[int, ...]
) -> list[Rect]:
    """The rectangles between main road corridors (sidewalks excluded)."""

    def spans(length: int, mains: tuple[int, ...]) -> list[tuple[int, int]]:
        result = []
        start = 0
        for c in sorted(mains):
            if c - MAIN_HALF_WIDTH - start >= 1:
                result.append((start, c - MAIN_HALF_WIDTH - start))
            start = c + MAIN_HALF_WIDTH + 1
        if length - start >= 1:
            result.append((start, length - start))
        return result

    return [Rect(x, y, w, h) for y, h in spans(height, main_y) for x, w in spans(width, main_x)]


def _segments(
    length: int, lo: int, hi: int, gap: int, rng: np.random.Generator
) -> list[tuple[int, int]]:
    """Cut `length` into (start, size) pieces of lo..hi with `gap` between them."""
    segs: list[tuple[int, int]] = []
    pos = 0
    while True:
        rest = length - pos
        if rest <= hi or rest < 2 * lo + gap:
            segs.append((pos, rest))
            return segs
        size = min(int(rng.integers(lo, hi + 1)), rest - lo - gap)
        segs.append((pos, size))
        pos += size + gap


class _CityBuilder:
    """Paints a city into tile-code arrays, one feature after another."""

    def __init__(
        self, width: int, height: int, rng: np.random.Generator, plan: CityPlan | None = None
    ) -> None:
        self.plan = plan or CityPlan()
        self.w = width
        self.h = height
        self.rng = rng
        self.g = np.full((height, width), Tile.OPEN, dtype=np.int8)
        self.detail = np.full((height, width), NO_TILE, dtype=np.int8)
        self.street = np.zeros((height, width), dtype=bool)  # streets of any width
        self.blocks: list[Rect] = []
        self.main_mask = np.zeros((height, width), dtype=bool)  # main corridors
        self.main_x: tuple[int, ...] = ()
        self.main_y: tuple[int, ...] = ()

    # -- roads -------------------------------------------------------------------------

    def paint_mains(self, main_x: tuple[int, ...], main_y: tuple[int, ...]) -> None:
        """Main roads: three lanes with a centre line, a sidewalk each side, junctions."""
        g = self.g
        hw = MAIN_HALF_WIDTH
        self.main_x, self.main_y = tuple(main_x), tuple(main_y)
        for c in main_x:
            g[:, c - hw : c + hw + 1] = Tile.SIDEWALK
            self.main_mask[:, c - hw : c + hw + 1] = True
        for c in main_y:
            g[c - hw : c + hw + 1, :] = Tile.SIDEWALK
            self.main_mask[c - hw : c + hw + 1, :] = True
        for c in main_x:
            g[:, c - 1 : c + 2] = Tile.ROAD
        for c in main_y:
            g[c - 1 : c + 2, :] = Tile.ROAD
        for c in main_x:
            g[:, c] = Tile.ROAD_LINE_V
        for c in main_y:
            g[c, :] = Tile.ROAD_LINE_H
        for cx in main_x:
            for cy in main_y:
                g[cy - 1 : cy + 2, cx - 1 : cx + 2] = Tile.ROAD
                g[cy, cx] = Tile.ROAD_CROSSING
        self.street |= self.main_mask

    def open_sidewalks(self, main_x: tuple[int, ...], main_y: tuple[int, ...]) -> None:
        """Where a side street meets a main road, its asphalt runs across the sidewalk."""
        g = self.g
        side_street = self.street & ~self.main_mask
        hw = MAIN_HALF_WIDTH
        for c in main_x:
            for x, outer in ((c - hw, c - hw - 1), (c + hw, c + hw + 1)):
                if 0 <= outer < self.w:
                    rows = side_street[:, outer] & (g[:, x] == Tile.SIDEWALK)
                    g[rows, x] = Tile.ROAD
        for c in main_y:
            for y, outer in ((c - hw, c - hw - 1), (c + hw, c + hw + 1)):
                if 0 <= outer < self.h:
                    cols = side_street[outer, :] & (g[y, :] == Tile.SIDEWALK)
                    g[y, cols] = Tile.ROAD

    def add_shops(self) -> None:
        """Shops on the ground floor along the north side of east-west main roads."""
        for c in self.main_y:
            y = c - MAIN_HALF_WIDTH - 1
            if y >= 0:
                row = self.g[y, :]
                row[np.isin(row, STOREYS[1:])] = Tile.SHOP_FRONT

    def mark_crossings(self) -> None:
        """Zebra crossings where two side streets cross."""
        side = self.street & ~self.main_mask
        four_way = side.copy()
        four_way[0, :] = four_way[-1, :] = False
        four_way[:, 0] = four_way[:, -1] = False
        four_way[1:-1, 1:-1] &= side[:-2, 1:-1] & side[2:, 1:-1] & side[1:-1, :-2] & side[1:-1, 2:]
        self.g[four_way & (self.g == Tile.ROAD)] = Tile.ROAD_CROSSING

    def _street(self, x: int, y: int, w: int, h: int) -> None:
        self.g[y : y + h, x : x + w] = Tile.ROAD
        self.street[y : y + h, x : x + w] = True

    # -- blocks ------------------------------------------------------------------------

    def fill_superblock(self, rect: Rect) -> None:
        """Side streets and building blocks between main roads."""
        rng = self.rng
        rows_horizontal = (
            bool(rng.random() < 0.5) if rect.w > 10 and rect.h > 10 else (rect.w >= rect.h)
        )
        # Work in a frame where block rows run along x: transpose for vertical rows.
        if rows_horizontal:
            across, along = rect.h, rect.w
        else:
            across, along = rect.w, rect.h
        strips = _segments(across, 7, 10, 1, rng)
        for i, (s0, depth) in enumerate(strips):
            if i > 0:
                width = 1
                self._frame_street(rect, rows_horizontal, s0 - width, width, 0, along)
            blocks = _segments(along, *self.plan.block_length, 1, rng)
            for j, (b0, length) in enumerate(blocks):
                if j > 0:
                    self._frame_street(rect, rows_horizontal, s0, depth, b0 - 1, 1)
                self._block(rect, rows_horizontal, s0, depth, b0, length)

    def _frame_rect(
        self, rect: Rect, rows_horizontal: bool, a0: int, a_len: int, b0: int, b_len: int
    ) -> Rect:
        """A rectangle given across (a) and along (b) the rows, in map coordinates."""
        if rows_horizontal:
            return Rect(rect.x + b0, rect.y + a0, b_len, a_len)
        return Rect(rect.x + a0, rect.y + b0, a_len, b_len)

    def _frame_street(
        self, rect: Rect, rows_horizontal: bool, a0: int, a_len: int, b0: int, b_len: int
    ) -> None:
        r = self._frame_rect(rect, rows_horizontal, a0, a_len, b0, b_len)
        self._street(r.x, r.y, r.w, r.h)

    def _block(
        self, rect: Rect, rows_horizontal: bool, a0: int, depth: int, b0: int, length: int
    ) -> None:
        """One block: one or two rows of plots, perhaps an alley."""
        rng = self.rng
        block = self._frame_rect(rect, rows_horizontal, a0, depth, b0, length)
        self.blocks.append(block)
        # Rows of plots across the block (a = across, 0 = the "north/west" side).
        rows: list[tuple[int, int, int]] = []  # (a offset, depth, facing: -1 low side, +1)
        if depth >= 6:
            back_alley = depth >= 8 and rng.random() < self.plan.back_alley_chance
            first = depth // 2 if not back_alley else (depth - 1) // 2
            rows.append((0, first, -1))
            rest0 = first + (1 if back_alley else 0)
            rows.append((rest0, depth - rest0, +1))
            if back_alley:
                r = self._frame_rect(rect, rows_horizontal, a0 + first, 1, b0, length)
                self.g[r.y : r.y + r.h, r.x : r.x + r.w] = Tile.ALLEY
        else:
            rows.append((0, depth, -1))
        cross_alley = -1
        if length >= 12 and rng.random() < self.plan.cross_alley_chance:
            cross_alley = int(rng.integers(4, length - 4))
        for ra, rdepth, facing in rows:
            pieces: list[tuple[int, int]] = []
            if cross_alley >= 0:
                pieces = [(0, cross_alley), (cross_alley + 1, length - cross_alley - 1)]
                r = self._frame_rect(rect, rows_horizontal, a0 + ra, rdepth, b0 + cross_alley, 1)
                self.g[r.y : r.y + r.h, r.x : r.x + r.w] = Tile.ALLEY
            else:
                pieces = [(0, length)]
            for p0, plen in pieces:
                for q0, qlen in _segments(plen, 3, 5, 0, rng):
                    plot = self._frame_rect(
                        rect, rows_horizontal, a0 + ra, rdepth, b0 + p0 + q0, qlen
                    )
                    front = _facing(rows_horizontal, facing)
                    self._plot(plot, front)

    def _plot(self, plot: Rect, front: str) -> None:
        """Fill one plot in a style that suits where it is."""
        rng = self.rng
        view = _front_view(self.g[plot.y : plot.y + plot.h, plot.x : plot.x + plot.w], front)
        on_main = self._faces_main(plot, front)
        roll = rng.random()
        if on_main:
            storeys = int(rng.choice([2, 3, 4], p=[0.35, 0.4, 0.25]))
            if roll < 0.55 and front == "s":  # the shop-front tile's shutters face south
                _shop_row(view, storeys)
            elif roll < 0.9:
                _solid(view, storeys, rng)
            else:
                _courtyard_house(view, storeys, rng)
            return
        storeys = int(rng.choice([1, 2, 3], p=[0.42, 0.43, 0.15]))
        styles: list[tuple[float, Callable[[], None]]] = [
            (0.40, lambda: _courtyard_house(view, storeys, rng)),
            (0.23, lambda: _compound(view, storeys, rng)),
            (0.17, lambda: _solid(view, storeys, rng)),
            (0.08, lambda: _garden(view, rng)),
            (0.07, lambda: _lot(view, rng)),
            (0.05, lambda: _unfinished(view, storeys, rng)),
        ]
        for share, draw in styles:
            if roll < share:
                draw()
                return
            roll -= share
        styles[0][1]()

    def _faces_main(self, plot: Rect, front: str) -> bool:
        """Whether the tile in front of the plot belongs to a main road corridor."""
        x, y = plot.x + plot.w // 2, plot.y + plot.h // 2
        if front == "n":
            y = plot.y - 1
        elif front == "s":
            y = plot.y + plot.h
        elif front == "w":
            x = plot.x - 1
        else:
            x = plot.x + plot.w
        return 0 <= x < self.w and 0 <= y < self.h and bool(self.main_mask[y, x])

    # -- landmarks ---------------------------------------------------------------------

    def place_mosque(self, near: TilePos | None) -> Rect | None:
        """A walled mosque compound with a courtyard, a domed hall and a minaret."""
        candidates = [b for b in self.blocks if b.w >= 8 and b.h >= 7]
        if not candidates:
            return None
        if near is None:
            block = candidates[int(self.rng.integers(len(candidates)))]
        else:
            block = min(
                candidates,
                key=lambda b: (abs(b.centre.x - near.x) + abs(b.centre.y - near.y), b.x, b.y),
            )
        w, h = min(block.w, 9), min(block.h, 8)
        rect = Rect(block.x + (block.w - w) // 2, block.y, w, h)
        v = self.g[rect.y : rect.y + h, rect.x : rect.x + w]
        self.detail[rect.y : rect.y + h, rect.x : rect.x + w] = NO_TILE
        v[:] = Tile.COURTYARD
        v[0, :] = v[-1, :] = Tile.WALL
        v[:, 0] = v[:, -1] = Tile.WALL
        v[0, w // 2] = Tile.COURTYARD  # the gate on the street side
        v[-1, w // 2] = Tile.COURTYARD
        mid = w // 2
        v[h - 4 : h - 2, mid - 1 : mid + 2] = Tile.MOSQUE  # the domed prayer hall
        v[h - 5, mid + 2] = Tile.MINARET
        v[1, 1] = v[1, w - 2] = v[h - 2, 1] = Tile.PALMS
        return rect

    def place_market(self, near: TilePos | None) -> Rect | None:
        """A market street: stalls with awnings along both sides of a straight side street."""
        side = self.street & ~self.main_mask
        ys, xs = np.nonzero(side)
        if len(xs) == 0:
            return None
        target = near or TilePos(int(self.rng.integers(self.w)), int(self.rng.integers(self.h)))
        order = np.lexsort((xs, ys, np.abs(xs - target.x) + np.abs(ys - target.y)))
        for i in order:
            x, y = int(xs[i]), int(ys[i])
            for dx, dy in ((1, 0), (0, 1)):
                lo = hi = 0
                while _inside(side, x - (lo + 1) * dx, y - (lo + 1) * dy) and lo < 6:
                    lo += 1
                while _inside(side, x + (hi + 1) * dx, y + (hi + 1) * dy) and hi < 6:
                    hi += 1
                if lo + hi + 1 < 9:
                    continue
                if dx:
                    rect = Rect(
                        x - lo, max(0, y - 1), lo + hi + 1, min(self.h, y + 2) - max(0, y - 1)
                    )
                else:
                    rect = Rect(
                        max(0, x - 1), y - lo, min(self.w, x + 2) - max(0, x - 1), lo + hi + 1
                    )
                region = self.g[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w]
                stalls = np.isin(region, (*STOREYS, Tile.WALL, Tile.SHOP_FRONT, Tile.COURTYARD))
                region[stalls] = Tile.MARKET
                self.detail[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w] = NO_TILE
                return rect
        return None

    # -- damage and clutter -----------------------------------------------------------

    def clear_mask(self, keep_clear: tuple[Rect, ...], mosque: Rect | None) -> np.ndarray:
        """Bool (H, W): where no damage may be placed."""
        mask = np.zeros((self.h, self.w), dtype=bool)
        for r in (*keep_clear, *((mosque,) if mosque else ())):
            mask[max(0, r.y) : r.y + r.h, max(0, r.x) : r.x + r.w] = True
        return mask

    def damage(self, sites: int, clear: np.ndarray) -> None:
        """Shelled spots: collapsed buildings, heavy and light rubble spilling on the street."""
        g = self.g
        building = np.isin(g, STOREYS) & ~clear
        near_street = np.zeros_like(building)
        near_street[1:, :] |= self.street[:-1, :]
        near_street[:-1, :] |= self.street[1:, :]
        near_street[:, 1:] |= self.street[:, :-1]
        near_street[:, :-1] |= self.street[:, 1:]
        ys, xs = np.nonzero(building & near_street)
        if len(xs) == 0 or sites <= 0:
            return
        picks = self.rng.choice(len(xs), size=min(sites, len(xs)), replace=False)
        yy, xx = np.mgrid[0 : self.h, 0 : self.w]
        junction = np.zeros_like(building)
        for cx in self.main_x:
            for cy in self.main_y:
                junction[max(0, cy - 1) : cy + 2, max(0, cx - 1) : cx + 2] = True
        junction |= g == Tile.ROAD_CROSSING
        for i in sorted(int(p) for p in picks):
            cx, cy = int(xs[i]), int(ys[i])
            radius = float(self.rng.uniform(1.3, 2.4))
            dist = np.hypot(xx - cx, yy - cy)
            area = (dist <= radius) & ~clear
            noise = self.rng.random((self.h, self.w))
            b = area & np.isin(g, STOREYS)
            g[b & (dist <= radius * 0.6)] = Tile.COLLAPSED
            g[b & (dist > radius * 0.6)] = np.where(
                noise[b & (dist > radius * 0.6)] < 0.5, Tile.COLLAPSED, Tile.HEAVY_RUBBLE
            )
            soft = area & np.isin(g, (Tile.WALL, Tile.COURTYARD, Tile.OPEN, Tile.SIDEWALK))
            g[soft & (noise < 0.6)] = Tile.RUBBLE
            road = area & np.isin(g, ROAD_TILES) & ~junction
            g[road & (noise < 0.3)] = Tile.RUBBLE
            self.detail[area] = NO_TILE

    def place_wrecks(
        self, count: int, main_x: tuple[int, ...], main_y: tuple[int, ...], clear: np.ndarray
    ) -> None:
        """Burnt-out cars on the outer lanes of main roads, never closing a road."""
        g = self.g
        lanes = np.zeros((self.h, self.w), dtype=bool)
        for c in main_x:
            lanes[:, [c - 1, c + 1]] = True
        for c in main_y:
            lanes[[c - 1, c + 1], :] = True
        near_junction = np.zeros_like(lanes)
        for cx in main_x:
            for cy in main_y:
                near_junction[max(0, cy - 4) : cy + 5, max(0, cx - 4) : cx + 5] = True
        ok = lanes & (g == Tile.ROAD) & ~near_junction & ~clear
        ys, xs = np.nonzero(ok)
        if len(xs) == 0:
            return
        order = self.rng.permutation(len(xs))
        placed: list[tuple[int, int]] = []
        for i in order:
            if len(placed) >= count:
                break
            x, y = int(xs[i]), int(ys[i])
            if any(max(abs(x - px), abs(y - py)) <= 3 for px, py in placed):
                continue
            g[y, x] = Tile.WRECK
            placed.append((x, y))

    def decorate(self) -> None:
        """Parked cars along the kerbs and in yards, a few tyre piles."""
        g, rng = self.g, self.rng
        noise = rng.random((self.h, self.w))
        beside_block = np.zeros((self.h, self.w), dtype=bool)
        solid = ~self.street
        beside_block[1:, :] |= solid[:-1, :]
        beside_block[:-1, :] |= solid[1:, :]
        beside_block[:, 1:] |= solid[:, :-1]
        beside_block[:, :-1] |= solid[:, 1:]
        # The car tile points north: park cars only along north-south streets.
        vertical = self.street.copy()
        vertical[1:, :] &= self.street[:-1, :]
        vertical[:-1, :] &= self.street[1:, :]
        kerb = (g == Tile.ROAD) & beside_block & ~self.main_mask & vertical
        main_kerb = (g == Tile.ROAD) & self.main_mask & _next_to(g, Tile.SIDEWALK) & vertical
        main_kerb &= ~_next_to(g, Tile.ROAD_LINE_H)
        cars = (kerb & (noise < 0.07)) | (main_kerb & (noise < 0.05))
        cars |= np.isin(g, (Tile.OPEN, Tile.COURTYARD)) & ~self.street & (noise > 0.96)
        tyres = np.isin(g, (Tile.SIDEWALK, Tile.OPEN, Tile.RUBBLE)) & (noise > 0.993)
        free = self.detail == NO_TILE
        self.detail[cars & free] = Tile.PARKED_CAR
        self.detail[tyres & free & ~cars] = Tile.TYRES


# -- plot styles, drawn in a view whose row 0 faces the street -----------------------------


def _facing(rows_horizontal: bool, facing: int) -> str:
    """The compass side a plot row faces: n, s, w or e."""
    if rows_horizontal:
        return "n" if facing < 0 else "s"
    return "w" if facing < 0 else "e"


def _front_view(sub: np.ndarray, front: str) -> np.ndarray:
    """A writable rotated view of a plot with its street side as row 0."""
    return np.rot90(sub, {"n": 0, "s": 2, "e": 1, "w": -1}[front])


def _building(storeys: int) -> int:
    return int(STOREYS[max(1, min(4, storeys)) - 1])


def _courtyard_house(v: np.ndarray, storeys: int, rng: np.random.Generator) -> None:
    """A house around an inner courtyard (or with a walled back yard)."""
    d, w = v.shape
    v[:] = _building(storeys)
    if d >= 3 and w >= 3:
        if d >= 4 and rng.random() < 0.45:
            fd = d // 2
            v[fd:, :] = Tile.COURTYARD
            v[fd:, 0] = Tile.WALL
            v[-1, :] = Tile.WALL
            if rng.random() < 0.5:
                v[fd:, -1] = _building(storeys)
        else:
            v[1:-1, 1:-1] = Tile.COURTYARD
            if (d - 2) * (w - 2) >= 3 and rng.random() < 0.5:
                v[1, 1] = Tile.PALMS if rng.random() < 0.6 else Tile.TREES


def _compound(v: np.ndarray, storeys: int, rng: np.random.Generator) -> None:
    """A walled compound: front yard behind a gate, the house at the back."""
    d, w = v.shape
    if d < 4 or w < 3:
        _courtyard_house(v, storeys, rng)
        return
    v[:] = Tile.COURTYARD
    v[0, :] = Tile.WALL
    v[:, 0] = Tile.WALL
    v[:, -1] = Tile.WALL
    v[0, int(rng.integers(1, w - 1))] = Tile.COURTYARD
    v[2:, :] = _building(storeys)
    if rng.random() < 0.5:
        v[1, 1 if rng.random() < 0.5 else w - 2] = Tile.PALMS


def _solid(v: np.ndarray, storeys: int, rng: np.random.Generator) -> None:
    """A solid block of flats, with a light well when large."""
    d, w = v.shape
    v[:] = _building(storeys)
    if d >= 5 and w >= 5:
        v[2:-2, 2:-2] = Tile.COURTYARD


def _shop_row(v: np.ndarray, storeys: int) -> None:
    """Shops with shutters on the street side, flats behind."""
    v[:] = _building(storeys)
    v[0, :] = Tile.SHOP_FRONT


def _garden(v: np.ndarray, rng: np.random.Generator) -> None:
    """A walled garden of dry grass with palms and trees."""
    w = v.shape[1]
    v[:] = Tile.GRASS
    v[0, :] = Tile.WALL
    v[0, int(rng.integers(0, w))] = Tile.GRASS
    inner = v[1:, :]
    roll = rng.random(inner.shape)
    inner[roll < 0.25] = Tile.PALMS
    inner[(roll >= 0.25) & (roll < 0.4)] = Tile.TREES


def _lot(v: np.ndarray, rng: np.random.Generator) -> None:
    """An empty lot: dirt, a little rubble, maybe a tree."""
    roll = rng.random(v.shape)
    v[:] = Tile.OPEN
    v[roll < 0.12] = Tile.RUBBLE
    v[roll > 0.95] = Tile.TREES


def _unfinished(v: np.ndarray, storeys: int, rng: np.random.Generator) -> None:
    """A house hit before: part standing, part collapsed."""
    _courtyard_house(v, storeys, rng)
    roll = rng.random(v.shape)
    hit = np.isin(v, STOREYS) & (roll < 0.5)
    v[hit] = Tile.COLLAPSED


def _inside(mask: np.ndarray, x: int, y: int) -> bool:
    """Whether (x, y) is on the array and set there."""
    return 0 <= y < mask.shape[0] and 0 <= x < mask.shape[1] and bool(mask[y, x])


def _next_to(g: np.ndarray, tile: int) -> np.ndarray:
    """Bool (H, W): cells with a 4-neighbour of this tile."""
    t = g == tile
    out = np.zeros_like(t)
    out[1:, :] |= t[:-1, :]
    out[:-1, :] |= t[1:, :]
    out[:, 1:] |= t[:, :-1]
    out[:, :-1] |= t[:, 1:]
    return out


# -- from tile names to the tileset's gids and to terrain --------------------------------


@dataclass(frozen=True)
class TileCatalogue:
    """The tiles of one .tsx tileset: local id by tile_name and each tile's properties."""

    path: Path
    name: str
    tile_count: int
    local_ids: dict[str, int]
    properties: dict[int, dict[str, Any]]

    def codes_to_local(self) -> np.ndarray:
        """Int32 lookup: Tile code -> local id in this tileset (-1 when missing)."""
        table = np.full(len(Tile), -1, dtype=np.int32)
        for t in Tile:
            table[t] = self.local_ids.get(t.tile_name, -1)
        return table


def read_catalogue(path: Path = URBAN_TSX, required: tuple[str, ...] = TILE_NAMES) -> TileCatalogue:
    """Read a tileset's tile names and properties; raise ValueError when it is unusable.

    The file goes through game/tiled's safe reader (size caps, no DTDs, files kept inside
    the game's folders), like every tileset a map references.
    """
    log = ProblemLog(str(path))
    try:
        tileset = read_tileset(path, log)
    except ScenarioError as exc:
        raise ValueError(str(exc)) from None
    if log.errors:
        raise ValueError("\n".join(str(problem) for problem in log.errors))
    properties = {local: dict(tile.properties) for local, tile in tileset.tiles.items()}
    local_ids: dict[str, int] = {}
    for local, props in properties.items():
        name = props.get("tile_name")
        if isinstance(name, str):
            local_ids[name] = local
    missing = [n for n in required if n not in local_ids]
    if missing:
        raise ValueError(f"{path}: no tile with tile_name {', '.join(missing)}")
    return TileCatalogue(
        path=path,
        name=tileset.name,
        tile_count=tileset.tile_count,
        local_ids=local_ids,
        properties=properties,
    )


def layout_gids(layout: CityLayout, catalogue: TileCatalogue, first_gid: int = 1) -> np.ndarray:
    """The ground layer as uint32 gids of the catalogue's tileset."""
    return (catalogue.codes_to_local()[layout.ground] + first_gid).astype(np.uint32)


def detail_gids(layout: CityLayout, catalogue: TileCatalogue, first_gid: int = 1) -> np.ndarray:
    """The detail layer as uint32 gids (0 = empty)."""
    table = catalogue.codes_to_local()
    out = np.zeros(layout.detail.shape, dtype=np.uint32)
    painted = layout.detail != NO_TILE
    out[painted] = table[layout.detail[painted]] + first_gid
    return out


def tile_table(catalogue: TileCatalogue, ruleset: Ruleset, first_gid: int = 1) -> GidTable:
    """Terrain per gid of the tileset (kind plus the tile's overrides) as a GidTable."""
    terrain: dict[int, TerrainType] = {}
    problems: list[str] = []
    for local, props in sorted(catalogue.properties.items()):
        kind = ruleset.terrain.get(str(props.get("terrain", "")))
        if kind is None:
            continue
        overrides = {k: v for k, v in props.items() if k in TERRAIN_FIELDS}
        reader = FieldReader(overrides, f"{catalogue.path}: tile {local}", problems)
        terrain[first_gid + local] = kind.with_overrides(reader)
    if problems:
        raise ValueError("; ".join(problems))
    collapse: dict[int, int] = {}
    for gid, kind in terrain.items():
        if kind.building_hp <= 0:
            continue
        explicit = catalogue.properties[gid - first_gid].get("collapse_tile")
        if isinstance(explicit, int):
            collapse[gid] = first_gid + explicit
            continue
        targets = [g for g, k in sorted(terrain.items()) if k.name == kind.collapses_to]
        if targets:
            collapse[gid] = targets[0]
    empty = next(iter(ruleset.terrain.values()))
    return GidTable.build(terrain, collapse, empty)


def city_terrain_grid(
    width: int,
    height: int,
    seed: int,
    ruleset: Ruleset,
    tileset: Path = URBAN_TSX,
    plan: CityPlan | None = None,
) -> TerrainGrid:
    """The TerrainGrid of a generated city, without writing a map file."""
    catalogue = read_catalogue(tileset)
    layout = generate_layout(width, height, seed, plan)
    return tile_table(catalogue, ruleset).grid(layout_gids(layout, catalogue))


def wheeled_reachable(passable: np.ndarray, start: TilePos) -> np.ndarray:
    """Bool (H, W): cells 4-connected to `start` through passable cells (a flood fill)."""
    reached = np.zeros_like(passable)
    if not passable[start.y, start.x]:
        return reached
    reached[start.y, start.x] = True
    for _ in range(passable.size):
        grown = reached.copy()
        grown[1:, :] |= reached[:-1, :]
        grown[:-1, :] |= reached[1:, :]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= passable
        if np.array_equal(grown, reached):
            break
        reached = grown
    return reached
