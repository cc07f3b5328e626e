"""Zoomed in above 32 px a tile, the shipped urban tiles are painted afresh at the zoomed size
(sharp) instead of scaling pixels; tiles and the drawn window are cached per zoom."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.art.tileset_art import urban_tile
from game.client.map_render import GID_MASK, MapRenderer
from game.core.paths import MAPS_DIR
from game.scenario.loader import load_scenario


@pytest.fixture
def renderer(ruleset):
    pygame.display.init()
    pygame.display.set_mode((64, 64))
    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    yield MapRenderer(scenario)
    pygame.display.quit()


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
    names = renderer.atlas._names[
        min(t.first_gid for t in renderer.atlas.tilesets if t.name == "urban")
    ]
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


def test_tiles_and_the_drawn_window_are_cached_per_zoom(renderer):
    view = pygame.Rect(0, 0, 640, 480)
    target = pygame.Surface(view.size)
    renderer.draw(target, view, 20 * 48, 20 * 48, 48)
    window = renderer._window
    renderer.draw(target, view, 20 * 48 + 30, 20 * 48 + 10, 48)  # a small pan reuses it
    assert renderer._window is window
    cached = len(renderer.atlas._sized)
    renderer.draw(target, view, 20 * 64, 20 * 64, 64)  # another zoom: drawn again
    assert renderer._window is not window and len(renderer.atlas._sized) > cached
    assert {key[2] for key in renderer.atlas._sized} == {48, 64}
