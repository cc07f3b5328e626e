"""The baseline AI: legal, sensible moves from its own side's view (spotted enemies only).

Each unit, in id order: shoot the best spotted target it can (hit chance x damage, a driving
car bomb first); a car bomb next to an enemy detonates; a drone team sends a drone at a
spotted enemy in the open; then the unit moves once toward its goal (its side's unfinished
objectives, else the enemy's objective areas, else the spotted enemies), keeping AP for a
shot when enemies are in view; then it shoots again if it can. A car bomb drives at full
speed toward the nearest spotted coalition unit (else the coalition's objective areas) on a
road-preferring route, moving again after a sighting interrupts it. Hold, ambush and reserve
units stay put and go on overwatch; so does any unit left with the AP for it while enemies
are in view or a car bomb alert is on. It never draws from the battle's random generator
and never changes the state itself.
"""

from __future__ import annotations

import math

import numpy as np

from game.battle.setup import ObjectiveKind
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.commands import Command, Detonate, EndTurn, Fire, LaunchDrone, Move, Ok, Overwatch
from game.core.values import MoveClass, Side, TilePos
from game.sim import combat, vbied
from game.sim.movement import MoveSearch, goal_distances
from game.sim.spotting import enemies_seen

STAYING_ROLES = ("hold", "ambush", "reserve")
CAR_BOMB_THREAT = 4.0  # a driving car bomb is worth this many times its damage as a target
GOAL_KINDS = (ObjectiveKind.CAPTURE, ObjectiveKind.HOLD, ObjectiveKind.EXIT, ObjectiveKind.DESTROY)


class BaselineAI:
    """Plays one side: call `next_command` until it returns EndTurn."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self._phase: tuple[int, str] | None = None
        self._done: set[str] = set()
        self._moved: set[str] = set()
        self._fields: dict[tuple[MoveClass, tuple[TilePos, ...]], np.ndarray] = {}
        self._routes: dict[tuple[TilePos, ...], np.ndarray] = {}

    def _new_phase(self, state: BattleState) -> None:
        key = (state.turn, state.phase)
        if key != self._phase:
            self._phase = key
            self._done.clear()
            self._moved.clear()
            self._fields.clear()
            self._routes.clear()

    def next_command(self, state: BattleState) -> Command:
        """The next command for this side (EndTurn when every unit is done)."""
        self._new_phase(state)
        seen = sorted(enemies_seen(state, self.side))
        for unit in state.units_of(self.side):
            if unit.id in self._done:
                continue
            command = self._attack(state, unit, seen)
            if command is not None:
                return command
            if unit.id not in self._moved:
                if not combat.is_car_bomb(state, unit):
                    self._moved.add(unit.id)  # a car bomb moves on after an interruption
                command = self._move(state, unit, seen)
                if command is not None:
                    return command
                self._moved.add(unit.id)
            self._done.add(unit.id)
            if self._watches(state, unit, seen) and isinstance(
                Overwatch(unit.id).validate(state), Ok
            ):
                return Overwatch(unit.id)
        return EndTurn(self.side)

    def _watches(self, state: BattleState, unit: UnitState, seen: list[str]) -> bool:
        """Whether a unit done for the phase goes on overwatch with the AP it has left."""
        if unit.ai_role in STAYING_ROLES:
            return not unit.moved_this_phase
        return bool(seen) or unit.alerted

    # --- attacks ------------------------------------------------------------------------

    def _attack(self, state: BattleState, unit: UnitState, seen: list[str]) -> Command | None:
        """The best legal attack for a unit now, if any."""
        targets = [
            state.units[uid] for uid in seen if not state.units[uid].driver_killed
        ]  # a car bomb with a dead driver is no threat: leave its payload alone
        if not targets:
            return None
        if "detonate" in unit.actions:
            near = [t for t in targets if combat.distance(unit.pos, t.pos) < 1.5]
            if near and isinstance(Detonate(unit.id).validate(state), Ok):
                return Detonate(unit.id)
        if "launch_drone" in unit.actions:
            for target in targets:
                if state.terrain_kind(target.pos).roof:
                    continue
                drone = LaunchDrone(unit.id, target.pos)
                if isinstance(drone.validate(state), Ok):
                    return drone
        best: tuple[float, str, Fire] | None = None
        for target in targets:
            ttype = state.ruleset.units[target.type_id]
            for weapon in state.unit_type(unit.id).weapons:
                if weapon.ammo > 0 and not ttype.is_vehicle and weapon.anti_armour:
                    continue  # keep scarce anti-armour rounds for vehicles
                command = Fire(unit.id, target.pos, weapon.id)
                if not isinstance(command.validate(state), Ok):
                    continue
                odds = combat.hit_chance(state, unit.id, weapon, target.pos)
                damage = combat.damage_against(state.rules, weapon, ttype)
                value = odds.chance * min(damage, target.hp) * (2.0 if damage >= target.hp else 1.0)
                if combat.active_car_bomb(state, target):
                    value *= CAR_BOMB_THREAT
                key = (value, target.id, command)
                if best is None or (value, target.id) > (best[0], best[1]):
                    best = key
        return None if best is None else best[2]

    # --- movement -----------------------------------------------------------------------

    def _goals(self, state: BattleState, unit: UnitState, seen: list[str]) -> list[TilePos]:
        """Where the unit wants to be."""
        if combat.is_car_bomb(state, unit):  # waits hidden until its side sees a target
            return [state.units[uid].pos for uid in seen]
        own = [
            o
            for o in state.objectives
            if o.side is self.side
            and o.kind in GOAL_KINDS
            and state.objective_status[o.object_id] == "pending"
        ]
        tiles = sorted({p for o in own for p in o.tiles})
        if not tiles:
            theirs = [o for o in state.objectives if o.side is not self.side]
            tiles = sorted({p for o in theirs for p in o.tiles})
        if not tiles:
            tiles = [state.units[uid].pos for uid in seen]
        return tiles

    def _field(self, state: BattleState, move_class: MoveClass, goals: list[TilePos]) -> np.ndarray:
        key = (move_class, tuple(goals))
        if key not in self._fields:
            self._fields[key] = goal_distances(state, move_class, goals)
        return self._fields[key]

    def _move(self, state: BattleState, unit: UnitState, seen: list[str]) -> Command | None:
        """One move toward the goal, or None to stay."""
        if unit.ai_role in STAYING_ROLES or unit.driver_killed:
            return None
        goals = self._goals(state, unit, seen)
        if not goals:
            return None
        if combat.is_car_bomb(state, unit):
            return self._drive(state, unit, goals, [state.units[uid] for uid in seen])
        field = self._field(state, state.unit_type(unit.id).move, goals)
        here = float(field[unit.pos.y, unit.pos.x])
        if here == 0.0:
            return None
        weapons = state.unit_type(unit.id).weapons
        reserve = min((w.ap for w in weapons), default=0) if seen else 0
        budget = unit.ap - reserve
        if budget <= 0:
            return None
        best: tuple[float, float, int, int] | None = None
        for pos, cost in MoveSearch(state, unit.id, budget).reachable().items():
            left = float(field[pos.y, pos.x])
            if math.isfinite(left) and left < here - 1e-9:
                key = (left, cost, pos.y, pos.x)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        return Move(unit.id, TilePos(best[3], best[2]))

    def _drive(
        self, state: BattleState, unit: UnitState, goals: list[TilePos], seen: list[UnitState]
    ) -> Command | None:
        """A car bomb's move: full speed down its road-preferring route to the goals when the
        run reaches them (or it is already in view); else only as far as it stays out of
        sight of the enemies it knows (staging), or it waits."""
        key = tuple(goals)
        if key not in self._routes:
            self._routes[key] = vbied.route_field(state, goals)
        path = vbied.drive_path(state, unit.id, self._routes[key])
        if not path:
            return None
        if vbied.strikes_from(state, path[-1], goals) or vbied.exposed_at(
            state, unit, unit.pos, seen
        ):
            return Move(unit.id, path[-1], tuple(path))
        hidden = 0
        while hidden < len(path) and not vbied.exposed_at(state, unit, path[hidden], seen):
            hidden += 1
        if hidden == 0:
            return None
        return Move(unit.id, path[hidden - 1], tuple(path[:hidden]))
