"""Test set-up: headless SDL, and shared fixtures (the ruleset, the project folders)."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

from game.rules.ruleset import Ruleset, load_ruleset


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    """The game's shipped rules."""
    return load_ruleset()
