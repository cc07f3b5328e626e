"""`pip install .` gives a whole game: every package and every shipped data file is in the
wheel's list (pyproject.toml), so an installed `street-by-street` finds its maps and rules."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_folder_of_the_game_is_packaged() -> None:
    folders = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
    }
    packaged = set(_setuptools()["packages"])
    assert folders - packaged == set(), "add these to [tool.setuptools] packages"
    assert {"game.assets", "game.maps"} <= packaged


def test_every_shipped_data_file_is_packaged() -> None:
    config = _setuptools()
    missing = []
    for package, folder in config["package-dir"].items():
        patterns = config["package-data"][package]
        base = ROOT / folder
        for path in base.rglob("*"):
            if not path.is_file() or path.name.endswith(".tiled-session"):
                continue
            rel = path.relative_to(base).as_posix()
            if not any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns):
                missing.append(f"{folder}/{rel}")
    for path in (ROOT / "game").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc", ".nbi", ".nbc"):  # numba cache
            rel = path.relative_to(ROOT)
            package = ".".join(rel.parent.parts[: len(rel.parent.parts)])
            owner = next(
                (
                    p
                    for p in sorted(config["package-data"], key=len, reverse=True)
                    if package == p or package.startswith(p + ".")
                ),
                None,
            )
            inner = rel.relative_to(*owner.split(".")).as_posix() if owner else ""
            patterns = config["package-data"].get(owner, []) if owner else []
            if not any(fnmatch.fnmatchcase(inner, pattern) for pattern in patterns):
                missing.append(rel.as_posix())
    assert missing == [], "add patterns to [tool.setuptools.package-data]"


def test_the_console_command_is_the_cli() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, function = project["scripts"]["street-by-street"].partition(":")
    assert (module, function) == ("game.cli", "run")
    from game import cli

    assert callable(cli.run)
