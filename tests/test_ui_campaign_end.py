"""The end of the campaign: the summary of every battle (civilians first) and the final
roster, reachable from the last debrief and again from the main menu, and a new campaign
only after a confirmation."""

from __future__ import annotations

import pygame

from game.campaign.progress import CampaignState, ScenarioResult
from game.client.basic_screens import ConfirmScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import DebriefScreen
from game.client.campaign_flow import CAMPAIGN_FILE
from game.client.campaign_screens import CampaignSummaryScreen
from game.client.menu_screens import BriefingScreen, MainMenuScreen
from game.saves.campaign_saves import load_progress, save_progress
from game.sim.turns import final_outcome
from tests.ui_driver import click, key, make_app, run_until

MAPS = ("qadisiyah", "arbajiyah", "al-bakr", "southern-approach", "nimrud")


def result(number: int, winner: str = "coalition", attempt: int = 1) -> ScenarioResult:
    return ScenarioResult(
        map=f"{MAPS[number]}.tmx",
        title=f"Battle {number + 1}",
        winner=winner,
        turns=10 + number,
        civilian_casualties=number + 1,
        civilians_evacuated=2,
        own_losses=number,
        enemy_losses=5,
        score=100.0 + number,
        attempt=attempt,
        objectives=[f"Objective {number + 1}: complete"],
    )


def write_progress(tmp_path, index: int, finished: bool) -> None:
    results = [result(0), result(1, "isil", 1), result(1, attempt=2)]
    results += [result(n) for n in range(2, index)]
    progress = CampaignState(
        campaign=str(CAMPAIGN_FILE), index=index, results=results, finished=finished
    )
    progress.new_unit("Alpha", "cts").level = 3
    progress.new_unit("Eagle", "sniper").level = 2
    save_progress(tmp_path / "campaign.json", progress)


def test_finished_campaign_summary_from_the_menu_and_a_confirmed_new_campaign(tmp_path):
    write_progress(tmp_path, 5, finished=True)
    app = make_app(tmp_path)
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)  # Campaign
    summary = app.top
    assert isinstance(summary, CampaignSummaryScreen)
    report = summary.report()
    assert report.index("Civilians") < report.index("Losses") < report.index("1. Battle 1")
    assert "<b>17</b> civilians" in report  # 1 + 2 + 2 (the failed try counts) + 3 + 4 + 5
    for number in range(1, 6):
        assert f"{number}. Battle {number}" in report
        assert f"Objective {number}: complete" in report
    assert "on attempt 2" in report and "Score: 104" in report
    assert report.index("Final roster") < report.index("Alpha (level 3")
    new = next(b for b in summary.focus.buttons if b.text == "Start a new campaign")
    click(app, new.rect.center)
    assert isinstance(app.top, ConfirmScreen)
    key(app, pygame.K_ESCAPE)  # No: nothing changes
    assert isinstance(app.top, CampaignSummaryScreen)
    assert load_progress(tmp_path / "campaign.json").to_dict()["finished"] is True
    new = next(b for b in app.top.focus.buttons if b.text == "Start a new campaign")
    click(app, new.rect.center)
    key(app, pygame.K_y)  # Yes
    app.run_frames(2)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.campaign is not None
    assert briefing.campaign.mission == 1
    saved = load_progress(tmp_path / "campaign.json").to_dict()
    assert saved["index"] == 0 and saved["results"] == [] and not saved["finished"]
    assert app.errors == []
    app.close()


def test_the_last_debrief_leads_to_the_summary(tmp_path):
    write_progress(tmp_path, 4, finished=False)
    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)  # Campaign: mission 5
    key(app, pygame.K_RETURN)  # Start: the deployment screen (the player chooses)
    key(app, pygame.K_UP)
    key(app, pygame.K_UP)  # Back, then Start battle
    key(app, pygame.K_RETURN)
    battle = app.top
    assert isinstance(battle, BattleScreen)
    state = battle.session.state
    final_outcome(state)
    state.winner = "coalition"  # the last mission won
    assert run_until(app, lambda: isinstance(app.top, DebriefScreen), 50)
    app.run_frames(2)
    texts = [b.text for b in app.top.focus.buttons]
    assert texts[0] == "Campaign summary"
    key(app, pygame.K_RETURN)
    summary = app.top
    assert isinstance(summary, CampaignSummaryScreen)
    assert "5. " in summary.report() and "Battle 4" in summary.report()
    assert app.errors == []
    app.close()
