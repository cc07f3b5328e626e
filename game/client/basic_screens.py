"""Screens every other screen builds on: menus of buttons, notices, confirmations, help,
options and the error screen."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pygame
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.client.app import App, Pop, Push, Screen, Transition
from game.client.keyboard_focus import ButtonFocus
from game.client.settings import (
    ENEMY_SPEEDS,
    SCROLL_SPEEDS,
    UI_SCALES,
    VOLUMES,
    WINDOW_SIZES,
    Settings,
    cycle,
)
from game.client.theme import ACCENT, BACKGROUND, PANEL_EDGE
from game.core.paths import ASSETS_DIR
from game.rules.ruleset import Ruleset, load_ruleset

BACK_KEYS = (pygame.K_ESCAPE, pygame.K_BACKSPACE)


def text_html(text: str) -> str:
    """Plain text as pygame_gui HTML (escaped, line breaks kept)."""
    return html.escape(text).replace("\n", "<br>")


def compass(degrees: float) -> str:
    """A bearing as one of eight compass points (0 = north)."""
    names = (
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    )
    return names[round((degrees % 360) / 45) % 8]


def draw_backdrop(surface: pygame.Surface) -> None:
    """The menus' background: dark, with a faint street grid."""
    surface.fill(BACKGROUND)
    width, height = surface.get_size()
    line = (32, 36, 41)
    for x in range(0, width, 64):
        pygame.draw.line(surface, line, (x, 0), (x, height))
    for y in range(0, height, 64):
        pygame.draw.line(surface, line, (0, y), (width, y))
    pygame.draw.line(surface, PANEL_EDGE, (0, height - 40), (width, height - 40))


class MenuScreen(Screen):
    """A screen with a column of buttons navigable by mouse and keyboard."""

    def __init__(self) -> None:
        super().__init__()
        self.focus = ButtonFocus([])
        self.focus_index = 0

    @property
    def scale(self) -> float:
        """The UI scale option."""
        return self.app.settings.ui_scale

    def button(self, rect: pygame.Rect, text: str, tip: str | None = None) -> UIButton:
        """A button that is removed with the screen's widgets."""
        widget = UIButton(rect, text, self.app.ui, tool_tip_text=tip)
        self.widgets.append(widget)
        return widget

    def label(self, rect: pygame.Rect, text: str, object_id: str | None = None) -> UILabel:
        """A one-line label."""
        widget = UILabel(rect, text, self.app.ui, object_id=object_id)
        self.widgets.append(widget)
        return widget

    def text_box(self, rect: pygame.Rect, markup: str) -> UITextBox:
        """A scrollable HTML text box."""
        widget = UITextBox(markup, rect, self.app.ui)
        self.widgets.append(widget)
        return widget

    def column(self, texts: list[str], top: int, width: int = 340) -> list[UIButton]:
        """A centred column of buttons starting at `top`."""
        w = round(width * self.scale)
        h = round(40 * self.scale)
        x = (self.app.size[0] - w) // 2
        return [
            self.button(pygame.Rect(x, top + i * (h + 8), w, h), text)
            for i, text in enumerate(texts)
        ]

    def clear(self) -> None:
        """Keep the focus position across rebuilds."""
        self.focus_index = self.focus.index
        super().clear()

    def draw(self, surface: pygame.Surface) -> None:
        """The menu backdrop."""
        draw_backdrop(surface)


def ruleset_of(app: App) -> Ruleset:
    """The app's ruleset, loaded on first use and kept on the app."""
    if app.ruleset is None:
        app.ruleset = load_ruleset()
    return app.ruleset


OPTION_KEYS = (
    "window",
    "fullscreen",
    "ui_scale",
    "scroll_speed",
    "volume",
    "colour_blind",
    "enemy_speed",
    "turn_summary",
)


class OptionsScreen(MenuScreen):
    """Window size, fullscreen, UI scale, scroll speed, volume, colour-blind palette."""

    def __init__(self) -> None:
        super().__init__()
        self.draft: Settings | None = None

    def _text(self, key: str) -> str:
        d = self.draft
        assert d is not None
        if key == "window":
            return f"Window size: {d.window_width} x {d.window_height}"
        if key == "fullscreen":
            return f"Fullscreen: {'on' if d.fullscreen else 'off'}"
        if key == "ui_scale":
            return f"UI scale: {round(d.ui_scale * 100)} %"
        if key == "scroll_speed":
            return f"Scroll speed: {d.scroll_speed}"
        if key == "volume":
            return f"Sound volume: {round(d.volume * 100)} %"
        if key == "colour_blind":
            return f"Colour-blind palette: {'on' if d.colour_blind else 'off'}"
        if key == "turn_summary":
            return f"Summary after the enemy's turn: {'on' if d.turn_summary else 'off'}"
        shown = "skip (no animation)" if d.enemy_speed == "instant" else d.enemy_speed
        return f"Enemy turn speed: {shown}"

    def _change(self, key: str, step: int) -> None:
        d = self.draft
        assert d is not None
        if key == "window":
            d.window_width, d.window_height = (
                cycle(WINDOW_SIZES, (d.window_width, d.window_height), step)
                if (d.window_width, d.window_height) in WINDOW_SIZES
                else WINDOW_SIZES[1]
            )
        elif key == "fullscreen":
            d.fullscreen = not d.fullscreen
        elif key == "ui_scale":
            d.ui_scale = cycle(UI_SCALES, d.ui_scale, step)
        elif key == "scroll_speed":
            d.scroll_speed = cycle(SCROLL_SPEEDS, d.scroll_speed, step)
        elif key == "volume":
            d.volume = cycle(VOLUMES, d.volume, step)
        elif key == "colour_blind":
            d.colour_blind = not d.colour_blind
        elif key == "turn_summary":
            d.turn_summary = not d.turn_summary
        else:
            d.enemy_speed = cycle(ENEMY_SPEEDS, d.enemy_speed, step)

    def build(self) -> None:
        """One button per option (click or Left/Right changes it), then Save and Cancel."""
        if self.draft is None:
            self.draft = Settings.from_dict(self.app.settings.to_dict())
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        self.label(pygame.Rect(0, margin, width, round(40 * s)), "Options", "@heading")
        texts = [self._text(k) for k in OPTION_KEYS] + ["Save", "Cancel"]
        buttons = self.column(texts, margin + round(64 * s), 420)
        self.label(
            pygame.Rect(0, height - round(36 * s), width, round(32 * s)),
            "Click or Left/Right to change a value; Save keeps the options in saves/settings.json",
            "@subtitle",
        )
        self.focus = ButtonFocus(buttons, self.focus_index, horizontal_keys=False)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Change values; Save applies and writes them; Cancel or Esc drops them."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        index = self.focus.index
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_LEFT, pygame.K_RIGHT)
            and index < len(OPTION_KEYS)
        ):
            self._change(OPTION_KEYS[index], 1 if event.key == pygame.K_RIGHT else -1)
            self.focus.buttons[index].set_text(self._text(OPTION_KEYS[index]))
            return None
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        index = self.focus.buttons.index(pressed)
        if index < len(OPTION_KEYS):
            self._change(OPTION_KEYS[index], 1)
            pressed.set_text(self._text(OPTION_KEYS[index]))
            return None
        if pressed.text == "Save":
            assert self.draft is not None
            self.app.apply_settings(self.draft)
        return Pop()


class NoticeScreen(MenuScreen):
    """A titled message with an OK button (over the previous screen)."""

    overlay = True

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title = title
        self.message = message

    def build(self) -> None:
        """A centred panel with the message."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(640 * s)), min(height - 40, round(320 * s))
        x, y = (width - w) // 2, (height - h) // 2
        self.text_box(
            pygame.Rect(x, y, w, h - round(60 * s)),
            f"<font color='#c8a96a'><b>{html.escape(self.title)}</b></font><br><br>"
            + text_html(self.message),
        )
        ok = self.button(
            pygame.Rect(
                x + (w - round(160 * s)) // 2, y + h - round(50 * s), round(160 * s), round(42 * s)
            ),
            "OK",
        )
        self.focus = ButtonFocus([ok])

    def draw(self, surface: pygame.Surface) -> None:
        """Dim what is beneath."""
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """OK, Enter or Esc closes the notice."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None


class ErrorScreen(NoticeScreen):
    """An unexpected error: what happened and where the log for a bug report is."""

    def __init__(self, summary: str, log_path: Path | None) -> None:
        where = (
            f"A report was written to {log_path}; please attach it to a bug report."
            if log_path
            else "The error log could not be written."
        )
        super().__init__(
            "Something went wrong",
            f"The game hit an unexpected error and returned to the main menu.\n\n{summary}\n\n"
            f"{where}\nYour autosaves are kept in the saves/ folder (Load game).",
        )


def accent_rule(surface: pygame.Surface, y: int) -> None:
    """A thin accent line across the screen (section separator)."""
    pygame.draw.line(surface, ACCENT, (40, y), (surface.get_width() - 40, y))


def ruleset_notice(title: str, message: str) -> Transition:
    """A notice over the current screen."""
    return Push(NoticeScreen(title, message))


class DialogScreen(MenuScreen):
    """A centred panel over the dimmed screen beneath, with a column of buttons."""

    overlay = True

    def draw(self, surface: pygame.Surface) -> None:
        """Dim what is beneath."""
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))


class ConfirmScreen(DialogScreen):
    """A yes/no question; Yes runs the action."""

    def __init__(self, title: str, question: str, on_yes: Callable[[], object]) -> None:
        super().__init__()
        self.title = title
        self.question = question
        self.on_yes = on_yes

    def build(self) -> None:
        """Question and the two buttons (Yes focused)."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(560 * s)), round(220 * s)
        x, y = (width - w) // 2, (height - h) // 2
        self.text_box(
            pygame.Rect(x, y, w, h - round(60 * s)),
            f"<font color='#c8a96a'><b>{html.escape(self.title)}</b></font><br><br>"
            + text_html(self.question),
        )
        bw, bh = round(160 * s), round(42 * s)
        yes = self.button(pygame.Rect(x + w // 2 - bw - 10, y + h - bh - 8, bw, bh), "Yes")
        no = self.button(pygame.Rect(x + w // 2 + 10, y + h - bh - 8, bw, bh), "No")
        self.focus = ButtonFocus([yes, no])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Yes (Enter, Y) runs the action; No (Esc, N) closes."""
        if event.type == pygame.KEYDOWN and event.key in (*BACK_KEYS, pygame.K_n):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_y:
            self.on_yes()
            return Pop()
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        if pressed.text == "Yes":
            self.on_yes()
        return Pop()


class HelpScreen(DialogScreen):
    """Every key and mouse action of the battle."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.help = text

    def build(self) -> None:
        """The key list and a Close button."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(820 * s)), min(height - 40, round(520 * s))
        x, y = (width - w) // 2, (height - h) // 2
        body = "<br>".join(
            f"<b><font color='#c8a96a'>{html.escape(line)}</font></b>"
            if not line.startswith(" ")
            else html.escape(line).replace(" ", "&nbsp;")
            for line in self.help.splitlines()
        )
        self.text_box(pygame.Rect(x, y, w, h - round(56 * s)), body)
        close = self.button(
            pygame.Rect(
                x + (w - round(160 * s)) // 2, y + h - round(48 * s), round(160 * s), round(42 * s)
            ),
            "Close",
        )
        self.focus = ButtonFocus([close])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Close on the button, Enter, Esc or F1."""
        if event.type == pygame.KEYDOWN and event.key in (*BACK_KEYS, pygame.K_F1):
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None


def battle_help_text() -> str:
    """The battle's key and mouse help (assets/text/battle_help.txt), as F1 shows it."""
    return (ASSETS_DIR / "text" / "battle_help.txt").read_text(encoding="utf-8").rstrip("\n")
