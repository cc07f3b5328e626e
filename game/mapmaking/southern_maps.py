"""Map recipes south of Mosul: the Federal Police approach toward the airport, and Nimrud."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.core.values import TilePos
from game.mapmaking.city_generator import Rect, detail_gids, read_catalogue
from game.mapmaking.countryside import CountryBuilder
from game.mapmaking.recipe_kit import (
    UNITS_SOURCE,
    URBAN_SOURCE,
    Placer,
    TyreFire,
    UnitSpec,
    area_object,
    assemble,
    objective,
    place_tyre_fires,
    place_units,
    point_object,
    unit_object,
    unit_tiles,
)
from game.mapmaking.ruins_generator import citadel, town_wall
from game.tiled.tmx_writer import MapObject, TmxMap

# -- The southern approach --------------------------------------------------------------------

SOUTH_SEED = 1124
SOUTH_W, SOUTH_H = 96, 64
SOUTH_ROAD_X = 46  # the main road north toward the airport
WEST_ROAD_Y = 44  # side road through the first village, from the west
EAST_ROAD_Y = 18  # side road through the second village, from the east
NORTH_TRACK_Y = 7  # side road from the north-west
CANAL_Y = 33
FIRST_VILLAGE = Rect(10, 35, 26, 19)
SECOND_VILLAGE = Rect(58, 8, 26, 19)

SOUTH_BRIEFING = """\
Thursday, 24 November 2016. South of Mosul, west of the Tigris.

Since the offensive began on 17 October the Federal Police have fought their way north \
along the west bank of the Tigris, village by village; early in November they cleared the \
villages around Hammam al-Alil. The road north crosses flat, open farmland: fields, \
irrigation ditches, a canal, and two small villages that ISIL still holds.

Situation: ISIL cannot stop an armoured column in the open, so it sends car bombs down the \
side roads from the villages and the desert to the west and east, hidden behind burning \
tyres and oil, and keeps fighters, snipers and rocket teams in the villages along the road. \
Explosive drones have been seen over the second village.

Forces: a Federal Police armoured column of four armoured vehicles and two Humvees, three \
Federal Police infantry squads, two sniper teams, two anti-tank (ATGM) teams, an armoured \
bulldozer and a jammer team. A further infantry squad follows up the road on turn 5.

Orders:
1. Advance north along the main road and get at least three units off the north end of \
the map, toward a line about 5 km from Mosul airport.
2. Clear the first village, on the west road, so the column's flank is safe.
3. If you can, clear the second village on the east road as well.
Watch the side roads: a car bomb in the open is seen from far away, so post the sniper and \
the ATGM where they look down the side roads, and use the bulldozer to block them.

Civilians: families are still in both villages and in the farms. Evacuation points are \
behind the column at the south edge. Rules of engagement: do not fire on tiles with \
civilians. Civilian casualties are reported first."""

SOUTH_COALITION = (
    UnitSpec("Federal Police Armour 1", "fedpol_vehicle", TilePos(46, 52), "road"),
    UnitSpec("Federal Police Armour 2", "fedpol_vehicle", TilePos(46, 55), "road"),
    UnitSpec("Federal Police Armour 3", "fedpol_vehicle", TilePos(46, 58), "road"),
    UnitSpec("Federal Police Armour 4", "fedpol_vehicle", TilePos(46, 61), "road"),
    UnitSpec("Humvee 1", "humvee", TilePos(45, 57), "road"),
    UnitSpec("Humvee 2", "humvee", TilePos(47, 60), "road"),
    UnitSpec("Federal Police Infantry 1", "infantry", TilePos(43, 53), "open"),
    UnitSpec("Federal Police Infantry 2", "infantry", TilePos(50, 54), "open"),
    UnitSpec("Federal Police Infantry 3", "infantry", TilePos(42, 58), "open"),
    UnitSpec("Sniper 1", "sniper", TilePos(40, 51), "country", {"overwatch": True}),
    UnitSpec("ATGM 1", "atgm", TilePos(51, 51), "country", {"overwatch": True}),
    UnitSpec("ATGM 2", "atgm", TilePos(41, 55), "country", {"overwatch": True}),
    UnitSpec("Sniper 2", "sniper", TilePos(52, 55), "country", {"overwatch": True}),
    UnitSpec("Bulldozer 1", "bulldozer", TilePos(47, 63), "road"),
    UnitSpec("Jammer 1", "jammer", TilePos(44, 60), "open"),
)
SOUTH_ISIL = (
    UnitSpec("ISIL Fighters 1", "isil_fighters", TilePos(30, 44), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 2", "isil_fighters", TilePos(22, 40), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 3", "isil_fighters", TilePos(64, 20), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 4", "isil_fighters", TilePos(72, 14), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 5", "isil_fighters", TilePos(50, 30), "country", {"ai_role": "screen"}),
    UnitSpec("ISIL Fighters 6", "isil_fighters", TilePos(42, 12), "country", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 1", "isil_sniper", TilePos(28, 40), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 2", "isil_sniper", TilePos(62, 16), "building", {"ai_role": "hold"}),
    UnitSpec("RPG Team 1", "rpg_team", TilePos(32, 47), "building", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 2", "rpg_team", TilePos(60, 21), "building", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 3", "rpg_team", TilePos(49, 24), "country", {"ai_role": "ambush"}),
    UnitSpec("VBIED 1", "vbied", TilePos(0, WEST_ROAD_Y), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 2", "vbied", TilePos(95, EAST_ROAD_Y), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 3", "vbied", TilePos(0, NORTH_TRACK_Y), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("Drone Team 1", "drone_team", TilePos(70, 22), "building", {"ai_role": "hold"}),
)
SOUTH_REINFORCEMENT = UnitSpec(
    "Federal Police Infantry 4",
    "infantry",
    TilePos(SOUTH_ROAD_X, 63),
    "road",
    {"arrival_turn": 5, "entry": "South road"},
)
SOUTH_TYRES = (
    TyreFire("Tyre fire on the west road", TilePos(38, WEST_ROAD_Y), 0.7, 1),
    TyreFire("Tyre fire on the east road", TilePos(55, EAST_ROAD_Y), 0.7, 1),
    TyreFire(
        "Burning oil at the canal bridge", TilePos(SOUTH_ROAD_X + 2, CANAL_Y - 2), 0.6, 3, "open"
    ),
    TyreFire("Tyre fire north of the villages", TilePos(SOUTH_ROAD_X - 2, 14), 0.6, 4, "open"),
)
SOUTH_CIVILIANS = (
    ("Families of the first village", Rect(16, 42, 8, 6), 28),
    ("Families of the second village", Rect(66, 13, 8, 6), 24),
    ("Farm families by the canal", Rect(56, 36, 6, 4), 8),
)


def southern_approach(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 4: the Federal Police column on the open road toward Mosul airport."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    b = CountryBuilder(SOUTH_W, SOUTH_H, np.random.default_rng(seed))
    x = SOUTH_ROAD_X
    b.main_road_v(x)
    b.side_road_h(WEST_ROAD_Y, 0, x - 1)
    b.side_road_h(EAST_ROAD_Y, x + 2, SOUTH_W)
    b.side_road_h(NORTH_TRACK_Y, 0, x - 1)
    b.side_road_v(70, EAST_ROAD_Y + 2, CANAL_Y + 8)  # farm road south from the second village
    b.side_road_h(CANAL_Y + 6, x + 2, 72)
    b.ground(sand=0.6, grass=0.2)
    b.canal_h(CANAL_Y, bridges=(20, 80))
    b.fields(Rect(2, 34, 40, 22))
    b.fields(Rect(52, 6, 42, 25))
    b.fields(Rect(52, 36, 16, 14), fallow=0.35)
    b.fields(Rect(6, 12, 30, 14), fallow=0.5, trees=False)
    b.grove(Rect(34, 36, 7, 6))
    b.grove(Rect(84, 14, 8, 10))
    b.grove(Rect(6, 46, 6, 8))
    b.village(FIRST_VILLAGE, lanes=(Rect(23, 35, 1, 19),))
    b.village(SECOND_VILLAGE, lanes=(Rect(64, 8, 1, 10), Rect(76, 20, 1, 7), Rect(64, 12, 20, 1)))
    b.village(Rect(54, 35, 12, 6), mosque=False, density=0.12)  # farmhouses by the canal
    b.berm_line(10, 30, 36, 30)  # an ISIL earth wall south of the canal
    b.berm_line(58, 29, 80, 29)
    b.berm_line(38, 4, 43, 4)
    lanes = np.zeros((SOUTH_H, SOUTH_W), dtype=bool)
    lanes[8:50, [x - 1, x + 1]] = True
    b.wrecks(4, lanes)
    for y in (WEST_ROAD_Y, EAST_ROAD_Y, NORTH_TRACK_Y):
        b.crossing(x, y)
    layout = b.layout()

    placer = Placer(layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, placed = place_units(placer, (*SOUTH_COALITION, *SOUTH_ISIL), unit_gids)
    south_pos = placer.spot(SOUTH_REINFORCEMENT.near, "road")
    units.append(unit_object(SOUTH_REINFORCEMENT, south_pos, unit_gids))

    objectives = [
        objective(
            "Reach the airport road (north exit)", Rect(x - 6, 0, 13, 2), "exit", 200, count=3
        ),
        objective("Clear the first village", FIRST_VILLAGE, "capture", 120),
        objective("Clear the second village", SECOND_VILLAGE, "capture", 80, mandatory=False),
        objective(
            "Keep the lead armoured vehicle in action",
            Rect(
                placed["Federal Police Armour 1"].x - 1,
                placed["Federal Police Armour 1"].y - 1,
                3,
                3,
            ),
            "protect",
            40,
            target="Federal Police Armour 1",
            mandatory=False,
        ),
        objective(
            "Stop the column at the canal",
            Rect(x - 3, CANAL_Y - 1, 7, 3),
            "hold",
            100,
            side="isil",
            turns=3,
            mandatory=False,
        ),
    ]
    detail = detail_gids(layout, catalogue)
    events: list[MapObject] = place_tyre_fires(
        placer, SOUTH_TYRES, detail, 1 + catalogue.local_ids["tyres"]
    )
    for name, rect, count in SOUTH_CIVILIANS:
        events.append(area_object(name, "civilians", rect, {"count": count}))
    events.append(area_object("Evacuation south-west", "evacuation", Rect(30, 61, 8, 3), {}))
    events.append(area_object("Evacuation south-east", "evacuation", Rect(54, 61, 8, 3), {}))
    events.append(
        area_object(
            "Canal bridge",
            "message",
            Rect(x - 2, CANAL_Y - 1, 5, 3),
            {
                "side": "coalition",
                "text": "The canal bridge is intact, but the ground either side of the road is "
                "soft and cut by ditches. The bulldozer engineers warn that the verges may be "
                "mined: keep the vehicles on the asphalt.",
            },
        )
    )
    events.append(
        area_object(
            "Second village outskirts",
            "message",
            Rect(
                SECOND_VILLAGE.x - 3, SECOND_VILLAGE.y + SECOND_VILLAGE.h, SECOND_VILLAGE.w + 6, 3
            ),
            {
                "side": "coalition",
                "text": "A farmer waving a white cloth says the fighters keep cars packed with "
                "explosives in the yards by the east road, and that many families could not "
                "leave.",
            },
        )
    )
    events.append(point_object("South road", "entry", south_pos, {"side": "coalition"}))
    return assemble(
        layout,
        catalogue,
        detail,
        [("objectives", objectives), ("events", events), ("units", units)],
        bool(unit_gids),
        {
            "title": "The Southern Approach",
            "briefing": SOUTH_BRIEFING,
            "date": "2016-11-24",
            "player_side": "coalition",
            "turn_limit": 18,
            "wind_direction": "NW",
            "wind_strength": 1.5,
        },
    )


# -- Nimrud -----------------------------------------------------------------------------------

NIMRUD_SEED = 1113
NIMRUD_W, NIMRUD_H = 80, 56
NIMRUD_ROAD_X = 55  # the road from the south, past the ruins, toward Mosul
MOUND = Rect(22, 8, 28, 24)
NIMRUD_VILLAGE = Rect(59, 14, 19, 24)
VILLAGE_ROAD_Y = 25
HAZARD = Rect(62, 2, 10, 7)

NIMRUD_BRIEFING = """\
Sunday, 13 November 2016. Nimrud, about 30 km south-east of Mosul, on the Tigris.

Nimrud was founded in the 13th century BC and became a capital of the Assyrian empire. \
ISIL has held the village and the site since 2014; in March and April 2015 its fighters \
smashed the palace reliefs, bulldozed the citadel and blew up the North-West Palace. \
What is left on the mound is walls, rubble and the eroded ziggurat.

Situation: troops of the army's 9th Armoured Division have reached the farm road south of \
the site. ISIL fighters hold the village east of the ruins and have positions on the mound, \
in the palace ruins and around the Temple of Nabu, with a sniper on the temple's high walls \
overlooking the ziggurat. Car bombs may come down the Mosul road from the north. Residents \
report that ISIL stored shells they say contain chemical agents in a farm compound north of \
the village: that area is marked as a hazard until specialists have checked it. Keep out of it.

Forces: four army infantry squads, two sniper teams, two Humvees, an anti-tank (ATGM) team, \
an armoured bulldozer and a jammer team. A further infantry squad comes up the road on turn 4.

Orders:
1. Secure what remains of the citadel before the day is out: the ziggurat and the \
North-West Palace. Use no heavy weapons on the ruins unless there is no other way.
2. Protect the village's people: families must reach the evacuation point on the road to \
the south. Clear the village too if you can.
3. If you can, secure the Temple of Nabu as well.

Rules of engagement: do not fire on tiles with civilians. Civilian casualties are reported \
first."""

NIMRUD_COALITION = (
    UnitSpec("Army 1", "infantry", TilePos(36, 46), "country"),
    UnitSpec("Army 2", "infantry", TilePos(44, 45), "country"),
    UnitSpec("Army 3", "infantry", TilePos(60, 46), "country"),
    UnitSpec("Army 4", "infantry", TilePos(66, 47), "country"),
    UnitSpec("Sniper 1", "sniper", TilePos(42, 43), "country", {"overwatch": True}),
    UnitSpec("Sniper 2", "sniper", TilePos(63, 44), "country", {"overwatch": True}),
    UnitSpec("Humvee 1", "humvee", TilePos(NIMRUD_ROAD_X, 45), "road"),
    UnitSpec("Humvee 2", "humvee", TilePos(NIMRUD_ROAD_X, 49), "road"),
    UnitSpec("ATGM 1", "atgm", TilePos(52, 44), "country", {"overwatch": True}),
    UnitSpec("Bulldozer 1", "bulldozer", TilePos(NIMRUD_ROAD_X, 53), "road"),
    UnitSpec("Jammer 1", "jammer", TilePos(57, 50), "country"),
)
NIMRUD_ISIL = (
    UnitSpec("ISIL Fighters 1", "isil_fighters", TilePos(64, 22), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 2", "isil_fighters", TilePos(70, 30), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 3", "isil_fighters", TilePos(62, 34), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 4", "isil_fighters", TilePos(30, 26), "ruins", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 5", "isil_fighters", TilePos(42, 14), "ruins", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 1", "isil_sniper", TilePos(44, 14), "high_ruins", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 2", "isil_sniper", TilePos(72, 20), "building", {"ai_role": "hold"}),
    UnitSpec("RPG Team 1", "rpg_team", TilePos(58, 36), "country", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 2", "rpg_team", TilePos(45, 30), "ruins", {"ai_role": "ambush"}),
    UnitSpec("VBIED 1", "vbied", TilePos(NIMRUD_ROAD_X, 0), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 2", "vbied", TilePos(76, VILLAGE_ROAD_Y), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("Drone Team 1", "drone_team", TilePos(68, 16), "building", {"ai_role": "hold"}),
)
NIMRUD_REINFORCEMENT = UnitSpec(
    "Army 5",
    "infantry",
    TilePos(NIMRUD_ROAD_X, 55),
    "road",
    {"arrival_turn": 4, "entry": "Road from the south"},
)
NIMRUD_TYRES = (
    TyreFire("Tyre fire at the village entrance", TilePos(58, VILLAGE_ROAD_Y), 0.6, 1),
    TyreFire("Burning oil on the Mosul road", TilePos(NIMRUD_ROAD_X, 8), 0.6, 2),
)
NIMRUD_CIVILIANS = (
    ("Families of the village centre", Rect(63, 20, 8, 5), 34),
    ("Families of the south houses", Rect(62, 30, 8, 5), 21),
    ("Farm families by the river", Rect(14, 38, 6, 5), 9),
)


def nimrud(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 5: Nimrud, 13 November 2016 (the ruins, the village, a hazard zone)."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    b = CountryBuilder(NIMRUD_W, NIMRUD_H, np.random.default_rng(seed))
    x = NIMRUD_ROAD_X
    b.main_road_v(x)
    b.side_road_h(VILLAGE_ROAD_Y, x + 2, NIMRUD_W)
    b.side_road_h(44, 16, x - 1)  # farm road west toward the river
    b.river(centre=6.0, width=8.0, swing=2.5, period=9.0, bank=3)
    b.ground(sand=0.4, grass=0.3)
    b.fields(Rect(13, 0, 8, NIMRUD_H))
    b.fields(Rect(20, 36, 34, 20), fallow=0.3)
    b.fields(Rect(58, 40, 22, 16), fallow=0.3)
    b.grove(Rect(13, 33, 8, 10), density=0.5)
    b.grove(Rect(74, 6, 6, 8))
    town_wall(b, Rect(18, 3, 36, 42), keep=0.5)
    site = citadel(b, MOUND)
    b.village(NIMRUD_VILLAGE, lanes=(Rect(66, 14, 1, 24),))
    b.village(Rect(13, 37, 8, 6), mosque=False, density=0.2)  # farmhouses by the river
    b.village(
        HAZARD, mosque=False, density=0.3
    )  # the farm compound of the reported chemical threat
    b.crossing(x, VILLAGE_ROAD_Y)
    b.crossing(x, 44)
    layout = b.layout()

    placer = Placer(layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, _ = place_units(placer, (*NIMRUD_COALITION, *NIMRUD_ISIL), unit_gids)
    entry_pos = placer.spot(NIMRUD_REINFORCEMENT.near, "road")
    units.append(unit_object(NIMRUD_REINFORCEMENT, entry_pos, unit_gids))

    zig, palace = site.ziggurat, site.northwest_palace
    objectives = [
        objective(
            "Secure the ziggurat",
            Rect(zig.x - 1, zig.y - 1, zig.w + 2, zig.h + 2),
            "hold",
            120,
            turns=2,
        ),
        objective("Secure the North-West Palace", palace, "capture", 120),
        objective("Clear the village", NIMRUD_VILLAGE, "capture", 100, mandatory=False),
        objective("Secure the Temple of Nabu", site.temple, "capture", 60, mandatory=False),
        objective(
            "Hold the citadel", site.mound, "hold", 100, side="isil", turns=4, mandatory=False
        ),
    ]
    detail = detail_gids(layout, catalogue)
    events: list[MapObject] = place_tyre_fires(
        placer, NIMRUD_TYRES, detail, 1 + catalogue.local_ids["tyres"]
    )
    for name, rect, count in NIMRUD_CIVILIANS:
        events.append(area_object(name, "civilians", rect, {"count": count}))
    events.append(
        area_object("Evacuation on the south road", "evacuation", Rect(x - 2, 52, 5, 4), {})
    )
    events.append(area_object("Evacuation south-west fields", "evacuation", Rect(24, 52, 6, 4), {}))
    events.append(
        area_object(
            "Reported chemical threat",
            "hazard",
            Rect(HAZARD.x - 1, HAZARD.y - 1, HAZARD.w + 2, HAZARD.h + 2),
            {
                "text": "Hazard: residents report that ISIL stored shells in this farm compound "
                "that may contain chemical agents. Nothing is confirmed. Keep units out until "
                "the specialist team has checked it; anyone who enters risks exposure."
            },
        )
    )
    events.append(
        area_object(
            "The North-West Palace",
            "message",
            palace,
            {
                "side": "coalition",
                "text": "Where the palace of Ashurnasirpal II stood there are only heaps of "
                "broken brick and smashed relief slabs. The archaeologists ask that nothing be "
                "moved and that vehicles stay off the mound.",
            },
        )
    )
    events.append(
        area_object(
            "Village entrance",
            "message",
            Rect(x + 2, VILLAGE_ROAD_Y - 1, 4, 4),
            {
                "side": "coalition",
                "text": "Villagers say many families have stayed in their homes and that the "
                "fighters took the young men with them when they pulled back to the north.",
            },
        )
    )
    events.append(point_object("Road from the south", "entry", entry_pos, {"side": "coalition"}))
    return assemble(
        layout,
        catalogue,
        detail,
        [("objectives", objectives), ("events", events), ("units", units)],
        bool(unit_gids),
        {
            "title": "Nimrud",
            "briefing": NIMRUD_BRIEFING,
            "date": "2016-11-13",
            "player_side": "coalition",
            "turn_limit": 14,
            "wind_direction": "N",
            "wind_strength": 1.0,
        },
    )
