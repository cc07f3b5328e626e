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
    CIVILIANS = "civilians"  # harm at most `count` civilians (met unless that is exceeded)
    EVACUATE = "evacuate"  # see `count` civilians evacuated
    STOP_CAR_BOMBS = "stop_car_bombs"  # no car bomb goes off in the area
    SURVIVE = "survive"  # still have units on the map after `turns` turns


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
    difficulty: str = "any"  # "standard" or "hard": the unit takes part only at that level


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
    count: int = 1  # exit: how many units must leave; civilians: most harmed; evacuate: people
    difficulty: str = "any"  # "standard" or "hard": the objective exists only at that level
    active: bool = True  # False: it waits for a trigger to add it


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
    difficulty: str = "any"  # "standard" or "hard": the event exists only at that level


class TriggerWhen(StrEnum):
    """What sets a trigger off (checked after every command and at each turn's start)."""

    TURN_START = "turn_start"  # turn `turn` starts (the coalition's phase begins)
    ENTERS = "enters"  # a unit (of `side`, `unit_type` or named `unit`) enters the area
    LEAVES = "leaves"  # such a unit leaves the area
    DESTROYED = "destroyed"  # such a unit is destroyed (or, a car bomb, its driver killed)
    OBJECTIVE_GAINED = "objective_gained"  # the objective named `objective` is complete
    OBJECTIVE_LOST = "objective_lost"  # it fails, or a met one is lost again
    CAR_BOMB_SPOTTED = "car_bomb_spotted"  # the coalition spots a car bomb (the alert)
    CIVILIANS_HARMED = "civilians_harmed"  # civilians harmed (by `side`, or all) reach `count`
    CHANCE = "chance"  # at each turn's start, with probability `chance` (the battle's dice)
    ORDERED = "ordered"  # a unit of `side` is given an order of kind `order` (training)


class TriggerAction(StrEnum):
    """What a trigger does."""

    MESSAGE = "message"  # show `text` (from `speaker`; `dialog` waits for the player)
    SPAWN = "spawn"  # bring in the units named in `units` (placed with arrival_turn 0)
    LAUNCH = "launch"  # the car bomb or drone team named `units` sets off now
    SMOKE = "smoke"  # add `density` smoke over the area (a tyre fire lit)
    CIVILIANS = "civilians"  # the civilians in the area leave for the evacuation point
    OBJECTIVE_ADD = "objective_add"  # the objective named `objective` becomes active
    OBJECTIVE_COMPLETE = "objective_complete"  # it is complete
    OBJECTIVE_FAIL = "objective_fail"  # it has failed
    WIND = "wind"  # the wind blows from `wind_direction` degrees at `wind_strength`
    END = "end"  # the battle ends: `result` (coalition, isil or draw) wins


@dataclass(frozen=True)
class Trigger:
    """An object of the `triggers` layer: when something happens (and its conditions hold),
    do one thing; once, or every time (`repeat`); it may arm another trigger (`enables`)."""

    object_id: int
    name: str
    when: TriggerWhen
    then: TriggerAction
    tiles: frozenset[TilePos]  # the object's area (where units enter, smoke rises, ...)
    turn: int = 0
    side: Side | None = None  # whose units (when); who reads a message unless `to` says
    to: str = "side"  # who reads a message: "coalition", "isil", "any", or the `side`
    unit_type: str = ""
    unit: str = ""  # a unit's name
    objective: str = ""  # an objective's name
    count: int = 0
    chance: float = 0.0
    order: str = "move"  # ordered: a command kind (move, fire, overwatch, smoke, ...)
    if_holds: Side | None = None  # condition: this side holds the area (like a capture)
    if_alive: Side | None = None  # condition: this side has at least `if_at_least` units
    if_at_least: int = 0
    text: str = ""
    speaker: str = ""
    dialog: bool = False
    units: tuple[str, ...] = ()  # spawn / launch: unit names
    density: float = 0.0
    wind_direction: float = 0.0
    wind_strength: float = 0.0
    result: str = "draw"  # end: "coalition", "isil" or "draw"
    repeat: bool = False
    enabled: bool = True  # False: armed only when another trigger `enables` it
    enables: tuple[str, ...] = ()  # trigger names armed when this one fires
    difficulty: str = "any"


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
    triggers: list[Trigger] = field(default_factory=list)
    fixed_side: bool = False  # the player may only command player_side (the training battle)

    def wind_vector(self) -> tuple[float, float]:
        """The direction smoke drifts, (dx, dy) in tiles per phase (y grows southward)."""
        toward = math.radians(self.wind_direction + 180.0)
        return (
            self.wind_strength * math.sin(toward),
            -self.wind_strength * math.cos(toward),
        )
