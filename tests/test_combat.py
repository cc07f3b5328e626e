"""Hit chance against hand-computed cases, damage against armour, wrecks, blasts."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from game.core.values import TilePos
from game.sim.combat import blast, damage_against, hit_chance
from game.sim.events import Event
from tests.battle_builder import BattleBuilder

SMOKE_K = 1.2  # sight.toml smoke_obscuration


def _duel(ruleset, rows, shooter=("infantry", (0, 0)), target=("isil_fighters", (3, 0))):
    b = BattleBuilder(ruleset, rows)
    sid = b.unit(shooter[0], shooter[1])
    tid = b.unit(target[0], target[1])
    return b.battle(), sid, tid


def _rifle(state, uid):
    return state.unit_type(uid).weapons[0]


def test_open_ground_range_bands(ruleset):
    state, sid, _ = _duel(ruleset, ["=" * 10])
    rifle = _rifle(state, sid)  # accuracy 0.60, range 8: bands up to 2.72, 5.36, 8 tiles
    assert hit_chance(state, sid, rifle, TilePos(2, 0)).chance == pytest.approx(0.60)
    assert hit_chance(state, sid, rifle, TilePos(3, 0)).chance == pytest.approx(0.60 * 0.85)
    assert hit_chance(state, sid, rifle, TilePos(8, 0)).chance == pytest.approx(0.60 * 0.65)
    assert hit_chance(state, sid, rifle, TilePos(9, 0)).chance == 0.0


def test_cover_visibility_and_moved(ruleset):
    # target on rubble: cover 0.3, and half of the rubble tile's 0.3 obscuration on the line
    state, sid, _ = _duel(ruleset, ["==:==="], target=("isil_fighters", (2, 0)))
    rifle = _rifle(state, sid)
    odds = hit_chance(state, sid, rifle, TilePos(2, 0))
    assert odds.cover == pytest.approx(0.3)
    assert odds.visibility == pytest.approx(math.exp(-0.15), rel=1e-5)
    assert odds.chance == pytest.approx(0.60 * 1.0 * 0.7 * math.exp(-0.15), rel=1e-5)
    state.units[sid].moved_this_phase = True
    assert hit_chance(state, sid, rifle, TilePos(2, 0)).chance == pytest.approx(
        0.60 * 0.7 * math.exp(-0.15) * 0.8, rel=1e-5
    )


def test_height_advantage_from_a_roof(ruleset):
    state, sid, _ = _duel(ruleset, ["#=====", "======"], target=("isil_fighters", (2, 1)))
    odds = hit_chance(state, sid, _rifle(state, sid), TilePos(2, 1))
    assert odds.height_factor == pytest.approx(1.15)
    assert odds.chance == pytest.approx(0.60 * 1.15)


def test_smoke_on_target(ruleset):
    state, sid, _ = _duel(ruleset, ["=" * 6], target=("isil_fighters", (2, 0)))
    state.smoke[0, 2] = 0.5
    odds = hit_chance(state, sid, _rifle(state, sid), TilePos(2, 0))
    visibility = math.exp(-0.5 * 0.5 * SMOKE_K)  # half the target tile's smoke on the line
    assert odds.visibility == pytest.approx(visibility, rel=1e-5)
    assert odds.smoke_factor == pytest.approx(1 - 0.5 * 0.5)
    assert odds.chance == pytest.approx(0.60 * visibility * 0.75, rel=1e-5)


def test_clamped_between_min_and_max(ruleset):
    state, sid, _ = _duel(ruleset, ["=" * 6], target=("isil_fighters", (1, 0)))
    rifle = _rifle(state, sid)
    state.rules = replace(state.rules, max_chance=0.5)
    assert hit_chance(state, sid, rifle, TilePos(1, 0)).chance == 0.5
    state.rules = replace(state.rules, min_chance=0.7, max_chance=0.95)
    assert hit_chance(state, sid, rifle, TilePos(1, 0)).chance == 0.7


def test_wall_blocks_the_shot(ruleset):
    state, sid, _ = _duel(ruleset, ["==#==="], target=("isil_fighters", (4, 0)))
    odds = hit_chance(state, sid, _rifle(state, sid), TilePos(4, 0))
    assert odds.visibility == 0 and odds.chance == 0


def test_damage_against_armour(ruleset):
    rules = BattleBuilder(ruleset, ["="]).battle().rules
    w, u = ruleset.weapons, ruleset.units
    assert damage_against(rules, w["rifle"], u["isil_fighters"]) == 4
    assert damage_against(rules, w["rifle"], u["humvee"]) == 1  # 4 - 4, at least 1
    assert damage_against(rules, w["hmg"], u["humvee"]) == 3
    assert damage_against(rules, w["atgm"], u["humvee"]) == 26  # armour 4 x 0.2 -> 0
    assert damage_against(rules, w["rpg"], u["bulldozer"]) == 17  # armour 6 x 0.2 -> 1


def _shoot_until(state, sid, target, kinds):
    from game.commands import Fire, execute

    seen: list[Event] = []
    for _ in range(50):
        state.units[sid].ap = 10
        verdict, events = execute(state, Fire(sid, target))
        assert verdict, verdict
        seen += events
        if any(e.kind in kinds for e in events):
            return seen
    raise AssertionError("never happened")


def test_destroyed_vehicle_leaves_a_wreck(ruleset):
    state, sid, tid = _duel(ruleset, ["=" * 8], shooter=("atgm", (0, 0)), target=("vbied", (4, 0)))
    events = _shoot_until(state, sid, TilePos(4, 0), {"destroyed"})
    assert not state.units[tid].alive and state.losses[state.units[tid].side] == 1
    assert TilePos(4, 0) in state.wrecks
    kinds = [e.kind for e in events]  # a car bomb's payload goes off where it is destroyed
    assert kinds[kinds.index("destroyed") :][:4] == [
        "destroyed",
        "wreck",
        "vbied_destroyed",
        "blast",
    ]
    assert kinds[-1] == "battle_over"
    assert state.winner == "coalition" and state.end_reason == "isil has no units left"
    assert state.unit_at(TilePos(4, 0)) is None


def test_blast_damages_units_buildings_and_civilians(ruleset):
    b = BattleBuilder(ruleset, ["=======", "===#===", "======="])
    near = b.unit("infantry", (2, 1))
    far = b.unit("infantry", (6, 0))
    b.event("civilians", (4, 1), count=3)
    state = b.battle()
    events = blast(state, TilePos(3, 2), 3, 25, state.units[near].side.enemy, "test", 30)
    # (2, 1) is sqrt(2) from the centre: 25 x (1 - 0.6 x sqrt(2)/3) = 17.9 -> 18 >= 12 HP
    assert not state.units[near].alive
    assert state.units[far].alive and state.units[far].hp == 12
    assert state.civilian_casualties[state.units[near].side.enemy] == 3
    assert state.grid.building_hp[1, 3] == 40 - round(30 * (1 - 0.6 / 3))
    assert "civilian_casualties" in [e.kind for e in events]
