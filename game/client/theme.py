"""The client's look: a sober palette (normal and colour-blind), the pygame_gui theme, fonts."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pygame

from game.client.settings import Settings

Colour = tuple[int, int, int]

BACKGROUND = (24, 27, 31)
PANEL = (33, 37, 42)
PANEL_EDGE = (70, 76, 84)
TEXT = (228, 224, 214)
TEXT_DIM = (150, 150, 142)
ACCENT = (200, 169, 106)
WARNING = (236, 120, 90)


@dataclass(frozen=True)
class Palette:
    """Colours the battle view uses for sides and overlays."""

    coalition: Colour
    isil: Colour
    move_near: Colour  # tiles reachable keeping at least half the AP
    move_far: Colour  # tiles reachable with less than half the AP left
    path: Colour
    good: Colour  # HP bar, high hit chance
    bad: Colour  # low HP, low hit chance
    ap: Colour
    alert: Colour


STANDARD = Palette(
    coalition=(0, 114, 178),
    isil=(213, 94, 0),
    move_near=(70, 170, 120),
    move_far=(220, 180, 60),
    path=(255, 255, 255),
    good=(90, 190, 100),
    bad=(220, 60, 50),
    ap=(240, 200, 70),
    alert=(230, 40, 30),
)
# Okabe-Ito only: blue / orange / yellow / sky, no red-green pairs.
COLOUR_BLIND = Palette(
    coalition=(0, 114, 178),
    isil=(230, 159, 0),
    move_near=(86, 180, 233),
    move_far=(240, 228, 66),
    path=(255, 255, 255),
    good=(86, 180, 233),
    bad=(230, 159, 0),
    ap=(240, 228, 66),
    alert=(230, 159, 0),
)


def palette(settings: Settings) -> Palette:
    """The palette the options ask for."""
    return COLOUR_BLIND if settings.colour_blind else STANDARD


def _hex(colour: tuple[int, ...]) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour[:3])


def font_size(settings: Settings, base: int = 16) -> int:
    """A font size scaled by the UI scale option."""
    return max(9, round(base * settings.ui_scale))


def ui_theme(settings: Settings) -> dict[str, Any]:
    """The pygame_gui theme: dark panels, warm light text, a sand accent, scaled fonts."""
    size = str(font_size(settings))
    colours = {
        "normal_bg": _hex((44, 50, 56)),
        "hovered_bg": _hex((60, 68, 76)),
        "disabled_bg": _hex((34, 37, 41)),
        "selected_bg": _hex((78, 70, 52)),
        "active_bg": _hex((96, 84, 58)),
        "dark_bg": _hex(PANEL),
        "normal_text": _hex(TEXT),
        "hovered_text": _hex((255, 255, 255)),
        "selected_text": _hex((255, 240, 200)),
        "disabled_text": _hex((105, 105, 100)),
        "active_text": _hex((255, 255, 255)),
        "normal_border": _hex(PANEL_EDGE),
        "hovered_border": _hex(ACCENT),
        "selected_border": _hex(ACCENT),
        "disabled_border": _hex((52, 56, 60)),
        "active_border": _hex(ACCENT),
        "link_text": _hex(ACCENT),
        "link_hover": _hex((240, 210, 150)),
        "text_cursor": _hex(TEXT),
        "filled_bar": _hex(ACCENT),
        "unfilled_bar": _hex((50, 54, 60)),
    }
    return {
        "defaults": {
            "colours": colours,
            "font": {"name": "noto_sans", "size": size},
            "misc": {"shape": "rectangle", "border_width": "1", "shadow_width": "0"},
        },
        "button": {
            "font": {"name": "noto_sans", "size": size},
            "misc": {"border_width": "1", "tool_tip_delay": "0.4"},
        },
        "label": {"font": {"name": "noto_sans", "size": size}},
        "tool_tip": {
            "font": {"name": "noto_sans", "size": size},
            "colours": {"dark_bg": _hex((20, 22, 25))},
        },
        "@title": {
            "font": {"name": "noto_sans", "size": str(font_size(settings, 40)), "style": "bold"},
            "colours": {"normal_text": _hex(ACCENT)},
        },
        "@subtitle": {
            "font": {"name": "noto_sans", "size": str(font_size(settings, 18)), "style": "italic"},
            "colours": {"normal_text": _hex(TEXT_DIM)},
        },
        "@heading": {
            "font": {"name": "noto_sans", "size": str(font_size(settings, 22)), "style": "bold"},
            "colours": {"normal_text": _hex(ACCENT)},
        },
        "@alert": {
            "font": {"name": "noto_sans", "size": str(font_size(settings, 26)), "style": "bold"},
            "colours": {"normal_text": "#ffffff", "dark_bg": "#a0201a", "normal_border": "#ffd0c0"},
        },
        "@small": {  # small buttons (the message log's filters)
            "font": {"name": "noto_sans", "size": str(font_size(settings, 13))},
        },
        "text_box": {
            "font": {"name": "noto_sans", "size": size},
            "colours": {"dark_bg": _hex((28, 31, 35))},
        },
    }


def font_file(bold: bool = False) -> Path:
    """The TrueType file of the UI font (Noto Sans, shipped with pygame_gui)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return Path(str(resources.files("pygame_gui.data").joinpath(name)))


class TextCache:
    """Rendered text surfaces, kept until cleared (text is the slow part of a frame)."""

    def __init__(self, limit: int = 2000) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._surfaces: dict[tuple[str, int, bool, Colour], pygame.Surface] = {}
        self._limit = limit

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """The UI font at a pixel size."""
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(font_file(bold), size)
        return self._fonts[key]

    def render(
        self, text: str, size: int, colour: Colour = TEXT, bold: bool = False
    ) -> pygame.Surface:
        """A cached antialiased rendering of one line of text."""
        key = (text, size, bold, colour)
        surface = self._surfaces.get(key)
        if surface is None:
            if len(self._surfaces) >= self._limit:
                self._surfaces.clear()
            surface = self.font(size, bold).render(text, True, colour)
            self._surfaces[key] = surface
        return surface
