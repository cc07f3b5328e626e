"""The battle screen's message log: the session's events as coloured lines, with the fog of
war applied, kept scrolled to the newest."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UITextBox

from game.sim.events import Event, EventKind

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

KIND_COLOURS = {
    EventKind.HIT: "#ec785a",
    EventKind.DESTROYED: "#ff6a50",
    EventKind.CIVILIAN_CASUALTIES: "#ff4040",
    EventKind.BLAST: "#ffb050",
    EventKind.SPOTTED: "#e8d070",
    EventKind.PHASE: "#c8a96a",
    EventKind.OBJECTIVE_COMPLETE: "#80d080",
    EventKind.OBJECTIVE_FAILED: "#ec785a",
    EventKind.BATTLE_OVER: "#c8a96a",
    EventKind.VBIED_ALERT: "#ff5040",
    EventKind.VBIED_DETONATED: "#ff5040",
    EventKind.VBIED_DESTROYED: "#ffb050",
    EventKind.VBIED_DRIVER_KILLED: "#80d080",
    EventKind.REACTION_FIRE: "#e8d070",
}


def _log_line(event: Event) -> str:
    colour = KIND_COLOURS.get(event.kind, "#d8d4c8")
    return f"<font color='{colour}'>{html.escape(event.text)}</font>"


class MessageLog:
    """The log box: filled with the recent events when built, then the new ones each frame."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.box: UITextBox | None = None
        self.logged = 0
        self.to_bottom = 0

    def build(self, rect: pygame.Rect) -> None:
        """Create the box with the last events the viewer may read."""
        screen = self.screen
        self.box = UITextBox("", rect, screen.app.ui)
        screen.widgets.append(self.box)
        log = screen.session.log
        recent = [e for e in log[-300:] if self.shown_in_log(e)][-150:]
        self.box.set_text("<br>".join(_log_line(e) for e in recent))
        self.logged = len(log)
        self.to_bottom = 2

    def shown_in_log(self, event: Event) -> bool:
        """Fog of war for the log: what unseen enemy units did stays hidden (unless it hit you)."""
        session = self.screen.session
        if session.player_side is None:
            return True
        unit = session.state.units.get(event.unit)
        if unit is None or unit.side is session.viewer or session.sees(unit.id):
            return True
        where = event.pos
        fog = session.fog[session.viewer]
        if (
            where is not None
            and event.kind is not EventKind.MOVED
            and session.state.grid.in_bounds(where.x, where.y)
            and fog.visible_now[where.y, where.x]
        ):
            return True  # it happened where you can see
        target = session.state.units.get(event.target)
        return target is not None and target.side is session.viewer

    def sync(self) -> None:
        """Append the events logged since the last frame that the viewer may read."""
        log = self.screen.session.log
        if self.box is None or self.logged >= len(log):
            return
        new = [e for e in log[self.logged :] if self.shown_in_log(e)]
        self.logged = len(log)
        if not new:
            return
        self.box.append_html_text("<br>" + "<br>".join(_log_line(e) for e in new))
        self.to_bottom = 2

    def scroll(self) -> None:
        """Keep the newest message in sight (the box builds its scroll bar a frame later)."""
        if self.to_bottom <= 0 or self.box is None:
            return
        self.to_bottom -= 1
        bar = self.box.scroll_bar
        if bar is not None:
            bar.set_scroll_from_start_percentage(1.0)
            bar.has_moved_recently = True
