"""Campaign deployment from the briefing: the slots, who may fill them, the player's swaps by
keyboard and mouse, the battle started with that choice; the roster screen."""

from __future__ import annotations

import pygame

from game.campaign.progress import CampaignState
from game.client.battle.screen import BattleScreen
from game.client.campaign_flow import CAMPAIGN_FILE
from game.client.campaign_screens import DeploymentScreen, RosterScreen
from game.client.menu_screens import BriefingScreen, MainMenuScreen
from game.saves.campaign_saves import save_progress
from tests.ui_driver import click, key, make_app


def second_mission_progress(tmp_path):
    """Progress after the first battle: three CTS teams and a sniper in the roster."""
    progress = CampaignState(campaign=str(CAMPAIGN_FILE), index=1)
    for name, unit_type, level in (
        ("Alpha", "cts", 2),
        ("Bravo", "cts", 1),
        ("Charlie", "cts", 0),
        ("Eagle", "sniper", 1),
    ):
        progress.new_unit(name, unit_type).level = level
    save_progress(tmp_path / "campaign.json", progress)


def test_the_player_swaps_units_between_slots_and_the_battle_uses_the_choice(tmp_path):
    second_mission_progress(tmp_path)
    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)  # Campaign
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.campaign is not None
    assert any(b.text.startswith("Deployment") for b in briefing.focus.buttons)
    key(app, pygame.K_RETURN)  # Start: the deployment comes first on this mission
    screen = app.top
    assert isinstance(screen, DeploymentScreen) and screen.start_after
    rows = [b.text for b in screen.focus.buttons]
    assert rows[0].startswith("CTS") and "CTS 1" in rows[0] and "Alpha (level 2" in rows[0]
    assert "Bravo" in rows[1] and "Charlie" in rows[2] and "replacement" in rows[3]
    assert any("Sniper 1" in r and "Eagle" in r for r in rows)
    key(app, pygame.K_RIGHT)  # CTS 1: Alpha -> Bravo (Alpha swaps into CTS 2)
    rows = [b.text for b in screen.focus.buttons]
    assert "Bravo" in rows[0] and "Alpha" in rows[1]
    click(app, screen.focus.buttons[2].rect.center)  # CTS 3: Charlie -> Alpha (next, wraps)
    rows = [b.text for b in screen.focus.buttons]
    assert "Bravo" in rows[0] and "Charlie" in rows[1] and "Alpha" in rows[2]
    start = next(b for b in screen.focus.buttons if b.text == "Start battle")
    click(app, start.rect.center)
    battle = app.top
    assert isinstance(battle, BattleScreen)
    units = battle.session.state.units
    names = {u.veterancy.roster_id: u.name for u in units.values() if u.veterancy}
    assert names["r2"] == "Bravo" and names["r3"] == "Charlie" and names["r1"] == "Alpha"
    by_roster = {u.veterancy.roster_id: uid for uid, u in units.items() if u.veterancy}
    assert (by_roster["r2"], by_roster["r3"], by_roster["r1"]) == ("u25", "u26", "u27")
    assert units["u27"].veterancy.level == 2
    assert app.errors == []
    app.close()


def test_roster_screen_from_the_briefing_and_back(tmp_path):
    second_mission_progress(tmp_path)
    app = make_app(tmp_path)
    app.push(MainMenuScreen())
    app.run_frames(2)
    key(app, pygame.K_RETURN)
    key(app, pygame.K_r)
    roster = app.top
    assert isinstance(roster, RosterScreen)
    report = roster.report()
    assert "<b>Alpha</b> - CTS special-forces squad - level 2, 0 battles - in this battle" in report
    assert "Eagle" in report
    key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, BriefingScreen)
    key(app, pygame.K_d)  # the deployment without starting: Done keeps the choice
    deploy = app.top
    assert isinstance(deploy, DeploymentScreen) and not deploy.start_after
    key(app, pygame.K_LEFT)  # CTS 1: Alpha -> Charlie (previous, wraps)
    done = next(b for b in deploy.focus.buttons if b.text == "Done")
    click(app, done.rect.center)
    briefing = app.top
    assert isinstance(briefing, BriefingScreen) and briefing.deployment_chosen
    run = briefing.campaign
    assert run is not None and run.played is not None
    assert run.played.battle.state.units["u25"].veterancy.roster_id == "r3"
    assert app.errors == []
    app.close()
