"""Recipes that build the shipped scenario maps from the city generator (`main.py make-map`).

A recipe fixes a map's street plan and landmarks, asks the generator for the city, then
places units, objectives and events on tiles that suit them (vehicles on roads, snipers
on tall buildings), so regenerating with the same seed gives a byte-identical file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from game.core.paths import MAPS_DIR
from game.core.values import TilePos
from game.mapmaking.city_generator import (
    CityPlan,
    Rect,
    TileCatalogue,
    detail_gids,
    generate_layout,
    read_catalogue,
)
from game.mapmaking.east_mosul_maps import al_bakr, arbajiyah
from game.mapmaking.map_assembly import build_map
from game.mapmaking.recipe_data import load_recipe_data, recipe_path
from game.mapmaking.recipe_kit import (
    URBAN_SOURCE,
    GeneratedMap,
)
from game.mapmaking.southern_maps import nimrud, southern_approach
from game.tiled.tmx_writer import TmxMap, write_tmx

# -- Al-Qadisiyah --------------------------------------------------------------------------

QADISIYAH_W, QADISIYAH_H = 72, 52
MAIN_X = (27, 57)  # north-south avenues
MAIN_Y = (34,)  # the main street
JUNCTION = TilePos(27, 34)
COALITION_AREA = Rect(0, 37, 25, 15)
MOSQUE_NEAR = TilePos(42, 16)
MARKET_NEAR = TilePos(40, 27)


def qadisiyah_city(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """Al-Qadisiyah's city: a main street, two avenues, the mosque block to the north."""
    plan = CityPlan(
        main_x=MAIN_X,
        main_y=MAIN_Y,
        mosque_near=MOSQUE_NEAR,
        market_near=MARKET_NEAR,
        damage_sites=4,
        wrecks=4,
        keep_clear=(
            COALITION_AREA,
            Rect(JUNCTION.x - 4, JUNCTION.y - 4, 9, 9),
            Rect(0, MAIN_Y[0] - 3, 10, 7),  # the west road where reinforcements arrive
        ),
    )
    layout = generate_layout(QADISIYAH_W, QADISIYAH_H, seed, plan)
    mosque = layout.mosque or Rect(MOSQUE_NEAR.x - 4, MOSQUE_NEAR.y - 4, 9, 8)
    return GeneratedMap(layout, detail_gids(layout, catalogue), {"mosque": mosque})


def qadisiyah(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 1: Al-Qadisiyah, 19 November 2016 (hold the street, screen, clear the block)."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    data = load_recipe_data(recipe_path("qadisiyah"))
    return build_map(qadisiyah_city(seed, catalogue), catalogue, data, maps_dir)


@dataclass(frozen=True)
class Recipe:
    """A shipped map: how to build it and its default seed."""

    build: Callable[[int, Path], TmxMap]
    seed: int


RECIPES: dict[str, Recipe] = {
    "qadisiyah": Recipe(qadisiyah, load_recipe_data(recipe_path("qadisiyah")).seed),
    "arbajiyah": Recipe(arbajiyah, load_recipe_data(recipe_path("arbajiyah")).seed),
    "al-bakr": Recipe(al_bakr, load_recipe_data(recipe_path("al-bakr")).seed),
    "southern-approach": Recipe(
        southern_approach, load_recipe_data(recipe_path("southern-approach")).seed
    ),
    "nimrud": Recipe(nimrud, load_recipe_data(recipe_path("nimrud")).seed),
}


def make_map(
    name: str, seed: int | None = None, maps_dir: Path = MAPS_DIR, out: Path | None = None
) -> Path:
    """Build a recipe's map and write it (default maps/NAME.tmx); return the path written."""
    recipe = RECIPES.get(name)
    if recipe is None:
        raise ValueError(f"no map recipe '{name}' (known: {', '.join(sorted(RECIPES))})")
    tmx = recipe.build(recipe.seed if seed is None else seed, maps_dir)
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
