"""Designer mode (`play MAP --watch`): the battle restarts when the map file changes on disk;
an invalid save shows the validator's messages in the window instead of crashing."""

from __future__ import annotations

import html
from pathlib import Path

import pygame
from pygame_gui.elements import UITextBox

from game.client.app import Screen, Transition
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.session_error import SessionError
from game.core.values import Side
from game.rules.ruleset import Ruleset

POLL_S = 0.4


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class WatchScreen(Screen):
    """Shows the battle on the map, or its problems, and reloads when the file changes."""

    def __init__(
        self, path: Path, ruleset: Ruleset, seed: int, side: Side | None, difficulty: str
    ) -> None:
        super().__init__()
        self.path = path
        self.ruleset = ruleset
        self.seed = seed
        self.side = side
        self.difficulty = difficulty
        self.stamp: tuple[int, int] | None = None
        self.battle: BattleScreen | None = None
        self.problems = ""
        self.box: UITextBox | None = None
        self.waited = 0.0
        self.reloads = 0

    def load(self) -> None:
        """(Re)load the map: a battle when valid, the problem list otherwise."""
        self.stamp = _stamp(self.path)
        if self.battle is not None:
            self.battle.on_exit()
            self.battle = None
        try:
            session = BattleSession.open(
                self.path, self.ruleset, self.seed, self.side, self.difficulty
            )
        except SessionError as exc:
            self.problems = str(exc)
        else:
            self.problems = ""
            self.battle = BattleScreen(session)
            self.battle.attach(self.app)
        self.reloads += 1
        self.clear()
        self.build()

    def on_enter(self) -> None:
        """Load the map for the first time."""
        self.load()

    def build(self) -> None:
        """The battle's widgets, or a text box with the problems."""
        if self.battle is not None:
            self.battle.build()
            return
        width, height = self.app.size
        markup = (
            f"<font color='#ec785a'><b>{html.escape(self.path.name)} is not valid</b></font>"
            "<br>Fix it in Tiled and save: the battle reloads by itself.<br><br>"
            + "<br>".join(html.escape(line) for line in self.problems.splitlines())
        )
        self.box = UITextBox(markup, pygame.Rect(40, 40, width - 80, height - 80), self.app.ui)
        self.widgets.append(self.box)

    def clear(self) -> None:
        """Remove the battle's or the problem list's widgets."""
        if self.battle is not None:
            self.battle.clear()
        super().clear()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Input goes to the battle when there is one."""
        if self.battle is not None:
            return self.battle.handle_event(event)
        return None

    def update(self, dt: float) -> Transition | None:
        """Poll the file; update the battle."""
        self.waited += dt
        if self.waited >= POLL_S:
            self.waited = 0.0
            if _stamp(self.path) != self.stamp:
                self.load()
        return self.battle.update(dt) if self.battle is not None else None

    def draw(self, surface: pygame.Surface) -> None:
        """The battle, or a plain background under the problem list."""
        if self.battle is not None:
            self.battle.draw(surface)
        else:
            surface.fill((24, 27, 31))
