"""The Tiled map as pixels: tile layers in the map's real order (visibility, opacity, flip
flags, decoration layers) pre-rendered once; a cell is patched when its gid changes.

Zoomed out, the pre-rendered map is scaled down (cached per zoom). Zoomed in, the visible
tiles are drawn at the zoomed size: the shipped urban tileset's tiles are painted afresh at
that size (sharp, game.art.tileset_art.urban_tile), other tilesets' images are smooth-scaled;
tile images are cached per zoom and the drawn window is reused while the camera stays in it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from game.mapmaking.city_generator import URBAN_TSX, read_catalogue
from game.scenario.model import Scenario, Tileset

FLIP_H = 0x80000000
FLIP_V = 0x40000000
FLIP_D = 0x20000000
GID_MASK = 0x1FFFFFFF
MISSING = (255, 0, 255)
GROUND = (58, 56, 50)
WINDOW_MARGIN = 6  # tiles drawn beyond the view when zoomed in, so small pans reuse them


def urban_names(tileset: Tileset) -> dict[int, str]:
    """Local id -> tile_name when the tileset is the shipped urban one (else empty)."""
    urban_png = URBAN_TSX.with_suffix(".png").resolve()
    shipped = (tileset.source is not None and tileset.source.resolve() == URBAN_TSX.resolve()) or (
        tileset.image is not None and Path(tileset.image).resolve() == urban_png
    )
    if not shipped:
        return {}
    try:
        catalogue = read_catalogue(URBAN_TSX, ())
    except ValueError:
        return {}
    from game.art.tileset_art import URBAN_PAINTERS

    return {local: name for name, local in catalogue.local_ids.items() if name in URBAN_PAINTERS}


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
        self._sized: dict[tuple[int, float, int], pygame.Surface | None] = {}
        self._names = {t.first_gid: urban_names(t) for t in self.tilesets}

    def _image(self, path: object) -> pygame.Surface | None:
        key = str(path)
        if key not in self._sheets:
            try:
                self._sheets[key] = pygame.image.load(key).convert_alpha()
            except (pygame.error, FileNotFoundError, OSError):
                self._sheets[key] = None
        return self._sheets[key]

    def _owner(self, gid: int) -> Tileset | None:
        owner = None
        for tileset in self.tilesets:
            if tileset.first_gid <= gid < tileset.first_gid + tileset.tile_count:
                owner = tileset
        return owner

    def _plain(self, gid: int) -> pygame.Surface | None:
        owner = self._owner(gid)
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

    def tile_at(self, raw_gid: int, opacity: float, size: int) -> pygame.Surface | None:
        """The image of a raw gid drawn at `size` pixels: the urban tiles painted sharp at that
        size, others smooth-scaled (cached per size)."""
        if size == self.tile_size:
            return self.tile(raw_gid, opacity)
        key = (int(raw_gid), round(opacity, 3), size)
        if key in self._sized:
            return self._sized[key]
        gid = int(raw_gid) & GID_MASK
        owner = self._owner(gid) if gid else None
        surface: pygame.Surface | None = None
        name = self._names.get(owner.first_gid, {}).get(gid - owner.first_gid) if owner else None
        if name is not None:
            from game.art.tileset_art import urban_tile

            surface = flipped(urban_tile(name, size=size), int(raw_gid))
            if opacity < 1.0:
                surface.set_alpha(round(255 * opacity))
        else:
            base = self.tile(raw_gid, opacity)
            if base is not None:
                surface = pygame.transform.smoothscale(base, (size, size))
        self._sized[key] = surface
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
        self._window: tuple[tuple[int, int, int, int, int, int], pygame.Surface] | None = None
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
            self._window = None
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
        tx0, ty0 = max(0, int(cam_x // tile_px)), max(0, int(cam_y // tile_px))
        tx1 = min(self.width, int((cam_x + view.w) // tile_px) + 1)
        ty1 = min(self.height, int((cam_y + view.h) // tile_px) + 1)
        if tx1 <= tx0 or ty1 <= ty0:
            return
        window = self.window(tile_px, tx0, ty0, tx1, ty1)
        (wx0, wy0), image = window
        area = pygame.Rect(round(cam_x) - wx0 * tile_px, round(cam_y) - wy0 * tile_px, 0, 0)
        ox, oy = max(0, -area.x), max(0, -area.y)
        area.x, area.y = max(0, area.x), max(0, area.y)
        area.size = (view.w - ox, view.h - oy)
        target.blit(image, (view.x + ox, view.y + oy), area)

    def window(
        self, tile_px: int, tx0: int, ty0: int, tx1: int, ty1: int
    ) -> tuple[tuple[int, int], pygame.Surface]:
        """The map's tiles drawn at tile_px around the tile window [tx0, tx1) x [ty0, ty1) (with
        a margin), reused while the window stays inside the one drawn last."""
        if self._window is not None:
            (size, wx0, wy0, wx1, wy1, version), image = self._window
            if (
                size == tile_px
                and version == self.version
                and wx0 <= tx0
                and wy0 <= ty0
                and tx1 <= wx1
                and ty1 <= wy1
            ):
                return (wx0, wy0), image
        m = WINDOW_MARGIN
        wx0, wy0 = max(0, tx0 - m), max(0, ty0 - m)
        wx1, wy1 = min(self.width, tx1 + m), min(self.height, ty1 + m)
        image = pygame.Surface(((wx1 - wx0) * tile_px, (wy1 - wy0) * tile_px))
        image.fill(GROUND)
        for gids, opacity, _ in self.layers:
            part = gids[wy0:wy1, wx0:wx1]
            ys, xs = np.nonzero(part)
            batch = []
            for y, x in zip(ys.tolist(), xs.tolist(), strict=True):
                tile = self.atlas.tile_at(int(part[y, x]), opacity, tile_px)
                if tile is not None:
                    batch.append((tile, (x * tile_px, y * tile_px)))
            image.fblits(batch)
        self._window = ((tile_px, wx0, wy0, wx1, wy1, self.version), image)
        return (wx0, wy0), image
