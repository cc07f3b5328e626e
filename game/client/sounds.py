"""Sound effects generated at start-up (no sample files, so no licences): rifle shots,
blasts, the car-bomb alert and an objective gained or lost, played at the volume the options
give."""

from __future__ import annotations

import numpy as np
import pygame

RATE = 22050


def _noise_burst(seconds: float, decay: float, low_pass: int, seed: int) -> np.ndarray:
    """White noise with an exponential decay, smoothed by a moving average (darker sound)."""
    rng = np.random.default_rng(seed)
    n = int(RATE * seconds)
    t = np.arange(n) / RATE
    wave = rng.uniform(-1.0, 1.0, n) * np.exp(-t / decay)
    if low_pass > 1:
        wave = np.convolve(wave, np.ones(low_pass) / low_pass, mode="same")
    return wave / max(1e-9, float(np.abs(wave).max()))


def _tones(freqs: tuple[float, ...], repeats: int, seconds: float = 0.16) -> np.ndarray:
    """Beeps of the given pitches in turn, the group repeated with a short pause between."""
    parts = []
    for _ in range(repeats):
        for freq in freqs:
            t = np.arange(int(RATE * seconds)) / RATE
            tone = np.sign(np.sin(2 * np.pi * freq * t)) * 0.5 + np.sin(2 * np.pi * freq * t) * 0.5
            envelope = np.minimum(1.0, np.minimum(t, t[-1] - t) * 60)
            parts.append(tone * envelope)
        parts.append(np.zeros(int(RATE * 0.06)))
    return np.concatenate(parts)


def _sound(wave: np.ndarray, gain: float) -> pygame.mixer.Sound:
    data = (np.clip(wave * gain, -1.0, 1.0) * 32767).astype(np.int16)
    channels = pygame.mixer.get_init()[2]  # type: ignore[index]
    if channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    return pygame.sndarray.make_sound(np.ascontiguousarray(data))


class SoundBank:
    """The game's sound effects; silent when there is no audio device or the volume is 0."""

    def __init__(self, volume: float) -> None:
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        self.volume = volume
        if volume <= 0:
            return
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(RATE, -16, 2, 512)
            self.sounds = {
                "shot": _sound(_noise_burst(0.25, 0.035, 2, 1), 0.6),
                "blast": _sound(_noise_burst(1.6, 0.35, 40, 2), 0.9),
                "alert": _sound(_tones((880.0, 660.0), 3), 0.5),  # three falling pairs
                "objective_gained": _sound(_tones((523.0, 659.0, 784.0), 1, 0.12), 0.35),
                "objective_lost": _sound(_tones((440.0, 330.0), 1, 0.22), 0.4),
            }
        except (pygame.error, NotImplementedError, ValueError, TypeError):
            self.sounds = {}
        for sound in self.sounds.values():
            sound.set_volume(volume)

    def play(self, name: str) -> None:
        """Play an effect by name (nothing when sound is off)."""
        sound = self.sounds.get(name)
        if sound is not None:
            sound.play()
