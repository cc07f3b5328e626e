"""The veteran ISIL AI: the ISIL AI's tactics, with its car-bomb strikes (when, at what, with
which smoke) chosen by playing a few candidate plans on copies of the battle as its side
pictures it (game/ai/hidden_enemies.py), never on the true state.

Bounded by construction: at most `plan_bombs` car bombs a phase, `plan_candidates` plans
each (keeping back among them), each played on `plan_samples` pictured copies, and a plan is
at most its smoke grenades, one drive and one detonation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.difficulty import VETERAN, Difficulty
from game.ai.hidden_enemies import pictured_battle
from game.ai.isil import IsilAI, StrikePlan
from game.ai.view import SideView, side_sight
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.commands import Detonate, Move, ThrowSmoke, execute
from game.core.values import Side, TilePos
from game.sim import combat

HOLD_VALUE = 2.0  # score of keeping a car bomb back a phase (its threat stays)
LOST_BOMB = 4.0  # score lost when a car bomb is stopped or destroyed without going off
KILL_BONUS = 4.0  # score of an enemy unit destroyed, beyond its HP


@dataclass
class Candidate:
    """One car bomb's plan to score: a strike (with its smoke throwers) or keeping back."""

    plan: StrikePlan | None  # None: keep back this phase
    smoke: dict[str, TilePos]  # thrower -> tile


class VeteranAI(IsilAI):
    """Plays ISIL at the veteran level: call `next_command(state)` until it returns EndTurn."""

    def __init__(self, side: Side = Side.ISIL, level: Difficulty | str = VETERAN) -> None:
        super().__init__(side, level)
        self.held: dict[str, int] = {}  # car bombs kept back by the planning, phases in a row

    def plan(self, view: SideView) -> list[str]:
        """The ISIL plan, then each car bomb's strike chosen by playing its candidates."""
        order = super().plan(view)
        if self.level.plans:
            self._choose_strikes(view)
        return order

    def _choose_strikes(self, view: SideView) -> None:
        bombs = [
            u
            for u in view.own
            if "detonate" in u.actions and not u.driver_killed and u.ai_role != "reserve"
        ][: self.level.plan_bombs]
        worlds: list[BattleState] = []
        for bomb in bombs:
            candidates = self._candidates(view, bomb)
            if not any(c.plan is not None for c in candidates):
                continue
            if not worlds:
                seen = side_sight(view.state, self.side)
                worlds = [pictured_battle(view, i, seen) for i in range(self.level.plan_samples)]
            scores = [np.mean([self._play(w, bomb.id, c) for w in worlds]) for c in candidates]
            self._adopt(bomb.id, candidates[int(np.argmax(scores))])
        if self.level.wave_car_bombs:
            self.wave_routes = {
                p for s in self.strikes.values() if s.strike and s.launch for p in s.route
            }

    def _candidates(self, view: SideView, bomb: UnitState) -> list[Candidate]:
        """The planned strike, the nearest target's and the best blast's (each once), and
        keeping back (while it has not been kept back too long): at most plan_candidates."""
        current = self.strikes.get(bomb.id)
        freed = {
            k: v for k, v in self.smoke_tasks.items() if current is not None and v in current.smoke
        }
        for thrower in freed:  # its smoke throwers are free for the candidates
            del self.smoke_tasks[thrower]
        out: list[Candidate] = []
        routes: set[tuple[TilePos, ...]] = set()
        for cluster in (self.level.cluster_targets, not self.level.cluster_targets):
            before = dict(self.smoke_tasks)
            plan = self._strike(view, bomb, cluster)
            smoke = {k: v for k, v in self.smoke_tasks.items() if k not in before}
            self.smoke_tasks = before
            if plan is None or not plan.strike or not plan.launch:
                continue
            if tuple(plan.route) in routes:
                continue
            routes.add(tuple(plan.route))
            out.append(Candidate(plan, smoke))
        if not out:
            self.smoke_tasks.update(freed)  # nothing to strike: the ISIL plan stands
            return []
        if self.held.get(bomb.id, 0) < self.level.plan_holds:
            out.append(Candidate(None, {}))
        return out[: self.level.plan_candidates]

    def _adopt(self, uid: str, choice: Candidate) -> None:
        if choice.plan is None:
            self.held[uid] = self.held.get(uid, 0) + 1
            if uid in self.strikes:
                self.hold_strike(uid)
            return
        self.held.pop(uid, None)
        self.strikes[uid] = choice.plan
        self.smoke_tasks.update(choice.smoke)

    def _play(self, world: BattleState, uid: str, candidate: Candidate) -> float:
        """The candidate played on a copy of a pictured battle: enemy HP taken (vehicles
        double, kills a bonus), own HP lost, the bomb lost without going off."""
        if candidate.plan is None:
            return HOLD_VALUE
        copy = world.clone()
        enemy = self.side.enemy
        before = {u.id: u.hp for u in copy.units_of(enemy)}
        own_before = {u.id: u.hp for u in copy.units_of(self.side) if u.id != uid}
        for thrower, tile in sorted(candidate.smoke.items()):
            execute(copy, ThrowSmoke(thrower, tile))
        route = tuple(candidate.plan.route)
        execute(copy, Move(uid, route[-1], route))
        bomb = copy.units[uid]
        arm = copy.rules.vbied_arm_radius
        driving = bomb.alive and not bomb.detonated and not bomb.driver_killed
        if driving and any(
            combat.distance(u.pos, bomb.pos) <= arm + 1e-9 for u in copy.units_of(enemy)
        ):
            execute(copy, Detonate(uid))
        score = 0.0
        for eid, hp in before.items():
            unit = copy.units[eid]
            left = unit.hp if unit.alive else 0
            weight = 2.0 if copy.unit_type(eid).is_vehicle else 1.0
            score += weight * (hp - left) + (KILL_BONUS if not unit.alive else 0.0)
        for oid, hp in own_before.items():
            unit = copy.units[oid]
            score -= hp - (unit.hp if unit.alive else 0)
        went_off = bomb.detonated or (not bomb.alive and not bomb.driver_killed)
        return score - (0.0 if went_off else LOST_BOMB)
