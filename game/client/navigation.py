"""The one place that knows every screen a screen may lead to (the app's Navigator)."""

from __future__ import annotations

from pathlib import Path

from game.client.app import App, Screen, Transition
from game.client.basic_screens import ErrorScreen
from game.client.campaign_flow import CampaignRun
from game.client.campaign_screens import CampaignSummaryScreen
from game.client.menu_screens import LoadGameScreen, MainMenuScreen, open_campaign
from game.client.pbem_screen import PbemScreen


class ScreenNavigator:
    """Builds the main menu, the error screen and the campaign's screens for any screen."""

    def main_menu(self) -> Screen:
        """A fresh main menu."""
        return MainMenuScreen()

    def error_screen(self, message: str, log: Path | None) -> Screen:
        """The internal-error notice, naming the error log."""
        return ErrorScreen(message, log)

    def open_campaign(self, app: App) -> Transition:
        """Continue or start the campaign."""
        return open_campaign(app)

    def campaign_summary(self, run: CampaignRun) -> Screen:
        """The finished campaign's summary."""
        return CampaignSummaryScreen(run)

    def load_game(self) -> Screen:
        """The saved battles, grouped by battle, to load one."""
        return LoadGameScreen()

    def play_by_email(self) -> Screen:
        """Start a play-by-email game or open a turn file."""
        return PbemScreen()
