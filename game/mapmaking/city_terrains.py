"""The terrain of the shipped maps built by the city generator: Al-Qadisiyah, Arbajiyah, Al-Bakr
and the training ground.

Each generator takes a seed and the urban tileset's catalogue and returns the generated map
(layout, detail layer, named areas); the recipe's TOML names it (`generator = "..."`).
"""

from __future__ import annotations

import numpy as np

from game.core.values import TilePos
from game.mapmaking.city_generator import (
    NO_TILE,
    ROAD_TILES,
    CityLayout,
    CityPlan,
    Rect,
    Tile,
    TileCatalogue,
    detail_gids,
    generate_layout,
)
from game.mapmaking.countryside import CountryBuilder
from game.mapmaking.recipe_kit import GeneratedMap

# -- Al-Qadisiyah ------------------------------------------------------------------------------

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


# -- Arbajiyah --------------------------------------------------------------------------------

ARBAJIYAH_W, ARBAJIYAH_H = 76, 54
ARB_MAIN_X = (22, 60)
ARB_MAIN_Y = (32,)
ARB_START = Rect(63, 24, 13, 18)


def arbajiyah_city(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """Narrow blocks cut by alleys, tyres piled along the streets."""
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
    detail = detail_gids(layout, catalogue)
    _scatter_tyres(layout, detail, 1 + catalogue.local_ids["tyres"], seed, share=0.02)
    areas = {
        "mosque": layout.mosque or Rect(30, 14, 9, 8),
        "market": layout.market or Rect(38, 34, 9, 3),
    }
    return GeneratedMap(layout, detail, areas)


def _scatter_tyres(
    layout: CityLayout, detail: np.ndarray, tyres_gid: int, seed: int, share: float
) -> None:
    """Piles of tyres waiting to be lit along streets and alleys (drawn only)."""
    rng = np.random.default_rng(seed + 7)
    street = np.isin(layout.ground, (*ROAD_TILES, Tile.ALLEY, Tile.SIDEWALK))
    pick = street & (detail == 0) & (rng.random(street.shape) < share)
    detail[pick] = tyres_gid


# -- Al-Bakr -----------------------------------------------------------------------------------

AL_BAKR_W, AL_BAKR_H = 84, 60
BAKR_MAIN_X = (28, 58)
BAKR_MAIN_Y = (22, 43)
BAKR_CORE = Rect(14, 9, 57, 41)  # the built-up neighbourhood; open ground around it


def al_bakr_city(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """A neighbourhood ringed by an earth wall, with open ground around it."""
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
    return GeneratedMap(layout, detail_gids(layout, catalogue), {})


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


# -- The training ground ------------------------------------------------------------------

TRAINING_W, TRAINING_H = 36, 24
TRAINING_START = Rect(0, 14, 12, 10)  # the coalition's corner, south-west of the crossing


def training_ground(seed: int, catalogue: TileCatalogue) -> GeneratedMap:
    """A few blocks around one crossing: a main street east-west (the car bomb's road), an
    avenue north-south, a mosque courtyard with families north of the street, a shop row."""
    plan = CityPlan(
        main_x=(6,),
        main_y=(12,),
        mosque_near=TilePos(16, 4),
        market_near=TilePos(22, 8),
        damage_sites=1,
        wrecks=1,
        keep_clear=(TRAINING_START,),
    )
    layout = generate_layout(TRAINING_W, TRAINING_H, seed, plan)
    areas = {
        "mosque": layout.mosque or Rect(12, 0, 9, 8),
        "market": layout.market or Rect(23, 1, 3, 9),
    }
    return GeneratedMap(layout, detail_gids(layout, catalogue), areas)
