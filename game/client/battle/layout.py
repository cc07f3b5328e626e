"""The battle screen's layout: where the map and the HUD panels go, and the action bar (which
buttons the selected unit has, which may be used now and why not)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton

from game.client.battle.orders import TARGET_MODES
from game.client.theme import font_size
from game.commands import Detonate, Ok, Overwatch, Refusal, Verdict
from game.core.values import Side, TilePos
from game.sim import combat

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

ACTION_ORDER = (
    "fire",
    "overwatch",
    "smoke",
    "berm",
    "clear",
    "drone",
    "detonate",
    "undo",
    "los",
    "grid",
)
LABELS = {
    "fire": "Fire (F)",
    "overwatch": "Overwatch (O)",
    "smoke": "Smoke (S)",
    "berm": "Berm (B)",
    "clear": "Clear (C)",
    "drone": "Drone (N)",
    "detonate": "Detonate (X)",
    "undo": "Undo (U)",
    "los": "Sight (L)",
    "grid": "Grid (G)",
}
# labels for narrow buttons (the tool tip keeps the full one)
SHORT = {
    "fire": "Fire F",
    "overwatch": "Watch O",
    "smoke": "Smoke S",
    "berm": "Berm B",
    "clear": "Clear C",
    "drone": "Drone N",
    "detonate": "Blast X",
    "undo": "Undo U",
    "los": "Sight L",
    "grid": "Grid G",
}
# buttons shown only for units with the action
SPECIALS = {"berm": "build_berm", "clear": "clear_rubble", "drone": "launch_drone"}


def screen_rects(size: tuple[int, int], s: float) -> dict[str, pygame.Rect]:
    """Screen rectangles of the map view and HUD parts for a window size and UI scale."""
    width, height = size
    top = round(34 * s)
    bar = round(50 * s)
    side = min(round(330 * s), width // 3)
    roster = min(round(210 * s), width // 6)
    panels_h = height - bar  # the right-hand panels stop above the action bar
    room = height - top - bar  # the right column's height, shared out on small windows
    mini_h = min(round(190 * s), round(room * 0.28))
    unit_h = min(round(150 * s), round(room * 0.24))
    obj_h = min(round(110 * s), round(room * 0.18))
    filter_h = round(28 * s)
    right = width - side
    log_top = top + mini_h + unit_h + obj_h + filter_h
    return {
        "top": pygame.Rect(0, 0, width, top),
        "roster": pygame.Rect(0, top, roster, height - top - bar),
        "map": pygame.Rect(roster, top, right - roster, height - top - bar),
        "bar": pygame.Rect(0, height - bar, width, bar),
        "minimap": pygame.Rect(right, top, side, mini_h),
        "unit": pygame.Rect(right, top + mini_h, side, unit_h),
        "objectives": pygame.Rect(right, top + mini_h + unit_h, side, obj_h),
        "log_filter": pygame.Rect(right, log_top - filter_h, side, filter_h),
        "log": pygame.Rect(right, log_top, side, panels_h - log_top),
    }


class ActionBar:
    """The action buttons, End turn and Menu: built, laid out and enabled with a reason."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.buttons: dict[str, UIButton] = {}
        self.end_button: UIButton | None = None
        self._shown: tuple[str, ...] = ()

    def build(self, rects: dict[str, pygame.Rect]) -> None:
        """Create the action buttons in the bar, End turn, and Menu in the top bar."""
        screen = self.screen
        ui = screen.app.ui
        bar = rects["bar"]
        s = screen.s
        pad = round(6 * s)
        h = bar.h - 2 * pad
        end_w = round(150 * s)
        self.buttons = {}
        for name in ACTION_ORDER:
            button = UIButton(
                pygame.Rect(bar.x, bar.y + pad, 60, h), LABELS[name], ui, tool_tip_text=LABELS[name]
            )
            screen.widgets.append(button)
            self.buttons[name] = button
        self._shown = ()
        self.end_button = UIButton(
            pygame.Rect(bar.right - end_w - pad, bar.y + pad, end_w, h), "End turn (Enter)", ui
        )
        screen.widgets.append(self.end_button)
        menu = UIButton(
            pygame.Rect(rects["top"].right - round(90 * s), 2, round(86 * s), rects["top"].h - 4),
            "Menu",
            ui,
        )
        screen.widgets.append(menu)
        self.buttons["menu"] = menu

    def action_verdict(self, name: str) -> Verdict:
        """Whether an action button may be used now, by the command's own validate()."""
        screen = self.screen
        session = screen.session
        unit = screen.selected_unit()
        if name == "los":
            return Ok() if unit is not None else Refusal("select a unit first")
        if name == "grid":
            return Ok()
        if name == "undo":
            return (
                session.battle.can_undo() if session.is_player_turn() else Refusal("not your turn")
            )
        if not session.is_player_turn():
            return Refusal("wait for your turn")
        if unit is None:
            return Refusal("select a unit first")
        enemy_side: Side = unit.side.enemy
        if unit.side is not session.player_side:
            return Refusal(f"{unit.name} is not yours")
        state = screen.state
        verdict = screen.orders.verdict  # as the player orders it (standing down first)
        if name == "overwatch":
            return verdict(Overwatch(unit.id))
        if name == "detonate":
            return verdict(Detonate(unit.id))
        if name == "fire":
            enemies = [u for u in state.units_of(enemy_side) if session.sees(u.id)]
            if not enemies:
                return Refusal("no enemy in sight")
            verdicts = [verdict(screen.orders.fire_at(unit, e.pos)) for e in enemies]
            if any(isinstance(v, Ok) for v in verdicts):
                return Ok()
            nearest = min(
                range(len(enemies)), key=lambda i: combat.distance(unit.pos, enemies[i].pos)
            )
            return verdicts[nearest]
        if name in ("smoke", "drone"):
            return verdict(TARGET_MODES[name][2](unit.id, unit.pos))
        if name in ("berm", "clear"):
            verdicts = []
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    pos = TilePos(unit.pos.x + dx, unit.pos.y + dy)
                    if (dx or dy) and state.grid.in_bounds(*pos):
                        verdicts.append(verdict(TARGET_MODES[name][2](unit.id, pos)))
            if any(isinstance(v, Ok) for v in verdicts):
                return Ok()
            return verdicts[0] if verdicts else Refusal("no tile around")
        return Refusal("unknown action")

    def _layout_actions(self) -> None:
        """Show the actions the selected unit has (special ones only for units with them)."""
        screen = self.screen
        unit = screen.selected_unit()
        shown = tuple(
            name
            for name in ACTION_ORDER
            if (name not in SPECIALS and name != "detonate")
            or (unit is not None and SPECIALS.get(name, name) in unit.actions)
        )
        if shown == self._shown:
            return
        self._shown = shown
        bar = screen.layout()["bar"]
        pad = round(6 * screen.s)
        avail = bar.w - round(150 * screen.s) - 3 * pad  # left of End turn
        w = min(round(150 * screen.s), (avail - pad * (len(shown) - 1)) // len(shown))
        font = screen.app.text.font(font_size(screen.app.settings))
        x = bar.x + pad
        for name in ACTION_ORDER:
            button = self.buttons[name]
            if name in shown:
                label = LABELS[name] if font.size(LABELS[name])[0] + 14 <= w else SHORT[name]
                if button.text != label:
                    button.set_text(label)
                button.set_dimensions((w, button.rect.h))
                button.set_relative_position((x, button.rect.y))
                button.show()
                x += w + pad
            else:
                button.hide()

    def refresh(self) -> None:
        """Lay the bar out for the selected unit; enable, explain and highlight each button."""
        screen = self.screen
        if self.buttons:
            self._layout_actions()
        for name, button in self.buttons.items():
            if name == "menu":
                continue
            verdict = self.action_verdict(name)
            label = LABELS.get(name, button.text)
            tip = label if isinstance(verdict, Ok) else f"{label}: {verdict.reason}"
            if isinstance(verdict, Refusal) and button.is_enabled:
                button.disable()
            elif isinstance(verdict, Ok) and not button.is_enabled:
                button.enable()
            if tip != button.tool_tip_text:
                button.set_tooltip(tip)
            active = (
                (name == screen.mode)
                or (name == "overwatch" and screen.mode == "sector")
                or (name == "los" and screen.los_tool)
                or (name == "grid" and screen.overlays.show_grid)
            )
            if active and not button.is_selected:
                button.select()
            elif not active and button.is_selected:
                button.unselect()
        if self.end_button is not None:
            can_end = screen.session.is_player_turn()
            if can_end and not self.end_button.is_enabled:
                self.end_button.enable()
            elif not can_end and self.end_button.is_enabled:
                self.end_button.disable()

    def hint(self) -> str:
        """Why the action button under the mouse is greyed out (disabled buttons show no tip)."""
        mouse = pygame.mouse.get_pos()
        for button in self.buttons.values():
            if button.visible and not button.is_enabled and button.rect.collidepoint(mouse):
                return button.tool_tip_text or ""
        return ""
