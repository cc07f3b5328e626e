"""`validate --json`: problems as data for editors and CI; a closed pipe ends quietly."""

from __future__ import annotations

import json
import subprocess
import sys

from game.core.problems import Problem
from tests.map_factory import default_objects, map_xml, obj, write_map
from tests.validator_helpers import ROOT, with_props

# --- validate --json ---------------------------------------------------------------------


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "validate", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


PROBLEM_KEYS = ["file", "severity", "message", "fix", "layer", "object_id", "object", "tile"]


def test_validate_json_prints_problems_as_data(tmp_path):
    good = write_map(tmp_path, map_xml(), "good.tmx")
    objects = default_objects()
    objects["units"] += obj(9, "Twin", "unit", (0, 0), unit_type="cts")
    bad = write_map(tmp_path, map_xml(objects=objects, props=with_props(title="")), "bad.tmx")
    done = _validate("--json", str(good), str(bad))
    assert done.returncode == 1, done.stdout + done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["files"]
    first, second = data["files"]
    assert list(first) == ["file", "ok", "summary", "problems"]
    assert first["file"] == str(good) and first["ok"] is True
    assert first["summary"].startswith("'Test block', 10x6 tiles, 3 units")
    assert second["file"] == str(bad) and second["ok"] is False
    for problem in first["problems"] + second["problems"]:
        assert list(problem) == PROBLEM_KEYS
        assert problem["severity"] in ("error", "warning")
        assert problem["object_id"] is None or isinstance(problem["object_id"], int)
        assert problem["tile"] is None or (
            isinstance(problem["tile"], list) and len(problem["tile"]) == 2
        )
    stacked = next(p for p in second["problems"] if "same tile" in p["message"])
    assert stacked == {
        "file": str(bad),
        "severity": "error",
        "message": "stands on the same tile as 'CTS 1' (id 1)",
        "fix": "one unit per tile: move one of them",
        "layer": "units",
        "object_id": 9,
        "object": "Twin",
        "tile": [0, 0],
    }
    title = next(p for p in second["problems"] if "'title'" in p["message"])
    assert title["severity"] == "warning" and title["layer"] == "" and title["tile"] is None
    assert title["fix"].startswith("add one")


def test_validate_json_exit_codes(tmp_path):
    good = write_map(tmp_path, map_xml(), "good.tmx")
    ok = _validate("--json", str(good))
    assert ok.returncode == 0 and json.loads(ok.stdout)["files"][0]["ok"] is True
    missing = _validate("--json", str(tmp_path / "nope.tmx"))
    assert missing.returncode == 2
    entry = json.loads(missing.stdout)["files"][0]
    assert entry["ok"] is False and "no such file" in entry["problems"][0]["message"]
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = _validate("--json", str(empty))
    assert nothing.returncode == 2 and "no maps" in nothing.stdout
    json.loads(nothing.stdout)


def test_problem_message_and_fix_are_split():
    assert Problem("f", "bad thing; do this").parts() == ("bad thing", "do this")
    assert Problem("f", "bad thing", fix="do that").parts() == ("bad thing", "do that")
    assert str(Problem("f", "bad thing", fix="do that")) == "f: bad thing; do that"
    assert Problem("f", "only what").parts() == ("only what", "")


# --- the command line never crashes ------------------------------------------------------


def test_validate_into_a_closed_pipe_ends_quietly(tmp_path):
    objects = default_objects()
    objects["units"] += "".join(
        obj(100 + i, f"Ghost {i}", "unit", (i % 10, 1 + i % 4), unit_type="nonsense")
        for i in range(2000)
    )
    path = write_map(tmp_path, map_xml(objects=objects))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "validate", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert stderr == ""
    assert proc.returncode == 141
