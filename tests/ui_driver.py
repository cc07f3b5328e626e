"""Helpers for the client tests: an app in a temporary folder, real input events posted."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.client.app import App
from game.client.navigation import ScreenNavigator
from game.client.settings import Settings


def make_app(tmp_path: Path, size: tuple[int, int] = (1280, 720), **options: object) -> App:
    """A client app with default options (plus overrides) that saves into tmp_path; its
    player has seen the training battle unless `offer_training=True` is given."""
    settings = Settings.from_dict({**Settings().to_dict(), "offer_training": False, **options})
    return App(
        settings=settings,
        settings_path=tmp_path / "settings.json",
        size=size,
        save_dir=tmp_path,
        navigator=ScreenNavigator(),
    )


def key(app: App, code: int, mod: int = 0, frames: int = 2) -> None:
    """Press and release a key, then run frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode="", scancode=0))
    app.run_frames(frames)


def click(app: App, pos: tuple[int, int], button: int = 1, frames: int = 2) -> None:
    """Move the mouse to pos, press and release a button there, then run frames."""
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)
    )
    app.run_frames(1)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
    )
    app.run_frames(1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False))
    app.run_frames(frames)


def run_until(app: App, done, frames: int = 600) -> bool:
    """Run frames until done() is true (or the frame budget is spent)."""
    for _ in range(frames):
        if done():
            return True
        app.run_frames(1)
    return bool(done())


def close_messages(app: App, frames: int = 2) -> None:
    """Run frames, then close the scenario's message windows over a battle (the dialogs its
    triggers open, such as Al-Qadisiyah's first words) as a player who has read them."""
    from game.client.basic_screens import NoticeScreen

    app.run_frames(frames)
    for _ in range(10):
        if not (isinstance(app.top, NoticeScreen) and len(app.stack) > 1):
            return
        key(app, pygame.K_RETURN)
