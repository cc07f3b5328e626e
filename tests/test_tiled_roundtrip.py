"""Each shipped map, re-saved by the real Tiled, loads to the same state; tmxrasterizer draws it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from enum import Enum
from pathlib import Path

import numpy as np
import pytest

from game.core.paths import MAPS_DIR
from game.mapmaking.tiled_project import FORMAT_DOC
from game.rules.ruleset import load_ruleset
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario

ROOT = Path(__file__).resolve().parent.parent
NO_TILED = "Debian's tiled is not installed: apt-get install tiled"
SHIPPED_MAPS = sorted(MAPS_DIR.glob("*.tmx"))
DOC_EXAMPLE = Path("docs-worked-example.tmx")  # written into the temporary maps/ copy
TIMEOUT = 120
EXPORTS = {"resaved": [], "embedded": ["--embed-tilesets"]}

needs_tiled = pytest.mark.skipif(
    shutil.which("tiled") is None or shutil.which("tmxrasterizer") is None, reason=NO_TILED
)


def differences(a: object, b: object, where: str, roots: tuple[Path, Path]) -> list[str]:
    """Every difference between two loaded values (dataclasses, arrays, paths, containers)."""
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        if type(a) is not type(b):
            return [f"{where}: {type(a).__name__} != {type(b).__name__}"]
        found: list[str] = []
        for f in dataclasses.fields(a):
            found += differences(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}", roots)
        return found
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return [f"{where}: array != {type(b).__name__}"]
        if a.shape != b.shape or a.dtype != b.dtype:
            return [f"{where}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"]
        if not np.array_equal(a, b):
            return [f"{where}: differs in {int(np.count_nonzero(a != b))} of {a.size} cells"]
        return []
    if isinstance(a, Path) and isinstance(b, Path):
        rel_a, rel_b = _relative(a, roots[0]), _relative(b, roots[1])
        return [] if rel_a == rel_b else [f"{where}: {rel_a} != {rel_b}"]
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and not isinstance(a, Enum):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)} items"]
        found = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found += differences(x, y, f"{where}[{i}]", roots)
        return found
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{where}: keys {sorted(map(str, a))} != {sorted(map(str, b))}"]
        found = []
        for key in a:
            found += differences(a[key], b[key], f"{where}[{key!r}]", roots)
        return found
    return [] if a == b and type(a) is type(b) else [f"{where}: {a!r} != {b!r}"]


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def scenario_differences(a: Scenario, b: Scenario, ignore: tuple[str, ...] = ()) -> list[str]:
    """Field-by-field differences of two scenarios, apart from which file they came from."""
    skipped = {"path", "file_hash", *ignore}
    roots = (a.path.parent, b.path.parent)
    found: list[str] = []
    for f in dataclasses.fields(a):
        if f.name not in skipped:
            found += differences(getattr(a, f.name), getattr(b, f.name), f.name, roots)
    return found


def _tiled_env(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}"


def doc_example() -> str:
    """The worked example of docs/scenario-format.md (ellipse, polygon and tile objects)."""
    text = FORMAT_DOC.read_text(encoding="utf-8").split("## Worked example", 1)[1]
    return text.split("```xml\n", 1)[1].split("```", 1)[0]


ROUNDTRIP_MAPS = [*SHIPPED_MAPS, DOC_EXAMPLE]


@pytest.fixture(scope="module", params=ROUNDTRIP_MAPS, ids=[p.name for p in ROUNDTRIP_MAPS])
def roundtrip(request, tmp_path_factory) -> dict[str, Path]:
    """A copy of maps/ (so relative tileset paths resolve) holding the map and its re-saves."""
    if shutil.which("tiled") is None or shutil.which("tmxrasterizer") is None:
        pytest.skip(NO_TILED)
    source: Path = request.param
    folder = tmp_path_factory.mktemp("roundtrip")
    copy = folder / "maps"
    shutil.copytree(MAPS_DIR, copy, ignore=shutil.ignore_patterns("*.tiled-session"))
    if source == DOC_EXAMPLE:
        source = copy / DOC_EXAMPLE.name
        source.write_text(doc_example(), encoding="utf-8")
    env = _tiled_env(folder / "home")
    paths = {"original": source, "copy": copy / source.name}
    for label, flags in EXPORTS.items():
        out = copy / f"{source.stem}.{label}.tmx"
        _run(["tiled", *flags, "--export-map", "tmx", str(paths["copy"]), str(out)], env)
        paths[label] = out
    return paths


def test_there_is_a_shipped_map_to_round_trip():
    assert SHIPPED_MAPS, "maps/ holds no .tmx scenario"


@needs_tiled
@pytest.mark.parametrize("label", list(EXPORTS))
def test_resaved_map_loads_to_the_same_state(roundtrip, label):
    ruleset = load_ruleset()
    original = load_scenario(roundtrip["original"], ruleset)
    again = load_scenario(roundtrip[label], ruleset)
    # an embedded tileset has no .tsx file of its own; everything else must be equal
    ignore = ("tilesets",) if label == "embedded" else ()
    assert scenario_differences(original, again, ignore) == []
    if label == "embedded":
        assert [t.source for t in again.tilesets] == [None] * len(again.tilesets)
        stripped = [dataclasses.replace(t, source=None) for t in original.tilesets]
        roots = (original.path.parent, again.path.parent)
        assert differences(stripped, again.tilesets, "tilesets", roots) == []
    # the comparison really looks at the state
    assert original.units and original.grid.terrain.any()


def _png(path: Path) -> np.ndarray:
    import pygame

    return pygame.surfarray.array3d(pygame.image.load(str(path)))


@needs_tiled
def test_tmxrasterizer_renders_the_map_and_its_resaves_alike(roundtrip, tmp_path):
    env = _tiled_env(tmp_path / "home")
    images = {}
    for label in ("copy", *EXPORTS):
        png = tmp_path / f"{label}.png"
        _run(["tmxrasterizer", str(roundtrip[label]), str(png)], env)
        assert png.is_file() and png.stat().st_size > 1000
        images[label] = _png(png)
    scenario = load_scenario(roundtrip["original"], load_ruleset())
    pixels = images["copy"]
    assert pixels.shape[:2] == (
        scenario.width * scenario.tile_size,
        scenario.height * scenario.tile_size,
    )
    colours = np.unique(pixels.reshape(-1, 3)[:: max(1, pixels.size // 300_000)], axis=0)
    assert len(colours) > 20, "the rendering is (nearly) blank"
    for label in EXPORTS:
        assert np.array_equal(images[label], pixels), f"the {label} map renders differently"


@needs_tiled
def test_the_comparison_sees_every_kind_of_change(roundtrip):
    """The helper is not blind: a changed cell, unit, objective or property is reported."""
    ruleset = load_ruleset()
    base = load_scenario(roundtrip["resaved"], ruleset)
    assert scenario_differences(base, load_scenario(roundtrip["resaved"], ruleset)) == []

    changed = load_scenario(roundtrip["resaved"], ruleset)
    changed.grid.height[0, 0] += 1
    assert scenario_differences(base, changed) == [
        f"grid.height: differs in 1 of {base.width * base.height} cells"
    ]
    changed = load_scenario(roundtrip["resaved"], ruleset)
    changed.units[0] = dataclasses.replace(changed.units[0], name="someone else")
    assert scenario_differences(base, changed) == [
        f"units[0].name: {base.units[0].name!r} != 'someone else'"
    ]
    changed = load_scenario(roundtrip["resaved"], ruleset)
    changed.objectives.pop()
    changed.properties["extra"] = 1
    changed.layers[0] = dataclasses.replace(changed.layers[0], decoration=True)
    found = scenario_differences(base, changed)
    assert len(found) == 3
    assert sorted(f.split(":")[0] for f in found) == [
        "layers[0].decoration",
        "objectives",
        "properties",
    ]


@needs_tiled
def test_a_map_exported_as_json_is_refused_with_the_fix(roundtrip, tmp_path):
    out = roundtrip["copy"].with_suffix(".tmj")
    _run(["tiled", "--export-map", "json", str(roundtrip["copy"]), str(out)], _tiled_env(tmp_path))
    done = subprocess.run(
        [sys.executable, "main.py", "validate", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "JSON maps are not supported" in done.stdout and "Save As" in done.stdout
