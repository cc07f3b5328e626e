"""Every map shipped with Tiled itself loads or is refused with a clear message, never a crash."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.problems import ScenarioError
from game.scenario.loader import check_scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path("/usr/share/doc/tiled/examples")
NO_EXAMPLES = (
    f"Tiled's example maps are not installed ({EXAMPLES} is missing): apt-get install tiled"
)
PYTHON_NOISE = re.compile(r"Traceback|Error:|Exception|object has no attribute|NoneType")


def _example_maps() -> list[Path]:
    if not EXAMPLES.is_dir():
        return []
    return sorted(p for p in EXAMPLES.rglob("*") if p.name.endswith((".tmx", ".tmx.gz")))


EXAMPLE_MAPS = _example_maps()
needs_examples = pytest.mark.skipif(not EXAMPLE_MAPS, reason=NO_EXAMPLES)
map_ids = [str(p.relative_to(EXAMPLES)) for p in EXAMPLE_MAPS]


def _orientation(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    found = re.search(rb'orientation="(\w+)"', data)
    return found.group(1).decode() if found else "orthogonal"


def _check_lines(path: Path, lines: list[str]) -> None:
    """Each problem is one readable line about this file, not Python's words."""
    assert lines, f"{path}: no message at all"
    for line in lines:
        assert line.startswith(str(path)), line
        message = line[len(str(path)) :].lstrip(": ")
        assert len(message) >= 15, line
        assert not PYTHON_NOISE.search(message), line


@needs_examples
def test_the_examples_folder_holds_plain_and_gzipped_maps():
    assert any(p.name.endswith(".tmx.gz") for p in EXAMPLE_MAPS)
    assert any(p.parent != EXAMPLES for p in EXAMPLE_MAPS)  # found recursively
    assert len(EXAMPLE_MAPS) >= 10


@needs_examples
@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=map_ids)
def test_validate_command_on_a_tiled_example(path):
    done = subprocess.run(
        [sys.executable, "main.py", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert done.returncode in (0, 1), output
    lines = [line for line in done.stdout.splitlines() if line]
    _check_lines(path, lines)
    if done.returncode == 0:
        assert lines[-1].startswith(f"{path}: ok - "), output
    else:
        assert re.fullmatch(rf"{re.escape(str(path))}: INVALID \(\d+ problems?\)", lines[-1])
        errors = [line for line in lines[:-1] if ": warning: " not in line]
        assert errors, f"refused without saying why: {output}"
    if _orientation(path) != "orthogonal":
        assert "orthogonal maps only" in output


@needs_examples
@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=map_ids)
def test_load_scenario_on_a_tiled_example(path, ruleset):
    scenario, problems = check_scenario(path, ruleset)
    _check_lines(path, [str(p) for p in problems] or [f"{path}: loaded without any remark"])
    for problem in problems:
        assert "\n" not in str(problem)
    if scenario is None:
        assert any(not p.warning for p in problems)
        with pytest.raises(ScenarioError) as refused:
            load_scenario(path, ruleset)
        assert refused.value.problems == problems
    else:
        assert scenario.width > 0 and scenario.grid.terrain.shape == (
            scenario.height,
            scenario.width,
        )


@needs_examples
def test_validate_the_whole_examples_folder():
    done = subprocess.run(
        [sys.executable, "main.py", "validate", str(EXAMPLES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert done.returncode in (0, 1)
    assert re.search(rf"\d+ of {len(EXAMPLE_MAPS)} maps valid", done.stdout), output


STICKER_KNIGHT = EXAMPLES / "sticker-knight" / "map"


@pytest.mark.skipif(not (STICKER_KNIGHT / "sandbox.tmx.gz").is_file(), reason=NO_EXAMPLES)
def test_sticker_knight_sandbox_is_refused_only_for_a_genuine_reason(tmp_path, ruleset):
    """Its image-collection tileset skips tile ids (62 tiles, ids up to 62): Tiled's own file
    is read; the map is refused only because it is a platformer with no ground tiles."""
    packed, _ = check_scenario(STICKER_KNIGHT / "sandbox.tmx.gz", ruleset)
    assert packed is None
    folder = tmp_path / "map"
    shutil.copytree(STICKER_KNIGHT, folder)
    for name in ("sandbox.tmx", "objs.tsx"):  # Debian packs them; Tiled writes them plain
        (folder / name).write_bytes(gzip.decompress((folder / f"{name}.gz").read_bytes()))
    scenario, problems = check_scenario(folder / "sandbox.tmx", ruleset)
    errors = [p for p in problems if not p.warning]
    assert scenario is None and len(errors) == 1, [str(p) for p in problems]
    assert "have no terrain tile on any non-decoration layer" in errors[0].message
    assert not any("describes tile" in str(p) for p in problems)


@pytest.mark.skipif(not (STICKER_KNIGHT / "sandbox.tmx.gz").is_file(), reason=NO_EXAMPLES)
def test_a_packed_tileset_beside_the_map_is_named_with_the_fix(ruleset):
    _scenario, problems = check_scenario(STICKER_KNIGHT / "sandbox.tmx.gz", ruleset)
    message = str(problems[0])
    assert "tileset file 'objs.tsx' not found" in message and "unpack it (gunzip)" in message
    assert str(STICKER_KNIGHT / "objs.tsx") not in message
