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
        7, "coalition", 13, "e0f78b3f03d3c709139ace134f746970dd8f8bf388a4b03122b1facf7477b9e9"
    ),
    "nimrud": (7, "isil", 14, "56f1410acf2c579bcb0b424cdf23e10a019a02d3fba9bd8ac548a77f99843718"),
    "al-bakr": (
        7, "coalition", 16, "6bef2eed4864a2761db532ac4cd4becda04cc3bf09e58390ee53234441fdd4d8"
    ),
    "arbajiyah": (
        7, "coalition", 14, "bc746e9603387b77d73d3028388dc9323a85cd435be3f123a3a6a2158e045681"
    ),
    "southern-approach": (
        7, "isil", 18, "e72d9518d02174a76f213a0f257005a7404eb699a78991a27c1c4cdc3626c63d"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
