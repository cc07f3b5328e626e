"""Special actions: smoke grenades, berms, rubble clearing, car-bomb detonation, drones.

Smoke drifts and spreads in the environment phase (game/sim/smoke.py); a drone's flight,
interception and charge are game/sim/drones.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.commands.base import (
    OK,
    Command,
    Refusal,
    Verdict,
    check_action,
    check_actor,
    check_ap,
    check_tile,
    first_refusal,
    use_action,
)
from game.core.values import TilePos
from game.sim import combat
from game.sim.drones import fly_drone
from game.sim.events import Event, EventKind
from game.sim.smoke import add_smoke
from game.sim.spotting import refresh_spotting


def berm_gid(state: BattleState) -> int | None:
    """The tile a bulldozer's berm becomes (the first berm kind the map has), or None."""
    return next(
        (gid for kind, gid in state.kind_gid.items() if state.ruleset.terrain[kind].berm), None
    )


def cleared_gid(state: BattleState, pos: TilePos) -> int | None:
    """The tile cleared rubble at `pos` becomes (its first `clears_to` kind the map has)."""
    kinds = state.terrain_kind(pos).clears_to
    return next((state.kind_gid[k] for k in kinds if k in state.kind_gid), None)


def _adjacent(unit: UnitState, pos: TilePos) -> bool:
    return max(abs(unit.pos.x - pos.x), abs(unit.pos.y - pos.y)) == 1


def _actor_with(
    state: BattleState, unit_id: str, action: str, label: str, ap: float
) -> UnitState | Refusal:
    unit = check_actor(state, unit_id)
    if isinstance(unit, Refusal):
        return unit
    refusal = first_refusal(check_action(state, unit, action, label), check_ap(unit, ap))
    return unit if refusal is None else refusal


def _ranged_actor(
    state: BattleState, unit_id: str, target: TilePos, action: str, verb: str, ap: float
) -> UnitState | Refusal:
    """The unit for an action aimed at a map tile, or why it cannot act."""
    unit = _actor_with(state, unit_id, action, verb, ap)
    if isinstance(unit, Refusal):
        return unit
    refusal = check_tile(state, target)
    return unit if refusal is None else refusal


@dataclass(frozen=True)
class ThrowSmoke(Command):
    """Throw a smoke grenade: density on the target tile, half of it on the tiles around."""

    kind = "throw_smoke"
    unit_id: str
    target: TilePos

    def validate(self, state: BattleState) -> Verdict:
        """Ok when the unit has smoke, the AP and the target is within throwing range."""
        rules = state.rules
        unit = _ranged_actor(
            state, self.unit_id, self.target, "smoke", "throw smoke", rules.grenade_ap
        )
        if isinstance(unit, Refusal):
            return unit
        dist = combat.distance(unit.pos, self.target)
        if dist > rules.grenade_range + 1e-9:
            return Refusal(
                f"too far to throw: {dist:.1f} tiles, a grenade reaches {rules.grenade_range}"
            )
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Add smoke: the density on the target tile, half of it in the square of the grenade
        radius around it; layers add up to 1."""
        rules = state.rules
        unit = state.units[self.unit_id]
        unit.ap = round(unit.ap - rules.grenade_ap, 3)
        use_action(unit, "smoke")
        r = rules.grenade_radius
        x, y = self.target
        rim = np.zeros(state.smoke.shape, dtype=bool)
        rim[max(0, y - r) : y + r + 1, max(0, x - r) : x + r + 1] = True
        rim[y, x] = False
        add_smoke(state.smoke, rim, rules.grenade_density / 2)
        centre = np.zeros(state.smoke.shape, dtype=bool)
        centre[y, x] = True
        add_smoke(state.smoke, centre, rules.grenade_density)
        return [
            Event(
                EventKind.SMOKE,
                f"{unit.name} threw smoke at {self.target}",
                unit=unit.id,
                pos=self.target,
                radius=r,
            )
        ]


def _earthwork_actor(
    state: BattleState, unit_id: str, target: TilePos, action: str, verb: str, ap: float
) -> UnitState | Refusal:
    """The bulldozer for work on an adjacent, empty tile, or why it cannot do it."""
    unit = _ranged_actor(state, unit_id, target, action, verb, ap)
    if isinstance(unit, Refusal):
        return unit
    if not _adjacent(unit, target):
        return Refusal(f"{target} is not next to {unit.name}")
    occupant = state.unit_at(target)
    if occupant is not None:
        return Refusal(f"{target} is occupied by {occupant.name}")
    return unit


def _rework_tile(
    state: BattleState, unit_id: str, target: TilePos, action: str, ap: float, gid: int
) -> UnitState:
    """Spend the bulldozer's AP and action use, and put a new tile on the target."""
    unit = state.units[unit_id]
    unit.ap = round(unit.ap - ap, 3)
    use_action(unit, action)
    state.grid.set_tile(target.x, target.y, gid, state.tiles)
    return unit


@dataclass(frozen=True)
class BuildBerm(Command):
    """An armoured bulldozer pushes up a berm on an adjacent open tile."""

    kind = "build_berm"
    unit_id: str
    target: TilePos

    def validate(self, state: BattleState) -> Verdict:
        """Ok on an adjacent, empty tile of open ground, when the map has a berm tile."""
        ap = state.rules.build_berm_ap
        unit = _earthwork_actor(state, self.unit_id, self.target, "build_berm", "build a berm", ap)
        if isinstance(unit, Refusal):
            return unit
        kind = state.terrain_kind(self.target)
        if not kind.berm_ground:
            return Refusal(f"a berm cannot be built on {kind.name}")
        if state.civilians.get(self.target, 0):
            return Refusal(f"civilians at {self.target}")
        if berm_gid(state) is None:
            return Refusal("this map's tilesets have no berm tile")
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Turn the tile into the tileset's berm tile."""
        gid = berm_gid(state)
        assert gid is not None  # validate checked it
        ap = state.rules.build_berm_ap
        unit = _rework_tile(state, self.unit_id, self.target, "build_berm", ap, gid)
        return [
            Event(
                EventKind.BERM_BUILT,
                f"{unit.name} built a berm at {self.target}",
                unit=unit.id,
                pos=self.target,
            )
        ]


@dataclass(frozen=True)
class ClearRubble(Command):
    """An armoured bulldozer clears an adjacent rubble tile down to road (or open ground)."""

    kind = "clear_rubble"
    unit_id: str
    target: TilePos

    def validate(self, state: BattleState) -> Verdict:
        """Ok on an adjacent rubble tile with no unit on it."""
        ap = state.rules.clear_rubble_ap
        unit = _earthwork_actor(
            state, self.unit_id, self.target, "clear_rubble", "clear rubble", ap
        )
        if isinstance(unit, Refusal):
            return unit
        kind = state.terrain_kind(self.target)
        if not kind.clears_to:
            return Refusal(f"there is no rubble at {self.target} ({kind.name})")
        if cleared_gid(state, self.target) is None:
            return Refusal(f"this map's tilesets have no {' or '.join(kind.clears_to)} tile")
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Turn the tile into the tileset's road tile (open ground when there is none)."""
        gid = cleared_gid(state, self.target)
        assert gid is not None  # validate checked it
        ap = state.rules.clear_rubble_ap
        unit = _rework_tile(state, self.unit_id, self.target, "clear_rubble", ap, gid)
        return [
            Event(
                EventKind.RUBBLE_CLEARED,
                f"{unit.name} cleared the rubble at {self.target}",
                unit=unit.id,
                pos=self.target,
            )
        ]


@dataclass(frozen=True)
class Detonate(Command):
    """A car bomb detonates where it stands."""

    kind = "detonate"
    unit_id: str

    def validate(self, state: BattleState) -> Verdict:
        """Ok for a unit with a detonate use left."""
        unit = _actor_with(state, self.unit_id, "detonate", "detonate", state.rules.detonate_ap)
        return unit if isinstance(unit, Refusal) else OK

    def apply(self, state: BattleState) -> list[Event]:
        """The blast (radius, damage, falloff, building damage, smoke from combat.toml)."""
        rules = state.rules
        unit = state.units[self.unit_id]
        use_action(unit, "detonate")
        unit.detonated = True
        events = combat.destroy_unit(state, unit.id, "detonated")
        events += combat.blast(
            state,
            unit.pos,
            rules.blast_radius,
            rules.blast_damage,
            unit.side,
            f"{unit.name} detonated",
            building_damage=rules.blast_building_damage,
            smoke=rules.blast_smoke,
        )
        return events


@dataclass(frozen=True)
class LaunchDrone(Command):
    """A drone team sends an explosive drone to a tile: it flies over walls and roofs, may be
    jammed or shot down, and drops a small charge; units under a roof are safe."""

    kind = "launch_drone"
    unit_id: str
    target: TilePos

    def blast_radius(self, state: BattleState) -> float:
        """The drone's charge reaches this many tiles around the target."""
        return float(state.rules.drone_radius)

    def validate(self, state: BattleState) -> Verdict:
        """Ok for a unit with drones left, the AP and a target within drone range."""
        rules = state.rules
        unit = _ranged_actor(
            state, self.unit_id, self.target, "launch_drone", "launch a drone", rules.drone_ap
        )
        if isinstance(unit, Refusal):
            return unit
        dist = combat.distance(unit.pos, self.target)
        if dist > rules.drone_range + 1e-9:
            return Refusal(
                f"out of drone range: {dist:.1f} tiles, drones reach {rules.drone_range}"
            )
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """The drone flies at once (game/sim/drones.py); then its side looks again, seeing
        the enemies in the open on the tiles it flew over."""
        rules = state.rules
        unit = state.units[self.unit_id]
        unit.ap = round(unit.ap - rules.drone_ap, 3)
        use_action(unit, "launch_drone")
        events, arrived = fly_drone(state, unit.id, self.target)
        if arrived:
            events += combat.blast(
                state,
                self.target,
                rules.drone_radius,
                rules.drone_damage,
                unit.side,
                f"drone of {unit.name}",
                roofs_protect=True,
            )
        return events + refresh_spotting(state, unit.side)
