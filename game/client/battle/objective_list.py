"""The objectives panel: the viewer's objectives with their status and progress, scrolled by
the wheel; a click centres the camera on an objective's area."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.battle.setup import Objective
from game.battle.state import BattleState
from game.client.hud import STATUS_COLOURS, objective_progress, panel
from game.client.theme import ACCENT, TEXT, TEXT_DIM
from game.core.values import TilePos
from game.sim.objectives import KEPT_KINDS

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

MARKS = {"complete": "[done]", "failed": "[failed]", "kept": "[ok]"}  # else "[  ]": to do
KEPT_COLOUR = (170, 205, 160)  # a kept objective: met so far, not yet for good


def objective_mark(state: BattleState, objective: Objective) -> str:
    """The objective's status as the list shows it: "complete", "failed", "kept" (a protect,
    civilians or car-bomb objective still unbroken: met so far) or "pending"."""
    status = state.objective_status.get(objective.object_id, "pending")
    if status == "pending" and objective.kind in KEPT_KINDS:
        return "kept"
    return status


def objective_line(state: BattleState, objective: Objective) -> str:
    """One row of the list: "[ok] Spare the civilians - 0 harmed, at most 0", "[done] Reach
    the corner", "[  ] Clear the shop row*" (a star: mandatory)."""
    note = objective_progress(state, objective.object_id)
    star = "*" if objective.mandatory else ""
    line = f"{MARKS.get(objective_mark(state, objective), '[  ]')} {objective.name}{star}"
    return f"{line} - {note}" if note else line


def area_centre(objective: Objective) -> TilePos:
    """The tile of an objective's area nearest its middle."""
    tiles = sorted(objective.tiles, key=lambda p: (p.y, p.x))
    mx = sum(p.x for p in tiles) / len(tiles)
    my = sum(p.y for p in tiles) / len(tiles)
    return min(tiles, key=lambda p: ((p.x - mx) ** 2 + (p.y - my) ** 2, p.y, p.x))


class ObjectiveList:
    """The viewer's objectives, one line each; the wheel scrolls, a click goes to the area."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.first = 0
        self.rows: list[tuple[pygame.Rect, Objective]] = []
        self.lines: list[str] = []  # the rows' text as last drawn

    def objectives(self) -> list[Objective]:
        """The viewer's objectives, mandatory ones first."""
        viewer = self.screen.session.viewer
        state = self.screen.state
        own = [
            o
            for o in state.objectives
            if o.side is viewer and state.objective_status.get(o.object_id) != "inactive"
        ]
        return sorted(own, key=lambda o: (not o.mandatory, o.object_id))

    def scroll(self, rows: int) -> None:
        """Scroll by rows (negative: up), within the list."""
        self.first = max(0, min(self.first + rows, max(0, len(self.objectives()) - 1)))

    def click(self, pos: tuple[int, int]) -> bool:
        """Centre the camera on the clicked objective's area; True if a row was hit."""
        for rect, objective in self.rows:
            if rect.collidepoint(pos) and objective.tiles and self.screen.camera is not None:
                self.screen.camera.centre_on(area_centre(objective))
                self.screen.status = f"objective: {objective.name}"
                return True
        return False

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Heading, then the objectives that fit from the first shown."""
        self.rect = rect
        panel(surface, rect)
        text, s = self.screen.app.text, self.screen.s
        size = max(10, round(15 * s))
        state = self.screen.state
        x, y = rect.x + 10, rect.y + 4
        title = "Objectives (click: go there)" if rect.w >= 300 * s else "Objectives"
        heading = text.render(title, size, ACCENT, bold=True)
        surface.blit(heading, (x, y))
        y += heading.get_height()
        listed = self.objectives()
        self.rows, self.lines = [], []
        for objective in listed[self.first :]:
            mark = objective_mark(state, objective)
            line = objective_line(state, objective)
            colour = KEPT_COLOUR if mark == "kept" else STATUS_COLOURS.get(mark, TEXT)
            image = text.render(line, size - 2, colour)
            if y + image.get_height() > rect.bottom - 2:
                break
            row = pygame.Rect(rect.x + 4, y, rect.w - 8, image.get_height())
            self.rows.append((row, objective))
            self.lines.append(line)
            surface.blit(image, (x, y))
            y += image.get_height()
        hidden = len(listed) - self.first - len(self.rows)
        if hidden > 0 or self.first:
            more = text.render(f"+{hidden} (wheel)", size - 4, TEXT_DIM)
            surface.blit(more, more.get_rect(bottomright=(rect.right - 6, rect.bottom - 2)))
