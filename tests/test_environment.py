"""The environment phase end to end: smoke drift, spread, fade and sources; smoke that blinds;
civilians that flee the fighting and are evacuated; the simulate summary's counts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.commands import EndTurn, LaunchDrone, ThrowSmoke, execute
from game.core.values import Side, TilePos
from game.sim.line_of_sight import visibility_between
from game.sim.objectives import score
from game.sim.spotting import refresh_spotting
from tests.battle_builder import BattleBuilder

P = TilePos
C, IS = Side.COALITION, Side.ISIL


def end_turn(state, turns=1):
    """End both phases `turns` times; the events of all of them."""
    events = []
    for _ in range(turns):
        for side in (C, IS):
            verdict, more = execute(state, EndTurn(side))
            assert verdict, verdict
            events += more
    return events


def _centroid(field: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(field.shape)
    total = float(field.sum())
    return float((xs * field).sum()) / total, float((ys * field).sum()) / total


def test_grenade_smoke_drifts_downwind_and_fades_through_end_turn(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16] * 7, turn_limit=20)
    b.wind_direction, b.wind_strength = 270.0, 1.0  # from the west: smoke drifts east
    inf = b.unit("infantry", (1, 3))
    b.unit("isil_fighters", (15, 6))
    state = b.battle()
    assert execute(state, ThrowSmoke(inf, P(3, 3)))[0]
    assert state.smoke[3, 3] == pytest.approx(0.8) and state.smoke[2, 2] == pytest.approx(0.4)
    x0, y0 = _centroid(state.smoke)
    total0 = float(state.smoke.sum())
    end_turn(state)
    x1, y1 = _centroid(state.smoke)
    total1 = float(state.smoke.sum())
    assert x1 == pytest.approx(x0 + 1.0, abs=0.05) and y1 == pytest.approx(y0, abs=1e-4)
    assert total1 == pytest.approx(total0 * (1 - state.rules.smoke_fade), rel=1e-4)
    assert state.smoke[3, 4] > state.smoke[3, 2]  # downwind is thicker than upwind
    end_turn(state, 14)
    assert not state.smoke.any()  # faded away (or blown off the map)


def test_buildings_keep_smoke_out(ruleset):
    b = BattleBuilder(ruleset, ["======", "==####", "======"], turn_limit=20)
    b.wind_direction, b.wind_strength = 0.0, 1.0  # from the north: smoke drifts south
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (0, 2))
    state = b.battle()
    state.smoke[0, :] = 1.0
    end_turn(state)
    assert not state.smoke[1, 2:].any()  # the building row stays clear
    assert state.smoke[2, 0] > 0 and state.smoke[0, 3] > 0  # around it, and held above it


def test_tyre_fires_burn_only_between_their_turns(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12] * 5, turn_limit=20)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 4))
    b.event("tyre_fire", [(5, 2)], density=0.3, start_turn=2, end_turn=3)
    b.event("tyre_fire", [(9, 2)], density=0.2, start_turn=3)  # burns to the end
    state = b.battle()
    seen = []
    for _ in range(5):
        end_turn(state)
        seen.append((float(state.smoke[2, 5]), float(state.smoke[2, 9])))
    assert seen[0] == (0.0, 0.0)  # turn 1: neither burns yet
    assert seen[1][0] == pytest.approx(0.3) and seen[1][1] == 0.0  # turn 2
    assert seen[2][0] > seen[1][0] and seen[2][1] == pytest.approx(0.2)  # turn 3: both
    assert seen[3][0] < seen[2][0] < seen[2][0] + 0.3  # turn 4: the first is out, fading
    assert seen[4][0] < seen[3][0]
    assert seen[4][1] > seen[3][1] > seen[2][1]  # the second keeps burning, building up


def test_burning_wreck_smokes_for_its_turns(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12] * 3, turn_limit=20)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    state = b.battle()
    state.wrecks[P(6, 1)] = 2
    end_turn(state)
    assert state.smoke[1, 6] == pytest.approx(state.rules.wreck_smoke)
    end_turn(state)
    assert state.wrecks[P(6, 1)] == 0 and state.smoke[1, 6] > state.rules.wreck_smoke
    before = float(state.smoke[1, 6])
    end_turn(state)
    assert state.smoke[1, 6] < before  # burnt out: no more smoke


def test_three_tiles_of_thick_smoke_blind(ruleset):
    b = BattleBuilder(ruleset, ["=" * 10] * 3)
    inf = b.unit("infantry", (0, 1))
    foe = b.unit("isil_fighters", (7, 1))
    state = b.state()
    refresh_spotting(state, C)
    assert foe in state.spotted[C]  # in clear air the squad is seen
    state.smoke[1, 2:5] = 1.0  # three tiles of thick smoke between them
    vis = float(visibility_between(state.grid, state.smoke, P(0, 1), P(7, 1), 14))
    assert vis < 0.05
    refresh_spotting(state, C)
    refresh_spotting(state, IS)
    assert foe not in state.spotted[C] and inf not in state.spotted[IS]


def _village(ruleset, civilians=(12, 2), count=6):
    b = BattleBuilder(ruleset, ["=" * 24] * 5, turn_limit=30)
    b.event("civilians", [civilians], count=count)
    b.event("evacuation", [(23, 2)])
    return b


def test_civilians_shelter_until_fighting_comes_near_then_flee_and_are_evacuated(ruleset):
    b = _village(ruleset)
    inf = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (0, 4))
    state = b.battle()
    end_turn(state)
    assert state.civilians == {P(12, 2): 6}  # the fighting is 12 tiles away: they stay home
    state.units[inf].pos = P(6, 1)  # the fighting comes within the alarm radius
    events = end_turn(state)
    assert "civilians_moved" in [e.kind for e in events]
    ((pos, people),) = state.civilians.items()
    assert people == 6 and pos.x == 12 + state.rules.civilian_steps
    events = end_turn(state, 3)
    assert state.civilians == {} and state.evacuated == 6
    assert [e.count for e in events if e.kind == "evacuated"] == [6]
    assert score(state, C) == 6 * state.rules.score_evacuated_civilian
    assert state.counters["evacuated"] == 1


def test_a_blast_far_from_every_unit_sets_civilians_fleeing(ruleset):
    b = _village(ruleset)
    b.unit("infantry", (0, 0))
    team = b.unit("drone_team", (0, 2))
    state = b.battle()
    state.rules = replace(state.rules, drone_shoot_chance=0.0)  # the squad cannot stop it
    execute(state, EndTurn(C))
    assert execute(state, LaunchDrone(team, P(6, 2)))[0]
    assert P(6, 2) in state.fighting  # the blast tile, 6 tiles from the civilians
    execute(state, EndTurn(IS))
    assert state.fighting == set()
    ((pos, _),) = state.civilians.items()
    assert pos.x > 12 and state.fleeing == {pos}  # fled although every unit is 12 tiles away
    end_turn(state)
    assert next(iter(state.civilians)).x > pos.x  # once in flight they keep going to safety


def test_civilians_on_an_evacuation_tile_leave_and_count_in_the_score(ruleset):
    b = BattleBuilder(ruleset, ["=" * 30] * 3)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (0, 2))
    b.event("civilians", [(24, 1), (25, 1)], count=5)
    b.event("evacuation", [(25, 1)])
    state = b.battle()
    assert state.civilians == {P(24, 1): 3, P(25, 1): 2}
    end_turn(state)
    assert state.evacuated == 2 and state.civilians == {P(24, 1): 3}  # the others are calm
    state.civilian_casualties[C] = 1
    assert score(state, C) == 2 * 2 - 50


def test_simulate_summary_counts_car_bombs_drones_collapses_and_civilians(ruleset):
    from game.play.simulate import simulate, summary

    b = BattleBuilder(ruleset, ["=" * 16, "=" * 16, "====####========", "=" * 16], turn_limit=6)
    b.unit("infantry", (2, 1))
    b.unit("jammer", (1, 3))
    b.unit("drone_team", (12, 0))
    b.unit("vbied", (15, 3))
    b.event("civilians", [(8, 1)], count=4)
    b.event("evacuation", [(0, 0)])
    battle = simulate(b.scenario(), ruleset, seed=5)
    result = summary(battle, "built")
    counters = battle.state.counters
    assert result["vbied"] == {
        k: counters.get(f"vbied_{k}", 0)
        for k in ("launched", "spotted", "driver_killed", "destroyed", "detonated")
    }
    drones = result["drones"]
    assert set(drones) == {"launched", "jammed", "shot_down", "hit"}
    assert drones["launched"] == drones["jammed"] + drones["shot_down"] + drones["hit"]
    assert drones["launched"] == counters.get("drone_launched", 0)
    assert result["buildings_collapsed"] == counters.get("collapsed", 0)
    state = battle.state
    assert result["civilians"] == {
        "evacuated": state.evacuated,
        "casualties": sum(state.civilian_casualties.values()),
    }
    people = sum(state.civilians.values())
    assert people + state.evacuated + result["civilians"]["casualties"] == 4  # nobody lost track


def test_bench_environment_measures_on_a_full_city_battle():
    from game.bench.context import build_context
    from game.bench.environment import ENVIRONMENT_MEASUREMENTS, UNITS_PER_SIDE, bench_state

    ctx = build_context(repeats=1)
    state = bench_state(ctx)
    assert state.grid.height.shape == (128, 128)
    assert len(state.units_of(C)) == len(state.units_of(IS)) == UNITS_PER_SIDE
    assert state.smoke.any() and state.civilians and state.wrecks
    figures: dict[str, float] = {}
    for measure in ENVIRONMENT_MEASUREMENTS:
        figures.update(measure(ctx))
    assert set(figures) == {
        "move_range_ms",
        "tcod_dijkstra_ms",
        "move_range_vs_tcod",
        "smoke_step_ms",
        "environment_phase_ms",
    }
    assert all(v > 0 for v in figures.values())
