"""The Tiled map as pixels: tile layers in the map's real order (visibility, opacity, flip
flags, decoration layers) pre-rendered once; a cell is patched when its gid changes."""

from __future__ import annotations

import numpy as np
import pygame

from game.scenario.model import Scenario, Tileset

FLIP_H = 0x80000000
FLIP_V = 0x40000000
FLIP_D = 0x20000000
GID_MASK = 0x1FFFFFFF
MISSING = (255, 0, 255)
GROUND = (58, 56, 50)


def transpose(surface: pygame.Surface) -> pygame.Surface:
    """Mirror a surface over its main diagonal (Tiled's diagonal flip)."""
    return pygame.transform.flip(pygame.transform.rotate(surface, -90), True, False)


def flipped(surface: pygame.Surface, raw_gid: int) -> pygame.Surface:
    """Apply Tiled's flip flags in Tiled's order: diagonal, then horizontal, then vertical."""
    if raw_gid & FLIP_D:
        surface = transpose(surface)
    if raw_gid & (FLIP_H | FLIP_V):
        surface = pygame.transform.flip(surface, bool(raw_gid & FLIP_H), bool(raw_gid & FLIP_V))
    return surface


class TileAtlas:
    """Tile images by gid (flip flags and opacity applied), cut from the tilesets' images."""

    def __init__(self, tilesets: list[Tileset], tile_size: int) -> None:
        self.tilesets = sorted(tilesets, key=lambda t: t.first_gid)
        self.tile_size = tile_size
        self._sheets: dict[str, pygame.Surface | None] = {}
        self._cache: dict[tuple[int, float], pygame.Surface | None] = {}

    def _image(self, path: object) -> pygame.Surface | None:
        key = str(path)
        if key not in self._sheets:
            try:
                self._sheets[key] = pygame.image.load(key).convert_alpha()
            except (pygame.error, FileNotFoundError, OSError):
                self._sheets[key] = None
        return self._sheets[key]

    def _plain(self, gid: int) -> pygame.Surface | None:
        owner = None
        for tileset in self.tilesets:
            if tileset.first_gid <= gid < tileset.first_gid + tileset.tile_count:
                owner = tileset
        if owner is None:
            return None
        local = gid - owner.first_gid
        size = self.tile_size
        tile: pygame.Surface | None = None
        if owner.image is not None:
            sheet = self._image(owner.image)
            if sheet is not None and owner.columns > 0:
                tw, th = owner.tile_width, owner.tile_height
                x = owner.margin + (local % owner.columns) * (tw + owner.spacing)
                y = owner.margin + (local // owner.columns) * (th + owner.spacing)
                area = pygame.Rect(x, y, tw, th).clip(sheet.get_rect())
                if area.w and area.h:
                    tile = sheet.subsurface(area).copy()
        elif local in owner.tile_images:
            tile = self._image(owner.tile_images[local])
        if tile is None:
            tile = pygame.Surface((size, size), pygame.SRCALPHA)
            tile.fill(MISSING)
        if tile.get_size() != (size, size):
            tile = pygame.transform.smoothscale(tile, (size, size))
        return tile

    def tile(self, raw_gid: int, opacity: float = 1.0) -> pygame.Surface | None:
        """The image of a raw gid (with flip flags) at a layer opacity; None for gid 0."""
        key = (int(raw_gid), round(opacity, 3))
        if key in self._cache:
            return self._cache[key]
        gid = int(raw_gid) & GID_MASK
        surface = self._plain(gid) if gid else None
        if surface is not None:
            surface = flipped(surface, int(raw_gid))
            if opacity < 1.0:
                surface = surface.copy()
                surface.set_alpha(round(255 * opacity))
        self._cache[key] = surface
        return surface


class MapRenderer:
    """The map pre-rendered at its tile size, with cached zoomed copies and cell patching."""

    def __init__(self, scenario: Scenario) -> None:
        self.tile = scenario.tile_size
        self.width = scenario.width
        self.height = scenario.height
        self.atlas = TileAtlas(scenario.tilesets, self.tile)
        self.layers: list[tuple[np.ndarray, float, bool]] = [
            (layer.gids.copy(), layer.opacity, layer.decoration)
            for layer in scenario.layers
            if layer.kind == "tile" and layer.visible and layer.gids is not None
        ]
        self.drawn_gid = scenario.grid.gid.astype(np.uint32).copy()
        self.version = 0
        self.surface = pygame.Surface((self.width * self.tile, self.height * self.tile))
        self._zoomed: dict[int, pygame.Surface] = {}
        self._render_all()

    def _render_all(self) -> None:
        self.surface.fill(GROUND)
        t = self.tile
        for gids, opacity, _ in self.layers:
            ys, xs = np.nonzero(gids)
            batch = []
            for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
                image = self.atlas.tile(int(gids[y, x]), opacity)
                if image is not None:
                    batch.append((image, (x * t, y * t)))
            self.surface.fblits(batch)

    def _render_cell(self, x: int, y: int) -> None:
        t = self.tile
        self.surface.fill(GROUND, (x * t, y * t, t, t))
        for gids, opacity, _ in self.layers:
            image = self.atlas.tile(int(gids[y, x]), opacity) if gids[y, x] else None
            if image is not None:
                self.surface.blit(image, (x * t, y * t))

    def sync(self, state_gid: np.ndarray) -> list[tuple[int, int]]:
        """Redraw the cells whose terrain gid changed in the battle (collapse, berm, cleared)."""
        changed = np.argwhere(state_gid != self.drawn_gid)
        cells = [(int(x), int(y)) for y, x in changed]
        for x, y in cells:
            new = int(state_gid[y, x])
            deciding = None
            for gids, _, decoration in self.layers:
                if decoration:
                    gids[y, x] = 0  # litter or roof clutter does not survive the change
                elif gids[y, x]:
                    deciding = gids
            if deciding is None:
                deciding = next((g for g, _, d in self.layers if not d), None)
            if deciding is not None:
                deciding[y, x] = new
            self.drawn_gid[y, x] = new
            self._render_cell(x, y)
        if cells:
            self.version += 1
            self._zoomed.clear()
        return cells

    def zoomed(self, tile_px: int) -> pygame.Surface:
        """The whole map at a smaller-or-equal tile size (cached until a cell changes)."""
        if tile_px >= self.tile:
            return self.surface
        if tile_px not in self._zoomed:
            size = (self.width * tile_px, self.height * tile_px)
            self._zoomed[tile_px] = pygame.transform.smoothscale(self.surface, size)
        return self._zoomed[tile_px]

    def draw(
        self, target: pygame.Surface, view: pygame.Rect, cam_x: float, cam_y: float, tile_px: int
    ) -> None:
        """Draw the part of the map the camera sees into `view` on `target`."""
        if tile_px <= self.tile:
            source = self.zoomed(tile_px)
            ox, oy = max(0, -round(cam_x)), max(0, -round(cam_y))
            area = pygame.Rect(max(0, round(cam_x)), max(0, round(cam_y)), view.w - ox, view.h - oy)
            target.blit(source, (view.x + ox, view.y + oy), area)
            return
        ratio = self.tile / tile_px
        sx, sy = cam_x * ratio, cam_y * ratio
        x0, y0 = max(0, int(sx)), max(0, int(sy))
        x1 = min(self.surface.get_width(), int((cam_x + view.w) * ratio) + 2)
        y1 = min(self.surface.get_height(), int((cam_y + view.h) * ratio) + 2)
        if x1 <= x0 or y1 <= y0:
            return
        part = self.surface.subsurface((x0, y0, x1 - x0, y1 - y0))
        scaled = pygame.transform.scale(part, (round((x1 - x0) / ratio), round((y1 - y0) / ratio)))
        target.blit(
            scaled, (view.x + round(x0 / ratio - cam_x), view.y + round(y0 / ratio - cam_y))
        )
