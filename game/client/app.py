"""The client's application: window, clock, pygame_gui manager and a stack of screens.

Each screen handles events and returns a transition (push, pop, replace, reset, quit) or
None, like python-tcod's tutorial engine; the app owns the loop, resizing and clean exit.
`run_frames` steps the loop without a real clock, for tests.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pygame
import pygame_gui

from game.client.settings import SETTINGS_PATH, Settings, load_settings, save_settings
from game.client.theme import BACKGROUND, TextCache, font_size, palette, ui_theme
from game.core.paths import SAVES_DIR
from game.rules.ruleset import Ruleset
from game.saves.save_files import tidy_save_folder
from game.sim import compiled

if TYPE_CHECKING:
    from game.client.campaign_flow import CampaignRun

FPS = 60
ERROR_LOG = SAVES_DIR / "error.log"
MIN_SIZE = (800, 600)


class Screen:
    """One screen of the client; subclasses build widgets and draw themselves."""

    overlay = False  # True: the screen beneath is drawn first (pause menu, dialogs)

    def __init__(self) -> None:
        self._app: App | None = None
        self.widgets: list[pygame_gui.core.UIElement] = []

    @property
    def app(self) -> App:
        """The application this screen is shown in."""
        assert self._app is not None, "screen used before it was pushed"
        return self._app

    def attach(self, app: App) -> None:
        """Join an app (called by the app when the screen is pushed)."""
        self._app = app

    def build(self) -> None:
        """Create this screen's widgets (on entering, uncovering and resizing)."""

    def clear(self) -> None:
        """Remove this screen's widgets."""
        for widget in self.widgets:
            widget.kill()
        self.widgets = []

    def on_enter(self) -> None:
        """The screen becomes the top of the stack for the first time."""
        self.build()

    def on_exit(self) -> None:
        """The screen leaves the stack."""
        self.clear()

    def on_cover(self) -> None:
        """Another screen was pushed on top of this one."""
        self.clear()

    def on_uncover(self) -> None:
        """The screen on top of this one was popped."""
        self.build()

    def on_resize(self) -> None:
        """The window changed size: lay the widgets out again."""
        self.clear()
        self.build()

    def on_resize_covered(self) -> None:
        """The window changed size while this screen shows beneath an overlay (a dialog):
        lay out what it draws itself; its widgets come back when it is uncovered."""

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """React to one input event; return a transition or None."""
        return None

    def update(self, dt: float) -> Transition | None:
        """Advance animations by dt seconds; return a transition or None."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the screen (widgets are drawn by the app afterwards)."""
        surface.fill(BACKGROUND)

    def crash_context(self) -> str:
        """Extra lines for the error log (e.g. the recent commands of a battle)."""
        return ""


class Transition:
    """A change of the screen stack returned by a screen."""


@dataclass
class Push(Transition):
    """Show a new screen on top."""

    screen: Screen


@dataclass
class Pop(Transition):
    """Close the top screen(s)."""

    count: int = 1


@dataclass
class Replace(Transition):
    """Close the top screen and show another in its place."""

    screen: Screen


@dataclass
class Reset(Transition):
    """Close every screen and show this one (e.g. back to the main menu)."""

    screen: Screen


class Quit(Transition):
    """Leave the application."""


class Navigator(Protocol):
    """The screens any screen may lead to without importing them (built by client.navigation):
    this keeps the screen modules free of import cycles."""

    def main_menu(self) -> Screen:
        """A fresh main menu."""
        ...

    def error_screen(self, message: str, log: Path | None) -> Screen:
        """The internal-error notice, naming the error log."""
        ...

    def open_campaign(self, app: App) -> Transition:
        """Continue or start the campaign (its next briefing, or its summary when finished)."""
        ...

    def campaign_summary(self, run: CampaignRun) -> Screen:
        """The finished campaign's summary."""
        ...

    def load_game(self) -> Screen:
        """The saved battles, grouped by battle, to load one."""
        ...

    def play_by_email(self) -> Screen:
        """Start a play-by-email game or open a turn file."""
        ...


class App:
    """The window, the UI manager, the screen stack and the main loop."""

    def __init__(
        self,
        settings: Settings | None = None,
        settings_path: Path = SETTINGS_PATH,
        size: tuple[int, int] | None = None,
        save_dir: Path = SAVES_DIR,
        *,
        navigator: Navigator,
    ) -> None:
        self.navigator = navigator
        pygame.display.init()
        pygame.font.init()
        self.settings_path = settings_path
        self.settings = settings if settings is not None else load_settings(settings_path)
        self.surface = self._open_window(size or self.settings.window_size)
        pygame.display.set_caption("Street by Street - Mosul 2016")
        self.ui = self._new_ui()
        self.text = TextCache()
        self.palette = palette(self.settings)
        self.stack: list[Screen] = []
        self.clock = pygame.time.Clock()
        self.running = True
        self.save_dir = save_dir
        tidy_save_folder(save_dir)  # what a save killed mid-write left behind
        self.error_log = save_dir / ERROR_LOG.name
        self.errors: list[str] = []  # tracebacks of recovered errors (tests look here)
        self.ruleset: Ruleset | None = None  # loaded on first use (menu_screens.ruleset_of)
        self.frames = 0
        self._prepare_rules_engine()
        pygame.key.set_repeat()  # no repeats: a slow frame must not turn one Enter into two

    def _prepare_rules_engine(self) -> None:
        """Compile (first start) or load the rules' compiled loops, saying so on the screen
        rather than freezing silently."""
        self.surface.fill(BACKGROUND)
        size = font_size(self.settings, 18)
        lines = (
            "Preparing the sight and movement engine...",
            "(the first start compiles it: a few seconds)",
        )
        y = self.surface.get_height() // 2 - size
        for line in lines:
            image = self.text.render(line, size)
            self.surface.blit(image, ((self.surface.get_width() - image.get_width()) // 2, y))
            y += image.get_height() + 6
        pygame.display.flip()
        pygame.event.pump()
        compiled.prepare()

    # --- window ---------------------------------------------------------------------------

    def _open_window(self, size: tuple[int, int]) -> pygame.Surface:
        flags = pygame.RESIZABLE
        if self.settings.fullscreen:
            flags |= pygame.FULLSCREEN
        try:
            return pygame.display.set_mode(size, flags)
        except pygame.error:
            return pygame.display.set_mode(size, pygame.RESIZABLE)

    def _new_ui(self) -> pygame_gui.UIManager:
        """A UI manager with the theme and the fonts the HTML text boxes use preloaded."""
        manager = pygame_gui.UIManager(self.surface.get_size(), ui_theme(self.settings))
        base = font_size(self.settings)
        sizes = sorted(
            {base, 14, 18, 24, font_size(self.settings, 18), font_size(self.settings, 22)}
        )
        manager.preload_fonts(
            [
                {"name": "noto_sans", "point_size": size, "style": style}
                for size in sizes
                for style in ("bold", "italic")
            ]
        )
        return manager

    @property
    def size(self) -> tuple[int, int]:
        """The window's size in pixels."""
        return self.surface.get_size()

    def apply_settings(self, settings: Settings) -> None:
        """Take new options: save them, reopen the window, rebuild the theme and widgets."""
        self.settings = settings
        save_settings(settings, self.settings_path)
        for screen in self.stack:
            screen.clear()
        self.surface = self._open_window(settings.window_size)
        self.ui = self._new_ui()
        self.palette = palette(settings)
        self.text = TextCache()

    def _resized(self) -> None:
        surface = pygame.display.get_surface()
        if surface is None:
            return
        width, height = surface.get_size()
        if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
            surface = pygame.display.set_mode(
                (max(width, MIN_SIZE[0]), max(height, MIN_SIZE[1])), pygame.RESIZABLE
            )
        if surface.get_size() == self.ui.window_resolution and surface is self.surface:
            return
        self.surface = surface
        self.ui.set_window_resolution(surface.get_size())
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        for screen in self.stack[max(first, 0) : -1]:
            screen.on_resize_covered()  # seen beneath the dialog on top
        if self.stack:
            self.stack[-1].on_resize()

    # --- the stack ------------------------------------------------------------------------

    @property
    def top(self) -> Screen | None:
        """The screen on top (the one receiving input)."""
        return self.stack[-1] if self.stack else None

    def push(self, screen: Screen) -> None:
        """Show a screen on top of the others."""
        if self.stack:
            self.stack[-1].on_cover()
        screen.attach(self)
        self.stack.append(screen)
        screen.on_enter()

    def pop(self, count: int = 1) -> None:
        """Close the top screen(s); the app stops when none is left."""
        for _ in range(min(count, len(self.stack))):
            self.stack.pop().on_exit()
        if self.stack:
            self.stack[-1].on_uncover()
        else:
            self.running = False

    def apply(self, transition: Transition | None) -> None:
        """Carry out a screen's transition."""
        if transition is None:
            return
        if isinstance(transition, Push):
            self.push(transition.screen)
        elif isinstance(transition, Pop):
            self.pop(transition.count)
        elif isinstance(transition, Replace):
            if self.stack:
                self.stack.pop().on_exit()
            screen = transition.screen
            screen.attach(self)
            self.stack.append(screen)
            screen.on_enter()
        elif isinstance(transition, Reset):
            while self.stack:
                self.stack.pop().on_exit()
            self.push(transition.screen)
        elif isinstance(transition, Quit):
            self.running = False

    # --- the loop -------------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event], dt: float) -> None:
        """One frame: input, update, draw; an unexpected error goes to the error screen."""
        try:
            self._step(events, dt)
        except Exception:
            self._recover(traceback.format_exc())

    def _step(self, events: list[pygame.event.Event], dt: float) -> None:
        for event in events:
            if event.type == pygame.QUIT:
                self.running = False
                return
            if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                self._resized()
                continue
            consumed = self.ui.process_events(event)
            if consumed and event.type in (
                pygame.MOUSEBUTTONDOWN,
                pygame.MOUSEBUTTONUP,
                pygame.MOUSEWHEEL,
            ):
                continue
            if self.top is not None:
                self.apply(self.top.handle_event(event))
            if not self.running:
                return
        if self.top is not None:
            self.apply(self.top.update(dt))
        self.ui.update(dt)
        self.draw(self.surface)
        pygame.display.flip()
        self.frames += 1

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the visible screens (overlays over what is beneath) and the widgets."""
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        if not self.stack:
            surface.fill(BACKGROUND)
        for screen in self.stack[max(first, 0) :]:
            screen.draw(surface)
        self.ui.draw_ui(surface)

    def _recover(self, trace: str) -> None:
        """Write the error log, then show the error screen over a fresh main menu."""
        self.errors.append(trace)
        context = ""
        if self.top is not None:
            try:
                context = self.top.crash_context()
            except Exception:
                context = "(the screen could not describe its state)"
        where: Path | None = self.error_log
        try:
            self.error_log.parent.mkdir(parents=True, exist_ok=True)
            self.error_log.write_text(f"{trace}\n{context}\n", encoding="utf-8")
        except OSError:
            where = None
        self.apply(Reset(self.navigator.main_menu()))
        self.push(self.navigator.error_screen(trace.strip().splitlines()[-1], where))

    def run(self) -> None:
        """The main loop, until the player quits."""
        while self.running:
            dt = self.clock.tick(FPS) / 1000.0
            self.step(pygame.event.get(), min(dt, 0.1))
        self.close()

    def run_frames(self, frames: int, dt: float = 1.0 / FPS) -> None:
        """Run a number of frames at once with a fixed time step (tests, screenshots)."""
        for _ in range(frames):
            if not self.running:
                return
            self.step(pygame.event.get(), dt)

    def close(self) -> None:
        """Close the window."""
        for screen in reversed(self.stack):
            screen.on_exit()
        self.stack = []
        pygame.display.quit()
