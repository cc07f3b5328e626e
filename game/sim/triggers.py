"""The map's triggers: after every command and at each turn's start, the armed triggers whose
event happened (and whose conditions hold) do their one thing, through the same state and
events as any rule, so saves and replays stay exact. A map without triggers is untouched."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from game.battle.setup import Trigger, TriggerAction, TriggerWhen
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import Side, TilePos
from game.sim import objectives
from game.sim.arrivals import arrive
from game.sim.combat import is_car_bomb
from game.sim.events import Event, EventKind
from game.sim.smoke import add_smoke

# the events an `ordered` trigger's `order` stands for
ORDER_EVENTS: dict[str, tuple[EventKind, ...]] = {
    "move": (EventKind.MOVED,),
    "fire": (EventKind.FIRED,),
    "overwatch": (EventKind.OVERWATCH,),
    "sector": (EventKind.OVERWATCH,),  # only with a sector (the event names its tile)
    "smoke": (EventKind.SMOKE,),
    "build_berm": (EventKind.BERM_BUILT,),
    "clear_rubble": (EventKind.RUBBLE_CLEARED,),
    "launch_drone": (EventKind.DRONE_LAUNCHED,),
    "detonate": (EventKind.VBIED_DETONATED,),
    "stand_down": (EventKind.STOOD_DOWN,),
    "end_turn": (EventKind.PHASE,),
}
LOST = (EventKind.OBJECTIVE_FAILED, EventKind.OBJECTIVE_PENDING, EventKind.OBJECTIVE_HOLD_BROKEN)
ROUNDS = 8  # triggers that arm others may chain within one check, at most this deep


def start(state: BattleState) -> list[Event]:
    """At the battle's start: note who stands in each area, then the turn-1 triggers."""
    for trigger in state.triggers:
        state.trigger_inside[trigger.object_id] = sorted(_inside(state, trigger))
    return turn_start(state)


def turn_start(state: BattleState) -> list[Event]:
    """A turn begins: `turn_start` triggers of this turn, and `chance` triggers (each drawing
    one number from the battle's generator, in object order)."""
    if not state.triggers:
        return []
    fired: list[Trigger] = []
    for trigger in _armed(state):
        if (trigger.when is TriggerWhen.TURN_START and trigger.turn == state.turn) or (
            trigger.when is TriggerWhen.CHANCE and float(state.rng.random()) < trigger.chance
        ):
            fired.append(trigger)
    return _run(state, fired, [])


def end_of_turn(state: BattleState, events: Sequence[Event]) -> list[Event]:
    """At the end of a turn, once the objectives are judged and before the outcome is: the
    armed `objective_gained` and `objective_lost` triggers their changes set off fire (so an
    `end` trigger on an objective ends the battle with its own text). The triggers do not
    see these events again when the order that ended the turn is checked."""
    if not state.triggers:
        return []
    fired = [
        t
        for t in _armed(state)
        if t.when in (TriggerWhen.OBJECTIVE_GAINED, TriggerWhen.OBJECTIVE_LOST)
        and _happened(state, t, events, {})
    ]
    seen = list(events)
    out = _run(state, fired, seen)
    state.trigger_seen = [*state.trigger_seen, *seen, *out]
    return out


def react(state: BattleState, events: Sequence[Event]) -> list[Event]:
    """After a command (its events given): the armed triggers it sets off fire (events the
    end of turn already showed them excepted)."""
    if state.trigger_seen:
        already = {id(e) for e in state.trigger_seen}
        events = [e for e in events if id(e) not in already]
        state.trigger_seen = []
    if not state.triggers:
        return []
    moved = _moves(state)  # areas entered and left since the last check
    fired = [t for t in _armed(state) if _happened(state, t, events, moved)]
    return _run(state, fired, list(events))


def _run(state: BattleState, fired: list[Trigger], seen: list[Event]) -> list[Event]:
    """Fire triggers whose conditions hold; those they arm may fire on the same events."""
    out: list[Event] = []
    for _ in range(ROUNDS):
        ready = [t for t in fired if state.trigger_status[t.object_id] == "armed"]
        ready = [t for t in ready if _conditions(state, t)]
        if not ready or state.over:
            break
        armed_now: list[Trigger] = []
        for trigger in ready:
            state.trigger_status[trigger.object_id] = "armed" if trigger.repeat else "fired"
            out += _do(state, trigger)
            for name in trigger.enables:
                for other in state.triggers:
                    if other.name == name and state.trigger_status[other.object_id] == "off":
                        state.trigger_status[other.object_id] = "armed"
                        armed_now.append(other)
            if state.over:
                break
        seen += out
        moved = _moves(state)
        fired = [t for t in armed_now if _happened(state, t, seen, moved)]
        fired += [t for t in armed_now if t.when is TriggerWhen.TURN_START and t.turn == state.turn]
    return out


def _armed(state: BattleState) -> list[Trigger]:
    return [t for t in state.triggers if state.trigger_status.get(t.object_id) == "armed"]


def _matches(state: BattleState, trigger: Trigger, unit: UnitState) -> bool:
    """Whether a unit is one the trigger watches (its side, type and name, where given)."""
    return (
        (trigger.side is None or unit.side is trigger.side)
        and (not trigger.unit_type or unit.type_id == trigger.unit_type)
        and (not trigger.unit or unit.name == trigger.unit)
    )


def _inside(state: BattleState, trigger: Trigger) -> set[str]:
    if trigger.when not in (TriggerWhen.ENTERS, TriggerWhen.LEAVES):
        return set()
    return {
        u.id
        for u in state.units.values()
        if u.on_map and u.pos in trigger.tiles and _matches(state, trigger, u)
    }


def _moves(state: BattleState) -> dict[int, tuple[set[str], set[str]]]:
    """For each area trigger: the units that entered and left since the last check (the
    record of who is inside is brought up to date)."""
    moved: dict[int, tuple[set[str], set[str]]] = {}
    for trigger in state.triggers:
        if trigger.when not in (TriggerWhen.ENTERS, TriggerWhen.LEAVES):
            continue
        before = set(state.trigger_inside.get(trigger.object_id, []))
        now = _inside(state, trigger)
        moved[trigger.object_id] = (now - before, before - now)
        state.trigger_inside[trigger.object_id] = sorted(now)
    return moved


def _objective_id(state: BattleState, name: str) -> int | None:
    return next((o.object_id for o in state.objectives if o.name == name), None)


def _happened(
    state: BattleState,
    trigger: Trigger,
    events: Sequence[Event],
    moved: dict[int, tuple[set[str], set[str]]],
) -> bool:
    """Whether the trigger's event is among these events (or the areas' changes)."""
    when = trigger.when
    if when is TriggerWhen.ENTERS:
        return bool(moved.get(trigger.object_id, (set(), set()))[0])
    if when is TriggerWhen.LEAVES:
        return bool(moved.get(trigger.object_id, (set(), set()))[1])
    if when is TriggerWhen.DESTROYED:  # a car bomb whose driver is killed is out too
        return any(
            e.kind in (EventKind.DESTROYED, EventKind.VBIED_DRIVER_KILLED)
            and e.unit in state.units
            and _matches(state, trigger, state.units[e.unit])
            for e in events
        )
    if when in (TriggerWhen.OBJECTIVE_GAINED, TriggerWhen.OBJECTIVE_LOST):
        oid = _objective_id(state, trigger.objective)
        kinds = (EventKind.OBJECTIVE_COMPLETE,) if when is TriggerWhen.OBJECTIVE_GAINED else LOST
        return any(e.kind in kinds and e.objective == oid for e in events)
    if when is TriggerWhen.CAR_BOMB_SPOTTED:
        return any(e.kind is EventKind.VBIED_ALERT for e in events)
    if when is TriggerWhen.CIVILIANS_HARMED:
        harmed = state.civilian_casualties
        total = harmed[trigger.side] if trigger.side is not None else sum(harmed.values())
        return total >= trigger.count
    if when is TriggerWhen.ORDERED:
        return any(_ordered(state, trigger, e) for e in events)
    return False


def _ordered(state: BattleState, trigger: Trigger, event: Event) -> bool:
    if event.kind not in ORDER_EVENTS.get(trigger.order, ()):
        return False
    if trigger.order == "sector" and event.pos is None:
        return False
    if trigger.order == "end_turn":  # the phase that begins is the other side's
        return trigger.side is None or event.side is trigger.side.enemy
    unit = state.units.get(event.unit)
    return unit is not None and _matches(state, trigger, unit)


def _conditions(state: BattleState, trigger: Trigger) -> bool:
    """The trigger's optional conditions: a side holds its area; a side has enough units."""
    if trigger.if_holds is not None:
        inside = [u for u in state.units.values() if u.on_map and u.pos in trigger.tiles]
        holds = any(u.side is trigger.if_holds for u in inside)
        if not holds or any(u.side is not trigger.if_holds for u in inside):
            return False
    if trigger.if_alive is not None:
        alive = sum(1 for u in state.units_of(trigger.if_alive))
        if alive < trigger.if_at_least:
            return False
    return True


def _do(state: BattleState, trigger: Trigger) -> list[Event]:
    """What a trigger does, as events."""
    then = trigger.then
    if then is TriggerAction.MESSAGE:
        return [
            Event(
                EventKind.MESSAGE,
                trigger.text,
                side=_reader(trigger),
                speaker=trigger.speaker,
                dialog=trigger.dialog,
            )
        ]
    if then is TriggerAction.SPAWN:
        return [arrive(state, u) for u in _named(state, trigger.units) if not u.arrived]
    if then is TriggerAction.LAUNCH:
        for unit in _named(state, trigger.units):
            unit.ai_role = "vbied_strike" if is_car_bomb(state, unit) else "assault"
        return []
    if then is TriggerAction.SMOKE:
        mask = _mask(state, trigger.tiles)
        add_smoke(state.smoke, mask, trigger.density)
        first = min(trigger.tiles, key=lambda p: (p.y, p.x))
        return [Event(EventKind.SMOKE, f"smoke rises at {first}", pos=first, radius=1.0)]
    if then is TriggerAction.CIVILIANS:
        state.fleeing |= {p for p in trigger.tiles if state.civilians.get(p, 0)}
        return []
    if then is TriggerAction.WIND:
        toward = math.radians(trigger.wind_direction + 180.0)
        strength = trigger.wind_strength
        state.wind = (strength * math.sin(toward), -strength * math.cos(toward))
        return [Event(EventKind.WIND, f"The wind turns: from {trigger.wind_direction:g} degrees")]
    if then is TriggerAction.END:
        reason = trigger.text or f"{trigger.name}"
        return objectives.finish_battle(state, trigger.result, reason)
    return _objective_action(state, trigger)


def _reader(trigger: Trigger) -> Side | None:
    """Who reads a trigger's message (None: both sides)."""
    if trigger.to == "any":
        return None
    return trigger.side if trigger.to == "side" else Side(trigger.to)


def _objective_action(state: BattleState, trigger: Trigger) -> list[Event]:
    objective = next((o for o in state.objectives if o.name == trigger.objective), None)
    if objective is None:
        return []
    if trigger.then is TriggerAction.OBJECTIVE_ADD:
        return objectives.activate(state, objective)
    status = (
        objectives.COMPLETE
        if trigger.then is TriggerAction.OBJECTIVE_COMPLETE
        else (objectives.FAILED)
    )
    return objectives.settle(state, objective, status)


def _named(state: BattleState, names: Iterable[str]) -> list[UnitState]:
    wanted = set(names)
    return [u for u in state.units.values() if u.name in wanted and u.alive]


def _mask(state: BattleState, tiles: Iterable[TilePos]) -> np.ndarray:
    mask = np.zeros(state.smoke.shape, dtype=bool)
    for pos in tiles:
        mask[pos.y, pos.x] = True
    return mask
