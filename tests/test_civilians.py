"""Civilians shelter until fighting comes near, then flee to evacuation points around danger."""

from __future__ import annotations

import numpy as np

from game.core.values import TilePos
from game.sim.civilians import CivilianRules, move_civilians

RULES = CivilianRules(alarm_radius=6, danger_radius=2, danger_cost=6.0, steps=3)


def _field(w=20, h=9):
    foot = np.ones((h, w), dtype=np.float32)
    evac = np.zeros((h, w), dtype=bool)
    evac[:, 0] = True  # the west edge is safety
    return foot, evac


def test_quiet_groups_stay_home():
    foot, evac = _field()
    fighting = np.zeros_like(evac)
    groups, out, _ = move_civilians({TilePos(15, 4): 10}, foot, evac, fighting, set(), RULES)
    assert groups == {TilePos(15, 4): 10} and out == 0


def test_alarmed_groups_flee_toward_evacuation_and_are_counted():
    foot, evac = _field()
    groups = {TilePos(16, 4): 10}
    evacuated = 0
    for _ in range(8):
        fighting = np.zeros_like(evac)
        for pos in groups:  # the fighting follows them two tiles behind
            fighting[pos.y, min(19, pos.x + 2)] = True
        before = next(iter(groups)).x if groups else 0
        groups, out, _ = move_civilians(groups, foot, evac, fighting, set(), RULES)
        evacuated += out
        assert all(p.x < before for p in groups)
    assert evacuated == 10 and groups == {}


def test_flight_goes_around_the_fighting():
    foot, evac = _field(w=12, h=9)
    fighting = np.zeros_like(evac)
    fighting[4, 4] = True  # fighting on the straight route west
    groups, _, _ = move_civilians({TilePos(7, 4): 5}, foot, evac, fighting, set(), RULES)
    (pos,) = groups
    assert pos.x < 7 and abs(pos.y - 4) >= 1  # stepped west, off the line through the fight


def test_groups_do_not_walk_through_units_or_walls():
    foot, evac = _field(w=8, h=3)
    foot[:, 3] = np.inf
    foot[1, 3] = 1.0  # one gap in a wall
    fighting = np.ones_like(evac)
    occupied = {TilePos(3, 1)}  # a unit stands in the gap
    groups, out, _ = move_civilians(
        {TilePos(5, 0): 3, TilePos(5, 2): 4}, foot, evac, fighting, occupied, RULES
    )
    assert out == 0 and all(p.x >= 4 for p in groups)
    assert sum(groups.values()) == 7


def test_a_fleeing_group_keeps_going_when_the_fighting_falls_behind():
    foot, evac = _field(w=24)
    fighting = np.zeros_like(evac)
    fighting[4, 21] = True  # five tiles east of the group: alarmed
    groups, out, fleeing = move_civilians({TilePos(16, 4): 10}, foot, evac, fighting, set(), RULES)
    assert groups == {TilePos(13, 4): 10} and fleeing == {TilePos(13, 4)}
    quiet = np.zeros_like(evac)
    calm, _, still = move_civilians(groups, foot, evac, quiet, set(), RULES)
    assert calm == groups and still == set()  # not told they were fleeing: they stay
    groups, out, fleeing = move_civilians(groups, foot, evac, quiet, set(), RULES, fleeing)
    assert groups == {TilePos(10, 4): 10} and fleeing == {TilePos(10, 4)} and out == 0
    for _ in range(4):
        groups, out, fleeing = move_civilians(groups, foot, evac, quiet, set(), RULES, fleeing)
    assert groups == {} and out == 10 and fleeing == set()
