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
from game.core.values import Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat, vbied
from game.sim.events import Event
from game.sim.spotting import side_sees


@dataclass(frozen=True)
class Fire(Command):
    """Fire `weapon` (an id; "" = the unit's first weapon) at the enemy unit on `target`."""

    kind = "fire"
    unit_id: str
    target: TilePos
    weapon: str = ""

    def _checked(self, state: BattleState) -> tuple[WeaponType, str] | Refusal:
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        weapons = state.unit_type(unit.id).weapons
        if not weapons:
            return Refusal(f"{unit.name} has no weapon")
        chosen = [w for w in weapons if w.id == (self.weapon or weapons[0].id)]
        if not chosen:
            return Refusal(f"{unit.name} does not carry {self.weapon!r}")
        weapon = chosen[0]
        if unit.ammo.get(weapon.id) == 0:
            return Refusal(f"{unit.name} is out of ammunition for the {weapon.name}")
        refusal = first_refusal(check_ap(unit, weapon.ap), check_tile(state, self.target))
        if refusal is not None:
            return refusal
        target = state.unit_at(self.target)
        if target is None or target.side is unit.side:
            return Refusal(f"no enemy unit at {self.target}")
        dist = combat.distance(unit.pos, self.target)
        if dist > weapon.range + 1e-9:
            return Refusal(
                f"out of range: {dist:.1f} tiles, the {weapon.name} reaches {weapon.range}"
            )
        if unit.side is Side.COALITION and state.civilians.get(self.target, 0) > 0:
            return Refusal(f"rules of engagement: civilians at {self.target}")
        odds = combat.hit_chance(state, unit.id, weapon, self.target)
        if odds.visibility <= 0:
            return Refusal(f"no line of sight to {self.target}")
        if not side_sees(state, unit.side, target):
            return Refusal(f"no unit of yours has spotted a target at {self.target}")
        return weapon, target.id

    def validate(self, state: BattleState) -> Verdict:
        """Ok when weapon, ammunition, AP, range, sight and rules of engagement allow it."""
        checked = self._checked(state)
        return checked if isinstance(checked, Refusal) else OK

    def apply(self, state: BattleState) -> list[Event]:
        """Roll the shot (one random number; a second for a precision hit on a car bomb)."""
        checked = self._checked(state)
        assert not isinstance(checked, Refusal), checked.reason
        weapon, target_id = checked
        events = combat.resolve_fire(state, self.unit_id, weapon, target_id)
        vbied.update_alerts(state)
        return events
