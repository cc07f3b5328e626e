"""The battle camera: which part of the map is on screen and at which zoom (tile size)."""

from __future__ import annotations

import pygame

from game.core.values import TilePos

ZOOMS = (12, 16, 20, 24, 32, 40, 48, 64)  # tile sizes in screen pixels


class Camera:
    """A view of `map_tiles` through a screen rectangle; x/y are zoomed map pixels."""

    def __init__(self, map_tiles: tuple[int, int], view: pygame.Rect, tile_px: int = 32) -> None:
        self.map_tiles = map_tiles
        self.view = pygame.Rect(view)
        self.tile_px = tile_px
        self.x = 0.0
        self.y = 0.0
        self.goal: tuple[float, float] | None = None  # where an eased move is heading
        self.clamp()

    @property
    def map_px(self) -> tuple[int, int]:
        """The whole map's size in pixels at the current zoom."""
        return (self.map_tiles[0] * self.tile_px, self.map_tiles[1] * self.tile_px)

    def set_view(self, view: pygame.Rect) -> None:
        """The screen rectangle the map is drawn in changed (window resize)."""
        self.view = pygame.Rect(view)
        self.clamp()

    def clamp(self) -> None:
        """Keep the map on screen; centre it when it is smaller than the view."""
        map_w, map_h = self.map_px
        if map_w <= self.view.w:
            self.x = -(self.view.w - map_w) / 2
        else:
            self.x = min(max(0.0, self.x), float(map_w - self.view.w))
        if map_h <= self.view.h:
            self.y = -(self.view.h - map_h) / 2
        else:
            self.y = min(max(0.0, self.y), float(map_h - self.view.h))

    def pan(self, dx: float, dy: float) -> None:
        """Move the view by screen pixels (the player takes over from a glide)."""
        self.goal = None
        self.x += dx
        self.y += dy
        self.clamp()

    def zoom_to(self, tile_px: int, anchor: tuple[int, int] | None = None) -> None:
        """Change the zoom keeping the map point under `anchor` (screen pixels) in place."""
        if tile_px == self.tile_px:
            return
        self.goal = None
        ax, ay = anchor if anchor is not None else self.view.center
        wx = (ax - self.view.x + self.x) / self.tile_px
        wy = (ay - self.view.y + self.y) / self.tile_px
        self.tile_px = tile_px
        self.x = wx * tile_px - (ax - self.view.x)
        self.y = wy * tile_px - (ay - self.view.y)
        self.clamp()

    def zoom_step(self, step: int, anchor: tuple[int, int] | None = None) -> None:
        """Zoom one level in (step > 0) or out (step < 0)."""
        levels = list(ZOOMS)
        index = levels.index(self.tile_px) if self.tile_px in levels else levels.index(32)
        index = min(len(levels) - 1, max(0, index + step))
        self.zoom_to(levels[index], anchor)

    def ease_to(self, pos: TilePos) -> None:
        """Glide to centre a tile over the next frames (`ease` moves it) instead of jumping."""
        x, y = self.x, self.y
        self.centre_on(pos)
        self.goal, self.x, self.y = (self.x, self.y), x, y

    def ease(self, dt: float, seconds: float = 0.35) -> bool:
        """Move a share of the way to the eased goal for a frame of dt; False when there."""
        if self.goal is None:
            return False
        share = min(1.0, dt / max(1e-6, seconds) * 3.0)
        gx, gy = self.goal
        self.x += (gx - self.x) * share
        self.y += (gy - self.y) * share
        if abs(gx - self.x) < 1.0 and abs(gy - self.y) < 1.0:
            self.x, self.y, self.goal = gx, gy, None
        self.clamp()
        return self.goal is not None

    def centre_on(self, pos: TilePos) -> None:
        """Put a tile at the middle of the view."""
        self.goal = None
        self.x = (pos.x + 0.5) * self.tile_px - self.view.w / 2
        self.y = (pos.y + 0.5) * self.tile_px - self.view.h / 2
        self.clamp()

    def shows(self, pos: TilePos, margin: int = 2) -> bool:
        """Whether a tile is on screen, `margin` tiles in from the edges."""
        rect = self.tile_rect(pos)
        inner = self.view.inflate(-2 * margin * self.tile_px, -2 * margin * self.tile_px)
        return inner.colliderect(rect)

    def tile_at(self, screen: tuple[int, int]) -> TilePos | None:
        """The map tile under a screen point, or None off the map or outside the view."""
        if not self.view.collidepoint(screen):
            return None
        tx = int((screen[0] - self.view.x + self.x) // self.tile_px)
        ty = int((screen[1] - self.view.y + self.y) // self.tile_px)
        if 0 <= tx < self.map_tiles[0] and 0 <= ty < self.map_tiles[1]:
            return TilePos(tx, ty)
        return None

    def tile_origin(self, pos: tuple[int, int]) -> tuple[int, int]:
        """The screen pixel of a tile's top-left corner."""
        return (
            round(self.view.x + pos[0] * self.tile_px - self.x),
            round(self.view.y + pos[1] * self.tile_px - self.y),
        )

    def tile_rect(self, pos: tuple[int, int]) -> pygame.Rect:
        """A tile's rectangle on screen."""
        x, y = self.tile_origin(pos)
        return pygame.Rect(x, y, self.tile_px, self.tile_px)

    def tile_centre(self, pos: tuple[float, float]) -> tuple[int, int]:
        """The screen pixel of a (possibly fractional) tile position's centre."""
        return (
            round(self.view.x + (pos[0] + 0.5) * self.tile_px - self.x),
            round(self.view.y + (pos[1] + 0.5) * self.tile_px - self.y),
        )

    def visible_tiles(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1): the tile range on screen, x1/y1 exclusive, clipped to the map."""
        x0 = max(0, int(self.x // self.tile_px))
        y0 = max(0, int(self.y // self.tile_px))
        x1 = min(self.map_tiles[0], int((self.x + self.view.w) // self.tile_px) + 1)
        y1 = min(self.map_tiles[1], int((self.y + self.view.h) // self.tile_px) + 1)
        return x0, y0, x1, y1
