"""The battle screen's message log: the session's events as coloured lines, with the fog of
war applied, kept scrolled to the newest."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UITextBox

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
    EventKind.MESSAGE: "#f0e0b0",
    EventKind.OBJECTIVE_ADDED: "#c8a96a",
}


# the log's filters: the kinds each shows (turn and phase lines show under every filter)
FILTERS: dict[str, frozenset[EventKind]] = {
    "All": frozenset(EventKind),
    "Combat": frozenset(
        {
            EventKind.FIRED,
            EventKind.HIT,
            EventKind.MISSED,
            EventKind.REACTION_FIRE,
            EventKind.DESTROYED,
            EventKind.WRECK,
            EventKind.BLAST,
            EventKind.COLLAPSED,
            EventKind.VBIED_LAUNCHED,
            EventKind.VBIED_ALERT,
            EventKind.VBIED_DETONATED,
            EventKind.VBIED_DESTROYED,
            EventKind.VBIED_DRIVER_KILLED,
            EventKind.DRONE_LAUNCHED,
            EventKind.DRONE_HIT,
            EventKind.DRONE_JAMMED,
            EventKind.DRONE_SHOT_DOWN,
        }
    ),
    "Moves": frozenset(
        {
            EventKind.MOVED,
            EventKind.ARRIVED,
            EventKind.ARRIVAL_DELAYED,
            EventKind.EXITED,
            EventKind.SPOTTED,
            EventKind.OVERWATCH,
            EventKind.STOOD_DOWN,
            EventKind.SMOKE,
            EventKind.BERM_BUILT,
            EventKind.RUBBLE_CLEARED,
        }
    ),
    "Civilians": frozenset(
        {EventKind.CIVILIAN_CASUALTIES, EventKind.CIVILIANS_MOVED, EventKind.EVACUATED}
    ),
    "Objectives": frozenset(
        {
            EventKind.OBJECTIVE_COMPLETE,
            EventKind.OBJECTIVE_FAILED,
            EventKind.OBJECTIVE_PENDING,
            EventKind.OBJECTIVE_HELD,
            EventKind.OBJECTIVE_HOLD_BROKEN,
            EventKind.OBJECTIVE_ADDED,
            EventKind.BATTLE_OVER,
        }
    ),
}
ALWAYS = frozenset({EventKind.PHASE, EventKind.ENVIRONMENT, EventKind.MESSAGE})


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
        self.filter = "All"
        self.buttons: dict[str, UIButton] = {}

    def build(self, rect: pygame.Rect, filter_rect: pygame.Rect | None = None) -> None:
        """Create the filter buttons and the box with the last events the viewer may read."""
        screen = self.screen
        self.buttons = {}
        if filter_rect is not None:
            pad = round(16 * screen.s)  # each button: its padding plus a share by its label
            letters = sum(len(name) for name in FILTERS)
            spare = filter_rect.w - pad * len(FILTERS)
            x = filter_rect.x
            for name in FILTERS:
                w = pad + spare * len(name) // letters
                button = UIButton(
                    pygame.Rect(x, filter_rect.y, w, filter_rect.h),
                    name,
                    screen.app.ui,
                    tool_tip_text=f"Show {name.lower()} messages"
                    if name != "All"
                    else "Show every message",
                    object_id="@small",
                )
                x += w
                if name == self.filter:
                    button.select()
                screen.widgets.append(button)
                self.buttons[name] = button
        self.box = UITextBox("", rect, screen.app.ui)
        screen.widgets.append(self.box)
        self._refill()

    def _refill(self) -> None:
        """Fill the box anew with the recent events the viewer may read under the filter."""
        assert self.box is not None
        log = self.screen.session.log
        recent = [e for e in log[-600:] if self.listed(e)][-150:]
        self.box.set_text("<br>".join(_log_line(e) for e in recent))
        self.logged = len(log)
        self.to_bottom = 2

    def listed(self, event: Event) -> bool:
        """Whether the log shows an event now: the fog of war, then the filter."""
        kinds = FILTERS[self.filter]
        return (event.kind in kinds or event.kind in ALWAYS) and self.shown_in_log(event)

    def choose(self, element: object) -> bool:
        """A filter button was pressed: show only its messages; True if it was one."""
        for name, button in self.buttons.items():
            if element is button:
                self.filter = name
                for other in self.buttons.values():
                    other.unselect()
                button.select()
                if self.box is not None:
                    self._refill()
                return True
        return False

    def shown_in_log(self, event: Event) -> bool:
        """Fog of war for the log: what unseen enemy units did stays hidden (unless it hit you)."""
        session = self.screen.session
        if event.kind is EventKind.MESSAGE:  # a scenario's message: for its side only
            return event.side is None or event.side is session.viewer
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
        new = [e for e in log[self.logged :] if self.listed(e)]
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
