"""Explosive drones: a straight flight over walls and roofs that shows its side what it passes,
interception by jammers and by units with open sky, and a small charge on arrival.

The whole flight is resolved within the LaunchDrone command (the drone arrives in the phase
it is launched), tile by tile along the Bresenham line from the team to the target:

1. The drone reveals the tiles within `reveal_radius` (Chebyshev) of the tile it reaches to
   its side for the rest of the turn (`BattleState.revealed`): enemies standing there in
   the open count as seen (`seen_from_above`); units under a roof stay hidden.
2. Every enemy jammer (a unit with the `jam` action and a `jam_radius`) whose radius now
   covers the drone tries once per flight to bring it down (`jam_chance`); then every enemy
   unit with a weapon, open sky above it (not in a building) and the drone within
   `shoot_radius` shoots once per flight (`shoot_chance`). Each try draws one number.
3. A drone still flying at its target drops its charge there (`drone_hit`): the LaunchDrone
   command sets off a blast of `radius` and `damage` (before armour) in which roofs protect
   the units inside buildings. (This module does not import combat, so that spotting, which
   asks `seen_from_above`, stays free of import cycles.)
"""

from __future__ import annotations

import math

import tcod.los

from game.battle.state import BattleState
from game.battle.units import UNLIMITED, UnitState
from game.core.values import Side, TilePos
from game.sim.events import Event, EventKind

JAM_ACTION = "jam"


def flight_path(start: TilePos, target: TilePos) -> list[TilePos]:
    """The tiles a drone flies over from `start` (excluded) to `target` (included)."""
    line = tcod.los.bresenham((start.x, start.y), (target.x, target.y)).tolist()
    return [TilePos(int(x), int(y)) for x, y in line[1:]]


def under_roof(state: BattleState, pos: TilePos) -> bool:
    """Whether a tile is inside a standing building (no open sky above it)."""
    return bool(state.grid.building_max_hp[pos.y, pos.x] > 0)


def seen_from_above(state: BattleState, side: Side, target: UnitState) -> bool:
    """Whether the side's drones saw the target this turn: it stands in the open on a tile
    they flew over."""
    return (
        target.on_map and target.pos in state.revealed[side] and not under_roof(state, target.pos)
    )


def reveal(state: BattleState, side: Side, pos: TilePos, radius: int) -> None:
    """Mark the tiles within Chebyshev `radius` of `pos` as seen by the side's drones."""
    tiles = state.revealed[side]
    for y in range(pos.y - radius, pos.y + radius + 1):
        for x in range(pos.x - radius, pos.x + radius + 1):
            if state.grid.in_bounds(x, y):
                tiles.add(TilePos(x, y))


def _can_jam(state: BattleState, unit: UnitState) -> bool:
    utype = state.ruleset.units[unit.type_id]
    return utype.jam_radius > 0 and unit.actions.get(JAM_ACTION, 0) != 0


def _can_shoot(state: BattleState, unit: UnitState) -> bool:
    return bool(state.ruleset.units[unit.type_id].weapons) and not under_roof(state, unit.pos)


def _within(a: TilePos, b: TilePos, radius: float) -> bool:
    return math.hypot(a.x - b.x, a.y - b.y) <= radius + 1e-9


def _intercepted(
    state: BattleState, side: Side, pos: TilePos, tried: set[str], name: str
) -> Event | None:
    """Jammers, then shooters, that reach the drone at `pos` for the first time try once."""
    rules = state.rules
    enemies = state.units_of(side.enemy)
    for unit in enemies:
        radius = state.ruleset.units[unit.type_id].jam_radius
        if unit.id in tried or not _can_jam(state, unit) or not _within(unit.pos, pos, radius):
            continue
        tried.add(unit.id)
        if float(state.rng.random()) < rules.drone_jam_chance:
            if unit.actions[JAM_ACTION] != UNLIMITED:
                unit.actions[JAM_ACTION] -= 1
            return Event(
                EventKind.DRONE_JAMMED,
                f"{unit.name} jammed the {name} over {pos}",
                unit=unit.id,
                pos=pos,
            )
    for unit in enemies:
        if unit.id in tried or not _can_shoot(state, unit):
            continue
        if not _within(unit.pos, pos, rules.drone_shoot_radius):
            continue
        tried.add(unit.id)
        if float(state.rng.random()) < rules.drone_shoot_chance:
            return Event(
                EventKind.DRONE_SHOT_DOWN,
                f"{unit.name} shot down the {name} over {pos}",
                unit=unit.id,
                pos=pos,
            )
    return None


def fly_drone(state: BattleState, team_id: str, target: TilePos) -> tuple[list[Event], bool]:
    """Fly a drone from the team to the target, revealing and facing interception; returns
    the events and whether it reached the target (then its charge goes off there)."""
    rules = state.rules
    team = state.units[team_id]
    side = team.side
    name = f"drone of {team.name}"
    path = flight_path(team.pos, target)
    events = [
        Event(
            EventKind.DRONE_LAUNCHED,
            f"{team.name} launched a drone at {target}",
            unit=team.id,
            pos=target,
            path=tuple(path),
        )
    ]
    tried: set[str] = set()
    for pos in path or [target]:
        reveal(state, side, pos, rules.drone_reveal_radius)
        downed = _intercepted(state, side, pos, tried, name)
        if downed is not None:
            return [*events, downed], False
    events.append(
        Event(
            EventKind.DRONE_HIT,
            f"the {name} dropped its charge on {target}",
            unit=team.id,
            pos=target,
        )
    )
    return events, True
