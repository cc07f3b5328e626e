"""The urban tileset, drawn procedurally with pygame and written as a PNG sheet plus a Tiled .tsx.

`python main.py make-art` (game/art/make_art.py) regenerates every shipped tileset (urban, units,
markers) deterministically: texture noise comes from seeded generators, so the same code always
gives the same pixels.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pygame

from game.core.paths import ASSETS_DIR, MAPS_DIR
from game.rules.data_files import RulesError, read_toml
from game.rules.ruleset import load_ruleset
from game.tiled.tmx_writer import PropertyValue

TILE = 32
COLUMNS = 8
SUPERSAMPLE = 4
ART_SEED = 2016_10_17  # the day the Mosul offensive began
TILESETS_DIR = MAPS_DIR / "tilesets"
URBAN_CATALOGUE = ASSETS_DIR / "art" / "urban_tiles.toml"
MOVE_OVERRIDES = ("foot", "wheeled", "tracked")
FLOAT_OVERRIDES = ("cover", "height", "obscuration")
INT_OVERRIDES = ("building_hp",)
BOOL_OVERRIDES = ("blocks_sight",)
RESERVED_PROPERTY_NAMES = frozenset({"name", "type", "id", "x", "y", "class"})

Colour = tuple[int, int, int] | tuple[int, int, int, int]
Point = tuple[float, float]


@dataclass(frozen=True)
class TileSpec:
    """One tile of a tileset: its name, terrain kind and property overrides."""

    tile_name: str
    terrain: str
    overrides: dict[str, PropertyValue] = field(default_factory=dict)

    def properties(self) -> dict[str, PropertyValue]:
        """Every custom property the .tsx gives this tile."""
        return {"tile_name": self.tile_name, "terrain": self.terrain, **self.overrides}


def _override(name: str, value: object, where: str, problems: list[str]) -> PropertyValue | None:
    """A checked terrain override value, or None after noting the problem."""
    if name in MOVE_OVERRIDES and value == "impassable":
        return "impassable"
    if name in MOVE_OVERRIDES or name in FLOAT_OVERRIDES:
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        problems.append(f"{where}: '{name}' must be a number of at least 0, got {value!r}.")
    elif name in INT_OVERRIDES:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        problems.append(f"{where}: '{name}' must be a whole number of at least 0, got {value!r}.")
    elif name in BOOL_OVERRIDES:
        if isinstance(value, bool):
            return value
        problems.append(f"{where}: '{name}' must be true or false, got {value!r}.")
    else:
        known = ", ".join((*MOVE_OVERRIDES, *FLOAT_OVERRIDES, *INT_OVERRIDES, *BOOL_OVERRIDES))
        problems.append(f"{where}: unknown field '{name}' (terrain overrides: {known}).")
    return None


def load_urban_catalogue(
    path: Path = URBAN_CATALOGUE, terrain_kinds: Iterable[str] | None = None
) -> tuple[TileSpec, ...]:
    """Read the urban tile catalogue (local id = order); raise RulesError listing every problem."""
    data = read_toml(path)
    kinds = set(terrain_kinds) if terrain_kinds is not None else set(load_ruleset().terrain)
    problems: list[str] = []
    entries = data.get("tile")
    if not isinstance(entries, list) or not entries:
        raise RulesError([f"{path}: no [[tile]] entries; list the tiles in order, one each."])
    names: list[str] = []
    found: list[tuple[str, str, dict[str, PropertyValue]]] = []
    for index, entry in enumerate(entries):
        where = f"{path}: tile {index}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table of fields.")
            continue
        name, terrain = entry.get("tile_name"), entry.get("terrain")
        if not isinstance(name, str) or name not in URBAN_PAINTERS:
            problems.append(
                f"{where}: tile_name {name!r} has no painter in game/art/tileset_art.py "
                f"(known: {', '.join(URBAN_PAINTERS)})."
            )
            name = str(name)
        if name in names:
            problems.append(f"{where}: tile_name '{name}' is used twice; names must be unique.")
        if terrain not in kinds:
            known = ", ".join(sorted(kinds))
            problems.append(f"{where} ('{name}'): unknown terrain {terrain!r} (known: {known}).")
        overrides: dict[str, PropertyValue] = {}
        for key, value in entry.items():
            if key in ("tile_name", "terrain"):
                continue
            checked = _override(key, value, f"{where} ('{name}')", problems)
            if checked is not None:
                overrides[key] = checked
        names.append(name)
        found.append((name, str(terrain), overrides))
    collapse = data.get("collapse_tile")
    if collapse not in names:
        problems.append(f"{path}: collapse_tile {collapse!r} must name one of the tiles.")
    if problems:
        raise RulesError(problems)
    collapse_id = names.index(str(collapse))
    return tuple(
        TileSpec(
            name, terrain, {**over, "collapse_tile": collapse_id} if terrain == "building" else over
        )
        for name, terrain, over in found
    )


# --- palette: muted, sandy, sun-bleached ---------------------------------------------------
ASPHALT = (84, 82, 78)
MARKING = (206, 200, 178)
PAVING = (170, 165, 152)
EARTH = (150, 126, 96)
DIRT = (178, 153, 115)
SAND = (214, 193, 150)
GRASS = (146, 138, 86)
CANOPY = (70, 94, 56)
CANOPY_LIGHT = (104, 128, 74)
PALM = (92, 112, 60)
MASONRY = (168, 154, 130)
MUD_BRICK = (163, 121, 84)
WATER = (58, 92, 98)
SOIL = (128, 100, 72)
DUST = (162, 150, 132)
CONCRETE = (150, 146, 138)
SOOT = (28, 26, 24)
SHADOW = (0, 0, 0, 70)
SHADOW_DEEP = (0, 0, 0, 110)
# Roof tones by storeys: low mud-plaster houses are warm and dark, tall concrete blocks pale.
ROOF_BY_HEIGHT = {
    1: (164, 138, 106),
    2: (186, 164, 128),
    3: (206, 194, 168),
    4: (230, 226, 214),
}
PIP = (52, 42, 34)
PIP_LIGHT = (250, 244, 226)
SHADOW_BAND = {1: 2.0, 2: 3.0, 3: 4.0, 4: 5.5}  # px of drop shadow on the south/east edges


def _shift(colour: Sequence[int], amount: float) -> tuple[int, int, int]:
    """A colour made lighter (amount > 0) or darker, clamped to 0..255."""
    return (
        int(max(0, min(255, colour[0] + amount))),
        int(max(0, min(255, colour[1] + amount))),
        int(max(0, min(255, colour[2] + amount))),
    )


def _mix(a: Sequence[int], b: Sequence[int], t: float) -> tuple[int, int, int]:
    """Linear blend of two colours: t = 0 gives a, t = 1 gives b."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def tileable_noise(rng: np.random.Generator, size: int, blur: int) -> np.ndarray:
    """Seamlessly tiling noise (size x size, mean 0, std 1), smoothed `blur` times."""
    a = rng.standard_normal((size, size))
    for _ in range(blur):
        a = (a + np.roll(a, 1, 0) + np.roll(a, -1, 0) + np.roll(a, 1, 1) + np.roll(a, -1, 1)) / 5
    a = a - a.mean()
    std = float(a.std())
    return a / std if std > 0 else a


class ArtCanvas:
    """A supersampled RGBA drawing surface addressed in final-pixel coordinates.

    Shapes are drawn at SUPERSAMPLE x the size and `result()` shrinks them with smoothing,
    which anti-aliases every edge. Colours with alpha < 255 are blended over what is there.
    """

    def __init__(self, width: float, height: float, scale: int = SUPERSAMPLE) -> None:
        self.width = width
        self.height = height
        self.scale = scale
        size = (round(width * scale), round(height * scale))
        self.surface = pygame.Surface(size, pygame.SRCALPHA, 32)
        self.surface.fill((0, 0, 0, 0))

    def _v(self, value: float) -> int:
        return round(value * self.scale)

    def _pts(self, points: Iterable[Point], dx: float = 0.0, dy: float = 0.0) -> list[tuple]:
        return [(self._v(x + dx), self._v(y + dy)) for x, y in points]

    def _offsets(self, wrap: bool) -> list[tuple[float, float]]:
        if not wrap:
            return [(0.0, 0.0)]
        return [
            (ox, oy)
            for ox in (-self.width, 0.0, self.width)
            for oy in (-self.height, 0.0, self.height)
        ]

    def _draw(self, colour: Colour, paint: Callable[[pygame.Surface, Colour], object]) -> None:
        if len(colour) == 4 and colour[3] < 255:
            layer = pygame.Surface(self.surface.get_size(), pygame.SRCALPHA, 32)
            layer.fill((0, 0, 0, 0))
            paint(layer, colour)
            self.surface.blit(layer, (0, 0))
        else:
            paint(self.surface, colour)

    def fill(self, colour: Colour) -> None:
        """Fill the whole canvas."""
        self._draw(colour, lambda s, c: s.fill(c))

    def pixels(self, rgb: np.ndarray) -> None:
        """Cover the canvas with an (height, width, 3) array of final-size pixels."""
        up = np.repeat(
            np.repeat(np.clip(rgb, 0, 255).astype(np.uint8), self.scale, 0), self.scale, 1
        )
        h, w = up.shape[:2]
        image = pygame.image.frombytes(np.ascontiguousarray(up).tobytes(), (w, h), "RGB")
        self.surface.blit(image, (0, 0))

    def rect(
        self, colour: Colour, x: float, y: float, w: float, h: float, width: float = 0
    ) -> None:
        """An axis-aligned rectangle (filled, or an outline `width` px thick)."""
        r = pygame.Rect(
            self._v(x), self._v(y), self._v(x + w) - self._v(x), self._v(y + h) - self._v(y)
        )
        self._draw(colour, lambda s, c: pygame.draw.rect(s, c, r, self._v(width)))

    def polygon(
        self, colour: Colour, points: Sequence[Point], width: float = 0, wrap: bool = False
    ) -> None:
        """A polygon (filled, or an outline); `wrap` repeats it across the tile edges."""

        def paint(s: pygame.Surface, c: Colour) -> None:
            for ox, oy in self._offsets(wrap):
                pygame.draw.polygon(s, c, self._pts(points, ox, oy), self._v(width))

        self._draw(colour, paint)

    def circle(
        self, colour: Colour, cx: float, cy: float, r: float, width: float = 0, wrap: bool = False
    ) -> None:
        """A circle (filled, or a ring `width` px thick)."""

        def paint(s: pygame.Surface, c: Colour) -> None:
            for ox, oy in self._offsets(wrap):
                pygame.draw.circle(
                    s, c, (self._v(cx + ox), self._v(cy + oy)), self._v(r), self._v(width)
                )

        self._draw(colour, paint)

    def ellipse(
        self, colour: Colour, x: float, y: float, w: float, h: float, wrap: bool = False
    ) -> None:
        """A filled axis-aligned ellipse in the box (x, y, w, h)."""

        def paint(s: pygame.Surface, c: Colour) -> None:
            for ox, oy in self._offsets(wrap):
                box = pygame.Rect(self._v(x + ox), self._v(y + oy), self._v(w), self._v(h))
                pygame.draw.ellipse(s, c, box)

        self._draw(colour, paint)

    def line(
        self, colour: Colour, a: Point, b: Point, width: float = 1.0, wrap: bool = False
    ) -> None:
        """A straight stroke with round ends."""
        self.lines(colour, [a, b], width, wrap=wrap)

    def lines(
        self,
        colour: Colour,
        points: Sequence[Point],
        width: float = 1.0,
        closed: bool = False,
        wrap: bool = False,
    ) -> None:
        """A polyline `width` px thick with round joints."""
        radius = max(1, self._v(width) // 2)

        def paint(s: pygame.Surface, c: Colour) -> None:
            for ox, oy in self._offsets(wrap):
                pts = self._pts(points, ox, oy)
                if closed:
                    pts = [*pts, pts[0]]
                pygame.draw.lines(s, c, False, pts, max(1, self._v(width)))
                for p in pts:
                    pygame.draw.circle(s, c, p, radius)

        self._draw(colour, paint)

    def result(self, zoom: float = 1.0) -> pygame.Surface:
        """The finished picture at its final size (times zoom), smoothly reduced."""
        size = (round(self.width * zoom), round(self.height * zoom))
        return pygame.transform.smoothscale(self.surface, size)


def copy_into(dest: pygame.Surface, src: pygame.Surface, x: int, y: int) -> None:
    """Copy src's RGBA pixels into dest at (x, y) exactly, without alpha blending."""
    w, h = src.get_size()
    rgb = pygame.surfarray.pixels3d(dest)
    rgb[x : x + w, y : y + h] = pygame.surfarray.array3d(src)
    del rgb
    alpha = pygame.surfarray.pixels_alpha(dest)
    alpha[x : x + w, y : y + h] = pygame.surfarray.array_alpha(src)
    del alpha


def sheet_of(tiles: Sequence[pygame.Surface], columns: int, tile: int = TILE) -> pygame.Surface:
    """Lay tiles out left to right, top to bottom, on one transparent sheet."""
    rows = max(1, math.ceil(len(tiles) / columns))
    sheet = pygame.Surface((columns * tile, rows * tile), pygame.SRCALPHA, 32)
    sheet.fill((0, 0, 0, 0))
    for i, surf in enumerate(tiles):
        copy_into(sheet, surf, (i % columns) * tile, (i // columns) * tile)
    return sheet


# --- Tiled .tsx ----------------------------------------------------------------------------


def _property_xml(name: str, value: PropertyValue) -> str:
    if name in RESERVED_PROPERTY_NAMES:
        raise ValueError(f"'{name}' cannot be a custom property name: pytmx rejects it")
    if isinstance(value, bool):
        return f'<property name="{name}" type="bool" value="{"true" if value else "false"}"/>'
    if isinstance(value, int):
        return f'<property name="{name}" type="int" value="{value}"/>'
    if isinstance(value, float):
        return f'<property name="{name}" type="float" value="{value:g}"/>'
    return f"<property name={quoteattr(name)} value={quoteattr(value)}/>"


def tileset_xml(
    name: str,
    image: str,
    image_size: tuple[int, int],
    columns: int,
    tiles: Sequence[dict[str, PropertyValue]],
    tile: int = TILE,
) -> str:
    """A Tiled 1.8 external tileset whose tiles carry the given custom properties."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tileset version="1.8" tiledversion="1.8.2" name={quoteattr(name)} tilewidth="{tile}" '
        f'tileheight="{tile}" tilecount="{len(tiles)}" columns="{columns}">',
        f' <image source={quoteattr(image)} width="{image_size[0]}" height="{image_size[1]}"/>',
    ]
    for tile_id, props in enumerate(tiles):
        out.append(f' <tile id="{tile_id}">')
        out.append("  <properties>")
        out.extend(f"   {_property_xml(key, props[key])}" for key in sorted(props))
        out.append("  </properties>")
        out.append(" </tile>")
    out.append("</tileset>")
    return "\n".join(out) + "\n"


def write_tileset(
    folder: Path,
    name: str,
    tiles: Sequence[pygame.Surface],
    properties: Sequence[dict[str, PropertyValue]],
    columns: int,
) -> list[Path]:
    """Write NAME.png and NAME.tsx into folder; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    sheet = sheet_of(tiles, columns)
    png = folder / f"{name}.png"
    tsx = folder / f"{name}.tsx"
    pygame.image.save(sheet, str(png))
    tsx.write_text(
        tileset_xml(name, png.name, sheet.get_size(), columns, properties), encoding="utf-8"
    )
    return [png, tsx]


def write_tile_pictures(sheet_path: Path, folder: Path, scale: int = 2) -> list[Path]:
    """One PNG per tile of a tileset's sheet (NAME-ID.png, `scale` times larger, hard
    edges), for a table of tiles a designer can read without opening the .tsx."""
    sheet = pygame.image.load(str(sheet_path))
    columns = sheet.get_width() // TILE
    count = columns * (sheet.get_height() // TILE)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for tile_id in range(count):
        row, column = divmod(tile_id, columns)
        tile = sheet.subsurface(pygame.Rect(column * TILE, row * TILE, TILE, TILE))
        picture = pygame.transform.scale(tile, (TILE * scale, TILE * scale))
        path = folder / f"{sheet_path.stem}-{tile_id}.png"
        pygame.image.save(picture, str(path))
        written.append(path)
    return written


# --- ground textures -----------------------------------------------------------------------


def _ground(
    rng: np.random.Generator, base: Sequence[int], fine: float, blotch: float
) -> np.ndarray:
    """A (TILE, TILE, 3) seamless texture: base colour with fine grain and soft blotches."""
    lum = fine * tileable_noise(rng, TILE, 0) + blotch * tileable_noise(rng, TILE, 5)
    warm = 0.35 * blotch * tileable_noise(rng, TILE, 3)
    rgb = np.empty((TILE, TILE, 3))
    rgb[..., 0] = base[0] + lum + warm
    rgb[..., 1] = base[1] + lum
    rgb[..., 2] = base[2] + lum - warm
    return rgb


def _scatter(
    c: ArtCanvas,
    rng: np.random.Generator,
    count: int,
    size: tuple[float, float],
    colours: Sequence[Sequence[int]],
    shadow: float = 0.8,
    margin: float = 0.0,
) -> None:
    """Scatter small irregular stones (wrapping across tile edges) with a south-east shadow."""
    for _ in range(count):
        cx = float(rng.uniform(margin, TILE - margin))
        cy = float(rng.uniform(margin, TILE - margin))
        r = float(rng.uniform(*size))
        n = int(rng.integers(4, 7))
        start = float(rng.uniform(0, math.tau))
        pts = [
            (
                cx + r * float(rng.uniform(0.6, 1.0)) * math.cos(start + k * math.tau / n),
                cy + r * float(rng.uniform(0.6, 1.0)) * math.sin(start + k * math.tau / n),
            )
            for k in range(n)
        ]
        colour = colours[int(rng.integers(0, len(colours)))]
        tone = _shift(colour, float(rng.uniform(-14, 14)))
        wrap = margin == 0.0
        if shadow > 0:
            c.polygon((0, 0, 0, 90), [(x + shadow, y + shadow) for x, y in pts], wrap=wrap)
        c.polygon(tone, pts, wrap=wrap)
        if r > 2.2:  # a lit north-west face
            c.polygon(_shift(tone, 22), [pts[-1], pts[0], (cx, cy)], wrap=wrap)


def _asphalt(c: ArtCanvas, rng: np.random.Generator) -> None:
    rgb = _ground(rng, ASPHALT, 3.0, 3.5)
    c.pixels(rgb)
    for _ in range(3):  # patched, sun-faded repairs
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        c.ellipse(
            (98, 95, 90, 60), x, y, float(rng.uniform(4, 9)), float(rng.uniform(3, 6)), wrap=True
        )
    for _ in range(2):  # hairline cracks
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        pts = [(x, y)]
        for _ in range(3):
            x += float(rng.uniform(-4, 4))
            y += float(rng.uniform(-4, 4))
            pts.append((x, y))
        c.lines((50, 48, 46, 150), pts, 0.5, wrap=True)


def _worn(c: ArtCanvas, rng: np.random.Generator, x: float, y: float, w: float, h: float) -> None:
    """A faded road marking with worn patches."""
    c.rect((*MARKING, 200), x, y, w, h)
    for _ in range(int(w * h // 6)):
        px, py = float(rng.uniform(x, x + w)), float(rng.uniform(y, y + h))
        c.rect((*ASPHALT, 120), px, py, 0.75, 0.75)


# --- the tiles -----------------------------------------------------------------------------


def _road(c: ArtCanvas, rng: np.random.Generator) -> None:
    _asphalt(c, rng)


def _road_line_h(c: ArtCanvas, rng: np.random.Generator) -> None:
    _asphalt(c, rng)
    for x in (4.0, 20.0):
        _worn(c, rng, x, 15.0, 8.0, 2.0)


def _road_line_v(c: ArtCanvas, rng: np.random.Generator) -> None:
    _asphalt(c, rng)
    for y in (4.0, 20.0):
        _worn(c, rng, 15.0, y, 2.0, 8.0)


def _road_crossing(c: ArtCanvas, rng: np.random.Generator) -> None:
    _asphalt(c, rng)
    c.ellipse((40, 38, 36, 60), 9, 10, 14, 12)  # oil stains where traffic stops
    for k in range(5):
        s = 7.0 + k * 4.0
        _worn(c, rng, s, 1.0, 2.0, 5.0)
        _worn(c, rng, s, 26.0, 2.0, 5.0)
        _worn(c, rng, 1.0, s, 5.0, 2.0)
        _worn(c, rng, 26.0, s, 5.0, 2.0)


def _sidewalk(c: ArtCanvas, rng: np.random.Generator) -> None:
    rgb = _ground(rng, PAVING, 2.5, 2.0)
    for sy in range(0, TILE, 8):
        for sx in range(0, TILE, 8):
            rgb[sy : sy + 8, sx : sx + 8] += float(rng.uniform(-7, 7))
    c.pixels(rgb)
    for k in range(0, TILE, 8):
        c.rect((128, 123, 112), 0, k, TILE, 0.75)
        c.rect((128, 123, 112), k, 0, 0.75, TILE)
        c.rect((190, 186, 174), 0, k + 0.75, TILE, 0.5)
        c.rect((190, 186, 174), k + 0.75, 0, 0.5, TILE)
    c.line((120, 114, 104), (18, 10), (22, 14.5), 0.5)  # one cracked slab


def _alley(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, EARTH, 5.0, 6.0))
    for _ in range(3):  # dark damp patches from drains
        c.ellipse(
            (70, 56, 40, 55),
            float(rng.uniform(0, TILE)),
            float(rng.uniform(0, TILE)),
            float(rng.uniform(4, 8)),
            float(rng.uniform(3, 5)),
            wrap=True,
        )
    _scatter(c, rng, 14, (0.5, 1.2), [(120, 110, 96), (176, 160, 136)], shadow=0.4)
    litter = [(214, 214, 206), (90, 120, 150), (170, 60, 50), (60, 110, 70)]
    for k in range(5):  # scraps of plastic and cans
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        c.rect((*litter[k % len(litter)], 200), x, y, float(rng.uniform(0.8, 1.6)), 0.8)


def _open(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, DIRT, 4.5, 7.0))
    _scatter(c, rng, 8, (0.4, 1.0), [(140, 124, 100), (196, 180, 150)], shadow=0.3)


def _courtyard(c: ArtCanvas, rng: np.random.Generator) -> None:
    rgb = _ground(rng, (196, 178, 148), 2.0, 2.0)
    for sy in range(0, TILE, 8):
        for sx in range(0, TILE, 8):
            checker = 7.0 if (sx // 8 + sy // 8) % 2 else -5.0
            rgb[sy : sy + 8, sx : sx + 8] += checker + float(rng.uniform(-3, 3))
    c.pixels(rgb)
    grout = (150, 132, 106)
    for k in range(0, TILE, 8):
        c.rect(grout, 0, k, TILE, 0.5)
        c.rect(grout, k, 0, 0.5, TILE)
    for sy in range(0, TILE, 16):  # small inlaid rosettes
        for sx in range(0, TILE, 16):
            c.polygon(
                (168, 140, 104),
                [(sx + 8, sy + 6), (sx + 10, sy + 8), (sx + 8, sy + 10), (sx + 6, sy + 8)],
            )


def _grass(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, GRASS, 6.0, 6.0))
    for _ in range(40):
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        tone = _shift(GRASS, float(rng.uniform(-30, 25)))
        c.line(
            tone,
            (x, y),
            (x + float(rng.uniform(-1.5, 1.5)), y - float(rng.uniform(1, 2.5))),
            0.5,
            wrap=True,
        )


def _crown(c: ArtCanvas, cx: float, cy: float, r: float, rng: np.random.Generator) -> None:
    """A round tree crown lit from the north-west, with its shadow."""
    c.circle((0, 0, 0, 80), cx + r * 0.45, cy + r * 0.45, r, wrap=True)
    c.circle(_shift(CANOPY, -14), cx, cy, r, wrap=True)
    c.circle(CANOPY, cx - r * 0.12, cy - r * 0.12, r * 0.82, wrap=True)
    c.circle(CANOPY_LIGHT, cx - r * 0.32, cy - r * 0.32, r * 0.45, wrap=True)
    for _ in range(5):  # leafy clumps
        a = float(rng.uniform(0, math.tau))
        d = float(rng.uniform(0.2, 0.7)) * r
        c.circle(
            _shift(CANOPY, float(rng.uniform(-12, 14))),
            cx + d * math.cos(a),
            cy + d * math.sin(a),
            r * 0.28,
        )


def _trees(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, _mix(GRASS, DIRT, 0.5), 5.0, 5.0))
    for cx, cy, r in ((9.0, 10.0, 7.5), (23.0, 13.0, 6.5), (14.0, 24.0, 7.0), (28.5, 27.0, 4.5)):
        _crown(c, cx + float(rng.uniform(-1, 1)), cy + float(rng.uniform(-1, 1)), r, rng)


def _palm(c: ArtCanvas, cx: float, cy: float, r: float, rng: np.random.Generator) -> None:
    """A date palm seen from above: a star of arching fronds."""
    fronds = 9
    start = float(rng.uniform(0, math.tau))
    for shade, off in ((SHADOW_DEEP, 2.2), (None, 0.0)):
        for k in range(fronds):
            a = start + k * math.tau / fronds + float(rng.uniform(-0.15, 0.15))
            tip = (cx + off + r * math.cos(a), cy + off + r * math.sin(a))
            side = (math.cos(a + math.pi / 2), math.sin(a + math.pi / 2))
            mid = (cx + off + 0.55 * r * math.cos(a), cy + off + 0.55 * r * math.sin(a))
            leaf = [
                (cx + off, cy + off),
                (mid[0] + 1.6 * side[0], mid[1] + 1.6 * side[1]),
                tip,
                (mid[0] - 1.6 * side[0], mid[1] - 1.6 * side[1]),
            ]
            if shade is not None:
                c.polygon(shade, leaf, wrap=True)
            else:
                tone = _shift(PALM, float(rng.uniform(-10, 16)))
                c.polygon(tone, leaf, wrap=True)
                c.line(_shift(tone, -28), (cx, cy), tip, 0.5, wrap=True)
    c.circle((120, 96, 60), cx, cy, 1.6)


def _palms(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, _mix(DIRT, GRASS, 0.3), 5.0, 5.0))
    for cx, cy, r in ((10.0, 11.0, 9.0), (23.0, 22.0, 8.5)):
        _palm(c, cx, cy, r, rng)


def _wall(c: ArtCanvas, rng: np.random.Generator) -> None:
    rgb = _ground(rng, MASONRY, 3.0, 3.0)
    c.pixels(rgb)
    row = 5.333
    for r in range(6):  # running-bond blocks, each course lit from above
        y = r * row
        offset = 0.0 if r % 2 == 0 else 5.333
        c.rect(_shift(MASONRY, 16), 0, y, TILE, 0.75)
        c.rect((112, 100, 82), 0, y + row - 0.75, TILE, 0.75)
        for k in range(4):
            x = offset + k * 10.667
            c.rect((112, 100, 82), x % TILE, y, 0.75, row)
            tone = float(rng.uniform(-10, 10))
            c.rect((*_shift(MASONRY, tone), 90), (x + 0.75) % TILE, y + 0.75, 9.9, row - 1.5)
    # a wall stands a storey high: lit coping to the north-west, shadow to the south-east
    band = SHADOW_BAND[1]
    c.rect((*_shift(MASONRY, 30), 150), 0, 0, TILE, 1.0)
    c.rect((*_shift(MASONRY, 30), 150), 0, 0, 1.0, TILE)
    dark = (44, 36, 30, 130)
    c.polygon(dark, [(TILE - band, 0), (TILE, band), (TILE, TILE), (TILE - band, TILE - band)])
    c.polygon(dark, [(0, TILE - band), (TILE - band, TILE - band), (TILE, TILE), (band, TILE)])


def _roof(
    c: ArtCanvas, rng: np.random.Generator, height: int, base: Sequence[int] | None = None
) -> None:
    """A flat roof that tiles into blocks: parapet ring, drop shadow S/E, storey pips."""
    roof = tuple(base) if base is not None else ROOF_BY_HEIGHT[height]
    c.pixels(_ground(rng, roof, 2.5, 3.5))
    for _ in range(2):  # old water stains
        c.ellipse(
            (*_shift(roof, -12), 70),
            float(rng.uniform(4, 24)),
            float(rng.uniform(4, 24)),
            float(rng.uniform(5, 9)),
            float(rng.uniform(4, 7)),
        )
    band = SHADOW_BAND[height]
    parapet = _shift(roof, 20)
    # parapet ring and the shadow it casts on the roof (light from the north-west)
    c.rect(parapet, 0, 0, TILE, 1.5)
    c.rect(parapet, 0, 0, 1.5, TILE)
    c.rect(_shift(roof, -22), 1.5, 1.5, TILE - 1.5 - band, 1.0)
    c.rect(_shift(roof, -22), 1.5, 1.5, 1.0, TILE - 1.5 - band)
    c.rect(parapet, 0, TILE - band - 1.5, TILE - band, 1.5)
    c.rect(parapet, TILE - band - 1.5, 0, 1.5, TILE - band)
    # drop shadow: the wall's shadow on the south and east, deeper for taller buildings
    dark = (44, 36, 30, 110 + 30 * height)
    c.polygon(dark, [(TILE - band, 0), (TILE, band), (TILE, TILE), (TILE - band, TILE - band)])
    c.polygon(dark, [(0, TILE - band), (TILE - band, TILE - band), (TILE, TILE), (band, TILE)])


def _pips(c: ArtCanvas, height: int) -> None:
    """1-4 storey pips in the roof's north-west corner, dark on a pale plate."""
    c.rect((*PIP_LIGHT, 170), 3.0, 3.0, 4.0 * height + 1.0, 4.0)
    for k in range(height):
        c.rect(PIP, 4.0 + 4.0 * k, 4.0, 3.0, 2.0)


def _roof_clutter(c: ArtCanvas, rng: np.random.Generator, height: int) -> None:
    """Water tanks, a stair head and air-conditioners, never on the pips."""
    roof = ROOF_BY_HEIGHT[height]
    if height >= 2:  # a stair head: a little room on the roof with its own shadow
        x, y = float(rng.uniform(15, 19)), float(rng.uniform(15, 18))
        c.rect((0, 0, 0, 55), x + 1.2, y + 1.2, 6, 5)
        c.rect(_shift(roof, 6), x, y, 6, 5)
        c.rect(_shift(roof, -10), x, y + 4.2, 6, 0.8)
    for _ in range(int(rng.integers(1, 3))):  # black plastic water tanks
        x, y = float(rng.uniform(6, 12)), float(rng.uniform(12, 22))
        tank = [(36, 34, 34), (214, 212, 204), (70, 110, 150)][int(rng.integers(0, 3))]
        c.circle((0, 0, 0, 90), x + 0.8, y + 0.8, 1.8)
        c.circle(tank, x, y, 1.8)
        c.circle(_shift(tank, 30), x - 0.5, y - 0.5, 0.7)
    if height >= 3:  # air-conditioning units
        x, y = float(rng.uniform(20, 24)), float(rng.uniform(4, 8))
        c.rect((0, 0, 0, 90), x + 1, y + 1, 4, 3)
        c.rect((200, 200, 196), x, y, 4, 3)
        c.circle((120, 120, 118), x + 2, y + 1.5, 1.0)


def _building_tile(height: int) -> Callable[[ArtCanvas, np.random.Generator], None]:
    def draw(c: ArtCanvas, rng: np.random.Generator) -> None:
        _roof(c, rng, height)
        _roof_clutter(c, rng, height)
        _pips(c, height)

    return draw


def _mosque(c: ArtCanvas, rng: np.random.Generator) -> None:
    stone = (218, 208, 186)
    _roof(c, rng, 2, stone)
    cx, cy = 15.0, 16.0
    c.circle((0, 0, 0, 100), cx + 3, cy + 3, 11.5)
    c.circle(_shift(stone, -25), cx, cy, 11.5)  # drum
    c.circle(_shift(stone, 10), cx, cy, 10.5)
    dome = (52, 140, 132)
    for k in range(8):  # shaded dome, highlight to the north-west
        t = k / 7
        r = 9.5 * (1 - 0.75 * t)
        off = -3.0 * t
        c.circle(_mix(_shift(dome, -30), (150, 214, 200), t), cx + off, cy + off, r)
    for k in range(8):  # ribs
        a = k * math.tau / 8
        c.line((40, 110, 104, 120), (cx, cy), (cx + 9.3 * math.cos(a), cy + 9.3 * math.sin(a)), 0.5)
    c.circle((214, 180, 80), cx, cy, 1.6)  # gilded finial with its crescent
    c.circle((214, 180, 80), cx + 0.8, cy - 2.6, 1.4, 0.5)
    _pips(c, 2)


def _minaret(c: ArtCanvas, rng: np.random.Generator) -> None:
    stone = (212, 200, 176)
    _roof(c, rng, 4, stone)
    cx, cy = 14.0, 14.0
    # a long shadow to the south-east: the tallest thing on the block
    c.line((0, 0, 0, 75), (cx, cy), (cx + 11, cy + 11), 9.0)
    c.circle((120, 108, 92), cx, cy, 8.5)  # balcony
    c.circle((232, 222, 200), cx, cy, 7.8)
    for k in range(16):  # balustrade posts
        a = k * math.tau / 16
        c.circle((150, 136, 116), cx + 7.9 * math.cos(a), cy + 7.9 * math.sin(a), 0.5)
    c.circle((0, 0, 0, 60), cx + 1, cy + 1, 5.5)
    c.circle((196, 182, 156), cx, cy, 5.0)  # shaft top
    dome = (52, 140, 132)
    for k in range(5):
        t = k / 4
        c.circle(
            _mix(_shift(dome, -25), (150, 214, 200), t),
            cx - 1.4 * t,
            cy - 1.4 * t,
            3.6 * (1 - 0.7 * t),
        )
    c.circle((214, 180, 80), cx, cy, 0.9)
    _pips(c, 4)


def _market(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, EARTH, 4.0, 4.0))
    awnings = [
        ((1.0, 1.0, 14.0, 13.0), (158, 74, 62)),
        ((17.0, 1.0, 14.0, 13.0), (70, 102, 140)),
        ((1.0, 17.0, 14.0, 13.0), (196, 148, 62)),
        ((17.0, 17.0, 14.0, 13.0), (84, 124, 86)),
    ]
    for (x, y, w, h), colour in awnings:
        c.rect((0, 0, 0, 110), x + 1.8, y + 1.8, w, h)
        c.rect(colour, x, y, w, h)
        for k in range(0, int(w), 4):  # faded canvas stripes
            c.rect((226, 214, 190), x + k + 2, y, 2, h)
        c.rect((*_shift(colour, 25), 110), x, y, w, h * 0.45)  # sun on the upper slope
        c.rect(_shift(colour, -40), x, y + h * 0.5 - 0.4, w, 0.8)  # ridge
        c.rect(_shift(colour, -30), x, y + h - 1, w, 1)
    _pips(c, 1)


def _rubble(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, _mix(DIRT, DUST, 0.6), 5.0, 6.0))
    stones = [(150, 144, 134), (178, 164, 140), (140, 104, 80), (120, 116, 110)]
    _scatter(c, rng, 26, (1.0, 2.4), stones)


def _heavy_rubble(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, (136, 128, 116), 6.0, 8.0))
    stones = [(160, 154, 144), (186, 172, 146), (132, 98, 76), (112, 108, 104), (196, 190, 178)]
    _scatter(c, rng, 14, (3.0, 5.5), stones, shadow=1.6)
    _scatter(c, rng, 22, (1.0, 2.2), stones, shadow=0.8)
    for _ in range(4):  # twisted rebar
        x, y = float(rng.uniform(3, 29)), float(rng.uniform(3, 29))
        pts = [(x, y), (x + float(rng.uniform(-4, 4)), y + float(rng.uniform(-4, 4)))]
        pts.append((pts[-1][0] + float(rng.uniform(-3, 3)), pts[-1][1] + float(rng.uniform(-3, 3))))
        c.lines((74, 52, 40), pts, 0.6)


def _collapsed(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, (104, 98, 90), 5.0, 6.0))  # dark voids between the fallen slabs
    slab = ROOF_BY_HEIGHT[2]
    slabs: list[list[Point]] = [
        [(1, 2), (15, 0.5), (16, 13), (2, 15)],
        [(17, 1), (31, 3), (29, 15), (18, 13)],
        [(3, 17), (13, 16), (15, 30), (1, 30)],
        [(17, 16), (30, 18), (31, 31), (18, 29)],
    ]
    for k, pts in enumerate(slabs):
        tilt = float(rng.uniform(-26, 12)) - 4 * k
        shifted = [(x + float(rng.uniform(-1, 1)), y + float(rng.uniform(-1, 1))) for x, y in pts]
        c.polygon((0, 0, 0, 110), [(x + 1.6, y + 1.6) for x, y in shifted])
        c.polygon(_shift(slab, tilt), shifted)
        c.line(_shift(slab, 30), shifted[0], shifted[1], 0.8)  # lit broken edge
        a, b = shifted[0], shifted[2]
        crack = [a, ((a[0] + b[0]) / 2 + float(rng.uniform(-2, 2)), (a[1] + b[1]) / 2), b]
        c.lines(_shift(slab, -50), crack, 0.5)
    _scatter(c, rng, 16, (0.8, 2.0), [(170, 160, 140), (120, 112, 100)], shadow=0.6)
    for _ in range(3):
        x, y = float(rng.uniform(4, 28)), float(rng.uniform(4, 28))
        c.lines((70, 50, 38), [(x, y), (x + 3, y - 2), (x + 5, y + 1)], 0.5)
    for _ in range(3):  # settling dust
        c.circle(
            (200, 192, 176, 50), float(rng.uniform(0, 32)), float(rng.uniform(0, 32)), 5, wrap=True
        )


def _hillshade(height: np.ndarray, relief: float) -> np.ndarray:
    """Light (-1..1) on a wrapping height field, the sun in the north-west."""
    dx = (np.roll(height, -1, 1) - np.roll(height, 1, 1)) * relief
    dy = (np.roll(height, -1, 0) - np.roll(height, 1, 0)) * relief
    norm = np.sqrt(dx * dx + dy * dy + 1.0)
    light = (dx + dy) / math.sqrt(2.0)  # a slope rising to the south-east faces the sun
    return np.asarray((light + 1.0) / norm - 1.0 + 0.35, dtype=float)


def _berm(c: ArtCanvas, rng: np.random.Generator) -> None:
    earth = (138, 104, 70)
    yy, xx = np.mgrid[0:TILE, 0:TILE].astype(float)
    # a pushed-up heap per tile that runs on into the next one: a periodic pillow plus lumps
    mound = (np.cos((xx - 15.5) * math.tau / TILE) + np.cos((yy - 15.5) * math.tau / TILE)) * 2.2
    mound += 0.6 * tileable_noise(rng, TILE, 8)
    shade = _hillshade(mound, 0.8)
    rgb = _ground(rng, earth, 4.0, 2.0) + 38.0 * shade[..., None] + (3.0 * mound)[..., None]
    c.pixels(rgb)
    for _ in range(7):  # clods thrown up by the blade, lit from the north-west
        cx, cy = float(rng.uniform(5, 27)), float(rng.uniform(5, 27))
        r = float(rng.uniform(1.5, 2.6))
        c.circle((50, 36, 24, 90), cx + 0.8, cy + 0.8, r)
        c.circle(_shift(earth, float(rng.uniform(-6, 10))), cx, cy, r)
        c.circle((*_shift(earth, 30), 160), cx - r * 0.35, cy - r * 0.35, r * 0.45)
    _scatter(c, rng, 10, (0.5, 1.1), [(120, 100, 74), (176, 156, 124)], shadow=0.4)


def _water(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, WATER, 2.0, 4.0))
    for _ in range(12):
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        w = float(rng.uniform(3, 6))
        c.lines((104, 142, 144, 150), [(x, y), (x + w / 2, y - 0.8), (x + w, y)], 0.5, wrap=True)
    for _ in range(6):
        x, y = float(rng.uniform(0, TILE)), float(rng.uniform(0, TILE))
        c.line((34, 60, 66, 120), (x, y), (x + 3, y), 0.5, wrap=True)


def _ruin_walls(c: ArtCanvas, walls: Sequence[Sequence[Point]], width: float, lift: float) -> None:
    """Broken mud-brick walls: shadow to the south-east, lit top, brick courses."""
    for pts in walls:
        c.lines((50, 34, 22, 120), [(x + lift, y + lift) for x, y in pts], width)
    for pts in walls:
        c.lines(MUD_BRICK, pts, width)
        c.lines(
            _shift(MUD_BRICK, 22), [(x - width * 0.2, y - width * 0.2) for x, y in pts], width * 0.4
        )


def _ruins_low(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, (200, 176, 132), 4.0, 6.0))
    walls = [
        [(3, 12), (3, 3), (14, 3)],
        [(19, 3), (28, 3), (28, 10)],
        [(28, 16), (28, 28), (20, 28)],
        [(12, 28), (3, 28), (3, 20)],
        [(14, 9), (14, 20)],
    ]
    _ruin_walls(c, walls, 2.2, 1.2)
    _scatter(c, rng, 12, (0.6, 1.4), [MUD_BRICK, (186, 150, 110)], shadow=0.4, margin=2.0)


def _ruins_high(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, (196, 172, 128), 4.0, 6.0))
    walls = [[(3, 27), (3, 4), (11, 4)], [(21, 4), (29, 4), (29, 27)]]
    _ruin_walls(c, walls, 4.2, 3.0)
    stone = (156, 150, 140)  # the gate's lamassu blocks, worn winged reliefs
    for x in (7.0, 18.5):
        c.rect((0, 0, 0, 110), x + 2.5, 12.5, 7, 11)
        c.polygon(stone, [(x, 11), (x + 6, 10), (x + 7, 12), (x + 7, 21), (x + 1, 21.5), (x, 19)])
        c.polygon(_shift(stone, 26), [(x, 11), (x + 6, 10), (x + 7, 12), (x + 1, 13)])
        wing = [(x + 1.5, 20), (x + 2.5, 15), (x + 5.5, 14), (x + 3.5, 16.5), (x + 5.5, 17)]
        c.lines(_shift(stone, -34), wing, 0.6)  # a worn winged relief
        c.line(_shift(stone, -20), (x + 6, 14), (x + 4.5, 20.5), 0.5)
    _scatter(c, rng, 12, (0.8, 1.8), [MUD_BRICK, stone], shadow=0.6, margin=2.0)


def _sand(c: ArtCanvas, rng: np.random.Generator) -> None:
    rgb = _ground(rng, SAND, 3.0, 4.0)
    yy, xx = np.mgrid[0:TILE, 0:TILE]
    phase = (yy + 2.0 * np.sin(xx * math.tau / TILE)) / 8.0  # wind ripples, 4 to a tile
    saw = phase - np.floor(phase)  # a gentle windward slope and a sharp shaded lee
    ripples = np.where(saw < 0.75, saw / 0.75, (1.0 - saw) / 0.25)
    rgb += (14.0 * ripples - 7.0)[..., None]
    c.pixels(rgb)


def _wreck(c: ArtCanvas, rng: np.random.Generator) -> None:
    _asphalt(c, rng)
    for k in range(4):  # a soft scorch mark
        grow = 2.0 * k
        c.ellipse((20, 18, 16, 55), 8 - grow, 9 - grow, 17 + 2 * grow, 15 + 2 * grow)
    cx, cy, a = 16.0, 16.0, math.radians(28)

    def rot(px: float, py: float) -> Point:
        return (cx + px * math.cos(a) - py * math.sin(a), cy + px * math.sin(a) + py * math.cos(a))

    body = [rot(-5.5, -10), rot(5.5, -10), rot(6, 9), rot(-6, 10)]
    c.polygon((0, 0, 0, 120), [(x + 1.5, y + 1.5) for x, y in body])
    c.polygon((58, 44, 36), body)
    c.polygon((112, 62, 34), [rot(-4.5, -8), rot(4.5, -8), rot(4.5, 7), rot(-4.5, 8)])  # rust
    c.polygon((30, 28, 26), [rot(-4, -5), rot(4, -5), rot(4, 4), rot(-4, 5)])  # burnt-out cabin
    c.line((20, 18, 16), rot(-4, -1), rot(4, 0), 0.6)
    for px, py in ((-6.5, -6), (6.5, -6), (-6.5, 6), (6.5, 6)):  # bare wheel rims
        c.circle((90, 86, 80), *rot(px, py), 1.2)
    _scatter(c, rng, 10, (0.4, 1.0), [(120, 130, 130), (60, 56, 52)], shadow=0.3, margin=3.0)


def _field(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.pixels(_ground(rng, SOIL, 3.5, 5.0))
    for y in range(0, TILE, 4):
        c.rect((92, 70, 48), 0, y + 2.5, TILE, 1.0)
        c.rect(_shift(SOIL, 18), 0, y + 1.0, TILE, 0.6)
        for k in range(8):
            x = k * 4.0 + float(rng.uniform(0, 2.5))
            c.circle(
                _shift((104, 124, 62), float(rng.uniform(-12, 12))), x, y + 1.5, 0.9, wrap=True
            )


def _shop_front(c: ArtCanvas, rng: np.random.Generator) -> None:
    _roof(c, rng, 2)
    band = SHADOW_BAND[2]
    y0 = TILE - band - 9.0
    c.rect((0, 0, 0, 90), 0, y0 - 1, TILE - band, 1)
    c.rect((64, 110, 86), 0, y0, TILE - band, 2.5)  # shop sign
    c.rect((220, 200, 120), 3, y0 + 0.8, 9, 0.9)
    c.rect((220, 200, 120), 17, y0 + 0.8, 6, 0.9)
    c.rect((150, 150, 146), 0, y0 + 2.5, TILE - band, 6.5)  # rolled-down shutters
    for k in range(int((y0 + 2.5) * 2), int((y0 + 9) * 2), 2):
        c.rect((112, 112, 110), 0, k / 2, TILE - band, 0.5)
    c.rect((80, 78, 74), 15, y0 + 2.5, 0.8, 6.5)
    _roof_clutter(c, rng, 2)
    _pips(c, 2)


def _tyres(c: ArtCanvas, rng: np.random.Generator) -> None:
    c.ellipse((24, 22, 20, 120), 4, 6, 25, 21)  # soot
    spots = [(11, 13), (18, 11), (22, 18), (14, 20), (9, 19), (17, 16)]
    for x, y in spots:
        c.circle((0, 0, 0, 90), x + 1, y + 1, 3.8)
        c.circle((30, 30, 30), x, y, 3.8)
        c.circle((58, 58, 56), x - 0.3, y - 0.3, 3.2, 0.7)
        c.circle((14, 14, 14), x, y, 1.5)
    for x, y, h in ((13, 15, 7), (19, 13, 9), (16, 19, 6)):  # flames
        c.polygon((214, 90, 30), [(x - 2.5, y + 1), (x, y - h), (x + 2.5, y + 1)])
        c.polygon((242, 196, 70), [(x - 1.2, y + 0.5), (x, y - h * 0.55), (x + 1.2, y + 0.5)])
    c.circle((60, 58, 56, 110), 24, 8, 4)  # smoke drifting off
    c.circle((80, 78, 76, 80), 27, 5, 3.5)


def _parked_car(c: ArtCanvas, rng: np.random.Generator) -> None:
    body = (214, 206, 188)
    x, y, w, h = 10.5, 6.0, 11.0, 20.0
    c.rect((0, 0, 0, 100), x + 2, y + 2, w, h)
    c.ellipse((36, 36, 36), x - 1.0, y + 3.0, 2.5, 4.0)  # wheels peeking out
    c.ellipse((36, 36, 36), x + w - 1.5, y + 3.0, 2.5, 4.0)
    c.ellipse((36, 36, 36), x - 1.0, y + h - 7.0, 2.5, 4.0)
    c.ellipse((36, 36, 36), x + w - 1.5, y + h - 7.0, 2.5, 4.0)
    c.rect(body, x, y, w, h)
    c.rect(_shift(body, -30), x, y, w, 1.0)
    c.rect(_shift(body, -40), x + w - 1, y, 1, h)
    c.polygon(
        (64, 78, 88), [(x + 1, y + 5), (x + w - 1, y + 5), (x + w - 2, y + 8.5), (x + 2, y + 8.5)]
    )
    c.rect(_shift(body, 12), x + 2, y + 8.5, w - 4, 6)  # roof
    c.polygon(
        (64, 78, 88),
        [(x + 2, y + 14.5), (x + w - 2, y + 14.5), (x + w - 1, y + 17), (x + 1, y + 17)],
    )
    c.rect((240, 230, 170), x + 1, y + 0.2, 2, 0.8)  # headlights
    c.rect((240, 230, 170), x + w - 3, y + 0.2, 2, 0.8)
    c.rect((170, 50, 40), x + 1, y + h - 0.9, 2, 0.7)
    c.rect((170, 50, 40), x + w - 3, y + h - 0.9, 2, 0.7)


URBAN_PAINTERS: dict[str, Callable[[ArtCanvas, np.random.Generator], None]] = {
    "road": _road,
    "road_line_h": _road_line_h,
    "road_line_v": _road_line_v,
    "road_crossing": _road_crossing,
    "sidewalk": _sidewalk,
    "alley": _alley,
    "open": _open,
    "courtyard": _courtyard,
    "grass": _grass,
    "trees": _trees,
    "palms": _palms,
    "wall": _wall,
    "building_1": _building_tile(1),
    "building_2": _building_tile(2),
    "building_3": _building_tile(3),
    "building_4": _building_tile(4),
    "mosque": _mosque,
    "minaret": _minaret,
    "market": _market,
    "rubble": _rubble,
    "heavy_rubble": _heavy_rubble,
    "collapsed": _collapsed,
    "berm": _berm,
    "water": _water,
    "ruins_low": _ruins_low,
    "ruins_high": _ruins_high,
    "sand": _sand,
    "wreck": _wreck,
    "field": _field,
    "shop_front": _shop_front,
    "tyres": _tyres,
    "parked_car": _parked_car,
}


def urban_tile(tile_name: str, seed: int = ART_SEED, size: int = TILE) -> pygame.Surface:
    """Draw one urban tile (by tile_name) as a size x size RGBA surface (crisp when zoomed in)."""
    if tile_name not in URBAN_PAINTERS:
        raise ValueError(f"no urban tile '{tile_name}' (known: {', '.join(URBAN_PAINTERS)})")
    canvas = ArtCanvas(TILE, TILE, max(SUPERSAMPLE, math.ceil(SUPERSAMPLE * size / TILE)))
    rng = np.random.default_rng([seed, zlib.crc32(tile_name.encode())])
    URBAN_PAINTERS[tile_name](canvas, rng)
    return canvas.result(size / TILE)


def write_urban(folder: Path, seed: int = ART_SEED) -> list[Path]:
    """Draw the catalogue's urban tiles and write urban.png and urban.tsx into folder."""
    catalogue = load_urban_catalogue()
    tiles = [urban_tile(spec.tile_name, seed) for spec in catalogue]
    return write_tileset(folder, "urban", tiles, [t.properties() for t in catalogue], COLUMNS)
