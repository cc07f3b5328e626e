"""Overwatch reaction fire: units with reserved AP shoot at enemies that move within their sight.

After every step of a move (a step hook) each enemy of the mover with overwatch AP left that
spots the mover fires once, with its best usable weapon, at the overwatch penalty
(combat.toml [hit] overwatch_factor), paying the weapon's AP from its reserve. Against a
vehicle the most precise shooters react first (snipers, then marksmen), so a driver can be
shot before an anti-tank round sets a car bomb off; otherwise shooters react in id order. A
hit that kills the mover, kills a car bomb's driver or (combat.toml [overwatch]
hit_stops_foot) hits a unit on foot stops the move there. A unit given a sector (a covered
arc, battle/units.Sector) reacts only to movers inside it, so a sniper screen holds its fire
for the road it watches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.battle.state import BattleState
from game.battle.units import Sector, UnitState
from game.core.values import Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.events import Event, EventKind
from game.sim.line_of_sight import concealment
from game.sim.sight_fields import field as visibility_field
from game.sim.spotting import spotting_skill, unit_sees


def reaction_weapon(state: BattleState, watcher: UnitState, target: UnitState) -> WeaponType | None:
    """The first weapon (in the unit's order) the watcher can fire at the target from its
    reserve: ammunition, AP, range and a chance above 0; scarce anti-armour rounds are kept
    for vehicles."""
    vehicle = state.ruleset.units[target.type_id].is_vehicle
    for weapon in state.ruleset.units[watcher.type_id].weapons:
        if weapon.ammo > 0 and weapon.anti_armour and not vehicle:
            continue
        if watcher.ammo.get(weapon.id) == 0 or watcher.overwatch_ap + 1e-9 < weapon.ap:
            continue
        odds = combat.hit_chance(state, watcher.id, weapon, target.pos, reaction=True)
        if odds.chance > 0:
            return weapon
    return None


def watching(watcher: UnitState, pos: TilePos) -> bool:
    """Whether a unit on overwatch reacts to an enemy on `pos`: anywhere, or inside its sector."""
    return watcher.sector is None or watcher.sector.covers(watcher.pos, pos)


def cheapest_shot(state: BattleState, unit: UnitState) -> WeaponType | None:
    """The unit's weapon with rounds left that costs the fewest AP to fire (None: none left)."""
    loaded = [w for w in state.unit_type(unit.id).weapons if unit.ammo.get(w.id) != 0]
    return min(loaded, key=lambda w: w.ap, default=None)


def _precision(state: BattleState, unit: UnitState) -> float:
    return max((w.precision for w in state.ruleset.units[unit.type_id].weapons), default=0.0)


def reaction_order(state: BattleState, mover: UnitState) -> list[UnitState]:
    """The mover's enemies on overwatch, in the order they react: against a vehicle the
    most precise weapons first, then by id."""
    watchers = [u for u in state.units_of(mover.side.enemy) if u.overwatch_ap > 0]
    if state.ruleset.units[mover.type_id].is_vehicle:
        watchers.sort(key=lambda u: (-_precision(state, u), u.id))
    return watchers


def _stops(state: BattleState, mover: UnitState, events: list[Event]) -> bool:
    if not mover.on_map or mover.driver_killed:
        return True
    foot = not state.ruleset.units[mover.type_id].is_vehicle
    hit = any(e.kind is EventKind.HIT and e.target == mover.id for e in events)
    return foot and hit and state.rules.overwatch_hit_stops_foot


def reaction_step_hook(state: BattleState, unit_id: str) -> tuple[list[Event], bool]:
    """After a step: each enemy on overwatch that spots the mover fires once at it."""
    mover = state.units[unit_id]
    events: list[Event] = []
    if not mover.on_map:
        return events, False
    for watcher in reaction_order(state, mover):
        if _stops(state, mover, events):
            break
        if not watcher.on_map or not watching(watcher, mover.pos):
            continue
        if not unit_sees(state, watcher, mover):
            continue
        if watcher.side is Side.COALITION and state.civilians.get(mover.pos, 0) > 0:
            continue  # rules of engagement
        weapon = reaction_weapon(state, watcher, mover)
        if weapon is None:
            continue
        events.append(
            Event(
                EventKind.REACTION_FIRE,
                f"{watcher.name} on overwatch reacts to {mover.name} at {mover.pos}",
                unit=watcher.id,
                target=mover.id,
                weapon=weapon.id,
                pos=mover.pos,
            )
        )
        events += combat.resolve_fire(state, watcher.id, weapon, mover.id, reaction=True)
    return events, _stops(state, mover, events)


@dataclass(frozen=True)
class WatchCoverage:
    """What a side's units on overwatch watch: the early-warning overlay's data."""

    visibility: np.ndarray  # (H, W) float32: best visibility from a watcher that would react
    spots_vehicle: np.ndarray  # (H, W) bool: a moving enemy vehicle there would be spotted
    watchers: int  # units on overwatch that were counted


def watch_coverage(state: BattleState, side: Side) -> WatchCoverage:
    """The tiles the side's units on overwatch watch (inside their sector and the reach of
    a weapon they could fire), with the best attenuated visibility from any of them, and
    where a moving enemy vehicle (a car bomb driving in) would be spotted. Gaps in a sniper
    screen are the road tiles this leaves dark."""
    h, w = state.grid.height_tiles, state.grid.width
    best = np.zeros((h, w), np.float32)
    spots = np.zeros((h, w), bool)
    watchers = [u for u in state.units_of(side) if u.overwatch_ap > 0]
    vehicle = _vehicle_concealment(state, side.enemy)
    for unit in watchers:
        utype = state.unit_type(unit.id)
        reach = max((wp.range for wp in utype.weapons if unit.ammo.get(wp.id) != 0), default=0)
        x0, y0, vis = visibility_field(state.grid, state.smoke, unit.pos, utype.sight)
        sub_y, sub_x = np.mgrid[y0 : y0 + vis.shape[0], x0 : x0 + vis.shape[1]]
        inside = np.hypot(sub_x - unit.pos.x, sub_y - unit.pos.y) <= reach + 1e-9
        if unit.sector is not None:
            inside &= _sector_mask(unit.sector, unit.pos, sub_x, sub_y)
        watched = np.where(inside, vis, 0.0).astype(np.float32)
        window = best[y0 : y0 + vis.shape[0], x0 : x0 + vis.shape[1]]
        np.maximum(window, watched, out=window)
        skill = spotting_skill(state, unit)
        spots[y0 : y0 + vis.shape[0], x0 : x0 + vis.shape[1]] |= inside & (
            watched * skill >= vehicle
        )
    return WatchCoverage(best, spots, len(watchers))


def _sector_mask(sector: Sector, origin: TilePos, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(h, w) bool: the tiles of a window (their x and y) that the sector covers."""
    cells = zip(xs.ravel().tolist(), ys.ravel().tolist(), strict=True)
    covered = [sector.covers(origin, TilePos(x, y)) for x, y in cells]
    return np.array(covered, bool).reshape(xs.shape)


def _vehicle_concealment(state: BattleState, side: Side) -> float:
    """The concealment of the side's hardest-to-see vehicle on the move (1.0: it has none)."""
    vehicles = [t for t in state.ruleset.units.values() if t.side is side and t.is_vehicle]
    return max(
        (concealment(t.concealment, vehicle=True, moved=True) for t in vehicles), default=1.0
    )
