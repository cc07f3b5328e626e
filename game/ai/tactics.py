"""Tactics both AIs share: weighted route fields, paths that follow them, tile scores,
shot choice, and the per-phase command loop that turns unit decisions into commands.

A route field is the cost to reach a set of goal tiles over the whole map, in AP plus
extra per-tile costs (known enemy fire, roads preferred), solved once per phase with
tcod's C pathfinder under the same no-corner-cutting rule as the game's movement. A unit
follows it downhill within its AP and hands the path to `Move` (the same command a player
gives), so the route it drives is the one it planned.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from game.ai.difficulty import STANDARD, Difficulty, difficulty
from game.ai.view import Memory, SideView, side_sight
from game.battle.setup import MapEventKind
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.commands import Command, EndTurn, Fire, Move, Ok
from game.core.values import MoveClass, Side, TilePos
from game.rules.unit_types import WeaponType
from game.sim import combat
from game.sim.line_of_sight import SightWorkspace
from game.sim.movement import MoveSearch, goal_distances, terrain_enterable
from game.sim.shots import Shot, check_shot, out_of_ammunition
from game.sim.spotting import targets_seen

DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))
MAX_UNIT_COMMANDS = 12  # a unit never gets more commands than this in one phase
MAX_RETRIES = 2  # a unit whose move was cut short decides afresh at most this often
HAZARD_COST = 20.0  # extra route cost of a tile in a hazard area


@dataclass
class RouteField:
    """Cost (AP + extras) from every tile to the nearest goal, and the per-tile step costs."""

    dist: np.ndarray  # float64 (H, W), inf where no goal can be reached
    step: np.ndarray  # float64 (H, W): weighted cost of entering each tile (inf = blocked)
    goals: frozenset[TilePos]


def route_field(
    state: BattleState,
    move_class: MoveClass,
    goals: Sequence[TilePos],
    extra: np.ndarray | None = None,
) -> RouteField:
    """Solve a weighted field toward `goals` for a movement class (units are ignored)."""
    enterable = terrain_enterable(state, move_class)
    step = state.grid.move_cost(move_class).astype(np.float64)
    if extra is not None:
        step = step + extra
    step = np.where(enterable, step, np.inf)
    inside = [g for g in goals if state.grid.in_bounds(g.x, g.y)]
    return RouteField(goal_distances(state, move_class, inside, extra), step, frozenset(inside))


def follow(
    state: BattleState,
    start: TilePos,
    move_class: MoveClass,
    field: RouteField,
    budget: float,
    occupied: set[TilePos] | None = None,
) -> list[TilePos]:
    """A path from `start` downhill along the field within `budget` AP (start excluded);
    tiles in `occupied` (an AI passes the tiles its side knows are taken; default: every
    unit's) are not entered, nor is the start tile left for itself."""
    costs = state.grid.move_cost(move_class)
    enterable = terrain_enterable(state, move_class)
    taken = (occupied if occupied is not None else set(state.occupied())) - {start}
    here, spent = start, 0.0
    path: list[TilePos] = []
    seen = {here}
    w, h = state.grid.width, state.grid.height_tiles
    while True:
        best: tuple[float, float, TilePos] | None = None
        for dx, dy in DIRECTIONS:
            nx, ny = here.x + dx, here.y + dy
            if not (0 <= nx < w and 0 <= ny < h) or not enterable[ny, nx]:
                continue
            nxt = TilePos(nx, ny)
            if nxt in taken or nxt in seen:
                continue
            diagonal = dx != 0 and dy != 0
            if diagonal and not (enterable[here.y, nx] and enterable[ny, here.x]):
                continue
            factor = 1.5 if diagonal else 1.0
            cost = float(costs[ny, nx]) * factor
            if spent + cost > budget + 1e-9:
                continue
            value = float(field.dist[ny, nx]) + float(field.step[ny, nx]) * factor
            if not math.isfinite(value) or field.dist[ny, nx] >= field.dist[here.y, here.x]:
                continue
            if best is None or (value, cost) < (best[0], best[1]):
                best = (value, cost, nxt)
        if best is None:
            return path
        here = best[2]
        spent += best[1]
        seen.add(here)
        path.append(here)


def road_mask(state: BattleState) -> np.ndarray:
    """(H, W) bool: road tiles (a lookup by terrain kind)."""
    is_road = np.zeros(len(state.ruleset.terrain), bool)
    is_road[state.ruleset.terrain_indices("road")] = True
    return is_road[state.grid.terrain]


def building_tiles(state: BattleState) -> np.ndarray:
    """(H, W) bool: standing buildings (a foot unit there is under a roof)."""
    return state.grid.building_max_hp > 0


def near_count(mask: np.ndarray, radius: int) -> np.ndarray:
    """(H, W) int: how many mask tiles lie in the (2r+1)-square around each tile."""
    m = np.pad(mask.astype(np.int32), radius)
    c = m.cumsum(0).cumsum(1)
    c = np.pad(c, ((1, 0), (1, 0)))
    k = 2 * radius + 1
    h, w = mask.shape
    return c[k : k + h, k : k + w] - c[0:h, k : k + w] - c[k : k + h, 0:w] + c[0:h, 0:w]


def hazard_mask(state: BattleState) -> np.ndarray:
    """(H, W) bool: tiles of the scenario's hazard areas (units should keep out)."""
    out = np.zeros(state.grid.gid.shape, bool)
    for event in state.map_events:
        if event.kind is MapEventKind.HAZARD:
            for pos in event.tiles:
                if state.grid.in_bounds(pos.x, pos.y):
                    out[pos.y, pos.x] = True
    return out


def civilian_mask(state: BattleState) -> np.ndarray:
    """(H, W) bool: tiles with civilians on them."""
    out = np.zeros(state.grid.gid.shape, bool)
    for pos, n in state.civilians.items():
        if n > 0:
            out[pos.y, pos.x] = True
    return out


def reachable_arrays(
    state: BattleState, unit: UnitState, budget: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """xs, ys and AP costs of the tiles the unit can reach within `budget` (start included)."""
    reach = MoveSearch(state, unit.id, max(0.0, budget)).reachable()
    xs = np.array([unit.pos.x, *(p.x for p in reach)], np.int64)
    ys = np.array([unit.pos.y, *(p.y for p in reach)], np.int64)
    cost = np.array([0.0, *reach.values()], np.float64)
    return xs, ys, cost


def weapon_ready(unit: UnitState, weapon: WeaponType) -> bool:
    """Whether the unit has the ammunition and AP for one shot of the weapon."""
    return not out_of_ammunition(unit, weapon) and unit.ap + 1e-9 >= weapon.ap


def best_shot(
    state: BattleState,
    unit: UnitState,
    targets: Sequence[UnitState],
    priority: Callable[[UnitState], float],
    min_value: float = 0.0,
    max_range_share: float = 1.0,
) -> Fire | None:
    """The legal shot with the highest chance x damage x priority, or None."""
    best: tuple[float, str, Shot] | None = None
    weapons = [w for w in state.unit_type(unit.id).weapons if weapon_ready(unit, w)]
    reach = max((w.range * max_range_share for w in weapons), default=0.0) + 1e-9
    in_reach = [t for t in targets if combat.distance(unit.pos, t.pos) <= reach]
    seen = targets_seen(state, unit.side, in_reach) if in_reach else {}
    for weapon in weapons:
        for target in targets:
            if weapon.anti_armour and weapon.ammo > 0 and not state.unit_type(target.id).is_vehicle:
                continue  # scarce anti-armour rounds are for vehicles
            if combat.distance(unit.pos, target.pos) > weapon.range * max_range_share + 1e-9:
                continue
            shot = check_shot(state, unit, weapon, target.pos, seen)
            if isinstance(shot, str) or shot.odds.chance <= 0:
                continue
            kill = 2.0 if shot.damage >= target.hp else 1.0
            value = shot.odds.chance * min(shot.damage, target.hp) * kill * priority(target)
            if value > min_value and (best is None or (value, target.id) > (best[0], best[1])):
                best = (value, target.id, shot)
    if best is None:
        return None
    return Fire(unit.id, best[2].target.pos, best[2].weapon.id)


Step = tuple[Callable[[SideView, UnitState], Command | None], bool]
"""A decision step of a unit: the method, and whether it may give several commands."""


class PhasePlayer:
    """The per-phase loop both AIs share: units in plan order, each through its steps.

    Subclasses give `plan` (run at the start of each of the side's phases, returns the unit
    order) and `steps` (a unit's decision steps). Call `next_command` until EndTurn.
    """

    def __init__(self, side: Side, level: Difficulty | str = STANDARD) -> None:
        self.side = side
        self.level = difficulty(level) if isinstance(level, str) else level
        self.memory = Memory(side)
        self._phase: tuple[int, str] | None = None
        self.order: list[str] = []
        self.done: set[str] = set()
        self.stage: dict[str, int] = {}
        self.issued: Counter[str] = Counter()
        self.planned: dict[str, TilePos] = {}  # where each unit's last move was to end
        self.retries: Counter[str] = Counter()
        self.fields: dict[tuple[object, ...], RouteField] = {}
        self._last_view: SideView | None = None
        self.workspace = SightWorkspace()

    # --- the loop -------------------------------------------------------------------------

    def next_command(self, state: BattleState) -> Command:
        """The next command for this side (EndTurn when every unit is done)."""
        if (state.turn, state.phase) != self._phase:
            self._phase = (state.turn, state.phase)
            self.done.clear()
            self.stage.clear()
            self.issued.clear()
            self.planned.clear()
            self.retries.clear()
            self.fields.clear()
            self.memory.observe(state, side_sight(state, self.side))
            view = self.view(state)
            self.order = self.plan(view)
        else:
            self.memory.observe(state)
            view = self.view(state)
            self.update(view)
        for uid in self.order:
            unit = state.units.get(uid)
            if unit is None or not unit.on_map or uid in self.done:
                continue
            if self.issued[uid] >= MAX_UNIT_COMMANDS:
                self.done.add(uid)
                continue
            command = self._decide(view, unit)
            if command is None:
                self.done.add(uid)
                continue
            self.issued[uid] += 1
            return command
        return EndTurn(self.side)

    def _decide(self, view: SideView, unit: UnitState) -> Command | None:
        planned = self.planned.pop(unit.id, None)
        if planned is not None and unit.pos != planned and self.retries[unit.id] < MAX_RETRIES:
            self.retries[unit.id] += 1  # its move was cut short (it saw someone): think again
            self.stage[unit.id] = 0
        steps = self.steps(unit)
        while self.stage.get(unit.id, 0) < len(steps):
            index = self.stage.get(unit.id, 0)
            method, repeat = steps[index]
            command = method(view, unit)
            if command is not None and isinstance(command.validate(view.state), Ok):
                if not repeat:
                    self.stage[unit.id] = index + 1
                if isinstance(command, Move):
                    self.planned[unit.id] = command.dest
                return command
            self.stage[unit.id] = index + 1
        return None

    def view(self, state: BattleState) -> SideView:
        """The side's view now (fields of fire reused while the contacts stay the same)."""
        view = SideView(state, self.side, self.memory, self.workspace)
        if self._last_view is not None and self._last_view.state is state:
            view.share_fields(self._last_view)
        self._last_view = view
        return view

    # --- for subclasses -------------------------------------------------------------------

    def plan(self, view: SideView) -> list[str]:
        """Prepare the phase; return the unit ids in the order they act."""
        raise NotImplementedError

    def steps(self, unit: UnitState) -> list[Step]:
        """The decision steps of a unit this phase."""
        raise NotImplementedError

    def update(self, view: SideView) -> None:
        """Take in what the phase's commands so far have shown (by default: nothing)."""

    # --- shared helpers -------------------------------------------------------------------

    def threat_cost(self, view: SideView) -> np.ndarray:
        """Extra route cost per tile from known enemy fire and known snipers."""
        return (
            self.level.threat_weight * view.fire_map()
            + self.level.sniper_weight * view.sniper_map()
            + HAZARD_COST * hazard_mask(view.state)
        ).astype(np.float64)

    def field(
        self,
        view: SideView,
        move_class: MoveClass,
        goals: Sequence[TilePos],
        kind: str = "threat",
        extra: Callable[[], np.ndarray] | None = None,
    ) -> RouteField:
        """A route field toward goals, cached for the phase and the current contacts."""
        key = (move_class, kind, tuple(sorted(goals)), view.signature())
        if key not in self.fields:
            cost = extra() if extra is not None else self.threat_cost(view)
            self.fields[key] = route_field(view.state, move_class, goals, cost)
        return self.fields[key]

    def move_along(
        self,
        view: SideView,
        unit: UnitState,
        field: RouteField,
        budget: float,
        stop_score: np.ndarray | None = None,
    ) -> Command | None:
        """A Move down the field within `budget`; with `stop_score`, stop on the path tile
        that scores best (progress first), else at the path's end."""
        move_class = view.state.unit_type(unit.id).move
        path = follow(view.state, unit.pos, move_class, field, budget, view.known_occupied())
        if not path:
            return None
        end = len(path)
        if stop_score is not None:
            values = [-float(field.dist[p.y, p.x]) + float(stop_score[p.y, p.x]) for p in path]
            end = int(np.argmax(values)) + 1
        route = tuple(path[:end])
        return Move(unit.id, route[-1], route)

    def shot_reserve(self, view: SideView, unit: UnitState) -> float:
        """AP to keep for a shot when enemies are in view."""
        if not view.spotted:
            return 0.0
        weapons = [w for w in view.state.unit_type(unit.id).weapons if weapon_ready(unit, w)]
        return float(min((w.ap for w in weapons), default=0))
