"""What the battle map previews before an order: the selected unit's move range and path (with
the tiles known enemy overwatch and snipers watch, and the destination's cover), the facts and
odds under the mouse or the map cursor, the sight tool's field, and the early-warning overlay's
data while it is on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.battle.units import Sector, UnitState
from game.client.battle.orders import TARGET_MODES
from game.client.map_overlays import EarlyWarning, early_warning
from game.commands import Move, Ok, Refusal
from game.core.values import TilePos
from game.sim import combat
from game.sim.movement import MoveSearch
from game.sim.sight_fields import field as visibility_field
from game.sim.threats import OVERWATCH, SNIPER, KnownThreat, known_threats, watched_tiles

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen


class Previews:
    """Computes the screen's overlays for the state, the selection and the hovered tile (cached)."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self._range_cache: tuple[tuple, dict[TilePos, float]] | None = None
        self._search_cache: tuple[tuple, MoveSearch] | None = None
        self._hover_key: tuple = ()
        self._los_cache: tuple[tuple, tuple] | None = None
        self._threats: tuple[tuple, list[KnownThreat]] | None = None
        self._watched: dict[tuple, dict[TilePos, str]] = {}
        self._warning: tuple[tuple, EarlyWarning] | None = None

    def update(self) -> None:
        """Fill the overlays: hover text, selection, move range, AP, hovered tile, sight."""
        screen = self.screen
        overlays = screen.overlays
        self._hover_info()
        overlays.selected = screen.selected
        unit = screen.selected_unit()
        overlays.move_range = (
            self.move_range() if screen.mode == "move" and not screen.los_tool else None
        )
        overlays.move_ap = unit.ap if unit is not None else 0.0
        overlays.hover = screen.hover
        overlays.los = self._los()  # type: ignore[assignment]
        overlays.sectors = self._sectors(unit)
        overlays.watch = self.early_warning() if overlays.early_warning else None

    def _sectors(self, unit: UnitState | None) -> list[tuple[TilePos, Sector, bool]]:
        """The sector being set (in the overwatch mode), else the selected unit's sector."""
        if unit is None:
            return []
        if self.screen.mode == "sector":
            target = self.screen.cursor if self.screen.cursor_on else self.screen.hover
            sector = self.screen.orders.sector_for(unit, target)
            return [] if sector is None else [(unit.pos, sector, True)]
        if unit.sector is not None and unit.overwatch_ap > 0:
            return [(unit.pos, unit.sector, False)]
        return []

    def forget(self) -> None:
        """Work the hover text out again next frame (the weapon changed)."""
        self._hover_key = ()

    def move_search(self) -> MoveSearch | None:
        """The selected unit's movement search (cached per state version)."""
        screen = self.screen
        unit = screen.selected_unit()
        if (
            unit is None
            or unit.side is not screen.session.player_side
            or not screen.session.is_player_turn()
        ):
            return None
        key = (screen.session.version, unit.id)
        if self._search_cache is None or self._search_cache[0] != key:
            # a unit on overwatch in its own phase may stand down: it moves with its reserve
            budget = unit.ap + unit.overwatch_ap
            self._search_cache = (key, MoveSearch(screen.state, unit.id, budget))
        return self._search_cache[1]

    def move_range(self) -> dict[TilePos, float]:
        """Tiles the selected unit can reach with its AP left, and their cost."""
        screen = self.screen
        search = self.move_search()
        if search is None:
            return {}
        key = (screen.session.version, screen.selected)
        if self._range_cache is None or self._range_cache[0] != key:
            reach = search.reachable()
            unit = screen.selected_unit()
            occupied = screen.state.occupied()
            reach = {
                p: c
                for p, c in reach.items()
                if p not in occupied and unit is not None and p != unit.pos
            }
            self._range_cache = (key, reach)
        return self._range_cache[1]

    def _hover_info(self) -> None:
        """Path and AP cost, hit chance and damage, or the tile's facts under the cursor."""
        screen = self.screen
        ov = screen.overlays
        pos = screen.hover
        session = screen.session
        detail = bool(pygame.key.get_mods() & pygame.KMOD_ALT)  # Alt: the odds in full
        key = (session.version, pos, screen.selected, screen.mode, screen.los_tool, detail)
        if key == self._hover_key:
            return
        self._hover_key = key
        ov.path, ov.path_cost, ov.hover_lines, ov.blast = None, None, [], None
        ov.aim = None
        ov.path_watch, ov.path_cover = {}, None
        if pos is None:
            return
        state = screen.state
        unit = screen.selected_unit()
        other = state.unit_at(pos)
        if other is not None and session.sees(other.id):
            otype = state.ruleset.units[other.type_id]
            ov.hover_lines = [f"{other.name} ({otype.name})", f"HP {other.hp}/{otype.hp}"]
            if other.id == screen.selected and "detonate" in other.actions:
                ov.blast = (pos, float(state.rules.blast_radius))
                ov.hover_lines.append(f"X detonates: blast radius {state.rules.blast_radius:g}")
            if (
                unit is not None
                and other.side is not unit.side
                and unit.side is session.player_side
            ):
                weapon = screen.orders.weapon_of(unit)
                if weapon is not None:
                    odds = combat.hit_chance(state, unit.id, weapon, pos)
                    dmg = combat.damage_against(state.rules, weapon, otype)
                    ov.aim = (unit.pos, pos)
                    ov.hover_lines.insert(2, f"{weapon.name}")
                    ov.hover_lines.append(
                        f"Hit {odds.chance:.0%} - damage {dmg} - expected {odds.chance * dmg:.1f}"
                    )
                    if detail:
                        ov.hover_lines += odds.breakdown()[:-1]
                    else:
                        ov.hover_lines.append("(hold Alt for the odds in full)")
                    verdict = screen.orders.verdict(screen.orders.fire_at(unit, pos))
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
        if unit is not None and screen.mode in TARGET_MODES:
            verdict = TARGET_MODES[screen.mode][2](unit.id, pos).validate(state)
            lines.append(
                "click or Enter to confirm"
                if isinstance(verdict, Ok)
                else f"cannot: {verdict.reason}"
            )
            if screen.mode == "smoke":
                ov.blast = (pos, float(state.rules.grenade_radius))
            elif screen.mode == "drone":
                ov.blast = (pos, float(state.rules.drone_radius))
                people = combat.civilians_within(state, pos, float(state.rules.drone_radius))
                if people:
                    lines.append(f"WARNING: {people} civilians in the blast area")
        elif unit is not None and screen.mode == "sector":
            sector = screen.orders.sector_for(unit, pos)
            if sector is not None:
                lines.append(f"watch toward {sector.toward}: {sector.width:g} degrees")
                lines.append("release to set; drag along a road to cover it")
        elif unit is not None and screen.mode == "move":
            reach = self.move_range()
            if pos in reach:
                search = self.move_search()
                path = search.path(pos) if search is not None else None
                if path:
                    ov.path = path
                    ov.path_cost = reach[pos]
                    ov.path_cover = combat.tile_cover(state, pos)
                    ov.path_watch = self.path_watch(path)
                    have = unit.ap + unit.overwatch_ap
                    lines.append(f"move: {reach[pos]:g} AP of {have:g}")
                    if unit.overwatch_ap > 0:
                        lines.append("(stands down from overwatch first)")
                    if ov.path_watch:
                        lines.append(
                            f"reaction fire: {len(ov.path_watch)} tiles of the path watched"
                            " by known enemies"
                        )
            elif session.is_player_turn() and unit.side is session.player_side and pos != unit.pos:
                verdict = Move(unit.id, pos).validate(state)
                if isinstance(verdict, Refusal):
                    lines.append(f"cannot move: {verdict.reason}")
        ov.hover_lines = lines

    def path_watch(self, path: list[TilePos]) -> dict[TilePos, str]:
        """The path tiles the viewer's known enemy overwatch and snipers watch, each with what
        watches it ("sniper" before "overwatch"); cached per state version and path."""
        screen = self.screen
        session = screen.session
        unit = screen.selected_unit()
        if unit is None:
            return {}
        version = (session.version, session.viewer)
        if self._threats is None or self._threats[0] != version:
            seen = screen.state.spotted.get(session.viewer, set())
            self._threats = (
                version,
                known_threats(screen.state, session.viewer, seen, session.ghosts()),
            )
            self._watched = {}
        key = (unit.id, tuple(path))
        if key not in self._watched:
            vehicle = screen.state.unit_type(unit.id).is_vehicle
            watched = watched_tiles(screen.state, self._threats[1], path, vehicle)
            self._watched[key] = {
                pos: SNIPER if any(t.kind == SNIPER for t in threats) else OVERWATCH
                for pos, threats in watched.items()
            }
        return self._watched[key]

    def early_warning(self) -> EarlyWarning:
        """The early-warning overlay's data for the viewer (worked out again only when the
        state changes)."""
        session = self.screen.session
        key = (session.version, session.viewer)
        if self._warning is None or self._warning[0] != key:
            self._warning = (key, early_warning(session.state, session.viewer))
        return self._warning[1]

    def _los(self) -> tuple[int, int, object] | None:
        screen = self.screen
        unit = screen.selected_unit()
        if not screen.los_tool or unit is None:
            return None
        src = screen.hover or unit.pos
        key = (screen.session.version, unit.id, src)
        if self._los_cache is None or self._los_cache[0] != key:
            sight = screen.state.ruleset.units[unit.type_id].sight
            self._los_cache = (
                key,
                visibility_field(screen.state.grid, screen.state.smoke, src, sight),
            )
        return self._los_cache[1]
