"""Unit counters stay readable at every zoom: the HP/AP bars and the badges (overwatch, seen
by the enemy, car-bomb alert) never cover the type symbol; a car bomb has its own frame."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from game.art.counter_art import counter_surface
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.core.paths import MAPS_DIR
from game.core.values import Side
from tests.ui_driver import close_messages, make_app

MAP = MAPS_DIR / "qadisiyah.tmx"


@pytest.fixture
def battle(tmp_path: Path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    screen = BattleScreen(BattleSession.open(MAP, ruleset, seed=1))
    app.push(screen)
    close_messages(app)
    yield app, screen
    app.close()


def _tile_pixels(app, screen, pos) -> np.ndarray:
    screen.draw(app.surface)
    rect = screen.camera.tile_rect(pos)
    return pygame.surfarray.array3d(app.surface.subsurface(rect)).copy()


@pytest.mark.parametrize("tile_px", [12, 16, 20, 24, 32, 48, 64])
def test_bars_and_badges_stay_off_the_symbol(battle, tile_px):
    app, screen = battle
    state = screen.session.state
    unit = next(u for u in state.units_of(Side.COALITION) if u.on_map)
    screen.orders.select(None)
    screen.camera.zoom_to(tile_px)
    screen.camera.centre_on(unit.pos)
    pygame.mouse.set_pos((0, 0))
    unit.hp, unit.ap, unit.overwatch_ap, unit.alerted = state.unit_type(unit.id).hp, 10, 0, False
    state.spotted[Side.ISIL].discard(unit.id)
    plain = _tile_pixels(app, screen, unit.pos)
    unit.hp, unit.ap, unit.overwatch_ap, unit.alerted = 1, 0, 5, True
    state.spotted[Side.ISIL].add(unit.id)
    marked = _tile_pixels(app, screen, unit.pos)
    changed = np.any(plain != marked, axis=2)
    assert changed.any()  # the bars and badges did change
    core = slice(round(tile_px * 0.3), round(tile_px * 0.7))
    assert not changed[core, core].any(), "a bar or badge covers the unit's symbol"


def test_a_car_bomb_is_framed_in_warning_stripes():
    pygame.display.init()
    bomb = pygame.surfarray.array3d(counter_surface("car_bomb", "isil", 48))
    fighter = pygame.surfarray.array3d(counter_surface("infantry", "isil", 48))
    yellow = (bomb[..., 0] > 200) & (bomb[..., 1] > 200) & (bomb[..., 2] < 120)
    xs, ys = np.mgrid[0:48, 0:48]
    rim = np.abs(xs - 23.5) + np.abs(ys - 23.5) > 19  # the diamond frame's outer band
    assert (yellow & rim).sum() > 25  # stripes along the frame, not only the burst inside
    assert not ((fighter[..., 0] > 200) & (fighter[..., 1] > 200) & (fighter[..., 2] < 120)).any()
