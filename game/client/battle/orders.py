"""Orders on the battle screen: selecting units, the targeting modes, the weapon chosen, and
the commands that a click, the keyboard or an action button gives."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.battle.state import BattleState
from game.battle.units import Sector, UnitState
from game.client.app import Push, Transition
from game.client.basic_screens import ConfirmScreen
from game.client.battle.playback import unit_positions
from game.commands import (
    BuildBerm,
    ClearRubble,
    Command,
    Detonate,
    EndTurn,
    Fire,
    LaunchDrone,
    Move,
    Ok,
    Overwatch,
    Refusal,
    StandDown,
    ThrowSmoke,
    Verdict,
)
from game.core.values import TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.events import Event
from game.sim.shots import weapon_named

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

SECTOR_WIDTH = 60.0  # degrees of a sector set with one click
SECTOR_HELP = "click a tile to watch, or drag along a road; O again: all round"
# (mode, key, button label, command builder)
TARGET_MODES: dict[str, tuple[int, str, Callable[[str, TilePos], Command]]] = {
    "fire": (pygame.K_f, "Fire (F)", lambda uid, pos: Fire(uid, pos)),
    "smoke": (pygame.K_s, "Smoke (S)", lambda uid, pos: ThrowSmoke(uid, pos)),
    "berm": (pygame.K_b, "Berm (B)", lambda uid, pos: BuildBerm(uid, pos)),
    "clear": (pygame.K_c, "Clear (C)", lambda uid, pos: ClearRubble(uid, pos)),
    "drone": (pygame.K_n, "Drone (N)", lambda uid, pos: LaunchDrone(uid, pos)),
}


class Orders:
    """Turns the player's choices into commands on the screen's session."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.weapon_choice: dict[str, str] = {}
        self.ordered: set[str] = set()  # units given an order in this phase
        self.sector_anchor: TilePos | None = None  # where a sector drag started
        self._trial: tuple[tuple[int, str], BattleState] | None = None  # a unit stood down

    def order(self, command: Command) -> bool:
        """Give a command; show its refusal reason or animate what happened. A unit on
        overwatch given another order first stands down (its reserve becomes AP again)."""
        screen = self.screen
        before = unit_positions(screen.state)
        phase = (screen.state.turn, screen.state.phase)
        if self._stand_down_for(command):
            _, events = screen.session.execute(StandDown(getattr(command, "unit_id", "")))
            screen.playback.animate(events, player=True, before=before)
            self._keep(phase, events, before)
        verdict, events = screen.session.execute(command)
        if isinstance(verdict, Refusal):
            screen.status = verdict.reason
            return False
        self._keep(phase, events, before)
        screen.status = ""
        self.ordered.add(getattr(command, "unit_id", ""))
        screen.playback.animate(events, player=True, before=before)
        screen.bar.refresh()
        return True

    def _keep(
        self, phase: tuple[int, str], events: list[Event], before: dict[str, tuple[int, int]]
    ) -> None:
        """In hot-seat play, this player's phase is the next player's enemy phase."""
        if self.screen.session.hotseat:
            self.screen.enemy_phase.record(phase, events, before)

    def _stand_down_for(self, command: Command) -> bool:
        """Whether the command's unit must stand down from overwatch first: it is on
        overwatch in its own phase and stood down the order would be allowed (a new sector
        is such an order)."""
        state = self.screen.state
        unit = state.units.get(getattr(command, "unit_id", ""))
        if unit is None or unit.overwatch_ap <= 0 or isinstance(command, StandDown):
            return False
        if not isinstance(StandDown(unit.id).validate(state), Ok):
            return False
        return isinstance(self.verdict(command), Ok)

    def verdict(self, command: Command) -> Verdict:
        """Whether the rules allow an order, as the player gives it: for a unit on overwatch
        in its own phase, as if it stood down first (checked on a copy of the battle)."""
        state = self.screen.state
        unit = state.units.get(getattr(command, "unit_id", ""))
        if (
            unit is None
            or unit.overwatch_ap <= 0
            or isinstance(command, StandDown)
            or not isinstance(StandDown(unit.id).validate(state), Ok)
        ):
            return command.validate(state)
        key = (self.screen.session.version, unit.id)
        if self._trial is None or self._trial[0] != key:
            trial = copy.deepcopy(state)
            StandDown(unit.id).apply(trial)
            self._trial = (key, trial)
        return command.validate(self._trial[1])

    def select(self, unit_id: str | None) -> None:
        """Select a unit (or none); leaves any targeting mode and hides the map cursor."""
        screen = self.screen
        screen.selected = unit_id
        screen.cursor_on = False
        unit = screen.selected_unit()
        screen.cursor = unit.pos if unit is not None else None
        screen.mode = "move"
        screen.status = ""
        screen.bar.refresh()

    def can_act(self, unit: UnitState) -> bool:
        """Whether Tab should stop at a unit: AP left, or on overwatch without an order from
        the player this phase (placed so, it may stand down and act)."""
        if unit.ap > 0:
            return True
        return unit.overwatch_ap > 0 and unit.id not in self.ordered

    def cycle_unit(self, step: int) -> None:
        """Select the next (or previous) own unit that can still act."""
        screen = self.screen
        own = list(screen.state.units_of(screen.session.viewer))
        if not own:
            return
        ids = [u.id for u in own]
        start = ids.index(screen.selected) if screen.selected in ids else (-1 if step > 0 else 0)
        for i in range(1, len(ids) + 1):
            candidate = own[(start + step * i) % len(ids)]
            if self.can_act(candidate) or i == len(ids):
                self.select(candidate.id)
                assert screen.camera is not None
                if not screen.camera.shows(candidate.pos):
                    screen.camera.centre_on(candidate.pos)
                return

    def end_turn(self, confirmed: bool = False) -> Transition | None:
        """End the player's phase; ask first when units still have AP."""
        session = self.screen.session
        side = session.player_side
        if side is None or not session.is_player_turn():
            return None
        waiting = [u for u in session.state.units_of(side) if u.ap > 0 and u.overwatch_ap == 0]
        if waiting and not confirmed:
            names = ", ".join(u.name for u in waiting[:4]) + (" ..." if len(waiting) > 4 else "")
            return Push(
                ConfirmScreen(
                    "End the turn?",
                    f"{len(waiting)} unit(s) still have AP: {names}.",
                    lambda: self.end_turn(confirmed=True),
                )
            )
        self.select(None)
        self.order(EndTurn(side))
        return None

    def weapon_of(self, unit: UnitState) -> WeaponType | None:
        """The weapon the player chose for a unit (keys 1-9), else its first one."""
        return weapon_named(self.screen.state, unit, self.weapon_choice.get(unit.id, ""))

    def fire_at(self, unit: UnitState, pos: TilePos) -> Fire:
        """The Fire command for a unit's chosen weapon."""
        weapon = self.weapon_of(unit)
        return Fire(unit.id, pos, weapon.id if weapon is not None else "")

    def choose_weapon(self, index: int) -> None:
        """Pick the selected unit's weapon by its place in the list (0 = first)."""
        screen = self.screen
        unit = screen.selected_unit()
        if unit is None:
            return
        weapons = screen.state.ruleset.units[unit.type_id].weapons
        if 0 <= index < len(weapons):
            self.weapon_choice[unit.id] = weapons[index].id
            screen.status = f"{unit.name}: {weapons[index].name}"
            screen.previews.forget()
            screen.bar.refresh()

    def order_checked(self, command: Command) -> Transition | None:
        """Give a command; an area attack near civilians asks for confirmation first."""
        state = self.screen.state
        target = getattr(command, "target", None)
        radius = command.blast_radius(state)
        if isinstance(target, TilePos) and radius > 0 and command.validate(state):
            people = combat.civilians_within(state, target, radius)
            if people:
                return Push(
                    ConfirmScreen(
                        "Civilians in the blast area",
                        f"About {people} civilians are within {radius:g} tiles of {target}. "
                        "Fire anyway?",
                        lambda: self.order(command),
                    )
                )
        self.order(command)
        return None

    def click_tile(self, pos: TilePos) -> Transition | None:
        """Left click on the map: select, move, fire or use the chosen action."""
        screen = self.screen
        session = screen.session
        other = screen.state.unit_at(pos)
        visible_other = other if other is not None and session.sees(other.id) else None
        unit = screen.selected_unit()
        if screen.mode in TARGET_MODES and unit is not None:
            command = (
                self.fire_at(unit, pos)
                if screen.mode == "fire"
                else TARGET_MODES[screen.mode][2](unit.id, pos)
            )
            verdict = self.verdict(command)
            if isinstance(verdict, Refusal):  # say why, and stay in the mode to pick again
                screen.status = f"{screen.mode}: {verdict.reason} - pick another target"
                screen.bar.refresh()
                return None
            if screen.mode != "fire":
                screen.mode = "move"
            screen.bar.refresh()
            return self.order_checked(command)
        if visible_other is not None and visible_other.side is session.viewer:
            self.select(visible_other.id)
            return None
        if unit is None or unit.side is not session.player_side:
            if visible_other is not None:
                self.select(visible_other.id)
            return None
        if visible_other is not None:  # an enemy: fire at it
            return self.order_checked(self.fire_at(unit, pos))
        if session.is_player_turn():
            self.order(Move(unit.id, pos))
        return None

    def cancel(self) -> bool:
        """Leave a mode, then the sight tool, then the selection; False when nothing to cancel."""
        screen = self.screen
        if screen.mode != "move":
            screen.mode = "move"
        elif screen.cursor_on:
            screen.cursor_on = False
        elif screen.los_tool:
            screen.los_tool = False
        elif screen.selected is not None:
            screen.selected = None
        else:
            return False
        screen.status = ""
        screen.bar.refresh()
        return True

    def _overwatch_mode(self, unit: UnitState) -> None:
        """O: enter the overwatch mode (a click or a drag sets a sector); O again in it puts
        the unit on overwatch all round. A refused overwatch says why and sets no mode."""
        screen = self.screen
        if screen.mode == "sector":
            screen.mode = "move"
            self.order(Overwatch(unit.id))
            return
        verdict = self.verdict(Overwatch(unit.id))
        if isinstance(verdict, Refusal):
            screen.mode = "move"
            screen.status = f"overwatch: {verdict.reason}"
            screen.bar.refresh()
            return
        screen.mode = "sector"
        self.sector_anchor = None
        screen.status = ""
        screen.bar.refresh()

    def sector_for(self, unit: UnitState, target: TilePos | None) -> Sector | None:
        """The sector a release on `target` would set: toward the tile, or spanning the
        stretch dragged from the anchor."""
        if target is None or target == unit.pos:
            return None
        anchor = self.sector_anchor
        if anchor is None or anchor == target or anchor == unit.pos:
            return Sector(target, SECTOR_WIDTH)
        return Sector.spanning(unit.pos, anchor, target)

    def sector_press(self, pos: TilePos) -> None:
        """The mouse went down on a tile in the overwatch mode: a drag may start here."""
        self.sector_anchor = pos

    def sector_release(self, pos: TilePos) -> None:
        """The mouse came up (or Enter was pressed) on a tile: set overwatch in that sector."""
        screen = self.screen
        unit = screen.selected_unit()
        sector = self.sector_for(unit, pos) if unit is not None else None
        self.sector_anchor = None
        if unit is None or sector is None:
            screen.status = "pick a tile away from the unit to watch toward"
            return
        screen.mode = "move"
        if self.order(Overwatch(unit.id, sector)):
            screen.status = f"{unit.name} watches toward {sector.toward} ({sector.width:g} degrees)"
        screen.bar.refresh()

    def _toggle_mode(self, name: str) -> None:
        screen = self.screen
        verdict = screen.bar.action_verdict(name)
        if isinstance(verdict, Refusal):
            screen.status = f"{name}: {verdict.reason}"
            return
        screen.mode = "move" if screen.mode == name else name
        screen.status = {"fire": "choose a target", "smoke": "choose where to throw smoke"}.get(
            screen.mode, ""
        )
        if screen.mode == "fire":
            self.cursor_to_target()
        screen.bar.refresh()

    def cursor_to_target(self) -> None:
        """Put the map cursor on the nearest enemy the selected unit can fire at (keyboard)."""
        screen = self.screen
        unit = screen.selected_unit()
        if unit is None or screen.camera is None:
            return
        state = screen.state
        targets = [
            e
            for e in state.units_of(unit.side.enemy)
            if screen.session.sees(e.id)
            and isinstance(self.fire_at(unit, e.pos).validate(state), Ok)
        ]
        if not targets:
            return
        nearest = min(targets, key=lambda e: (combat.distance(unit.pos, e.pos), e.id))
        screen.cursor, screen.cursor_on, screen.hover = nearest.pos, True, nearest.pos
        if not screen.camera.shows(nearest.pos):
            screen.camera.centre_on(nearest.pos)

    def action(self, name: str) -> None:
        """Use an action button (or its key): a targeting mode, an order, or a tool."""
        screen = self.screen
        unit = screen.selected_unit()
        if name in TARGET_MODES:
            self._toggle_mode(name)
        elif name == "overwatch" and unit is not None:
            self._overwatch_mode(unit)
        elif name == "detonate" and unit is not None:
            self.order(Detonate(unit.id))
        elif name == "overwatch" or name == "detonate":
            screen.status = "select a unit first"
        elif name == "undo":
            verdict = screen.session.undo()
            screen.status = "move undone" if isinstance(verdict, Ok) else verdict.reason
            screen.bar.refresh()
        elif name == "los":
            screen.los_tool = not screen.los_tool
            screen.bar.refresh()
        elif name == "grid":
            screen.overlays.show_grid = not screen.overlays.show_grid
            screen.bar.refresh()
