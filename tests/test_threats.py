"""The move preview's reaction-fire warnings (sim/threats): tiles watched by the enemy's known
overwatch and known snipers, from what the viewer knows only."""

from __future__ import annotations

from game.battle.units import Sector
from game.core.values import Side, TilePos
from game.sim.line_of_sight import visibility_between
from game.sim.threats import OVERWATCH, SNIPER, known_threats, watched_tiles
from tests.battle_builder import BattleBuilder

P = TilePos
# a house stands between the fighters at (2, 3) and (8, 3); a row of houses hides the south
# lane (y = 7) and the sniper on it from the coalition's infantry
ROWS = [
    "..............",
    "..............",
    ".....##.......",
    ".....##.......",
    "..............",
    "..............",
    "##############",
    "..............",
]


def _battle(ruleset):
    b = BattleBuilder(ruleset, ROWS)
    b.unit("infantry", (1, 5))
    fighters = b.unit("isil_fighters", (2, 3))
    sniper = b.unit("isil_sniper", (12, 7))
    state = b.battle()
    state.units[fighters].overwatch_ap = 10
    return state, fighters, sniper


def test_a_seen_enemy_on_overwatch_watches_the_open_tile_in_range_not_the_one_behind_a_house(
    ruleset,
):
    state, fighters, _ = _battle(ruleset)
    seen = state.spotted[Side.COALITION]
    assert fighters in seen
    threats = known_threats(state, Side.COALITION, seen, {})
    assert [(t.unit_id, t.kind) for t in threats] == [(fighters, OVERWATCH)]
    behind = P(8, 3)  # 6 tiles away, inside the rifle's 8, but the house is in the way
    assert visibility_between(state.grid, state.smoke, P(2, 3), behind, 13) == 0.0
    far = P(13, 4)  # in the open, but beyond the rifle's range
    watched = watched_tiles(state, threats, [P(3, 4), behind, P(9, 4), far])
    assert set(watched) == {P(3, 4), P(9, 4)}
    assert watched[P(3, 4)][0].unit_id == fighters


def test_an_enemy_not_on_overwatch_and_no_sniper_is_no_threat(ruleset):
    state, fighters, _ = _battle(ruleset)
    state.units[fighters].overwatch_ap = 0
    assert known_threats(state, Side.COALITION, state.spotted[Side.COALITION], {}) == []


def test_an_overwatch_sector_limits_the_watched_tiles(ruleset):
    state, fighters, _ = _battle(ruleset)
    state.units[fighters].sector = Sector(P(2, 0), 60)  # watching north only
    threats = known_threats(state, Side.COALITION, state.spotted[Side.COALITION], {})
    assert set(watched_tiles(state, threats, [P(3, 4), P(2, 1)])) == {P(2, 1)}


def test_an_unseen_sniper_is_ignored_a_remembered_one_counts_where_it_was_seen(ruleset):
    state, _, sniper = _battle(ruleset)
    lane = P(5, 7)  # the hidden sniper covers it in truth
    seen = state.spotted[Side.COALITION]
    assert sniper not in seen  # the houses hide it from the infantry
    assert lane not in watched_tiles(state, known_threats(state, Side.COALITION, seen, {}), [lane])
    everything = known_threats(state, Side.COALITION, seen | {sniper}, {})
    assert lane in watched_tiles(state, everything, [lane])  # what fog-fairness leaves out
    remembered = known_threats(state, Side.COALITION, seen, {sniper: P(12, 7)})
    assert (remembered[-1].unit_id, remembered[-1].kind) == (sniper, SNIPER)
    assert lane in watched_tiles(state, remembered, [lane])
    elsewhere = known_threats(state, Side.COALITION, seen, {sniper: P(13, 0)})
    assert lane not in watched_tiles(state, elsewhere, [lane])  # its last-known place counts


def test_a_remembered_enemy_that_is_no_sniper_is_no_threat(ruleset):
    state, fighters, _ = _battle(ruleset)
    assert known_threats(state, Side.COALITION, set(), {fighters: P(2, 3)}) == []
