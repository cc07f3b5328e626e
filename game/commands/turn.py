"""Overwatch (reserve AP for reaction fire) and EndTurn (hand over to the next phase)."""

from __future__ import annotations

from dataclasses import dataclass

from game.battle.state import BattleState
from game.commands.base import (
    OK,
    Command,
    Refusal,
    Verdict,
    check_actor,
    check_ap,
    check_battle_running,
)
from game.core.values import Side
from game.sim import vbied
from game.sim.events import Event, EventKind
from game.sim.turns import end_phase


@dataclass(frozen=True)
class Overwatch(Command):
    """Reserve all the unit's AP left for reaction fire in the enemy phase (sim/overwatch.py)."""

    kind = "overwatch"
    unit_id: str

    def validate(self, state: BattleState) -> Verdict:
        """Ok for an armed unit with at least the overwatch minimum of AP."""
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        if not state.unit_type(unit.id).weapons:
            return Refusal(f"{unit.name} has no weapon to watch with")
        if unit.overwatch_ap > 0:
            return Refusal(f"{unit.name} is already on overwatch")
        refusal = check_ap(unit, state.rules.overwatch_min_ap)
        return OK if refusal is None else refusal

    def apply(self, state: BattleState) -> list[Event]:
        """Move the AP left into the overwatch reserve."""
        unit = state.units[self.unit_id]
        unit.overwatch_ap = unit.ap
        unit.ap = 0
        return [
            Event(
                EventKind.OVERWATCH,
                f"{unit.name} is on overwatch ({unit.overwatch_ap:g} AP)",
                unit=unit.id,
                ap=unit.overwatch_ap,
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
