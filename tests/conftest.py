"""Test set-up: headless SDL, and shared fixtures (the ruleset, the project folders)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest
from hypothesis import settings

from game.rules.ruleset import Ruleset, load_ruleset

# Property tests draw the same examples on every run, so CI never fails on a new random
# draw; set HYPOTHESIS_PROFILE=explore to search afresh on a developer's machine.
settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    """The game's shipped rules."""
    return load_ruleset()
