"""The battle screen: map view, HUD, input turned into commands, the AI's phase animated.

Every change to the battle goes through `BattleSession.execute` (commands); the screen only
reads the state to draw it and to preview (move range, path cost, hit chance).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.battle.units import UnitState
from game.client.app import Pop, Push, Replace, Screen, Transition
from game.client.basic_screens import ConfirmScreen, HelpScreen, battle_help_text, ruleset_notice
from game.client.battle_dialogs import DebriefScreen, PauseScreen
from game.client.battle_session import BattleSession
from game.client.battle_view import BattleView, Effect, Overlays
from game.client.camera import Camera
from game.client.hud import draw_alert, draw_objectives, draw_top_bar, draw_unit_panel, panel
from game.client.session_error import SessionError
from game.client.sounds import SoundBank
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
    ThrowSmoke,
    Verdict,
)
from game.core.values import Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.events import Event, EventKind
from game.sim.line_of_sight import visibility_field
from game.sim.movement import MoveSearch
from game.sim.shots import weapon_named

ENEMY_SPEED = {"slow": 1.6, "normal": 1.0, "fast": 0.4, "instant": 0.0}
MOVE_STEP_S = 0.09  # seconds per tile of an animated move
EDGE_PX = 6  # screen-edge scrolling band
ARROWS = {
    pygame.K_LEFT: (-1, 0),
    pygame.K_RIGHT: (1, 0),
    pygame.K_UP: (0, -1),
    pygame.K_DOWN: (0, 1),
}
CURSOR_JUMP = 5  # tiles per arrow press with Shift
ALERT_S = 3.5

# (mode, key, button label, command builder)
TARGET_MODES: dict[str, tuple[int, str, Callable[[str, TilePos], Command]]] = {
    "fire": (pygame.K_f, "Fire (F)", lambda uid, pos: Fire(uid, pos)),
    "smoke": (pygame.K_s, "Smoke (S)", lambda uid, pos: ThrowSmoke(uid, pos)),
    "berm": (pygame.K_b, "Berm (B)", lambda uid, pos: BuildBerm(uid, pos)),
    "clear": (pygame.K_c, "Clear (C)", lambda uid, pos: ClearRubble(uid, pos)),
    "drone": (pygame.K_n, "Drone (N)", lambda uid, pos: LaunchDrone(uid, pos)),
}
ACTION_ORDER = (
    "fire",
    "overwatch",
    "smoke",
    "berm",
    "clear",
    "drone",
    "detonate",
    "undo",
    "los",
    "grid",
)
KIND_COLOURS = {
    EventKind.HIT: "#ec785a",
    EventKind.DESTROYED: "#ff6a50",
    EventKind.CIVILIAN_CASUALTIES: "#ff4040",
    EventKind.BLAST: "#ffb050",
    EventKind.SPOTTED: "#e8d070",
    EventKind.PHASE: "#c8a96a",
    EventKind.OBJECTIVE_COMPLETE: "#80d080",
    EventKind.OBJECTIVE_FAILED: "#ec785a",
    EventKind.BATTLE_OVER: "#c8a96a",
    EventKind.VBIED_ALERT: "#ff5040",
    EventKind.VBIED_DETONATED: "#ff5040",
    EventKind.VBIED_DESTROYED: "#ffb050",
    EventKind.VBIED_DRIVER_KILLED: "#80d080",
    EventKind.REACTION_FIRE: "#e8d070",
}
# events shown as a grey cloud where they happened
PUFF_EVENTS = (EventKind.SMOKE, EventKind.COLLAPSED, EventKind.BERM_BUILT, EventKind.RUBBLE_CLEARED)


@dataclass
class Animation:
    """A queued piece of the playback of events (a move or an effect)."""

    kind: str  # "move" or "effect" or "pause"
    unit: str = ""
    path: tuple[tuple[int, int], ...] = ()
    effect: Effect | None = None
    duration: float = 0.0
    age: float = 0.0


class BattleScreen(Screen):
    """Play a battle: map, HUD, orders, the AI's phase, and the way to the debrief."""

    def __init__(self, session: BattleSession) -> None:
        super().__init__()
        self.session = session
        self.view: BattleView | None = None
        self.camera: Camera | None = None
        self.overlays = Overlays()
        self.mode = "move"
        self.los_tool = False
        self.selected: str | None = None
        self.status = ""
        self.t = 0.0
        self.queue: list[Animation] = []
        self.effects: list[Effect] = []
        self.alert = ""
        self.alert_left = 0.0
        self.skip_phase: tuple[int, str] | None = None
        self.ai_phase: tuple[int, str] | None = None
        self.drag: tuple[int, int] | None = None
        self.drag_moved = False
        self.hover: TilePos | None = None
        self._range_cache: tuple[tuple, dict[TilePos, float]] | None = None
        self._search_cache: tuple[tuple, MoveSearch] | None = None
        self._hover_key: tuple = ()
        self._los_cache: tuple[tuple, tuple] | None = None
        self.buttons: dict[str, UIButton] = {}
        self.log_to_bottom = 0
        self.end_button: UIButton | None = None
        self.log_box: UITextBox | None = None
        self.logged = 0
        self.minimap_rect = pygame.Rect(0, 0, 0, 0)
        self._minimap: tuple[tuple, pygame.Surface] | None = None
        self._refresh_at = 0.0
        self.last_phase = (session.state.turn, session.state.phase)
        self.debrief_shown = False
        self.sounds: SoundBank | None = None
        self.enemy_replay: list[tuple[list[Event], dict[str, tuple[int, int]]]] = []
        self.replaying = False
        self.hint = ""
        self.banner = ""
        self.banner_left = 0.0
        self.weapon_choice: dict[str, str] = {}
        self.cursor: TilePos | None = None  # the keyboard map cursor
        self.cursor_on = False  # shown, and Enter acts on it

    # --- layout ----------------------------------------------------------------------------

    @property
    def s(self) -> float:
        """UI scale."""
        return self.app.settings.ui_scale

    def layout(self) -> dict[str, pygame.Rect]:
        """Screen rectangles of the map view and HUD parts."""
        width, height = self.app.size
        s = self.s
        top = round(34 * s)
        bar = round(50 * s)
        side = min(round(330 * s), width // 3)
        mini_h = round(190 * s)
        unit_h = round(150 * s)
        obj_h = round(110 * s)
        right = width - side
        return {
            "top": pygame.Rect(0, 0, width, top),
            "map": pygame.Rect(0, top, right, height - top - bar),
            "bar": pygame.Rect(0, height - bar, right, bar),
            "minimap": pygame.Rect(right, top, side, mini_h),
            "unit": pygame.Rect(right, top + mini_h, side, unit_h),
            "objectives": pygame.Rect(right, top + mini_h + unit_h, side, obj_h),
            "log": pygame.Rect(
                right, top + mini_h + unit_h + obj_h, side, height - top - mini_h - unit_h - obj_h
            ),
        }

    def build(self) -> None:
        """Create the view (first time), the action bar and the message log."""
        rects = self.layout()
        self.session.save_dir = self.app.save_dir
        if self.sounds is None or self.sounds.volume != self.app.settings.volume:
            self.sounds = SoundBank(self.app.settings.volume)
        if self.view is None:
            self.view = BattleView(self.session, self.app.text, self.app.palette)
        else:
            self.view.text, self.view.palette = self.app.text, self.app.palette
        if self.camera is None:
            state = self.session.state
            self.camera = Camera((state.grid.width, state.grid.height_tiles), rects["map"], 32)
            own = state.units_of(self.session.viewer)
            if own:
                cx = sum(u.pos.x for u in own) // len(own)
                cy = sum(u.pos.y for u in own) // len(own)
                self.camera.centre_on(TilePos(cx, cy))
            if self.session.is_player_turn() and self.selected is None:
                ready = [u for u in own if u.ap > 0]
                self.selected = ready[0].id if ready else None  # a first unit, ready to order
        else:
            self.camera.set_view(rects["map"])
        bar = rects["bar"]
        s = self.s
        pad = round(6 * s)
        h = bar.h - 2 * pad
        labels = {
            "fire": "Fire (F)",
            "overwatch": "Overwatch (O)",
            "smoke": "Smoke (S)",
            "berm": "Berm (B)",
            "clear": "Clear (C)",
            "drone": "Drone (N)",
            "detonate": "Detonate (X)",
            "undo": "Undo (U)",
            "los": "Sight (L)",
            "grid": "Grid (G)",
        }
        end_w = round(150 * s)
        self.buttons = {}
        for name in ACTION_ORDER:
            button = UIButton(
                pygame.Rect(bar.x, bar.y + pad, 60, h),
                labels[name],
                self.app.ui,
                tool_tip_text=labels[name],
            )
            self.widgets.append(button)
            self.buttons[name] = button
        self._shown_actions: tuple[str, ...] = ()
        self.end_button = UIButton(
            pygame.Rect(bar.right - end_w - pad, bar.y + pad, end_w, h),
            "End turn (Enter)",
            self.app.ui,
        )
        self.widgets.append(self.end_button)
        menu = UIButton(
            pygame.Rect(rects["top"].right - round(90 * s), 2, round(86 * s), rects["top"].h - 4),
            "Menu",
            self.app.ui,
        )
        self.widgets.append(menu)
        self.buttons["menu"] = menu
        self.log_box = UITextBox("", rects["log"], self.app.ui)
        self.widgets.append(self.log_box)
        recent = [e for e in self.session.log[-300:] if self.shown_in_log(e)][-150:]
        self.log_box.set_text("<br>".join(self._log_line(e) for e in recent))
        self.logged = len(self.session.log)
        self.log_to_bottom = 2
        self.minimap_rect = rects["minimap"]
        self._minimap = None
        self._refresh_buttons()

    def _log_line(self, event: Event) -> str:
        colour = KIND_COLOURS.get(event.kind, "#d8d4c8")
        return f"<font color='{colour}'>{html.escape(event.text)}</font>"

    def shown_in_log(self, event: Event) -> bool:
        """Fog of war for the log: what unseen enemy units did stays hidden (unless it hit you)."""
        session = self.session
        if session.player_side is None:
            return True
        unit = session.state.units.get(event.unit)
        if unit is None or unit.side is session.viewer or session.sees(unit.id):
            return True
        where = event.pos
        fog = session.fog[session.viewer]
        if (
            where is not None
            and event.kind is not EventKind.MOVED
            and session.state.grid.in_bounds(where.x, where.y)
            and fog.visible_now[where.y, where.x]
        ):
            return True  # it happened where you can see
        target = session.state.units.get(event.target)
        return target is not None and target.side is session.viewer

    def _sync_log(self) -> None:
        if self.log_box is None or self.logged >= len(self.session.log):
            return
        new = [e for e in self.session.log[self.logged :] if self.shown_in_log(e)]
        self.logged = len(self.session.log)
        if not new:
            return
        self.log_box.append_html_text("<br>" + "<br>".join(self._log_line(e) for e in new))
        self.log_to_bottom = 2

    def _scroll_log(self) -> None:
        """Keep the newest message in sight (the box builds its scroll bar a frame later)."""
        if self.log_to_bottom <= 0 or self.log_box is None:
            return
        self.log_to_bottom -= 1
        bar = self.log_box.scroll_bar
        if bar is not None:
            bar.set_scroll_from_start_percentage(1.0)
            bar.has_moved_recently = True

    # --- state helpers ---------------------------------------------------------------------

    @property
    def state(self):
        """The battle state now."""
        return self.session.state

    def selected_unit(self):
        """The selected unit when it is still on the map."""
        if self.selected is None:
            return None
        unit = self.state.units.get(self.selected)
        return unit if unit is not None and unit.on_map else None

    def _own_units(self) -> list[UnitState]:
        return [u for u in self.state.units_of(self.session.viewer)]

    def move_search(self) -> MoveSearch | None:
        """The selected unit's movement search (cached per state version)."""
        unit = self.selected_unit()
        if (
            unit is None
            or unit.side is not self.session.player_side
            or not self.session.is_player_turn()
        ):
            return None
        key = (self.session.version, unit.id)
        if self._search_cache is None or self._search_cache[0] != key:
            self._search_cache = (key, MoveSearch(self.state, unit.id))
        return self._search_cache[1]

    def move_range(self) -> dict[TilePos, float]:
        """Tiles the selected unit can reach with its AP left, and their cost."""
        search = self.move_search()
        if search is None:
            return {}
        key = (self.session.version, self.selected)
        if self._range_cache is None or self._range_cache[0] != key:
            reach = search.reachable()
            unit = self.selected_unit()
            occupied = self.state.occupied()
            reach = {
                p: c
                for p, c in reach.items()
                if p not in occupied and unit is not None and p != unit.pos
            }
            self._range_cache = (key, reach)
        return self._range_cache[1]

    def action_verdict(self, name: str) -> Verdict:
        """Whether an action button may be used now, by the command's own validate()."""
        session = self.session
        unit = self.selected_unit()
        if name == "los":
            return Ok() if unit is not None else Refusal("select a unit first")
        if name == "grid":
            return Ok()
        if name == "undo":
            return (
                session.battle.can_undo() if session.is_player_turn() else Refusal("not your turn")
            )
        if not session.is_player_turn():
            return Refusal("wait for your turn")
        if unit is None:
            return Refusal("select a unit first")
        enemy_side: Side = unit.side.enemy
        if unit.side is not session.player_side:
            return Refusal(f"{unit.name} is not yours")
        state = self.state
        if name == "overwatch":
            return Overwatch(unit.id).validate(state)
        if name == "detonate":
            return Detonate(unit.id).validate(state)
        if name == "fire":
            enemies = [u for u in state.units_of(enemy_side) if session.sees(u.id)]
            if not enemies:
                return Refusal("no enemy in sight")
            verdicts = [self.fire_at(unit, e.pos).validate(state) for e in enemies]
            if any(isinstance(v, Ok) for v in verdicts):
                return Ok()
            nearest = min(
                range(len(enemies)), key=lambda i: combat.distance(unit.pos, enemies[i].pos)
            )
            return verdicts[nearest]
        if name in ("smoke", "drone"):
            return TARGET_MODES[name][2](unit.id, unit.pos).validate(state)
        if name in ("berm", "clear"):
            verdicts = []
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    pos = TilePos(unit.pos.x + dx, unit.pos.y + dy)
                    if (dx or dy) and state.grid.in_bounds(*pos):
                        verdicts.append(TARGET_MODES[name][2](unit.id, pos).validate(state))
            if any(isinstance(v, Ok) for v in verdicts):
                return Ok()
            return verdicts[0] if verdicts else Refusal("no tile around")
        return Refusal("unknown action")

    def _layout_actions(self) -> None:
        """Show the actions the selected unit has (special ones only for units with them)."""
        unit = self.selected_unit()
        specials = {"berm": "build_berm", "clear": "clear_rubble", "drone": "launch_drone"}
        shown = tuple(
            name
            for name in ACTION_ORDER
            if (name not in specials and name != "detonate")
            or (unit is not None and specials.get(name, name) in unit.actions)
        )
        if shown == self._shown_actions:
            return
        self._shown_actions = shown
        bar = self.layout()["bar"]
        pad = round(6 * self.s)
        avail = bar.w - round(150 * self.s) - 3 * pad
        w = max(40, min(round(150 * self.s), (avail - pad * (len(shown) - 1)) // len(shown)))
        x = bar.x + pad
        for name in ACTION_ORDER:
            button = self.buttons[name]
            if name in shown:
                button.set_dimensions((w, button.rect.h))
                button.set_relative_position((x, button.rect.y))
                button.show()
                x += w + pad
            else:
                button.hide()

    def _refresh_buttons(self) -> None:
        if self.buttons:
            self._layout_actions()
        for name, button in self.buttons.items():
            if name == "menu":
                continue
            verdict = self.action_verdict(name)
            label = button.text
            tip = label if isinstance(verdict, Ok) else f"{label}: {verdict.reason}"
            if isinstance(verdict, Refusal) and button.is_enabled:
                button.disable()
            elif isinstance(verdict, Ok) and not button.is_enabled:
                button.enable()
            if tip != button.tool_tip_text:
                button.set_tooltip(tip)
            active = (
                (name == self.mode)
                or (name == "los" and self.los_tool)
                or (name == "grid" and self.overlays.show_grid)
            )
            if active and not button.is_selected:
                button.select()
            elif not active and button.is_selected:
                button.unselect()
        if self.end_button is not None:
            can_end = self.session.is_player_turn()
            if can_end and not self.end_button.is_enabled:
                self.end_button.enable()
            elif not can_end and self.end_button.is_enabled:
                self.end_button.disable()

    # --- orders ----------------------------------------------------------------------------

    def order(self, command: Command) -> bool:
        """Give a command; show its refusal reason or animate what happened."""
        before = self._positions()
        verdict, events = self.session.execute(command)
        if isinstance(verdict, Refusal):
            self.status = verdict.reason
            return False
        self.status = ""
        self.animate(events, player=True, before=before)
        self._refresh_buttons()
        return True

    def select(self, unit_id: str | None) -> None:
        """Select a unit (or none); leaves any targeting mode and hides the map cursor."""
        self.selected = unit_id
        self.cursor_on = False
        unit = self.selected_unit()
        self.cursor = unit.pos if unit is not None else None
        self.mode = "move"
        self.status = ""
        self._refresh_buttons()

    def cycle_unit(self, step: int) -> None:
        """Select the next (or previous) own unit, preferring units with AP left."""
        own = self._own_units()
        if not own:
            return
        ids = [u.id for u in own]
        start = ids.index(self.selected) if self.selected in ids else (-1 if step > 0 else 0)
        for i in range(1, len(ids) + 1):
            candidate = own[(start + step * i) % len(ids)]
            if candidate.ap > 0 or i == len(ids):
                self.select(candidate.id)
                assert self.camera is not None
                if not self.camera.shows(candidate.pos):
                    self.camera.centre_on(candidate.pos)
                return

    def end_turn(self, confirmed: bool = False) -> Transition | None:
        """End the player's phase; ask first when units still have AP."""
        side = self.session.player_side
        if side is None or not self.session.is_player_turn():
            return None
        waiting = [u for u in self.state.units_of(side) if u.ap > 0 and u.overwatch_ap == 0]
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
        return weapon_named(self.state, unit, self.weapon_choice.get(unit.id, ""))

    def fire_at(self, unit: UnitState, pos: TilePos) -> Fire:
        """The Fire command for a unit's chosen weapon."""
        weapon = self.weapon_of(unit)
        return Fire(unit.id, pos, weapon.id if weapon is not None else "")

    def choose_weapon(self, index: int) -> None:
        """Pick the selected unit's weapon by its place in the list (0 = first)."""
        unit = self.selected_unit()
        if unit is None:
            return
        weapons = self.state.ruleset.units[unit.type_id].weapons
        if 0 <= index < len(weapons):
            self.weapon_choice[unit.id] = weapons[index].id
            self.status = f"{unit.name}: {weapons[index].name}"
            self._hover_key = ()
            self._refresh_buttons()

    def order_checked(self, command: Command) -> Transition | None:
        """Give a command; an area attack near civilians asks for confirmation first."""
        target = getattr(command, "target", None)
        radius = command.blast_radius(self.state)
        if isinstance(target, TilePos) and radius > 0 and command.validate(self.state):
            people = combat.civilians_within(self.state, target, radius)
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
        session = self.session
        state = self.state
        other = state.unit_at(pos)
        visible_other = other if other is not None and session.sees(other.id) else None
        unit = self.selected_unit()
        if self.mode in TARGET_MODES and unit is not None:
            command = (
                self.fire_at(unit, pos)
                if self.mode == "fire"
                else TARGET_MODES[self.mode][2](unit.id, pos)
            )
            if self.mode != "fire":
                self.mode = "move"
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

    # --- hover -----------------------------------------------------------------------------

    def _hover_info(self) -> None:
        """Path and AP cost, hit chance and damage, or the tile's facts under the cursor."""
        ov = self.overlays
        pos = self.hover
        key = (self.session.version, pos, self.selected, self.mode, self.los_tool)
        if key == self._hover_key:
            return
        self._hover_key = key
        ov.path, ov.path_cost, ov.hover_lines, ov.blast = None, None, [], None
        if pos is None:
            return
        state = self.state
        session = self.session
        unit = self.selected_unit()
        other = state.unit_at(pos)
        if other is not None and session.sees(other.id):
            otype = state.ruleset.units[other.type_id]
            ov.hover_lines = [f"{other.name} ({otype.name})", f"HP {other.hp}/{otype.hp}"]
            if other.id == self.selected and "detonate" in other.actions:
                ov.blast = (pos, float(state.rules.blast_radius))
                ov.hover_lines.append(f"X detonates: blast radius {state.rules.blast_radius:g}")
            if (
                unit is not None
                and other.side is not unit.side
                and unit.side is session.player_side
            ):
                weapon = self.weapon_of(unit)
                if weapon is not None:
                    odds = combat.hit_chance(state, unit.id, weapon, pos)
                    dmg = combat.damage_against(state.rules, weapon, otype)
                    ov.hover_lines.append(
                        f"Hit {odds.chance:.0%} - damage {dmg} - expected {odds.chance * dmg:.1f}"
                    )
                    ov.hover_lines += odds.breakdown()[1:7]
                    ov.hover_lines.insert(2, f"{weapon.name}")
                    verdict = self.fire_at(unit, pos).validate(state)
                    if isinstance(verdict, Refusal):
                        ov.hover_lines.append(f"Cannot fire: {verdict.reason}")
                    if weapon.blast:
                        ov.blast = (pos, float(weapon.blast))
                        people = combat.civilians_within(state, pos, float(weapon.blast))
                        if people:
                            ov.hover_lines.append(f"WARNING: {people} civilians in the blast area")
            return
        terrain = state.terrain_name(pos)
        lines = [
            f"{terrain} {pos}",
            f"cover {state.grid.cover[pos.y, pos.x]:.0%}, "
            f"height {state.grid.height[pos.y, pos.x]:g}",
        ]
        smoke = float(state.smoke[pos.y, pos.x])
        if smoke > 0.01:
            lines.append(f"smoke {smoke:.0%}")
        people = state.civilians.get(pos, 0)
        if people and (
            session.player_side is None or session.fog[session.viewer].ever_seen[pos.y, pos.x]
        ):
            lines.append(f"civilians: {people}")
        if unit is not None and self.mode in TARGET_MODES:
            verdict = TARGET_MODES[self.mode][2](unit.id, pos).validate(state)
            lines.append(
                "click or Enter to confirm"
                if isinstance(verdict, Ok)
                else f"cannot: {verdict.reason}"
            )
            if self.mode == "smoke":
                ov.blast = (pos, float(state.rules.grenade_radius))
            elif self.mode == "drone":
                ov.blast = (pos, float(state.rules.drone_radius))
                people = combat.civilians_within(state, pos, float(state.rules.drone_radius))
                if people:
                    lines.append(f"WARNING: {people} civilians in the blast area")
        elif unit is not None and self.mode == "move":
            reach = self.move_range()
            if pos in reach:
                search = self.move_search()
                path = search.path(pos) if search is not None else None
                if path:
                    ov.path = path
                    ov.path_cost = reach[pos]
                    lines.append(f"move: {reach[pos]:g} AP of {unit.ap:g}")
            elif session.is_player_turn() and unit.side is session.player_side and pos != unit.pos:
                verdict = Move(unit.id, pos).validate(state)
                if isinstance(verdict, Refusal):
                    lines.append(f"cannot move: {verdict.reason}")
        ov.hover_lines = lines

    def _los(self) -> tuple[int, int, object] | None:
        unit = self.selected_unit()
        if not self.los_tool or unit is None:
            return None
        src = self.hover or unit.pos
        key = (self.session.version, unit.id, src)
        if self._los_cache is None or self._los_cache[0] != key:
            sight = self.state.ruleset.units[unit.type_id].sight
            self._los_cache = (key, visibility_field(self.state.grid, self.state.smoke, src, sight))
        return self._los_cache[1]

    # --- events ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Mouse and keyboard: orders, selection, camera, tools, menus."""
        assert self.camera is not None
        cam = self.camera
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._button(event.ui_element)
        if event.type == pygame.MOUSEMOTION:
            self.hover = cam.tile_at(event.pos)
            self.cursor_on = False  # the mouse takes over the previews
            if self.drag is not None:
                dx, dy = event.rel
                if abs(event.pos[0] - self.drag[0]) + abs(event.pos[1] - self.drag[1]) > 4:
                    self.drag_moved = True
                if self.drag_moved:
                    cam.pan(-dx, -dy)
            return None
        if event.type == pygame.MOUSEWHEEL:
            if cam.view.collidepoint(pygame.mouse.get_pos()):
                cam.zoom_step(1 if event.y > 0 else -1, pygame.mouse.get_pos())
            return None
        if event.type == pygame.MOUSEBUTTONDOWN:
            if event.button in (2, 3) and cam.view.collidepoint(event.pos):
                self.drag, self.drag_moved = event.pos, False
            elif event.button == 1:
                if self.minimap_rect.collidepoint(event.pos):
                    self._minimap_click(event.pos)
                    return None
                pos = cam.tile_at(event.pos)
                if pos is not None and not self.queue:
                    return self.click_tile(pos)
            return None
        if event.type == pygame.MOUSEBUTTONUP and event.button in (2, 3):
            was_drag = self.drag_moved
            self.drag, self.drag_moved = None, False
            if not was_drag and event.button == 3:
                self.cancel()
            return None
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        return None

    def cancel(self) -> bool:
        """Leave a mode, then the sight tool, then the selection; False when nothing to cancel."""
        if self.mode != "move":
            self.mode = "move"
        elif self.cursor_on:
            self.cursor_on = False
        elif self.los_tool:
            self.los_tool = False
        elif self.selected is not None:
            self.selected = None
        else:
            return False
        self.status = ""
        self._refresh_buttons()
        return True

    def _toggle_mode(self, name: str) -> None:
        verdict = self.action_verdict(name)
        if isinstance(verdict, Refusal):
            self.status = f"{name}: {verdict.reason}"
            return
        self.mode = "move" if self.mode == name else name
        self.status = {"fire": "choose a target", "smoke": "choose where to throw smoke"}.get(
            self.mode, ""
        )
        if self.mode == "fire":
            self.cursor_to_target()
        self._refresh_buttons()

    def cursor_to_target(self) -> None:
        """Put the map cursor on the nearest enemy the selected unit can fire at (keyboard)."""
        unit = self.selected_unit()
        if unit is None or self.camera is None:
            return
        targets = [
            e
            for e in self.state.units_of(unit.side.enemy)
            if self.session.sees(e.id)
            and isinstance(self.fire_at(unit, e.pos).validate(self.state), Ok)
        ]
        if not targets:
            return
        nearest = min(targets, key=lambda e: (combat.distance(unit.pos, e.pos), e.id))
        self.cursor, self.cursor_on, self.hover = nearest.pos, True, nearest.pos
        if not self.camera.shows(nearest.pos):
            self.camera.centre_on(nearest.pos)

    def _action(self, name: str) -> Transition | None:
        unit = self.selected_unit()
        if name in TARGET_MODES:
            self._toggle_mode(name)
        elif name == "overwatch" and unit is not None:
            self.order(Overwatch(unit.id))
        elif name == "detonate" and unit is not None:
            self.order(Detonate(unit.id))
        elif name == "overwatch" or name == "detonate":
            self.status = "select a unit first"
        elif name == "undo":
            verdict = self.session.undo()
            self.status = "move undone" if isinstance(verdict, Ok) else verdict.reason
            self._refresh_buttons()
        elif name == "los":
            self.los_tool = not self.los_tool
            self._refresh_buttons()
        elif name == "grid":
            self.overlays.show_grid = not self.overlays.show_grid
            self._refresh_buttons()
        return None

    def _button(self, element: object) -> Transition | None:
        if element is self.end_button:
            return self.end_turn()
        if element is self.buttons.get("menu"):
            return self._pause()
        for name, button in self.buttons.items():
            if element is button:
                return self._action(name)
        return None

    def _pause(self) -> Transition:
        return Push(PauseScreen(self))

    def _key(self, event: pygame.event.Event) -> Transition | None:
        key = event.key
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        assert self.camera is not None
        if key == pygame.K_ESCAPE:
            if self.cancel():
                return None
            return self._pause()
        if key == pygame.K_F1:
            return Push(HelpScreen(battle_help_text()))
        if key in ARROWS and self.selected_unit() is not None:
            step = CURSOR_JUMP if shift else 1
            self.move_cursor(ARROWS[key][0] * step, ARROWS[key][1] * step)
        elif key == pygame.K_TAB:
            self.cycle_unit(-1 if shift else 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.cursor_on and self.cursor is not None and self.selected_unit() is not None:
                self.cursor_on = False
                if self.queue:
                    return None
                return self.click_tile(self.cursor)
            return self.end_turn()
        elif key == pygame.K_SPACE:
            self.skip_phase = (self.state.turn, self.state.phase)
            self._finish_animations()
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom_step(1)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom_step(-1)
        elif key == pygame.K_F5:
            try:
                path = self.session.quick_save()
                self.status = f"saved to {path.name}"
                self.session.log.append(Event(EventKind.SAVED, f"game saved ({path.name})"))
            except OSError as exc:
                self.status = f"could not save: {exc}"
        elif key == pygame.K_F9:
            return self.quick_load()
        elif key == pygame.K_r:
            self.replay_enemy_phase()
        elif pygame.K_1 <= key <= pygame.K_9:
            self.choose_weapon(key - pygame.K_1)
        elif key == pygame.K_o:
            return self._action("overwatch")
        elif key == pygame.K_x:
            return self._action("detonate")
        elif key == pygame.K_u:
            return self._action("undo")
        elif key == pygame.K_l:
            return self._action("los")
        elif key == pygame.K_g:
            return self._action("grid")
        else:
            for name, (mode_key, _, _) in TARGET_MODES.items():
                if key == mode_key:
                    return self._action(name)
        return None

    def move_cursor(self, dx: int, dy: int) -> None:
        """Show the map cursor and move it (from the selected unit, or from where it was last
        used for this unit); the camera follows it."""
        assert self.camera is not None
        unit = self.selected_unit()
        if self.cursor is None:
            if unit is None:
                return
            self.cursor = unit.pos
        grid = self.state.grid
        x = min(max(self.cursor.x + dx, 0), grid.width - 1)
        y = min(max(self.cursor.y + dy, 0), grid.height_tiles - 1)
        self.cursor = TilePos(x, y)
        self.cursor_on = True
        self.hover = self.cursor
        if not self.camera.shows(self.cursor):
            self.camera.centre_on(self.cursor)

    def quick_load(self) -> Transition | None:
        """Continue from the quick save."""

        path = self.session.quicksave_path
        if not path.exists():
            self.status = "no quick save yet (F5 saves)"
            return None
        try:
            session = BattleSession.load(path, self.session.ruleset)
        except SessionError as exc:
            return ruleset_notice("The quick save cannot be loaded", str(exc))
        return Replace(BattleScreen(session))

    def _minimap_click(self, pos: tuple[int, int]) -> None:
        assert self.camera is not None and self._minimap is not None
        image = self._minimap[1]
        rect = image.get_rect(center=self.minimap_rect.center)
        if rect.collidepoint(pos):
            tx = (pos[0] - rect.x) / rect.w * self.state.grid.width
            ty = (pos[1] - rect.y) / rect.h * self.state.grid.height_tiles
            self.camera.centre_on(TilePos(int(tx), int(ty)))

    # --- animation -------------------------------------------------------------------------

    def _speed(self, player: bool) -> float:
        if player:
            return 0.6
        if self.replaying:
            return max(0.4, ENEMY_SPEED.get(self.app.settings.enemy_speed, 1.0))
        if self.skip_phase == (self.state.turn, self.state.phase):
            return 0.0
        return ENEMY_SPEED.get(self.app.settings.enemy_speed, 1.0)

    def animate(
        self, events: list[Event], player: bool, before: dict[str, tuple[int, int]]
    ) -> None:
        """Queue moves, shots, hits and blasts the viewer can see; raise alerts."""
        speed = self._speed(player)
        session = self.session
        state = self.state
        assert self.camera is not None
        for event in events:
            where = event.pos
            if event.kind is EventKind.VBIED_ALERT and session.viewer is Side.COALITION:
                self.alert = "CAR BOMB SPOTTED!"
                self.alert_left = ALERT_S
                self._play("alert")
                if where is not None:
                    self.camera.centre_on(where)
            if speed <= 0:
                continue
            if event.kind is EventKind.FIRED:
                self._play("shot")
            elif event.kind is EventKind.BLAST:
                self._play("blast")
            if event.kind is EventKind.MOVED:
                uid = event.unit
                path = tuple((p.x, p.y) for p in event.path)
                if (
                    uid in state.units
                    and path
                    and (player or session.sees(uid) or session.player_side is None)
                ):
                    start = before.get(uid, path[0])
                    full = (start, *path)
                    self.queue.append(
                        Animation("move", uid, full, duration=MOVE_STEP_S * len(path) * speed)
                    )
                    if not player and not self.camera.shows(event.path[-1]):
                        self.camera.centre_on(event.path[-1])
            elif event.kind is EventKind.FIRED:
                shooter = state.units.get(event.unit)
                if shooter is not None and where is not None:
                    visible = player or session.sees(shooter.id) or session.player_side is None
                    if visible or session.fog[session.viewer].visible_now[where.y, where.x]:
                        fx = Effect(
                            "tracer",
                            (shooter.pos.x, shooter.pos.y),
                            (where.x, where.y),
                            colour=(255, 230, 150),
                            duration=0.25 * speed + 0.05,
                        )
                        self.queue.append(Animation("effect", effect=fx, duration=fx.duration))
            elif event.kind in (EventKind.HIT, EventKind.MISSED):
                target = state.units.get(event.target)
                if where is None and target is not None:
                    where = target.pos
                if where is not None:
                    hit = event.kind is EventKind.HIT
                    fx = Effect(
                        "text",
                        (where.x, where.y),
                        text=f"-{event.damage}" if hit else "miss",
                        colour=(255, 120, 100) if hit else (220, 220, 220),
                        duration=0.6 * speed + 0.1,
                    )
                    self.effects.append(fx)
            elif event.kind in PUFF_EVENTS:
                if where is not None:
                    fx = Effect(
                        "puff",
                        (where.x, where.y),
                        radius=event.radius or 1.0,
                        duration=0.6 * speed + 0.1,
                    )
                    self.effects.append(fx)
            elif event.kind is EventKind.BLAST and where is not None:
                fx = Effect(
                    "blast",
                    (where.x, where.y),
                    radius=event.radius or 1.0,
                    duration=0.7 * speed + 0.1,
                )
                self.queue.append(Animation("effect", effect=fx, duration=fx.duration))
                if not self.camera.shows(where):
                    self.camera.centre_on(where)

    def _play(self, name: str) -> None:
        if self.sounds is not None:
            self.sounds.play(name)

    def _finish_animations(self) -> None:
        self.queue.clear()
        self.overlays.positions.clear()
        self.overlays.effects = []

    def _step_animations(self, dt: float) -> None:
        self.overlays.positions.clear()
        moving: set[str] = set()
        while self.queue:
            anim = self.queue[0]
            anim.age += dt
            if anim.kind == "move":
                steps = len(anim.path) - 1
                k = min(1.0, anim.age / max(1e-6, anim.duration))
                f = k * steps
                i = min(steps - 1, int(f))
                a, b = anim.path[i], anim.path[i + 1]
                frac = f - i
                self.overlays.positions[anim.unit] = (
                    a[0] + (b[0] - a[0]) * frac,
                    a[1] + (b[1] - a[1]) * frac,
                )
                moving.add(anim.unit)
            elif anim.effect is not None:
                anim.effect.age = anim.age
            if anim.age >= anim.duration:
                self.queue.pop(0)
                dt = 0.0
                continue
            break
        # units whose move is still queued stand at their start
        for anim in self.queue[1:]:
            if (
                anim.kind == "move"
                and anim.unit not in moving
                and anim.unit not in self.overlays.positions
            ):
                self.overlays.positions[anim.unit] = anim.path[0]
        for fx in self.effects:
            fx.age += dt if dt else 1 / 60
        self.effects = [fx for fx in self.effects if fx.age < fx.duration]
        current = [a.effect for a in self.queue[:1] if a.effect is not None]
        self.overlays.effects = current + self.effects

    # --- frame -----------------------------------------------------------------------------

    def update(self, dt: float) -> Transition | None:
        """Animations, the AI's commands, camera scrolling, the end of the battle."""
        self.t += dt
        self.alert_left = max(0.0, self.alert_left - dt)
        self.banner_left = max(0.0, self.banner_left - dt)
        self._step_animations(dt)
        if self.replaying and not self.queue:
            self.replaying = False
            self.status = ""
        self._scroll(dt)
        self._sync_log()
        self._scroll_log()
        phase = (self.state.turn, self.state.phase)
        if phase != self.last_phase:
            self.last_phase = phase
            self._refresh_buttons()
            side = self.state.side_to_move
            if side is not None:
                whose = "your turn" if side is self.session.player_side else "enemy turn"
                name = "Coalition" if side is Side.COALITION else "ISIL"
                self.banner = f"Turn {self.state.turn} - {name} phase ({whose})"
                self.banner_left = 1.6
            if self.session.is_player_turn():
                self.session.autosave()
                if self.selected_unit() is None:
                    self.cycle_unit(1)
                unit = self.selected_unit()
                if unit is not None and self.camera is not None:
                    self.camera.centre_on(unit.pos)  # back to your units after the enemy's phase
        if self.state.over:
            if not self.queue and not self.debrief_shown:
                self.debrief_shown = True

                return Replace(DebriefScreen(self.session))
            return None
        if self.session.is_ai_turn() and not self.queue and self.alert_left <= ALERT_S - 1.5:
            self._ai_step()
        self._hover_info()
        self.overlays.selected = self.selected
        unit = self.selected_unit()
        self.overlays.move_range = (
            self.move_range() if self.mode == "move" and not self.los_tool else None
        )
        self.overlays.move_ap = unit.ap if unit is not None else 0.0
        self.overlays.hover = self.hover
        self.overlays.los = self._los()  # type: ignore[assignment]
        if self.t >= self._refresh_at:
            self._refresh_at = self.t + 0.5
            self._refresh_buttons()
        self.hint = self._button_hint()
        return None

    def _button_hint(self) -> str:
        """Why the action button under the mouse is greyed out (disabled buttons show no tip)."""
        mouse = pygame.mouse.get_pos()
        for button in self.buttons.values():
            if button.visible and not button.is_enabled and button.rect.collidepoint(mouse):
                return button.tool_tip_text or ""
        return ""

    def _positions(self) -> dict[str, tuple[int, int]]:
        return {uid: (u.pos.x, u.pos.y) for uid, u in self.state.units.items()}

    def _ai_step(self) -> None:
        phase = (self.state.turn, self.state.phase)
        if phase != self.ai_phase:
            self.ai_phase = phase
            self.enemy_replay = []
        before = self._positions()
        step = self.session.ai_step()
        if step.refused:
            return
        self.enemy_replay.append((step.events, before))
        self.animate(step.events, player=False, before=before)

    def replay_enemy_phase(self) -> None:
        """Play the last enemy phase's animations again (what you could see of it)."""
        if not self.enemy_replay or self.queue:
            self.status = "no enemy phase to replay yet" if not self.enemy_replay else ""
            return
        self.skip_phase = None
        self.replaying = True
        for events, before in self.enemy_replay:
            self.animate(events, player=False, before=before)
        self.status = "replaying the enemy phase (Space skips)"

    def _scroll(self, dt: float) -> None:
        assert self.camera is not None
        speed = self.app.settings.scroll_speed * dt
        keys = pygame.key.get_pressed()
        arrows = self.selected_unit() is None  # with a unit selected they move the cursor
        dx = dy = 0.0
        if (arrows and keys[pygame.K_LEFT]) or keys[pygame.K_a]:
            dx -= speed
        if (arrows and keys[pygame.K_RIGHT]) or keys[pygame.K_d]:
            dx += speed
        if (arrows and keys[pygame.K_UP]) or keys[pygame.K_w]:
            dy -= speed
        if arrows and keys[pygame.K_DOWN]:
            dy += speed
        if pygame.mouse.get_focused() and self.drag is None:
            mx, my = pygame.mouse.get_pos()
            width, height = self.app.size
            if 0 < mx < EDGE_PX:
                dx -= speed
            elif width - EDGE_PX < mx < width - 1:
                dx += speed
            if 0 < my < EDGE_PX:
                dy -= speed
            elif height - EDGE_PX < my < height - 1:
                dy += speed
        if dx or dy:
            self.camera.pan(dx, dy)

    def draw(self, surface: pygame.Surface) -> None:
        """The map view, the HUD panels and the alert banner."""
        assert self.view is not None and self.camera is not None
        rects = self.layout()
        text = self.app.text
        size = max(10, round(15 * self.s))
        self.view.draw(surface, self.camera, self.overlays, self.t)
        draw_top_bar(surface, rects["top"], self.session, text, self.app.palette, size)
        note = self.hint or self.status
        if not note and self.session.is_ai_turn() and self.session.player_side is not None:
            note = "The enemy is moving - Space skips the animations"
        if self.banner_left > 0 and self.alert_left <= 0:
            strip = text.render(self.banner, round(size * 1.6), (255, 255, 255), bold=True)
            area = rects["map"]
            box = strip.get_rect(center=(area.centerx, area.y + area.h // 3))
            shade = pygame.Surface(box.inflate(60, 24).size, pygame.SRCALPHA)
            shade.fill((10, 12, 16, 190))
            surface.blit(shade, box.inflate(60, 24))
            surface.blit(strip, box)
        if note:
            label = text.render(note, size, (245, 240, 225))
            box = label.get_rect(bottomleft=(rects["map"].x + 10, rects["map"].bottom - 8))
            surface.fill((20, 22, 26), box.inflate(14, 6))
            pygame.draw.rect(surface, (90, 80, 60), box.inflate(14, 6), 1)
            surface.blit(label, box)
        panel(surface, rects["bar"])
        self._draw_minimap(surface, rects["minimap"])
        unit = self.selected_unit()
        weapon = self.weapon_of(unit) if unit is not None else None
        draw_unit_panel(
            surface,
            rects["unit"],
            self.state,
            unit,
            text,
            self.app.palette,
            size,
            weapon.id if weapon is not None else "",
        )
        draw_objectives(surface, rects["objectives"], self.session, text, size)
        if self.cursor_on and self.cursor is not None:
            frame = self.camera.tile_rect(self.cursor)
            if rects["map"].colliderect(frame):
                glow = (255, 230, 90) if int(self.t * 3) % 2 == 0 else (255, 255, 255)
                pygame.draw.rect(surface, glow, frame.inflate(4, 4).clip(rects["map"]), 3)
        if self.alert_left > 0:
            draw_alert(surface, rects["map"], self.alert, text, self.t, self.app.palette)
        if self.mode != "move":
            how = "Enter at the cursor" if self.cursor_on else "click a target"
            label = text.render(
                f"{self.mode.upper()}: {how} - right click or Esc cancels",
                size,
                (255, 255, 255),
                True,
            )
            box = label.get_rect(midtop=(rects["map"].centerx, rects["map"].y + 8))
            surface.fill((60, 50, 30), box.inflate(14, 6))
            surface.blit(label, box)

    def _draw_minimap(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        assert self.view is not None and self.camera is not None
        panel(surface, rect)
        key = (self.session.version, rect.size, self.view.map.version)
        if self._minimap is None or self._minimap[0] != key:
            self._minimap = (key, self.view.minimap((rect.w - 8, rect.h - 8)))
        image = self._minimap[1]
        where = image.get_rect(center=rect.center)
        surface.blit(image, where)
        cam = self.camera
        scale = where.w / self.state.grid.width
        frame = pygame.Rect(
            where.x + cam.x / cam.tile_px * scale,
            where.y + cam.y / cam.tile_px * scale,
            cam.view.w / cam.tile_px * scale,
            cam.view.h / cam.tile_px * scale,
        ).clip(where)
        pygame.draw.rect(surface, (255, 255, 255), frame, 1)

    def crash_context(self) -> str:
        """The recent commands, for the error log."""
        return self.session.recent_commands()

    def on_exit(self) -> None:
        """Leave the battle."""
        super().on_exit()


__all__ = ["BattleScreen", "Pop", "math"]
