"""Reinforcements: units whose arrival turn has come (or that a trigger brings in) enter the
map at the free tile nearest their entry."""

from __future__ import annotations

import math

from game.battle.setup import MapEventKind
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import TilePos
from game.sim.events import Event, EventKind
from game.sim.movement import terrain_enterable


def arrival_tile(state: BattleState, unit: UnitState) -> TilePos | None:
    """Where a reinforcement appears: the free tile nearest its entry area (or placement)."""
    anchors = [unit.pos]
    if unit.entry:
        areas = [
            e.tiles
            for e in state.map_events
            if e.kind is MapEventKind.ENTRY and e.name == unit.entry
        ]
        if areas:
            anchors = sorted(areas[0], key=lambda p: (p.y, p.x))
    enterable = terrain_enterable(state, state.ruleset.units[unit.type_id].move)
    taken = state.occupied()
    radius = state.rules.reinforcement_search_radius
    best: tuple[float, int, int] | None = None
    for anchor in anchors:
        for y in range(anchor.y - radius, anchor.y + radius + 1):
            for x in range(anchor.x - radius, anchor.x + radius + 1):
                if not state.grid.in_bounds(x, y) or not enterable[y, x]:
                    continue
                if TilePos(x, y) in taken:
                    continue
                key = (math.hypot(x - anchor.x, y - anchor.y), y, x)
                if best is None or key < best:
                    best = key
    return None if best is None else TilePos(best[2], best[1])


def reinforcements(state: BattleState) -> list[Event]:
    """Units whose arrival turn has come enter the map (a turn later when no tile is free);
    a unit with arrival turn 0 waits for a trigger to bring it in."""
    events = []
    for unit in state.units.values():
        if unit.arrived or not unit.alive or not 0 < unit.arrival_turn <= state.turn:
            continue
        events.append(arrive(state, unit))
    return events


def arrive(state: BattleState, unit: UnitState) -> Event:
    """Bring a unit onto the map now, at the free tile nearest its entry (or, with none free,
    next turn)."""
    tile = arrival_tile(state, unit)
    if tile is None:
        unit.arrival_turn = state.turn + 1
        return Event(
            EventKind.ARRIVAL_DELAYED, f"{unit.name} cannot arrive: no free tile", unit=unit.id
        )
    unit.pos = tile
    unit.arrived = True
    return Event(
        EventKind.ARRIVED, f"{unit.name} arrived at {tile}", unit=unit.id, pos=tile, side=unit.side
    )
