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
    Tile,
    detail_gids,
    generate_layout,
    read_catalogue,
)
from game.mapmaking.east_mosul_maps import AL_BAKR_SEED, ARBAJIYAH_SEED, al_bakr, arbajiyah
from game.mapmaking.recipe_kit import (
    UNITS_SOURCE,
    URBAN_SOURCE,
    Placer,
    UnitSpec,
    area_object,
    assemble,
    point_object,
    unit_object,
    unit_tiles,
)
from game.mapmaking.southern_maps import NIMRUD_SEED, SOUTH_SEED, nimrud, southern_approach
from game.tiled.tmx_writer import MapObject, PropertyValue, TmxMap, write_tmx

# -- Al-Qadisiyah --------------------------------------------------------------------------

QADISIYAH_SEED = 1119
QADISIYAH_BRIEFING = """\
Saturday, 19 November 2016. Al-Qadisiyah, eastern Mosul.

This morning a car bomb struck the Counter-Terrorism Service positions in al-Qadisiyah, \
and ISIL fighters counter-attacked from the blocks to the north and east. The fighting \
goes on house by house.

Situation: CTS holds the main street and the junction at its centre. ISIL holds the \
northern blocks around the mosque and the eastern end of the street. Expect more car \
bombs down the long approach roads from the north and the east, screened by burning \
tyres, and explosive drones over open ground.

Civilians: many families are still in their homes. Some will try to reach the \
evacuation points behind our lines in the south-west.

Forces: four CTS squads, two army infantry squads, two sniper teams, a Humvee, a \
Federal Police armoured vehicle, an ATGM team, an armoured bulldozer and a jammer team. \
A further army squad arrives by the west road on turn 4.

Orders:
1. Hold the main street junction.
2. Set up a forward screen: sniper teams and the ATGM on high ground watching the \
approach roads, to spot car bombs early and stop them before they reach our lines. The \
bulldozer can cut the routes with berms.
3. Then clear the mosque block to the north.

Rules of engagement: do not fire on tiles where civilians are, and check every area \
weapon before you use it. Civilian casualties are reported first."""

QADISIYAH_W, QADISIYAH_H = 72, 52
MAIN_X = (27, 57)  # north-south avenues
MAIN_Y = (34,)  # the main street
JUNCTION = TilePos(27, 34)
COALITION_AREA = Rect(0, 37, 25, 15)
MOSQUE_NEAR = TilePos(42, 16)
MARKET_NEAR = TilePos(40, 27)

COALITION_UNITS = (
    UnitSpec("CTS 1", "cts", TilePos(25, 36), "cover", {"overwatch": True}),
    UnitSpec("CTS 2", "cts", TilePos(30, 37), "cover", {"overwatch": True}),
    UnitSpec("CTS 3", "cts", TilePos(21, 36), "cover"),
    UnitSpec("CTS 4", "cts", TilePos(25, 40), "cover"),
    UnitSpec("Army 1", "infantry", TilePos(12, 38), "cover"),
    UnitSpec("Army 2", "infantry", TilePos(16, 44), "cover"),
    UnitSpec("Sniper 1", "sniper", TilePos(23, 38), "tall", {"overwatch": True}),
    UnitSpec("Sniper 2", "sniper", TilePos(33, 38), "tall", {"overwatch": True}),
    UnitSpec("ATGM 1", "atgm", TilePos(31, 37), "building", {"overwatch": True}),
    UnitSpec("Humvee 1", "humvee", TilePos(20, 34), "road"),
    UnitSpec("Federal Police 1", "fedpol_vehicle", TilePos(27, 44), "road"),
    UnitSpec("Bulldozer 1", "bulldozer", TilePos(27, 48), "road"),
    UnitSpec("Jammer 1", "jammer", TilePos(19, 40), "ground"),
)
ISIL_UNITS = (
    UnitSpec(
        "ISIL Fighters 1", "isil_fighters", TilePos(22, 28), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 2", "isil_fighters", TilePos(33, 29), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 3", "isil_fighters", TilePos(42, 30), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 4", "isil_fighters", TilePos(46, 18), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 5", "isil_fighters", TilePos(51, 39), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 6", "isil_fighters", TilePos(36, 12), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 1", "isil_sniper", TilePos(35, 25), "tall", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 2", "isil_sniper", TilePos(52, 30), "tall", {"ai_role": "hold"}),
    UnitSpec("VBIED 1", "vbied", TilePos(27, 0), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 2", "vbied", TilePos(71, 34), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 3", "vbied", TilePos(57, 0), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("Drone Team 1", "drone_team", TilePos(44, 9), "building", {"ai_role": "hold"}),
    UnitSpec("RPG Team 1", "rpg_team", TilePos(31, 31), "building", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 2", "rpg_team", TilePos(47, 31), "building", {"ai_role": "ambush"}),
)
REINFORCEMENT = UnitSpec(
    "Army 3", "infantry", TilePos(0, 34), "road", {"arrival_turn": 4, "entry": "West road"}
)
TYRE_FIRES = (
    ("Tyre fire north avenue", TilePos(26, 7), 0.6, 1),
    ("Tyre fire east street", TilePos(63, 33), 0.6, 1),
    ("Tyre fire north-east avenue", TilePos(58, 9), 0.5, 2),
    ("Tyre fire east avenue", TilePos(56, 27), 0.5, 4),
)
CIVILIANS = (
    ("Families of the west block", TilePos(14, 26), 22),
    ("Families near the mosque", TilePos(37, 17), 16),
    ("Families of the east block", TilePos(50, 44), 12),
    ("Families behind the market", TilePos(44, 24), 9),
)


def qadisiyah(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 1: Al-Qadisiyah, 19 November 2016 (hold the street, screen, clear the block)."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
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
    placer = Placer(layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)

    units: list[MapObject] = []
    placed: dict[str, TilePos] = {}
    for spec in (*COALITION_UNITS, *ISIL_UNITS):
        placed[spec.name] = placer.spot(spec.near, spec.place)
        units.append(unit_object(spec, placed[spec.name], unit_gids))
    dozer = placed["Bulldozer 1"]
    entry_pos = placer.spot(REINFORCEMENT.near, REINFORCEMENT.place)
    units.append(unit_object(REINFORCEMENT, entry_pos, unit_gids))

    hold = Rect(JUNCTION.x - 2, JUNCTION.y - 2, 5, 5)
    mosque = layout.mosque or Rect(MOSQUE_NEAR.x - 4, MOSQUE_NEAR.y - 4, 9, 8)
    block = Rect(mosque.x - 3, mosque.y - 2, mosque.w + 6, mosque.h + 4)
    objectives = [
        area_object(
            "Hold the main street junction",
            "objective",
            hold,
            {"kind": "hold", "turns": 4, "points": 100, "mandatory": True},
        ),
        area_object(
            "Clear the mosque block",
            "objective",
            block,
            {"kind": "capture", "points": 150, "mandatory": True},
        ),
        area_object(
            "Keep the bulldozer in action",
            "objective",
            Rect(dozer.x - 1, dozer.y - 1, 3, 3),
            {"kind": "protect", "target": "Bulldozer 1", "points": 40, "mandatory": False},
        ),
        area_object(
            "Retake the main street",
            "objective",
            hold,
            {"kind": "capture", "side": "isil", "points": 100, "mandatory": False},
        ),
    ]

    events: list[MapObject] = []
    detail = detail_gids(layout, catalogue)
    tyres_gid = 1 + catalogue.local_ids[Tile.TYRES.tile_name]
    for name, near, density, start in TYRE_FIRES:
        pos = placer.spot(near, "road")
        detail[pos.y, pos.x] = tyres_gid
        props: dict[str, PropertyValue] = {"density": density, "start_turn": start}
        events.append(point_object(name, "tyre_fire", pos, props))
    for name, near, count in CIVILIANS:
        events.append(
            area_object(name, "civilians", Rect(near.x - 2, near.y - 2, 5, 4), {"count": count})
        )
    events.append(area_object("Evacuation west", "evacuation", Rect(0, 44, 3, 5), {}))
    events.append(area_object("Evacuation south", "evacuation", Rect(12, 49, 6, 3), {}))
    events.append(
        area_object(
            "Mosque courtyard",
            "message",
            mosque,
            {
                "side": "coalition",
                "text": "Families sheltering in the mosque say the fighters moved into the "
                "houses to the east overnight. Check your fire.",
            },
        )
    )
    events.append(point_object("West road", "entry", entry_pos, {"side": "coalition"}))

    return assemble(
        layout,
        catalogue,
        detail,
        [("objectives", objectives), ("events", events), ("units", units)],
        bool(unit_gids),
        {
            "title": "Al-Qadisiyah",
            "briefing": QADISIYAH_BRIEFING,
            "date": "2016-11-19",
            "player_side": "coalition",
            "turn_limit": 14,
            "wind_direction": "NW",
            "wind_strength": 1.0,
        },
    )


@dataclass(frozen=True)
class Recipe:
    """A shipped map: how to build it and its default seed."""

    build: Callable[[int, Path], TmxMap]
    seed: int


RECIPES: dict[str, Recipe] = {
    "qadisiyah": Recipe(qadisiyah, QADISIYAH_SEED),
    "arbajiyah": Recipe(arbajiyah, ARBAJIYAH_SEED),
    "al-bakr": Recipe(al_bakr, AL_BAKR_SEED),
    "southern-approach": Recipe(southern_approach, SOUTH_SEED),
    "nimrud": Recipe(nimrud, NIMRUD_SEED),
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
