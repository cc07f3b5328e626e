"""Map recipes in eastern Mosul: Arbajiyah (smoke and drones) and Al-Bakr (encirclement)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.core.values import TilePos
from game.mapmaking.city_generator import (
    NO_TILE,
    ROAD_TILES,
    CityLayout,
    CityPlan,
    Rect,
    Tile,
    detail_gids,
    generate_layout,
    read_catalogue,
)
from game.mapmaking.countryside import CountryBuilder
from game.mapmaking.recipe_kit import (
    UNITS_SOURCE,
    URBAN_SOURCE,
    Placer,
    TyreFire,
    UnitSpec,
    area_object,
    around,
    assemble,
    objective,
    place_tyre_fires,
    place_units,
    point_object,
    unit_object,
    unit_tiles,
)
from game.tiled.tmx_writer import MapObject, TmxMap

# -- Arbajiyah --------------------------------------------------------------------------------

ARBAJIYAH_SEED = 1111
ARBAJIYAH_W, ARBAJIYAH_H = 76, 54
ARB_MAIN_X = (22, 60)
ARB_MAIN_Y = (32,)
ARB_JUNCTION = TilePos(60, 32)
ARB_START = Rect(63, 24, 13, 18)

ARBAJIYAH_BRIEFING = """\
Friday, 11 November 2016. Arbajiyah, eastern Mosul.

After a few days of quiet the Counter-Terrorism Service resumes the attack on Arbajiyah, \
the neighbourhood west of the blocks already taken. The first row of buildings on its \
eastern edge is in our hands. Beyond it the streets are narrow, the blocks cut by alleys, \
and ISIL has set tyres and oil burning at the corners to blind our snipers and our \
reconnaissance drones.

Situation: ISIL holds the neighbourhood with small groups of fighters in the houses, \
snipers on the taller buildings, rocket teams, and two explosive-drone teams working from \
the blocks around the mosque. Expect car bombs from the west end of the main street and \
from the north avenue, hidden in the smoke.

Forces: six CTS squads, two sniper teams, a jammer team against the drones, two Humvees, \
an anti-tank (ATGM) team and an armoured bulldozer. A further CTS squad comes up the main \
street from the east on turn 5.

Orders:
1. Hold the crossroads at the east end of the main street.
2. Push west street by street: secure the market street and clear the mosque block.
3. Find and silence the drone teams; keep the jammer close to the squads it protects.

Civilians: most families are still at home. Evacuation points are behind our lines to the \
east. Do not fire on tiles with civilians; check every area weapon. Civilian casualties \
are reported first."""

ARB_COALITION = (
    UnitSpec("CTS 1", "cts", TilePos(62, 30), "cover", {"overwatch": True}),
    UnitSpec("CTS 2", "cts", TilePos(62, 35), "cover", {"overwatch": True}),
    UnitSpec("CTS 3", "cts", TilePos(64, 26), "cover"),
    UnitSpec("CTS 4", "cts", TilePos(64, 38), "cover"),
    UnitSpec("CTS 5", "cts", TilePos(67, 30), "cover"),
    UnitSpec("CTS 6", "cts", TilePos(67, 36), "cover"),
    UnitSpec("Sniper 1", "sniper", TilePos(63, 28), "tall", {"overwatch": True}),
    UnitSpec("Sniper 2", "sniper", TilePos(64, 36), "tall", {"overwatch": True}),
    UnitSpec("Jammer 1", "jammer", TilePos(66, 33), "ground"),
    UnitSpec("Humvee 1", "humvee", TilePos(68, 32), "road"),
    UnitSpec("Humvee 2", "humvee", TilePos(72, 32), "road"),
    UnitSpec("ATGM 1", "atgm", TilePos(63, 31), "building", {"overwatch": True}),
    UnitSpec("Bulldozer 1", "bulldozer", TilePos(60, 44), "road"),
)
ARB_ISIL = (
    UnitSpec(
        "ISIL Fighters 1", "isil_fighters", TilePos(54, 28), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 2", "isil_fighters", TilePos(54, 37), "building", {"ai_role": "ambush"}
    ),
    UnitSpec("ISIL Fighters 3", "isil_fighters", TilePos(44, 30), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 4", "isil_fighters", TilePos(38, 38), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 5", "isil_fighters", TilePos(30, 18), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 6", "isil_fighters", TilePos(46, 14), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 7", "isil_fighters", TilePos(18, 40), "building", {"ai_role": "reserve"}
    ),
    UnitSpec("ISIL Sniper 1", "isil_sniper", TilePos(48, 26), "tall", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 2", "isil_sniper", TilePos(40, 42), "tall", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 3", "isil_sniper", TilePos(28, 24), "tall", {"ai_role": "hold"}),
    UnitSpec("Drone Team 1", "drone_team", TilePos(34, 14), "building", {"ai_role": "hold"}),
    UnitSpec("Drone Team 2", "drone_team", TilePos(40, 22), "building", {"ai_role": "hold"}),
    UnitSpec("RPG Team 1", "rpg_team", TilePos(52, 33), "building", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 2", "rpg_team", TilePos(56, 22), "building", {"ai_role": "ambush"}),
    UnitSpec("VBIED 1", "vbied", TilePos(0, 32), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 2", "vbied", TilePos(60, 0), "road", {"ai_role": "vbied_strike"}),
)
ARB_REINFORCEMENT = UnitSpec(
    "CTS 7", "cts", TilePos(75, 32), "road", {"arrival_turn": 5, "entry": "East road"}
)
ARB_TYRES = (
    TyreFire("Tyre fire on the main street", TilePos(46, 32), 0.8, 1),
    TyreFire("Tyre fire west junction", TilePos(24, 30), 0.6, 1),
    TyreFire("Tyre fire north avenue", TilePos(60, 10), 0.7, 1),
    TyreFire("Tyre fire north avenue, lower", TilePos(60, 22), 0.6, 3),
    TyreFire("Burning oil by the mosque", TilePos(36, 20), 0.7, 1, "ground"),
    TyreFire("Tyre fire in the market street", TilePos(42, 38), 0.5, 2, "ground"),
    TyreFire("Tyre fire south alley", TilePos(50, 44), 0.5, 4, "ground"),
    TyreFire("Tyre fire west avenue", TilePos(22, 12), 0.6, 2),
    TyreFire("Tyre fire west avenue, south", TilePos(22, 46), 0.5, 5),
)
ARB_CIVILIANS = (
    ("Families by the main street", Rect(48, 34, 5, 4), 18),
    ("Families near the mosque", Rect(30, 18, 5, 4), 24),
    ("Families of the north block", Rect(50, 12, 5, 4), 14),
    ("Families of the south-west block", Rect(26, 42, 5, 4), 16),
)


def arbajiyah(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 2: Arbajiyah, 11 November 2016 (street by street under smoke and drones)."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    plan = CityPlan(
        main_x=ARB_MAIN_X,
        main_y=ARB_MAIN_Y,
        mosque_near=TilePos(34, 18),
        market_near=TilePos(42, 38),
        damage_sites=10,
        wrecks=6,
        keep_clear=(ARB_START, Rect(0, 29, 8, 7), Rect(56, 0, 9, 8)),
        block_length=(8, 13),
        back_alley_chance=0.85,
        cross_alley_chance=0.8,
    )
    layout = generate_layout(ARBAJIYAH_W, ARBAJIYAH_H, seed, plan)
    placer = Placer(layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, placed = place_units(placer, (*ARB_COALITION, *ARB_ISIL), unit_gids)
    entry_pos = placer.spot(ARB_REINFORCEMENT.near, "road")
    units.append(unit_object(ARB_REINFORCEMENT, entry_pos, unit_gids))

    hold = around(ARB_JUNCTION, 2)
    mosque = layout.mosque or Rect(30, 14, 9, 8)
    market = layout.market or Rect(38, 34, 9, 3)
    objectives = [
        objective("Hold the east crossroads", hold, "hold", 80, turns=3),
        objective("Secure the market street", market, "capture", 100),
        objective(
            "Clear the mosque block",
            Rect(mosque.x - 2, mosque.y - 2, mosque.w + 4, mosque.h + 4),
            "capture",
            150,
        ),
    ]
    for team in ("Drone Team 1", "Drone Team 2"):
        objectives.append(
            objective(
                f"Silence {team}",
                around(placed[team], 1),
                "destroy",
                50,
                target=team,
                mandatory=False,
            )
        )
    objectives.append(
        objective("Retake the east crossroads", hold, "capture", 100, side="isil", mandatory=False)
    )
    detail = detail_gids(layout, catalogue)
    _scatter_tyres(layout, detail, 1 + catalogue.local_ids["tyres"], seed, share=0.02)
    events: list[MapObject] = place_tyre_fires(
        placer, ARB_TYRES, detail, 1 + catalogue.local_ids["tyres"]
    )
    for name, rect, count in ARB_CIVILIANS:
        events.append(area_object(name, "civilians", rect, {"count": count}))
    events.append(area_object("Evacuation east", "evacuation", Rect(73, 38, 3, 6), {}))
    events.append(area_object("Evacuation north-east", "evacuation", Rect(70, 20, 6, 3), {}))
    events.append(
        area_object(
            "Smoke over the main street",
            "message",
            Rect(44, 30, 5, 5),
            {
                "side": "coalition",
                "text": "The reconnaissance drone loses sight of the street in the smoke. A "
                "car bomb could be anywhere behind it: keep a sniper on overwatch down every "
                "long street.",
            },
        )
    )
    events.append(
        area_object(
            "Mosque courtyard",
            "message",
            mosque,
            {
                "side": "coalition",
                "text": "Families sheltering in the mosque say the drone operators launch from "
                "the rooftops nearby and move after every flight.",
            },
        )
    )
    events.append(point_object("East road", "entry", entry_pos, {"side": "coalition"}))
    return assemble(
        layout,
        catalogue,
        detail,
        [("objectives", objectives), ("events", events), ("units", units)],
        bool(unit_gids),
        {
            "title": "Arbajiyah",
            "briefing": ARBAJIYAH_BRIEFING,
            "date": "2016-11-11",
            "player_side": "coalition",
            "turn_limit": 16,
            "wind_direction": "W",
            "wind_strength": 1.5,
        },
    )


def _scatter_tyres(
    layout: CityLayout, detail: np.ndarray, tyres_gid: int, seed: int, share: float
) -> None:
    """Piles of tyres waiting to be lit along streets and alleys (drawn only)."""
    rng = np.random.default_rng(seed + 7)
    street = np.isin(layout.ground, (*ROAD_TILES, Tile.ALLEY, Tile.SIDEWALK))
    pick = street & (detail == 0) & (rng.random(street.shape) < share)
    detail[pick] = tyres_gid


# -- Al-Bakr -----------------------------------------------------------------------------------

AL_BAKR_SEED = 1112
AL_BAKR_W, AL_BAKR_H = 84, 60
BAKR_MAIN_X = (28, 58)
BAKR_MAIN_Y = (22, 43)
BAKR_CORE = Rect(14, 9, 57, 41)  # the built-up neighbourhood; open ground around it

AL_BAKR_BRIEFING = """\
Saturday, 12 November 2016. Al-Bakr, eastern Mosul.

The neighbourhood of al-Bakr stands on the edge of the built-up area, with waste ground, \
yards and small fields around it. ISIL fighters who fell back from the districts already \
taken have gathered there. ISIL has raised an earth wall around the houses: vehicles can \
leave only by the main roads, and those roads have been its car bombs' way out against our \
positions.

Situation: the plan is to surround al-Bakr before clearing it. Three groups approach \
across the open ground: CTS from the south, army units from the south-west and the \
south-east. Once the exits are closed the fighters inside can no longer be reinforced or \
slip away with the civilians. Fighters hold the houses by the exits, and a group of \
fighters waits on the northern edge to contest the north-western exit.

Forces: south group - three CTS squads, a sniper team, a Humvee and an armoured \
bulldozer; south-west group - two army squads, an anti-tank (ATGM) team and a Humvee; \
south-east group - two army squads, a sniper team, a Federal Police armoured vehicle, a \
jammer team and a second bulldozer.

Orders:
1. Reach the four encirclement points where the main roads leave al-Bakr: hold the west \
and east exits of the northern main road for two turns each, and reach the two northern \
exits on the far side. Time is short: the longer the exits stay open, the more fighters \
and car bombs get out.
2. Keep both bulldozers in action.
3. Cut the car-bomb routes: the bulldozers can raise berms across the roads that lead \
out of the neighbourhood toward our groups.

Civilians: families will try to leave across the open ground; evacuation points are behind \
each group. Do not fire on tiles with civilians. Civilian casualties are reported first."""

BAKR_COALITION = (
    UnitSpec("CTS 1", "cts", TilePos(34, 56), "ground"),
    UnitSpec("CTS 2", "cts", TilePos(44, 57), "ground"),
    UnitSpec("CTS 3", "cts", TilePos(52, 56), "ground"),
    UnitSpec("Sniper 1", "sniper", TilePos(40, 55), "ground", {"overwatch": True}),
    UnitSpec("Humvee 1", "humvee", TilePos(28, 57), "road"),
    UnitSpec("Bulldozer 1", "bulldozer", TilePos(58, 58), "road"),
    UnitSpec("Army 1", "infantry", TilePos(3, 52), "ground"),
    UnitSpec("Army 2", "infantry", TilePos(8, 56), "ground"),
    UnitSpec("ATGM 1", "atgm", TilePos(5, 54), "ground", {"overwatch": True}),
    UnitSpec("Humvee 2", "humvee", TilePos(4, 58), "open"),
    UnitSpec("Army 3", "infantry", TilePos(80, 52), "ground"),
    UnitSpec("Army 4", "infantry", TilePos(75, 56), "ground"),
    UnitSpec("Sniper 2", "sniper", TilePos(78, 54), "ground", {"overwatch": True}),
    UnitSpec("Federal Police Armour 1", "fedpol_vehicle", TilePos(81, 57), "open"),
    UnitSpec("Jammer 1", "jammer", TilePos(78, 58), "ground"),
    UnitSpec("Bulldozer 2", "bulldozer", TilePos(83, 58), "open"),
)
BAKR_ISIL = (
    UnitSpec("ISIL Fighters 1", "isil_fighters", TilePos(30, 24), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 2", "isil_fighters", TilePos(56, 24), "building", {"ai_role": "hold"}),
    UnitSpec(
        "ISIL Fighters 3", "isil_fighters", TilePos(42, 40), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 4", "isil_fighters", TilePos(18, 40), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 5", "isil_fighters", TilePos(66, 40), "building", {"ai_role": "ambush"}
    ),
    UnitSpec(
        "ISIL Fighters 6", "isil_fighters", TilePos(42, 14), "building", {"ai_role": "reserve"}
    ),
    UnitSpec("ISIL Sniper 1", "isil_sniper", TilePos(36, 44), "tall", {"ai_role": "hold"}),
    UnitSpec("ISIL Sniper 2", "isil_sniper", TilePos(62, 30), "tall", {"ai_role": "hold"}),
    UnitSpec("RPG Team 1", "rpg_team", TilePos(24, 20), "building", {"ai_role": "ambush"}),
    UnitSpec("RPG Team 2", "rpg_team", TilePos(62, 20), "building", {"ai_role": "ambush"}),
    UnitSpec("Drone Team 1", "drone_team", TilePos(44, 28), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 7", "isil_fighters", TilePos(16, 20), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 8", "isil_fighters", TilePos(68, 20), "building", {"ai_role": "hold"}),
    UnitSpec("ISIL Fighters 9", "isil_fighters", TilePos(27, 8), "building", {"ai_role": "screen"}),
    UnitSpec("VBIED 1", "vbied", TilePos(40, 34), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 2", "vbied", TilePos(22, 30), "road", {"ai_role": "vbied_strike"}),
    UnitSpec("VBIED 3", "vbied", TilePos(64, 34), "road", {"ai_role": "vbied_strike"}),
)
BAKR_TYRES = (
    TyreFire("Tyre fire on the south avenue", TilePos(28, 48), 0.6, 1),
    TyreFire("Tyre fire on the west road", TilePos(12, 43), 0.6, 2),
    TyreFire("Tyre fire on the east road", TilePos(72, 43), 0.6, 2),
    TyreFire("Tyre fire by the north exit", TilePos(44, 22), 0.5, 4),
)
BAKR_CIVILIANS = (
    ("Families of the south-west block", Rect(20, 34, 5, 4), 20),
    ("Families of the centre", Rect(40, 27, 5, 4), 26),
    ("Families of the north-east block", Rect(62, 13, 5, 4), 15),
    ("Families of the south-east block", Rect(62, 46, 5, 4), 12),
)


def al_bakr(seed: int, maps_dir: Path) -> TmxMap:
    """Scenario 3: Al-Bakr, 12 November 2016 (encircle, then cut the car-bomb routes)."""
    catalogue = read_catalogue(maps_dir / URBAN_SOURCE)
    plan = CityPlan(
        main_x=BAKR_MAIN_X,
        main_y=BAKR_MAIN_Y,
        mosque_near=TilePos(44, 30),
        market_near=TilePos(44, 38),
        damage_sites=6,
        wrecks=4,
        keep_clear=(Rect(0, 48, 12, 12), Rect(72, 48, 12, 12), Rect(24, 52, 40, 8)),
    )
    layout = _with_outskirts(generate_layout(AL_BAKR_W, AL_BAKR_H, seed, plan), BAKR_CORE, seed)
    placer = Placer(layout)
    unit_gids = unit_tiles(maps_dir / UNITS_SOURCE, 1 + catalogue.tile_count)
    units, placed = place_units(placer, (*BAKR_COALITION, *BAKR_ISIL), unit_gids)

    w_y, e_y = BAKR_MAIN_Y[0], BAKR_MAIN_Y[0]
    objectives = [
        objective("Encirclement point west", Rect(2, w_y - 2, 6, 5), "hold", 150, turns=2),
        objective(
            "Encirclement point east", Rect(AL_BAKR_W - 8, e_y - 2, 6, 5), "hold", 150, turns=2
        ),
        objective(
            "Encirclement point north-west",
            Rect(BAKR_MAIN_X[0] - 2, 1, 5, 5),
            "hold",
            100,
            turns=1,
        ),
        objective(
            "Encirclement point north-east",
            Rect(BAKR_MAIN_X[1] - 2, 1, 5, 5),
            "hold",
            100,
            turns=1,
        ),
    ]
    for dozer in ("Bulldozer 1", "Bulldozer 2"):
        objectives.append(
            objective(
                f"Keep {dozer} in action",
                around(placed[dozer], 1),
                "protect",
                30,
                target=dozer,
                mandatory=False,
            )
        )
    objectives.append(
        objective(
            "Break out to the south",
            Rect(24, AL_BAKR_H - 3, 40, 3),
            "exit",
            100,
            side="isil",
            count=2,
            mandatory=False,
        )
    )
    detail = detail_gids(layout, catalogue)
    events: list[MapObject] = place_tyre_fires(
        placer, BAKR_TYRES, detail, 1 + catalogue.local_ids["tyres"]
    )
    for name, rect, count in BAKR_CIVILIANS:
        events.append(area_object(name, "civilians", rect, {"count": count}))
    events.append(area_object("Evacuation south", "evacuation", Rect(38, AL_BAKR_H - 3, 8, 3), {}))
    events.append(
        area_object("Evacuation south-west", "evacuation", Rect(0, AL_BAKR_H - 3, 6, 3), {})
    )
    events.append(
        area_object(
            "Evacuation south-east", "evacuation", Rect(AL_BAKR_W - 6, AL_BAKR_H - 3, 6, 3), {}
        )
    )
    events.append(
        area_object(
            "The open ground",
            "message",
            Rect(0, 0, AL_BAKR_W, 6),
            {
                "side": "coalition",
                "text": "The ground north of al-Bakr is flat and open. Move in bounds, cover "
                "each other, and use smoke: a unit caught in the open is seen from every "
                "rooftop on the edge of the neighbourhood.",
            },
        )
    )
    events.append(
        area_object(
            "Car-bomb route south",
            "message",
            Rect(BAKR_MAIN_X[0] - 2, 48, 5, 4),
            {
                "side": "coalition",
                "text": "The engineers report that this avenue is the car bombs' usual way "
                "out. A berm across it would close it.",
            },
        )
    )
    return assemble(
        layout,
        catalogue,
        detail,
        [("objectives", objectives), ("events", events), ("units", units)],
        bool(unit_gids),
        {
            "title": "Al-Bakr",
            "briefing": AL_BAKR_BRIEFING,
            "date": "2016-11-12",
            "player_side": "coalition",
            "turn_limit": 16,
            "wind_direction": "NE",
            "wind_strength": 1.0,
        },
    )


def _with_outskirts(layout: CityLayout, core: Rect, seed: int) -> CityLayout:
    """The city outside `core` turned into waste ground, yards and fields; main roads stay."""
    h, w = layout.ground.shape
    keep = np.zeros((h, w), dtype=bool)
    inside = [b for b in layout.blocks if _within(b, core, 3)]
    for block in inside:
        keep[
            max(0, block.y - 1) : block.y + block.h + 1,
            max(0, block.x - 1) : block.x + block.w + 1,
        ] = True
    main_road = np.zeros((h, w), dtype=bool)
    for c in layout.main_x:
        main_road[:, c - 1 : c + 2] = True
    for c in layout.main_y:
        main_road[c - 1 : c + 2, :] = True
    corridor = main_road.copy()  # main roads with their sidewalks
    for c in layout.main_x:
        corridor[:, c - 2 : c + 3] = True
    for c in layout.main_y:
        corridor[c - 2 : c + 3, :] = True
    main_road &= np.isin(layout.ground, (*ROAD_TILES, Tile.WRECK))
    if inside:  # the main roads along and through the neighbourhood belong to it
        x0, y0 = min(b.x for b in inside) - 5, min(b.y for b in inside) - 5
        x1 = max(b.x + b.w for b in inside) + 5
        y1 = max(b.y + b.h for b in inside) + 5
        box = np.zeros_like(keep)
        box[max(0, y0) : y1, max(0, x0) : x1] = True
        keep |= corridor & box
    rural = ~keep & ~main_road
    b = CountryBuilder(w, h, np.random.default_rng(seed + 1))
    b.g = layout.ground.copy()
    b.detail = layout.detail.copy()
    b.g[rural] = Tile.OPEN
    b.detail[rural] = NO_TILE
    b.fixed = ~rural
    b.ground(sand=0.45, grass=0.35)
    for rect in (Rect(2, 2, 22, 6), Rect(62, 2, 20, 6), Rect(2, 26, 10, 12), Rect(73, 26, 10, 12)):
        b.fields(rect, fallow=0.4, trees=False)
    for rect in (Rect(34, 1, 6, 5), Rect(74, 52, 8, 6), Rect(2, 53, 8, 5)):
        b.grove(rect, density=0.5)
    for rect in (
        Rect(40, 1, 12, 6),
        Rect(2, 10, 9, 8),
        Rect(74, 10, 9, 8),
        Rect(10, 52, 12, 6),
        Rect(64, 52, 9, 6),
    ):
        b.village(rect, mosque=False, density=0.15)
    # ISIL's earth wall around the neighbourhood: vehicles get in and out only by the main roads.
    ring = np.zeros_like(keep)
    ring[1:, :] |= keep[:-1, :]
    ring[:-1, :] |= keep[1:, :]
    ring[:, 1:] |= keep[:, :-1]
    ring[:, :-1] |= keep[:, 1:]
    grown = ring.copy()
    grown[1:, :] |= ring[:-1, :]
    grown[:-1, :] |= ring[1:, :]
    ring = grown & ~keep & ~main_road
    b.g[ring] = Tile.BERM
    b.detail[ring] = NO_TILE
    return CityLayout(
        ground=b.g,
        detail=b.detail,
        main_x=layout.main_x,
        main_y=layout.main_y,
        blocks=inside,
        mosque=layout.mosque,
        market=layout.market,
    )


def _within(inner: Rect, outer: Rect, slack: int) -> bool:
    """Whether `inner` lies inside `outer` grown by `slack` tiles on every side."""
    return (
        inner.x >= outer.x - slack
        and inner.y >= outer.y - slack
        and inner.x + inner.w <= outer.x + outer.w + slack
        and inner.y + inner.h <= outer.y + outer.h + slack
    )
