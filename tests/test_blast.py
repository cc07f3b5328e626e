"""Blasts: walls shield, buildings collapse into rubble (on the units inside), smoke, civilian
casualties, area weapons near civilians, car bombs set off by other blasts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.commands import EndTurn, Fire, Move, execute
from game.core.values import Side, TilePos
from game.sim.combat import area_fire_victims, blast, shielding
from game.sim.vbied import route_field
from tests.battle_builder import BattleBuilder, gid_of

P = TilePos


def _kinds(events):
    return [e.kind for e in events]


def test_a_wall_takes_half_the_blast_and_two_walls_all_of_it(ruleset):
    b = BattleBuilder(ruleset, ["==w=", "====", "====", "=ww="])
    behind = b.unit("infantry", (3, 0))
    open_ = b.unit("infantry", (0, 3))
    b.event("civilians", (3, 3), count=5)
    state = b.state()
    assert shielding(state, P(0, 0), P(3, 0)) == pytest.approx(0.5)
    assert shielding(state, P(0, 0), P(0, 3)) == 1.0
    events = blast(state, P(0, 0), 3, 25, Side.ISIL, "test")
    # 3 tiles away: 25 x 0.4 = 10; behind one wall: half of it
    assert state.units[open_].hp == 12 - 10
    assert state.units[behind].hp == 12 - 5
    # (3, 3) is 4.2 tiles away: out of the radius
    assert state.civilians[P(3, 3)] == 5 and "civilian_casualties" not in _kinds(events)
    state2 = BattleBuilder(ruleset, ["=ww=", "===="]).state()
    assert shielding(state2, P(0, 0), P(3, 0)) == 0.0


def test_fully_shielded_civilians_and_buildings_are_spared(ruleset):
    b = BattleBuilder(ruleset, ["=ww=", "===="])
    b.event("civilians", (3, 0), count=3)
    b.event("civilians", (2, 1), count=2)
    state = b.state()
    blast(state, P(0, 0), 3, 25, Side.ISIL, "test", building_damage=30)
    assert state.civilians == {P(3, 0): 3}  # behind two walls
    assert state.civilian_casualties[Side.ISIL] == 2


def test_a_blast_collapses_a_building_on_the_unit_inside_and_the_rubble_blocks_vehicles(
    ruleset,
):
    b = BattleBuilder(ruleset, ["=====", "==#==", "====="])
    inside = b.unit("infantry", (2, 1))
    car = b.unit("humvee", (0, 1))
    dozer = b.unit("bulldozer", (4, 1))
    state = b.battle()
    assert not Move(dozer, P(2, 1)).validate(state)  # tracked: no way into a building
    events = blast(state, P(2, 2), 3, 2, Side.ISIL, "test", building_damage=60)
    collapsed = [e for e in events if e.kind == "collapsed"]
    assert [e.pos for e in collapsed] == [(2, 1)]
    assert state.grid.gid[1, 2] == gid_of(ruleset, "heavy_rubble")
    assert state.terrain_name(P(2, 1)) == "heavy_rubble"
    # blast 2 x 0.8 -> 2 HP, then the collapse: 8 - armour 0
    assert state.units[inside].hp == 12 - 2 - 8
    assert any(e.kind == "hit" and e.collapse for e in events)
    state.units[inside].pos = P(2, 0)  # the squad crawls out
    assert not Move(car, P(2, 1)).validate(state)  # heavy rubble: no wheels
    assert route_field(state, [P(2, 0)])[1, 0] < float("inf")  # round it, on the road
    assert Move(dozer, P(2, 1)).validate(state)  # tracks now climb the rubble


def test_a_collapse_counts_civilians_inside_against_the_side_that_caused_it(ruleset):
    b = BattleBuilder(ruleset, ["=====", "==#==", "====="])
    b.event("civilians", (2, 1), count=6)
    state = b.state()
    blast(state, P(2, 2), 3, 25, Side.COALITION, "test", building_damage=60)
    assert state.civilian_casualties[Side.COALITION] == 6


def test_blast_smoke_stays_within_its_radius_and_is_capped(ruleset):
    state = BattleBuilder(ruleset, ["=" * 9] * 9).state()
    blast(state, P(4, 4), 3, 25, Side.ISIL, "test", smoke=0.9)
    assert state.smoke[4, 4] == pytest.approx(0.9) and state.smoke[4, 6] == pytest.approx(0.9)
    assert state.smoke[4, 7] == 0.0
    blast(state, P(4, 4), 3, 25, Side.ISIL, "test", smoke=0.9)
    assert state.smoke.max() == pytest.approx(1.0)


def test_an_area_weapon_hurts_civilians_next_to_its_target(ruleset):
    b = BattleBuilder(ruleset, ["=" * 8, "=" * 8])
    target = b.unit("infantry", (4, 0))
    rpg = b.unit("rpg_team", (0, 0))
    b.event("civilians", (5, 0), count=7)
    b.event("civilians", (6, 1), count=3)  # sqrt(5) from the target: outside radius 1
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    state.rules = replace(state.rules, min_chance=0.0, max_chance=0.0)  # a certain miss
    assert area_fire_victims(state, state.unit_type(rpg).weapons[0], P(4, 0)) == {P(5, 0): 2}
    verdict, events = execute(state, Fire(rpg, P(4, 0), "rpg"))
    assert verdict and "missed" in _kinds(events)
    assert state.civilian_casualties[Side.ISIL] == 2
    assert state.civilians[P(5, 0)] == 5 and state.civilians[P(6, 1)] == 3
    assert state.units[target].hp == 12


def test_a_blast_sets_off_a_car_bomb_it_destroys(ruleset):
    b = BattleBuilder(ruleset, ["=" * 10])
    bomb = b.unit("vbied", (3, 0))
    far = b.unit("infantry", (6, 0))
    state = b.state()
    state.units[bomb].hp = 5
    events = blast(state, P(1, 0), 2, 25, Side.COALITION, "test")
    kinds = _kinds(events)
    assert "vbied_destroyed" in kinds and kinds.count("blast") == 2
    # the payload at (3, 0) reaches (6, 0): 25 x 0.4 = 10 HP
    assert state.units[far].hp == 12 - 10
    assert state.civilian_casualties == {Side.COALITION: 0, Side.ISIL: 0}
