"""The campaign from the main menu: the next mission's briefing with the roster deployed,
the battle, and the result saved in the campaign progress after the debrief."""

from __future__ import annotations

import pygame

from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import DebriefScreen
from game.client.menu_screens import BriefingScreen, MainMenuScreen
from game.saves.campaign_saves import load_progress
from game.sim.turns import final_outcome
from tests.ui_driver import close_messages, key, make_app, run_until


def test_campaign_mission_from_the_menu_to_the_saved_result(tmp_path):
    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)  # Campaign (the first item a returning player is offered)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.campaign is not None
    assert briefing.campaign.mission == 1 and briefing.campaign.missions >= 2
    key(app, pygame.K_RETURN)  # Start
    close_messages(app)  # Al-Qadisiyah's first words
    screen = app.top
    assert isinstance(screen, BattleScreen)
    run = screen.session.campaign
    assert run is not None and screen.session.state.units  # the roster was deployed
    final_outcome(screen.session.state)  # the turn limit is reached at once
    assert run_until(app, lambda: isinstance(app.top, DebriefScreen), 50)
    app.run_frames(2)
    saved = load_progress(tmp_path / "campaign.json").to_dict()
    assert len(saved["results"]) == 1 and saved["results"][0]["map"].endswith("qadisiyah.tmx")
    texts = [b.text for b in app.top.focus.buttons]
    assert texts[0] == "Retry mission"  # nothing taken on turn 1: a defeat
    report = app.top.report()
    assert "must be fought again (attempt 2)" in report
    # the defeat is explained: which of the player's mandatory objectives failed, and why
    why = report.split("<b>Why</b>")[1].split("<b>Losses</b>")[0]
    assert "Turn limit: coalition did not take its objectives" in why
    assert "Your objective" in why and "failed:" in why
    assert report.index("<b>Civilians</b>") < report.index("<b>Why</b>")  # civilians first
    key(app, pygame.K_RETURN)
    again = app.top
    assert isinstance(again, BriefingScreen) and again.campaign is not None
    assert any(getattr(w, "text", "").endswith("attempt 2") for w in again.widgets)
    assert app.errors == []
    app.close()


def test_a_campaign_battle_saved_and_loaded_stays_a_campaign_mission(tmp_path):
    from game.client.menu_screens import LoadGameScreen
    from game.saves.save_files import read_save

    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)  # Campaign
    key(app, pygame.K_RETURN)  # Start
    close_messages(app)  # Al-Qadisiyah's first words
    screen = app.top
    assert isinstance(screen, BattleScreen) and screen.session.campaign is not None
    key(app, pygame.K_F5)
    save = read_save(next(tmp_path.glob("*-quick.sbs.json")))
    assert save.campaign is not None and save.campaign["progress"]["index"] == 0
    assert save.player_side == "coalition" and save.difficulty == "standard"
    key(app, pygame.K_F9)  # quick load: the mission goes on as a campaign mission
    loaded = app.top
    assert isinstance(loaded, BattleScreen) and loaded is not screen
    run = loaded.session.campaign
    assert run is not None and run.mission == 1 and run.played is not None
    assert "campaign mission 1 of 5" in loaded.session.log[-1].text
    assert run.played.battle is loaded.session.battle
    # the Load game screen resumes it too
    app.push(LoadGameScreen())
    app.run_frames(2)
    headings = [text for text, entry in app.top.rows if entry is None]
    assert any("campaign mission 1" in h for h in headings)
    key(app, pygame.K_RETURN)
    loaded = app.top
    assert isinstance(loaded, BattleScreen) and loaded.session.campaign is not None
    final_outcome(loaded.session.state)
    assert run_until(app, lambda: isinstance(app.top, DebriefScreen), 50)
    app.run_frames(2)
    saved = load_progress(tmp_path / "campaign.json").to_dict()
    assert len(saved["results"]) == 1 and saved["results"][0]["map"].endswith("qadisiyah.tmx")
    assert saved["index"] == (1 if saved["results"][0]["winner"] == "coalition" else 0)
    assert app.errors == []
    app.close()
