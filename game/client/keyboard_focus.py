"""Keyboard focus for a set of pygame_gui buttons: arrows/Tab move, Enter/Space activate."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
PREVIOUS_KEYS = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class ButtonFocus:
    """Which button of a list has the keyboard focus; shows it as 'selected'.

    `handle` returns the button the player activated (by mouse or keyboard), else None.
    With `horizontal_keys=False` left/right are left to the screen (e.g. to change a value).
    """

    def __init__(self, buttons: list[UIButton], index: int = 0, horizontal_keys: bool = True):
        self.buttons = buttons
        self.index = min(max(0, index), max(0, len(buttons) - 1))
        self.horizontal_keys = horizontal_keys
        self._show()

    @property
    def focused(self) -> UIButton | None:
        """The button with the focus."""
        return self.buttons[self.index] if self.buttons else None

    def focus(self, index: int) -> None:
        """Give the focus to a button by its index."""
        if self.buttons:
            self.index = index % len(self.buttons)
            self._show()

    def _show(self) -> None:
        for i, button in enumerate(self.buttons):
            if i == self.index:
                button.select()
            elif button.is_selected:
                button.unselect()

    def _move(self, step: int) -> None:
        if not self.buttons:
            return
        for _ in range(len(self.buttons)):
            self.index = (self.index + step) % len(self.buttons)
            if self.buttons[self.index].is_enabled:
                break
        self._show()

    def handle(self, event: pygame.event.Event) -> UIButton | None:
        """Move the focus or report an activated button."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            self.index = self.buttons.index(event.ui_element)
            self._show()
            return event.ui_element
        if event.type == pygame.MOUSEMOTION:
            for i, button in enumerate(self.buttons):
                if button.hovered and i != self.index:
                    self.index = i
                    self._show()
            return None
        if event.type != pygame.KEYDOWN:
            return None
        key = event.key
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        if key == pygame.K_TAB:
            self._move(-1 if shift else 1)
        elif key in (pygame.K_DOWN, pygame.K_UP) or (
            self.horizontal_keys and key in (pygame.K_LEFT, pygame.K_RIGHT)
        ):
            self._move(1 if key in NEXT_KEYS else -1)
        elif key in ACTIVATE_KEYS and self.focused is not None and self.focused.is_enabled:
            return self.focused
        return None
