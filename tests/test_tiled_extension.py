"""The Tiled extension shipped with the project (maps/extensions/street-by-street.js): the
generated project file points Tiled at it, it is valid JavaScript, and in the real Tiled
(offscreen) it runs the game's validator on a broken map, reports each problem as an issue
and selects the object an issue names."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.core.paths import MAPS_DIR, PROJECT_ROOT
from game.mapmaking.tiled_project import (
    EXTENSION_NAME,
    EXTENSIONS_FOLDER,
    OBJECT_TYPES_NAME,
    PROJECT_NAME,
    project_commands,
    project_json,
)

EXTENSION = MAPS_DIR / EXTENSIONS_FOLDER / EXTENSION_NAME
NO_TILED = "Debian's tiled is not installed: apt-get install tiled"


def test_the_project_file_points_tiled_at_the_extension(ruleset):
    project = json.loads(project_json(ruleset))
    assert project["extensionsPath"] == EXTENSIONS_FOLDER
    assert (MAPS_DIR / project["extensionsPath"] / EXTENSION_NAME).is_file()
    shipped = json.loads((MAPS_DIR / PROJECT_NAME).read_text(encoding="utf-8"))
    assert shipped["extensionsPath"] == EXTENSIONS_FOLDER


def test_the_project_commands_are_the_extensions_two_actions():
    script = EXTENSION.read_text(encoding="utf-8")
    commands = {c["name"]: c for c in project_commands()}
    assert set(commands) == {"Validate with Street by Street", "Play this map"}
    for name, command in commands.items():
        assert f'"{name}"' in script  # the extension's action of the same name
        assert command["enabled"] and command["saveBeforeExecute"]
        assert "%mapfile" in str(command["arguments"])
    assert " validate " in str(commands["Validate with Street by Street"]["arguments"])
    assert str(commands["Play this map"]["arguments"]).endswith("--watch")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_extension_is_valid_javascript():
    result = subprocess.run(
        ["node", "--check", str(EXTENSION)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


PROBE_JS = """
var done = false;
tiled.assetOpened.connect(function (asset) {
  if (done || !asset.isTileMap) return;
  done = true;
  var result = {loaded: typeof StreetByStreet, errors: []};
  try {
    result.root = StreetByStreet.gameRoot(asset.fileName);
    tiled.trigger("StreetByStreetValidate");  // the menu action
    result.action = JSON.parse(JSON.stringify(StreetByStreet.issues));
    StreetByStreet.issues.length = 0;
    tiled.trigger("Save");  // the save hook validates too
    result.saved = JSON.parse(JSON.stringify(StreetByStreet.issues));
    StreetByStreet.showProblem(asset.fileName, {object_id: OBJECT_ID, tile: [22, 28]});
    result.selected = asset.selectedObjects.map(function (o) { return o.id; });
  } catch (e) { result.errors.push(String(e)); }
  var f = new TextFile(RESULT, TextFile.WriteOnly);
  f.write(JSON.stringify(result));
  f.commit();
  tiled.trigger("Quit");
});
"""


def _game_copy(folder: Path) -> Path:
    """A game folder as a designer has it (main.py, game/, .venv, maps/ with the project,
    its extension and the tilesets), the code linked, not copied."""
    root = folder / "game-root"
    maps = root / "maps"
    (maps / EXTENSIONS_FOLDER).mkdir(parents=True)
    (root / "main.py").symlink_to(PROJECT_ROOT / "main.py")
    (root / "game").symlink_to(PROJECT_ROOT / "game")
    (root / ".venv" / "bin").mkdir(parents=True)
    python = root / ".venv" / "bin" / "python"  # this test's python, whatever its venv
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    shutil.copytree(MAPS_DIR / "tilesets", maps / "tilesets")
    for name in (PROJECT_NAME, OBJECT_TYPES_NAME):
        shutil.copy(MAPS_DIR / name, maps / name)
    shutil.copy(EXTENSION, maps / EXTENSIONS_FOLDER / EXTENSION_NAME)
    return root


@pytest.mark.skipif(shutil.which("tiled") is None, reason=NO_TILED)
@pytest.mark.skipif(os.name == "nt", reason="the stand-in .venv python is a shell script")
def test_real_tiled_lists_the_validators_problems_and_selects_the_object(tmp_path):
    root = _game_copy(tmp_path)
    maps = root / "maps"
    broken = maps / "broken.tmx"
    text = (MAPS_DIR / "qadisiyah.tmx").read_text(encoding="utf-8")
    found = re.search(r'<object id="(\d+)" name="ISIL Fighters 1"', text)
    assert found is not None
    oid = int(found.group(1))
    broken.write_text(text.replace('value="isil_fighters"', 'value="isil_figters"', 1))
    home = tmp_path / "home"
    conf = home / ".config" / "mapeditor.org"
    conf.mkdir(parents=True)
    session = maps / "street-by-street.tiled-session"
    session.write_text(
        json.dumps(
            {"activeFile": "broken.tmx", "openFiles": ["broken.tmx"], "project": PROJECT_NAME}
        ),
        encoding="utf-8",
    )
    project = maps / PROJECT_NAME
    (conf / "tiled.conf").write_text(
        "[Project]\n"
        f"LastSession={session}\n"
        f"RecentProjects={project}\n\n"
        # what answering Tiled's "Enable extensions" prompt for this project records
        f"[Scripting]\nEnabledProjects={project}\n\n"
        "[Startup]\nRestorePreviousSession=true\n\n"
        "[Install]\nCheckForUpdates=false\nDisplayNews=false\n",
        encoding="utf-8",
    )
    result = tmp_path / "result.json"
    (maps / EXTENSIONS_FOLDER / "zz-probe.js").write_text(
        f"var RESULT = {json.dumps(str(result))};\nvar OBJECT_ID = {oid};\n" + PROBE_JS,
        encoding="utf-8",
    )
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    env.update(XDG_DATA_HOME=str(home / ".local/share"), QT_QPA_PLATFORM="offscreen")
    log_path = tmp_path / "tiled.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["tiled"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path
        )
        try:
            deadline = time.monotonic() + 90
            while not result.exists() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.2)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)  # the probe quits Tiled
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    if not result.exists():
        pytest.fail("Tiled did not run the probe: " + log_path.read_text(errors="replace")[-2000:])
    probe = json.loads(result.read_text(encoding="utf-8"))
    assert probe["errors"] == [] and probe["loaded"] == "object"
    assert Path(probe["root"]).resolve() == root.resolve()
    for issues in (probe["action"], probe["saved"]):
        errors = [i["text"] for i in issues if i["severity"] == "error"]
        assert len(errors) == 1, issues
        assert f"object 'ISIL Fighters 1' (id {oid})" in errors[0]
        assert "unknown unit type 'isil_figters'" in errors[0] and "isil_fighters" in errors[0]
    assert probe["selected"] == [oid]
