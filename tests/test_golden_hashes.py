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
        7, "coalition", 13, "f2c987cf1b5da73c432b3ee13251ce2c8dd952921f242161fe2fbf12569446d4"
    ),
    "nimrud": (
        7, "coalition", 11, "5ad2ebbc415030fc314083156c9f3a60f03a57857c3b0ac376ba3f72f3671d47"
    ),
    "al-bakr": (
        7, "coalition", 15, "c7cf2fdde2b34fbbefa9370730d774d44dc08e95cd1bc781be637498b11c78f6"
    ),
    "arbajiyah": (
        7, "isil", 16, "0303f9fd9611a2486e6ef9eb2c08f454c840890144549a3146057294fe981db3"
    ),
    "southern-approach": (
        7, "isil", 18, "70e4ac6115a98b72aa247643d14ad4c194ece313e0782ccab09eb0cff3c491b7"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_shipped_battle_ends_on_its_golden_hash(name, ruleset):
    seed, winner, turn, digest = GOLDEN[name]
    scenario = load_scenario(MAPS_DIR / f"{name}.tmx", ruleset)
    state = simulate(scenario, ruleset, seed).state
    assert (state.winner, state.turn) == (winner, turn)
    assert state.state_hash() == digest
