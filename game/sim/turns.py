"""The turn sequence: coalition phase, ISIL phase, environment phase; reinforcements, the turn
limit and the outcome (victory, defeat or draw)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from game.battle.setup import BattleSetup, MapEvent, MapEventKind
from game.battle.state import BattleState
from game.core.values import MoveClass, Side
from game.rules.combat_rules import BattleRules
from game.rules.ruleset import Ruleset
from game.sim import objectives, triggers
from game.sim.arrivals import reinforcements
from game.sim.civilians import CivilianRules, move_civilians
from game.sim.events import CivilianGroup, Event, EventKind
from game.sim.objectives import finish_battle
from game.sim.smoke import smoke_blocks, smoke_step
from game.sim.spotting import refresh_sides

FIGHTING_EVENTS = (
    EventKind.FIRED,
    EventKind.HIT,
    EventKind.BLAST,
)  # events whose `pos` is a tile under fire


def new_battle(
    scenario: BattleSetup, ruleset: Ruleset, seed: int, rules: BattleRules | None = None
) -> BattleState:
    """A battle ready for the coalition's first phase: AP given, overwatch set, sight known."""
    state = BattleState.from_setup(scenario, ruleset, seed, rules)
    begin_phase(state, Side.COALITION)
    for unit in state.units.values():
        if unit.start_overwatch and unit.on_map:
            unit.overwatch_ap, unit.ap = unit.ap, 0
        unit.start_overwatch = False
    state.opening = triggers.start(state)  # turn-1 triggers may bring units or smoke in
    for event in state.opening:
        state.count(event.kind.value)
    refresh_sides(state)
    return state


def begin_phase(state: BattleState, side: Side) -> list[Event]:
    """A side's phase starts: its units get their AP back and drop their overwatch reserve."""
    state.phase = side.value
    for unit in state.units_of(side):
        unit.ap = state.ruleset.units[unit.type_id].ap
        unit.overwatch_ap = 0
        unit.sector = None
        unit.moved_this_phase = False
    return [
        Event(
            EventKind.PHASE,
            f"Turn {state.turn}: {side.label} phase",
            turn=state.turn,
            side=side,
        )
    ]


def end_phase(state: BattleState) -> list[Event]:
    """End the current side's phase and run the sequence up to the next side's phase."""
    if state.side_to_move is Side.COALITION:
        events = begin_phase(state, Side.ISIL)
        return events + _look(state)
    events = environment_phase(state)
    if state.over:
        return events
    state.turn += 1
    if state.turn > state.turn_limit:
        state.turn = state.turn_limit
        return events + final_outcome(state)
    events += reinforcements(state)
    events += begin_phase(state, Side.COALITION)
    events += _look(state) + triggers.turn_start(state)
    return events + check_outcome(state)


def _look(state: BattleState) -> list[Event]:
    """Both sides look around at the start of a phase."""
    return refresh_sides(state, (Side.COALITION, Side.ISIL))


def environment_phase(state: BattleState) -> list[Event]:
    """Smoke drifts, spreads, fades and its sources add to it; civilians flee the fighting and
    reach safety; the turn's fire tiles and drone sightings are forgotten; objectives are
    checked and the triggers their changes set off fire (an `end` one decides the battle);
    then the outcome is checked."""
    events = [
        Event(EventKind.ENVIRONMENT, f"Turn {state.turn}: environment phase", turn=state.turn)
    ]
    smoke_phase(state)
    events += civilian_phase(state)
    state.fighting.clear()
    for tiles in state.revealed.values():
        tiles.clear()
    judged = objectives.end_of_turn(state)
    events += judged + triggers.end_of_turn(state, judged)
    return events + check_outcome(state, end_of_turn=True)


def fire_burning(fire: MapEvent, turn: int) -> bool:
    """Whether a tyre fire burns in this turn's environment phase (start..end, 0 = no end)."""
    return (
        fire.kind is MapEventKind.TYRE_FIRE
        and fire.start_turn <= turn
        and (fire.end_turn == 0 or turn <= fire.end_turn)
    )


def smoke_sources(state: BattleState) -> np.ndarray:
    """Density (H, W) float32 the burning tyre fires and wrecks add this environment phase."""
    sources = np.zeros(state.smoke.shape, dtype=np.float32)
    for fire in state.map_events:
        if fire_burning(fire, state.turn) and fire.tiles:
            xs, ys = np.array([[p.x, p.y] for p in fire.tiles]).T
            sources[ys, xs] += np.float32(fire.density)
    for pos, turns_left in sorted(state.wrecks.items()):
        if turns_left > 0:
            sources[pos.y, pos.x] += np.float32(state.rules.wreck_smoke)
            state.wrecks[pos] = turns_left - 1
    return sources


def smoke_phase(state: BattleState) -> None:
    """The smoke grid's environment step, in place: the old smoke drifts with the wind,
    spreads (buildings block both) and fades; then the fires and wrecks add fresh smoke at
    their tiles; layers add up to 1."""
    rules = state.rules
    blocks = smoke_blocks(state.grid.building_max_hp)
    field = smoke_step(state.smoke, blocks, state.wind, rules.smoke_spread, rules.smoke_fade)
    field += smoke_sources(state)
    np.clip(field, 0.0, 1.0, out=field)
    state.smoke[...] = field


def civilian_rules(rules: BattleRules) -> CivilianRules:
    """The civilian numbers of combat.toml [civilians]."""
    return CivilianRules(
        alarm_radius=rules.civilian_alarm_radius,
        danger_radius=rules.civilian_danger_radius,
        danger_cost=rules.civilian_danger_cost,
        steps=rules.civilian_steps,
    )


def fighting_mask(state: BattleState) -> np.ndarray:
    """Tiles with fighting (H, W) bool: every unit on the map and every tile shot at or
    blasted since the last environment phase."""
    mask = np.zeros(state.smoke.shape, dtype=bool)
    tiles = [u.pos for u in state.units.values() if u.on_map] + list(state.fighting)
    if tiles:
        xs, ys = np.array([[p.x, p.y] for p in tiles]).T
        mask[ys, xs] = True
    return mask


def evacuation_mask(state: BattleState) -> np.ndarray:
    """The tiles of the scenario's evacuation areas (H, W) bool."""
    mask = np.zeros(state.smoke.shape, dtype=bool)
    for point in state.map_events:
        if point.kind is MapEventKind.EVACUATION and point.tiles:
            xs, ys = np.array([[p.x, p.y] for p in point.tiles]).T
            mask[ys, xs] = True
    return mask


def civilian_phase(state: BattleState) -> list[Event]:
    """Civilian groups near fighting (or already fleeing) head for evacuation
    (game/sim/civilians.py); people reaching an evacuation tile are evacuated."""
    if not state.civilians:
        return []
    before = dict(state.civilians)
    groups, evacuated, fleeing = move_civilians(
        before,
        state.grid.move_cost(MoveClass.FOOT),
        evacuation_mask(state),
        fighting_mask(state),
        set(state.occupied()),
        civilian_rules(state.rules),
        state.fleeing & set(before),
    )
    state.civilians = groups
    state.fleeing = fleeing
    events = []
    if groups != before:
        events.append(
            Event(
                EventKind.CIVILIANS_MOVED,
                "civilians fled from the fighting",
                groups=tuple(CivilianGroup(p, n) for p, n in sorted(groups.items())),
            )
        )
    if evacuated:
        state.evacuated += evacuated
        events.append(
            Event(
                EventKind.EVACUATED,
                f"{evacuated} civilians evacuated",
                count=evacuated,
                total=state.evacuated,
            )
        )
    return events


def record_fighting(state: BattleState, events: Iterable[Event]) -> None:
    """Remember the tiles shots and blasts landed on (they alarm civilians until the next
    environment phase)."""
    for event in events:
        tile = event.pos
        if event.kind in FIGHTING_EVENTS and tile and state.grid.in_bounds(tile.x, tile.y):
            state.fighting.add(tile)


def _still_in_it(state: BattleState, side: Side) -> bool:
    """The side has a unit alive: on the map, yet to arrive or gone through an exit."""
    return any(u.side is side and u.alive for u in state.units.values())


def check_outcome(state: BattleState, end_of_turn: bool = False) -> list[Event]:
    """Elimination and failed mandatory objectives end a battle at once; met objectives
    end it at the end of a turn."""
    if state.over:
        return []
    alive = {side: _still_in_it(state, side) for side in Side}
    if not alive[Side.COALITION] and not alive[Side.ISIL]:
        return finish_battle(state, "draw", "both sides are gone")
    for side in Side:
        if not alive[side]:
            return finish_battle(state, side.enemy.value, f"{side.value} has no units left")
    failed = [side for side in Side if objectives.any_mandatory_failed(state, side)]
    if len(failed) == 2:
        return finish_battle(state, "draw", "both sides failed a mandatory objective")
    if failed:
        return finish_battle(
            state, failed[0].enemy.value, f"{failed[0].value} failed a mandatory objective"
        )
    if end_of_turn:
        met = [side for side in Side if objectives.all_mandatory_met(state, side)]
        if len(met) == 1:
            return finish_battle(state, met[0].value, f"{met[0].value} met its objectives")
    return []


def final_outcome(state: BattleState) -> list[Event]:
    """At the turn limit: a side that meets all its mandatory objectives (and the other does
    not) wins; a defender (a side with no mandatory objectives) wins when the attacker has
    not met its own: a successful defence; otherwise it is a draw."""
    met = [side for side in Side if objectives.all_mandatory_met(state, side)]
    if len(met) == 1:
        return finish_battle(state, met[0].value, f"turn limit: {met[0].value} met its objectives")
    defenders = [
        side
        for side in Side
        if not objectives.has_mandatory(state, side) and objectives.has_mandatory(state, side.enemy)
    ]
    if len(defenders) == 1 and not met:
        side = defenders[0]
        return finish_battle(
            state,
            side.value,
            f"turn limit: {side.enemy.value} did not take its objectives (a successful defence)",
        )
    return finish_battle(state, "draw", "turn limit reached")


def after_command(state: BattleState, events: Iterable[Event] = ()) -> list[Event]:
    """Run after every command: note the tiles its shots and blasts hit, then check latched
    objectives, immediate outcomes and the map's triggers (which may change both)."""
    events = list(events)
    record_fighting(state, events)
    out = objectives.check_latched(state) + check_outcome(state)
    fired = triggers.react(state, events + out)
    if fired:
        out += fired
        if any(e.kind in (EventKind.ARRIVED, EventKind.SMOKE) for e in fired):
            out += refresh_sides(state, (Side.COALITION, Side.ISIL))
        out += objectives.check_latched(state) + check_outcome(state)
    return out
