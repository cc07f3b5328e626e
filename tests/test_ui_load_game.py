"""Load game: saves listed by label, a damaged save refused with its reason, a good one continued."""

from __future__ import annotations

import pygame

from game.client.basic_screens import NoticeScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.menu_screens import LoadGameScreen, MainMenuScreen
from game.core.paths import MAPS_DIR
from game.core.values import Side
from tests.ui_driver import click, close_messages, key, make_app


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
    assert any(t.startswith("Quick save (F5) - turn 1") for t in texts)
    assert "broken (damaged)" in texts
    broken = texts.index("broken (damaged)")
    app.top.focus.focus(broken)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, NoticeScreen) and "damaged" in app.top.message
    key(app, pygame.K_RETURN)
    good = next(i for i, t in enumerate(texts) if t.startswith("Quick save"))
    app.top.focus.focus(good)
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, BattleScreen)
    assert app.top.session.state.state_hash() == session.state.state_hash()
    assert app.errors == []
    app.close()


def test_saves_are_grouped_by_battle_named_deleted_and_loaded_from_the_pause_menu(
    tmp_path, ruleset
):
    from game.client.basic_screens import ConfirmScreen
    from game.client.battle_dialogs import PauseScreen, SaveAsScreen

    first = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=5)
    first.save_dir = tmp_path
    first.quick_save()
    first.autosave()
    second = BattleSession.open(MAPS_DIR / "nimrud.tmx", ruleset, seed=6)
    second.save_dir = tmp_path
    second.autosave()
    app = make_app(tmp_path)
    app.push(MainMenuScreen())
    screen = BattleScreen(BattleSession.open(MAPS_DIR / "al-bakr.tmx", ruleset, seed=7))
    app.push(screen)
    close_messages(app)
    key(app, pygame.K_ESCAPE)
    if not isinstance(app.top, PauseScreen):
        key(app, pygame.K_ESCAPE)
    pause = app.top
    assert isinstance(pause, PauseScreen)
    click(app, next(b for b in pause.focus.buttons if b.text == "Save as...").rect.center)
    assert isinstance(app.top, SaveAsScreen)
    app.top.entry.set_text("Before the assault")
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, NoticeScreen) and "before-the-assault" in app.top.message
    key(app, pygame.K_RETURN)
    click(app, next(b for b in app.top.focus.buttons if b.text == "Load game").rect.center)
    load = app.top
    assert isinstance(load, LoadGameScreen)
    headings = [text for text, entry in load.rows if entry is None]
    assert any(h.startswith("Al-Bakr") for h in headings)
    assert any(h.startswith("Al-Qadisiyah") for h in headings)
    assert any(h.startswith("Nimrud") for h in headings)
    named = next(b for b, e in load.saves.items() if e.label == "Before the assault")
    # delete one save, with a confirmation; the other battles' saves stay
    click(app, next(b for b in load.focus.buttons if b.text == "Delete a save...").rect.center)
    qadisiyah_auto = next(
        b for b, e in load.saves.items() if e.title == "Al-Qadisiyah" and "Autosave" in e.label
    )
    path = load.saves[qadisiyah_auto].path
    click(app, qadisiyah_auto.rect.center)
    assert isinstance(app.top, ConfirmScreen)
    key(app, pygame.K_RETURN)  # Yes
    assert app.top is load and not path.exists()
    assert first.quicksave_path.exists() and len(list(tmp_path.glob("nimrud-*"))) == 1
    named = next(b for b, e in load.saves.items() if e.label == "Before the assault")
    click(app, named.rect.center)
    assert isinstance(app.top, BattleScreen) and app.top.session.scenario.title == "Al-Bakr"
    app.close()


def test_the_fog_memory_survives_a_quick_save_and_load(tmp_path, ruleset):
    from game.ai.player import standard_players
    from game.play.match import Match

    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=2, ai_only=True)
    session.player_side = Side.COALITION
    session.save_dir = tmp_path
    Match(session, standard_players()).play(stop=lambda s: s.turn > 4)
    explored = int(session.fog[Side.COALITION].ever_seen.sum())
    ghosts = dict(session.fog[Side.COALITION].last_known)
    path = session.quick_save()
    again = BattleSession.load(path, ruleset)
    assert int(again.fog[Side.COALITION].ever_seen.sum()) == explored  # 1806 once became 1795
    assert again.fog[Side.COALITION].last_known == ghosts


def test_loading_a_save_brings_the_enemy_ai_back_with_its_memory(tmp_path, ruleset):
    """A quick save and load in the middle of a battle against the standard ISIL AI: the
    loaded session's AI remembers what the uninterrupted one does, so both play the same."""
    from game.ai.player import standard_players
    from game.play.match import Match

    def session_after(turns: int) -> BattleSession:
        session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=4)
        session.save_dir = tmp_path
        own = standard_players()[Side.COALITION]  # a scripted "player" for the coalition
        Match(session, {Side.COALITION: own, **session.ais}).play(stop=lambda s: s.turn > turns)
        return session

    straight = session_after(4)
    path = straight.quick_save()
    loaded = BattleSession.load(path, ruleset)
    assert "could not be rebuilt" not in loaded.log[-1].text
    memory = loaded.ais[Side.ISIL].memory.contacts
    assert memory == straight.ais[Side.ISIL].memory.contacts and memory  # it remembers
    assert loaded.state.state_hash() == straight.state.state_hash()
