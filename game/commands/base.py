"""What every command shares: Ok / Refusal values, the command base class, common checks."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from game.battle.state import BattleState
from game.battle.units import UNLIMITED, UnitState
from game.core.values import TilePos
from game.sim.events import Event


@dataclass(frozen=True)
class Ok:
    """A command may be applied."""

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class Refusal:
    """A command may not be applied, and why (a sentence the player can read)."""

    reason: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return self.reason


Verdict = Ok | Refusal
OK = Ok()


@dataclass(frozen=True)
class Command:
    """A frozen value naming a change by unit id; validate() then apply() it."""

    kind: ClassVar[str] = ""

    def blast_radius(self, state: BattleState) -> float:
        """Tiles around the target an area attack reaches (0: not an area attack)."""
        return 0.0

    def validate(self, state: BattleState) -> Verdict:
        """Ok, or a Refusal saying why this command cannot happen now."""
        raise NotImplementedError

    def apply(self, state: BattleState) -> list[Event]:
        """Change the state (call only after validate() said Ok); return what happened."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: {"kind": ..., field: value, ...} (positions as [x, y])."""
        out: dict[str, Any] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, TilePos):
                value = [value.x, value.y]
            elif isinstance(value, tuple):
                value = [[p.x, p.y] for p in value]
            out[f.name] = value
        return out


def first_refusal(*checks: Refusal | None) -> Refusal | None:
    """The first refusal among already-evaluated checks (Refusal is falsy: never use `or`)."""
    return next((c for c in checks if c is not None), None)


def check_battle_running(state: BattleState) -> Refusal | None:
    """Refuse anything once the battle is over."""
    if state.over:
        return Refusal(f"the battle is over ({state.end_reason})")
    return None


def check_actor(state: BattleState, unit_id: str) -> UnitState | Refusal:
    """The acting unit, or why it cannot act: unknown, not on the map, not its side's phase."""
    refusal = check_battle_running(state)
    if refusal is not None:
        return refusal
    unit = state.units.get(unit_id)
    if unit is None:
        return Refusal(f"no unit with id {unit_id!r}")
    if not unit.alive:
        return Refusal(f"{unit.name} has been destroyed")
    if not unit.arrived:
        return Refusal(f"{unit.name} arrives on turn {unit.arrival_turn}")
    if unit.exited:
        return Refusal(f"{unit.name} has left the map")
    if unit.side is not state.side_to_move:
        return Refusal(f"it is the {state.phase} phase: {unit.name} cannot act now")
    return unit


def check_ap(unit: UnitState, needed: float) -> Refusal | None:
    """Refuse when the unit lacks the AP."""
    if unit.ap + 1e-9 < needed:
        return Refusal(f"not enough AP: needs {needed:g}, has {unit.ap:g}")
    return None


def check_action(state: BattleState, unit: UnitState, action: str, label: str) -> Refusal | None:
    """Refuse when the unit's type lacks a special action or has used it up."""
    if action not in unit.actions:
        return Refusal(f"{unit.name} cannot {label}")
    if unit.actions[action] == 0:
        return Refusal(f"{unit.name} has no {label} uses left")
    return None


def use_action(unit: UnitState, action: str) -> None:
    """Spend one use of a special action."""
    if unit.actions[action] != UNLIMITED:
        unit.actions[action] -= 1


def check_tile(state: BattleState, pos: TilePos) -> Refusal | None:
    """Refuse a tile off the map."""
    if not state.grid.in_bounds(pos.x, pos.y):
        return Refusal(
            f"{pos} is off the map ({state.grid.width} x {state.grid.height_tiles} tiles)"
        )
    return None
