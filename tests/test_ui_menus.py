"""Client menus driven by real input events: menu -> chooser -> briefing -> battle, options
saved, a broken map listed with its problem, Esc back, errors recovered to the menu."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.client.basic_screens import ErrorScreen, NoticeScreen, OptionsScreen
from game.client.battle.screen import BattleScreen
from game.client.catalogue import scan_maps
from game.client.menu_screens import (
    BriefingScreen,
    MainMenuScreen,
    ScenarioChooserScreen,
)
from game.client.settings import Settings, load_settings, save_settings
from game.core.paths import MAPS_DIR as MAP_DIR
from game.core.values import Side
from tests.ui_driver import click, key, make_app


@pytest.fixture
def app(tmp_path: Path):
    application = make_app(tmp_path)
    application.push(MainMenuScreen())
    application.run_frames(2)
    yield application
    application.close()


def test_menu_to_battle_by_keyboard(app):
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, ScenarioChooserScreen)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, BriefingScreen)
    assert app.top.scenario.title == "Al-Qadisiyah"
    key(app, pygame.K_RETURN)
    assert app.errors == []
    assert isinstance(app.top, NoticeScreen)  # the battle opens with its first message
    assert app.top.title == "CTS operations room" and "car bomb" in app.top.message
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, BattleScreen)
    assert app.top.session.state.turn == 1


def test_menu_by_mouse_and_escape_back(app):
    options = next(b for b in app.top.focus.buttons if b.text == "Options")
    click(app, options.rect.center)
    assert isinstance(app.top, OptionsScreen)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, MainMenuScreen)
    single = next(b for b in app.top.focus.buttons if b.text == "Single scenario")
    click(app, single.rect.center)
    assert isinstance(app.top, ScenarioChooserScreen)
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, MainMenuScreen)
    key(app, pygame.K_ESCAPE)
    assert not app.running


def test_options_change_and_save_atomically(app, tmp_path):
    for _ in range(4):  # down to "Options"
        key(app, pygame.K_DOWN, frames=1)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, OptionsScreen)
    for _ in range(5):  # down to "Colour-blind palette"
        key(app, pygame.K_DOWN, frames=1)
    key(app, pygame.K_RIGHT)
    for _ in range(3):  # "Save"
        key(app, pygame.K_DOWN, frames=1)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, MainMenuScreen)
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["colour_blind"] is True
    assert app.settings.colour_blind is True
    assert not list(tmp_path.glob(".settings.json.*"))  # no temporary file left behind


def test_settings_file_bad_values_fall_back(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"ui_scale": "huge", "scroll_speed": 50, "fullscreen": 1}')
    settings = load_settings(path)
    assert (
        settings.ui_scale == 1.0 and settings.scroll_speed == 100 and settings.fullscreen is False
    )
    path.write_text("{not json")
    assert load_settings(path) == Settings()
    save_settings(Settings(volume=0.25), path)
    assert load_settings(path).volume == 0.25


def test_invalid_map_is_listed_with_its_first_problem(tmp_path, ruleset):
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "broken.tmx").write_text("<map version='1.8' orientation='hexagonal'></map>")
    entries = scan_maps(ruleset, folder)
    assert len(entries) == 1 and entries[0].scenario is None
    assert "broken.tmx" in entries[0].problem


def test_an_error_in_a_screen_returns_to_the_menu_with_a_log(app, monkeypatch):
    def explode(self, surface):
        raise RuntimeError("boom")

    monkeypatch.setattr(OptionsScreen, "draw", explode)
    app.push(OptionsScreen())
    app.run_frames(1)
    monkeypatch.undo()
    assert isinstance(app.top, ErrorScreen)
    assert isinstance(app.stack[0], MainMenuScreen)
    assert "boom" in app.error_log.read_text()
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, MainMenuScreen)


def _chooser(app):
    key(app, pygame.K_DOWN)
    key(app, pygame.K_RETURN)
    chooser = app.top
    assert isinstance(chooser, ScenarioChooserScreen)
    return chooser


def _button(screen, text):
    return next(b for b in screen.focus.buttons if b.text == text)


def test_a_click_picks_a_map_and_briefing_opens_it_without_starting_the_battle(app):
    chooser = _chooser(app)
    click(app, _button(chooser, "Arbajiyah").rect.center)
    assert app.top is chooser  # a click picks the map: its preview shows
    assert "Arbajiyah" in chooser.preview.html_text
    click(app, _button(chooser, "Briefing").rect.center)
    app.run_frames(5)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.scenario.title == "Arbajiyah"
    # Start sits where Briefing was: the one click did not reach it
    assert not any(isinstance(s, BattleScreen) for s in app.stack)


def test_back_from_a_briefing_keeps_the_picked_map_and_briefing_works(app):
    chooser = _chooser(app)
    click(app, _button(chooser, "Nimrud").rect.center)
    click(app, _button(chooser, "Nimrud").rect.center)  # a second click opens the briefing
    assert isinstance(app.top, BriefingScreen) and app.top.scenario.title == "Nimrud"
    key(app, pygame.K_ESCAPE)
    click(app, _button(chooser, "Briefing").rect.center)
    assert isinstance(app.top, BriefingScreen) and app.top.scenario.title == "Nimrud"
    key(app, pygame.K_ESCAPE)
    assert app.top is chooser
    assert "Nimrud" in chooser.preview.html_text  # the pane is not empty
    click(app, _button(chooser, "Briefing").rect.center)
    assert isinstance(app.top, BriefingScreen) and app.top.scenario.title == "Nimrud"


def test_play_opens_the_briefing_first_with_the_command_line_choices(tmp_path, ruleset):
    from game.client.launch import open_battle

    app = make_app(tmp_path)
    open_battle(app, MAP_DIR / "nimrud.tmx", ruleset, 5, Side.ISIL, "hard")
    app.run_frames(2)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.scenario.title == "Nimrud"
    texts = [b.text for b in briefing.focus.buttons]
    assert "Play as: ISIL" in texts and "Difficulty: hard" in texts
    start = next(b for b in briefing.focus.buttons if b.text == "Start")
    click(app, start.rect.center)
    battle = app.top
    assert isinstance(battle, BattleScreen)
    session = battle.session
    assert session.player_side is Side.ISIL and session.difficulty == "hard"
    assert session.state.seed == 5
    app.close()


def test_a_new_player_is_offered_the_training_battle_first(tmp_path):
    app = make_app(tmp_path, offer_training=True)  # a new player
    app.push(MainMenuScreen())
    app.run_frames(2)
    menu = app.top
    assert menu.focus.buttons[menu.focus.index].text == "Training"
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, BriefingScreen)
    assert app.top.scenario.title == "Training: one street corner"
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["offer_training"] is False  # suggested once: next time the campaign is first
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, NoticeScreen) and app.top.title == "Instructor"
    assert "Step 1, moving" in app.top.message
    app.close()
    again = make_app(tmp_path, offer_training=False)
    again.push(MainMenuScreen())
    again.run_frames(2)
    assert again.top.focus.buttons[again.top.focus.index].text == "Campaign"
    again.close()


def test_the_training_is_played_as_the_coalition_only(tmp_path, ruleset):
    from game.client.launch import open_battle

    app = make_app(tmp_path)
    open_battle(app, MAP_DIR / "training.tmx", ruleset, 1, None, "standard")
    app.run_frames(2)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.scenario.fixed_side
    side = next(b for b in briefing.focus.buttons if b.text.startswith("Play as"))
    assert side.text == "Play as: COALITION" and not side.is_enabled
    click(app, side.rect.center)  # a disabled button: nothing changes
    assert briefing.side is Side.COALITION and not briefing.hotseat
    with pytest.raises(ValueError, match="coalition only"):
        open_battle(app, MAP_DIR / "training.tmx", ruleset, 1, Side.ISIL, "standard")
    app.close()
    # any other map still offers both sides
    other = make_app(tmp_path)
    open_battle(other, MAP_DIR / "nimrud.tmx", ruleset, 1, None, "standard")
    other.run_frames(2)
    side = next(b for b in other.top.focus.buttons if b.text.startswith("Play as"))
    assert side.is_enabled
    other.close()
