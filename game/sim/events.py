"""Event values: what a command did (moved, fired, hit, destroyed, ...) for the client and log."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from game.core.values import Side, TilePos


class EventKind(StrEnum):
    """Every kind of thing that can happen in a battle (the value is the counter's name)."""

    # turn sequence
    PHASE = "phase"  # side, turn
    ENVIRONMENT = "environment"  # turn
    ARRIVED = "arrived"  # unit, pos, side
    ARRIVAL_DELAYED = "arrival_delayed"  # unit
    BATTLE_OVER = "battle_over"  # winner
    # objectives
    OBJECTIVE_COMPLETE = "objective_complete"  # objective, side
    OBJECTIVE_FAILED = "objective_failed"  # objective, side
    OBJECTIVE_PENDING = "objective_pending"  # objective, side: met before, no longer met
    OBJECTIVE_HELD = "objective_held"  # objective, side, count (turns held), total (needed)
    OBJECTIVE_HOLD_BROKEN = "objective_hold_broken"  # objective, side, count 0, total
    EXITED = "exited"  # unit, objective
    # movement and sight
    MOVED = "moved"  # unit, path, ap, interrupted
    SPOTTED = "spotted"  # side (who saw), unit (who was seen), pos
    OVERWATCH = "overwatch"  # unit, ap; pos: the tile its sector points toward (if any)
    STOOD_DOWN = "stood_down"  # unit, ap (given back)
    # fire and its effects
    REACTION_FIRE = "reaction_fire"  # unit (watcher), target, weapon, pos
    FIRED = "fired"  # unit, target, weapon, pos, chance, reaction
    MISSED = "missed"  # target
    HIT = "hit"  # target, damage, pos; driver (a car bomb's driver), collapse (in a collapse)
    DESTROYED = "destroyed"  # unit, pos, side
    WRECK = "wreck"  # pos
    BLAST = "blast"  # pos, radius, side (who caused it)
    COLLAPSED = "collapsed"  # pos, gid (the rubble tile), side (who caused it)
    CIVILIAN_CASUALTIES = "civilian_casualties"  # pos, count, side (who caused them)
    # civilians
    CIVILIANS_MOVED = "civilians_moved"  # groups
    EVACUATED = "evacuated"  # count, total
    # car bombs
    VBIED_LAUNCHED = "vbied_launched"  # unit, pos
    VBIED_ALERT = "vbied_alert"  # unit, pos
    VBIED_DETONATED = "vbied_detonated"  # unit, pos
    VBIED_DESTROYED = "vbied_destroyed"  # unit, pos, cause
    VBIED_DRIVER_KILLED = "vbied_driver_killed"  # unit, pos
    # drones
    DRONE_LAUNCHED = "drone_launched"  # unit (the team), pos (target), path
    DRONE_JAMMED = "drone_jammed"  # unit (the jammer), pos
    DRONE_SHOT_DOWN = "drone_shot_down"  # unit (the shooter), pos
    DRONE_HIT = "drone_hit"  # unit (the team), pos
    # special actions
    SMOKE = "smoke"  # unit, pos, radius
    BERM_BUILT = "berm_built"  # unit, pos
    RUBBLE_CLEARED = "rubble_cleared"  # unit, pos
    # a scenario's triggers
    MESSAGE = "message"  # text; side (who reads it, None: both), speaker, dialog
    WIND = "wind"  # the wind changed
    OBJECTIVE_ADDED = "objective_added"  # objective, side: a trigger made it active
    # the client's own notes in the message log
    SAVED = "saved"
    LOADED = "loaded"
    UNDO = "undo"


@dataclass(frozen=True)
class CivilianGroup:
    """Civilians standing on one tile after they fled."""

    pos: TilePos
    count: int


@dataclass(frozen=True)
class Event:
    """One thing that happened: its kind, a line for the message log, and its typed details.

    Each kind sets the fields its comment in `EventKind` names; the others keep their
    defaults (no unit is "", no tile is None).
    """

    kind: EventKind
    text: str  # a one-line description for the message log
    unit: str = ""  # the unit that acted, arrived, moved, was seen or destroyed
    target: str = ""  # the unit acted upon (fired at, hit, missed)
    pos: TilePos | None = None  # the tile where it happened
    side: Side | None = None  # the side it concerns (see the kind's comment)
    path: tuple[TilePos, ...] = ()  # the tiles walked or flown, in order
    weapon: str = ""  # the weapon id fired
    damage: int = 0  # HP taken by a hit
    chance: float = 0.0  # the hit chance of a shot
    ap: float = 0.0  # AP spent on a move, or reserved for overwatch
    radius: float = 0.0  # tiles of a blast or a smoke screen
    count: int = 0  # people: civilian casualties, evacuated
    total: int = 0  # evacuated civilians so far
    turn: int = 0  # the turn a phase or environment phase belongs to
    objective: int = 0  # the objective's object id
    gid: int = 0  # the tile a collapse left
    winner: str = ""  # "coalition", "isil" or "draw"
    cause: str = ""  # what destroyed a car bomb
    reaction: bool = False  # the shot was reaction fire
    interrupted: bool = False  # a move stopped short of its destination
    driver: bool = False  # the hit killed a car bomb's driver
    collapse: bool = False  # the hit came from a collapsing building
    groups: tuple[CivilianGroup, ...] = ()  # where civilians stand after fleeing
    speaker: str = ""  # who says a message
    dialog: bool = False  # a message that waits for the player to read it

    def __str__(self) -> str:
        return self.text
