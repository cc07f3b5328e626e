"""Who sees whom: a unit spots an enemy when visibility x its spotting skill reaches the
enemy's concealment (line_of_sight decides visibility); each side keeps the set it sees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import MoveClass, Side
from game.rules.sight_rules import SightRules, default_sight_rules
from game.sim import line_of_sight, sight_kernels
from game.sim.drones import seen_from_above
from game.sim.events import Event, EventKind
from game.sim.line_of_sight import (
    BLOCK_MARGIN,
    PairTables,
    pair_tables,
    spotted,
    visibility_between,
)


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


@dataclass(frozen=True)
class Lookout:
    """Every unit on the map as the compiled spotting check reads it, built once per check."""

    units: list[UnitState]
    pos: np.ndarray  # int64 (N, 2)
    side: np.ndarray  # int8 (N,): 0 coalition, 1 ISIL
    falloff_row: np.ndarray  # int64 (N,): the unit's sight range in `tables`
    skill: np.ndarray  # float64 (N,): spotting skill
    conceal: np.ndarray  # float64 (N,): concealment now
    tables: PairTables
    # each unit seen by the other side, once worked out (both sides' checks of a step share it)
    seen: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)


@lru_cache(maxsize=256)
def _concealments(
    base: float, vehicle: bool, move: MoveClass, rules: SightRules
) -> tuple[float, float, float, float]:
    """A type's concealment standing / moved, in the open / under a roof (by index
    2 x moved + roof), by line_of_sight's rule."""
    return tuple(  # type: ignore[return-value]
        line_of_sight.concealment(
            base,
            vehicle=vehicle,
            moved=moved,
            in_building=roof and move is MoveClass.FOOT,
            rules=rules,
        )
        for moved in (False, True)
        for roof in (False, True)
    )


def lookout(state: BattleState, units: Sequence[UnitState] | None = None) -> Lookout:
    """The units (by default all on the map) with their tiles, sight, skill and concealment
    (by `concealment`'s rule: each type's four cases, moved or not, under a roof or not)."""
    units = [u for u in state.units.values() if u.on_map] if units is None else list(units)
    rules = default_sight_rules()
    kinds = {u.type_id: state.ruleset.units[u.type_id] for u in units}
    ranges = tuple(sorted({t.sight for t in kinds.values()})) or (0,)  # (0,): no units
    tables = pair_tables(ranges, rules.falloff_end)
    # per type present (rows in kinds' order): its sight range's row, its four concealments
    type_row = {type_id: i for i, type_id in enumerate(kinds)}
    sight_row = np.array([tables.index[k.sight] for k in kinds.values()], np.int64)
    cases = np.array(
        [_concealments(k.concealment, k.is_vehicle, k.move, rules) for k in kinds.values()],
        np.float64,
    ).reshape(-1, 4)
    rows = np.array([type_row[u.type_id] for u in units], np.int64)
    pos = np.array([u.pos for u in units], np.int64).reshape(-1, 2)
    moved = np.array([u.moved_this_phase for u in units], np.int64)
    roofed = state.grid.building_max_hp[pos[:, 1], pos[:, 0]] > 0
    skill = [spotting_skill(state, u) for u in units]
    return Lookout(
        units=units,
        pos=pos,
        side=np.array([u.side is Side.ISIL for u in units], np.int8),
        falloff_row=sight_row[rows],
        skill=np.array(skill, np.float64),
        conceal=cases[rows, 2 * moved + roofed],
        tables=tables,
    )


def _kernel_args(state: BattleState, look: Lookout) -> tuple[Any, ...]:
    rules = default_sight_rules()
    grid = state.grid
    return (
        grid.height, grid.blocks_sight, grid.obscuration, grid.building_max_hp, state.smoke,
        look.tables.anc_dx, look.tables.anc_dy, look.tables.falloffs,
        np.float32(rules.eye_height), float(rules.smoke_obscuration), BLOCK_MARGIN,
    )  # fmt: skip


def spotting_matrix(
    state: BattleState, viewers: Sequence[UnitState], targets: Sequence[UnitState], first: bool
) -> np.ndarray:
    """Which viewer spots which target now, bool (V, T), in one compiled call. With `first`
    a target's column stops at the first viewer that spots it (enough for "is it seen")."""
    if not viewers or not targets:
        return np.zeros((len(viewers), len(targets)), bool)
    look = lookout(state, [*viewers, *targets])
    v, t = slice(0, len(viewers)), slice(len(viewers), None)
    return sight_kernels.spotting_matrix(
        *_kernel_args(state, look),
        look.pos[v], look.falloff_row[v], look.skill[v], look.pos[t], look.conceal[t], first,
    )  # fmt: skip


def seen_by_enemy(state: BattleState, look: Lookout) -> np.ndarray:
    """For each unit of the lookout: whether a unit of the other side spots it now, bool
    (worked out once per lookout: a lookout is the state of one moment)."""
    if not look.seen:
        units = (look.pos, look.side, look.falloff_row, look.skill, look.conceal)
        look.seen.append(sight_kernels.seen_by_other_side(*_kernel_args(state, look), *units))
    return look.seen[0]


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
    if not target.on_map:
        return False
    return bool(spotting_matrix(state, state.units_of(side), [target], True).any())


def targets_seen(state: BattleState, side: Side, targets: Sequence[UnitState]) -> dict[str, bool]:
    """For each target (by id): whether the side spots it now, as `side_sees` says, all
    checked in one compiled call."""
    on_map = [t for t in targets if t.on_map]
    columns = np.asarray(spotting_matrix(state, state.units_of(side), on_map, True).any(axis=0))
    seen = {t.id: bool(spotted_now) for t, spotted_now in zip(on_map, columns, strict=True)}
    return {t.id: seen.get(t.id, False) or seen_from_above(state, side, t) for t in targets}


def enemies_seen(state: BattleState, side: Side, look: Lookout | None = None) -> set[str]:
    """Ids of the enemy units the side spots now (all of them checked in one compiled call;
    pass a lookout to share it between both sides' checks)."""
    look = lookout(state) if look is None else look
    seen_now = seen_by_enemy(state, look).tolist()
    return {
        u.id
        for u, seen in zip(look.units, seen_now, strict=True)
        if u.side is side.enemy and (seen or seen_from_above(state, side, u))
    }


def refresh_spotting(state: BattleState, side: Side, look: Lookout | None = None) -> list[Event]:
    """Recompute what a side sees; return a `spotted` event per enemy it did not see before."""
    now = enemies_seen(state, side, look)
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


def refresh_sides(state: BattleState, sides: Sequence[Side] = tuple(Side)) -> list[Event]:
    """Each side in turn looks again (one lookout shared); their `spotted` events in order."""
    look = lookout(state)
    return [event for side in sides for event in refresh_spotting(state, side, look)]


def spotting_step_hook(state: BattleState, unit_id: str) -> tuple[list[Event], bool]:
    """After each step: both sides look again; the mover stops when its side spots someone new."""
    mover = state.units[unit_id]
    look = lookout(state)
    own = refresh_spotting(state, mover.side, look)
    theirs = refresh_spotting(state, mover.side.enemy, look)
    return own + theirs, bool(own)
