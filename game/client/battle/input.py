"""The battle screen's input: mouse and keys turned into orders, selection, camera moves,
tools and menus, and the camera's scrolling by keys and the screen's edges."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.client.app import Push, Transition
from game.client.basic_screens import HelpScreen, battle_help_text
from game.client.battle.legend import LegendScreen
from game.client.battle.orders import TARGET_MODES
from game.client.battle_dialogs import PauseScreen, briefing_screen
from game.core.values import TilePos
from game.sim.events import Event, EventKind

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

EDGE_PX = 6  # screen-edge scrolling band
ARROWS = {
    pygame.K_LEFT: (-1, 0),
    pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1),
    pygame.K_DOWN: (0, 1),
}
CURSOR_JUMP = 5  # tiles per arrow press with Shift
# keys of the action buttons that are not targeting modes
ACTION_KEYS = {
    pygame.K_o: "overwatch",
    pygame.K_x: "detonate",
    pygame.K_u: "undo",
    pygame.K_l: "los",
    pygame.K_g: "grid",
}


class BattleInput:
    """Reads the battle screen's events and keys; holds the camera drag."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.drag: tuple[int, int] | None = None
        self.drag_moved = False
        self.mouse: tuple[int, int] | None = None  # where the mouse last was on the screen

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Mouse and keyboard: orders, selection, camera, tools, menus."""
        screen = self.screen
        assert screen.camera is not None
        cam = screen.camera
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse = event.pos
        if event.type == pygame.MOUSEMOTION:
            screen.hover = cam.tile_at(event.pos)
            screen.cursor_on = False  # the mouse takes over the previews
            if self.drag is not None:
                dx, dy = event.rel
                if abs(event.pos[0] - self.drag[0]) + abs(event.pos[1] - self.drag[1]) > 4:
                    self.drag_moved = True
                if self.drag_moved:
                    cam.pan(-dx, -dy)
            return None
        if event.type == pygame.MOUSEWHEEL:
            mouse = pygame.mouse.get_pos()
            if cam.view.collidepoint(mouse):
                cam.zoom_step(1 if event.y > 0 else -1, mouse)
            elif screen.roster.rect.collidepoint(mouse):
                screen.roster.scroll(-event.y)
            elif screen.objective_list.rect.collidepoint(mouse):
                screen.objective_list.scroll(-event.y)
            return None
        if event.type == pygame.MOUSEBUTTONDOWN:
            if screen.radio_box is not None and screen.radio_box.collidepoint(event.pos):
                screen.radio.skip()  # read: put the message away
                return None
            if event.button in (2, 3) and cam.view.collidepoint(event.pos):
                self.drag, self.drag_moved = event.pos, False
            elif event.button == 1:
                if screen.mode == "sector" and cam.view.collidepoint(event.pos):
                    pos = cam.tile_at(event.pos)
                    if pos is not None:
                        screen.orders.sector_press(pos)
                    return None
                if screen.minimap.rect.collidepoint(event.pos):
                    screen.minimap.click(event.pos)
                    return None
                if screen.roster.click(event.pos) or screen.objective_list.click(event.pos):
                    return None
                pos = cam.tile_at(event.pos)
                if pos is not None and not screen.playback.queue:
                    return screen.orders.click_tile(pos)
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and screen.mode == "sector":
            pos = cam.tile_at(event.pos)
            if pos is not None and screen.orders.sector_anchor is not None:
                screen.orders.sector_release(pos)
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button in (2, 3):
            was_drag = self.drag_moved
            self.drag, self.drag_moved = None, False
            if not was_drag and event.button == 3:
                screen.orders.cancel()
            return None
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        return None

    def follow_view(self) -> None:
        """The tile under the mouse again, after the view moved under it (zoom, scroll, glide,
        a new turn), so the highlight, path and tooltip show what a click would act on."""
        screen = self.screen
        if screen.cursor_on or self.mouse is None or screen.camera is None:
            return
        screen.hover = screen.camera.tile_at(self.mouse)

    def _button(self, element: object) -> Transition | None:
        if self.screen.messages.choose(element):
            return None
        bar = self.screen.bar
        if element is bar.end_button:
            return self.screen.orders.end_turn()
        if element is bar.buttons.get("menu"):
            return self._pause()
        for name, button in bar.buttons.items():
            if element is button:
                self.screen.orders.action(name)
                return None
        return None

    def _pause(self) -> Transition:
        return Push(PauseScreen(self.screen))

    def _key(self, event: pygame.event.Event) -> Transition | None:
        screen = self.screen
        orders = screen.orders
        key = event.key
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        assert screen.camera is not None
        if key == pygame.K_ESCAPE:
            if orders.cancel():
                return None
            return self._pause()
        if key == pygame.K_F1:
            return Push(HelpScreen(battle_help_text()))
        if getattr(event, "unicode", "") == "?" or key == pygame.K_QUESTION:
            assert screen.view is not None
            return Push(LegendScreen(screen.view))
        if key == pygame.K_i:
            return Push(briefing_screen(screen.session))
        if key in ARROWS and screen.selected_unit() is not None:
            step = CURSOR_JUMP if shift else 1
            self.move_cursor(ARROWS[key][0] * step, ARROWS[key][1] * step)
        elif key == pygame.K_TAB:
            orders.cycle_unit(-1 if shift else 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if (
                screen.cursor_on
                and screen.cursor is not None
                and screen.selected_unit() is not None
            ):
                screen.cursor_on = False
                if screen.playback.queue:
                    return None
                if screen.mode == "sector":
                    orders.sector_release(screen.cursor)
                    return None
                return orders.click_tile(screen.cursor)
            if screen.mode == "sector" and screen.selected_unit() is not None:
                orders.action("overwatch")  # Enter with no tile: all round, as O again
                return None
            return orders.end_turn()
        elif key == pygame.K_SPACE:
            screen.playback.skip()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            screen.camera.zoom_step(1)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            screen.camera.zoom_step(-1)
        elif key == pygame.K_F5:
            try:
                path = screen.session.quick_save()
                screen.status = f"saved to {path.name}"
                screen.session.log.append(Event(EventKind.SAVED, f"game saved ({path.name})"))
            except OSError as exc:
                screen.status = f"could not save: {exc}"
        elif key == pygame.K_F9:
            return screen.quick_load()
        elif key == pygame.K_r:
            screen.enemy_phase.replay()
        elif key == pygame.K_e:  # the early-warning overlay of the units on overwatch
            screen.overlays.early_warning = not screen.overlays.early_warning
        elif pygame.K_1 <= key <= pygame.K_9:
            orders.choose_weapon(key - pygame.K_1)
        elif key in ACTION_KEYS:
            orders.action(ACTION_KEYS[key])
        else:
            for name, (mode_key, _, _) in TARGET_MODES.items():
                if key == mode_key:
                    orders.action(name)
                    return None
        return None

    def move_cursor(self, dx: int, dy: int) -> None:
        """Show the map cursor and move it (from the selected unit, or from where it was last
        used for this unit); the camera follows it."""
        screen = self.screen
        assert screen.camera is not None
        unit = screen.selected_unit()
        if screen.cursor is None:
            if unit is None:
                return
            screen.cursor = unit.pos
        grid = screen.state.grid
        x = min(max(screen.cursor.x + dx, 0), grid.width - 1)
        y = min(max(screen.cursor.y + dy, 0), grid.height_tiles - 1)
        screen.cursor = TilePos(x, y)
        screen.cursor_on = True
        screen.hover = screen.cursor
        if not screen.camera.shows(screen.cursor):
            screen.camera.centre_on(screen.cursor)

    def scroll(self, dt: float) -> None:
        """Pan the camera by the held keys (arrows when no unit is selected) and the edges."""
        screen = self.screen
        assert screen.camera is not None
        speed = screen.app.settings.scroll_speed * dt
        keys = pygame.key.get_pressed()
        arrows = screen.selected_unit() is None  # with a unit selected they move the cursor
        dx = dy = 0.0
        if (arrows and keys[pygame.K_LEFT]) or keys[pygame.K_a]:
            dx -= speed
        if (arrows and keys[pygame.K_RIGHT]) or keys[pygame.K_d]:
            dx += speed
        if (arrows and keys[pygame.K_UP]) or keys[pygame.K_w]:
            dy -= speed
        if arrows and keys[pygame.K_DOWN]:
            dy += speed
        if pygame.mouse.get_focused() and self.drag is None:
            mx, my = pygame.mouse.get_pos()
            width, height = screen.app.size
            if 0 < mx < EDGE_PX:
                dx -= speed
            elif width - EDGE_PX < mx < width - 1:
                dx += speed
            if 0 < my < EDGE_PX:
                dy -= speed
            elif height - EDGE_PX < my < height - 1:
                dy += speed
        if dx or dy:
            screen.camera.pan(dx, dy)
