"""Dialogs over a battle: confirmation, pause menu, key help, and the debrief after it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.client.app import Pop, Push, Quit, Reset, Transition
from game.client.basic_screens import (
    BACK_KEYS,
    DialogScreen,
    HelpScreen,
    MenuScreen,
    NoticeScreen,
    OptionsScreen,
    battle_help_text,
)
from game.client.battle_session import BattleSession
from game.client.hud import objective_progress, objective_terms, side_name
from game.client.keyboard_focus import ButtonFocus
from game.core.values import Side
from game.sim import objectives
from game.sim.phase_report import PhaseReport

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen


class PauseScreen(DialogScreen):
    """Resume, save, load the quick save, options, main menu, quit."""

    ITEMS = (
        "Resume",
        "Briefing (I)",
        "Save game (F5)",
        "Save as...",
        "Load game",
        "Load quick save (F9)",
        "Key help (F1)",
        "Options",
        "Main menu",
        "Quit",
    )

    def __init__(self, battle: BattleScreen) -> None:
        super().__init__()
        self.battle = battle

    def build(self) -> None:
        """The column of choices."""
        height = self.app.size[1]
        s = self.scale
        top = (height - len(self.ITEMS) * round(54 * s)) // 2
        self.label(
            pygame.Rect(0, top - round(60 * s), self.app.size[0], round(40 * s)),
            "Paused",
            "@heading",
        )
        self.focus = ButtonFocus(self.column(list(self.ITEMS), top), self.focus_index)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Carry out the choice; Esc resumes."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        choice = pressed.text
        if choice == "Resume":
            return Pop()
        if choice == "Save as...":
            return Push(SaveAsScreen(self.battle.session))
        if choice == "Load game":
            return Push(self.app.navigator.load_game())
        if choice.startswith("Save"):
            try:
                path = self.battle.session.quick_save()
                self.battle.status = f"saved to {path.name}"
            except OSError as exc:
                return Push(NoticeScreen("The game could not be saved", str(exc)))
            return Pop()
        if choice.startswith("Load"):
            self.app.pop()
            return self.battle.quick_load()
        if choice.startswith("Briefing"):
            return Push(briefing_screen(self.battle.session))
        if choice.startswith("Key help"):
            return Push(HelpScreen(battle_help_text()))
        if choice == "Options":
            return Push(OptionsScreen())
        if choice == "Main menu":
            return Reset(self.app.navigator.main_menu())
        return Quit()


class SaveAsScreen(DialogScreen):
    """Save the battle under a name the player types (in the battle's own slots)."""

    def __init__(self, session: BattleSession) -> None:
        super().__init__()
        self.session = session
        self.entry: UITextEntryLine | None = None

    def build(self) -> None:
        """A title, the name field (focused) and Save / Cancel."""
        width, height = self.app.size
        s = self.scale
        w = min(width - 40, round(520 * s))
        x, y = (width - w) // 2, height // 2 - round(90 * s)
        self.label(pygame.Rect(x, y, w, round(40 * s)), "Save the battle as", "@heading")
        self.entry = UITextEntryLine(
            pygame.Rect(x, y + round(50 * s), w, round(40 * s)), self.app.ui
        )
        self.entry.set_text(f"{self.session.scenario.title}, turn {self.session.state.turn}")
        self.entry.focus()
        self.widgets.append(self.entry)
        half = (w - round(12 * s)) // 2
        save = self.button(pygame.Rect(x, y + round(104 * s), half, round(42 * s)), "Save")
        cancel = self.button(
            pygame.Rect(x + w - half, y + round(104 * s), half, round(42 * s)), "Cancel"
        )
        self.focus = ButtonFocus([save, cancel])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Enter or Save saves; Esc or Cancel closes."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        entered = event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED
        pressed = self.focus.handle(event) if not entered else None
        if not entered and (pressed is None or pressed.text != "Save"):
            return Pop() if pressed is not None else None
        assert self.entry is not None
        try:
            path = self.session.save_named(self.entry.get_text())
        except OSError as exc:
            return Push(NoticeScreen("The game could not be saved", str(exc)))
        self.app.pop()
        return Push(NoticeScreen("Saved", f"The battle was saved as {path.name}."))


def briefing_screen(session: BattleSession) -> NoticeScreen:
    """The scenario's briefing and the viewer's objectives, read again during the battle."""
    scenario = session.scenario
    status = session.state.objective_status
    own = [
        o
        for o in scenario.objectives
        if o.side is session.viewer and status.get(o.object_id) != "inactive"
    ]
    lines = [
        f"- {o.name} ({objective_terms(o)}{', mandatory' if o.mandatory else ''})" for o in own
    ]
    body = (scenario.briefing or "(no briefing)") + "\n\nYour objectives:\n" + "\n".join(lines)
    return NoticeScreen(f"{scenario.title} - {scenario.date}", body)


class HandOverScreen(MenuScreen):
    """Hot-seat play: between two players' phases the map is hidden until the next player is
    at the keyboard (the other one looks away)."""

    def __init__(self, turn: int, side: Side) -> None:
        super().__init__()
        self.turn = turn
        self.side = side

    def build(self) -> None:
        """Whose turn it is, and Ready."""
        width, height = self.app.size
        s = self.scale
        top = height // 2 - round(120 * s)
        self.label(
            pygame.Rect(0, top, width, round(48 * s)),
            f"Turn {self.turn}: the {self.side.label} player",
            "@heading",
        )
        self.label(
            pygame.Rect(0, top + round(56 * s), width, round(30 * s)),
            f"Pass the keyboard to the {self.side.label} player; the other player looks away.",
            "@subtitle",
        )
        self.focus = ButtonFocus(self.column(["Ready (Enter)"], top + round(120 * s), width=260))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Ready (Enter, or the button) shows the battle to the player whose turn it is."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None


class TurnSummaryScreen(NoticeScreen):
    """What the enemy's phase did, as the player knows it: civilians first, then losses, hits,
    car bombs, drones and objectives; dismissed with Enter, Esc or OK."""

    def __init__(self, turn: int, report: PhaseReport) -> None:
        lines = report.lines() if not report.quiet else ["A quiet phase: nothing you saw."]
        super().__init__(f"Turn {turn}: the enemy's phase", "\n".join(lines))
        self.report = report

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Close on OK, Enter or Esc."""
        if event.type == pygame.KEYDOWN and event.key in (*BACK_KEYS, pygame.K_RETURN):
            return Pop()
        return super().handle_event(event)


class DebriefScreen(MenuScreen):
    """After the battle: civilian casualties first, then losses, objectives and score."""

    def __init__(self, session: BattleSession) -> None:
        super().__init__()
        self.session = session

    def report(self) -> str:
        """The debrief as pygame_gui HTML."""
        state = self.session.state
        viewer = self.session.viewer
        harmed = sum(state.civilian_casualties.values())
        lines = [
            "<font size=5 color='#c8a96a'><b>Civilians</b></font>",
            f"<b>{harmed}</b> civilians killed or wounded "
            f"(by the coalition: {state.civilian_casualties[Side.COALITION]}, "
            f"by ISIL: {state.civilian_casualties[Side.ISIL]}); {state.evacuated} evacuated.",
            "",
            "<font size=5 color='#c8a96a'><b>Why</b></font>",
            *(html.escape(line) for line in objectives.outcome_reasons(state, viewer)),
            "",
            "<font size=5 color='#c8a96a'><b>Losses</b></font>",
            f"Coalition units lost: {state.losses[Side.COALITION]}; "
            f"ISIL units lost: {state.losses[Side.ISIL]}.",
            "",
            "<font size=5 color='#c8a96a'><b>Objectives</b></font>",
        ]
        for objective in state.objectives:
            if state.objective_status.get(objective.object_id) == "inactive":
                continue  # a trigger never added it
            status = state.objective_status.get(objective.object_id, "pending")
            note = objective_progress(state, objective.object_id)
            lines.append(
                f"{side_name(objective.side)}: {html.escape(objective.name)} - <b>{status}</b>"
                + (f" ({note})" if note else "")
                + ("" if objective.mandatory else " (optional)")
            )
        run = self.session.campaign
        if run is not None:
            progress = run.progress
            if progress.finished:
                note = "The campaign is complete."
            elif not run.advanced:
                attempt = progress.attempts + 1
                note = (
                    f"Mission {progress.index + 1} must be fought again (attempt {attempt}); "
                    "your units return as they were before this battle"
                    + (
                        "."
                        if progress.roster
                        else " (the roster is formed when the first mission is won)."
                    )
                )
            else:
                note = (
                    f"Next: mission {progress.index + 1} of {run.missions}. Roster: "
                    f"{len(progress.roster)} units carry over."
                )
            lines += [
                "",
                "<font size=5 color='#c8a96a'><b>Campaign</b></font>",
                f"{note} Civilians harmed in the campaign so far: "
                f"{sum(r.civilian_casualties for r in progress.results)}.",
            ]
        lines += [
            "",
            "<font size=5 color='#c8a96a'><b>Score</b></font>",
            f"Coalition {objectives.score(state, Side.COALITION):g}, "
            f"ISIL {objectives.score(state, Side.ISIL):g} "
            f"(your side: {side_name(viewer)}).",
        ]
        return "<br>".join(lines)

    def build(self) -> None:
        """Outcome heading, the report, and the way back."""
        width, height = self.app.size
        s = self.scale
        state = self.session.state
        margin = round(24 * s)
        run = self.session.campaign
        if run is not None:
            run.finish()
        if state.winner in ("coalition", "isil"):
            won = (
                self.session.player_side is not None
                and state.winner == self.session.player_side.value
            )
            heading = (
                ("Victory" if won else "Defeat")
                if self.session.player_side
                else f"{side_name(state.winner)} wins"
            )
        else:
            heading = "Draw"
        self.label(
            pygame.Rect(0, margin, width, round(44 * s)),
            f"{heading} - {self.session.scenario.title}",
            "@heading",
        )
        self.label(
            pygame.Rect(0, margin + round(44 * s), width, round(28 * s)),
            state.end_reason or "",
            "@subtitle",
        )
        top = margin + round(84 * s)
        bh = round(44 * s)
        self.text_box(
            pygame.Rect(margin * 3, top, width - margin * 6, height - top - bh - 3 * margin),
            self.report(),
        )
        texts = ["Main menu", "Quit"]
        if run is not None and not run.progress.finished:
            texts.insert(0, "Next mission" if run.advanced else "Retry mission")
        elif run is not None:
            texts.insert(0, "Campaign summary")
        bw = round(220 * s)
        x = (width - len(texts) * bw - (len(texts) - 1) * round(20 * s)) // 2
        buttons = []
        for text in texts:
            buttons.append(self.button(pygame.Rect(x, height - margin - bh, bw, bh), text))
            x += bw + round(20 * s)
        self.focus = ButtonFocus(buttons)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Back to the main menu, or quit."""
        pressed = self.focus.handle(event)
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            pressed = next(b for b in self.focus.buttons if b.text == "Main menu")
        if pressed is None:
            return None
        if pressed.text == "Quit":
            return Quit()
        run = self.session.campaign
        nav = self.app.navigator
        if pressed.text == "Campaign summary" and run is not None:
            self.app.apply(Reset(nav.main_menu()))
            return Push(nav.campaign_summary(run))
        if pressed.text in ("Next mission", "Retry mission"):
            self.app.apply(Reset(nav.main_menu()))
            return nav.open_campaign(self.app)
        return Reset(nav.main_menu())
