"""Overwatch (reserve AP for reaction fire, perhaps in a sector), StandDown (take it back) and
EndTurn (hand over to the next phase)."""

from __future__ import annotations

from dataclasses import dataclass

from game.battle.state import BattleState
from game.battle.units import Sector, UnitState
from game.commands.base import (
    OK,
    Command,
    Refusal,
    Verdict,
    check_actor,
    check_ap,
    check_battle_running,
    check_tile,
)
from game.core.values import Side
from game.sim import vbied
from game.sim.events import Event, EventKind
from game.sim.overwatch import cheapest_shot
from game.sim.turns import end_phase


@dataclass(frozen=True)
class Overwatch(Command):
    """Reserve all the unit's AP left for reaction fire in the enemy phase (sim/overwatch.py),
    anywhere it sees or, with a sector, only inside that covered arc."""

    kind = "overwatch"
    unit_id: str
    sector: Sector | None = None

    def validate(self, state: BattleState) -> Verdict:
        """Ok for an armed unit with the overwatch minimum of AP and enough for one shot, and
        a sector (if any) that points somewhere on the map."""
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        if not state.unit_type(unit.id).weapons:
            return Refusal(f"{unit.name} has no weapon to watch with")
        if unit.overwatch_ap > 0:
            return Refusal(f"{unit.name} is already on overwatch")
        refusal = check_ap(unit, state.rules.overwatch_min_ap)
        if refusal is not None:
            return refusal
        weapon = cheapest_shot(state, unit)
        if weapon is None:
            return Refusal(f"{unit.name} has no rounds left to watch with")
        if unit.ap + 1e-9 < weapon.ap:
            return Refusal(
                f"overwatch could never fire: a shot of the {weapon.name} needs {weapon.ap:g} AP, "
                f"{unit.name} has {unit.ap:g}"
            )
        if self.sector is not None:
            return _check_sector(state, unit, self.sector)
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Move the AP left into the overwatch reserve (and set the sector)."""
        unit = state.units[self.unit_id]
        unit.overwatch_ap = unit.ap
        unit.ap = 0
        unit.sector = self.sector
        where = "" if self.sector is None else f", sector toward {self.sector.toward}"
        return [
            Event(
                EventKind.OVERWATCH,
                f"{unit.name} is on overwatch ({unit.overwatch_ap:g} AP{where})",
                unit=unit.id,
                ap=unit.overwatch_ap,
                pos=None if self.sector is None else self.sector.toward,
            )
        ]

    def to_dict(self) -> dict[str, object]:
        """{"kind": "overwatch", "unit_id": ...} plus the sector when there is one."""
        out: dict[str, object] = {"kind": self.kind, "unit_id": self.unit_id}
        if self.sector is not None:
            out["sector"] = self.sector.to_dict()
        return out


def _check_sector(state: BattleState, unit: UnitState, sector: Sector) -> Verdict:
    refusal = check_tile(state, sector.toward)
    if refusal is not None:
        return refusal
    if sector.toward == unit.pos:
        return Refusal("a sector must point away from the unit: pick a tile to watch")
    if not 0 < sector.width <= 360:
        return Refusal(f"a sector's width must be 1 to 360 degrees, not {sector.width:g}")
    return OK


@dataclass(frozen=True)
class StandDown(Command):
    """Take a unit off overwatch in its own phase: the reserve becomes AP to act with again
    (a unit placed on overwatch starts the battle so)."""

    kind = "stand_down"
    unit_id: str

    def validate(self, state: BattleState) -> Verdict:
        """Ok for a unit of the side to move that is on overwatch."""
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        if unit.overwatch_ap <= 0:
            return Refusal(f"{unit.name} is not on overwatch")
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Give the overwatch reserve back as AP."""
        unit = state.units[self.unit_id]
        unit.ap, unit.overwatch_ap, unit.sector = unit.overwatch_ap, 0, None
        return [
            Event(
                EventKind.STOOD_DOWN,
                f"{unit.name} is off overwatch ({unit.ap:g} AP)",
                unit=unit.id,
                ap=unit.ap,
            )
        ]


@dataclass(frozen=True)
class EndTurn(Command):
    """End the side's phase; after ISIL's the environment phase runs and a new turn starts."""

    kind = "end_turn"
    side: Side

    def validate(self, state: BattleState) -> Verdict:
        """Ok when it is this side's phase."""
        refusal = check_battle_running(state)
        if refusal is not None:
            return refusal
        if state.side_to_move is not self.side:
            return Refusal(f"it is the {state.phase} phase, not the {self.side.value} phase")
        return OK

    def apply(self, state: BattleState) -> list[Event]:
        """Run the turn sequence to the next side's phase (or the end of the battle); car bombs
        the coalition sees at the new phase's start raise the alert."""
        events = end_phase(state)
        return events + vbied.raise_alerts(state)

    def to_dict(self) -> dict[str, object]:
        """{"kind": "end_turn", "side": ...}."""
        return {"kind": self.kind, "side": self.side.value}
