"""The generated art: shipped sheets match their .tsx files, tiles carry valid properties,
building heights read differently, and regeneration is deterministic."""

from __future__ import annotations

import math
from itertools import pairwise
from pathlib import Path

import defusedxml.ElementTree as ET
import numpy as np
import pygame
import pytest

from game.art.counter_art import MARKER_PAINTERS, counter_surface, marker_surface
from game.art.make_art import make_art
from game.art.tileset_art import (
    RESERVED_PROPERTY_NAMES,
    load_urban_catalogue,
    urban_tile,
    write_tile_pictures,
)
from game.core.paths import MAPS_DIR
from game.rules.data_files import RulesError
from game.rules.unit_types import SYMBOLS

TILESETS = MAPS_DIR / "tilesets"
NAMES = ("urban", "units", "markers")


def _tiles(tsx: Path) -> dict[int, dict[str, str]]:
    """Local id -> {property name: value} from a .tsx file."""
    root = ET.parse(tsx).getroot()
    return {
        int(tile.get("id")): {p.get("name"): p.get("value") for p in tile.iter("property")}
        for tile in root.iter("tile")
    }


def _pixels(png: Path) -> np.ndarray:
    surf = pygame.image.load(str(png))
    return np.dstack([pygame.surfarray.array3d(surf), pygame.surfarray.array_alpha(surf)])


@pytest.mark.parametrize("name", NAMES)
def test_sheet_matches_its_tsx(name: str) -> None:
    root = ET.parse(TILESETS / f"{name}.tsx").getroot()
    assert root.get("version") == "1.8"
    image = root.find("image")
    assert image is not None and image.get("source") == f"{name}.png"
    w, h = int(image.get("width")), int(image.get("height"))
    assert pygame.image.load(str(TILESETS / f"{name}.png")).get_size() == (w, h)
    tw, th = int(root.get("tilewidth")), int(root.get("tileheight"))
    columns, count = int(root.get("columns")), int(root.get("tilecount"))
    assert (tw, th) == (32, 32)
    assert w == columns * tw
    assert h == math.ceil(count / columns) * th
    assert sorted(_tiles(TILESETS / f"{name}.tsx")) == list(range(count))


@pytest.mark.parametrize("name", NAMES)
def test_no_reserved_property_names(name: str) -> None:
    for props in _tiles(TILESETS / f"{name}.tsx").values():
        assert not RESERVED_PROPERTY_NAMES & set(props)


def test_urban_tiles_follow_the_catalogue(ruleset) -> None:
    tiles = _tiles(TILESETS / "urban.tsx")
    assert len(tiles) == 32
    names = [tiles[i]["tile_name"] for i in range(32)]
    assert names == [spec.tile_name for spec in load_urban_catalogue()]
    assert len(set(names)) == 32
    for i, props in tiles.items():
        assert props["terrain"] in ruleset.terrain, f"tile {i}: unknown terrain {props['terrain']}"
    collapsed = names.index("collapsed")
    assert collapsed == 21 and tiles[collapsed]["terrain"] == "heavy_rubble"
    for i, props in tiles.items():
        if props["terrain"] == "building":
            assert props["collapse_tile"] == "21", f"tile {i} collapses elsewhere"
            assert 1 <= float(props["height"]) <= 4
            assert int(props["building_hp"]) > 0
    for k in range(1, 5):
        assert float(tiles[names.index(f"building_{k}")]["height"]) == k


def test_property_types_are_declared() -> None:
    root = ET.parse(TILESETS / "urban.tsx").getroot()
    types = {p.get("name"): p.get("type") for p in root.iter("property")}
    assert types["height"] == "float"
    assert types["building_hp"] == "int"
    assert types["collapse_tile"] == "int"
    assert types["cover"] == "float"
    assert types["tile_name"] is None  # plain string


def test_building_heights_differ_visibly() -> None:
    sheet = pygame.image.load(str(TILESETS / "urban.png"))
    names = [spec.tile_name for spec in load_urban_catalogue()]

    def mean_colour(name: str) -> np.ndarray:
        i = names.index(name)
        x, y = (i % 8) * 32, (i // 8) * 32
        return pygame.surfarray.array3d(sheet)[x : x + 32, y : y + 32].reshape(-1, 3).mean(axis=0)

    means = [mean_colour(f"building_{k}") for k in range(1, 5)]
    assert np.abs(means[3] - means[0]).sum() > 60
    lum = [float(m.mean()) for m in means]
    assert lum == sorted(lum), "each storey up should read lighter"
    assert all(b - a > 8 for a, b in pairwise(lum))


def test_regeneration_is_deterministic(tmp_path: Path) -> None:
    written = make_art(tmp_path, pictures=None)
    assert sorted(p.name for p in written) == sorted(
        f"{n}.{ext}" for n in NAMES for ext in ("png", "tsx")
    )
    for name in NAMES:
        assert np.array_equal(
            _pixels(tmp_path / f"{name}.png"), _pixels(TILESETS / f"{name}.png")
        ), f"{name}.png is out of date: run `python main.py make-art`"
        assert (tmp_path / f"{name}.tsx").read_text() == (TILESETS / f"{name}.tsx").read_text()


def test_a_different_seed_gives_different_texture() -> None:
    a = pygame.surfarray.array3d(urban_tile("open", seed=1))
    b = pygame.surfarray.array3d(urban_tile("open", seed=2))
    assert not np.array_equal(a, b)


def test_units_tileset_covers_every_unit_type(ruleset) -> None:
    tiles = _tiles(TILESETS / "units.tsx")
    listed = [tiles[i]["unit_type"] for i in sorted(tiles)]
    assert listed == list(ruleset.units)
    for props in tiles.values():
        assert props["side"] == str(ruleset.units[props["unit_type"]].side)


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_every_symbol_draws_distinctly_for_both_sides(symbol: str) -> None:
    blue = counter_surface(symbol, "coalition", 32)
    red = counter_surface(symbol, "isil", 32)
    assert blue.get_size() == red.get_size() == (32, 32)
    # the frame shape differs, not only the colour: the transparent areas are not the same
    mask_blue = pygame.surfarray.array_alpha(blue) > 128
    mask_red = pygame.surfarray.array_alpha(red) > 128
    assert (mask_blue != mask_red).sum() > 100
    infantry = pygame.surfarray.array3d(counter_surface("infantry", "coalition", 32))
    if symbol != "infantry":
        assert not np.array_equal(pygame.surfarray.array3d(blue), infantry)


@pytest.mark.parametrize("size", [12, 32, 64, 96])
def test_counters_draw_at_any_size(size: int) -> None:
    assert counter_surface("armour", "coalition", size).get_size() == (size, size)


def test_bad_symbol_or_side_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown unit symbol 'tank'"):
        counter_surface("tank", "coalition")
    with pytest.raises(ValueError, match="unknown side 'red'"):
        counter_surface("infantry", "red")


def test_markers_tileset_names_each_marker() -> None:
    tiles = _tiles(TILESETS / "markers.tsx")
    assert [tiles[i]["marker"] for i in sorted(tiles)] == list(MARKER_PAINTERS)
    for marker in ("civilians", "evacuation", "tyre_fire", "hazard", "objective", "entry"):
        assert marker in MARKER_PAINTERS
        assert marker_surface(marker, 48).get_size() == (48, 48)


GROUND = ("road", "road_line_h", "road_line_v", "sidewalk", "alley", "open", "courtyard", "grass")
GROUND += ("trees", "palms", "rubble", "heavy_rubble", "berm", "water", "sand", "field", "wreck")


@pytest.mark.parametrize("tile_name", GROUND)
def test_ground_tiles_wrap_without_a_seam(tile_name: str) -> None:
    a = pygame.surfarray.array3d(urban_tile(tile_name)).astype(float)  # [x, y, rgb]
    for axis in (0, 1):
        px = np.moveaxis(a, axis, 0)
        inner = max(float(np.abs(px[k + 1] - px[k]).mean()) for k in range(31))
        seam = float(np.abs(px[0] - px[31]).mean())
        assert seam <= 1.25 * inner, f"{tile_name}: visible seam across axis {axis}"


def test_urban_tiles_draw_at_zoom_and_refuse_bad_ids() -> None:
    big = urban_tile("building_2", size=64)
    assert big.get_size() == (64, 64)
    small = pygame.transform.smoothscale(big, (32, 32))
    same = pygame.surfarray.array3d(urban_tile("building_2")).astype(float)
    assert np.abs(pygame.surfarray.array3d(small) - same).mean() < 12  # the same picture
    with pytest.raises(ValueError, match="no urban tile 'tower'"):
        urban_tile("tower")


def test_a_bad_catalogue_lists_every_problem(tmp_path: Path, ruleset) -> None:
    bad = tmp_path / "tiles.toml"
    bad.write_text(
        'collapse_tile = "nowhere"\n'
        '[[tile]]\ntile_name = "road"\nterrain = "lava"\n'
        '[[tile]]\ntile_name = "tower"\nterrain = "building"\nheight = "tall"\n'
        '[[tile]]\ntile_name = "road"\nterrain = "road"\nname = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as caught:
        load_urban_catalogue(bad, ruleset.terrain)
    text = "\n".join(caught.value.problems)
    assert "unknown terrain 'lava'" in text
    assert "tile_name 'tower' has no painter" in text
    assert "'height' must be a number" in text
    assert "tile_name 'road' is used twice" in text
    assert "unknown field 'name'" in text
    assert "collapse_tile 'nowhere' must name one of the tiles" in text
    assert len(caught.value.problems) == 6


def test_make_art_command_reports_a_bad_folder(tmp_path: Path, capsys) -> None:
    from game.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["make-art", "--out", str(blocker / "sub")]) == 1
    assert "Cannot write the art" in capsys.readouterr().err


def test_the_docs_tile_table_shows_every_urban_tile_as_it_is(tmp_path: Path) -> None:
    """docs/scenario-format.md's tile table: a picture per tile of urban.tsx, each the tile
    in the shipped sheet (make-art writes them)."""
    doc = (TILESETS.parent.parent / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    sheet = pygame.image.load(str(TILESETS / "urban.png"))
    columns = sheet.get_width() // 32
    count = columns * (sheet.get_height() // 32)
    written = write_tile_pictures(TILESETS / "urban.png", tmp_path)
    assert len(written) == count
    for tile_id in range(count):
        shipped = TILESETS.parent.parent / "docs" / "tiles" / f"urban-{tile_id}.png"
        assert f"](tiles/urban-{tile_id}.png) | {tile_id} | {tile_id + 1} |" in doc
        assert shipped.is_file(), f"{shipped.name} is missing: run `python main.py make-art`"
        assert np.array_equal(_pixels(shipped), _pixels(written[tile_id])), shipped.name
        row, column = divmod(tile_id, columns)
        x, y = column * 32, row * 32
        crop = pygame.surfarray.array3d(sheet)[x : x + 32, y : y + 32]
        picture = pygame.surfarray.array3d(pygame.image.load(str(shipped)))
        assert np.array_equal(picture[::2, ::2], crop), f"urban-{tile_id}.png is another tile"
