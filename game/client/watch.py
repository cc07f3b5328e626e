"""Designer mode (`play MAP --watch`): the battle reloads when the map file, or a tileset,
template or image it refers to, changes on disk; an invalid save shows the validator's
messages in the window instead of crashing.

A reload says so on screen (which files changed). When the battle had progress, its command
log is replayed onto the edited map: if every command is still valid there, the designer is
offered to keep the progress (or restart at turn 1); if not, the battle restarts at turn 1
and the notice says which command no longer fits."""

from __future__ import annotations

import html
from pathlib import Path

import pygame
from pygame_gui.elements import UITextBox

from game.client.app import Push, Screen, Transition
from game.client.basic_screens import ConfirmScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.session_error import SessionError
from game.commands.command_log import CommandLog, ReplayError, replay_onto
from game.core.values import Side
from game.rules.ruleset import Ruleset
from game.sim.events import Event, EventKind
from game.tiled.references import referenced_files

POLL_S = 0.4
NOTICE_S = 8.0  # how long the reload notice stays on screen
NOTICE_COLOUR = (236, 200, 120)

Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class WatchScreen(Screen):
    """Shows the battle on the map, or its problems, and reloads when a file changes."""

    def __init__(
        self, path: Path, ruleset: Ruleset, seed: int, side: Side | None, difficulty: str
    ) -> None:
        super().__init__()
        self.path = path
        self.ruleset = ruleset
        self.seed = seed
        self.side = side
        self.difficulty = difficulty
        self.stamps: dict[Path, Stamp] = {}
        self.battle: BattleScreen | None = None
        self.problems = ""
        self.box: UITextBox | None = None
        self.waited = 0.0
        self.reloads = 0
        self.progress: CommandLog | None = None  # the last battle's record, kept while invalid
        self.notice = ""  # what the last reload did, shown over the battle for a while
        self.notice_left = 0.0
        self.offer: ConfirmScreen | None = None  # "keep the battle's progress?"

    @property
    def stamp(self) -> Stamp:
        """The map file's own stamp (size and time) when it was last loaded."""
        return self.stamps.get(self.path)

    @property
    def watched(self) -> list[Path]:
        """The files whose change reloads the battle: the map and what it refers to."""
        return list(self.stamps)

    def _watch(self) -> None:
        files = [self.path, *referenced_files(self.path)]
        self.stamps = {path: _stamp(path) for path in files}

    def changed(self) -> list[Path]:
        """The watched files that changed since the last load."""
        return [path for path, stamp in self.stamps.items() if _stamp(path) != stamp]

    def _name(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.path.resolve().parent))
        except ValueError:
            return path.name

    def _progress(self) -> CommandLog | None:
        """The record of the battle shown (or, while the map is invalid, of the last one),
        when it has any commands."""
        if self.battle is not None:
            log = self.battle.session.battle.log
            return log if log.commands else None
        return self.progress

    def _show(self, session: BattleSession | None) -> None:
        if self.battle is not None:
            self.battle.on_exit()
            self.battle = None
        if session is not None:
            self.battle = BattleScreen(session)
            self.battle.attach(self.app)

    def load(self, changed: list[Path] | None = None) -> Transition | None:
        """(Re)load the map: a battle when valid, the problem list otherwise. On a reload
        (`changed`: the files that changed) the notice says so, and a battle in progress is
        replayed onto the edited map: kept when the designer agrees, else turn 1."""
        previous = self._progress()
        self._watch()
        try:
            session = BattleSession.open(
                self.path, self.ruleset, self.seed, self.side, self.difficulty
            )
        except SessionError as exc:
            session = None
            self.problems = str(exc)
            self.progress = previous  # offered again once the map is valid
        else:
            self.problems = ""
            self.progress = None
        self.clear()
        self._show(session)
        self.reloads += 1
        offer: Transition | None = None
        if changed is not None:
            names = ", ".join(self._name(p) for p in changed) or self.path.name
            notice = f"Reloaded: {names} changed"
            if session is None:
                notice += f"; {self.path.name} is not valid"
            elif previous is not None:
                notice, offer = self._replay(previous, session, notice)
            self._say(notice)
        self.build()
        return offer

    def _replay(
        self, log: CommandLog, fresh: BattleSession, notice: str
    ) -> tuple[str, Transition | None]:
        """Replay the last battle onto the edited map: offer to keep it, or say why not."""
        count = len(log.commands)
        try:
            battle = replay_onto(log, fresh.scenario, self.ruleset)
        except ReplayError as exc:
            why = f"the battle's record ({count} commands) no longer fits the edited map"
            return f"{notice}; restarted at turn 1, as {why}: {exc}", None
        kept = BattleSession.from_battle(
            self.path, fresh.scenario, self.ruleset, battle, fresh.player_side, self.difficulty
        )
        turn = battle.state.turn

        def keep() -> None:
            self._show(kept)
            self._say(f"{notice}; the battle's progress was kept (turn {turn})")
            self.offer = None

        self.offer = ConfirmScreen(
            "The map was reloaded: keep the battle?",
            f"The battle's {count} commands still fit the edited map.\n"
            f"Yes: go on from turn {turn}. No: restart at turn 1.",
            keep,
        )
        return f"{notice}; restarted at turn 1 unless you keep the progress", Push(self.offer)

    def _say(self, text: str) -> None:
        """Show what the reload did over the battle, and keep it in the battle's log."""
        self.notice = text
        self.notice_left = NOTICE_S
        if self.battle is not None:
            self.battle.session.log.append(Event(EventKind.LOADED, text))

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
        """Poll the watched files; update the battle."""
        self.waited += dt
        self.notice_left = max(0.0, self.notice_left - dt)
        if self.waited >= POLL_S:
            self.waited = 0.0
            changed = self.changed()
            if changed:
                offer = self.load(changed)
                if offer is not None:
                    return offer
        return self.battle.update(dt) if self.battle is not None else None

    def draw(self, surface: pygame.Surface) -> None:
        """The battle, or a plain background under the problem list; the reload notice."""
        if self.battle is not None:
            self.battle.draw(surface)
        else:
            surface.fill((24, 27, 31))
        if self.notice and self.notice_left > 0:
            self._draw_notice(surface)

    def _draw_notice(self, surface: pygame.Surface) -> None:
        font = self.app.text.font(16, bold=True)
        lines = _wrap(self.notice, font, surface.get_width() - 64)[:4]
        height = font.get_linesize()
        width = max(font.size(line)[0] for line in lines) + 24
        band = pygame.Rect((surface.get_width() - width) // 2, 44, width, height * len(lines) + 12)
        shade = pygame.Surface(band.size, pygame.SRCALPHA)
        shade.fill((0, 0, 0, 210))
        surface.blit(shade, band.topleft)
        for row, line in enumerate(lines):
            text = self.app.text.render(line, 16, NOTICE_COLOUR, bold=True)
            surface.blit(text, (band.x + 12, band.y + 6 + row * height))


def _wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Words in lines no wider than `width` pixels (a longer word stands alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and font.size(candidate)[0] > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines
