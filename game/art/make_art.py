"""`python main.py make-art`: regenerate every shipped tileset (urban, units, markers)."""

from __future__ import annotations

from pathlib import Path

from game.art.counter_art import write_markers, write_units
from game.art.tileset_art import TILESETS_DIR, write_urban


def make_art(folder: Path = TILESETS_DIR) -> list[Path]:
    """Regenerate every shipped tileset (urban, units, markers) into folder; return the files.

    Raises RulesError when the tile catalogue or the unit types are wrong.
    """
    return [*write_urban(folder), *write_units(folder), *write_markers(folder)]
