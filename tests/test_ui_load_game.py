"""Load game: saves listed by label, a damaged save refused with its reason, a good one continued."""

from __future__ import annotations

import pygame

from game.client.basic_screens import NoticeScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.menu_screens import LoadGameScreen, MainMenuScreen
from game.core.paths import MAPS_DIR
from tests.ui_driver import key, make_app


def test_load_game_lists_saves_and_continues_the_battle(tmp_path, ruleset):
    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=5)
    session.save_dir = tmp_path
    session.quick_save()
    (tmp_path / "broken.sbs.json").write_text("{not json")
    app = make_app(tmp_path)
    app.push(MainMenuScreen())
    app.push(LoadGameScreen())
    app.run_frames(2)
    texts = [b.text for b in app.top.focus.buttons]
    assert any("Al-Qadisiyah, turn 1" in t for t in texts)
    assert "broken (damaged)" in texts
    broken = texts.index("broken (damaged)")
    app.top.focus.focus(broken)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, NoticeScreen) and "damaged" in app.top.message
    key(app, pygame.K_RETURN)
    good = next(i for i, t in enumerate(texts) if "Al-Qadisiyah" in t)
    app.top.focus.focus(good)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, BattleScreen)
    assert app.top.session.state.state_hash() == session.state.state_hash()
    assert app.errors == []
    app.close()
