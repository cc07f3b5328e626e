"""The turn summary: what a phase did, counted for the player, equal to the phase's events."""

from __future__ import annotations

from collections import Counter

from game.ai.player import standard_players
from game.core.paths import MAPS_DIR
from game.core.values import Side
from game.play.match import Match, StateBattle
from game.scenario.loader import load_scenario
from game.sim.events import Event, EventKind
from game.sim.phase_report import phase_report
from game.sim.turns import new_battle


def _isil_phases(ruleset, turns: int):
    """Yield (state, events) of each ISIL phase of an AI battle on Al-Qadisiyah."""
    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    state = new_battle(scenario, ruleset, 7)
    match = Match(StateBattle(state), standard_players())
    for _ in range(turns):
        match.play(stop=lambda s: s.side_to_move is Side.ISIL or s.over)
        events: list[Event] = []
        while not state.over and state.side_to_move is Side.ISIL:
            events += match.step().events
        yield state, events


def _sides(state):
    """A unit id's side in this battle."""
    return lambda uid: state.units[uid].side if uid in state.units else None


def test_the_summary_counts_are_the_phase_events(ruleset):
    totals = Counter()
    for state, events in _isil_phases(ruleset, 8):
        side_of = _sides(state)
        report = phase_report(events, Side.COALITION, side_of)
        kinds = Counter(e.kind for e in events)
        own_destroyed = [
            e.unit for e in events if e.kind is EventKind.DESTROYED and e.side is Side.COALITION
        ]
        own_hits = [
            e for e in events if e.kind is EventKind.HIT and side_of(e.target) is Side.COALITION
        ]
        assert report.own_losses == own_destroyed
        assert report.own_hits == len(own_hits)
        assert report.own_damage == sum(e.damage for e in own_hits)
        assert report.enemy_losses == kinds[EventKind.DESTROYED] - len(own_destroyed)
        harmed = sum(e.count for e in events if e.kind is EventKind.CIVILIAN_CASUALTIES)
        assert sum(report.civilian_casualties.values()) == harmed
        assert report.car_bombs.get("detonated", 0) == kinds[EventKind.VBIED_DETONATED]
        assert report.drones.get("launched", 0) == kinds[EventKind.DRONE_LAUNCHED]
        totals.update(kinds)
        if not report.quiet:
            assert report.lines()[0].startswith(("Civilians", "Your losses"))
    assert totals[EventKind.MOVED] > 0  # the phases did something


def test_what_the_viewer_did_not_see_is_left_out_but_its_own_losses_are_not(ruleset):
    events = [
        Event(EventKind.DESTROYED, "a", unit="u1", side=Side.COALITION),
        Event(EventKind.DESTROYED, "b", unit="u9", side=Side.ISIL),
        Event(EventKind.VBIED_LAUNCHED, "c", unit="u8"),
        Event(EventKind.DRONE_LAUNCHED, "d", unit="u7"),
        Event(EventKind.CIVILIAN_CASUALTIES, "e", count=3, side=Side.ISIL),
    ]
    sides = {"u1": Side.COALITION, "u9": Side.ISIL, "u8": Side.ISIL, "u7": Side.ISIL}
    report = phase_report(events, Side.COALITION, sides.get, known=lambda e: e.unit == "u7")
    assert report.own_losses == ["u1"] and report.enemy_losses == 0
    assert report.drones == {"launched": 1} and report.car_bombs == {}
    assert report.civilian_casualties == {Side.ISIL: 3}
    assert report.lines()[0] == "Civilians killed or wounded: 3 (3 by isil)"
