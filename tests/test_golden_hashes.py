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
        7, "coalition", 10, "ed7f855c54708ed725498984ade30615a8d8e0dfc815834e3bc967251a3289ef"
    ),
    "nimrud": (
        7, "coalition", 10, "a81a99a2e4a5e4c08642031de9e163d0d912d74e027e8ebd3ebedeb58d4b59f5"
    ),
    "al-bakr": (7, "isil", 16, "a7c323f095cfd7791bb64303ad2ff9c2da6e55cf13a47f76a153baba8897a137"),
    "arbajiyah": (
        7, "isil", 16, "6f06e0c956ae50602a1e2da7aa91372913c857e292102fe8dc86fb1561e64d51"
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
