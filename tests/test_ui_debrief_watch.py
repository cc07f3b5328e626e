"""The end of a battle leads to the debrief (civilians first); designer mode reloads the map
when its file changes and shows the validator's messages for a broken save."""

from __future__ import annotations

import shutil

import pygame

from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import DebriefScreen
from game.client.battle_session import BattleSession
from game.client.menu_screens import MainMenuScreen
from game.client.watch import WatchScreen
from game.core.paths import MAPS_DIR
from game.core.values import Side
from game.scenario.loader import load_scenario
from tests.ui_driver import close_messages, key, make_app, run_until

MAP = MAPS_DIR / "qadisiyah.tmx"


def test_the_last_turn_ends_in_the_debrief_with_civilians_first(tmp_path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    scenario = load_scenario(MAP, ruleset)
    session = BattleSession.start(MAP, scenario, ruleset, 3, Side.COALITION, turn_limit=1)
    app.push(BattleScreen(session))
    close_messages(app)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)  # Yes, end the turn
    assert run_until(app, lambda: isinstance(app.top, DebriefScreen), 3000)
    assert session.state.over
    report = app.top.report()
    assert report.index("Civilians") < report.index("Losses") < report.index("Objectives")
    assert report.index("Objectives") < report.index("Score")
    key(app, pygame.K_RETURN)  # Main menu
    assert isinstance(app.top, MainMenuScreen) and len(app.stack) == 1
    assert app.errors == []
    app.close()


def test_watch_mode_reloads_on_save_and_shows_problems(tmp_path, ruleset):
    folder = tmp_path / "maps"
    shutil.copytree(MAPS_DIR / "tilesets", folder / "tilesets")
    path = folder / "watched.tmx"
    original = MAP.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    app = make_app(tmp_path)
    screen = WatchScreen(path, ruleset, 1, None, "standard")
    app.push(screen)
    close_messages(app)
    assert screen.battle is not None and screen.reloads == 1
    path.write_text(
        original.replace("<map ", "<map orientation='hexagonal' ", 1)[:500], encoding="utf-8"
    )
    app.run_frames(40)  # the file is polled a few times a second
    assert screen.battle is None and screen.problems and screen.reloads == 2
    assert screen.box is not None and "not valid" in screen.box.html_text
    path.write_text(original, encoding="utf-8")
    app.run_frames(40)
    assert screen.battle is not None and screen.reloads == 3
    assert app.errors == []
    app.close()
