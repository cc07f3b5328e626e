"""The test builders read the one ASCII legend alike: a character is the same tile whether
grid_builder, battle_builder or map_factory's TMX file paints it."""

from __future__ import annotations

import numpy as np
import pytest

from game.scenario.loader import load_scenario
from tests.ascii_legend import LEGEND, check_picture
from tests.battle_builder import BattleBuilder
from tests.grid_builder import grid_from_ascii
from tests.map_factory import TILE_CHARS, map_xml, write_map

FIELDS = ("terrain", "height", "cover", "cost", "blocks_sight", "obscuration", "building_hp")
PICTURE = ["".join(LEGEND)]  # every character once, in one row


def _assert_same_tiles(a, b, where: str) -> None:
    for name in FIELDS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), f"{where}: {name}"


def test_each_character_is_its_legend_terrain(ruleset):
    grid = grid_from_ascii(PICTURE, ruleset)
    for x, char in enumerate(PICTURE[0]):
        kind, overrides = LEGEND[char]
        assert grid.terrain[0, x] == ruleset.terrain[kind].index, char
        height = overrides.get("height", ruleset.terrain[kind].height)
        assert grid.height[0, x] == pytest.approx(height), char
    assert [grid.height[0, PICTURE[0].index(d)] for d in "139"] == [1.0, 3.0, 9.0]
    assert grid.terrain[0, PICTURE[0].index(".")] != grid.terrain[0, PICTURE[0].index("=")]


def test_battle_builder_paints_the_legend_like_grid_builder(ruleset):
    battle = BattleBuilder(ruleset, PICTURE).scenario().grid
    _assert_same_tiles(battle, grid_from_ascii(PICTURE, ruleset), "battle_builder")


def test_map_factory_tiles_load_as_the_legend_says(tmp_path, ruleset):
    rows = [TILE_CHARS, TILE_CHARS[::-1]]
    loaded = load_scenario(write_map(tmp_path, map_xml(rows, objects={})), ruleset).grid
    _assert_same_tiles(loaded, grid_from_ascii(rows, ruleset), "map_factory")


def test_a_character_outside_the_legend_is_named(ruleset):
    with pytest.raises(ValueError, match=r"characters not in the legend: \[','\]"):
        grid_from_ascii(["..,"], ruleset)
    with pytest.raises(ValueError, match=r"characters not in the legend: \['#'\]"):
        map_xml(["=#"])  # map_factory's tileset paints a subset (TILE_CHARS)
    with pytest.raises(ValueError, match="equal length"):
        check_picture(["==", "="])
