"""The roster panel: the player's units in a scrolling list with HP, AP and status (overwatch,
moved, seen by the enemy, car-bomb alert), to select from with a click."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.battle.units import UnitState
from game.client.hud import panel
from game.client.theme import ACCENT, TEXT, TEXT_DIM

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

HEADER = "Your units"


def unit_status(unit: UnitState, seen_by_enemy: bool) -> list[str]:
    """The short status words of a unit in the roster, most urgent first."""
    words = []
    if unit.alerted:
        words.append("ALERT")
    if seen_by_enemy:
        words.append("SEEN")
    if unit.overwatch_ap > 0:
        words.append("OVERWATCH" if unit.sector is None else "SECTOR")
    if unit.moved_this_phase:
        words.append("moved")
    if not unit.arrived:
        words.append(f"arrives turn {unit.arrival_turn}")
    return words


class RosterPanel:
    """Rows of the viewer's units; a click selects (and centres on) one, the wheel scrolls."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.first = 0  # the first row shown
        self.rows: list[tuple[pygame.Rect, str]] = []  # on screen: row rect, unit id

    def units(self) -> list[UnitState]:
        """The viewer's units in the list: on the map, then those still to arrive on a known
        turn (one a trigger may bring, arrival turn 0, is not announced)."""
        state = self.screen.state
        own = [u for u in state.units.values() if u.side is self.screen.session.viewer]
        on_map = [u for u in own if u.on_map]
        coming = [u for u in own if u.alive and not u.arrived and u.arrival_turn > 0]
        return on_map + coming

    def row_height(self) -> int:
        """Pixels per row at the UI scale."""
        return max(22, round(34 * self.screen.s))

    def scroll(self, rows: int) -> None:
        """Scroll the list by rows (negative: up), kept within the list."""
        visible = max(1, (self.rect.h - self.row_height()) // self.row_height())
        self.first = max(0, min(self.first + rows, max(0, len(self.units()) - visible)))

    def click(self, pos: tuple[int, int]) -> bool:
        """Select the unit of the row clicked (and centre the camera on it); True if a row."""
        for rect, uid in self.rows:
            if rect.collidepoint(pos):
                unit = self.screen.state.units[uid]
                if unit.on_map:
                    self.screen.orders.select(uid)
                    if self.screen.camera is not None:
                        self.screen.camera.centre_on(unit.pos)
                return True
        return False

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The header and the rows that fit, the selected one marked."""
        screen = self.screen
        self.rect = rect
        panel(surface, rect)
        text, s = screen.app.text, screen.s
        size = max(10, round(14 * s))
        header = text.render(HEADER, size, ACCENT, bold=True)
        surface.blit(header, (rect.x + 8, rect.y + 4))
        row_h = self.row_height()
        y = rect.y + header.get_height() + 8
        units = self.units()
        self.first = min(self.first, max(0, len(units) - 1))
        seen = screen.state.spotted.get(screen.session.viewer.enemy, set())
        self.rows = []
        footer = size + 4  # room for the "more below" line
        for unit in units[self.first :]:
            if y + row_h > rect.bottom - footer:
                break
            row = pygame.Rect(rect.x + 4, y, rect.w - 8, row_h - 2)
            self.rows.append((row, unit.id))
            self._draw_row(surface, row, unit, unit.id in seen, size)
            y += row_h
        hidden = len(units) - self.first - len(self.rows)
        if self.first or hidden > 0:
            more = text.render(f"+{hidden} (wheel)" if hidden else "(wheel)", size - 3, TEXT_DIM)
            surface.blit(more, more.get_rect(bottomright=(rect.right - 6, rect.bottom - 2)))

    def _draw_row(
        self, surface: pygame.Surface, row: pygame.Rect, unit: UnitState, seen: bool, size: int
    ) -> None:
        screen = self.screen
        assert screen.view is not None
        text, palette = screen.app.text, screen.app.palette
        utype = screen.state.unit_type(unit.id)
        if unit.id == screen.selected:
            surface.fill((70, 60, 38), row)
            pygame.draw.rect(surface, ACCENT, row, 1)
        icon = row.h - 4
        counter = screen.view.counter(utype.symbol, unit.side.value, icon)
        ready = screen.orders.can_act(unit)
        if not ready:
            counter = counter.copy()
            counter.set_alpha(120)
        surface.blit(counter, (row.x + 2, row.y + 2))
        x = row.x + icon + 8
        bright = TEXT if ready else TEXT_DIM
        name = text.render(unit.name, size - 2, bright, bold=unit.id == screen.selected)
        surface.blit(name, (x, row.y + 1))
        bar_w = max(20, min(70, row.right - x - 70))
        bar_y = row.y + name.get_height() + 2
        share = unit.hp / max(1, utype.hp)
        surface.fill((15, 15, 15), (x, bar_y, bar_w, 6))
        colour = palette.good if share > 0.5 else palette.bad
        surface.fill(colour, (x + 1, bar_y + 1, round((bar_w - 2) * share), 4))
        ap = f"AP {unit.ap:g}" if unit.overwatch_ap <= 0 else f"OW {unit.overwatch_ap:g}"
        ap_img = text.render(ap, size - 4, bright)
        ap_x = x + bar_w + 6
        surface.blit(ap_img, (ap_x, bar_y - 3))
        words = unit_status(unit, seen)
        room = row.right - 4 - (ap_x + ap_img.get_width() + 6)
        while words and room > 0:  # as many status words as fit after the AP
            alarm = palette.alert if words[0] in ("ALERT", "SEEN") else ACCENT
            flag = text.render(" ".join(words), size - 5, alarm, bold=True)
            if flag.get_width() <= room:
                surface.blit(flag, flag.get_rect(midright=(row.right - 4, bar_y + 1)))
                break
            words = words[:-1]
