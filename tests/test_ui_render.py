"""Rendering: Tiled flip flags, cell patching after a collapse, the headless screenshot
(pixels in known places), the camera's clamping and zoom anchor."""

from __future__ import annotations

import os

import numpy as np
import pygame
import pytest

from game.client.camera import Camera
from game.client.launch import render_screenshot
from game.client.map_render import FLIP_D, FLIP_H, FLIP_V, flipped
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos

MAP = MAPS_DIR / "qadisiyah.tmx"


@pytest.fixture(scope="module", autouse=True)
def display():
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    yield


def _marked() -> pygame.Surface:
    """A 4x4 surface, black with a red pixel at (1, 0) (x, y)."""
    surface = pygame.Surface((4, 4))
    surface.fill((0, 0, 0))
    surface.set_at((1, 0), (255, 0, 0))
    return surface


@pytest.mark.parametrize(
    ("flags", "where"),
    [(0, (1, 0)), (FLIP_H, (2, 0)), (FLIP_V, (1, 3)), (FLIP_D, (0, 1)), (FLIP_D | FLIP_H, (3, 1))],
)
def test_flip_flags_follow_tiled(flags, where):
    result = flipped(_marked(), 5 | flags)
    assert result.get_at(where)[:3] == (255, 0, 0)


def test_a_collapsed_building_is_redrawn(ruleset):
    from game.client.map_render import MapRenderer
    from game.scenario.loader import load_scenario

    scenario = load_scenario(MAP, ruleset)
    renderer = MapRenderer(scenario)
    grid = scenario.grid.copy()
    y, x = map(int, np.argwhere(grid.collapse_gid > 0)[0])
    before = pygame.surfarray.array3d(renderer.surface.subsurface((x * 32, y * 32, 32, 32))).copy()
    grid.set_tile(x, y, int(grid.collapse_gid[y, x]), scenario.tiles)
    assert renderer.sync(grid.gid) == [(x, y)]
    after = pygame.surfarray.array3d(renderer.surface.subsurface((x * 32, y * 32, 32, 32)))
    assert not np.array_equal(before, after)
    assert renderer.sync(grid.gid) == []


def test_camera_clamps_and_zooms_about_the_cursor():
    camera = Camera((100, 80), pygame.Rect(0, 0, 640, 480), 32)
    camera.pan(-1000, -1000)
    assert (camera.x, camera.y) == (0, 0)
    camera.pan(10**6, 10**6)
    assert (camera.x, camera.y) == (100 * 32 - 640, 80 * 32 - 480)
    camera.centre_on(TilePos(50, 40))
    under = camera.tile_at((200, 150))
    camera.zoom_step(1, (200, 150))
    assert camera.tile_px > 32 and camera.tile_at((200, 150)) == under
    small = Camera((10, 10), pygame.Rect(0, 0, 640, 480), 32)
    assert small.tile_at(small.tile_rect(TilePos(0, 0)).center) == TilePos(0, 0)


def test_screenshot_shows_the_hud_and_the_units_side_colours(tmp_path, ruleset):
    out = render_screenshot(
        MAP, tmp_path / "shot.png", seed=1, turn=0, size=(1280, 720), select=False
    )
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 720)
    # the HUD panels are drawn (not black) at the top bar, the minimap and the action bar
    for point in ((5, 5), (1270, 100), (5, 710)):
        assert sum(image.get_at(point)[:3]) > 40, point
    # a coalition counter shows its side colour where the unit stands
    from game.art.counter_art import COALITION_BLUE
    from game.client.battle_session import BattleSession
    from game.client.camera import Camera as Cam

    session = BattleSession.open(MAP, ruleset, 1)
    unit = session.state.units_of(Side.COALITION)[0]
    grid = session.state.grid
    cam = Cam((grid.width, grid.height_tiles), pygame.Rect(0, 34, 1280 - 330, 720 - 34 - 50), 32)
    own = session.state.units_of(Side.COALITION)
    cam.centre_on(
        TilePos(sum(u.pos.x for u in own) // len(own), sum(u.pos.y for u in own) // len(own))
    )
    rect = cam.tile_rect(unit.pos)
    pixels = [
        image.get_at((x, y))[:3]
        for x in range(rect.x, rect.right)
        for y in range(rect.y, rect.bottom)
    ]
    assert any(max(abs(a - b) for a, b in zip(p, COALITION_BLUE, strict=True)) < 30 for p in pixels)


def test_an_enemy_out_of_sight_leaves_a_ghost_at_its_last_known_place(ruleset):
    from game.client.battle_session import BattleSession
    from game.client.battle_view import BattleView, Overlays
    from game.client.theme import STANDARD, TextCache

    pygame.display.init()  # the screenshot test closes the display when it is done
    pygame.display.set_mode((1, 1))
    session = BattleSession.open(MAP, ruleset, seed=1)
    state = session.state
    hidden = next(u for u in state.units_of(Side.ISIL) if not session.sees(u.id))
    view = BattleView(session, TextCache(), STANDARD)
    grid = state.grid
    camera = Camera((grid.width, grid.height_tiles), pygame.Rect(0, 0, 640, 480), 32)
    camera.centre_on(hidden.pos)
    target = pygame.Surface((640, 480))
    rect = camera.tile_rect(hidden.pos)

    def tile_pixels() -> np.ndarray:
        view.draw(target, camera, Overlays(), 0.0)
        return pygame.surfarray.array3d(target.subsurface(rect)).astype(int)

    before = tile_pixels()
    session.fog[Side.COALITION].last_known[hidden.id] = hidden.pos  # seen there once
    assert hidden.id in session.ghosts()
    after = tile_pixels()
    assert np.abs(after - before).sum() > 2000  # a faded counter is drawn there
