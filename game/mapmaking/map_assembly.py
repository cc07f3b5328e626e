"""The one path from a recipe to a finished map: its generator's terrain plus its data file.

`make-map NAME` reads game/mapmaking/recipes/NAME.toml, runs the terrain generator the file
names (one of GENERATORS), places the file's units, objectives and events on the result and
writes the map, so regenerating with the same seed gives a byte-identical file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from game.core.paths import MAPS_DIR
from game.core.values import TilePos
from game.mapmaking.city_generator import Rect, TileCatalogue, read_catalogue
from game.mapmaking.city_terrains import (
    al_bakr_city,
    arbajiyah_city,
    qadisiyah_city,
    training_ground,
)
from game.mapmaking.country_terrains import nimrud_country, southern_country
from game.mapmaking.recipe_data import (
    ObjectSpec,
    RecipeData,
    RecipeDataError,
    load_recipe_data,
    recipe_names,
    recipe_path,
)
from game.mapmaking.recipe_kit import (
    UNITS_SOURCE,
    URBAN_SOURCE,
    GeneratedMap,
    Placer,
    area_object,
    around,
    assemble,
    place_units,
    point_object,
    unit_tiles,
)
from game.tiled.tmx_writer import MapObject, TmxMap, write_tmx

# The terrain generators a recipe's `generator` may name: (seed, urban catalogue) -> terrain.
GENERATORS: dict[str, Callable[[int, TileCatalogue], GeneratedMap]] = {
    "qadisiyah_city": qadisiyah_city,
    "arbajiyah_city": arbajiyah_city,
    "al_bakr_city": al_bakr_city,
    "southern_country": southern_country,
    "nimrud_country": nimrud_country,
    "training_ground": training_ground,
}


def make_map(
    name: str, seed: int | None = None, maps_dir: Path = MAPS_DIR, out: Path | None = None
) -> Path:
    """Build a recipe's map and write it (default maps/NAME.tmx); return the path written."""
    tmx = build_recipe(name, seed, maps_dir)
    path = out or maps_dir / f"{name}.tmx"
    if path.parent.resolve() != maps_dir.resolve():  # keep the tileset references working
        tmx.tilesets = [
            replace(
                ref, source=Path(os.path.relpath(maps_dir / ref.source, path.parent)).as_posix()
            )
            for ref in tmx.tilesets
        ]
    write_tmx(path, tmx)
    return path


def build_recipe(name: str, seed: int | None = None, maps_dir: Path = MAPS_DIR) -> TmxMap:
    """The map of the recipe `name` (seed: the data file's unless given), not yet written."""
    known = recipe_names()
    if name not in known:
        raise ValueError(f"no map recipe '{name}' (known: {', '.join(known)})")
    data = load_recipe_data(recipe_path(name))
    generator = GENERATORS.get(data.generator)
    if generator is None:
        raise RecipeDataError(
            f"{data.path}: 'generator' names no terrain generator '{data.generator}' "
            f"(known: {', '.join(sorted(GENERATORS))})"
        )
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    generated = generator(data.seed if seed is None else seed, catalogue)
    return build_map(generated, catalogue, data, maps_dir)


def build_map(
    generated: GeneratedMap, catalogue: TileCatalogue, data: RecipeData, maps_dir: Path
) -> TmxMap:
    """Place the data file's units, objectives, events and triggers on the generated city."""
    placer = Placer(generated.layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, placed = place_units(placer, data.units, unit_gids)
    detail = generated.detail
    tyres_gid = 1 + catalogue.local_ids["tyres"]
    layers: list[tuple[str, list[MapObject]]] = []
    groups = [("objectives", data.objectives), ("events", data.events)]
    if data.triggers:  # maps without triggers keep their three object layers
        groups.append(("triggers", data.triggers))
    for layer, specs in groups:
        objects: list[MapObject] = []
        for spec in specs:
            if spec.near is not None or spec.at_unit is not None:
                pos = _point(spec, placer, placed)
                if spec.type == "tyre_fire":
                    detail[pos.y, pos.x] = tyres_gid
                objects.append(point_object(spec.name, spec.type, pos, spec.properties))
            else:
                rect = _rect(spec, generated, placed, data)
                objects.append(area_object(spec.name, spec.type, rect, spec.properties))
        layers.append((layer, objects))
    layers.append(("units", units))
    return assemble(generated.layout, catalogue, detail, layers, bool(unit_gids), data.properties)


def _point(spec: ObjectSpec, placer: Placer, placed: dict[str, TilePos]) -> TilePos:
    """Where a point object goes: on a unit's tile or the nearest free tile of its place."""
    if spec.at_unit is not None:
        return placed[spec.at_unit]
    assert spec.near is not None
    return placer.spot(spec.near, spec.place)


def _rect(
    spec: ObjectSpec, generated: GeneratedMap, placed: dict[str, TilePos], data: RecipeData
) -> Rect:
    """The tiles an area object covers."""
    if spec.rect is not None:
        return spec.rect
    if spec.around_unit is not None:
        return around(placed[spec.around_unit], spec.radius)
    area = generated.areas.get(spec.area or "")
    if area is None:
        known = ", ".join(sorted(generated.areas)) or "none"
        raise RecipeDataError(f"{data.path}: '{spec.name}' names no area '{spec.area}' ({known})")
    gx, gy = spec.grow
    return Rect(area.x - gx, area.y - gy, area.w + 2 * gx, area.h + 2 * gy)
