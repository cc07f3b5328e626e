"""Fire: one shot of a unit's weapon at an enemy unit's tile, under the rules of engagement."""

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
    check_tile,
    first_refusal,
)
from game.core.values import TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat, vbied
from game.sim.events import Event
from game.sim.shots import Shot, check_shot, out_of_ammunition, weapon_named


@dataclass(frozen=True)
class Fire(Command):
    """Fire `weapon` (an id; "" = the unit's first weapon) at the enemy unit on `target`."""

    kind = "fire"
    unit_id: str
    target: TilePos
    weapon: str = ""

    def chosen_weapon(self, state: BattleState) -> WeaponType | None:
        """The weapon this order fires (its `weapon`, or the unit's first), if the unit has it."""
        return weapon_named(state, state.units[self.unit_id], self.weapon)

    def blast_radius(self, state: BattleState) -> float:
        """Tiles around the target the weapon's blast reaches (0 for aimed fire)."""
        weapon = self.chosen_weapon(state) if self.unit_id in state.units else None
        return float(weapon.blast) if weapon is not None else 0.0

    def _checked(self, state: BattleState) -> Shot | Refusal:
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        if not state.unit_type(unit.id).weapons:
            return Refusal(f"{unit.name} has no weapon")
        weapon = self.chosen_weapon(state)
        if weapon is None:
            return Refusal(f"{unit.name} does not carry {self.weapon!r}")
        if out_of_ammunition(unit, weapon):
            return Refusal(f"{unit.name} is out of ammunition for the {weapon.name}")
        refusal = first_refusal(check_ap(unit, weapon.ap), check_tile(state, self.target))
        if refusal is not None:
            return refusal
        shot = check_shot(state, unit, weapon, self.target)
        return Refusal(shot) if isinstance(shot, str) else shot

    def validate(self, state: BattleState) -> Verdict:
        """Ok when weapon, ammunition, AP, range, sight and rules of engagement allow it."""
        checked = self._checked(state)
        return checked if isinstance(checked, Refusal) else OK

    def apply(self, state: BattleState) -> list[Event]:
        """Roll the shot (one random number; a second for a precision hit on a car bomb)."""
        checked = self._checked(state)
        assert not isinstance(checked, Refusal), checked.reason
        events = combat.resolve_fire(state, self.unit_id, checked.weapon, checked.target.id)
        vbied.update_alerts(state)
        return events
