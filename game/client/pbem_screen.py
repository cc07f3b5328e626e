"""Play by email from the main menu: start a game, or open a turn file your opponent sent,
with the secret the two of you agreed."""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.client.app import Pop, Push, Replace, Transition
from game.client.basic_screens import BACK_KEYS, MenuScreen, NoticeScreen, ruleset_of
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession, PbemGame
from game.client.catalogue import scan_maps
from game.client.keyboard_focus import ButtonFocus
from game.client.session_error import SessionError
from game.core.values import Side
from game.play.pbem import new_game, open_turn
from game.saves.turn_files import TURN_SUFFIX, TurnError

PBEM_FOLDER = "pbem"  # inside the saves folder: turn files and the player's ledgers


def turn_name(title: str, game_id: str, sequence: int) -> str:
    """The file name of a game's turn: its scenario, id and sequence number."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:24] or "game"
    return f"{words}-{game_id}-turn{sequence:03d}{TURN_SUFFIX}"


class PbemScreen(MenuScreen):
    """The secret, the turn files found (newest first), and a new game's scenario and side."""

    def __init__(self) -> None:
        super().__init__()
        self.secret: UITextEntryLine | None = None
        self.files: list[Path] = []
        self.map_index = 0
        self.side = Side.COALITION

    @property
    def folder(self) -> Path:
        """Where the turn files and the ledgers are kept."""
        return self.app.save_dir / PBEM_FOLDER

    def build(self) -> None:
        """The secret field, a button per turn file, and the new-game choices."""
        width, height = self.app.size
        s = self.scale
        margin = round(24 * s)
        self.label(pygame.Rect(0, margin, width, round(40 * s)), "Play by e-mail", "@heading")
        w = round(560 * s)
        x = (width - w) // 2
        y = margin + round(56 * s)
        self.label(pygame.Rect(x, y, w, round(28 * s)), "The secret you and your opponent agreed:")
        self.secret = UITextEntryLine(
            pygame.Rect(x, y + round(30 * s), w, round(38 * s)), self.app.ui
        )
        self.widgets.append(self.secret)
        y += round(84 * s)
        found = list(self.folder.glob(f"*{TURN_SUFFIX}")) if self.folder.is_dir() else []
        self.files = sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)[:6]
        buttons = [
            self.button(pygame.Rect(x, y + i * round(46 * s), w, round(40 * s)), f"Open {p.name}")
            for i, p in enumerate(self.files)
        ]
        y += max(1, len(self.files)) * round(46 * s) + round(16 * s)
        maps = [e for e in scan_maps(ruleset_of(self.app)) if e.scenario is not None]
        self.map_index %= max(1, len(maps))
        title = maps[self.map_index].scenario.title if maps else "(no maps)"  # type: ignore[union-attr]
        choices = [f"New game on: {title}", f"You play: {self.side.label}", "Start the new game"]
        buttons += [
            self.button(pygame.Rect(x, y + i * round(46 * s), w, round(40 * s)), text)
            for i, text in enumerate(choices)
        ]
        back = self.button(
            pygame.Rect(x, height - margin - round(44 * s), round(160 * s), round(40 * s)), "Back"
        )
        self.focus = ButtonFocus([*buttons, back], self.focus_index)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Open a turn file, change the new game's map or side, or start it."""
        if event.type == pygame.KEYDOWN and event.key in BACK_KEYS:
            return Pop()
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            return None
        pressed = self.focus.handle(event)
        if pressed is None:
            return None
        text = pressed.text
        if text == "Back":
            return Pop()
        if text.startswith("New game on"):
            self.map_index += 1
        elif text.startswith("You play"):
            self.side = self.side.enemy
        elif text == "Start the new game":
            return self._new()
        else:
            return self._open(self.folder / text.removeprefix("Open "))
        self.clear()
        self.build()
        return None

    def _secret(self) -> str:
        return self.secret.get_text().strip() if self.secret is not None else ""

    def _new(self) -> Transition:
        secret = self._secret()
        if not secret:
            return Push(NoticeScreen("A secret is needed", "Agree a secret with your opponent."))
        maps = [e for e in scan_maps(ruleset_of(self.app)) if e.scenario is not None]
        entry = maps[self.map_index % len(maps)]
        assert entry.scenario is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "new-game.sbt.json"
        try:
            turn = new_game(entry.path, ruleset_of(self.app), 1, secret, path)
        except (TurnError, OSError) as exc:
            return Push(NoticeScreen("The game could not be started", str(exc)))
        named = path.with_name(turn_name(turn.title, turn.game_id, 0))
        path.replace(named)
        if turn.to_move is not self.side:
            return Push(
                NoticeScreen(
                    "The game is ready",
                    f"The {turn.to_move.label} player moves first. Send {named} to your "
                    "opponent; your turn comes back to you as a file.",
                )
            )
        return self._open(named, self.side)

    def _open(self, path: Path, side: Side | None = None) -> Transition:
        secret = self._secret()
        if not secret:
            return Push(NoticeScreen("A secret is needed", "Type the secret of this game."))
        ruleset = ruleset_of(self.app)
        try:
            opened = open_turn(path, secret, ruleset, self.folder, side)
            out = self.folder / turn_name(opened.turn.title, opened.turn.game_id,
                                          opened.turn.sequence + 1)  # fmt: skip
            session = BattleSession.open_pbem(PbemGame(opened, secret, self.folder, out), ruleset)
        except (TurnError, SessionError) as exc:
            return Push(NoticeScreen("This turn cannot be played", str(exc)))
        session.save_dir = self.app.save_dir
        return Replace(BattleScreen(session))
