"""Which shots the rules allow: the one check that Fire, the AIs and the client's previews share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.spotting import side_sees


@dataclass(frozen=True)
class Shot:
    """A shot the rules allow: the weapon, the target, its odds and the damage of a hit."""

    weapon: WeaponType
    target: UnitState
    odds: combat.HitChance
    damage: int  # HP a hit takes, before the target's own HP caps it


def weapon_named(state: BattleState, unit: UnitState, weapon_id: str) -> WeaponType | None:
    """The unit's weapon with this id ("" = its first weapon), or None when it has none."""
    weapons = state.unit_type(unit.id).weapons
    if not weapons:
        return None
    wanted = weapon_id or weapons[0].id
    return next((w for w in weapons if w.id == wanted), None)


def out_of_ammunition(unit: UnitState, weapon: WeaponType) -> bool:
    """Whether the unit has fired its last round of the weapon."""
    return unit.ammo.get(weapon.id) == 0


def check_shot(
    state: BattleState,
    unit: UnitState,
    weapon: WeaponType,
    pos: TilePos,
    seen: Mapping[str, bool] | None = None,
) -> Shot | str:
    """The shot at the enemy on a map tile `pos`, or the reason the rules refuse it: no enemy
    there, out of range, civilians there (the coalition's rules of engagement), no line of
    sight, or not spotted by any unit of the side (`seen`: whether the side spots each
    target now, by id, when the caller has worked that out for many shots at once)."""
    target = state.unit_at(pos)
    if target is None or target.side is unit.side:
        return f"no enemy unit at {pos}"
    dist = combat.distance(unit.pos, pos)
    if dist > weapon.range + 1e-9:
        return f"out of range: {dist:.1f} tiles, the {weapon.name} reaches {weapon.range}"
    if unit.side is Side.COALITION and state.civilians.get(pos, 0) > 0:
        return f"rules of engagement: civilians at {pos}"
    odds = combat.hit_chance(state, unit.id, weapon, pos)
    if odds.visibility <= 0:
        return f"no line of sight to {pos}"
    spotted = None if seen is None else seen.get(target.id)
    if not (side_sees(state, unit.side, target) if spotted is None else spotted):
        return f"no unit of yours has spotted a target at {pos}"
    damage = combat.damage_against(state.rules, weapon, state.ruleset.units[target.type_id])
    return Shot(weapon, target, odds, damage)
