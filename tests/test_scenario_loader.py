"""Loading scenario maps: every object kind, every encoding, and each refusal's message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.battle.setup import AiRole, MapEventKind, ObjectiveKind
from game.core.problems import ScenarioError
from game.core.values import MoveClass, Side, TilePos
from game.scenario.loader import check_scenario, load_scenario
from tests.map_factory import DEFAULT_ROWS, map_xml, obj, write_map

ROOT = Path(__file__).resolve().parent.parent


def _errors(path: Path, ruleset) -> list[str]:
    scenario, problems = check_scenario(path, ruleset)
    assert scenario is None, "expected the map to be refused"
    return [str(p) for p in problems if not p.warning]


def _one_error(path: Path, ruleset) -> str:
    errors = _errors(path, ruleset)
    assert len(errors) >= 1
    return errors[0]


@pytest.mark.parametrize("encoding", ["csv", "base64", "zlib", "gzip"])
def test_every_supported_encoding_gives_the_same_terrain(tmp_path, ruleset, encoding):
    scenario = load_scenario(write_map(tmp_path, map_xml(encoding=encoding)), ruleset)
    csv = load_scenario(write_map(tmp_path, map_xml(), "csv.tmx"), ruleset)
    assert np.array_equal(scenario.grid.gid, csv.grid.gid)
    assert scenario.grid.width == 10 and scenario.grid.height_tiles == 6


def test_terrain_comes_from_tile_properties(tmp_path, ruleset):
    scenario = load_scenario(write_map(tmp_path, map_xml()), ruleset)
    grid = scenario.grid
    building = ruleset.terrain["building"]
    assert grid.terrain[2, 2] == building.index
    assert grid.height[2, 2] == 2.0  # the tile's height override
    assert grid.building_hp[2, 2] == building.building_hp
    assert np.isinf(grid.move_cost(MoveClass.WHEELED)[2, 2])  # vehicles cannot enter buildings
    assert grid.move_cost(MoveClass.FOOT)[2, 2] == 2.0
    assert np.isinf(grid.move_cost(MoveClass.FOOT)[3, 7])  # water
    assert grid.cover[2, 2] == pytest.approx(0.5)
    # a building collapses into the tileset's heavy rubble tile
    assert grid.collapse_gid[2, 2] == 4
    assert scenario.kind_gid["road"] == 1


def test_map_properties(tmp_path, ruleset):
    scenario = load_scenario(write_map(tmp_path, map_xml()), ruleset)
    assert scenario.title == "Test block"
    assert scenario.briefing == "Hold the street."
    assert scenario.turn_limit == 8
    assert scenario.wind_direction == 315.0
    dx, dy = scenario.wind_vector()  # a north-west wind blows smoke south-east
    assert dx > 0 and dy > 0
    assert scenario.player_side is Side.COALITION


def test_units_objectives_and_events_are_read(tmp_path, ruleset):
    scenario = load_scenario(write_map(tmp_path, map_xml()), ruleset)
    units = {u.name: u for u in scenario.units}
    assert units["CTS 1"].pos == TilePos(0, 0) and units["CTS 1"].side is Side.COALITION
    assert units["Fighters 1"].ai_role is AiRole.AMBUSH and units["Fighters 1"].side is Side.ISIL
    assert units["Car bomb"].unit_type == "vbied"
    (objective,) = scenario.objectives
    assert objective.kind is ObjectiveKind.CAPTURE and objective.points == 50
    assert objective.tiles == {TilePos(x, y) for x in range(2, 5) for y in range(2, 4)}
    events = {e.kind: e for e in scenario.events}
    assert events[MapEventKind.TYRE_FIRE].density == pytest.approx(0.8)
    assert events[MapEventKind.CIVILIANS].count == 12
    assert events[MapEventKind.CIVILIANS].tiles == {TilePos(5, 1), TilePos(6, 1)}
    assert TilePos(1, 5) in events[MapEventKind.EVACUATION].tiles


def test_every_event_and_objective_kind(tmp_path, ruleset):
    objects = {
        "units": obj(1, "Rifles", "unit", (0, 0), unit_type="infantry")
        + obj(2, "Late", "unit", (1, 0), unit_type="humvee", arrival_turn=3, entry="South gate")
        + obj(3, "Sniper", "unit", (3, 2), unit_type="isil_sniper", overwatch=True),
        "objectives": obj(10, "Hold", "objective", (0, 5), (3, 1), kind="hold", turns=3)
        + obj(11, "Keep", "objective", (0, 0), kind="protect", target="Rifles", mandatory=False)
        + obj(12, "Out", "objective", (9, 5), kind="exit", count=2)
        + obj(13, "Kill", "objective", (3, 2), kind="destroy", target="Sniper")
        + obj(14, "Take", "capture", (2, 2))
        + obj(15, "Spare", "objective", (0, 0), (10, 6), kind="civilians", count=3)
        + obj(16, "Out of harm", "objective", (0, 5), kind="evacuate", count=10, difficulty="hard")
        + obj(17, "No blast", "objective", (4, 0), (2, 6), kind="stop_car_bombs", active=False)
        + obj(18, "Last", "objective", (0, 0), kind="survive", turns=5),
        "events": obj(20, "Smoke", "tyre_fire", (5, 0), start_turn=2, end_turn=6)
        + obj(21, "People", "civilians", (6, 1), count=20)
        + obj(22, "Safe", "evacuation", (0, 5))
        + obj(23, "Gas", "hazard", (8, 1), (2, 2), text="Reported chemical threat")
        + obj(24, "Note", "message", (5, 5), text="The market is ahead.", side="coalition")
        + obj(25, "South gate", "entry", (0, 5), side="coalition"),
    }
    scenario = load_scenario(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert {o.kind for o in scenario.objectives} == set(ObjectiveKind)
    assert {e.kind for e in scenario.events} == set(MapEventKind)
    late = next(u for u in scenario.units if u.name == "Late")
    assert late.arrival_turn == 3 and late.entry == "South gate"
    assert next(u for u in scenario.units if u.name == "Sniper").overwatch is True
    hold = next(o for o in scenario.objectives if o.kind is ObjectiveKind.HOLD)
    assert hold.turns == 3 and hold.mandatory is True
    assert next(o for o in scenario.objectives if o.name == "Keep").mandatory is False
    assert next(o for o in scenario.objectives if o.name == "No blast").active is False
    assert next(o for o in scenario.objectives if o.name == "Out of harm").difficulty == "hard"
    gas = next(e for e in scenario.events if e.kind is MapEventKind.HAZARD)
    assert len(gas.tiles) == 4 and gas.text.startswith("Reported")


def test_class_attribute_of_tiled_1_9_is_read_as_the_kind(tmp_path, ruleset):
    text = map_xml().replace('type="civilians"', 'class="civilians"')
    scenario = load_scenario(write_map(tmp_path, text), ruleset)
    assert any(e.kind is MapEventKind.CIVILIANS for e in scenario.events)


def test_layer_order_is_kept_and_decoration_layers_do_not_decide(tmp_path, ruleset):
    top = np.full((6, 10), 4, dtype=np.uint32)  # heavy rubble everywhere
    body = ",".join(str(v) for v in top.ravel())
    deco = (
        ' <layer id="2" name="detail" width="10" height="6">\n'
        '  <properties><property name="decoration" type="bool" value="true"/></properties>\n'
        f'  <data encoding="csv">{body}</data>\n </layer>\n'
        ' <imagelayer id="3" name="haze"/>\n'
    )
    scenario = load_scenario(write_map(tmp_path, map_xml(extra_layers=deco)), ruleset)
    assert [layer.name for layer in scenario.layers][:3] == ["ground", "detail", "haze"]
    assert scenario.layers[1].decoration
    assert scenario.grid.terrain[0, 0] == ruleset.terrain["road"].index


# --- refusals, each with the message a designer reads -----------------------------------


def test_unknown_unit_type_names_layer_object_tile_and_known_types(tmp_path, ruleset):
    objects = {"units": obj(14, "Sniper 2", "unit", (7, 1), unit_type="snipr")}
    path = write_map(tmp_path, map_xml(objects=objects))
    message = _one_error(path, ruleset)
    assert message.startswith(
        f"{path}: layer 'units', object 'Sniper 2' (id 14) at tile (7, 1): "
        "unknown unit type 'snipr', did you mean 'sniper'?; choose one of: infantry, cts, sniper,"
    )


def test_vehicle_in_a_building_and_stacked_units(tmp_path, ruleset):
    objects = {
        "units": obj(1, "Humvee", "unit", (2, 2), unit_type="humvee")
        + obj(2, "A", "unit", (0, 0), unit_type="cts")
        + obj(3, "B", "unit", (0, 0), unit_type="infantry")
    }
    errors = _errors(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert any(
        "'Humvee' (id 1) at tile (2, 2): a wheeled unit ('humvee') cannot stand on building" in e
        for e in errors
    )
    assert any(
        "'B' (id 3) at tile (0, 0): stands on the same tile as 'A' (id 2)" in e for e in errors
    )


def test_wrong_side_and_bad_values(tmp_path, ruleset):
    objects = {
        "units": obj(1, "Bomb", "unit", (0, 0), unit_type="vbied", side="coalition")
        + obj(2, "Rifles", "unit", (1, 0), unit_type="infantry", arrival_turn="soon"),
        "events": obj(3, "Crowd", "civilians", (5, 1)),
    }
    errors = _errors(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert any("unit type 'vbied' fights for isil, not coalition" in e for e in errors)
    assert any(
        "property 'arrival_turn' must be a whole number from 0 to 999, not 'soon'" in e
        for e in errors
    )
    assert any("a civilians group needs a 'count' property" in e for e in errors)


def test_unknown_objective_kind_and_missing_target(tmp_path, ruleset):
    objects = {
        "objectives": obj(1, "X", "objective", (0, 0), kind="conquer")
        + obj(2, "Y", "objective", (1, 0), kind="protect", target="Nobody")
    }
    errors = _errors(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert any(
        "unknown kind 'conquer'; choose one of: capture, hold, protect, exit, destroy, civilians, "
        "evacuate, stop_car_bombs, survive" in e
        for e in errors
    )
    assert any("its target 'Nobody' names no unit" in e for e in errors)


def test_template_objects_are_refused_with_detach(tmp_path, ruleset):
    text = map_xml().replace(
        '<object id="1" name="CTS 1" type="unit"', '<object id="1" template="cts.tx"'
    )
    assert "choose Detach Template" in _one_error(write_map(tmp_path, text), ruleset)


def test_zstd_is_refused_with_the_fix(tmp_path, ruleset):
    text = map_xml(encoding="zlib").replace('compression="zlib"', 'compression="zstd"')
    message = _one_error(write_map(tmp_path, text), ruleset)
    assert "layer 'ground': the layer is compressed with zstd" in message
    assert "set Tile Layer Format to CSV in Map Properties" in message


def test_xml_tile_format_is_refused(tmp_path, ruleset):
    text = map_xml()
    start, end = text.index('<data encoding="csv">'), text.index("</data>") + len("</data>")
    text = text[:start] + '<data><tile gid="1"/></data>' + text[end:]
    assert "old XML tile format" in _one_error(write_map(tmp_path, text), ruleset)


@pytest.mark.parametrize("orientation", ["isometric", "hexagonal", "staggered"])
def test_non_orthogonal_maps_are_refused(tmp_path, ruleset, orientation):
    text = map_xml(map_attrs=f'orientation="{orientation}"')
    assert f"the map is {orientation}; the game plays orthogonal maps only" in _one_error(
        write_map(tmp_path, text), ruleset
    )


def test_infinite_maps_are_refused(tmp_path, ruleset):
    text = map_xml().replace('infinite="0"', 'infinite="1"')
    assert "uncheck 'Infinite' in Map Properties" in _one_error(write_map(tmp_path, text), ruleset)


def test_json_maps_are_refused(tmp_path, ruleset):
    path = tmp_path / "x.tmj"
    path.write_text('{"type": "map"}')
    assert "JSON maps are not supported" in _one_error(path, ruleset)


def test_class_typed_property_is_refused(tmp_path, ruleset):
    text = map_xml().replace(
        "<properties>", '<properties>\n  <property name="extra" type="class" propertytype="X"/>', 1
    )
    assert "property 'extra' is class-typed" in _one_error(write_map(tmp_path, text), ruleset)


def test_entities_and_dtds_are_refused(tmp_path, ruleset):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE map [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>\n'
    )
    text = bomb + map_xml().split("\n", 1)[1].replace("Test block", "&b;")
    assert "DTD or entity declarations" in _one_error(write_map(tmp_path, text), ruleset)
    external = '<?xml version="1.0"?>\n<!DOCTYPE map [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    text = external + map_xml().split("\n", 1)[1].replace("Test block", "&e;")
    assert "DTD or entity declarations" in _one_error(write_map(tmp_path, text, "ext.tmx"), ruleset)


def test_old_tiled_doctype_line_is_accepted(tmp_path, ruleset):
    text = map_xml().replace(
        "\n", '\n<!DOCTYPE map SYSTEM "http://mapeditor.org/dtd/1.0/map.dtd">\n', 1
    )
    assert load_scenario(write_map(tmp_path, text), ruleset).title == "Test block"


def test_paths_outside_the_allowed_folders_are_refused(tmp_path, ruleset):
    inner = tmp_path / "maps"
    inner.mkdir()
    (tmp_path / "secret.tsx").write_text("<tileset/>")
    text = map_xml().replace(
        ' <tileset firstgid="1"',
        ' <tileset firstgid="100" source="../secret.tsx"/>\n <tileset firstgid="1"',
        1,
    )
    message = _one_error(write_map(inner, text), ruleset)
    assert "tileset file '../secret.tsx' points outside the map's folder" in message
    text = map_xml().replace(
        ' <tileset firstgid="1"',
        ' <tileset firstgid="100" source="/etc/passwd"/>\n <tileset firstgid="1"',
        1,
    )
    assert "points outside" in _one_error(write_map(inner, text, "abs.tmx"), ruleset)


def test_missing_tileset_file(tmp_path, ruleset):
    text = map_xml().replace(
        ' <tileset firstgid="1"',
        ' <tileset firstgid="100" source="gone.tsx"/>\n <tileset firstgid="1"',
        1,
    )
    assert "tileset file 'gone.tsx' not found" in _one_error(write_map(tmp_path, text), ruleset)


def test_out_of_range_tile_ids_and_short_data(tmp_path, ruleset):
    rows = list(DEFAULT_ROWS)
    text = map_xml(rows).replace("1,1,1,1,1,1,1,1,1,1,\n", "1,1,1,999,1,1,1,1,1,1,\n", 1)
    message = _one_error(write_map(tmp_path, text), ruleset)
    assert "layer 'ground' at tile (3, 0): tile id 999 does not belong to any tileset" in message
    short = map_xml().replace("1,1,1,1,1,1,1,1,1,1\n</data>", "1,1\n</data>")
    assert "holds 52 tiles but the map has 60" in _one_error(
        write_map(tmp_path, short, "s.tmx"), ruleset
    )


def test_tiles_without_terrain_and_unknown_terrain(tmp_path, ruleset):
    text = map_xml().replace('<property name="terrain" value="water"/>', "")
    message = _one_error(write_map(tmp_path, text), ruleset)
    assert "tile 4 of tileset 'test' (on 4 cells) has no 'terrain' property" in message
    text = map_xml().replace('value="water"', 'value="lava"')
    assert "unknown terrain 'lava' (known: road," in _one_error(
        write_map(tmp_path, text, "l.tmx"), ruleset
    )


def test_huge_and_non_square_maps(tmp_path, ruleset):
    text = map_xml().replace(
        'width="10" height="6" tilewidth', 'width="100000" height="100000" tilewidth', 1
    )
    assert "outside 1..1024" in _one_error(write_map(tmp_path, text), ruleset)
    text = map_xml().replace('tileheight="32" infinite', 'tileheight="16" infinite', 1)
    assert "the game needs square tiles" in _one_error(write_map(tmp_path, text, "sq.tmx"), ruleset)


def test_truncated_file(tmp_path, ruleset):
    text = map_xml()
    message = _one_error(write_map(tmp_path, text[: len(text) // 2]), ruleset)
    assert "is not well-formed XML" in message and "damaged or truncated" in message


def test_load_scenario_raises_with_every_problem(tmp_path, ruleset):
    objects = {
        "units": obj(1, "A", "unit", (0, 0), unit_type="x")
        + obj(2, "B", "unit", (1, 0), unit_type="y")
    }
    with pytest.raises(ScenarioError) as err:
        load_scenario(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert len([p for p in err.value.problems if not p.warning]) == 2


# --- the command line -------------------------------------------------------------------


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_validate_exit_codes(tmp_path):
    good = write_map(tmp_path, map_xml())
    write_map(tmp_path, map_xml(map_attrs='orientation="isometric"'), "bad.tmx")
    ok = _validate(str(good))
    assert ok.returncode == 0, ok.stdout
    assert "ok - 'Test block', 10x6 tiles, 3 units" in ok.stdout
    both = _validate(str(tmp_path))
    assert both.returncode == 1
    assert "bad.tmx: the map is isometric" in both.stdout and "1 of 2 maps valid" in both.stdout
    missing = _validate(str(tmp_path / "nope.tmx"))
    assert missing.returncode == 2 and "no such file or folder" in missing.stdout
    usage = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate"], capture_output=True, text=True
    )
    assert usage.returncode == 2
    for result in (ok, both, missing, usage):
        assert "Traceback" not in result.stdout + result.stderr
