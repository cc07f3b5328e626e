"""The player's options (window, UI scale, scroll speed, volume, palette) in saves/settings.json."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from game.core.atomic_files import atomic_write_text
from game.core.paths import SAVES_DIR

SETTINGS_PATH = SAVES_DIR / "settings.json"
WINDOW_SIZES = ((1024, 768), (1280, 720), (1280, 800), (1600, 900), (1920, 1080))
UI_SCALES = (0.75, 1.0, 1.25, 1.5, 2.0)
SCROLL_SPEEDS = (300, 600, 900, 1400)  # map pixels a second
VOLUMES = (0.0, 0.25, 0.5, 0.75, 1.0)
ENEMY_SPEEDS = ("slow", "normal", "fast", "instant")


@dataclass
class Settings:
    """The options a player can change; every field has a safe default."""

    window_width: int = 1280
    window_height: int = 720
    fullscreen: bool = False
    ui_scale: float = 1.0
    scroll_speed: int = 600
    volume: float = 0.5
    colour_blind: bool = False
    enemy_speed: str = "normal"
    turn_summary: bool = True  # after the enemy's phase, a summary of what happened
    offer_training: bool = True  # the main menu suggests the training battle until it is played

    @property
    def window_size(self) -> tuple[int, int]:
        """(width, height) of the window in pixels."""
        return (self.window_width, self.window_height)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every option."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Options from a dict; a missing or wrong-typed value keeps its default."""
        settings = cls()
        if not isinstance(data, dict):
            return settings
        for f in fields(cls):
            value = data.get(f.name)
            default = getattr(settings, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, int | float) and not isinstance(value, bool)
            else:
                ok = isinstance(value, str)
            if ok:
                setattr(settings, f.name, value)
        settings.window_width = min(7680, max(800, settings.window_width))
        settings.window_height = min(4320, max(600, settings.window_height))
        settings.ui_scale = min(2.0, max(0.75, float(settings.ui_scale)))
        settings.scroll_speed = min(3000, max(100, settings.scroll_speed))
        settings.volume = min(1.0, max(0.0, float(settings.volume)))
        if settings.enemy_speed not in ENEMY_SPEEDS:
            settings.enemy_speed = "normal"
        return settings


def load_settings(path: Path = SETTINGS_PATH) -> Settings:
    """The saved options, or the defaults when the file is missing or unreadable."""
    try:
        return Settings.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Settings()


def save_settings(settings: Settings, path: Path = SETTINGS_PATH) -> None:
    """Write the options atomically (temporary file, flush, rename)."""
    atomic_write_text(path, json.dumps(settings.to_dict(), indent=2, sort_keys=True) + "\n")


def cycle(values: tuple[Any, ...], current: Any, step: int) -> Any:
    """The value `step` places after `current` in `values` (wrapping; nearest when absent)."""
    if current in values:
        index = values.index(current)
    else:
        index = min(range(len(values)), key=lambda i: abs(float(values[i]) - float(current)))
    return values[(index + step) % len(values)]
