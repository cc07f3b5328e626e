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
        7, "isil", 14, "b5dfcc3ff5f040c25987b01f98447a415dde617b66a12d3c0a54e55c10d44047"
    ),
    "nimrud": (
        7, "isil", 10, "b6b650925959d3abe1f9df4b2dddf5789f4d7ca74ea9ad4c16f07d9994f00a30"
    ),
    "al-bakr": (
        7, "isil", 14, "2b55411d5b5aa8214109a11c2f1cc155d36a52ec17ec1cbafe7a065b5ab0cf7a"
    ),
    "arbajiyah": (
        7, "isil", 20, "452c952c20c9e9cca8825f3fcecf1bdf94b7f9c7e3cdaa84eb1efa3b42fb4bc4"
    ),
    "southern-approach": (
        7, "isil", 18, "50053e66739e865b96765b38d3e76ddfee33689b89c3845f3839c144c9896298"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
