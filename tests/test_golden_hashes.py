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
        7, "coalition", 9, "b1f50143374765c60a33d2bdaaba50df1f33b6c12288c13bc49df7c5c52c828f"
    ),
    "al-bakr": (
        7, "isil", 14, "479dbeecf66125d6950859276e268c18272a89faabe3de390c5647befce5110b"
    ),
    "arbajiyah": (
        7, "isil", 20, "ed808f82da8df3d61181107ccab3508018f96ff401537ffc557fb26c7e65c688"
    ),
    "southern-approach": (
        7, "isil", 18, "67172e181310562bec3d2b2f274e401979ab0b303fe8152d5ce8493336067a66"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
