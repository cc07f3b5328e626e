"""What every map recipe shares: placing units on suitable tiles, objects, assembling the map."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.core.values import TilePos
from game.mapmaking.city_generator import (
    ROAD_TILES,
    STOREYS,
    CityLayout,
    Rect,
    Tile,
    TileCatalogue,
    layout_gids,
    read_catalogue,
)
from game.tiled.tmx_writer import (
    MapObject,
    ObjectLayer,
    PropertyValue,
    TileLayer,
    TilesetRef,
    TmxMap,
)

TILE_SIZE = 32
URBAN_SOURCE = "tilesets/urban.tsx"
UNITS_SOURCE = "tilesets/units.tsx"

# Where a unit or event may be put: tile codes per placement kind.
GROUND = (
    Tile.SIDEWALK,
    Tile.OPEN,
    Tile.COURTYARD,
    Tile.ALLEY,
    Tile.GRASS,
    Tile.RUBBLE,
    *ROAD_TILES,
)
OPEN_COUNTRY = (Tile.OPEN, Tile.SAND, Tile.FIELD, Tile.GRASS)
PLACES: dict[str, tuple[int, ...]] = {
    "road": ROAD_TILES,
    "ground": GROUND,
    "building": (*STOREYS, Tile.SHOP_FRONT),
    "tall": (Tile.BUILDING_3, Tile.BUILDING_4),
    "cover": (*STOREYS, Tile.SHOP_FRONT, Tile.WALL, Tile.COURTYARD),
    "open": OPEN_COUNTRY,  # bare ground, sand, fields: wheeled vehicles may stand there
    "country": (*OPEN_COUNTRY, Tile.TREES, Tile.PALMS, Tile.COURTYARD, Tile.RUBBLE),
    "ruins": (Tile.RUINS_LOW, Tile.RUINS_HIGH),
    "high_ruins": (Tile.RUINS_HIGH,),
}


@dataclass(frozen=True)
class UnitSpec:
    """A unit the recipe places: near a tile, on a kind of place."""

    name: str
    unit_type: str
    near: TilePos
    place: str
    props: dict[str, PropertyValue] = field(default_factory=dict)


class Placer:
    """Finds free tiles of a kind nearest to a wanted spot (ties broken by row, column)."""

    def __init__(self, layout: CityLayout) -> None:
        self.layout = layout
        self.taken = np.zeros(layout.ground.shape, dtype=bool)
        yy, xx = np.mgrid[0 : layout.height, 0 : layout.width]
        self.yy, self.xx = yy, xx

    def spot(self, near: TilePos, place: str) -> TilePos:
        """The free tile of kind `place` closest to `near`; it is then taken."""
        ok = np.isin(self.layout.ground, PLACES[place]) & ~self.taken
        if not ok.any():
            raise ValueError(f"no free '{place}' tile on the map for a placement near {near}")
        dist = (self.xx - near.x) ** 2 + (self.yy - near.y) ** 2
        dist = np.where(ok, dist, np.iinfo(np.int64).max)
        flat = int(np.argmin(dist))  # argmin takes the first: row-major tie-break
        y, x = divmod(flat, self.layout.width)
        self.taken[y, x] = True
        return TilePos(x, y)


def point_object(name: str, kind: str, pos: TilePos, props: dict[str, PropertyValue]) -> MapObject:
    """A point object at the centre of a tile."""
    return MapObject(
        name=name,
        type=kind,
        x=pos.x * TILE_SIZE + TILE_SIZE // 2,
        y=pos.y * TILE_SIZE + TILE_SIZE // 2,
        properties=props,
    )


def area_object(name: str, kind: str, rect: Rect, props: dict[str, PropertyValue]) -> MapObject:
    """A rectangle object covering whole tiles."""
    return MapObject(
        name=name,
        type=kind,
        x=rect.x * TILE_SIZE,
        y=rect.y * TILE_SIZE,
        width=rect.w * TILE_SIZE,
        height=rect.h * TILE_SIZE,
        shape="rectangle",
        properties=props,
    )


def unit_tiles(path: Path, first_gid: int) -> dict[str, int]:
    """unit_type -> gid of the units tileset's tile for it (empty when there is none)."""
    if not path.exists():
        return {}
    catalogue = read_catalogue(path, required=())
    gids: dict[str, int] = {}
    for local, props in sorted(catalogue.properties.items()):
        unit_type = props.get("unit_type")
        if isinstance(unit_type, str):
            gids.setdefault(unit_type, first_gid + local)
    return gids


def unit_object(spec: UnitSpec, pos: TilePos, unit_gids: dict[str, int]) -> MapObject:
    """A unit as a tile object of the units tileset (a point when the tileset lacks it)."""
    props: dict[str, PropertyValue] = {"unit_type": spec.unit_type, **spec.props}
    gid = unit_gids.get(spec.unit_type, 0)
    if not gid:
        return point_object(spec.name, "unit", pos, props)
    return MapObject(
        name=spec.name,
        type="unit",
        x=pos.x * TILE_SIZE,
        y=(pos.y + 1) * TILE_SIZE,  # Tiled anchors tile objects at their bottom-left
        width=TILE_SIZE,
        height=TILE_SIZE,
        shape="tile",
        gid=gid,
        properties=props,
    )


def assemble(
    layout: CityLayout,
    catalogue: TileCatalogue,
    detail: np.ndarray,
    object_layers: list[tuple[str, list[MapObject]]],
    with_units_tileset: bool,
    properties: dict[str, PropertyValue],
) -> TmxMap:
    """The map: ground, detail, then the object layers, with its tileset references."""
    tilesets = [TilesetRef(1, URBAN_SOURCE)]
    if with_units_tileset:
        tilesets.append(TilesetRef(1 + catalogue.tile_count, UNITS_SOURCE))
    layers: list[TileLayer | ObjectLayer] = [
        TileLayer("ground", layout_gids(layout, catalogue)),
        TileLayer("detail", detail, {"decoration": True}),
        *(ObjectLayer(name, objects) for name, objects in object_layers),
    ]
    return TmxMap(
        width=layout.width,
        height=layout.height,
        tile_width=TILE_SIZE,
        tile_height=TILE_SIZE,
        tilesets=tilesets,
        layers=layers,
        properties=properties,
    )


def place_units(
    placer: Placer, specs: tuple[UnitSpec, ...], unit_gids: dict[str, int]
) -> tuple[list[MapObject], dict[str, TilePos]]:
    """Put each unit on the nearest free tile of its kind; the objects and where each went."""
    objects: list[MapObject] = []
    placed: dict[str, TilePos] = {}
    for spec in specs:
        placed[spec.name] = placer.spot(spec.near, spec.place)
        objects.append(unit_object(spec, placed[spec.name], unit_gids))
    return objects, placed


def around(pos: TilePos, radius: int) -> Rect:
    """The square of tiles within `radius` of a tile."""
    return Rect(pos.x - radius, pos.y - radius, 2 * radius + 1, 2 * radius + 1)


@dataclass(frozen=True)
class GeneratedMap:
    """A generator's output: the layout, its detail layer and the areas data files may name."""

    layout: CityLayout
    detail: np.ndarray
    areas: dict[str, Rect]
