"""The ISIL AI, the default opponent: a defence in depth from buildings, car bombs and drones.

Each of its phases it reads only its side's view (game/ai/view.py) and plans:

- Car bombs: targets among the coalition units it sees (standard: the nearest one; hard:
  the tile whose blast catches the most, vehicles counting more), routes that prefer roads
  and avoid known sniper fields of fire, fighters throwing smoke on the exposed stretch of
  the route first (tyre-fire smoke already there counts), and the run last in the phase,
  after the other units' fire. Hard waits a turn for a tyre fire about to start, or for a
  smoker, when the route is exposed.
- Drones at the best target in the open, never through a known jammer's radius.
- Holders and ambushers stay in buildings and shoot (ambushers hold fire at long range on
  hard); snipers climb onto roofs; others man the blocks the coalition must take, picking
  buildings next to civilians; a local counterattack on an isolated enemy when enough
  fighters are near; a fall back to cover when outnumbered.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from game.ai.difficulty import STANDARD, Difficulty
from game.ai.tactics import (
    PhasePlayer,
    Step,
    best_shot,
    building_tiles,
    civilian_mask,
    follow,
    hazard_mask,
    near_count,
    reachable_arrays,
    road_mask,
)
from game.ai.view import Contact, SideView
from game.battle.setup import MapEventKind
from game.battle.units import UnitState
from game.commands import (
    Command,
    Detonate,
    LaunchDrone,
    Move,
    Ok,
    Overwatch,
    ThrowSmoke,
)
from game.core.values import MoveClass, Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.drones import flight_path
from game.sim.line_of_sight import visibility_between

STAYING_ROLES = ("hold", "ambush", "reserve")
MAX_SMOKES_PER_RUN = 2
SCREENED = 0.5  # smoke density at which a route tile counts as screened
ISOLATION = 4.0  # an enemy with no other enemy within this distance is isolated
COUNTER_RADIUS = 10.0  # own units this close to an isolated enemy may counterattack it
FALLBACK_RADIUS = 8.0
STAGE_WAIT_TURNS = 2  # hard: the most turns a car bomb waits for a better moment
PEEK_AP = 4.0  # a holder shifts at most this far for a shot
PEEK_CANDIDATES = 12
PASSING_COST = 8.0  # a car bomb's route avoids passing next to units (it would go off there)
ROUTE_COSTS_KEPT = 8  # car bombs' route costs kept for reuse (a phase needs a few)
WAVE_COVER_FIRST = 100.0  # drones go first at known shooters covering a launching car bomb's route
RELOCATE_DISTANCE = 4.0  # a sniper that fired moves at least this far from where it shot
RETAKE_RADIUS = 12.0  # fighters this close to an area the coalition just took may retake it


@dataclass
class StrikePlan:
    """One car bomb's plan for this phase."""

    goals: list[TilePos]
    route: list[TilePos]
    strike: bool  # reaches a goal this phase
    launch: bool  # drives this phase (a strike, or staging closer)
    smoke: list[TilePos] = field(default_factory=list)  # route tiles to screen first


# the events that change the terrain a tile's score reads (cover, roofs)
TERRAIN_CHANGES = ("collapsed", "berm_built", "rubble_cleared", "blast")


class IsilAI(PhasePlayer):
    """Plays ISIL: call `next_command(state)` until it returns EndTurn."""

    def __init__(self, side: Side = Side.ISIL, level: Difficulty | str = STANDARD) -> None:
        super().__init__(side, level)
        self.strikes: dict[str, StrikePlan] = {}
        self.smoke_tasks: dict[str, TilePos] = {}
        self.counter: dict[str, TilePos] = {}
        self.falling_back: set[str] = set()
        self.waited: dict[str, int] = {}
        self.anchor: list[TilePos] = []
        self.garrison: dict[str, list[TilePos]] = {}
        self.wave_waited: dict[str, int] = {}
        self.wave_routes: set[TilePos] = set()
        self.snipers: set[str] = set()
        self.shot_from: dict[str, TilePos] = {}  # snipers that fired this phase, and where
        self.relocate_next: dict[str, TilePos] = {}  # snipers to move on next phase
        self.taken: dict[int, int] = {}  # coalition areas taken (or being held), and when seen
        self._scores: tuple[tuple[object, ...], np.ndarray] | None = None
        self._route_costs: dict[tuple[object, ...], np.ndarray] = {}  # car bombs' route costs

    # --- the phase plan -------------------------------------------------------------------

    def plan(self, view: SideView) -> list[str]:
        """Posture, car-bomb strikes and smoke tasks; units ordered smoke, fire, drones, bombs."""
        state = view.state
        self.strikes.clear()
        self.smoke_tasks.clear()
        self.counter.clear()
        self.falling_back.clear()
        self.anchor = self._anchor_tiles(view)
        self._plan_garrison(view)
        self._plan_counterattacks(view)
        self._plan_retake(view)
        self._plan_fallback(view)
        self.shot_from.clear()
        self.snipers = {u.id for u in view.own if state.ruleset.units[u.type_id].has_role("sniper")}
        for unit in view.own:
            if "detonate" in unit.actions and not unit.driver_killed and unit.ai_role != "reserve":
                plan = self._plan_strike(view, unit)  # a reserve car bomb waits for `launch`
                if plan is not None:
                    self.strikes[unit.id] = plan
        if self.level.coordinate_strikes:
            self._coordinate(view)
        self._time_wave(view)

        def rank(unit: UnitState) -> tuple[int, str]:
            utype = state.ruleset.units[unit.type_id]
            if unit.id in self.smoke_tasks:
                return (0, unit.id)
            if "detonate" in unit.actions:
                return (4, unit.id)
            if "launch_drone" in unit.actions:
                return (3, unit.id)
            if utype.has_role("sniper"):
                return (1, unit.id)
            return (2, unit.id)

        return [u.id for u in sorted(view.own, key=rank)]

    def _anchor_tiles(self, view: SideView) -> list[TilePos]:
        """The ground ISIL defends: the coalition's objective areas and its own."""
        state = view.state
        tiles = {
            p
            for o in state.objectives
            if state.objective_status.get(o.object_id) == "pending" and o.kind.value != "protect"
            for p in o.tiles
        }
        return sorted(tiles)

    def _plan_garrison(self, view: SideView) -> None:
        """Hard: the fighters nearest each area the coalition must capture go inside it and
        stay (a capture needs the area empty of ISIL); with `garrison_holds`, when it has no
        area left to capture, each area it must hold (so does a hold)."""
        state = view.state
        self.garrison.clear()
        wanted = self.level.garrison
        if wanted <= 0:
            return
        pending = [
            o
            for o in state.objectives
            if o.side is not self.side and state.objective_status.get(o.object_id) == "pending"
        ]
        kind = "capture"
        if self.level.garrison_holds and not any(o.kind.value == kind for o in pending):
            kind = "hold"
        for objective in (o for o in pending if o.kind.value == kind):
            tiles = sorted(objective.tiles)
            inside = [u for u in view.own if u.pos in objective.tiles and self._is_fighter(view, u)]
            free = sorted(
                (
                    u
                    for u in view.own
                    if self._is_fighter(view, u)
                    and u.id not in self.garrison
                    and u.pos not in objective.tiles
                ),
                key=lambda u: (min(combat.distance(u.pos, t) for t in tiles), u.id),
            )
            for unit in [*inside, *free][:wanted]:
                self.garrison.setdefault(unit.id, tiles)

    def _plan_counterattacks(self, view: SideView) -> None:
        """Isolated enemies near enough fighters draw a local counterattack."""
        fighters = [u for u in view.own if self._is_fighter(view, u)]
        for contact in view.spotted:
            others = [
                c
                for c in view.contacts
                if c.id != contact.id and combat.distance(c.pos, contact.pos) <= ISOLATION
            ]
            if others:
                continue
            near = [u for u in fighters if combat.distance(u.pos, contact.pos) <= COUNTER_RADIUS]
            if len(near) >= self.level.counterattack_odds:
                for unit in near:
                    if (
                        unit.id not in self.counter
                        and unit.id not in self.garrison
                        and unit.ai_role != "reserve"
                    ):
                        self.counter[unit.id] = contact.pos

    def _plan_retake(self, view: SideView) -> None:
        """A capture area the coalition took in the last few turns, or a hold area whose
        count it has started, draws a counter-attack when enough free fighters are near: at
        the enemies known inside, else into it."""
        state = view.state
        if not self.level.retake_blocks:
            return
        for objective in state.objectives:
            if objective.side is self.side or objective.kind.value not in ("capture", "hold"):
                continue
            oid = objective.object_id
            status = state.objective_status.get(oid)
            if objective.kind.value == "hold":
                taken = status == "pending" and state.objective_progress.get(oid, 0) > 0
            else:
                taken = status == "complete"
            if not taken:
                self.taken.pop(oid, None)
                continue
            since = state.turn - self.taken.setdefault(oid, state.turn)
            if since > self.level.retake_turns:
                continue
            tiles = sorted(objective.tiles)
            inside = [c for c in view.contacts if c.pos in objective.tiles]
            free = [
                u
                for u in view.own
                if self._is_fighter(view, u)
                and u.ai_role not in STAYING_ROLES
                and u.id not in self.counter
                and u.id not in self.garrison
                and min(combat.distance(u.pos, t) for t in tiles) <= RETAKE_RADIUS
            ]
            if len(free) < self.level.counterattack_odds * max(1, len(inside)):
                continue
            for unit in free:
                if inside:
                    target = min(inside, key=lambda c: (combat.distance(c.pos, unit.pos), c.id))
                    self.counter[unit.id] = target.pos
                else:
                    self.garrison[unit.id] = tiles

    def _plan_fallback(self, view: SideView) -> None:
        """Units facing more known enemies than the fallback ratio allows pull back."""
        for unit in view.own:
            if not self._is_fighter(view, unit) or unit.id in self.counter:
                continue
            if unit.id in self.garrison:
                continue
            enemies = sum(
                1 for c in view.contacts if combat.distance(c.pos, unit.pos) <= FALLBACK_RADIUS
            )
            friends = sum(
                1 for u in view.own if combat.distance(u.pos, unit.pos) <= FALLBACK_RADIUS - 2
            )
            if enemies >= self.level.fallback_ratio * friends:
                self.falling_back.add(unit.id)

    def _is_fighter(self, view: SideView, unit: UnitState) -> bool:
        utype = view.state.ruleset.units[unit.type_id]
        return (
            bool(utype.weapons)
            and "detonate" not in unit.actions
            and "launch_drone" not in unit.actions
            and not utype.has_role("sniper")
        )

    # --- car bombs ------------------------------------------------------------------------

    def _route_cost(self, view: SideView, threats: bool = True) -> np.ndarray:
        """Extra cost per tile of a car bomb's route: off-road steps, passing next to units,
        and (with `threats`) known fire and sniper coverage not screened by smoke; worked out
        once for the same contacts, smoke, wrecks and map (all the bombs of a phase share it)."""
        state = view.state
        key = (
            threats,
            view.signature(),
            tuple((c.id, c.pos) for c in view.spotted),
            tuple(state.wrecks),
            state.smoke.tobytes(),
            state.grid.gid.tobytes(),
        )
        if key not in self._route_costs:
            if len(self._route_costs) >= ROUTE_COSTS_KEPT:
                self._route_costs.clear()
            self._route_costs[key] = self._route_cost_now(view, threats)
        return self._route_costs[key]

    def _route_cost_now(self, view: SideView, threats: bool) -> np.ndarray:
        """_route_cost, worked out afresh."""
        state = view.state
        off_road = (~road_mask(state)).astype(np.float64) * state.rules.vbied_road_preference
        screened = state.smoke >= SCREENED
        sniper = view.sniper_map() & ~screened
        fire = np.where(screened, 0.0, view.fire_map())
        near_enemy = np.zeros(screened.shape, bool)
        for c in view.spotted:
            near_enemy[max(0, c.pos.y - 1) : c.pos.y + 2, max(0, c.pos.x - 1) : c.pos.x + 2] = True
        base = off_road + PASSING_COST * near_enemy
        if not threats:
            return base
        return base + self.level.sniper_weight * sniper + 0.3 * self.level.threat_weight * fire

    def _blast_value(self, view: SideView, centre: TilePos, contacts: list[Contact]) -> float:
        """Expected HP a blast at `centre` takes from the contacts (vehicles count double)."""
        rules = view.state.rules
        total = 0.0
        for c in contacts:
            dist = combat.distance(centre, c.pos)
            if dist > rules.blast_radius:
                continue
            utype = view.state.ruleset.units[c.type_id]
            share = combat.falloff(rules, dist, rules.blast_radius)
            damage = max(rules.min_damage, round(rules.blast_damage * share) - utype.armour)
            value = min(damage, c.hp) * (2.0 if damage >= c.hp else 1.0)
            total += value * (2.0 if utype.is_vehicle else 1.0)
        return total

    def _strike_goals(
        self, view: SideView, unit: UnitState, field_dist: np.ndarray, cluster: bool
    ) -> list[TilePos]:
        """Tiles the car bomb drives to: next to its chosen target (or the best blast)."""
        state = view.state
        targets = [c for c in view.spotted if not c.stopped]
        if not targets:
            return []
        arm = state.rules.vbied_arm_radius
        enterable = np.isfinite(state.grid.move_cost(MoveClass.WHEELED))
        occupied = view.known_occupied() - {unit.pos}

        r = math.ceil(arm)
        near = [  # the offsets within reach of a target, row by row
            (dx, dy)
            for dy in range(-r, r + 1)
            for dx in range(-r, r + 1)
            if combat.distance(TilePos(dx, dy), TilePos(0, 0)) <= min(arm, 1.5) + 1e-9
        ]

        def around(pos: TilePos) -> list[TilePos]:
            out = []
            for dx, dy in near:
                tile = TilePos(pos.x + dx, pos.y + dy)
                if (
                    state.grid.in_bounds(tile.x, tile.y)
                    and enterable[tile.y, tile.x]
                    and tile not in occupied
                    and tile not in state.wrecks
                ):
                    out.append(tile)
            return out

        if cluster:
            candidates = {t for c in targets for t in around(c.pos)}
            scored = [
                (self._blast_value(view, t, view.spotted) - 0.05 * float(field_dist[t.y, t.x]), t)
                for t in sorted(candidates)
                if math.isfinite(field_dist[t.y, t.x])
            ]
            if not scored:
                return []
            best = max(v for v, _ in scored)
            return [t for v, t in scored if v >= best - 1e-9]
        nearest = sorted(
            targets,
            key=lambda c: (
                min((float(field_dist[t.y, t.x]) for t in around(c.pos)), default=math.inf),
                c.id,
            ),
        )
        for c in nearest:
            tiles = around(c.pos)
            if tiles:
                return tiles
        return []

    def _plan_strike(self, view: SideView, unit: UnitState) -> StrikePlan | None:
        """The car bomb's plan: its level's target choice; hard falls back to the nearest
        target when the best group is out of reach this phase, and waits hidden rather than
        staging forward."""
        plan = self._strike(view, unit, self.level.cluster_targets)
        if plan is not None and not plan.strike and self.level.cluster_targets:
            nearest = self._strike(view, unit, False)
            if nearest is not None and nearest.strike:
                plan = nearest
        if plan is not None and not plan.strike and not self.level.stage_car_bombs:
            plan.route, plan.launch = [], False
        return plan

    def _strike(self, view: SideView, unit: UnitState, cluster: bool) -> StrikePlan | None:
        state = view.state

        def extra() -> np.ndarray:
            return self._route_cost(view)

        here_field = self.field(view, MoveClass.WHEELED, [unit.pos], "vbied-reach", extra)
        goals = self._strike_goals(view, unit, here_field.dist, cluster)
        if not goals:
            return None
        route_f = self.field(view, MoveClass.WHEELED, goals, "vbied", extra)
        if not math.isfinite(route_f.dist[unit.pos.y, unit.pos.x]):
            return None
        route = follow(state, unit.pos, MoveClass.WHEELED, route_f, unit.ap, view.known_occupied())
        strike = bool(route) and route[-1] in route_f.goals
        if not strike:  # the covered way is too long this phase: the direct way, screened
            direct_f = self.field(
                view,
                MoveClass.WHEELED,
                goals,
                "vbied-direct",
                lambda: self._route_cost(view, False),
            )
            direct = follow(
                state, unit.pos, MoveClass.WHEELED, direct_f, unit.ap, view.known_occupied()
            )
            if direct and direct[-1] in direct_f.goals:
                route, strike = direct, True
        exposed = [
            p
            for p in route
            if (view.fire_map()[p.y, p.x] > 0 or view.sniper_map()[p.y, p.x])
            and state.smoke[p.y, p.x] < SCREENED
        ]
        plan = StrikePlan(goals, route, strike, launch=strike)
        if strike:
            self._assign_smoke(view, unit, plan, exposed)
        else:
            # stage: drive up the route while no known coalition eye covers the tile
            safe = []
            for p in route:
                if view.fire_map()[p.y, p.x] > 0 or view.sniper_map()[p.y, p.x]:
                    break
                safe.append(p)
            plan.route = safe
            plan.launch = bool(safe)
        return plan

    def _assign_smoke(
        self, view: SideView, bomb: UnitState, plan: StrikePlan, exposed: list[TilePos]
    ) -> None:
        """Fighters with smoke, in throwing range of exposed route tiles, screen them first."""
        state = view.state
        reach = state.rules.grenade_range
        smokers = [
            u
            for u in view.own
            if u.id != bomb.id
            and u.actions.get("smoke", 0) != 0
            and u.ap + 1e-9 >= state.rules.grenade_ap
            and u.id not in self.smoke_tasks
        ]
        covered: list[TilePos] = []
        for tile in exposed:
            if len(plan.smoke) >= MAX_SMOKES_PER_RUN:
                break
            if any(max(abs(tile.x - c.x), abs(tile.y - c.y)) <= 1 for c in covered):
                continue  # a grenade's rim already screens it
            thrower = next(
                (u for u in smokers if combat.distance(u.pos, tile) <= reach + 1e-9), None
            )
            if thrower is None:
                continue
            smokers.remove(thrower)
            self.smoke_tasks[thrower.id] = tile
            plan.smoke.append(tile)
            covered.append(tile)

    def _coordinate(self, view: SideView) -> None:
        """Hard: an exposed, unscreened run waits (a turn or two) for a tyre fire about to
        start near the route; car bombs that can strike go in the same phase."""
        state = view.state
        upcoming = [
            e
            for e in state.map_events
            if e.kind is MapEventKind.TYRE_FIRE and e.start_turn == state.turn + 1
        ]
        for uid, plan in self.strikes.items():
            if not plan.strike or plan.smoke:
                continue
            exposed = [
                p
                for p in plan.route
                if view.sniper_map()[p.y, p.x] and state.smoke[p.y, p.x] < SCREENED
            ]
            near_fire = any(
                combat.distance(t, p) <= 3 for e in upcoming for t in e.tiles for p in exposed
            )
            if exposed and near_fire and self.waited.get(uid, 0) < STAGE_WAIT_TURNS:
                self.waited[uid] = self.waited.get(uid, 0) + 1
                plan.launch = False

    def _time_wave(self, view: SideView) -> None:
        """Waves: a lone car bomb able to strike, out of known fire, waits (a turn at most
        by default) for another car bomb to strike with it; the routes of the bombs that go
        draw the drones onto the shooters covering them."""
        self.wave_routes = set()
        if not self.level.wave_car_bombs:
            return
        going = sorted(uid for uid, p in self.strikes.items() if p.strike and p.launch)
        others = [
            u
            for u in view.own
            if "detonate" in u.actions
            and not u.driver_killed
            and u.ai_role != "reserve"
            and u.id not in going
        ]
        if len(going) == 1 and others:
            uid = going[0]
            bomb = view.state.units[uid]
            exposed = view.fire_map()[bomb.pos.y, bomb.pos.x] > 0
            if not exposed and self.wave_waited.get(uid, 0) < self.level.wave_wait_turns:
                self.wave_waited[uid] = self.wave_waited.get(uid, 0) + 1
                self.hold_strike(uid)
                going = []
        for uid in going:
            self.wave_routes.update(self.strikes[uid].route)

    def hold_strike(self, uid: str) -> None:
        """The car bomb does not drive this phase; its smoke throwers keep their grenades."""
        plan = self.strikes[uid]
        plan.launch = False
        for thrower, tile in list(self.smoke_tasks.items()):
            if tile in plan.smoke:
                del self.smoke_tasks[thrower]
        plan.smoke = []

    def _covers_wave(self, view: SideView, pos: TilePos) -> bool:
        """Whether a known shooter at `pos` reaches a tile of a launching car bomb's route."""
        contact = next((c for c in view.spotted if c.pos == pos), None)
        if contact is None or not self.wave_routes:
            return False
        weapons = view.state.ruleset.units[contact.type_id].weapons
        reach = max((w.range for w in weapons), default=0)
        return any(combat.distance(pos, t) <= reach for t in self.wave_routes)

    def _car_bomb(self, view: SideView, unit: UnitState) -> Command | None:
        state = view.state
        if unit.driver_killed:
            return None
        arm = state.rules.vbied_arm_radius
        near = [c for c in view.spotted if combat.distance(c.pos, unit.pos) <= arm + 1e-9]
        if near and self._blast_value(view, unit.pos, view.spotted) > 0:
            return Detonate(unit.id)
        plan = self.strikes.get(unit.id)
        if plan is None or not plan.launch:
            return None
        if unit.moved_this_phase:  # interrupted on the way: plan again from here
            fresh = self._plan_strike(view, unit)
            if fresh is None or not fresh.launch:
                return None
            plan = fresh
            self.strikes[unit.id] = fresh
        route = tuple(plan.route)
        if not route or route[0] == unit.pos:
            return None
        plan.route = []
        return Move(unit.id, route[-1], route)

    # --- drones ---------------------------------------------------------------------------

    def _drone(self, view: SideView, unit: UnitState) -> Command | None:
        state = view.state
        if unit.actions.get("launch_drone", 0) == 0 or unit.ap < state.rules.drone_ap:
            return None
        rules = state.rules
        jammers = [
            (c.pos, state.ruleset.units[c.type_id].jam_radius)
            for c in view.contacts
            if state.ruleset.units[c.type_id].jam_radius > 0
        ]
        roofs = building_tiles(state)
        best: tuple[float, TilePos] | None = None
        for target in view.spotted:
            if roofs[target.pos.y, target.pos.x]:
                continue
            if combat.distance(unit.pos, target.pos) > rules.drone_range + 1e-9:
                continue
            path = flight_path(unit.pos, target.pos)
            if any(combat.distance(p, j) <= r + 0.5 for p in path for j, r in jammers):
                continue
            value = 0.0
            for c in view.spotted:
                dist = combat.distance(c.pos, target.pos)
                if dist > rules.drone_radius or roofs[c.pos.y, c.pos.x]:
                    continue
                utype = state.ruleset.units[c.type_id]
                share = combat.falloff(rules, dist, rules.drone_radius)
                value += min(
                    c.hp, max(rules.min_damage, round(rules.drone_damage * share) - utype.armour)
                )
            if value < self.level.min_drone_value:
                continue
            if not self.level.best_drone_target:
                value = -combat.distance(unit.pos, target.pos)  # the nearest worth a drone
            if self._covers_wave(view, target.pos):
                value += WAVE_COVER_FIRST
            if best is None or value > best[0]:
                best = (value, target.pos)
        return None if best is None else LaunchDrone(unit.id, best[1])

    # --- fighters -------------------------------------------------------------------------

    def _priority(self, view: SideView) -> Callable[[UnitState], float]:
        state = view.state

        def weight(target: UnitState) -> float:
            utype = state.ruleset.units[target.type_id]
            value = 1.0
            if self.level.focus_fire:
                value *= 1.0 + (utype.hp - target.hp) / max(1, utype.hp)
                if utype.has_role("priority_target"):
                    value *= 1.5
            return value

        return weight

    def _fire(self, view: SideView, unit: UnitState) -> Command | None:
        if not view.spotted or unit.id in self.smoke_tasks:
            return None
        share = 1.0
        if unit.ai_role == "ambush" and not unit.moved_this_phase:
            share = self.level.ambush_range_share
        weight = self._priority(view)
        return best_shot(
            view.state,
            unit,
            view.spotted_units(),
            weight,
            max_range_share=share,
        )

    def _smoke(self, view: SideView, unit: UnitState) -> Command | None:
        tile = self.smoke_tasks.get(unit.id)
        if tile is None:
            return None
        del self.smoke_tasks[unit.id]
        return ThrowSmoke(unit.id, tile)

    def _tile_scores(self, view: SideView, unit: UnitState) -> np.ndarray:
        """(H, W) how good a tile is to stand on: cover, roofs, civilians near, enemy fire
        (the same for every unit; kept, read-only, while the side's picture, the civilians
        and the terrain stay as they were)."""
        state = view.state
        key = (
            view.signature(),
            tuple(sorted(state.civilians.items())),
            *(state.counters.get(kind, 0) for kind in TERRAIN_CHANGES),
        )
        if self._scores is None or self._scores[0] != key:
            scores = self._score_tiles(view)
            scores.flags.writeable = False
            self._scores = (key, scores)
        return self._scores[1]

    def _score_tiles(self, view: SideView) -> np.ndarray:
        state = view.state
        grid = state.grid
        score = 3.0 * grid.cover.astype(np.float64)
        score += 1.5 * building_tiles(state)
        score -= 10.0 * hazard_mask(state)
        if self.level.civilian_cover:
            civ = civilian_mask(state)
            score += self.level.civilian_cover * (civ + 0.5 * (near_count(civ, 1) > 0))
        score -= 0.5 * self.level.threat_weight * view.fire_map()
        score -= self.level.sniper_weight * 0.3 * view.sniper_map()
        return score

    def _cover_move(self, view: SideView, unit: UnitState) -> Command | None:
        """Smoke first when the coming move crosses known fire (known snipers only on
        standard; any known fire on hard) and a grenade can reach the exposed stretch."""
        state = view.state
        rules = state.rules
        if unit.actions.get("smoke", 0) == 0 or unit.ap < rules.grenade_ap + 2:
            return None
        move = self._move(view, unit)
        if not isinstance(move, Move) or not move.path:
            return None
        exposed_map = view.sniper_map().copy()
        if self.level.smoke_for_moves:
            exposed_map |= view.fire_map() > 0
        exposed = [
            p
            for p in move.path
            if exposed_map[p.y, p.x]
            and state.smoke[p.y, p.x] < SCREENED
            and combat.distance(unit.pos, p) <= rules.grenade_range + 1e-9
        ]
        if len(exposed) < 2:
            return None
        return ThrowSmoke(unit.id, exposed[len(exposed) // 2])

    def _move(self, view: SideView, unit: UnitState) -> Command | None:
        state = view.state
        utype = state.ruleset.units[unit.type_id]
        if "detonate" in unit.actions:
            return None
        budget = unit.ap - self.shot_reserve(view, unit)
        if budget <= 0:
            return None
        scores = self._tile_scores(view, unit)
        if unit.actions.get("launch_drone", 0) != 0:
            return self._drone_approach(view, unit, scores)
        if utype.has_role("sniper"):
            return self._climb(view, unit, scores, budget)
        if unit.id in self.garrison:
            return self._hold_area(view, unit, scores, budget, self.garrison[unit.id])
        if unit.id in self.counter:
            return self._counterattack(view, unit, scores, budget)
        if unit.id in self.falling_back:
            return self._fall_back(view, unit, scores, budget)
        if unit.ai_role in STAYING_ROLES or not self.anchor:
            if unit.moved_this_phase:
                return None
            if unit.ai_role != "reserve" and view.spotted:
                peek = self._peek(view, unit, scores)
                if peek is not None:
                    return peek
            if building_tiles(state)[unit.pos.y, unit.pos.x]:
                return None
            return self._best_tile(view, unit, scores, min(budget, 4.0))
        goal = self.field(view, utype.move, self.anchor)
        if goal.dist[unit.pos.y, unit.pos.x] <= 2.0:
            return self._best_tile(view, unit, scores - 0.5 * goal.dist, min(budget, 4.0))
        return self.move_along(view, unit, goal, budget, stop_score=0.3 * scores)

    def _peek(self, view: SideView, unit: UnitState, scores: np.ndarray) -> Command | None:
        """A holder with no shot from where it stands shifts a few tiles, cover to cover,
        to a tile with a shot at a spotted enemy (an ambusher only once one comes close)."""
        state = view.state
        weapons = [w for w in state.unit_type(unit.id).weapons if w.ammo == 0]
        if not weapons:
            return None
        weapon = max(weapons, key=lambda w: w.range)
        sight = state.ruleset.units[unit.type_id].sight
        targets = [c.pos for c in view.spotted]
        close = [t for t in targets if combat.distance(unit.pos, t) <= weapon.range + PEEK_AP]
        if not close or (unit.ai_role == "ambush" and not self._in_reach(unit, close, weapon)):
            return None
        if any(
            combat.distance(unit.pos, t) <= weapon.range
            and visibility_between(state.grid, state.smoke, unit.pos, t, sight) > 0.3
            for t in close
        ):
            return None  # it has a shot already
        budget = min(PEEK_AP, unit.ap - weapon.ap)
        if budget <= 0:
            return None
        xs, ys, cost = reachable_arrays(state, unit, budget)
        order = np.argsort(-(scores[ys, xs] - 0.1 * cost))[:PEEK_CANDIDATES]
        for i in order:
            tile = TilePos(int(xs[i]), int(ys[i]))
            if i == 0 or scores[tile.y, tile.x] < scores[unit.pos.y, unit.pos.x] - 1.5:
                continue
            for t in close:
                if combat.distance(tile, t) <= weapon.range * 0.67 and (
                    visibility_between(state.grid, state.smoke, tile, t, sight) > 0.3
                ):
                    return Move(unit.id, tile)
        return None

    def _in_reach(self, unit: UnitState, targets: list[TilePos], weapon: WeaponType) -> bool:
        return any(combat.distance(unit.pos, t) <= weapon.range + 1 for t in targets)

    def _drone_approach(
        self, view: SideView, unit: UnitState, scores: np.ndarray
    ) -> Command | None:
        """A drone team moves (from cover to cover) until a known enemy in the open is in
        drone range, keeping the AP of a launch."""
        state = view.state
        roofs = building_tiles(state)
        targets = [c.pos for c in view.contacts if not roofs[c.pos.y, c.pos.x]]
        if not targets:
            return None
        reach = state.rules.drone_range - 1
        budget = unit.ap - state.rules.drone_ap
        if budget <= 0:
            return None
        xs, ys, cost = reachable_arrays(state, unit, budget)
        near = np.full(xs.shape, np.inf)
        for t in targets:
            near = np.minimum(near, np.hypot(xs - t.x, ys - t.y))
        values = scores[ys, xs] - 2.0 * np.maximum(0.0, near - reach) - 0.05 * cost
        i = int(np.argmax(values))
        if i == 0 or values[i] <= values[0] + 0.25:
            return None
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _hold_area(
        self,
        view: SideView,
        unit: UnitState,
        scores: np.ndarray,
        budget: float,
        area: list[TilePos],
    ) -> Command | None:
        """Into the area, then onto its best tile (roofs, cover, civilians near)."""
        inside = np.zeros(scores.shape, bool)
        for p in area:
            inside[p.y, p.x] = True
        if inside[unit.pos.y, unit.pos.x]:
            return self._best_tile(view, unit, np.where(inside, scores, -1e9), min(budget, 4.0))
        goal = self.field(view, view.state.unit_type(unit.id).move, area)
        return self.move_along(view, unit, goal, budget, stop_score=0.3 * scores)

    def _best_tile(
        self, view: SideView, unit: UnitState, scores: np.ndarray, budget: float
    ) -> Command | None:
        xs, ys, cost = reachable_arrays(view.state, unit, budget)
        values = scores[ys, xs] - 0.05 * cost
        i = int(np.argmax(values))
        if i == 0 or values[i] <= values[0] + 0.25:
            return None
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _climb(
        self, view: SideView, unit: UnitState, scores: np.ndarray, budget: float
    ) -> Command | None:
        """A sniper onto the highest roof near it (stays once up)."""
        state = view.state
        height = state.grid.height.astype(np.float64) * building_tiles(state)
        if height[unit.pos.y, unit.pos.x] >= 2:
            return None
        return self._best_tile(view, unit, scores + 2.0 * height, budget)

    def _counterattack(
        self, view: SideView, unit: UnitState, scores: np.ndarray, budget: float
    ) -> Command | None:
        target = self.counter[unit.id]
        weapons = view.state.unit_type(unit.id).weapons
        reach = 0.6 * max(w.range for w in weapons)
        xs, ys, cost = reachable_arrays(view.state, unit, budget)
        dist = np.hypot(xs - target.x, ys - target.y)
        values = scores[ys, xs] * 0.5 - np.maximum(0.0, dist - reach) - 0.05 * cost
        i = int(np.argmax(values))
        if i == 0:
            return None
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _fall_back(
        self, view: SideView, unit: UnitState, scores: np.ndarray, budget: float
    ) -> Command | None:
        xs, ys, _ = reachable_arrays(view.state, unit, budget)
        away = np.zeros(xs.shape, np.float64)
        for c in view.contacts:
            away += np.minimum(FALLBACK_RADIUS * 1.5, np.hypot(xs - c.pos.x, ys - c.pos.y))
        away /= max(1, len(view.contacts))
        anchor = np.zeros(scores.shape, bool)
        for p in self.anchor:
            anchor[p.y, p.x] = True
        values = scores[ys, xs] + away + 3.0 * anchor[ys, xs]
        i = int(np.argmax(values))
        if i == 0:
            return None
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _sniper_fire(self, view: SideView, unit: UnitState) -> Command | None:
        """A sniper's shot; it remembers where it fired from (to move on after)."""
        shot = self._fire(view, unit)
        if shot is not None and self.level.relocate_snipers:
            self.shot_from[unit.id] = unit.pos
        return shot

    def _relocate(self, view: SideView, unit: UnitState) -> Command | None:
        """A sniper that fired moves to another roof at least RELOCATE_DISTANCE away from
        where it shot, now when its AP allows, else first thing next phase."""
        source = self.shot_from.get(unit.id, self.relocate_next.get(unit.id))
        if source is None:
            return None
        state = view.state
        budget = unit.ap - (0.0 if unit.id in self.shot_from else self.shot_reserve(view, unit))
        scores = self._tile_scores(view, unit)
        height = state.grid.height.astype(np.float64) * building_tiles(state)
        xs, ys, cost = reachable_arrays(state, unit, max(0.0, budget))
        far = np.hypot(xs - source.x, ys - source.y) >= RELOCATE_DISTANCE
        values = np.where(
            far & (height[ys, xs] > 0), scores[ys, xs] + 2.0 * height[ys, xs], -np.inf
        )
        values = values - 0.05 * cost
        i = int(np.argmax(values))
        self.shot_from.pop(unit.id, None)
        if budget <= 0 or not np.isfinite(values[i]):
            self.relocate_next[unit.id] = source
            return None
        self.relocate_next.pop(unit.id, None)
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _overwatch(self, view: SideView, unit: UnitState) -> Command | None:
        if "detonate" in unit.actions:
            return None
        order = Overwatch(unit.id)
        return order if isinstance(order.validate(view.state), Ok) else None

    def steps(self, unit: UnitState) -> list[Step]:
        """Smoke task; car bomb or drone; fire; one move; fire again; overwatch (a
        counterattacker moves before it fires)."""
        if "detonate" in unit.actions:
            return [(self._car_bomb, True)]
        if unit.id in self.snipers and self.level.relocate_snipers:
            return [
                (self._smoke, False),
                (self._relocate, False),
                (self._sniper_fire, True),
                (self._move, False),
                (self._relocate, False),
                (self._overwatch, False),
            ]
        if unit.id in self.counter:
            return [
                (self._smoke, False),
                (self._cover_move, False),
                (self._move, False),
                (self._fire, True),
                (self._overwatch, False),
            ]
        return [
            (self._smoke, False),
            (self._drone, True),
            (self._fire, True),
            (self._cover_move, False),
            (self._move, False),
            (self._drone, True),
            (self._fire, True),
            (self._overwatch, False),
        ]
