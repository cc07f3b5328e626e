"""`python main.py make-art`: regenerate every shipped tileset (urban, units, markers) and
the pictures of the urban tiles that docs/scenario-format.md's tile table shows."""

from __future__ import annotations

from pathlib import Path

from game.art.counter_art import write_markers, write_units
from game.art.tileset_art import TILESETS_DIR, write_tile_pictures, write_urban
from game.core.paths import PROJECT_ROOT

TILE_PICTURES_DIR = PROJECT_ROOT / "docs" / "tiles"  # one picture per urban tile, for the docs


def make_art(folder: Path = TILESETS_DIR, pictures: Path | None = TILE_PICTURES_DIR) -> list[Path]:
    """Regenerate every shipped tileset (urban, units, markers) into folder, and the urban
    tiles' pictures into `pictures` (unless None); return the files.

    Raises RulesError when the tile catalogue or the unit types are wrong.
    """
    written = [*write_urban(folder), *write_units(folder), *write_markers(folder)]
    if pictures is not None:
        written += write_tile_pictures(folder / "urban.png", pictures)
    return written
