"""The terrain of the shipped maps built in the countryside: the southern approach, Nimrud.

Each generator takes a seed and the urban tileset's catalogue and returns the generated map
(layout, detail layer, named areas); the recipe's TOML names it (`generator = "..."`).
"""

from __future__ import annotations

import numpy as np

from game.mapmaking.city_generator import Rect, TileCatalogue, detail_gids
from game.mapmaking.countryside import CountryBuilder
from game.mapmaking.recipe_kit import GeneratedMap
from game.mapmaking.ruins_generator import citadel, town_wall

# -- The southern approach --------------------------------------------------------------------

SOUTH_W, SOUTH_H = 96, 64
SOUTH_ROAD_X = 46  # the main road north toward the airport
WEST_ROAD_Y = 44  # side road through the first village, from the west
EAST_ROAD_Y = 18  # side road through the second village, from the east
NORTH_TRACK_Y = 7  # side road from the north-west
CANAL_Y = 33
FIRST_VILLAGE = Rect(10, 35, 26, 19)
SECOND_VILLAGE = Rect(58, 8, 26, 19)


def southern_country(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """Farmland with a main road, side roads, a canal and two villages."""
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
    return GeneratedMap(layout, detail_gids(layout, catalogue), {})


# -- Nimrud -----------------------------------------------------------------------------------

NIMRUD_W, NIMRUD_H = 80, 56
NIMRUD_ROAD_X = 55  # the road from the south, past the ruins, toward Mosul
MOUND = Rect(22, 8, 28, 24)
NIMRUD_VILLAGE = Rect(59, 14, 19, 24)
VILLAGE_ROAD_Y = 25
HAZARD = Rect(62, 2, 10, 7)


def nimrud_country(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """The river, the ruined citadel on its mound, the village and the farm compound."""
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
    areas = {
        "ziggurat": site.ziggurat,
        "northwest_palace": site.northwest_palace,
        "temple": site.temple,
        "mound": site.mound,
    }
    return GeneratedMap(layout, detail_gids(layout, catalogue), areas)
