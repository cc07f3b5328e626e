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
        7, "isil", 14, "a41e3e19462daa0c83a3d8451b83db5a66d20af6d9dfa5f29be1231734f0a6dd"
    ),
    "nimrud": (
        7, "coalition", 10, "a5bb5512e7067e732b6627d1ba299c76381dd7db576a8d9848cbeb3c0b273679"
    ),
    "al-bakr": (
        7, "isil", 14, "b9a36fda429f16e355c7c5410031881a9b534065e27b84730ffec8947c676fc4"
    ),
    "arbajiyah": (
        7, "isil", 20, "9dae44546530c871dbd357a71c39a0019a5a46d0d38b37be86903a813bdc12f7"
    ),
    "southern-approach": (
        7, "coalition", 17, "30213ee0f77cfcaba793d8e7043f5c4d6488b4e4ea1f0aa3a4bd8663aa0c557f"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
