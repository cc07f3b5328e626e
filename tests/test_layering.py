"""Architecture rule: nothing below the client package imports pygame."""

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_pygame_outside_the_client():
    offenders = [
        str(path.relative_to(GAME))
        for path in GAME.rglob("*.py")
        if "ui" not in path.relative_to(GAME).parts
        and {"pygame", "pygame_gui", "pytmx"} & _imports(path)
    ]
    assert offenders == [], f"pygame imported below game/ui: {offenders}"


def test_every_module_has_a_docstring():
    missing = [
        str(p.relative_to(GAME))
        for p in GAME.rglob("*.py")
        if not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert missing == []
