"""Combat: the one hit-chance function (preview and roll), damage against armour, destroyed
units and wrecks, and blasts (car bombs, drones)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.core import MoveClass, Side, TilePos
from game.rules.combat_rules import BattleRules
from game.rules.unit_types import UnitType, WeaponType
from game.sim.events import Event
from game.sim.line_of_sight import eye_level, visibility_between
from game.state.battle import BattleState


@dataclass(frozen=True)
class HitChance:
    """The hit chance of one shot and every factor of it, for the preview and the roll."""

    accuracy: float
    distance: float
    range_factor: float
    cover: float
    visibility: float
    moved_factor: float
    height_factor: float
    smoke_factor: float
    raw: float  # the product before clamping
    chance: float  # clamped to the rules' min..max; 0 when the target is out of range or unseen

    def breakdown(self) -> list[str]:
        """Readable lines for the preview ("range 6.0 tiles: x0.85", ...)."""
        return [
            f"weapon accuracy {self.accuracy:.0%}",
            f"range {self.distance:.1f} tiles: x{self.range_factor:g}",
            f"target cover {self.cover:.0%}: x{1 - self.cover:.2f}",
            f"visibility: x{self.visibility:.2f}",
            f"moved: x{self.moved_factor:g}",
            f"height: x{self.height_factor:g}",
            f"smoke on target: x{self.smoke_factor:.2f}",
            f"hit chance {self.chance:.0%}",
        ]


def distance(a: TilePos, b: TilePos) -> float:
    """Straight-line distance in tiles between tile centres."""
    return math.hypot(a.x - b.x, a.y - b.y)


def range_factor(rules: BattleRules, dist: float, weapon_range: int) -> float:
    """The accuracy factor of a range band; 0 beyond the weapon's range."""
    for share, factor in zip(rules.range_shares, rules.range_factors, strict=True):
        if dist <= share * weapon_range + 1e-9:
            return factor
    return 0.0


def tile_cover(state: BattleState, pos: TilePos) -> float:
    """Cover on a tile: its terrain's, or a wreck's when that is higher."""
    cover = float(state.grid.cover[pos.y, pos.x])
    if pos in state.wrecks:
        cover = max(cover, state.rules.wreck_cover)
    return cover


def hit_chance(
    state: BattleState, shooter_id: str, weapon: WeaponType, target_pos: TilePos
) -> HitChance:
    """Accuracy x range x (1 - cover) x visibility x moved x height x smoke, clamped."""
    rules = state.rules
    shooter = state.units[shooter_id]
    sight = state.ruleset.units[shooter.type_id].sight
    dist = distance(shooter.pos, target_pos)
    rf = range_factor(rules, dist, weapon.range)
    cover = tile_cover(state, target_pos)
    vis = float(visibility_between(state.grid, state.smoke, shooter.pos, target_pos, sight))
    moved = rules.moved_factor if shooter.moved_this_phase else 1.0
    above = eye_level(state.grid, *shooter.pos) - eye_level(state.grid, *target_pos)
    height = rules.height_factor if above >= rules.height_levels else 1.0
    smoke = 1.0 - rules.smoke_penalty * float(state.smoke[target_pos.y, target_pos.x])
    raw = weapon.accuracy * rf * (1.0 - cover) * vis * moved * height * smoke
    chance = 0.0
    if rf > 0 and vis > 0:
        chance = min(rules.max_chance, max(rules.min_chance, raw))
    return HitChance(weapon.accuracy, dist, rf, cover, vis, moved, height, smoke, raw, chance)


def damage_against(rules: BattleRules, weapon: WeaponType, target: UnitType) -> int:
    """HP a hit takes: damage - armour (anti-armour: only a share of armour), at least min."""
    armour = target.armour
    if weapon.anti_armour:
        armour = math.floor(armour * rules.anti_armour_share)
    return max(rules.min_damage, weapon.damage - armour)


def destroy_unit(state: BattleState, unit_id: str, cause: str) -> list[Event]:
    """Remove a unit at 0 HP; count the loss; a vehicle leaves a burning wreck."""
    unit = state.units[unit_id]
    unit.hp = 0
    unit.alive = False
    unit.ap = 0
    unit.overwatch_ap = 0
    state.losses[unit.side] += 1
    for seen in state.spotted.values():
        seen.discard(unit_id)
    events = [
        Event(
            "destroyed",
            f"{unit.name} destroyed at {unit.pos} ({cause})",
            {"unit": unit_id, "pos": [unit.pos.x, unit.pos.y], "side": unit.side.value},
        )
    ]
    if state.ruleset.units[unit.type_id].move is not MoveClass.FOOT:
        state.wrecks[unit.pos] = state.rules.wreck_burn_turns
        events.append(
            Event("wreck", f"a burning wreck at {unit.pos}", {"pos": [unit.pos.x, unit.pos.y]})
        )
    return events


def damage_unit(state: BattleState, unit_id: str, amount: int, cause: str) -> list[Event]:
    """Take HP from a unit; destroy it at 0."""
    unit = state.units[unit_id]
    unit.hp = max(0, unit.hp - amount)
    if unit.hp == 0:
        return destroy_unit(state, unit_id, cause)
    return []


def resolve_fire(
    state: BattleState, shooter_id: str, weapon: WeaponType, target_id: str
) -> list[Event]:
    """Roll one validated shot: spend AP and ammo, draw one number, apply the hit."""
    shooter = state.units[shooter_id]
    target = state.units[target_id]
    odds = hit_chance(state, shooter_id, weapon, target.pos)
    shooter.ap = round(shooter.ap - weapon.ap, 3)
    if shooter.ammo.get(weapon.id, -1) > 0:
        shooter.ammo[weapon.id] -= 1
    roll = float(state.rng.random())
    where = [target.pos.x, target.pos.y]
    events = [
        Event(
            "fired",
            f"{shooter.name} fired {weapon.name} at {target.name} ({odds.chance:.0%})",
            {
                "unit": shooter_id,
                "target": target_id,
                "weapon": weapon.id,
                "pos": where,
                "chance": round(odds.chance, 6),
            },
        )
    ]
    if roll >= odds.chance:
        events.append(Event("missed", f"missed {target.name}", {"target": target_id}))
        return events
    amount = damage_against(state.rules, weapon, state.ruleset.units[target.type_id])
    events.append(
        Event(
            "hit",
            f"hit {target.name} for {amount} HP",
            {"target": target_id, "damage": amount, "pos": where},
        )
    )
    return events + damage_unit(state, target_id, amount, f"{weapon.name} of {shooter.name}")


def tiles_within(state: BattleState, centre: TilePos, radius: float) -> list[TilePos]:
    """Map tiles whose centres are within `radius` of the centre tile, row by row."""
    r = math.floor(radius)
    out = []
    for y in range(centre.y - r, centre.y + r + 1):
        for x in range(centre.x - r, centre.x + r + 1):
            if state.grid.in_bounds(x, y) and distance(centre, TilePos(x, y)) <= radius + 1e-9:
                out.append(TilePos(x, y))
    return out


def falloff(rules: BattleRules, dist: float, radius: float) -> float:
    """Share of blast damage at a distance: 1 at the centre, edge_share at the edge."""
    if radius <= 0:
        return 1.0
    return 1.0 - (1.0 - rules.blast_edge_share) * min(1.0, dist / radius)


def collapse_building(state: BattleState, pos: TilePos) -> list[Event]:
    """A building at 0 HP becomes its collapse tile (rubble)."""
    gid = int(state.grid.collapse_gid[pos.y, pos.x])
    if gid == 0:
        return []
    state.grid.set_tile(pos.x, pos.y, gid, state.tiles)
    return [Event("collapsed", f"a building collapsed at {pos}", {"pos": [pos.x, pos.y]})]


def blast(
    state: BattleState,
    centre: TilePos,
    radius: int,
    damage: int,
    cause_side: Side,
    cause: str,
    building_damage: int = 0,
    smoke: float = 0.0,
    roofs_protect: bool = False,
) -> list[Event]:
    """An explosion: units, buildings and civilians within the radius are hit (linear falloff).

    Issue 4 deepens this (walls shielding, units inside collapsing buildings, fires).
    """
    rules = state.rules
    events = [
        Event(
            "blast",
            f"explosion at {centre} ({cause})",
            {"pos": [centre.x, centre.y], "radius": radius, "side": cause_side.value},
        )
    ]
    area = tiles_within(state, centre, radius)
    occupied = state.occupied()
    for pos in area:
        share = falloff(rules, distance(centre, pos), radius)
        uid = occupied.get(pos)
        if uid is not None:
            utype = state.ruleset.units[state.units[uid].type_id]
            sheltered = roofs_protect and state.terrain_name(pos) == "building"
            if not sheltered:
                amount = max(rules.min_damage, round(damage * share) - utype.armour)
                events.append(
                    Event(
                        "hit",
                        f"{state.units[uid].name} hit by the blast for {amount} HP",
                        {"target": uid, "damage": amount, "pos": [pos.x, pos.y]},
                    )
                )
                events += damage_unit(state, uid, amount, cause)
        people = state.civilians.pop(pos, 0)
        if people:
            state.civilian_casualties[cause_side] += people
            events.append(
                Event(
                    "civilian_casualties",
                    f"{people} civilians killed or wounded at {pos}",
                    {"pos": [pos.x, pos.y], "count": people, "side": cause_side.value},
                )
            )
        if building_damage and state.grid.building_max_hp[pos.y, pos.x] > 0:
            hp = int(state.grid.building_hp[pos.y, pos.x]) - round(building_damage * share)
            state.grid.building_hp[pos.y, pos.x] = max(0, hp)
            if hp <= 0:
                events += collapse_building(state, pos)
    if smoke > 0:
        for pos in tiles_within(state, centre, min(2, radius)):
            state.smoke[pos.y, pos.x] = min(1.0, float(state.smoke[pos.y, pos.x]) + smoke)
    np.clip(state.smoke, 0.0, 1.0, out=state.smoke)
    return events
