"""Campaign screens: choosing who fills the mission's slots, and the roster of the campaign."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIButton, UITextBox

from game.campaign.progress import RosterUnit, ScenarioResult
from game.campaign.roster import Deployment, DeploymentError
from game.client.app import Pop, Push, Reset, Transition
from game.client.basic_screens import BACK_KEYS, ConfirmScreen, MenuScreen, ruleset_of
from game.client.keyboard_focus import ButtonFocus

if TYPE_CHECKING:
    from game.client.campaign_flow import CampaignRun
    from game.client.menu_screens import BriefingScreen

GOLD = "#c8a96a"


def describe_unit(unit: RosterUnit) -> str:
    """A roster unit as the player reads it: name, level and battles fought."""
    battles = "1 battle" if unit.battles == 1 else f"{unit.battles} battles"
    return f"{unit.name} (level {unit.level}, {battles})"


class DeploymentScreen(MenuScreen):
    """The mission's slots (unit type, placement) and who fills each; the player swaps them.

    Up/Down (or the mouse) choose a slot, Left/Right, Enter or a click change the roster unit
    in it (a unit taken from another slot swaps places); Done keeps the choice.
    """

    def __init__(self, briefing: BriefingScreen, start_after: bool = False) -> None:
        super().__init__()
        self.briefing = briefing
        self.start_after = start_after
        run = briefing.campaign
        assert run is not None, "deployment is chosen for campaign missions only"
        self.run: CampaignRun = run
        self.choices = dict(run.choices)
        self.deployment: Deployment | None = None
        self.detail: UITextBox | None = None
        self.message = ""
        self.shown = -1

    # --- the choice ------------------------------------------------------------------------

    def _roster(self) -> dict[str, RosterUnit]:
        return {u.id: u for u in self.run.progress.roster}

    def _plan(self) -> Deployment:
        if self.deployment is None:
            self.deployment = self.run.preview(ruleset_of(self.app), self.choices)
        return self.deployment

    def filled_by(self, object_id: int) -> str | None:
        """The roster id (of the current roster) that fills a slot, or None."""
        rid = self._plan().slots.get(object_id)
        return rid if rid in self._roster() else None

    def candidates(self, index: int) -> list[RosterUnit]:
        """The roster units that may fill a slot (its unit type)."""
        slot = self.run.slots(ruleset_of(self.app))[index]
        return [u for u in self.run.progress.roster if u.unit_type == slot.unit_type]

    def change(self, index: int, step: int) -> None:
        """Put the next (step 1) or previous (-1) roster unit of the slot's type in the slot."""
        slot = self.run.slots(ruleset_of(self.app))[index]
        cands = [u.id for u in self.candidates(index)]
        type_name = self._type_name(slot.unit_type)
        if not cands:
            self.message = f"No {type_name} is left in the roster for this slot."
            return
        plan = self._plan()
        roster = self._roster()
        pinned = {o: r for o, r in plan.slots.items() if r in roster and o not in plan.attached}
        current = pinned.get(slot.object_id)
        if current in cands and len(cands) == 1:
            self.message = f"The roster has only one {type_name}."
            return
        start = cands.index(current) if current in cands else (-1 if step > 0 else 0)
        new = cands[(start + step) % len(cands)]
        for other, rid in list(pinned.items()):
            if rid == new and other != slot.object_id:
                if current is not None:
                    pinned[other] = current  # the two swap places
                else:
                    del pinned[other]
        pinned[slot.object_id] = new
        try:
            trial = self.run.preview(ruleset_of(self.app), pinned)
        except DeploymentError as exc:
            self.message = str(exc)
            return
        self.choices, self.deployment = pinned, trial
        self.message = f"{roster[new].name} now fills {slot.name}."

    def confirm(self) -> None:
        """Keep the choice and deploy the mission with it."""
        run = self.run
        run.choices = dict(self.choices)
        run.start(ruleset_of(self.app), run.seed)
        self.briefing.deployment_chosen = True

    # --- drawing ---------------------------------------------------------------------------

    def _type_name(self, unit_type: str) -> str:
        units = ruleset_of(self.app).units
        return units[unit_type].name if unit_type in units else unit_type

    def slot_text(self, index: int) -> str:
        """One slot's row: unit type, placement, and who fills it."""
        slot = self.run.slots(ruleset_of(self.app))[index]
        rid = self._plan().slots.get(slot.object_id)
        roster = self._roster()
        if rid in roster:
            who = describe_unit(roster[rid])
        elif rid is not None:
            who = "a replacement (new, level 0)"
        else:
            who = "empty - none left"
        return f"{self._type_name(slot.unit_type)} at {slot.name}: {who}"

    def build(self) -> None:
        """Slot rows on the left, the focused slot's candidates and the reserve on the right."""
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        run = self.run
        self.label(
            pygame.Rect(0, margin, width, round(40 * s)),
            f"Deployment - mission {run.mission}: {self.briefing.scenario.title}",
            "@heading",
        )
        slots = run.slots(ruleset_of(self.app))
        top = margin + round(56 * s)
        row_h = round(30 * s)
        list_w = min(round(620 * s), width * 3 // 5)
        bottom = height - margin - round(42 * s)
        row_h = min(row_h, (bottom - top - margin) // max(1, len(slots)) - 4)
        rows: list[UIButton] = []
        for i in range(len(slots)):
            rect = pygame.Rect(margin, top + i * (row_h + 4), list_w, row_h)
            rows.append(self.button(rect, self.slot_text(i)))
        self.detail = self.text_box(
            pygame.Rect(margin * 2 + list_w, top, width - list_w - margin * 3, bottom - top - 8),
            "",
        )
        bh = round(42 * s)
        back = self.button(pygame.Rect(margin, bottom, round(150 * s), bh), "Back")
        done_text = "Start battle" if self.start_after else "Done"
        done = self.button(
            pygame.Rect(width - margin - round(220 * s), bottom, round(220 * s), bh), done_text
        )
        self.focus = ButtonFocus([*rows, done, back], self.focus_index, horizontal_keys=False)
        self.shown = -1
        self._update_detail()

    def _refresh_rows(self) -> None:
        for i in range(len(self.run.slots(ruleset_of(self.app)))):
            self.focus.buttons[i].set_text(self.slot_text(i))
        self.shown = -1
        self._update_detail()

    def _update_detail(self) -> None:
        if self.detail is None:
            return
        index = self.focus.index
        key = index if not self.message else hash((index, self.message))
        if key == self.shown:
            return
        self.shown = key
        slots = self.run.slots(ruleset_of(self.app))
        lines: list[str] = []
        if self.message:
            lines += [f"<font color='#e8d070'>{html.escape(self.message)}</font>", ""]
        if index < len(slots):
            slot = slots[index]
            current = self.filled_by(slot.object_id)
            lines.append(
                f"<font color='{GOLD}'><b>{html.escape(slot.name)}</b></font> - "
                f"{html.escape(self._type_name(slot.unit_type))}"
            )
            lines.append("Roster units that may fill it (Left/Right or click to change):")
            for unit in self.candidates(index):
                mark = "&gt; " if unit.id == current else "&nbsp;&nbsp;"
                lines.append(mark + html.escape(describe_unit(unit)))
            if not self.candidates(index):
                lines.append("&nbsp;&nbsp;none: a replacement fills it while they last")
            lines.append("")
        used = {r for r in self._plan().slots.values() if r is not None}
        reserve = [u for u in self.run.progress.roster if u.id not in used]
        lines.append(f"<font color='{GOLD}'><b>In reserve</b></font> (not in this battle)")
        lines += [html.escape(f"{describe_unit(u)}") for u in reserve] or ["nobody"]
        lines.append("")
        lines.append(
            f"Replacements this mission: {self.run.entry.replacements} "
            "(new level-0 units for slots no roster unit fills)."
        )
        self.detail.set_text("<br>".join(lines))

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Change the focused slot, keep the choice, start, or go back."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        count = len(self.run.slots(ruleset_of(self.app)))
        index = self.focus.index
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_LEFT, pygame.K_RIGHT)
            and index < count
        ):
            self.change(index, 1 if event.key == pygame.K_RIGHT else -1)
            self._refresh_rows()
            return None
        pressed = self.focus.handle(event)
        if pressed is None:
            self._update_detail()
            return None
        index = self.focus.buttons.index(pressed)
        if index < count:
            self.change(index, 1)
            self._refresh_rows()
            return None
        if pressed.text == "Back":
            return Pop()
        self.confirm()
        if self.start_after:
            self.app.pop()
            return self.briefing.begin()
        return Pop()


class RosterScreen(MenuScreen):
    """Every roster unit (name, type, level, battles) and its place in the next mission."""

    def __init__(self, run: CampaignRun) -> None:
        super().__init__()
        self.run = run

    def report(self) -> str:
        """The roster as pygame_gui HTML."""
        run = self.run
        units = ruleset_of(self.app).units
        placed: dict[str, str] = {}
        played = run.played
        if played is not None:
            names = {u.object_id: u.name for u in played.scenario.units}
            for object_id, rid in played.deployment.slots.items():
                if rid is not None:
                    placed[rid] = names.get(object_id, "")
        lines = [
            f"<font color='{GOLD}'><b>{len(run.progress.roster)} units</b></font> - level adds "
            f"{run.campaign.roster.accuracy_per_level:.0%} hit chance (as a factor) and spotting "
            f"per level, up to level {run.campaign.roster.max_level}",
            "",
        ]
        for unit in sorted(run.progress.roster, key=lambda u: (u.unit_type, -u.level, u.name)):
            kind = units[unit.unit_type].name if unit.unit_type in units else unit.unit_type
            where = "in this battle" if unit.id in placed else "in reserve"
            lines.append(
                f"<b>{html.escape(unit.name)}</b> - {html.escape(kind)} - level {unit.level}, "
                f"{unit.battles} battle{'s' if unit.battles != 1 else ''} - {where}"
            )
        if not run.progress.roster:
            lines.append("The roster is formed in the first battle: every unit placed joins it.")
        fresh = played.deployment.enlisted if played is not None else []
        if fresh and run.progress.roster:
            lines += ["", f"{len(fresh)} replacement(s) join for this mission."]
        return "<br>".join(lines)

    def build(self) -> None:
        """Heading, the roster and Back."""
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        self.label(
            pygame.Rect(0, margin, width, round(40 * s)),
            f"Roster - {self.run.campaign.title}",
            "@heading",
        )
        top = margin + round(56 * s)
        bh = round(42 * s)
        self.text_box(
            pygame.Rect(margin * 2, top, width - margin * 4, height - top - bh - 2 * margin),
            self.report(),
        )
        back = self.button(pygame.Rect(margin, height - margin - bh, round(150 * s), bh), "Back")
        self.focus = ButtonFocus([back])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Back on the button, Enter or Esc."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None


def final_results(run: CampaignRun) -> list[ScenarioResult | None]:
    """Each mission's last result in campaign order (None for a mission never fought)."""
    last: dict[str, ScenarioResult] = {}
    for result in run.progress.results:
        last[result.map] = result
    return [last.get(Path(entry.map).name) for entry in run.campaign.scenarios]


class CampaignSummaryScreen(MenuScreen):
    """The campaign's end: every battle (civilian casualties first, then losses, objectives and
    score) and the final roster; a new campaign may be started (after a confirmation)."""

    def __init__(self, run: CampaignRun) -> None:
        super().__init__()
        self.run = run
        self.restart_confirmed = False

    def report(self) -> str:
        """The summary as pygame_gui HTML."""
        run = self.run
        results = final_results(run)
        fought = [r for r in results if r is not None]
        civilians = sum(r.civilian_casualties for r in run.progress.results)
        evacuated = sum(r.civilians_evacuated for r in fought)
        lines = [
            f"<font size=5 color='{GOLD}'><b>Civilians</b></font>",
            f"<b>{civilians}</b> civilians killed or wounded in the whole campaign "
            f"(every attempt counted); {evacuated} evacuated.",
            "",
            f"<font size=5 color='{GOLD}'><b>Losses</b></font>",
            f"Your units lost: {sum(r.own_losses for r in fought)}; "
            f"enemy units lost: {sum(r.enemy_losses for r in fought)}. "
            f"Total score {sum(r.score for r in fought):g}.",
            "",
        ]
        for number, (entry, result) in enumerate(
            zip(run.campaign.scenarios, results, strict=True), 1
        ):
            name = Path(entry.map).stem
            if result is None:
                lines += [f"<b>{number}. {html.escape(name)}</b> - not fought", ""]
                continue
            outcome = {"coalition": "coalition victory", "isil": "ISIL victory"}.get(
                result.winner, result.winner
            )
            tries = "" if result.attempt <= 1 else f" on attempt {result.attempt}"
            lines += [
                f"<font color='{GOLD}'><b>{number}. {html.escape(result.title)}</b></font> - "
                f"{outcome}{tries}, {result.turns} turns",
                f"Civilians: {result.civilian_casualties} killed or wounded, "
                f"{result.civilians_evacuated} evacuated",
                f"Losses: yours {result.own_losses}, the enemy's {result.enemy_losses}",
                "Objectives: " + html.escape("; ".join(result.objectives) or "not recorded"),
                f"Score: {result.score:g}",
                "",
            ]
        units = ruleset_of(self.app).units
        lines.append(f"<font size=5 color='{GOLD}'><b>Final roster</b></font>")
        for unit in sorted(run.progress.roster, key=lambda u: (-u.level, u.unit_type, u.name)):
            kind = units[unit.unit_type].name if unit.unit_type in units else unit.unit_type
            lines.append(html.escape(f"{describe_unit(unit)} - {kind}"))
        if not run.progress.roster:
            lines.append("nobody survived")
        return "<br>".join(lines)

    def build(self) -> None:
        """Heading, the summary, a new campaign and the way back."""
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        self.label(
            pygame.Rect(0, margin, width, round(40 * s)),
            f"Campaign complete - {self.run.campaign.title}",
            "@heading",
        )
        top = margin + round(56 * s)
        bh = round(42 * s)
        self.text_box(
            pygame.Rect(margin * 2, top, width - margin * 4, height - top - bh - 2 * margin),
            self.report(),
        )
        bw = round(260 * s)
        back = self.button(pygame.Rect(margin, height - margin - bh, bw, bh), "Main menu")
        new = self.button(
            pygame.Rect(width - margin - bw, height - margin - bh, bw, bh), "Start a new campaign"
        )
        self.focus = ButtonFocus([back, new], self.focus_index)

    def _confirmed(self) -> None:
        self.restart_confirmed = True

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Main menu, or a new campaign after a confirmation."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Reset(self.app.navigator.main_menu())
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        if pressed.text == "Main menu":
            return Reset(self.app.navigator.main_menu())
        return Push(
            ConfirmScreen(
                "Start a new campaign?",
                "The finished campaign's results and roster will be replaced by a new campaign "
                "from the first mission.",
                self._confirmed,
            )
        )

    def update(self, dt: float) -> Transition | None:
        """After the confirmation: a new campaign from its first mission's briefing."""
        if not self.restart_confirmed:
            return None
        self.restart_confirmed = False
        self.run.restart()
        self.app.apply(Reset(self.app.navigator.main_menu()))
        return self.app.navigator.open_campaign(self.app)
