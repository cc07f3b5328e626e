"""What a battle starts from: map facts, terrain, units, objectives and events (no drawing data)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from game.battle.terrain_grid import GidTable, TerrainGrid
from game.core.values import Side, TilePos


class ObjectiveKind(StrEnum):
    """What an objective asks of its side."""

    CAPTURE = "capture"  # have a unit in the area (and no enemy) at the end
    HOLD = "hold"  # keep the area for `turns` consecutive turns
    PROTECT = "protect"  # keep the named unit (or every own unit in the area) alive
    EXIT = "exit"  # move units off through the area
    DESTROY = "destroy"  # destroy the named unit, or every enemy in the area


class MapEventKind(StrEnum):
    """Scenario objects of the `events` layer."""

    TYRE_FIRE = "tyre_fire"  # a smoke source
    CIVILIANS = "civilians"  # a civilian group of `count` people
    EVACUATION = "evacuation"  # where civilians are safe
    HAZARD = "hazard"  # an area units should avoid (e.g. a reported chemical threat)
    MESSAGE = "message"  # text shown when a side first enters the area
    ENTRY = "entry"  # where reinforcements of a side arrive


class AiRole(StrEnum):
    """A hint for the AI about a unit's job."""

    DEFAULT = "default"
    HOLD = "hold"
    AMBUSH = "ambush"
    SCREEN = "screen"
    ASSAULT = "assault"
    RESERVE = "reserve"
    VBIED_STRIKE = "vbied_strike"


@dataclass(frozen=True)
class UnitPlacement:
    """A unit placed in the `units` layer."""

    object_id: int
    name: str
    unit_type: str
    side: Side
    pos: TilePos
    ai_role: AiRole = AiRole.DEFAULT
    arrival_turn: int = 1
    overwatch: bool = False
    entry: str = ""  # name of an entry event where the unit arrives instead of `pos`


@dataclass(frozen=True)
class Objective:
    """An objective area of the `objectives` layer."""

    object_id: int
    name: str
    kind: ObjectiveKind
    side: Side
    tiles: frozenset[TilePos]
    points: int
    mandatory: bool
    turns: int = 1  # hold: turns in a row
    target: str = ""  # protect/destroy: the name of a unit ("" = the units in the area)
    count: int = 1  # exit: how many units must leave


@dataclass(frozen=True)
class MapEvent:
    """An object of the `events` layer."""

    object_id: int
    name: str
    kind: MapEventKind
    tiles: frozenset[TilePos]
    side: Side | None = None
    count: int = 0  # civilians: people in the group
    density: float = 0.0  # tyre_fire: smoke added per turn
    start_turn: int = 1
    end_turn: int = 0  # 0 = burns to the end
    text: str = ""  # message


@dataclass
class BattleSetup:
    """Everything a battle starts from: the map's terrain, units, objectives, events, turn
    limit and wind (how the map is drawn is the scenario's, not the battle's)."""

    path: Path
    file_hash: str
    title: str
    briefing: str
    date: str
    player_side: Side
    turn_limit: int
    wind_direction: float  # degrees the wind blows FROM, clockwise from north (0 = north wind)
    wind_strength: float  # tiles of smoke drift per environment phase
    width: int
    height: int
    tiles: GidTable
    grid: TerrainGrid
    kind_gid: dict[str, int]  # terrain kind -> a gid of that kind (berms, cleared rubble)
    units: list[UnitPlacement]
    objectives: list[Objective]
    events: list[MapEvent]
    properties: dict[str, object] = field(default_factory=dict)

    def wind_vector(self) -> tuple[float, float]:
        """The direction smoke drifts, (dx, dy) in tiles per phase (y grows southward)."""
        toward = math.radians(self.wind_direction + 180.0)
        return (
            self.wind_strength * math.sin(toward),
            -self.wind_strength * math.cos(toward),
        )
