"""Architecture rules beside import-linter's contracts (.importlinter): every module has a docstring,
and the contracts themselves catch an upward import."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(exe), "--no-cache", "--config", str(root / ".importlinter")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(root)},
    )


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(GAME, tmp_path / "game", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(GAME.parent / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_layer_contracts_hold() -> None:
    result = _lint_imports(GAME.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_layer_contract(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    battle = root / "game" / "battle" / "state.py"
    battle.write_text(battle.read_text() + "\nfrom game.scenario import loader  # noqa\n")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "game.battle.state -> game.scenario.loader" in result.stdout


def test_pygame_below_the_client_breaks_a_contract(tmp_path: Path) -> None:
    root = _copy_of_the_package(tmp_path)
    sim = root / "game" / "sim" / "smoke.py"
    sim.write_text(sim.read_text() + "\nimport pygame  # noqa\n")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "game.sim.smoke -> pygame" in result.stdout


def test_every_module_has_a_docstring():
    missing = [
        str(p.relative_to(GAME))
        for p in GAME.rglob("*.py")
        if not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert missing == []
