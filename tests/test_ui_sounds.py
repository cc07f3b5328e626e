"""Generated sound effects: made at the options' volume, silent at volume 0."""

from __future__ import annotations

import pygame

from game.client.sounds import SoundBank


def test_sound_bank_generates_effects_at_the_volume():
    bank = SoundBank(0.5)
    if not pygame.mixer.get_init():  # no audio device at all: the bank stays silent
        assert bank.sounds == {}
        return
    assert set(bank.sounds) == {"shot", "blast", "alert", "objective_gained", "objective_lost"}
    assert bank.sounds["blast"].get_length() > bank.sounds["shot"].get_length()
    assert abs(bank.sounds["alert"].get_volume() - 0.5) < 0.01
    bank.play("shot")
    bank.play("no such sound")


def test_volume_zero_makes_no_sounds():
    assert SoundBank(0.0).sounds == {}
