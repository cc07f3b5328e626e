"""The battle screen's minimap: the whole map drawn small with the camera's frame on it, and a
click on it that moves the camera there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.client.hud import panel
from game.core.values import TilePos

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen


class Minimap:
    """The minimap panel: its image cached per state version and size."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._image: tuple[tuple, pygame.Surface] | None = None

    def reset(self, rect: pygame.Rect) -> None:
        """Take the panel's place on screen; draw the image afresh."""
        self.rect = rect
        self._image = None

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The panel, the map image and the camera's frame."""
        screen = self.screen
        assert screen.view is not None and screen.camera is not None
        panel(surface, rect)
        key = (screen.session.version, rect.size, screen.view.map.version)
        if self._image is None or self._image[0] != key:
            self._image = (key, screen.view.minimap((rect.w - 8, rect.h - 8)))
        image = self._image[1]
        where = image.get_rect(center=rect.center)
        surface.blit(image, where)
        cam = screen.camera
        scale = where.w / screen.state.grid.width
        frame = pygame.Rect(
            where.x + cam.x / cam.tile_px * scale,
            where.y + cam.y / cam.tile_px * scale,
            cam.view.w / cam.tile_px * scale,
            cam.view.h / cam.tile_px * scale,
        ).clip(where)
        pygame.draw.rect(surface, (255, 255, 255), frame, 1)

    def click(self, pos: tuple[int, int]) -> None:
        """Centre the camera on the tile under a click on the map image."""
        screen = self.screen
        assert screen.camera is not None and self._image is not None
        image = self._image[1]
        rect = image.get_rect(center=self.rect.center)
        if rect.collidepoint(pos):
            grid = screen.state.grid
            tx = (pos[0] - rect.x) / rect.w * grid.width
            ty = (pos[1] - rect.y) / rect.h * grid.height_tiles
            screen.camera.centre_on(TilePos(int(tx), int(ty)))
