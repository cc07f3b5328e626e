"""`validate --json`: the problems as data (file, severity, message, fix, layer, object id
and name, tile) for editors such as the Tiled extension, with the same exit codes."""

from __future__ import annotations

import json
import shutil

from game import cli
from game.campaign.validate import split_fix
from game.core.paths import MAPS_DIR

MAP = MAPS_DIR / "qadisiyah.tmx"


def _json(capsys, *argv: str) -> tuple[int, dict]:
    code = cli.main(["validate", "--json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_a_valid_map_is_ok_with_its_summary(capsys):
    code, data = _json(capsys, str(MAP))
    assert code == 0
    (entry,) = data["files"]
    assert entry["ok"] is True and entry["problems"] == []
    assert entry["file"].endswith("qadisiyah.tmx") and "Al-Qadisiyah" in entry["summary"]


def test_a_misspelled_unit_type_names_the_object_and_its_tile(capsys, tmp_path):
    shutil.copytree(MAPS_DIR / "tilesets", tmp_path / "tilesets")
    broken = tmp_path / "broken.tmx"
    text = MAP.read_text(encoding="utf-8")
    broken.write_text(text.replace('value="isil_fighters"', 'value="isil_figters"', 1))
    code, data = _json(capsys, str(broken))
    assert code == 1
    (entry,) = data["files"]
    assert entry["ok"] is False and "INVALID" in entry["summary"]
    errors = [p for p in entry["problems"] if p["severity"] == "error"]
    (problem,) = errors
    assert set(problem) == {
        "file",
        "severity",
        "message",
        "fix",
        "layer",
        "object_id",
        "object",
        "tile",
    }
    assert problem["message"] == "unknown unit type 'isil_figters'"
    assert "isil_fighters" in problem["fix"]
    assert problem["layer"] == "units" and isinstance(problem["object_id"], int)
    assert problem["object"] and len(problem["tile"]) == 2


def test_a_map_wide_problem_has_no_object_or_tile(capsys, tmp_path):
    shutil.copytree(MAPS_DIR / "tilesets", tmp_path / "tilesets")
    broken = tmp_path / "broken.tmx"
    text = MAP.read_text(encoding="utf-8")
    broken.write_text(text.replace('<property name="turn_limit"', '<property name="turn_limt"'))
    code, data = _json(capsys, str(broken))
    warnings = [p for p in data["files"][0]["problems"] if p["severity"] == "warning"]
    assert code == 0 and warnings
    assert all(p["object_id"] is None and p["tile"] is None for p in warnings)


def test_a_missing_file_is_a_usage_error_in_json_too(capsys, tmp_path):
    code, data = _json(capsys, str(tmp_path / "missing.tmx"))
    assert code == 2
    (entry,) = data["files"]
    assert entry["ok"] is False and entry["problems"][0]["message"] == "no such file or folder"


def test_the_fix_is_split_from_the_message():
    assert split_fix("it is wrong; do this") == ("it is wrong", "do this")
    assert split_fix("unknown kind 'x' (known: a, b)") == ("unknown kind 'x'", "known: a, b")
    assert split_fix("plain") == ("plain", "")
