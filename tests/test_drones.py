"""Explosive drones: a straight flight over walls, roofs that protect, jammers and riflemen that
bring drones down, the tiles a flight reveals to ISIL, and the counters."""

from __future__ import annotations

from dataclasses import replace

from game.commands import EndTurn, LaunchDrone, execute
from game.core.values import Side, TilePos
from game.sim.drones import flight_path, seen_from_above
from game.sim.spotting import side_sees
from tests.battle_builder import BattleBuilder

P = TilePos
C, IS = Side.COALITION, Side.ISIL


def _isil_phase(b: BattleBuilder, seed: int = 1, **rules: float):
    state = b.battle(seed)
    state.rules = replace(state.rules, **rules)
    assert execute(state, EndTurn(C))[0]
    return state


def kinds(events) -> list[str]:
    return [e.kind for e in events]


def test_flight_path_is_a_straight_line_to_the_target():
    assert flight_path(P(0, 0), P(4, 2)) == [P(1, 0), P(2, 1), P(3, 1), P(4, 2)]
    assert flight_path(P(3, 3), P(3, 3)) == []


def test_a_jammer_downs_a_drone_inside_its_radius(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16] * 7)
    team = b.unit("drone_team", (0, 3))
    target = b.unit("infantry", (12, 3))
    jammer = b.unit("jammer", (13, 0), name="EW team")  # jam radius 5 reaches the flight
    state = _isil_phase(b, drone_jam_chance=1.0, drone_shoot_chance=0.0)
    verdict, events = execute(state, LaunchDrone(team, P(12, 3)))
    assert verdict and kinds(events)[:2] == ["drone_launched", "drone_jammed"]
    jammed = events[1]
    assert jammed.unit == jammer
    assert 9 <= jammed.pos.x < 12  # downed where it first came within 5 tiles
    assert "blast" not in kinds(events) and state.units[target].hp == 12
    assert state.counters["drone_launched"] == 1 and state.counters["drone_jammed"] == 1
    assert "drone_hit" not in state.counters
    assert state.units[team].actions["launch_drone"] == 2  # the drone is spent all the same


def test_a_drone_out_of_the_jammers_radius_gets_through(ruleset):
    b = BattleBuilder(ruleset, ["=" * 30] * 3)
    team = b.unit("drone_team", (0, 1))
    target = b.unit("infantry", (10, 1))
    b.unit("jammer", (29, 1))  # far away
    state = _isil_phase(b, drone_jam_chance=1.0, drone_shoot_chance=0.0)
    _, events = execute(state, LaunchDrone(team, P(10, 1)))
    assert "drone_jammed" not in kinds(events) and "drone_hit" in kinds(events)
    assert state.units[target].hp == 12 - state.rules.drone_damage


def test_jammers_bring_down_most_drones(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16] * 7)
    team = b.unit("drone_team", (0, 3))
    b.unit("infantry", (12, 3))
    b.unit("jammer", (13, 0))
    jammed = 0
    for seed in range(60):
        state = _isil_phase(b, seed=seed, drone_shoot_chance=0.0)
        _, events = execute(state, LaunchDrone(team, P(12, 3)))
        jammed += "drone_jammed" in kinds(events)
    assert 40 <= jammed <= 59  # jam_chance 0.85 of 60 is 51


def test_units_with_open_sky_shoot_drones_down_but_not_from_under_a_roof(ruleset):
    b = BattleBuilder(ruleset, ["=" * 14, "======#=======", "=" * 14])
    team = b.unit("drone_team", (0, 0))
    inside = b.unit("infantry", (6, 1))  # under a roof next to the flight: does not shoot
    state = _isil_phase(b, drone_shoot_chance=1.0)
    _, events = execute(state, LaunchDrone(team, P(12, 0)))
    assert "drone_shot_down" not in kinds(events) and "drone_hit" in kinds(events)
    state = _isil_phase(b, drone_shoot_chance=1.0)
    state.units[inside].pos = P(6, 2)  # in the open, 2 tiles from the path
    _, events = execute(state, LaunchDrone(team, P(12, 0)))
    shot = [e for e in events if e.kind == "drone_shot_down"]
    assert len(shot) == 1 and shot[0].unit == inside
    assert shot[0].pos == (4, 0)  # the first tile within 3 tiles of the rifleman


def test_a_drone_flies_over_a_wall_and_hits_units_in_the_open_but_not_under_a_roof(ruleset):
    b = BattleBuilder(
        ruleset,
        [
            "===w=======",
            "===w===#===",
            "===w=======",
        ],
    )
    team = b.unit("drone_team", (0, 1))
    open_ = b.unit("infantry", (6, 1))
    roofed = b.unit("infantry", (7, 1))
    state = _isil_phase(b, drone_shoot_chance=0.0)
    verdict, events = execute(state, LaunchDrone(team, P(6, 1)))
    assert verdict and "drone_hit" in kinds(events) and P(3, 1) in flight_path(P(0, 1), P(6, 1))
    assert state.units[open_].hp == 12 - state.rules.drone_damage
    assert state.units[roofed].hp == 12  # inside the building next door: the roof protects
    assert state.counters["drone_hit"] == 1


def test_the_flight_reveals_its_path_to_isil_for_the_turn(ruleset):
    b = BattleBuilder(ruleset, ["=========#==========="] * 5)
    team = b.unit("drone_team", (2, 2))
    hidden = b.unit("infantry", (13, 3))  # behind the building row, next to the path
    roofed = b.unit("infantry", (9, 1))  # inside the building the drone flies over
    aside = b.unit("infantry", (14, 0))  # two rows off the path: not revealed
    state = _isil_phase(b, drone_shoot_chance=0.0)
    assert hidden not in state.spotted[IS] and aside not in state.spotted[IS]
    verdict, events = execute(state, LaunchDrone(team, P(14, 2)))
    assert verdict
    assert P(13, 3) in state.revealed[IS] and P(14, 0) not in state.revealed[IS]
    assert seen_from_above(state, IS, state.units[hidden])
    assert not seen_from_above(state, IS, state.units[roofed])  # under a roof
    assert hidden in state.spotted[IS] and aside not in state.spotted[IS]
    spotted = [e.unit for e in events if e.kind == "spotted"]
    assert hidden in spotted
    assert side_sees(state, IS, state.units[hidden])
    execute(state, EndTurn(IS))  # the environment phase forgets the drone's sightings
    assert state.revealed[IS] == set() and hidden not in state.spotted[IS]
