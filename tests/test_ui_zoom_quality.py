"""Zoomed in above 32 px a tile, the shipped urban tiles are painted afresh at the zoomed size
(sharp) instead of scaling pixels; tiles and the drawn window are cached per zoom."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.art.tileset_art import urban_tile
from game.client.map_render import GID_MASK, MapRenderer, urban_names
from game.core.paths import MAPS_DIR
from game.scenario.loader import load_scenario


@pytest.fixture
def scenario(ruleset):
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    yield load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    pygame.display.quit()


@pytest.fixture
def renderer(scenario):
    return MapRenderer(scenario)


def plain_ground_tile(renderer: MapRenderer) -> tuple[int, int, int]:
    """A cell drawn by one unflipped urban tile only (no decoration over it)."""
    first = min(t.first_gid for t in renderer.atlas.tilesets if t.name == "urban")
    for y in range(4, renderer.height - 4):
        for x in range(4, renderer.width - 4):
            drawn = [int(g[y, x]) for g, _, _ in renderer.layers if g[y, x]]
            if len(drawn) == 1 and drawn[0] == drawn[0] & GID_MASK and drawn[0] >= first:
                return x, y, drawn[0] - first
    raise AssertionError("no plain cell")


def sharpness(pixels: np.ndarray) -> float:
    """Mean absolute difference between neighbouring pixels (edges keep it high)."""
    grey = pixels.astype(np.float32).mean(axis=2)
    return float(np.abs(np.diff(grey, axis=0)).mean() + np.abs(np.diff(grey, axis=1)).mean())


def test_zoomed_in_map_is_painted_from_the_urban_art_at_that_size(renderer):
    x, y, local = plain_ground_tile(renderer)
    names = urban_names(next(t for t in renderer.atlas.tilesets if t.name == "urban"))
    size = 64
    view = pygame.Rect(0, 0, 640, 480)
    target = pygame.Surface(view.size)
    cam_x, cam_y = (x - 3) * size, (y - 3) * size
    renderer.draw(target, view, cam_x, cam_y, size)
    drawn = pygame.surfarray.array3d(target)[3 * size : 4 * size, 3 * size : 4 * size]
    expected_surface = pygame.Surface((size, size))
    expected_surface.fill((58, 56, 50))
    expected_surface.blit(urban_tile(names[local], size=size), (0, 0))
    expected = pygame.surfarray.array3d(expected_surface)
    assert np.array_equal(drawn, expected)
    scaled = pygame.transform.scale(renderer.surface.subsurface((x * 32, y * 32, 32, 32)), (64, 64))
    assert sharpness(drawn) > sharpness(pygame.surfarray.array3d(scaled))


def test_tiles_and_the_drawn_window_are_cached_per_zoom(renderer, scenario, monkeypatch):
    view = pygame.Rect(0, 0, 640, 480)
    painted: list[int] = []  # the size of every tile image the renderer asks the atlas for
    tile_at = renderer.atlas.tile_at

    def counting_tile_at(raw_gid: int, opacity: float, size: int):
        painted.append(size)
        return tile_at(raw_gid, opacity, size)

    monkeypatch.setattr(renderer.atlas, "tile_at", counting_tile_at)

    def drawn(cam_x: int, cam_y: int, size: int) -> tuple[np.ndarray, list[int]]:
        """The view drawn at a camera and zoom, and the tile sizes painted for it."""
        painted.clear()
        target = pygame.Surface(view.size)
        renderer.draw(target, view, cam_x, cam_y, size)
        return pygame.surfarray.array3d(target), list(painted)

    def fresh(cam_x: int, cam_y: int, size: int) -> np.ndarray:
        """The same view from a renderer with nothing cached."""
        target = pygame.Surface(view.size)
        MapRenderer(scenario).draw(target, view, cam_x, cam_y, size)
        return pygame.surfarray.array3d(target)

    _, first = drawn(20 * 48, 20 * 48, 48)
    assert first and set(first) == {48}
    pixels, panned = drawn(20 * 48 + 30, 20 * 48 + 10, 48)
    assert panned == []  # a small pan reuses the drawn window: no tile is painted again
    assert np.array_equal(pixels, fresh(20 * 48 + 30, 20 * 48 + 10, 48))
    pixels, zoomed = drawn(20 * 64, 20 * 64, 64)
    assert zoomed and set(zoomed) == {64}  # another zoom: drawn again at that size only
    assert np.array_equal(pixels, fresh(20 * 64, 20 * 64, 64))
    gid = int(next(g[25, 25] for g, _, _ in renderer.layers if g[25, 25]))
    tile = tile_at(gid, 1.0, 48)
    assert tile is not None and tile_at(gid, 1.0, 48) is tile  # tiles are cached per zoom
    assert tile_at(gid, 1.0, 64).get_size() == (64, 64)
