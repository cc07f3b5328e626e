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
        7, "coalition", 12, "688cd878cd5afed97bcc2ed60bf3935aa7285952362ccbbb88b3b07886708cbf"
    ),
    "nimrud": (7, "isil", 14, "14f11ce5540f8be9f091a3586018f704e9e6a0588c36572febeb13a993d04a68"),
    "al-bakr": (
        7, "coalition", 16, "14b51e54e20bc0d1bd36bc37cfa12c41df5c6c2ba492435ade86f5a4f139253e"
    ),
    "arbajiyah": (
        7, "coalition", 14, "c0f5821daba7096644a61db508191e067baf1410eb0119ab288567727aa60ee2"
    ),
    "southern-approach": (
        7, "isil", 18, "c73a537cc5d189651fe2546af23750fe2cc9527a2ce160a98b4e1f9d8e409c28"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
