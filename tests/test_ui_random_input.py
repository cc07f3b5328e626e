"""Thousands of random clicks and key presses through the real app: no crash anywhere."""

from __future__ import annotations

import numpy as np
import pygame

from game.client.menu_screens import MainMenuScreen
from tests.ui_driver import make_app

KEYS = [
    pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_TAB, pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
    pygame.K_RIGHT, pygame.K_SPACE, pygame.K_f, pygame.K_o, pygame.K_s, pygame.K_u, pygame.K_g,
    pygame.K_l, pygame.K_b, pygame.K_c, pygame.K_n, pygame.K_x, pygame.K_F1, pygame.K_F5,
    pygame.K_F9, pygame.K_PLUS, pygame.K_MINUS, pygame.K_PAGEDOWN,
]  # fmt: skip


def test_random_input_never_crashes(tmp_path):
    rng = np.random.default_rng(2016)
    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(1)
    width, height = app.size
    seen: dict[str, int] = {}
    for i in range(2000):
        roll = rng.random()
        if roll < 0.45:
            code = int(rng.choice(KEYS))
            mod = pygame.KMOD_SHIFT if rng.random() < 0.1 else 0
            pygame.event.post(
                pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)
            )
        elif roll < 0.9:
            pos = (int(rng.integers(0, width)), int(rng.integers(0, height)))
            button = int(rng.choice([1, 1, 1, 3, 2]))
            pygame.event.post(
                pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(3, -2), buttons=(0, 0, 0))
            )
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        else:
            pygame.event.post(
                pygame.event.Event(
                    pygame.MOUSEWHEEL, x=0, y=int(rng.choice([-1, 1])), flipped=False
                )
            )
        if i % 3 == 0:
            app.run_frames(1)
            name = type(app.top).__name__
            seen[name] = seen.get(name, 0) + 1
        if not app.running:  # the player chose Quit: start again from the menu
            app.running = True
            app.stack.clear()
            app.push(MainMenuScreen())
        assert app.errors == [], app.errors[-1]
    app.close()
    print(seen)
    assert seen.get("BattleScreen", 0) > 50  # the random player did reach the battle
    assert {"MainMenuScreen", "ScenarioChooserScreen", "BriefingScreen"} <= set(seen)
