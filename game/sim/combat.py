"""Combat: the one hit-chance function (preview and roll, reaction fire included), damage
against armour, destroyed units and wrecks, car-bomb payloads and drivers, and blasts (walls
shield, buildings collapse on the units inside, civilians become casualties)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import MoveClass, Side, TilePos
from game.rules.combat_rules import BattleRules
from game.rules.unit_types import UnitType, WeaponType
from game.sim.events import Event, EventKind
from game.sim.line_of_sight import eye_level, visibility_between
from game.sim.ray_tables import ray_table


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
    reaction_factor: float = 1.0  # the overwatch penalty on reaction fire
    experience_factor: float = 1.0  # the shooter's campaign experience bonus

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
            *([f"reaction fire: x{self.reaction_factor:g}"] if self.reaction_factor != 1 else []),
            *([f"experience: x{self.experience_factor:g}"] if self.experience_factor != 1 else []),
            f"hit chance {self.chance:.0%}",
        ]


def distance(a: TilePos, b: TilePos) -> float:
    """Straight-line distance in tiles between tile centres."""
    return math.hypot(a.x - b.x, a.y - b.y)


def civilians_within(state: BattleState, pos: TilePos, radius: float) -> int:
    """Civilians within `radius` tiles of a tile (the area-attack warning's count)."""
    return sum(n for p, n in state.civilians.items() if n > 0 and distance(p, pos) <= radius + 1e-9)


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
    state: BattleState,
    shooter_id: str,
    weapon: WeaponType,
    target_pos: TilePos,
    reaction: bool = False,
) -> HitChance:
    """Accuracy x range x (1 - cover) x visibility x moved x height x smoke, clamped.

    Reaction (overwatch) fire in the enemy phase takes the overwatch factor instead of the
    shooter's moved factor (the shooter is not moving in the enemy's phase).
    """
    rules = state.rules
    shooter = state.units[shooter_id]
    sight = state.ruleset.units[shooter.type_id].sight
    dist = distance(shooter.pos, target_pos)
    rf = range_factor(rules, dist, weapon.range)
    cover = tile_cover(state, target_pos)
    vis = float(visibility_between(state.grid, state.smoke, shooter.pos, target_pos, sight))
    moved = rules.moved_factor if shooter.moved_this_phase and not reaction else 1.0
    reacting = rules.overwatch_factor if reaction else 1.0
    above = eye_level(state.grid, *shooter.pos) - eye_level(state.grid, *target_pos)
    height = rules.height_factor if above >= rules.height_levels else 1.0
    smoke = 1.0 - rules.smoke_penalty * float(state.smoke[target_pos.y, target_pos.x])
    veteran = 1.0 + (shooter.veterancy.accuracy_bonus if shooter.veterancy else 0.0)
    raw = weapon.accuracy * rf * (1.0 - cover) * vis * moved * height * smoke * reacting * veteran
    chance = 0.0
    if rf > 0 and vis > 0:
        chance = min(rules.max_chance, max(rules.min_chance, raw))
    return HitChance(
        accuracy=weapon.accuracy,
        distance=dist,
        range_factor=rf,
        cover=cover,
        visibility=vis,
        moved_factor=moved,
        height_factor=height,
        smoke_factor=smoke,
        raw=raw,
        chance=chance,
        reaction_factor=reacting,
        experience_factor=veteran,
    )


def damage_against(rules: BattleRules, weapon: WeaponType, target: UnitType) -> int:
    """HP a hit takes: damage - armour (anti-armour: only a share of armour), at least min."""
    armour = target.armour
    if weapon.anti_armour:
        armour = math.floor(armour * rules.anti_armour_share)
    return max(rules.min_damage, weapon.damage - armour)


def is_car_bomb(state: BattleState, unit: UnitState) -> bool:
    """Whether a unit is a car bomb (its type can detonate)."""
    return "detonate" in state.ruleset.units[unit.type_id].actions


def active_car_bomb(state: BattleState, unit: UnitState) -> bool:
    """A car bomb on the map with its driver alive and its payload not yet gone off."""
    return (
        unit.on_map and is_car_bomb(state, unit) and not unit.driver_killed and not unit.detonated
    )


def civilian_casualties(
    state: BattleState, pos: TilePos, count: int, side: Side, why: str
) -> list[Event]:
    """`count` civilians on a tile (at most those there) become casualties of `side`."""
    people = min(count, state.civilians.get(pos, 0))
    if people <= 0:
        return []
    left = state.civilians[pos] - people
    if left:
        state.civilians[pos] = left
    else:
        del state.civilians[pos]
    state.civilian_casualties[side] += people
    return [
        Event(
            EventKind.CIVILIAN_CASUALTIES,
            f"{people} civilians killed or wounded at {pos} ({why})",
            pos=pos,
            count=people,
            side=side,
        )
    ]


def destroy_unit(state: BattleState, unit_id: str, cause: str) -> list[Event]:
    """Remove a unit at 0 HP; count the loss; a vehicle leaves a burning wreck.

    A car bomb destroyed with its payload (not by its own detonation) blows up where it
    stands, driver or no driver.
    """
    unit = state.units[unit_id]
    if not unit.alive:
        return []
    unit.hp = 0
    unit.alive = False
    unit.ap = 0
    unit.overwatch_ap = 0
    unit.sector = None
    if not unit.driver_killed:  # a car bomb with a dead driver was counted lost then
        state.losses[unit.side] += 1
    for seen in state.spotted.values():
        seen.discard(unit_id)
    events = [
        Event(
            EventKind.DESTROYED,
            f"{unit.name} destroyed at {unit.pos} ({cause})",
            unit=unit_id,
            pos=unit.pos,
            side=unit.side,
        )
    ]
    if state.ruleset.units[unit.type_id].move is not MoveClass.FOOT:
        state.wrecks[unit.pos] = state.rules.wreck_burn_turns
        events.append(Event(EventKind.WRECK, f"a burning wreck at {unit.pos}", pos=unit.pos))
    if is_car_bomb(state, unit):
        if unit.detonated:
            events.append(
                Event(
                    EventKind.VBIED_DETONATED,
                    f"{unit.name} detonated at {unit.pos}",
                    unit=unit_id,
                    pos=unit.pos,
                )
            )
        else:
            unit.detonated = True
            if "detonate" in unit.actions:
                unit.actions["detonate"] = 0
            events.append(
                Event(
                    EventKind.VBIED_DESTROYED,
                    f"{unit.name} was destroyed and its payload went off at {unit.pos}",
                    unit=unit_id,
                    pos=unit.pos,
                    cause=cause,
                )
            )
            events += car_bomb_blast(state, unit, f"the payload of {unit.name}")
    return events


def car_bomb_blast(state: BattleState, unit: UnitState, cause: str) -> list[Event]:
    """A car bomb's payload goes off on its tile (combat.toml [detonate]); the casualties are
    its side's."""
    rules = state.rules
    return blast(
        state,
        unit.pos,
        rules.blast_radius,
        rules.blast_damage,
        unit.side,
        cause,
        building_damage=rules.blast_building_damage,
        smoke=rules.blast_smoke,
    )


def damage_unit(state: BattleState, unit_id: str, amount: int, cause: str) -> list[Event]:
    """Take HP from a unit; destroy it at 0 (nothing happens to a unit already gone)."""
    unit = state.units[unit_id]
    if not unit.alive:
        return []
    unit.hp = max(0, unit.hp - amount)
    if unit.hp == 0:
        return destroy_unit(state, unit_id, cause)
    return []


def kill_driver(state: BattleState, unit_id: str, shooter_name: str) -> list[Event]:
    """A precision hit kills a car bomb's driver: it stops, cannot move or detonate by itself,
    and counts as lost for its side; its payload still goes off if the vehicle is destroyed."""
    unit = state.units[unit_id]
    unit.driver_killed = True
    unit.ap = 0
    if "detonate" in unit.actions:
        unit.actions["detonate"] = 0
    state.losses[unit.side] += 1
    return [
        Event(
            EventKind.VBIED_DRIVER_KILLED,
            f"{shooter_name} killed the driver of {unit.name}: it stops at {unit.pos}",
            unit=unit_id,
            pos=unit.pos,
        )
    ]


def area_fire_victims(
    state: BattleState, weapon: WeaponType, target: TilePos
) -> dict[TilePos, int]:
    """Civilians an area weapon (blast > 0) fired at a tile would hurt, by tile (the preview's
    warning and the shot use it)."""
    if weapon.blast <= 0:
        return {}
    cap = state.rules.area_fire_casualties
    out = {}
    for pos in tiles_within(state, target, weapon.blast):
        people = min(cap, state.civilians.get(pos, 0))
        if people > 0:
            out[pos] = people
    return out


def resolve_fire(
    state: BattleState,
    shooter_id: str,
    weapon: WeaponType,
    target_id: str,
    reaction: bool = False,
) -> list[Event]:
    """Roll one validated shot: spend AP (the overwatch reserve for reaction fire) and ammo,
    draw one number, apply the hit. A precision hit on a car bomb draws a second number: below
    the weapon's precision, the driver is killed instead of the vehicle being damaged."""
    shooter = state.units[shooter_id]
    target = state.units[target_id]
    odds = hit_chance(state, shooter_id, weapon, target.pos, reaction=reaction)
    if reaction:
        shooter.overwatch_ap = round(max(0.0, shooter.overwatch_ap - weapon.ap), 3)
    else:
        shooter.ap = round(shooter.ap - weapon.ap, 3)
    if shooter.ammo.get(weapon.id, -1) > 0:
        shooter.ammo[weapon.id] -= 1
    roll = float(state.rng.random())
    where = target.pos
    events = [
        Event(
            EventKind.FIRED,
            f"{shooter.name} fired {weapon.name} at {target.name} ({odds.chance:.0%})"
            + (" in reaction" if reaction else ""),
            unit=shooter_id,
            target=target_id,
            weapon=weapon.id,
            pos=where,
            chance=round(odds.chance, 6),
            reaction=reaction,
        )
    ]
    for pos, people in sorted(area_fire_victims(state, weapon, target.pos).items()):
        events += civilian_casualties(state, pos, people, shooter.side, f"{weapon.name} fire")
    if roll >= odds.chance:
        events.append(Event(EventKind.MISSED, f"missed {target.name}", target=target_id))
        return events
    if (
        weapon.precision > 0
        and active_car_bomb(state, target)
        and float(state.rng.random()) < weapon.precision
    ):
        events.append(
            Event(
                EventKind.HIT,
                f"hit the driver of {target.name}",
                target=target_id,
                damage=0,
                pos=where,
                driver=True,
            )
        )
        return events + kill_driver(state, target_id, shooter.name)
    amount = damage_against(state.rules, weapon, state.ruleset.units[target.type_id])
    events.append(
        Event(
            EventKind.HIT,
            f"hit {target.name} for {amount} HP",
            target=target_id,
            damage=amount,
            pos=where,
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


def shielding(state: BattleState, centre: TilePos, pos: TilePos) -> float:
    """Share of a blast that reaches `pos`: each sight-blocking tile (wall, building, berm)
    on the line from the centre takes `wall_shield` of it (0 when fully shielded)."""
    dx, dy = pos.x - centre.x, pos.y - centre.y
    reach = max(abs(dx), abs(dy))
    if reach <= 1:
        return 1.0
    blocking = sum(
        1
        for ox, oy in ray_table(reach).line(dx, dy)
        if state.grid.blocks_sight[centre.y + oy, centre.x + ox]
    )
    return max(0.0, 1.0 - state.rules.blast_wall_shield * blocking)


def collapse_building(
    state: BattleState, pos: TilePos, cause_side: Side, cause: str
) -> list[Event]:
    """A building at 0 HP becomes its collapse tile (rubble): a unit inside is hurt
    (collapse_damage - armour), civilians inside are casualties of `cause_side`."""
    gid = int(state.grid.collapse_gid[pos.y, pos.x])
    if gid == 0:
        return []
    state.grid.set_tile(pos.x, pos.y, gid, state.tiles)
    events = [
        Event(
            EventKind.COLLAPSED, f"a building collapsed at {pos}", pos=pos, gid=gid, side=cause_side
        )
    ]
    inside = state.unit_at(pos)
    if inside is not None:
        armour = state.ruleset.units[inside.type_id].armour
        amount = max(state.rules.min_damage, state.rules.collapse_damage - armour)
        events.append(
            Event(
                EventKind.HIT,
                f"{inside.name} caught in the collapse for {amount} HP",
                target=inside.id,
                damage=amount,
                pos=pos,
                collapse=True,
            )
        )
        events += damage_unit(state, inside.id, amount, f"building collapse ({cause})")
    people = state.civilians.get(pos, 0)
    return events + civilian_casualties(state, pos, people, cause_side, "building collapse")


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
    """An explosion: units, buildings and civilians within the radius are hit.

    The share at a tile is the linear falloff times the shielding of the walls and buildings
    between it and the centre; a fully shielded tile is untouched. Units lose
    round(damage x share) - armour (at least min_damage); units under a roof are safe when
    `roofs_protect` (drones); civilians on a reached tile are casualties of `cause_side`;
    buildings lose round(building_damage x share) HP and collapse at 0; smoke is added within
    the smoke radius (capped at 1). A car bomb destroyed by the blast sets off its own payload.
    """
    rules = state.rules
    events = [
        Event(
            EventKind.BLAST,
            f"explosion at {centre} ({cause})",
            pos=centre,
            radius=radius,
            side=cause_side,
        )
    ]
    area = tiles_within(state, centre, radius)
    occupied = state.occupied()
    for pos in area:
        share = falloff(rules, distance(centre, pos), radius) * shielding(state, centre, pos)
        if share <= 0:
            continue
        uid = occupied.get(pos)
        if uid is not None and state.units[uid].alive:
            utype = state.ruleset.units[state.units[uid].type_id]
            sheltered = roofs_protect and state.terrain_kind(pos).roof
            if not sheltered:
                amount = max(rules.min_damage, round(damage * share) - utype.armour)
                events.append(
                    Event(
                        EventKind.HIT,
                        f"{state.units[uid].name} hit by the blast for {amount} HP",
                        target=uid,
                        damage=amount,
                        pos=pos,
                    )
                )
                events += damage_unit(state, uid, amount, cause)
        people = state.civilians.get(pos, 0)
        events += civilian_casualties(state, pos, people, cause_side, cause)
        if building_damage and state.grid.building_max_hp[pos.y, pos.x] > 0:
            hp = int(state.grid.building_hp[pos.y, pos.x]) - round(building_damage * share)
            state.grid.building_hp[pos.y, pos.x] = max(0, hp)
            if hp <= 0:
                events += collapse_building(state, pos, cause_side, cause)
    if smoke > 0:
        for pos in tiles_within(state, centre, min(rules.blast_smoke_radius, radius)):
            state.smoke[pos.y, pos.x] = min(1.0, float(state.smoke[pos.y, pos.x]) + smoke)
    np.clip(state.smoke, 0.0, 1.0, out=state.smoke)
    return events
