"""Golden state hashes: AI-against-AI battles on every shipped map end exactly as recorded.

A change that moves one of these hashes changed a rule, the AI or a map: its commit says
which and why, and updates the table.
"""

from __future__ import annotations

import pytest

from game.core.paths import MAPS_DIR
from game.play.simulate import simulate
from game.scenario.loader import load_scenario

# map -> (seed, winner, last turn, state hash) of `python main.py simulate MAP --seed 7`
GOLDEN = {
    "qadisiyah": (
        7, "coalition", 13, "636955e8901b274bdb65aaaa17d23e1fc915e234b48a6f00a27c4f91a62ba990"
    ),
    "nimrud": (
        7, "coalition", 9, "d6cbd3506728dfc1f4da850bed86ff83a0db364975ce6f678f17515e129da35a"
    ),
    "al-bakr": (
        7, "isil", 14, "479dbeecf66125d6950859276e268c18272a89faabe3de390c5647befce5110b"
    ),
    "arbajiyah": (
        7, "isil", 20, "95da6479270c73b3819cdbcfd6b287b26ea72fe406c5d07bf73b460367a464c8"
    ),
    "southern-approach": (
        7, "isil", 18, "7840284f27155256142cccb6290c7a994474a420a9385d3402dda6ed3800af84"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
