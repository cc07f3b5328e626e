"""The procedural city generator, the TMX writer and the shipped Al-Qadisiyah map."""

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from game.core.paths import MAPS_DIR
from game.core.values import MoveClass, Side, TilePos
from game.mapmaking import recipe_data
from game.mapmaking.city_generator import (
    ROAD_TILES,
    TILE_NAMES,
    CityPlan,
    Rect,
    Tile,
    city_terrain_grid,
    generate_city,
    generate_layout,
    read_catalogue,
    wheeled_reachable,
)
from game.mapmaking.map_assembly import GENERATORS, build_recipe, make_map
from game.mapmaking.recipe_data import RecipeDataError, load_recipe_data, recipe_names, recipe_path
from game.tiled import tmx_reader
from game.tiled.tmx_writer import (
    MapObject,
    ObjectLayer,
    TileLayer,
    TilesetRef,
    TmxMap,
    tmx_text,
    write_tmx,
)

QADISIYAH = MAPS_DIR / "qadisiyah.tmx"
SIZES = [(48, 40, 3), (72, 52, 11), (128, 128, 5), (90, 30, 8)]


def test_same_seed_same_city_and_different_seed_different_city():
    a = generate_city(64, 48, 7)
    assert np.array_equal(a, generate_city(64, 48, 7))
    assert not np.array_equal(a, generate_city(64, 48, 8))
    assert a.shape == (48, 64)


def test_every_tile_name_is_a_tile_of_the_urban_tileset():
    catalogue = read_catalogue()
    assert set(TILE_NAMES) <= set(catalogue.local_ids)
    for w, h, seed in SIZES:
        layout = generate_layout(w, h, seed)
        assert set(np.unique(layout.names())) <= set(TILE_NAMES)
        detail = layout.detail[layout.detail >= 0]
        assert set(np.unique(detail)) <= {Tile.PARKED_CAR, Tile.TYRES}


def test_the_catalogue_is_read_by_the_safe_tileset_reader(tmp_path, monkeypatch):
    urban = MAPS_DIR / "tilesets" / "urban.tsx"
    body = urban.read_text(encoding="utf-8").split("\n", 1)[1]
    entities = tmp_path / "entities.tsx"
    entities.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY e "x">]>\n{body}')
    with pytest.raises(ValueError, match="DTD or entity declarations"):
        read_catalogue(entities)
    outside = tmp_path / "outside.tsx"
    outside.write_text(body.replace('source="urban.png"', 'source="../../etc/urban.png"'))
    with pytest.raises(ValueError, match="points outside the map's folder"):
        read_catalogue(outside)
    with pytest.raises(ValueError, match="not found"):
        read_catalogue(tmp_path / "gone.tsx")
    monkeypatch.setattr(tmx_reader, "MAX_TILESET_BYTES", 1024)
    with pytest.raises(ValueError, match="larger than the limit"):
        read_catalogue(urban)


@pytest.mark.parametrize(("width", "height", "seed"), SIZES)
def test_wheeled_vehicles_reach_every_road_tile_from_the_map_edge(ruleset, width, height, seed):
    layout = generate_layout(width, height, seed)
    grid = city_terrain_grid(width, height, seed, ruleset)
    passable = np.isfinite(grid.move_cost(MoveClass.WHEELED))
    road = layout.is_road()
    start = TilePos(int(np.nonzero(road[0, :])[0][0]), 0)
    reached = wheeled_reachable(passable, start)
    assert reached[road].all(), "some road tiles are cut off from the road network"
    edges = np.zeros_like(road)
    edges[[0, -1], :] = edges[:, [0, -1]] = True
    edge_roads = road & edges
    assert edge_roads.sum() >= 4 and reached[edge_roads].all()


def test_the_flood_fill_notices_a_cut_road():
    passable = np.ones((5, 9), dtype=bool)
    passable[:, 4] = False
    reached = wheeled_reachable(passable, TilePos(0, 0))
    assert reached[:, :4].all() and not reached[:, 5:].any()


@pytest.mark.parametrize(("width", "height", "seed"), SIZES)
def test_building_share_and_landmarks_are_plausible(width, height, seed):
    layout = generate_layout(width, height, seed)
    share = layout.is_building().mean()
    assert 0.3 <= share <= 0.65, share
    assert 0.1 <= layout.is_road().mean() <= 0.35
    assert layout.mosque is not None and layout.market is not None
    g = layout.ground
    for tile in (Tile.MOSQUE, Tile.MINARET, Tile.MARKET, Tile.COURTYARD, Tile.WALL, Tile.PALMS):
        assert (g == tile).any(), tile.tile_name
    for tile in (Tile.BUILDING_1, Tile.BUILDING_2, Tile.BUILDING_3, Tile.COLLAPSED):
        assert (g == tile).sum() >= 3, tile.tile_name


@pytest.mark.parametrize(("width", "height", "seed"), SIZES)
def test_tiles_drawn_for_one_direction_are_used_that_way(width, height, seed):
    layout = generate_layout(width, height, seed)
    g = layout.ground
    ys, xs = np.nonzero(g[:-1, :] == Tile.SHOP_FRONT)
    south = g[ys + 1, xs]
    assert len(xs) > 0
    assert np.isin(south, (*ROAD_TILES, Tile.SIDEWALK, Tile.RUBBLE, Tile.WRECK)).all()
    ys, xs = np.nonzero(layout.detail == Tile.PARKED_CAR)
    assert len(xs) > 0
    on_road = np.isin(g[ys, xs], ROAD_TILES)
    north = g[np.maximum(ys - 1, 0), xs]
    assert np.isin(north[on_road], (*ROAD_TILES, Tile.SIDEWALK, Tile.RUBBLE, Tile.WRECK)).all()


def test_a_plan_fixes_the_main_roads_and_keeps_areas_clear():
    clear = Rect(0, 30, 20, 10)
    plan = CityPlan(main_x=(20,), main_y=(25,), damage_sites=30, wrecks=20, keep_clear=(clear,))
    layout = generate_layout(60, 40, 1, plan)
    assert (layout.ground[:, 20] == Tile.ROAD_LINE_V)[:20].all()
    assert layout.ground[25, 20] == Tile.ROAD_CROSSING and layout.ground[25, 21] == Tile.ROAD
    area = layout.ground[30:40, 0:20]
    damaged = np.isin(area, (Tile.COLLAPSED, Tile.HEAVY_RUBBLE, Tile.WRECK))
    assert not damaged.any()
    assert (layout.ground == Tile.WRECK).sum() >= 5


def test_bad_sizes_are_refused_with_a_message():
    with pytest.raises(ValueError, match="width must be"):
        generate_city(5, 40, 1)


def test_the_terrain_grid_follows_the_tileset(ruleset):
    grid = city_terrain_grid(64, 64, 2, ruleset)
    layout = generate_layout(64, 64, 2)
    tall = layout.ground == Tile.BUILDING_4
    assert (grid.height[tall] == 4).all() and (grid.building_hp[tall] > 0).all()
    road = layout.is_road()
    assert (grid.move_cost(MoveClass.WHEELED)[road] == 1).all()
    building = layout.is_building()
    assert np.isinf(grid.move_cost(MoveClass.WHEELED)[building]).all()
    assert (grid.collapse_gid[building] > 0).all()


def test_the_writer_writes_what_tiled_itself_writes(tmp_path):
    tiled = shutil.which("tiled")
    gids = np.arange(1, 13, dtype=np.uint32).reshape(3, 4)
    tmx = TmxMap(
        4,
        3,
        32,
        32,
        [TilesetRef(1, "urban.tsx")],
        [
            TileLayer("ground", gids),
            TileLayer("detail", np.zeros((3, 4), np.uint32), {"decoration": True}),
            ObjectLayer(
                "objectives",
                [
                    MapObject(
                        'Hold "the" <junction> & more',
                        "objective",
                        32,
                        32,
                        64,
                        32,
                        "rectangle",
                        properties={"kind": "hold", "turns": 3, "mandatory": True},
                    )
                ],
            ),
            ObjectLayer(
                "events",
                [
                    MapObject(
                        "Crowd", "civilians", 0, 0, 64, 64, "ellipse", properties={"count": 9}
                    ),
                    MapObject("Note", "message", 10.5, 20, properties={"text": "a\nb 'c'"}),
                ],
            ),
            ObjectLayer("units", [MapObject("Tile", "unit", 0, 64, 32, 32, "tile", gid=3)]),
            ObjectLayer("empty"),
        ],
        {"briefing": "Line 1\n\nLine 3 & <x>", "turn_limit": 14, "wind_strength": 1.5},
    )
    path = tmp_path / "map.tmx"
    write_tmx(path, tmx)
    text = path.read_text(encoding="utf-8")
    assert text == tmx_text(tmx)
    assert '<property name="turn_limit" type="int" value="14"/>' in text
    assert "1,2,3,4,\n5,6,7,8,\n9,10,11,12\n</data>" in text
    if tiled is None:
        pytest.skip("Tiled is not installed (apt-get install tiled)")
    shutil.copy(MAPS_DIR / "tilesets" / "urban.tsx", tmp_path / "urban.tsx")
    shutil.copy(MAPS_DIR / "tilesets" / "urban.png", tmp_path / "urban.png")
    resaved = tmp_path / "resaved.tmx"
    _tiled_export(path, resaved)
    assert resaved.read_text(encoding="utf-8") == text


def _tiled_export(src: Path, dst: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(dst.parent)}
    subprocess.run(
        ["tiled", "--export-map", "tmx", str(src), str(dst)],
        check=True,
        env=env,
        capture_output=True,
        timeout=60,
    )


def test_qadisiyah_regenerates_byte_identical(tmp_path):
    seed = load_recipe_data(recipe_path("qadisiyah")).seed
    text = tmx_text(build_recipe("qadisiyah"))
    assert text.encode("utf-8") == QADISIYAH.read_bytes(), "run `python main.py make-map` again"
    other = make_map("qadisiyah", seed=seed + 1, out=tmp_path / "elsewhere" / "q.tmx")
    moved = other.read_text(encoding="utf-8")
    assert moved != text
    source = re.search(r'<tileset firstgid="1" source="([^"]+)"', moved)
    assert (
        source and (other.parent / source.group(1)).resolve() == MAPS_DIR / "tilesets" / "urban.tsx"
    )


def test_every_shipped_map_has_a_recipe_naming_a_known_generator():
    assert recipe_names() == sorted(path.stem for path in MAPS_DIR.glob("*.tmx"))
    for name in recipe_names():
        assert load_recipe_data(recipe_path(name)).generator in GENERATORS


def test_a_recipe_without_a_known_generator_is_refused(tmp_path, monkeypatch):
    text = recipe_path("qadisiyah").read_text(encoding="utf-8")
    (tmp_path / "unknown.toml").write_text(text.replace('"qadisiyah_city"', '"atlantis"'))
    (tmp_path / "none.toml").write_text(text.replace('generator = "qadisiyah_city"', ""))
    monkeypatch.setattr(recipe_data, "RECIPES_DIR", tmp_path)
    with pytest.raises(
        RecipeDataError, match=r"unknown\.toml: 'generator' names no terrain generator 'atlantis'"
    ):
        build_recipe("unknown")
    with pytest.raises(RecipeDataError, match=r"none\.toml: missing 'generator'"):
        build_recipe("none")
    with pytest.raises(ValueError, match=r"no map recipe 'qadisiyah' \(known: none, unknown\)"):
        build_recipe("qadisiyah")


def test_qadisiyah_is_a_map_tiled_saves_unchanged(tmp_path):
    if shutil.which("tiled") is None:
        pytest.skip("Tiled is not installed (apt-get install tiled)")
    shutil.copytree(MAPS_DIR / "tilesets", tmp_path / "tilesets")
    shutil.copy(QADISIYAH, tmp_path / "qadisiyah.tmx")
    resaved = tmp_path / "resaved.tmx"
    _tiled_export(tmp_path / "qadisiyah.tmx", resaved)
    assert resaved.read_text(encoding="utf-8") == QADISIYAH.read_text(encoding="utf-8")


def test_qadisiyah_loads_with_the_forces_the_brief_asks_for(ruleset):
    from game.scenario.loader import load_scenario

    scenario = load_scenario(QADISIYAH, ruleset)
    assert scenario.title == "Al-Qadisiyah" and scenario.date == "2016-11-19"
    assert scenario.width >= 64 and scenario.height >= 48
    assert 12 <= scenario.turn_limit <= 16 and scenario.player_side is Side.COALITION
    by_type: dict[str, int] = {}
    for unit in scenario.units:
        by_type[unit.unit_type] = by_type.get(unit.unit_type, 0) + 1
        assert unit.name, "every unit has a readable name"
    assert 3 <= by_type["cts"] <= 4 and by_type["sniper"] == 2 and by_type["vbied"] >= 2
    assert by_type["isil_fighters"] >= 5 and by_type["rpg_team"] == 2
    for unit_type in ("humvee", "fedpol_vehicle", "atgm", "bulldozer", "jammer", "drone_team"):
        assert by_type[unit_type] >= 1, unit_type
    late = [u for u in scenario.units if u.arrival_turn > 1]
    assert late and all(u.entry for u in late)
    snipers = [u for u in scenario.units if u.unit_type == "isil_sniper"]
    assert all(scenario.grid.height[u.pos.y, u.pos.x] >= 3 for u in snipers)
    kinds = {e.kind.value for e in scenario.events}
    assert {"tyre_fire", "civilians", "evacuation", "message", "entry"} <= kinds
    assert sum(e.kind.value == "civilians" for e in scenario.events) >= 3
    hold = [o for o in scenario.objectives if o.kind.value == "hold"]
    assert hold and hold[0].mandatory and hold[0].side is Side.COALITION
    wheeled = np.isfinite(scenario.grid.move_cost(MoveClass.WHEELED))
    junction = next(iter(sorted(hold[0].tiles)))
    reached = wheeled_reachable(wheeled, TilePos(junction.x + 2, junction.y + 2))
    bombs = [u for u in scenario.units if u.unit_type == "vbied"]
    assert all(reached[u.pos.y, u.pos.x] for u in bombs), "every car bomb can drive to the junction"
    names = [o.name for o in (*scenario.units, *scenario.objectives, *scenario.events)]
    assert len(names) == len(set(names)), "object names are unique"


def test_make_map_command_writes_a_valid_map_and_refuses_unknown_recipes(tmp_path, capsys):
    from game.cli import main
    from game.rules.ruleset import load_ruleset
    from game.scenario.loader import load_scenario

    out = tmp_path / "q.tmx"
    assert main(["make-map", "qadisiyah", "--seed", "3", "--out", str(out)]) == 0
    scenario = load_scenario(out, load_ruleset())
    assert scenario.title == "Al-Qadisiyah" and len(scenario.units) >= 25
    assert main(["make-map", "nowhere"]) == 1
    assert "no map recipe 'nowhere'" in capsys.readouterr().err
