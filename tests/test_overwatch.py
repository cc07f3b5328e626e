"""Overwatch reaction fire: the penalty, who fires first, one shot per step, stopping movers."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from game.battle.state import BattleState
from game.battle.units import Sector
from game.commands import EndTurn, Move, Overwatch, StandDown, command_from_dict, execute
from game.core.values import Side, TilePos
from game.sim.combat import hit_chance
from game.sim.overwatch import reaction_order, watch_coverage
from tests.battle_builder import BattleBuilder

P = TilePos


def _certain(state):
    """Every possible shot hits (chances clamped to exactly 1)."""
    state.rules = replace(state.rules, min_chance=1.0, max_chance=1.0)
    return state


def _watching(state, *unit_ids):
    """Put the coalition units on overwatch and hand the turn to ISIL."""
    for uid in unit_ids:
        verdict, _ = execute(state, Overwatch(uid))
        assert verdict, verdict
    execute(state, EndTurn(Side.COALITION))
    return state


def _kinds(events):
    return [e.kind for e in events]


def test_reaction_fire_takes_the_overwatch_factor_not_the_moved_factor(ruleset):
    b = BattleBuilder(ruleset, ["=" * 8])
    inf = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (3, 0))
    state = b.battle()
    rifle = state.unit_type(inf).weapons[0]
    state.units[inf].moved_this_phase = True
    normal = hit_chance(state, inf, rifle, P(3, 0))
    reaction = hit_chance(state, inf, rifle, P(3, 0), reaction=True)
    assert normal.chance == pytest.approx(0.60 * 0.85 * 0.8)
    assert reaction.chance == pytest.approx(0.60 * 0.85 * 0.7)
    assert reaction.reaction_factor == pytest.approx(0.7) and reaction.moved_factor == 1.0
    assert "reaction fire: x0.7" in reaction.breakdown()


def test_overwatch_fires_on_a_mover_and_a_hit_stops_it(ruleset):
    b = BattleBuilder(ruleset, ["=" * 14])
    inf = b.unit("infantry", (0, 0))
    foe = b.unit("isil_fighters", (12, 0))
    state = _watching(_certain(b.battle()), inf)
    assert state.units[inf].overwatch_ap == 10
    verdict, events = execute(state, Move(foe, P(3, 0)))
    assert verdict
    # the rifle reaches 8 tiles: the first step in range is (8, 0), where the hit stops it
    assert state.units[foe].pos == P(8, 0)
    moved = events[0]
    assert moved.kind == "moved" and moved.interrupted
    assert _kinds(events)[1:] == ["reaction_fire", "fired", "hit"]
    assert events[2].reaction is True
    assert state.units[foe].hp == 10 - 4
    assert state.units[inf].overwatch_ap == 10 - 3  # paid from the reserve
    assert state.units[foe].ap == 10 - 4  # the steps not taken are kept


def test_a_reaction_kill_ends_the_move(ruleset):
    b = BattleBuilder(ruleset, ["=" * 14])
    inf = b.unit("infantry", (0, 0))
    foe = b.unit("isil_fighters", (12, 0))
    state = _watching(_certain(b.battle()), inf)
    state.units[foe].hp = 3
    verdict, events = execute(state, Move(foe, P(3, 0)))
    assert verdict and not state.units[foe].alive
    assert "destroyed" in _kinds(events) and state.units[foe].pos == P(8, 0)


def test_one_reaction_per_step_per_shooter_while_the_reserve_lasts(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12, "=" * 12])
    car = b.unit("humvee", (0, 1))
    watcher = b.unit("isil_fighters", (6, 0))
    state = _certain(b.battle())
    state.units[watcher].overwatch_ap = 10  # as if it had gone on overwatch in its phase
    verdict, events = execute(state, Move(car, P(5, 1)))
    assert verdict and state.units[car].pos == P(5, 1)  # a vehicle drives on after hits
    shots = [e for e in events if e.kind == "reaction_fire"]
    assert len(shots) == 3  # 10 AP reserve, 3 AP a rifle shot
    assert len({e.pos for e in shots}) == 3  # on three different steps
    assert state.units[watcher].overwatch_ap == 1
    assert state.units[car].hp == 16 - 3 * 1  # rifle 4 - armour 4 -> 1 a hit


def test_snipers_react_first_to_vehicles_and_stop_a_car_bomb(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20, "=" * 20])
    atgm = b.unit("atgm", (0, 0))
    sniper = b.unit("sniper", (0, 1))
    bomb = b.unit("vbied", (19, 1))
    state = _watching(_certain(b.battle()), atgm, sniper)
    assert [u.id for u in reaction_order(state, state.units[bomb])] == [sniper, atgm]
    verdict, events = execute(state, Move(bomb, P(9, 1)))
    assert verdict
    shooters = [e.unit for e in events if e.kind == "reaction_fire"]
    assert shooters == [sniper]  # the driver is dead: nothing left to react to
    unit = state.units[bomb]
    assert unit.alive and unit.driver_killed and unit.pos != P(9, 1)
    assert "blast" not in _kinds(events) and "vbied_driver_killed" in _kinds(events)


def test_against_foot_units_the_order_is_by_id(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20, "=" * 20])
    atgm = b.unit("atgm", (0, 0))
    sniper = b.unit("sniper", (0, 1))
    foe = b.unit("isil_fighters", (19, 1))
    state = _watching(b.battle(), atgm, sniper)
    assert [u.id for u in reaction_order(state, state.units[foe])] == [atgm, sniper]


def test_anti_armour_rounds_are_kept_for_vehicles_and_civilians_are_spared(ruleset):
    b = BattleBuilder(ruleset, ["=" * 14])
    atgm = b.unit("atgm", (0, 0))
    foe = b.unit("isil_fighters", (12, 0))
    b.event("civilians", (8, 0), count=2)
    state = _watching(_certain(b.battle()), atgm)
    verdict, events = execute(state, Move(foe, P(6, 0)))
    assert verdict
    fired = [e for e in events if e.kind == "fired"]
    # no shot at (8, 0) with civilians on it; the next step is hit with the rifle
    assert [e.pos for e in fired] == [(7, 0)]
    assert fired[0].weapon == "rifle" and state.units[atgm].ammo["atgm"] == 3
    assert state.civilian_casualties[Side.COALITION] == 0


def _watch_with(state, uid, sector):
    verdict, _ = execute(state, Overwatch(uid, sector))
    assert verdict, verdict
    execute(state, EndTurn(Side.COALITION))
    return state


def test_a_sector_holds_fire_outside_it_and_fires_inside_it(ruleset):
    # a rifle squad on a crossroads watches the road to the east; a fighter crosses north
    rows = ["....=....", "....=....", "=========", "....=....", "....=...."]
    b = BattleBuilder(ruleset, rows)
    inf = b.unit("infantry", (4, 2))
    north = b.unit("isil_fighters", (4, 0))
    east = b.unit("isil_fighters", (8, 2))
    state = _certain(b.battle())
    east_road = Sector(P(8, 2), 60)
    assert east_road.covers(P(4, 2), P(6, 2)) and not east_road.covers(P(4, 2), P(4, 1))
    state = _watch_with(state, inf, east_road)
    verdict, events = execute(state, Move(north, P(3, 1)))
    assert verdict and "reaction_fire" not in _kinds(events)  # outside the sector: no shot
    assert state.units[inf].overwatch_ap == 10
    verdict, events = execute(state, Move(east, P(7, 2)))
    assert verdict and _kinds(events)[1:3] == ["reaction_fire", "fired"]


def test_without_a_sector_the_same_unit_fires_at_the_first_mover(ruleset):
    rows = ["....=....", "....=....", "=========", "....=....", "....=...."]
    b = BattleBuilder(ruleset, rows)
    inf = b.unit("infantry", (4, 2))
    north = b.unit("isil_fighters", (4, 0))
    b.unit("isil_fighters", (8, 2))
    state = _watching(_certain(b.battle()), inf)
    verdict, events = execute(state, Move(north, P(3, 1)))
    assert verdict and "reaction_fire" in _kinds(events)


def test_overwatch_that_could_never_fire_is_refused_with_the_reason(ruleset):
    b = BattleBuilder(ruleset, ["=" * 8])
    sniper = b.unit("sniper", (0, 0))
    b.unit("isil_fighters", (7, 0))
    state = b.battle()
    state.units[sniper].ap = 3  # the overwatch minimum, one short of a rifle shot
    verdict, _ = execute(state, Overwatch(sniper))
    assert verdict.reason == (
        "overwatch could never fire: a shot of the Precision rifle needs 4 AP, Sniper team has 3"
    )
    bad = Overwatch(sniper, Sector(P(0, 0), 60))
    state.units[sniper].ap = 8
    assert bad.validate(state).reason.startswith("a sector must point away from the unit")


def test_a_unit_placed_on_overwatch_can_stand_down_and_move(ruleset):
    b = BattleBuilder(ruleset, ["=" * 8])
    inf = b.unit("infantry", (0, 0), overwatch=True)
    b.unit("isil_fighters", (7, 0))
    state = b.battle()
    assert state.units[inf].overwatch_ap == 10 and state.units[inf].ap == 0
    assert Move(inf, P(2, 0)).validate(state).reason.startswith("not enough AP")
    verdict, events = execute(state, StandDown(inf))
    assert verdict and _kinds(events) == ["stood_down"]
    assert state.units[inf].ap == 10 and state.units[inf].overwatch_ap == 0
    assert execute(state, Move(inf, P(2, 0)))[0]


def test_a_sector_survives_the_command_log_and_a_save(ruleset):
    order = Overwatch("u1", Sector(P(8, 2), 45.0))
    assert command_from_dict(json.loads(json.dumps(order.to_dict()))) == order
    assert Overwatch("u1").to_dict() == {"kind": "overwatch", "unit_id": "u1"}
    b = BattleBuilder(ruleset, ["=" * 9])
    inf = b.unit("infantry", (4, 0))
    b.unit("isil_fighters", (8, 0))
    setup = b.scenario()
    state = b.battle()
    execute(state, Overwatch(inf, Sector(P(8, 0), 45.0)))
    again = BattleState.from_dict(json.loads(json.dumps(state.to_dict())), setup, ruleset)
    assert again.units[inf].sector == Sector(P(8, 0), 45.0)
    assert again.state_hash() == state.state_hash()


def test_the_early_warning_shows_what_the_screen_watches_and_its_gaps(ruleset):
    rows = [
        "=================",
        "..###............",
        "..###............",
    ]
    b = BattleBuilder(ruleset, rows)
    sniper = b.unit("sniper", (0, 1))
    inf = b.unit("infantry", (16, 2))
    b.unit("isil_fighters", (16, 0))
    state = b.battle()
    assert watch_coverage(state, Side.COALITION).watchers == 0
    execute(state, Overwatch(sniper, Sector(P(16, 0), 40)))
    execute(state, Overwatch(inf, Sector(P(8, 1), 30)))
    cover = watch_coverage(state, Side.COALITION)
    assert cover.watchers == 2
    assert cover.spots_vehicle[0, 8]  # the road ahead of the sniper: a car bomb is seen
    assert not cover.spots_vehicle[2, 1]  # behind the sniper: outside its sector
    assert cover.visibility[2, 6] == 0  # in the building's lee, off both sectors
    # the infantry's sector looks west along row 1, its rifle reaches 8 tiles
    assert cover.visibility[1, 10] > 0 and cover.visibility[1, 5] == 0


def test_a_sector_spanning_a_road_stretch_covers_both_ends():
    origin = P(10, 10)
    for a, b in [
        (P(15, 2), P(18, 6)),
        (P(2, 4), P(16, 4)),
        (P(12, 10), P(12, 10)),
        (P(3, 10), P(17, 10)),
    ]:
        sector = Sector.spanning(origin, a, b)
        assert sector.covers(origin, a) and sector.covers(origin, b)
        assert 30 <= sector.width <= 360
    narrow = Sector.spanning(origin, P(15, 2), P(18, 6))
    assert narrow.width < 90 and not narrow.covers(origin, P(2, 10))
    tiles = narrow.tiles(origin, 30, 30)
    assert P(15, 2) in tiles and origin not in tiles
