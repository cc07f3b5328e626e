"""Where the game's folders are: the project root, maps, assets and saves."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAPS_DIR = PROJECT_ROOT / "maps"
ASSETS_DIR = PROJECT_ROOT / "assets"
RULES_DIR = ASSETS_DIR / "rules"
SAVES_DIR = PROJECT_ROOT / "saves"
