"""Objectives, their progress, and the score.

Statuses: "pending", "complete", "failed", or "inactive" (waiting for a trigger to add it).
Capture is judged afresh at each end of turn; hold counts consecutive ends of turn held and
stays complete once reached; protect fails when its unit dies and counts as met while it
lives (complete at the end); exit counts the side's units that leave through the area;
destroy completes when its target is gone. Civilians (harm no more than `count`) and
stop_car_bombs (none goes off in the area) are kept like protect; evacuate completes when
`count` civilians are safe; survive completes at turn `turns` with units left.
An objective a trigger completes or fails is settled for good: it is never judged again.
"""

from __future__ import annotations

from game.battle.setup import Objective, ObjectiveKind
from game.battle.state import PHASE_OVER, BattleState
from game.core.values import Side, plural
from game.sim.events import Event, EventKind

PENDING, COMPLETE, FAILED, INACTIVE = "pending", "complete", "failed", "inactive"
# kinds met while nothing has broken them (a pending one counts as met)
KEPT_KINDS = (ObjectiveKind.PROTECT, ObjectiveKind.CIVILIANS, ObjectiveKind.STOP_CAR_BOMBS)
# kinds judged over the whole battle: their area is not a place on the map
AREALESS_KINDS = (ObjectiveKind.CIVILIANS, ObjectiveKind.EVACUATE, ObjectiveKind.SURVIVE)


def _named(state: BattleState, name: str, side: Side | None = None) -> list[str]:
    """Ids of the units with a name (optionally of one side)."""
    return [
        u.id for u in state.units.values() if u.name == name and (side is None or u.side is side)
    ]


def controls(state: BattleState, objective: Objective) -> bool:
    """The objective's side has a unit in the area and the enemy has none."""
    inside = [u for u in state.units.values() if u.on_map and u.pos in objective.tiles]
    return any(u.side is objective.side for u in inside) and not any(
        u.side is not objective.side for u in inside
    )


def _protected_ids(state: BattleState, objective: Objective) -> list[str]:
    if objective.target:
        return _named(state, objective.target, objective.side)
    return [
        uid
        for uid in state.objective_units[objective.object_id]
        if state.units[uid].side is objective.side
    ]


def _destroy_done(state: BattleState, objective: Objective) -> bool:
    enemy = objective.side.enemy
    if objective.target:
        ids = _named(state, objective.target, enemy)
        return bool(ids) and all(not state.units[uid].alive for uid in ids)
    ids = [
        uid for uid in state.objective_units[objective.object_id] if state.units[uid].side is enemy
    ]
    if ids:
        return all(not state.units[uid].alive for uid in ids)
    return not any(
        u.on_map and u.side is enemy and u.pos in objective.tiles for u in state.units.values()
    )


STATUS_WORDS = {COMPLETE: "complete", FAILED: "failed", PENDING: "lost"}  # as the log says it


def _set(state: BattleState, objective: Objective, status: str) -> list[Event]:
    if state.objective_status[objective.object_id] == status:
        return []
    state.objective_status[objective.object_id] = status
    return [
        Event(
            EventKind(f"objective_{status}"),
            f"{objective.side.label} objective {objective.name!r} {STATUS_WORDS[status]}",
            objective=objective.object_id,
            side=objective.side,
        )
    ]


def _hold_turn(state: BattleState, objective: Objective) -> list[Event]:
    """A hold objective's turn: its count goes up while the side controls the area, and back
    to 0 when it does not; each change is reported ("held 2/4", "lost: 0/4")."""
    oid = objective.object_id
    before = state.objective_progress[oid]
    after = before + 1 if controls(state, objective) else 0
    state.objective_progress[oid] = after
    if after >= objective.turns:
        return _set(state, objective, COMPLETE)
    name, total = objective.name, objective.turns
    if after:
        kind, text = EventKind.OBJECTIVE_HELD, f"{name!r} held {after}/{total}"
    elif before:
        kind, text = EventKind.OBJECTIVE_HOLD_BROKEN, f"{name!r} lost: 0/{total}"
    else:
        return []
    return [Event(kind, text, objective=oid, side=objective.side, count=after, total=total)]


def settle(state: BattleState, objective: Objective, status: str) -> list[Event]:
    """Set an objective's status for good (a trigger completing or failing it: it is not
    judged again, so a capture a trigger completed stays complete when the unit leaves);
    its event if new."""
    state.settled_objectives.add(objective.object_id)
    return _set(state, objective, status)


def _judged(state: BattleState) -> list[Objective]:
    """The objectives the rules judge: every one but those a trigger settled."""
    return [o for o in state.objectives if o.object_id not in state.settled_objectives]


def activate(state: BattleState, objective: Objective) -> list[Event]:
    """An objective a trigger adds: from now on it is pending and judged."""
    if state.objective_status.get(objective.object_id) != INACTIVE:
        return []
    state.objective_status[objective.object_id] = PENDING
    inside = [u.id for u in state.units.values() if u.on_map and u.pos in objective.tiles]
    state.objective_units[objective.object_id] = inside
    return [
        Event(
            EventKind.OBJECTIVE_ADDED,
            f"New {objective.side.label} objective: {objective.name}",
            objective=objective.object_id,
            side=objective.side,
        )
    ]


def _car_bomb_went_off_in(state: BattleState, objective: Objective) -> bool:
    """A car bomb's payload went off in the objective's area (detonated, or destroyed with
    its driver alive)."""
    for unit in state.units.values():
        if "detonate" not in state.ruleset.units[unit.type_id].actions:
            continue
        gone_off = unit.detonated or (not unit.alive and not unit.driver_killed)
        if gone_off and unit.pos in objective.tiles:
            return True
    return False


def check_latched(state: BattleState) -> list[Event]:
    """After any command: protect objectives fail at a death, destroy objectives complete."""
    events: list[Event] = []
    for obj in _judged(state):
        if state.objective_status[obj.object_id] != PENDING:
            continue
        if obj.kind is ObjectiveKind.PROTECT:
            if any(not state.units[uid].alive for uid in _protected_ids(state, obj)):
                events += _set(state, obj, FAILED)
        elif obj.kind is ObjectiveKind.DESTROY and _destroy_done(state, obj):
            events += _set(state, obj, COMPLETE)
        elif obj.kind is ObjectiveKind.CIVILIANS:
            if state.civilian_casualties[obj.side] > obj.count:
                events += _set(state, obj, FAILED)
        elif obj.kind is ObjectiveKind.STOP_CAR_BOMBS and _car_bomb_went_off_in(state, obj):
            events += _set(state, obj, FAILED)
    return events


def end_of_turn(state: BattleState) -> list[Event]:
    """At the environment phase: units exit, hold counters advance, captures are judged
    (those a trigger settled are not)."""
    events: list[Event] = []
    for obj in _judged(state):
        oid = obj.object_id
        status = state.objective_status[oid]
        if status == INACTIVE:
            continue
        if obj.kind is ObjectiveKind.CAPTURE:
            events += _set(state, obj, COMPLETE if controls(state, obj) else PENDING)
        elif obj.kind is ObjectiveKind.HOLD and status == PENDING:
            events += _hold_turn(state, obj)
        elif obj.kind is ObjectiveKind.EVACUATE and status == PENDING:
            if state.evacuated >= obj.count:
                events += _set(state, obj, COMPLETE)
        elif obj.kind is ObjectiveKind.SURVIVE and status == PENDING:
            if state.turn >= obj.turns and state.units_of(obj.side):
                events += _set(state, obj, COMPLETE)
        elif obj.kind is ObjectiveKind.EXIT and status == PENDING:
            for unit in state.units_of(obj.side):
                if unit.pos in obj.tiles:
                    unit.exited = True
                    state.objective_progress[oid] += 1
                    events.append(
                        Event(
                            EventKind.EXITED,
                            f"{unit.name} left the map at {unit.pos}",
                            unit=unit.id,
                            objective=oid,
                        )
                    )
            if state.objective_progress[oid] >= obj.count:
                events += _set(state, obj, COMPLETE)
    return events + check_latched(state)


def met(state: BattleState, objective: Objective) -> bool:
    """Complete, or one that is kept while unbroken (protect, civilians, car bombs) still so."""
    status = state.objective_status[objective.object_id]
    return status == COMPLETE or (objective.kind in KEPT_KINDS and status == PENDING)


def has_mandatory(state: BattleState, side: Side) -> bool:
    """Whether the side has any mandatory objective (one a trigger has yet to add does not
    count until it is added)."""
    return bool(_mandatory(state, side))


def _mandatory(state: BattleState, side: Side) -> list[Objective]:
    return [
        o
        for o in state.objectives
        if o.side is side and o.mandatory and state.objective_status[o.object_id] != INACTIVE
    ]


def all_mandatory_met(state: BattleState, side: Side) -> bool:
    """The side has mandatory objectives and meets every one of them."""
    mandatory = _mandatory(state, side)
    return bool(mandatory) and all(met(state, o) for o in mandatory)


def any_mandatory_failed(state: BattleState, side: Side) -> bool:
    """One of the side's mandatory objectives has failed for good."""
    return any(
        state.objective_status[o.object_id] == FAILED
        for o in state.objectives
        if o.side is side and o.mandatory
    )


def finalise(state: BattleState) -> list[Event]:
    """At the end of the battle: unbroken protect objectives are complete; every other
    objective still pending was not achieved and is failed (so the debrief says so)."""
    events: list[Event] = []
    for obj in state.objectives:
        if state.objective_status[obj.object_id] != PENDING:
            continue
        done = obj.kind in KEPT_KINDS
        events += _set(state, obj, COMPLETE if done else FAILED)
    return events


def objective_points(state: BattleState, side: Side) -> int:
    """Points of the side's completed objectives."""
    return sum(
        o.points
        for o in state.objectives
        if o.side is side and state.objective_status[o.object_id] == COMPLETE
    )


def score(state: BattleState, side: Side) -> float:
    """Objectives - own losses - a heavy penalty per civilian casualty caused + evacuated."""
    rules = state.rules
    total = rules.score_objective_weight * objective_points(state, side)
    total -= rules.score_own_loss * state.losses[side]
    total -= rules.score_civilian_casualty * state.civilian_casualties[side]
    if side is Side.COALITION:
        total += rules.score_evacuated_civilian * state.evacuated
    return round(total, 3)


def why_not_met(state: BattleState, objective: Objective) -> str:
    """Why an objective was not met, in words ("Major Salim was killed", "held 2 of 4 turns")."""
    oid = objective.object_id
    progress = state.objective_progress.get(oid, 0)
    kind = objective.kind
    if kind is ObjectiveKind.PROTECT:
        ids = _protected_ids(state, objective)
        lost = [state.units[uid].name for uid in ids if not state.units[uid].alive]
        if not lost:
            return "the units to protect were lost"
        return f"{', '.join(lost)} {'was' if len(lost) == 1 else 'were'} killed"
    if kind is ObjectiveKind.HOLD:
        return f"held {progress} of {plural(objective.turns, 'turn')} in a row"
    if kind is ObjectiveKind.EXIT:
        return f"{progress} of {objective.count} units got out"
    if kind is ObjectiveKind.DESTROY:
        return "the target survived"
    if kind is ObjectiveKind.CIVILIANS:
        harmed = state.civilian_casualties[objective.side]
        return f"{plural(harmed, 'civilian')} harmed, more than the {objective.count} allowed"
    if kind is ObjectiveKind.EVACUATE:
        return f"{state.evacuated} of {objective.count} civilians reached safety"
    if kind is ObjectiveKind.STOP_CAR_BOMBS:
        return "a car bomb went off in the area"
    if kind is ObjectiveKind.SURVIVE:
        return f"no unit was left to see turn {objective.turns}"
    return "not held at the end, or the enemy was still in the area"


def outcome_reasons(state: BattleState, side: Side) -> list[str]:
    """The battle's result for one side in words: the end reason, then each mandatory
    objective of either side that decided it (met, or failed and why)."""
    reason = state.end_reason
    lines = [reason[:1].upper() + reason[1:]] if reason else []  # a trigger's text as written
    for owner in (side, side.enemy):
        whose = "Your" if owner is side else "The enemy's"
        for obj in state.objectives:
            if obj.side is not owner or not obj.mandatory:
                continue
            status = state.objective_status.get(obj.object_id, PENDING)
            if met(state, obj):
                lines.append(f"{whose} objective {obj.name!r} was met.")
            elif status == FAILED or state.over:
                lines.append(f"{whose} objective {obj.name!r} failed: {why_not_met(state, obj)}.")
    return lines


def finish_battle(state: BattleState, winner: str, reason: str) -> list[Event]:
    """End the battle: the winner ("draw" for none) and why; objectives still open settle."""
    state.phase = PHASE_OVER
    state.winner = winner
    state.end_reason = reason
    events = finalise(state)
    return [
        *events,
        Event(
            EventKind.BATTLE_OVER,
            f"Battle over: {Side(winner).label if winner in tuple(Side) else 'a draw'} ({reason})",
            winner=winner,
        ),
    ]
