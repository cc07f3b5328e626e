"""Where the game's folders are: the project root, maps, assets and saves.

In a source checkout they sit beside game/; installed with pip, maps and assets travel
inside the package (game/maps, game/assets) and saves go to the user's data folder.
"""

import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
_INSTALLED = Path(__file__).resolve().parents[1]
_FROM_SOURCE = (_CHECKOUT / "assets" / "rules").is_dir()

PROJECT_ROOT = _CHECKOUT if _FROM_SOURCE else _INSTALLED
MAPS_DIR = PROJECT_ROOT / "maps"
ASSETS_DIR = PROJECT_ROOT / "assets"
RULES_DIR = ASSETS_DIR / "rules"
_USER_DATA = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
SAVES_DIR = PROJECT_ROOT / "saves" if _FROM_SOURCE else _USER_DATA / "street-by-street" / "saves"
