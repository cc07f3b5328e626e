"""The one path from a generator's output plus a recipe data file to a finished map."""

from __future__ import annotations

from pathlib import Path

from game.core.values import TilePos
from game.mapmaking.city_generator import Rect, TileCatalogue
from game.mapmaking.recipe_data import ObjectSpec, RecipeData, RecipeDataError
from game.mapmaking.recipe_kit import (
    UNITS_SOURCE,
    GeneratedMap,
    Placer,
    area_object,
    around,
    assemble,
    place_units,
    point_object,
    unit_tiles,
)
from game.tiled.tmx_writer import MapObject, TmxMap


def build_map(
    generated: GeneratedMap, catalogue: TileCatalogue, data: RecipeData, maps_dir: Path
) -> TmxMap:
    """Place the data file's units, objectives and events on the generated city."""
    placer = Placer(generated.layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, placed = place_units(placer, data.units, unit_gids)
    detail = generated.detail
    tyres_gid = 1 + catalogue.local_ids["tyres"]
    layers: list[tuple[str, list[MapObject]]] = []
    for layer, specs in (("objectives", data.objectives), ("events", data.events)):
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
