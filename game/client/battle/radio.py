"""The scenario's messages on the battle screen: a radio strip across the top of the map
for the short ones, in turn, and a window the player closes for those marked `dialog`."""

from __future__ import annotations

import textwrap

import pygame

from game.client.theme import TextCache
from game.core.values import Side
from game.sim.events import Event, EventKind

SHOW_S = 3.0  # seconds a message stays up, plus READ_S per word
READ_S = 0.28
MAX_WAITING = 6  # a burst of messages: the oldest unread ones go to the log only


def message_title(event: Event) -> str:
    """The heading of a message: who speaks, or "Message"."""
    return event.speaker or "Message"


class Radio:
    """The messages the viewer reads: shown one after another, dialogs kept for a window."""

    def __init__(self) -> None:
        self.waiting: list[Event] = []  # short messages not shown yet
        self.current: Event | None = None
        self.left = 0.0
        self.dialogs: list[Event] = []  # messages the player must close, in order
        self._heard: set[int] = set()  # events already taken (a replay shows them once)

    def hear(self, events: list[Event], viewer: Side) -> None:
        """Take the messages among these events that are for the viewer (or for both)."""
        for event in events:
            if event.kind is not EventKind.MESSAGE or id(event) in self._heard:
                continue
            if event.side is not None and event.side is not viewer:
                continue
            self._heard.add(id(event))
            if event.dialog:
                self.dialogs.append(event)
            else:
                self.waiting = [*self.waiting, event][-MAX_WAITING:]

    def next_dialog(self) -> Event | None:
        """The next message the player must read and close, if any."""
        return self.dialogs.pop(0) if self.dialogs else None

    def step(self, dt: float) -> None:
        """Count down the message shown; show the next one when it is done."""
        self.left = max(0.0, self.left - dt)
        if self.left <= 0:
            self.current = None
            if self.waiting:
                self.current = self.waiting.pop(0)
                self.left = SHOW_S + READ_S * len(self.current.text.split())

    def skip(self) -> None:
        """Put away the message shown (the next one follows)."""
        self.left = 0.0

    def draw(
        self, surface: pygame.Surface, area: pygame.Rect, text: TextCache, size: int
    ) -> pygame.Rect | None:
        """The strip with the speaker and the message, near the top of the map view; its
        rectangle (clicking it puts the message away)."""
        event = self.current
        if event is None:
            return None
        width = min(area.w - 40, round(size * 46))
        per_line = max(20, int(width / (size * 0.52)))
        lines = textwrap.wrap(event.text, per_line)[:4]
        heading = text.render(message_title(event), size, (240, 205, 120), bold=True)
        rows = [text.render(line, size, (245, 240, 225)) for line in lines]
        gap = round(size * 0.35)
        height = heading.get_height() + gap + sum(r.get_height() for r in rows) + 2 * gap
        box = pygame.Rect(0, 0, width, height + gap)
        box.midtop = (area.centerx, area.y + round(size * 2.6))
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((16, 18, 22, 225))
        surface.blit(shade, box)
        pygame.draw.rect(surface, (200, 170, 100), box, 2)
        pygame.draw.rect(surface, (200, 170, 100), (box.x, box.y, 6, box.h))
        y = box.y + gap
        surface.blit(heading, (box.x + 18, y))
        y += heading.get_height() + gap
        for row in rows:
            surface.blit(row, (box.x + 18, y))
            y += row.get_height()
        return box
