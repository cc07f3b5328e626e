"""Who sees whom: a unit spots an enemy when visibility x its spotting skill reaches the
enemy's concealment (line_of_sight decides visibility); each side keeps the set it sees."""

from __future__ import annotations

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import MoveClass, Side
from game.sim import line_of_sight
from game.sim.drones import seen_from_above
from game.sim.events import Event, EventKind
from game.sim.line_of_sight import spotted, visibility_between


def concealment(state: BattleState, unit: UnitState) -> float:
    """A unit's concealment now (line_of_sight's rule): vehicles and movers show, roofs hide."""
    utype = state.ruleset.units[unit.type_id]
    return line_of_sight.concealment(
        utype.concealment,
        vehicle=utype.is_vehicle,
        moved=unit.moved_this_phase,
        in_building=utype.move is MoveClass.FOOT
        and bool(state.grid.building_max_hp[unit.pos.y, unit.pos.x] > 0),
    )


def visibility(state: BattleState, viewer: UnitState, target: UnitState) -> float:
    """Visibility (0..1) of the target's tile from the viewer's eye, with the viewer's sight."""
    sight = state.ruleset.units[viewer.type_id].sight
    return float(visibility_between(state.grid, state.smoke, viewer.pos, target.pos, sight))


def spotting_skill(state: BattleState, unit: UnitState) -> float:
    """A unit's spotting skill: its type's, plus its campaign experience bonus."""
    bonus = unit.veterancy.spotting_bonus if unit.veterancy else 0.0
    return state.ruleset.units[unit.type_id].spotting + float(bonus)


def unit_sees(state: BattleState, viewer: UnitState, target: UnitState) -> bool:
    """Whether the viewer spots the target now."""
    if not (viewer.on_map and target.on_map):
        return False
    skill = spotting_skill(state, viewer)
    return bool(spotted(visibility(state, viewer, target), skill, concealment(state, target)))


def side_sees(state: BattleState, side: Side, target: UnitState) -> bool:
    """Whether any unit of the side spots the target now (or its drones saw it this turn)."""
    if seen_from_above(state, side, target):
        return True
    return any(unit_sees(state, viewer, target) for viewer in state.units_of(side))


def enemies_seen(state: BattleState, side: Side) -> set[str]:
    """Ids of the enemy units the side spots now."""
    return {t.id for t in state.units_of(side.enemy) if side_sees(state, side, t)}


def refresh_spotting(state: BattleState, side: Side) -> list[Event]:
    """Recompute what a side sees; return a `spotted` event per enemy it did not see before."""
    now = enemies_seen(state, side)
    new = sorted(now - state.spotted[side])
    state.spotted[side] = now
    events = []
    for uid in new:
        unit = state.units[uid]
        events.append(
            Event(
                EventKind.SPOTTED,
                f"{side.label} spotted {unit.name} at {unit.pos}",
                side=side,
                unit=uid,
                pos=unit.pos,
            )
        )
    return events


def spotting_step_hook(state: BattleState, unit_id: str) -> tuple[list[Event], bool]:
    """After each step: both sides look again; the mover stops when its side spots someone new."""
    mover = state.units[unit_id]
    own = refresh_spotting(state, mover.side)
    seen_by_enemy = refresh_spotting(state, mover.side.enemy)
    return own + seen_by_enemy, bool(own)
