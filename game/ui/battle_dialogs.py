"""Dialogs over a battle: confirmation, pause menu, key help, and the debrief after it."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.core import Side
from game.sim import objectives
from game.ui.app import Pop, Push, Quit, Reset, Transition
from game.ui.battle_session import BattleSession
from game.ui.hud import objective_progress, side_name
from game.ui.keyboard_focus import ButtonFocus
from game.ui.menu_screens import BACK_KEYS, MenuScreen, NoticeScreen, OptionsScreen, text_html

if TYPE_CHECKING:
    from game.ui.battle_screen import BattleScreen


def ruleset_notice(title: str, message: str) -> Transition:
    """A notice over the current screen."""
    return Push(NoticeScreen(title, message))


class DialogScreen(MenuScreen):
    """A centred panel over the dimmed screen beneath, with a column of buttons."""

    overlay = True

    def draw(self, surface: pygame.Surface) -> None:
        """Dim what is beneath."""
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        surface.blit(shade, (0, 0))


class ConfirmScreen(DialogScreen):
    """A yes/no question; Yes runs the action."""

    def __init__(self, title: str, question: str, on_yes: Callable[[], object]) -> None:
        super().__init__()
        self.title = title
        self.question = question
        self.on_yes = on_yes

    def build(self) -> None:
        """Question and the two buttons (Yes focused)."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(560 * s)), round(220 * s)
        x, y = (width - w) // 2, (height - h) // 2
        self.text_box(
            pygame.Rect(x, y, w, h - round(60 * s)),
            f"<font color='#c8a96a'><b>{html.escape(self.title)}</b></font><br><br>"
            + text_html(self.question),
        )
        bw, bh = round(160 * s), round(42 * s)
        yes = self.button(pygame.Rect(x + w // 2 - bw - 10, y + h - bh - 8, bw, bh), "Yes")
        no = self.button(pygame.Rect(x + w // 2 + 10, y + h - bh - 8, bw, bh), "No")
        self.focus = ButtonFocus([yes, no])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Yes (Enter, Y) runs the action; No (Esc, N) closes."""
        if event.type == pygame.KEYDOWN and event.key in (*BACK_KEYS, pygame.K_n):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_y:
            self.on_yes()
            return Pop()
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        if pressed.text == "Yes":
            self.on_yes()
        return Pop()


class HelpScreen(DialogScreen):
    """Every key and mouse action of the battle."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.help = text

    def build(self) -> None:
        """The key list and a Close button."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(820 * s)), min(height - 40, round(520 * s))
        x, y = (width - w) // 2, (height - h) // 2
        body = "<br>".join(
            f"<b><font color='#c8a96a'>{html.escape(line)}</font></b>"
            if not line.startswith(" ")
            else html.escape(line).replace(" ", "&nbsp;")
            for line in self.help.splitlines()
        )
        self.text_box(pygame.Rect(x, y, w, h - round(56 * s)), body)
        close = self.button(
            pygame.Rect(
                x + (w - round(160 * s)) // 2, y + h - round(48 * s), round(160 * s), round(42 * s)
            ),
            "Close",
        )
        self.focus = ButtonFocus([close])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Close on the button, Enter, Esc or F1."""
        if event.type == pygame.KEYDOWN and event.key in (*BACK_KEYS, pygame.K_F1):
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None


class PauseScreen(DialogScreen):
    """Resume, save, load the quick save, options, main menu, quit."""

    ITEMS = (
        "Resume",
        "Save game (F5)",
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
        if choice.startswith("Key help"):
            from game.ui.battle_screen import HELP_TEXT

            return Push(HelpScreen(HELP_TEXT))
        if choice == "Options":
            return Push(OptionsScreen())
        if choice == "Main menu":
            from game.ui.menu_screens import MainMenuScreen

            return Reset(MainMenuScreen())
        return Quit()


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
            "<font size=5 color='#c8a96a'><b>Losses</b></font>",
            f"Coalition units lost: {state.losses[Side.COALITION]}; "
            f"ISIL units lost: {state.losses[Side.ISIL]}.",
            "",
            "<font size=5 color='#c8a96a'><b>Objectives</b></font>",
        ]
        for objective in state.objectives:
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
        from game.ui.menu_screens import MainMenuScreen, open_campaign

        run = self.session.campaign

        if pressed.text == "Campaign summary" and run is not None:
            from game.ui.campaign_screens import CampaignSummaryScreen

            self.app.apply(Reset(MainMenuScreen()))
            return Push(CampaignSummaryScreen(run))
        if pressed.text in ("Next mission", "Retry mission"):
            self.app.apply(Reset(MainMenuScreen()))
            return open_campaign(self.app)
        return Reset(MainMenuScreen())
