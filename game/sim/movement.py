"""Movement: AP costs, move range and paths (tcod.path on a window), and step-by-step moves.

Costs: entering a tile costs its terrain's AP for the unit's movement class; a diagonal step
costs 1.5 times that. A diagonal step is allowed only when both orthogonal neighbours it
passes are enterable terrain for the class (no corner-cutting; units there do not matter).
One unit per tile: tiles holding another unit (ally or enemy) cannot be entered or passed.
Vehicles cannot stand on a burning or cold wreck. The move range is a compiled Dijkstra
(route_kernels) on a window around the unit whose radius is the farthest the AP could reach;
paths come from tcod's CustomGraph + Pathfinder on the same window and rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import tcod.path

from game.battle.state import BattleState
from game.core.values import MoveClass, TilePos
from game.sim import route_kernels
from game.sim.events import Event, EventKind

AP_SCALE = 20  # integer cost units per AP in the cost array (1/20 AP resolution)
CARDINAL = 2  # edge multipliers: the cost array holds AP x AP_SCALE / CARDINAL
DIAGONAL = 3
DIST_PER_AP = AP_SCALE  # distance units per AP in the pathfinder's result
ORTHOGONAL_EDGES = [[0, CARDINAL, 0], [CARDINAL, 0, CARDINAL], [0, CARDINAL, 0]]
DIAGONAL_DIRS = ((-1, -1), (1, -1), (-1, 1), (1, 1))
UNREACHABLE = np.iinfo(np.int32).max

StepHook = Callable[[BattleState, str], tuple[list[Event], bool]]
"""Called after each step of a move: returns events and whether the move must stop there."""


def terrain_enterable(state: BattleState, move_class: MoveClass) -> np.ndarray:
    """(H, W) bool: tiles whose terrain a class may enter (wrecks block vehicles)."""
    ok = np.isfinite(state.grid.move_cost(move_class))
    if move_class is not MoveClass.FOOT:
        for pos in state.wrecks:
            ok[pos.y, pos.x] = False
    return ok


def step_cost(state: BattleState, move_class: MoveClass, src: TilePos, dst: TilePos) -> float:
    """AP to step from src to an adjacent dst (terrain only; inf when not enterable)."""
    base = float(state.grid.move_cost(move_class)[dst.y, dst.x])
    diagonal = src.x != dst.x and src.y != dst.y
    return base * DIAGONAL / CARDINAL if diagonal else base


def _cost_units(
    state: BattleState, unit_id: str, ys: slice, xs: slice
) -> tuple[np.ndarray, np.ndarray]:
    """Integer entry costs (0 = blocked) and terrain-enterable mask for one mover, on the
    window `ys`, `xs` of the map."""
    unit = state.units[unit_id]
    move_class = state.unit_type(unit_id).move
    enterable = terrain_enterable(state, move_class)[ys, xs]
    costs = state.grid.move_cost(move_class)[ys, xs]
    units = np.zeros(costs.shape, dtype=np.int32)
    units[enterable] = np.maximum(
        1, np.rint(costs[enterable] * AP_SCALE / CARDINAL).astype(np.int32)
    )
    h, w = costs.shape
    for other in state.units.values():
        if other.on_map and other.id != unit.id:
            ly, lx = other.pos.y - ys.start, other.pos.x - xs.start
            if 0 <= ly < h and 0 <= lx < w:
                units[ly, lx] = 0
    return units, enterable


def _window(state: BattleState, pos: TilePos, budget: float, move_class: MoveClass) -> tuple:
    """Slices of the map the AP budget could reach (radius = budget / cheapest step)."""
    if math.isinf(budget):
        return slice(0, state.grid.height_tiles), slice(0, state.grid.width)
    costs = state.grid.move_cost(move_class)
    finite = costs[np.isfinite(costs)]
    cheapest = float(finite.min()) if finite.size else 1.0
    radius = math.floor(budget / max(cheapest, 1e-6)) + 1
    ys = slice(max(0, pos.y - radius), min(state.grid.height_tiles, pos.y + radius + 1))
    xs = slice(max(0, pos.x - radius), min(state.grid.width, pos.x + radius + 1))
    return ys, xs


def pathfinder(costs: np.ndarray, enterable: np.ndarray) -> tcod.path.Pathfinder:
    """A tcod pathfinder over integer entry costs (0 = blocked; a diagonal step costs
    DIAGONAL / CARDINAL of an orthogonal one) with the no-corner-cutting diagonal rule."""
    graph = tcod.path.CustomGraph(costs.shape)
    graph.add_edges(edge_map=ORTHOGONAL_EDGES, cost=costs)
    padded = np.pad(enterable, 1, constant_values=False)
    h, w = costs.shape
    for dx, dy in DIAGONAL_DIRS:
        side_x = padded[1 : h + 1, 1 + dx : w + 1 + dx]  # (x + dx, y)
        side_y = padded[1 + dy : h + 1 + dy, 1 : w + 1]  # (x, y + dy)
        graph.add_edge((dy, dx), DIAGONAL, cost=costs, condition=side_x & side_y)
    return tcod.path.Pathfinder(graph)


def distances_from(
    costs: np.ndarray, enterable: np.ndarray, roots: Sequence[TilePos]
) -> np.ndarray:
    """(H, W) int32 cost of the cheapest way from any root to each tile under `pathfinder`'s
    rules (UNREACHABLE where there is none); routes toward goals are solved from the goals."""
    rows = np.array([(root.y, root.x) for root in roots], np.int64).reshape(-1, 2)
    return route_kernels.move_distances(costs, enterable, rows, UNREACHABLE - 1, UNREACHABLE)


class MoveSearch:
    """The costs of one unit's moves from where it stands, within its AP (a compiled
    Dijkstra, route_kernels); the path to a tile from tcod's pathfinder on the same graph."""

    def __init__(self, state: BattleState, unit_id: str, budget: float | None = None) -> None:
        unit = state.units[unit_id]
        move_class = state.unit_type(unit_id).move
        self.budget = unit.ap if budget is None else budget
        self.limit = (
            UNREACHABLE - 1 if math.isinf(self.budget) else round(self.budget * DIST_PER_AP)
        )
        self.ys, self.xs = _window(state, unit.pos, self.budget, move_class)
        self.costs, self.enterable = _cost_units(state, unit_id, self.ys, self.xs)
        self.origin = (unit.pos.y - self.ys.start, unit.pos.x - self.xs.start)
        # beyond the limit the distances are not final: only "more than the limit" is known
        self.dist = route_kernels.move_distances(
            self.costs,
            self.enterable,
            np.array([self.origin], np.int64),
            self.limit,
            UNREACHABLE,
        )
        self._pf: tcod.path.Pathfinder | None = None

    def _local(self, pos: TilePos) -> tuple[int, int] | None:
        ly, lx = pos.y - self.ys.start, pos.x - self.xs.start
        if 0 <= ly < self.dist.shape[0] and 0 <= lx < self.dist.shape[1]:
            return ly, lx
        return None

    def cost_to(self, pos: TilePos) -> float | None:
        """AP to reach a tile, or None when it is out of reach or not enterable."""
        local = self._local(pos)
        if local is None:
            return None
        d = int(self.dist[local])
        if d >= UNREACHABLE or d > self.limit:
            return None
        return d / DIST_PER_AP

    def reachable(self) -> dict[TilePos, float]:
        """Every tile within the budget (the start excluded) -> AP to reach it."""
        mask = self.dist <= self.limit
        mask[self.origin] = False
        ly, lx = np.nonzero(mask)
        costs = (self.dist[ly, lx] / DIST_PER_AP).tolist()
        xs = (lx + self.xs.start).tolist()
        ys = (ly + self.ys.start).tolist()
        return {TilePos(x, y): c for x, y, c in zip(xs, ys, costs, strict=True)}

    def path(self, dest: TilePos) -> list[TilePos] | None:
        """The cheapest path's steps (start excluded, dest included), or None."""
        if self.cost_to(dest) is None:
            return None
        local = self._local(dest)
        assert local is not None
        if self._pf is None:
            self._pf = pathfinder(self.costs, self.enterable)
            self._pf.add_root(self.origin)
            self._pf.resolve()
        steps = self._pf.path_to(local)[1:]
        return [TilePos(int(x) + self.xs.start, int(y) + self.ys.start) for y, x in steps]


def move_range(state: BattleState, unit_id: str) -> dict[TilePos, float]:
    """Every tile the unit can reach with its AP left, with the AP it costs."""
    return MoveSearch(state, unit_id).reachable()


def path_to(state: BattleState, unit_id: str, dest: TilePos) -> list[TilePos] | None:
    """The cheapest path to a tile within the unit's AP (start excluded), or None."""
    return MoveSearch(state, unit_id).path(dest)


def path_cost(state: BattleState, unit_id: str, path: list[TilePos]) -> float | None:
    """AP a given path costs from the unit's tile, or None when a step is illegal."""
    unit = state.units[unit_id]
    move_class = state.unit_type(unit_id).move
    enterable = terrain_enterable(state, move_class)
    occupied = state.occupied()
    total = 0.0
    here = unit.pos
    for step in path:
        dx, dy = step.x - here.x, step.y - here.y
        if max(abs(dx), abs(dy)) != 1 or not state.grid.in_bounds(step.x, step.y):
            return None
        if not enterable[step.y, step.x] or occupied.get(step, unit.id) != unit.id:
            return None
        if dx and dy and not (enterable[here.y, here.x + dx] and enterable[here.y + dy, here.x]):
            return None
        total += step_cost(state, move_class, here, step)
        here = step
    return total


def goal_distances(
    state: BattleState,
    move_class: MoveClass,
    goals: Sequence[TilePos],
    extra: np.ndarray | None = None,
) -> np.ndarray:
    """(H, W) cost to the nearest goal tile over the whole map, ignoring units: each step's
    AP, plus `extra` (H, W) added to entering a tile (an AI's or a car bomb's preferences);
    inf where no goal can be reached."""
    enterable = terrain_enterable(state, move_class)
    units = route_kernels.entry_costs(
        state.grid.move_cost(move_class),
        np.zeros((0, 0)) if extra is None else np.asarray(extra, np.float64),
        enterable,
        AP_SCALE,
        CARDINAL,
    )
    return route_kernels.as_ap(distances_from(units, enterable, goals), DIST_PER_AP, UNREACHABLE)


def execute_move(
    state: BattleState, unit_id: str, path: list[TilePos], hooks: tuple[StepHook, ...] = ()
) -> list[Event]:
    """Walk a validated path one step at a time; a hook may stop the unit after any step."""
    unit = state.units[unit_id]
    move_class = state.unit_type(unit_id).move
    start = unit.pos
    walked: list[TilePos] = []
    spent = 0.0
    events: list[Event] = []
    stopped = False
    for step in path:
        cost = step_cost(state, move_class, unit.pos, step)
        unit.ap = round(unit.ap - cost, 3)
        spent += cost
        unit.pos = step
        unit.moved_this_phase = True
        walked.append(step)
        step_events: list[Event] = []
        for hook in hooks:
            more, stop = hook(state, unit_id)
            step_events += more
            stopped = stopped or stop
        events += step_events
        if stopped or not unit.on_map:
            break
    moved = Event(
        EventKind.MOVED,
        f"{unit.name} moved {start} -> {unit.pos} ({spent:g} AP)"
        + (", stopped" if stopped and len(walked) < len(path) else ""),
        unit=unit_id,
        path=tuple(walked),
        ap=spent,
        interrupted=stopped and len(walked) < len(path),
    )
    return [moved, *events]
