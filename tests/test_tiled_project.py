"""The Tiled project and object types: in sync with the rules, and read as meant by real Tiled."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from game.battle.setup import AiRole, MapEventKind, ObjectiveKind, TriggerAction, TriggerWhen
from game.cli import build_parser
from game.core.paths import MAPS_DIR
from game.core.values import Side, enum_values
from game.mapmaking.tiled_project import (
    FORMAT_DOC,
    OBJECT_TYPES_NAME,
    PROJECT_NAME,
    block_markers,
    enum_types,
    fill_generated,
    object_types,
    object_types_xml,
    project_json,
    run_make_tiled_project,
    write_tiled_project,
)
from game.scenario.loader import check_scenario, load_scenario
from game.scenario.object_layers import EVENT_PROPS, OBJECTIVE_PROPS, UNIT_PROPS
from game.scenario.trigger_layer import TRIGGER_PROPS
from tests.map_factory import map_xml, obj, write_map

PROJECT = MAPS_DIR / PROJECT_NAME
OBJECT_TYPES = MAPS_DIR / OBJECT_TYPES_NAME
RESERVED = {"name", "type", "id", "x", "y", "class"}
NO_TILED = "Debian's tiled is not installed: apt-get install tiled"


def _types_by_name() -> dict[str, dict[str, dict[str, str]]]:
    """objecttypes.xml as {type: {property: attributes}}."""
    root = SafeET.parse(OBJECT_TYPES, forbid_dtd=True).getroot()
    assert root.tag == "objecttypes"
    return {
        t.get("name"): {p.get("name"): dict(p.attrib) for p in t.findall("property")}
        for t in root.findall("objecttype")
    }


def test_shipped_files_match_the_rules(ruleset):
    assert PROJECT.read_text(encoding="utf-8") == project_json(ruleset), (
        "maps/street-by-street.tiled-project is stale: run python main.py make-tiled-project"
    )
    assert OBJECT_TYPES.read_text(encoding="utf-8") == object_types_xml(ruleset), (
        "maps/objecttypes.xml is stale: run python main.py make-tiled-project"
    )


def test_project_file_is_a_tiled_18_project(ruleset):
    project = json.loads(PROJECT.read_text(encoding="utf-8"))
    assert project["compatibilityVersion"] == 1080
    assert project["folders"] == ["."]
    assert (MAPS_DIR / project["objectTypesFile"]).is_file()
    enums = {t["name"]: t for t in project["propertyTypes"]}
    assert len({t["id"] for t in project["propertyTypes"]}) == len(enums)
    for enum in enums.values():
        assert enum["type"] == "enum" and enum["storageType"] == "string"
        assert enum["valuesAsFlags"] is False
        assert len(set(enum["values"])) == len(enum["values"]) > 0
    assert enums["UnitType"]["values"] == list(ruleset.units)
    assert enums["Side"]["values"] == ["coalition", "isil"]
    assert enums["ObjectiveKind"]["values"][:5] == ["capture", "hold", "protect", "exit", "destroy"]
    assert enums["ObjectiveKind"]["values"] == enum_values(ObjectiveKind)
    assert enums["TriggerWhen"]["values"] == enum_values(TriggerWhen)
    assert enums["TriggerAction"]["values"] == enum_values(TriggerAction)
    assert enums["AiRole"]["values"] == enum_values(AiRole)
    assert enums["TerrainKind"]["values"] == list(ruleset.terrain)
    assert enums["WindDirection"]["values"] == ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]


def test_object_types_carry_exactly_the_properties_the_loader_reads(ruleset):
    types = _types_by_name()
    expected = {"unit": UNIT_PROPS, "objective": OBJECTIVE_PROPS, "trigger": TRIGGER_PROPS}
    expected.update({kind.value: props for kind, props in EVENT_PROPS.items()})
    assert (
        set(types) == set(expected) == {"unit", "objective", "trigger", *enum_values(MapEventKind)}
    )
    enums = enum_types(ruleset)
    for type_name, props in types.items():
        assert set(props) == set(expected[type_name]), type_name
        for name, attrs in props.items():
            assert name not in RESERVED
            assert attrs["type"] in ("string", "int", "float", "bool")
            assert "default" in attrs
            if "propertytype" in attrs:
                values = enums[attrs["propertytype"]]
                assert attrs["default"] in [*values, ""], (type_name, name)


def _minimal(type_name: str) -> dict[str, object]:
    """The properties an object of this type needs to be valid."""
    return {
        "unit": {"unit_type": "cts"},
        "objective": {"kind": "capture"},
        "civilians": {"count": 5},
        "message": {"text": "Contact front."},
        "trigger": {"when": "enters", "then": "message", "text": "Contact front."},
    }.get(type_name, {})


def _layer_of(type_name: str) -> str:
    return {"unit": "units", "objective": "objectives", "trigger": "triggers"}.get(
        type_name, "events"
    )


@pytest.mark.parametrize("type_name", ["unit", "objective", "trigger", *enum_values(MapEventKind)])
def test_object_type_defaults_are_the_loaders_defaults(tmp_path, ruleset, type_name):
    """An object with every default written out (Tiled's "resolve types") loads the same."""
    spec = next(s for s in object_types(ruleset) if s.name == type_name)
    bare = _minimal(type_name)
    full = dict(bare)
    for prop in spec.properties:
        if prop.name in full or prop.required:
            continue
        if prop.enum == "Side" and prop.default == "":
            continue  # blank = the unit type's side; Tiled writes nothing unless resolving
        full[prop.name] = prop.default
    loaded = []
    for label, props in (("bare", bare), ("full", full)):
        objects = {"units": obj(1, "CTS", "unit", (0, 0), unit_type="cts")}
        objects.update({"objectives": "", "events": "", "triggers": ""})
        layer = _layer_of(type_name)
        size = (0, 0) if type_name == "unit" else (2, 1)
        thing = obj(9, "Probe", type_name, (4, 0), size, **props)
        objects[layer] = thing if layer == "units" else objects[layer] + thing
        scenario = load_scenario(
            write_map(tmp_path, map_xml(objects=objects), f"{label}.tmx"), ruleset
        )
        loaded.append((scenario.units, scenario.objectives, scenario.events, scenario.triggers))
    assert loaded[0] == loaded[1]


def test_make_tiled_project_writes_both_files_and_the_doc_tables(tmp_path, ruleset):
    start, end = block_markers("terrain")
    doc = tmp_path / "format.md"
    doc.write_text(f"# Doc\n\n{start}\nold table\n{end}\n\nafter\n", encoding="utf-8")
    written = write_tiled_project(ruleset, maps_dir=tmp_path, doc=doc)
    assert {p.name for p in written} == {PROJECT_NAME, OBJECT_TYPES_NAME, "format.md"}
    assert (tmp_path / PROJECT_NAME).read_text(encoding="utf-8") == project_json(ruleset)
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text and "| `heavy_rubble` |" in text and text.endswith("after\n")
    assert fill_generated(text, ruleset) == text  # idempotent


def test_make_tiled_project_command_is_registered():
    args = build_parser().parse_args(["make-tiled-project"])
    assert args.run.__name__ == "_cmd_make_tiled_project"


def test_make_tiled_project_reports_an_unwritable_folder(tmp_path):
    out = io.StringIO()
    assert run_make_tiled_project(out, maps_dir=tmp_path / "missing", doc=None) == 1
    assert out.getvalue().startswith("cannot write the Tiled project files:")
    assert run_make_tiled_project(out, maps_dir=tmp_path, doc=None) == 0
    assert (tmp_path / PROJECT_NAME).is_file() and (tmp_path / OBJECT_TYPES_NAME).is_file()


def test_format_doc_tables_are_current(ruleset):
    if not FORMAT_DOC.is_file():
        pytest.fail("docs/scenario-format.md is missing")
    text = FORMAT_DOC.read_text(encoding="utf-8")
    for name in ("terrain", "tiles", "object-types", "enums"):
        assert block_markers(name)[0] in text, f"the doc lacks the generated {name} table"
    assert fill_generated(text, ruleset) == text, (
        "docs/scenario-format.md tables are stale: run python main.py make-tiled-project"
    )


# -- the real Tiled -------------------------------------------------------------------------

PROBE_JS = """
var done = false;
tiled.assetOpened.connect(function (asset) {
  if (done || !asset.isTileMap) return;
  done = true;
  var result = {objects: {}, errors: [], written: ""};
  try {
    for (var i = 0; i < asset.layerCount; ++i) {
      var layer = asset.layerAt(i);
      if (!layer.isObjectLayer) continue;
      for (var j = 0; j < layer.objectCount; ++j) {
        var o = layer.objectAt(j);
        result.objects[o.name] = {layer: layer.name, type: o.type,
                                  resolved: o.resolvedProperties()};
        if (o.name == "Pick") {  // what a designer does with the dropdowns
          o.setProperty("unit_type", tiled.propertyValue("UnitType", "isil_sniper"));
          o.setProperty("side", tiled.propertyValue("Side", "isil"));
          o.setProperty("ai_role", tiled.propertyValue("AiRole", "ambush"));
        }
        if (o.name == "Hold it") {
          o.setProperty("kind", tiled.propertyValue("ObjectiveKind", "hold"));
          o.setProperty("turns", 3);
        }
      }
    }
    result.written = tiled.mapFormat("tmx").write(asset, OUT_TMX) || "";
  } catch (e) { result.errors.push(String(e)); }
  var f = new TextFile(RESULT, TextFile.WriteOnly);
  f.write(JSON.stringify(result));
  f.commit();
});
"""


def _urban_map(objects: dict[str, str]) -> str:
    """A 10x6 map painted with the shipped urban tileset (roads round a building block)."""
    root = SafeET.parse(MAPS_DIR / "tilesets" / "urban.tsx", forbid_dtd=True).getroot()
    first: dict[str, int] = {}
    for tile in root.findall("tile"):
        for prop in tile.iter("property"):
            if prop.get("name") == "terrain":
                first.setdefault(prop.get("value", ""), int(tile.get("id", "0")))
    road, building = first["road"] + 1, first["building"] + 1
    rows = [
        [building if 2 <= x <= 4 and 2 <= y <= 3 else road for x in range(10)] for y in range(6)
    ]
    csv = ",\n".join(",".join(str(g) for g in row) for row in rows)
    text = map_xml(objects=objects)
    head, _, rest = text.partition(" <tileset ")
    _, _, rest = rest.partition("</tileset>\n")
    _, _, rest = rest.partition("</layer>\n")
    return (
        f'{head} <tileset firstgid="1" source="tilesets/urban.tsx"/>\n'
        f' <layer id="1" name="ground" width="10" height="6">\n'
        f'  <data encoding="csv">\n{csv}\n</data>\n </layer>\n{rest}'
    )


def _with_tilesets(folder: Path) -> Path:
    """A folder holding a copy of maps/tilesets, so relative tileset paths resolve."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(MAPS_DIR / "tilesets", folder / "tilesets")
    return folder


def _probe_map(ruleset) -> str:
    """A map with a bare object of every type (layer 'probe') and two to edit."""
    specs = object_types(ruleset)
    bare = "".join(
        obj(20 + i, f"bare {s.name}", s.name, (i, 5), (0, 0) if s.name == "unit" else (1, 1))
        for i, s in enumerate(specs)
    )
    objects = {
        "units": obj(1, "CTS 1", "unit", (0, 0), unit_type="cts")
        + obj(2, "Pick", "unit", (4, 0), unit_type="isil_fighters"),
        "objectives": obj(3, "Hold it", "objective", (2, 2), (3, 2), kind="capture"),
        "events": "",
        "probe": bare,
    }
    return _urban_map(objects)


def _run_tiled_gui_probe(folder: Path, ruleset) -> dict:
    """Open the project and the probe map in the real Tiled (offscreen); return the probe's
    JSON."""
    home = folder / "home"
    ext = home / ".config" / "tiled" / "extensions"
    conf = home / ".config" / "mapeditor.org"
    ext.mkdir(parents=True)
    conf.mkdir(parents=True)
    proj = _with_tilesets(folder / "proj")
    shutil.copy(PROJECT, proj / PROJECT_NAME)
    shutil.copy(OBJECT_TYPES, proj / OBJECT_TYPES_NAME)
    (proj / "probe.tmx").write_text(_probe_map(ruleset), encoding="utf-8")
    session = proj / "street-by-street.tiled-session"
    session.write_text(
        json.dumps(
            {"activeFile": "probe.tmx", "openFiles": ["probe.tmx"], "project": PROJECT_NAME}
        ),
        encoding="utf-8",
    )
    (conf / "tiled.conf").write_text(
        "[Project]\n"
        f"LastSession={session}\n"
        f"RecentProjects={proj / PROJECT_NAME}\n\n"
        "[Startup]\nRestorePreviousSession=true\n\n"
        "[Install]\nCheckForUpdates=false\nDisplayNews=false\n",
        encoding="utf-8",
    )
    result = folder / "result.json"
    (ext / "probe.js").write_text(
        f"var OUT_TMX = {json.dumps(str(proj / 'picked.tmx'))};\n"
        f"var RESULT = {json.dumps(str(result))};\n" + PROBE_JS,
        encoding="utf-8",
    )
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    env.update(XDG_DATA_HOME=str(home / ".local/share"), QT_QPA_PLATFORM="offscreen")
    log = (folder / "tiled.log").open("wb")
    proc = subprocess.Popen(["tiled"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    try:
        deadline = time.monotonic() + 60
        while not result.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait(timeout=10)
        log.close()
    if not result.exists():
        pytest.fail(
            "Tiled did not run the probe extension: "
            + (folder / "tiled.log").read_text(errors="replace")[-2000:]
        )
    return json.loads(result.read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("tiled") is None, reason=NO_TILED)
def test_real_tiled_reads_the_project_enums_and_object_type_defaults(tmp_path, ruleset):
    probe = _run_tiled_gui_probe(tmp_path, ruleset)
    assert probe["errors"] == []
    enums = enum_types(ruleset)
    for spec in object_types(ruleset):
        resolved = probe["objects"][f"bare {spec.name}"]["resolved"]
        assert set(resolved) == {p.name for p in spec.properties}, spec.name
        for prop in spec.properties:
            value = resolved[prop.name]
            if prop.enum and prop.default != "":
                # Tiled resolved the propertytype to the project's enum and found the default
                assert value["typeName"] == prop.enum
                assert value["value"] == enums[prop.enum].index(prop.default)
            elif prop.enum:
                assert value["typeName"] == prop.enum and value["value"] == ""
            else:
                assert value == prop.default, (spec.name, prop.name)
    # values picked from the dropdowns are saved so that the game reads them
    assert probe["written"] == ""
    picked = tmp_path / "proj" / "picked.tmx"
    assert 'propertytype="UnitType"' in picked.read_text(encoding="utf-8")
    scenario = load_scenario(picked, ruleset)
    unit = next(u for u in scenario.units if u.name == "Pick")
    assert (unit.unit_type, unit.side, unit.ai_role) == ("isil_sniper", Side.ISIL, AiRole.AMBUSH)
    objective = next(o for o in scenario.objectives if o.name == "Hold it")
    assert (objective.kind, objective.turns) == (ObjectiveKind.HOLD, 3)


@pytest.mark.skipif(shutil.which("tiled") is None, reason=NO_TILED)
@pytest.mark.parametrize("embed", [False, True])
def test_tiled_cli_export_keeps_enum_properties_readable(tmp_path, ruleset, embed):
    """Enum properties as Tiled writes them survive `tiled --export-map` (which has no
    project)."""
    objects = {
        "units": obj(1, "CTS 1", "unit", (0, 0), unit_type="cts")
        + obj(2, "Gunmen", "unit", (4, 0), unit_type="isil_fighters", ai_role="hold"),
        "objectives": obj(3, "Block", "objective", (2, 2), (3, 2), kind="destroy", side="isil"),
        "events": obj(4, "Way in", "entry", (9, 5), side="isil"),
    }
    text = _urban_map(objects)
    for prop, enum in (("unit_type", "UnitType"), ("ai_role", "AiRole"), ("kind", "ObjectiveKind")):
        text = text.replace(f'name="{prop}" value=', f'name="{prop}" propertytype="{enum}" value=')
    text = text.replace(
        'name="side" value=', 'name="side" type="string" propertytype="Side" value='
    )
    assert text.count("propertytype=") == 6
    source = write_map(_with_tilesets(tmp_path / "maps"), text, "enums.tmx")
    out = tmp_path / "exported.tmx"
    cmd = ["tiled", "--export-map", "tmx", str(source), str(out)]
    if embed:
        cmd.insert(1, "--embed-tilesets")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    before, after = load_scenario(source, ruleset), load_scenario(out, ruleset)
    assert before.units == after.units
    assert before.objectives == after.objectives
    assert before.events == after.events
    assert [u.ai_role for u in after.units] == [AiRole.DEFAULT, AiRole.HOLD]


def test_worked_example_in_the_format_doc_is_a_valid_scenario(tmp_path, ruleset):
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Worked example", 1)[1]
    example = section.split("```xml\n", 1)[1].split("```", 1)[0]
    path = write_map(_with_tilesets(tmp_path / "maps"), example, "example.tmx")
    scenario, problems = check_scenario(path, ruleset)
    assert scenario is not None, [str(p) for p in problems]
    assert [str(p) for p in problems] == []
    assert (scenario.title, scenario.turn_limit, scenario.wind_direction) == (
        "Example crossing",
        10,
        315.0,
    )
    assert "\n" in scenario.briefing
    by_name = {u.name: u for u in scenario.units}
    assert by_name["Sniper"].unit_type == "isil_sniper" and by_name["Sniper"].side is Side.ISIL
    assert by_name["Infantry 2"].arrival_turn == 3 and by_name["Infantry 2"].entry == "South road"
    assert by_name["Humvee 1"].overwatch
    assert {o.kind for o in scenario.objectives} == {ObjectiveKind.CAPTURE, ObjectiveKind.HOLD}
    assert {e.kind for e in scenario.events} == set(MapEventKind)
    decoration = [layer for layer in scenario.layers if layer.decoration]
    assert [layer.name for layer in decoration] == ["detail"]


def test_a_blank_unit_side_means_the_unit_types_side(tmp_path, ruleset):
    objects = {
        "units": obj(1, "CTS 1", "unit", (0, 0), unit_type="cts", side="")
        + obj(2, "Gunmen", "unit", (4, 0), unit_type="isil_fighters", side=""),
        "objectives": "",
        "events": "",
    }
    scenario = load_scenario(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert [u.side for u in scenario.units] == [Side.COALITION, Side.ISIL]


def test_a_new_unit_type_or_terrain_kind_reaches_the_dropdowns(tmp_path):
    from game.core.paths import RULES_DIR
    from game.rules.ruleset import load_ruleset

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    units = (rules / "units.toml").read_text(encoding="utf-8")
    first = units.split("\n[", 1)[1].split("\n[", 1)[0]  # the first unit's main table
    name = first.split("]", 1)[0]
    (rules / "units.toml").write_text(
        units + f"\n[militia_test]{first.split(']', 1)[1]}\n", encoding="utf-8"
    )
    with (rules / "terrain.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[mud]\nfoot = 3\nwheeled = 6\ntracked = 3\ncover = 0.0\nheight = 0\n")
        handle.write("blocks_sight = false\nobscuration = 0.0\n")
    changed = load_ruleset(rules)
    enums = {t["name"]: t["values"] for t in json.loads(project_json(changed))["propertyTypes"]}
    assert enums["UnitType"][-1] == "militia_test" and name in enums["UnitType"]
    assert enums["TerrainKind"][-1] == "mud"
    assert "| `mud` | 3 | 6 | 3 |" in fill_generated(FORMAT_DOC.read_text("utf-8"), changed)
