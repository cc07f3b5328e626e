"""The car bomb (VBIED): launch, the coalition's alert, detonation by itself, road routes.

- Launched: its first move ("vbied_launched").
- Alert: the first time the coalition spots a car bomb, a "vbied_alert" event (once per car
  bomb; counter "vbied_spotted"); every coalition unit is `alerted` while a car bomb it has
  seen still drives (driver alive, payload not gone off).
- It detonates by itself ("vbied_detonated") when, after any step of any move, it stands next
  to a coalition unit, or when its move ends on the tile it drove to with a coalition unit
  within [vbied] arm_radius. A destroyed car bomb's payload goes off where it stands and a
  precision hit can kill its driver (game/sim/combat.py).
- Routes for the AI: a field of AP to the goals where steps off the road cost
  [vbied] road_preference more, walked downhill step by step; `exposed_at` tells whether
  known enemies would see the car bomb on a tile (to stage a run out of sight).
"""

from __future__ import annotations

import numpy as np

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import MoveClass, Side, TilePos
from game.sim import combat, line_of_sight
from game.sim.events import Event, EventKind
from game.sim.movement import goal_distances, step_cost, terrain_enterable

NEIGHBOURS = ((0, -1), (1, 0), (0, 1), (-1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1))


def car_bombs(state: BattleState) -> list[str]:
    """Ids of the car bombs still able to drive and detonate, in id order."""
    types = state.ruleset.units
    return sorted(
        u.id
        for u in state.units.values()
        if "detonate" in types[u.type_id].actions and combat.active_car_bomb(state, u)
    )


def update_alerts(state: BattleState) -> None:
    """Coalition units are alerted while a car bomb they have seen is still active."""
    active = any(state.units[uid].alert_raised for uid in car_bombs(state))
    for unit in state.units.values():
        if unit.side is Side.COALITION:
            unit.alerted = active


def raise_alerts(state: BattleState) -> list[Event]:
    """A "vbied_alert" for each car bomb the coalition spots for the first time."""
    events = []
    for uid in sorted(state.spotted[Side.COALITION]):
        unit = state.units[uid]
        if not combat.is_car_bomb(state, unit) or unit.alert_raised:
            continue
        unit.alert_raised = True
        state.count("vbied_spotted")
        events.append(
            Event(
                EventKind.VBIED_ALERT,
                f"Car bomb! {unit.name} spotted at {unit.pos}",
                unit=uid,
                pos=unit.pos,
            )
        )
    update_alerts(state)
    return events


def alert_step_hook(state: BattleState, unit_id: str) -> tuple[list[Event], bool]:
    """After a step (spotting already refreshed): raise the alert for newly seen car bombs."""
    return raise_alerts(state), False


def detonate(state: BattleState, unit_id: str, why: str) -> list[Event]:
    """A car bomb sets itself off: it is destroyed ("vbied_detonated") and its payload blasts."""
    unit = state.units[unit_id]
    unit.detonated = True
    if "detonate" in unit.actions:
        unit.actions["detonate"] = 0
    events = combat.destroy_unit(state, unit_id, f"detonated {why}")
    events += combat.car_bomb_blast(state, unit, f"{unit.name} detonated")
    update_alerts(state)
    return events


def _next_to_coalition(state: BattleState, pos: TilePos) -> bool:
    return any(
        max(abs(u.pos.x - pos.x), abs(u.pos.y - pos.y)) == 1 for u in state.units_of(Side.COALITION)
    )


def adjacent_detonations(state: BattleState) -> list[Event]:
    """Every active car bomb standing next to a coalition unit detonates (in id order)."""
    events: list[Event] = []
    for uid in car_bombs(state):
        unit = state.units[uid]
        if combat.active_car_bomb(state, unit) and _next_to_coalition(state, unit.pos):
            events += detonate(state, uid, "next to the enemy")
    return events


def detonation_step_hook(state: BattleState, unit_id: str) -> tuple[list[Event], bool]:
    """After a step: car bombs next to coalition units go off; the mover may be gone."""
    events = adjacent_detonations(state)
    update_alerts(state)
    mover = state.units[unit_id]
    return events, not mover.on_map or mover.driver_killed


def launch(state: BattleState, unit_id: str) -> list[Event]:
    """A car bomb's first move launches it ("vbied_launched")."""
    unit = state.units[unit_id]
    if not combat.is_car_bomb(state, unit) or unit.launched:
        return []
    unit.launched = True
    return [
        Event(
            EventKind.VBIED_LAUNCHED,
            f"{unit.name} starts its run from {unit.pos}",
            unit=unit_id,
            pos=unit.pos,
        )
    ]


def arrival_detonation(state: BattleState, unit_id: str, dest: TilePos) -> list[Event]:
    """A car bomb whose move ended on the tile it drove to detonates when a coalition unit
    is within the arm radius."""
    unit = state.units[unit_id]
    if not combat.active_car_bomb(state, unit) or unit.pos != dest:
        return []
    radius = state.rules.vbied_arm_radius
    if any(
        combat.distance(unit.pos, u.pos) <= radius + 1e-9 for u in state.units_of(Side.COALITION)
    ):
        return detonate(state, unit_id, "at its target")
    return []


# --- routes (for the AI) -------------------------------------------------------------------


def route_field(state: BattleState, goals: list[TilePos]) -> np.ndarray:
    """(H, W) cost for a wheeled car bomb to reach the nearest goal, roads preferred: each
    step's AP plus [vbied] road_preference off the road; units ignored; inf = no way."""
    road = np.isin(state.grid.terrain, state.ruleset.terrain_indices("road"))
    off_road = np.where(road, 0.0, state.rules.vbied_road_preference)
    return goal_distances(state, MoveClass.WHEELED, goals, off_road)


def drive_path(state: BattleState, unit_id: str, field: np.ndarray) -> list[TilePos]:
    """The steps downhill on a route field as far as the AP go (start excluded): always to
    the free, legal neighbour with the lowest cost left; stops next to a coalition unit."""
    unit = state.units[unit_id]
    move_class = state.unit_type(unit_id).move
    enterable = terrain_enterable(state, move_class)
    taken = set(state.occupied())
    here, ap, path = unit.pos, unit.ap, []
    while not _next_to_coalition(state, here):
        best: tuple[float, int, TilePos] | None = None
        for order, (dx, dy) in enumerate(NEIGHBOURS):
            x, y = here.x + dx, here.y + dy
            if not state.grid.in_bounds(x, y) or not enterable[y, x] or TilePos(x, y) in taken:
                continue
            if dx and dy and not (enterable[here.y, x] and enterable[y, here.x]):
                continue
            left = float(field[y, x])
            if left < float(field[here.y, here.x]) - 1e-9 and (
                best is None or (left, order) < (best[0], best[1])
            ):
                best = (left, order, TilePos(x, y))
        if best is None:
            break
        cost = step_cost(state, move_class, here, best[2])
        if cost > ap + 1e-9:
            break
        ap -= cost
        here = best[2]
        path.append(here)
    return path


def strikes_from(state: BattleState, pos: TilePos, targets: list[TilePos]) -> bool:
    """Whether a car bomb on `pos` would go off: next to a target or within the arm radius."""
    radius = max(state.rules.vbied_arm_radius, 1.5)
    return any(combat.distance(pos, t) <= radius + 1e-9 for t in targets)


def exposed_at(state: BattleState, unit: UnitState, pos: TilePos, viewers: list[UnitState]) -> bool:
    """Whether any of the viewers would spot the car bomb driving on `pos`."""
    utype = state.ruleset.units[unit.type_id]
    hide = line_of_sight.concealment(utype.concealment, vehicle=True, moved=True)
    for viewer in viewers:
        vtype = state.ruleset.units[viewer.type_id]
        vis = line_of_sight.visibility_between(
            state.grid, state.smoke, viewer.pos, pos, vtype.sight
        )
        if line_of_sight.spotted(float(vis), vtype.spotting, hide):
            return True
    return False
