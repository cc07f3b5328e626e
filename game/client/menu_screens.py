"""Menu screens: main menu, scenario chooser, briefing, load game, options, notices, errors."""

from __future__ import annotations

import contextlib
import html
import random
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.ai.difficulty import DIFFICULTIES
from game.client.app import App, Pop, Push, Quit, Replace, Reset, Transition
from game.client.basic_screens import (
    BACK_KEYS,
    ConfirmScreen,
    MenuScreen,
    NoticeScreen,
    OptionsScreen,
    compass,
    ruleset_of,
    text_html,
)
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.campaign_flow import CampaignRun
from game.client.campaign_screens import CampaignSummaryScreen, DeploymentScreen, RosterScreen
from game.client.catalogue import ScenarioEntry, scan_maps
from game.client.hud import objective_terms
from game.client.keyboard_focus import ButtonFocus
from game.client.session_error import SessionError
from game.client.settings import save_settings
from game.core.paths import MAPS_DIR
from game.core.problems import ScenarioError
from game.core.values import Side
from game.saves.save_files import SaveEntry
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario

TRAINING_MAP = "training.tmx"  # the battle a new player is offered first

if TYPE_CHECKING:
    from game.client.campaign_flow import CampaignRun


class MainMenuScreen(MenuScreen):
    """Training, campaign, single scenario, play by e-mail, load game, options, quit; a new
    player is pointed to the training battle first."""

    ITEMS = (
        "Training",
        "Campaign",
        "Single scenario",
        "Play by e-mail",
        "Load game",
        "Options",
        "Quit",
    )

    def __init__(self) -> None:
        super().__init__()
        self.focus_index = -1  # chosen when first built: Training for a new player

    def build(self) -> None:
        """Title and the button column."""
        width, height = self.app.size
        s = self.scale
        self.label(
            pygame.Rect(0, round(height * 0.12), width, round(64 * s)), "STREET BY STREET", "@title"
        )
        self.label(
            pygame.Rect(0, round(height * 0.12 + 64 * s), width, round(32 * s)),
            "Mosul, autumn 2016 - a turn-based wargame",
            "@subtitle",
        )
        new_player = self.app.settings.offer_training
        if self.focus_index < 0:
            self.focus_index = 0 if new_player else self.ITEMS.index("Campaign")
        buttons = self.column(list(self.ITEMS), round(height * 0.12 + 130 * s))
        self.focus = ButtonFocus(buttons, self.focus_index)
        if new_player:
            first = buttons[0].rect
            self.label(
                pygame.Rect(first.right + round(16 * s), first.y, round(420 * s), first.h),
                "New here? Start with the training battle",
                "@subtitle",
            )
        self.label(
            pygame.Rect(0, height - round(36 * s), width, round(32 * s)),
            "Arrow keys or Tab to choose, Enter to confirm, Esc to go back",
            "@subtitle",
        )

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Open the chosen screen."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Quit()
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        choice = self.ITEMS[self.focus.buttons.index(pressed)]
        if choice == "Training":
            return open_training(self.app)
        if choice == "Campaign":
            return open_campaign(self.app)
        if choice == "Single scenario":
            return Push(ScenarioChooserScreen())
        if choice == "Load game":
            return Push(LoadGameScreen())
        if choice == "Play by e-mail":
            return Push(self.app.navigator.play_by_email())
        if choice == "Options":
            return Push(OptionsScreen())
        return Quit()

    def app_catalogue(self) -> list[ScenarioEntry]:
        """The maps (scanned once per visit of the chooser)."""
        return scan_maps(ruleset_of(self.app))


def open_training(app: App) -> Transition:
    """The training battle's briefing; the main menu stops suggesting it from now on."""
    path = MAPS_DIR / TRAINING_MAP
    try:
        scenario = load_scenario(path, ruleset_of(app))
    except ScenarioError as exc:
        problems = "\n".join(str(p) for p in exc.problems if not p.warning) or str(exc)
        return Push(NoticeScreen("The training battle cannot be played", problems))
    except OSError as exc:
        return Push(NoticeScreen("The training battle cannot be played", f"{path}: {exc}"))
    if app.settings.offer_training:
        app.settings.offer_training = False
        with contextlib.suppress(OSError):  # if unsaved, the suggestion comes back next time
            save_settings(app.settings, app.settings_path)
    return Push(BriefingScreen(path, scenario))


def open_campaign(app: App) -> Transition:
    """Continue (or start) the campaign: the next mission's briefing, roster deployed."""

    ruleset = ruleset_of(app)
    try:
        run = CampaignRun.open(ruleset, app.save_dir)
        if run.progress.finished:
            return Push(CampaignSummaryScreen(run))
        played = run.start(ruleset, random.randrange(1_000_000))
    except SessionError as exc:
        return Push(NoticeScreen("The campaign cannot be played", str(exc)))
    return Push(BriefingScreen(run.map_path, played.scenario, campaign=run))


class ScenarioChooserScreen(MenuScreen):
    """Every map under maps/ with title and briefing; invalid maps show their first problem."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ScenarioEntry] | None = None
        self.preview: UITextBox | None = None
        self.shown = -1
        self.picked: int | None = None  # the map a click (or Enter) chose: Briefing opens it

    def build(self) -> None:
        """Map list on the left, preview on the right, Back and Briefing below."""
        if self.entries is None:
            self.entries = scan_maps(ruleset_of(self.app))
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        self.label(pygame.Rect(0, margin, width, round(40 * s)), "Choose a scenario", "@heading")
        top = margin + round(56 * s)
        list_w = round(320 * s)
        row_h = round(40 * s)
        buttons = []
        for i, entry in enumerate(self.entries):
            text = entry.title if entry.scenario else f"{entry.title} (invalid)"
            buttons.append(
                self.button(pygame.Rect(margin, top + i * (row_h + 6), list_w, row_h), text)
            )
        bottom = height - margin - row_h
        back = self.button(pygame.Rect(margin, bottom, round(150 * s), row_h), "Back")
        go = self.button(
            pygame.Rect(width - margin - round(200 * s), bottom, round(200 * s), row_h), "Briefing"
        )
        self.preview = self.text_box(
            pygame.Rect(
                margin * 2 + list_w, top, width - list_w - margin * 3, bottom - top - margin
            ),
            "",
        )
        if not self.entries:
            self.preview.set_text("No maps (.tmx) were found in the maps/ folder.")
        self.focus = ButtonFocus([*buttons, go, back], self.focus_index)
        self.shown = -1
        self._update_preview(self.picked or 0)

    def _selected(self) -> ScenarioEntry | None:
        assert self.entries is not None
        index = self.focus.index
        if index < len(self.entries):
            return self.entries[index]
        return None

    def _update_preview(self, index: int | None = None) -> None:
        """Show a map's title and briefing (the focused one; off the list: the picked one)."""
        assert self.entries is not None and self.preview is not None
        if index is None:
            on_list = self.focus.index < len(self.entries)
            index = self.focus.index if on_list else (self.picked or 0)
        if index >= len(self.entries) or index == self.shown:
            return
        self.shown = index
        entry = self.entries[index]
        if entry.scenario is None:
            markup = (
                f"<b>{html.escape(entry.path.name)}</b><br><br>"
                f"<font color='#ec785a'>This map cannot be played:</font><br>"
                f"{text_html(entry.problem)}<br><br>Run <b>python main.py validate maps</b> "
                "for every problem."
            )
        else:
            sc = entry.scenario
            markup = (
                f"<font size=5><b>{html.escape(sc.title)}</b></font><br>"
                f"{html.escape(sc.date)} - {sc.width} x {sc.height} tiles, {sc.turn_limit} turns, "
                f"{len(sc.units)} units<br><br>{text_html(sc.briefing)}"
            )
        self.preview.set_text(markup)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Preview follows the focus; a click picks a map (a second click, Enter or Briefing
        opens its briefing)."""
        assert self.entries is not None
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        pressed = self.focus.handle(event)
        self._update_preview()
        if pressed is None:
            return None
        if pressed.text == "Back":
            return Pop()
        if pressed.text == "Briefing":
            index = self.picked if self.picked is not None else max(self.shown, 0)
        else:
            index = self.focus.index
            clicked = event.type == pygame_gui.UI_BUTTON_PRESSED
            if clicked and index != self.picked:
                self.picked = index  # the first click picks the map and shows it
                return None
            self.picked = index
        if not 0 <= index < len(self.entries):
            return None
        entry = self.entries[index]
        if entry.scenario is None:
            return Push(NoticeScreen("This map cannot be played", entry.problem))
        return Push(BriefingScreen(entry.path, entry.scenario))


class BriefingScreen(MenuScreen):
    """Title, date, the briefing text (scrollable), objectives, side/difficulty and Start."""

    def __init__(
        self,
        path: Path,
        scenario: Scenario,
        campaign: CampaignRun | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.scenario = scenario
        self.campaign = campaign  # a CampaignRun for a campaign mission
        self.side = scenario.player_side
        self.hotseat = False  # two players on this machine, one side each
        self.difficulty = "standard"
        self.seed = seed  # the battle's seed (None: a new one each start)
        self.briefing_box: UITextBox | None = None
        self.deployment_chosen = False  # the player has seen the deployment screen

    def build(self) -> None:
        """Lay out the briefing."""
        width, height = self.app.size
        s = self.scale
        sc = self.scenario
        margin = round(24 * s)
        run = self.campaign
        heading = sc.title
        subtitle = f"{sc.date} - {sc.turn_limit} turns - wind from the {compass(sc.wind_direction)}"
        if run is not None:
            heading = f"Mission {run.mission} of {run.missions}: {sc.title}"
            if run.progress.attempts:
                subtitle += f" - attempt {run.progress.attempts + 1}"
        self.label(pygame.Rect(0, margin, width, round(40 * s)), heading, "@heading")
        self.label(
            pygame.Rect(0, margin + round(40 * s), width, round(28 * s)), subtitle, "@subtitle"
        )
        top = margin + round(80 * s)
        row_h = round(42 * s)
        bottom = height - margin - row_h
        side_w = round(360 * s)
        self.briefing_box = self.text_box(
            pygame.Rect(margin, top, width - side_w - margin * 3, bottom - top - margin),
            text_html(sc.briefing or "(no briefing)"),
        )
        lines = []
        for obj in sc.objectives:
            if obj.side is not self.side or not obj.active:
                continue  # an objective a trigger adds is news during the battle
            need = "mandatory" if obj.mandatory else "optional"
            lines.append(
                f"<b>{html.escape(obj.name)}</b><br>{html.escape(objective_terms(obj))} - "
                f"{need}, {obj.points} points"
            )
        x = width - side_w - margin
        self.text_box(
            pygame.Rect(x, top, side_w, bottom - top - margin - 2 * (row_h + 8)),
            "<font color='#c8a96a'><b>Objectives</b></font><br>"
            + ("<br><br>".join(lines) or "none for this side"),
        )
        side_button = self.button(
            pygame.Rect(x, bottom - margin - 2 * row_h - 8, side_w, row_h),
            "Play as: both sides (hot-seat)"
            if self.hotseat
            else f"Play as: {self.side.value.upper()}",
            "This battle is played from this side only (set by the map)" if sc.fixed_side else None,
        )
        if self.campaign is not None or sc.fixed_side:
            side_button.disable()  # a campaign (or a map such as the training) sets the side
        diff_button = self.button(
            pygame.Rect(x, bottom - margin - row_h, side_w, row_h),
            f"Difficulty: {self.difficulty}",
        )
        back = self.button(pygame.Rect(margin, bottom, round(150 * s), row_h), "Back")
        start = self.button(
            pygame.Rect(width - margin - round(220 * s), bottom, round(220 * s), row_h), "Start"
        )
        more: list[UIButton] = []
        if run is not None:
            bw = round(200 * s)
            x = margin * 2 + round(150 * s)
            if run.can_choose:
                more.append(
                    self.button(
                        pygame.Rect(x, bottom, bw, row_h),
                        "Deployment (D)",
                        "Choose which roster units fill the mission's slots",
                    )
                )
                x += bw + margin
            more.append(self.button(pygame.Rect(x, bottom, bw, row_h), "Roster (R)"))
        self.focus = ButtonFocus([start, side_button, diff_button, *more, back], self.focus_index)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Start the battle, change side or difficulty, scroll, or go back."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            box = self.briefing_box
            if box is not None and box.scroll_bar is not None:
                step = 0.25 if event.key == pygame.K_PAGEDOWN else -0.25
                bar = box.scroll_bar
                bar.set_scroll_from_start_percentage(
                    min(1.0, max(0.0, bar.start_percentage + step))
                )
            return None
        if event.type == pygame.KEYDOWN and self.campaign is not None:
            shortcut = {pygame.K_d: "Deployment (D)", pygame.K_r: "Roster (R)"}.get(event.key)
            wanted = [b for b in self.focus.buttons if b.text == shortcut]
            if wanted:
                return self._campaign_button(wanted[0].text)
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        if pressed.text == "Back":
            return Pop()
        if pressed.text.startswith(("Deployment", "Roster")):
            return self._campaign_button(pressed.text)
        if pressed.text.startswith("Play as"):
            # the map's side, the other side, then two players by hot-seat
            if self.hotseat:
                self.hotseat, self.side = False, self.scenario.player_side
            elif self.side is self.scenario.player_side:
                self.side = self.side.enemy
            else:
                self.hotseat, self.side = True, Side.COALITION
            self.clear()
            self.build()
            return None
        if pressed.text.startswith("Difficulty"):
            levels = list(DIFFICULTIES)  # standard -> hard -> veteran -> standard
            self.difficulty = levels[(levels.index(self.difficulty) + 1) % len(levels)]
            pressed.set_text(f"Difficulty: {self.difficulty}")
            return None
        run = self.campaign
        if run is not None and run.can_choose and not self.deployment_chosen:
            return Push(DeploymentScreen(self, start_after=True))
        return self.begin()

    def _campaign_button(self, text: str) -> Transition:
        assert self.campaign is not None
        if text.startswith("Deployment"):
            return Push(DeploymentScreen(self))
        return Push(RosterScreen(self.campaign))

    def begin(self) -> Transition:
        """Start the battle (a campaign mission as deployed)."""

        run = self.campaign
        played = run.played if run is not None else None
        if played is not None:
            session = BattleSession.from_battle(
                self.path,
                played.scenario,
                ruleset_of(self.app),
                played.battle,
                self.side,
                self.difficulty,
            )
            session.campaign = run
            return Replace(BattleScreen(session))
        session = BattleSession.start(
            self.path,
            self.scenario,
            ruleset_of(self.app),
            seed=self.seed if self.seed is not None else random.randrange(1_000_000),
            player_side=self.side,
            difficulty=self.difficulty,
            hotseat=self.hotseat,
        )
        return Replace(BattleScreen(session))


class LoadGameScreen(MenuScreen):
    """Saved battles grouped by battle (scenario, side, mission), newest first; a damaged save
    shows why it cannot be loaded; Delete (with confirmation) removes one save."""

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.page = 0
        self.deleting = False  # the next save chosen is deleted (after a confirmation)
        self.rows: list[tuple[str, SaveEntry | None]] = []
        self.saves: dict[UIButton, SaveEntry] = {}

    def build(self) -> None:
        """A page of battles and their saves, and the buttons below."""
        from game.saves.save_files import list_saves

        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        title = "Delete a save: choose it" if self.deleting else "Load a saved battle"
        self.label(pygame.Rect(0, margin, width, round(40 * s)), title, "@heading")
        folder = self.folder or self.app.save_dir
        self.rows = []
        for _battle, entries in list_saves(folder):
            self.rows.append((_heading(entries[0]), None))
            self.rows += [(_describe(e), e) for e in entries]
        row_h, top = round(40 * s) + 6, margin + round(64 * s)
        per_page = max(1, (height - top - margin - round(64 * s)) // row_h)
        pages = max(1, -(-len(self.rows) // per_page))
        self.page = min(self.page, pages - 1)
        shown = self.rows[self.page * per_page : (self.page + 1) * per_page]
        w = round(640 * s)
        x = (width - w) // 2
        self.saves = {}
        buttons: list[UIButton] = []
        for i, (text, entry) in enumerate(shown):
            rect = pygame.Rect(x, top + i * row_h, w, row_h - 6)
            if entry is None:
                self.label(rect, text, "@subtitle")
                continue
            button = self.button(rect, text, entry.problem or None)
            self.saves[button] = entry
            buttons.append(button)
        if not self.rows:
            self.label(
                pygame.Rect(0, top, width, round(30 * s)),
                "No saved battles yet (F5 saves during a battle).",
                "@subtitle",
            )
        below = ["Back"]
        if self.rows:
            below.insert(0, "Cancel delete" if self.deleting else "Delete a save...")
        if self.page > 0:
            below.insert(0, "Newer (PgUp)")
        if self.page < pages - 1:
            below.append("Older (PgDn)")
        bw, gap = round(190 * s), round(12 * s)
        bx = (width - len(below) * bw - (len(below) - 1) * gap) // 2
        controls = [
            self.button(pygame.Rect(bx + i * (bw + gap), height - margin - round(48 * s), bw,
                                    round(42 * s)), text)
            for i, text in enumerate(below)
        ]  # fmt: skip
        self.focus = ButtonFocus([*buttons, *controls], self.focus_index)

    def _turn_page(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.focus_index = 0
        self.clear()
        self.build()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Load (or delete) the chosen save; PgUp/PgDn turn the pages."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self._turn_page(-1 if event.key == pygame.K_PAGEUP else 1)
            return None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_DELETE:
            focused = self.focus.focused
            if focused in self.saves:
                return self._confirm_delete(self.saves[focused])
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        text = pressed.text
        if text == "Back":
            return Pop()
        if text.startswith(("Newer", "Older")):
            self._turn_page(-1 if text.startswith("Newer") else 1)
            return None
        if text in ("Delete a save...", "Cancel delete"):
            self.deleting = not self.deleting
            self.clear()
            self.build()
            return None
        entry = self.saves[pressed]
        if self.deleting:
            return self._confirm_delete(entry)
        if entry.problem:
            return Push(NoticeScreen("This save cannot be loaded", entry.problem))
        try:
            session = BattleSession.load(entry.path, ruleset_of(self.app))
        except SessionError as exc:
            return Push(NoticeScreen("This save cannot be loaded", str(exc)))
        return Reset(BattleScreen(session))

    def _confirm_delete(self, entry: SaveEntry) -> Transition:
        def delete() -> None:
            entry.path.unlink(missing_ok=True)
            self.deleting = False

        what = f"{entry.title}: {entry.label}" if entry.battle_id else entry.path.name
        return Push(ConfirmScreen("Delete this save?", f"{what}\nThis cannot be undone.", delete))


def _heading(entry: SaveEntry) -> str:
    """The line above a battle's saves: its scenario, the player's side, the mission."""
    if not entry.battle_id:
        return "Damaged files"
    side = f" - as {Side(entry.side).label}" if entry.side in tuple(Side) else ""
    mission = f" - campaign mission {entry.campaign_mission}" if entry.campaign_mission else ""
    return f"{entry.title}{side}{mission} - battle {entry.battle_id[:6]}"


def _describe(entry: SaveEntry) -> str:
    """A save as the player sees it: its label, turn and when it was made (or "damaged")."""
    if entry.problem:
        return f"{entry.title} (damaged)"
    when = entry.saved_at[:16].replace("T", " ")
    return f"{entry.label} - turn {entry.turn} - {when}"
