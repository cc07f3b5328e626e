"""Play-by-email turn files: the battle record so far, signed with the secret the two players
agreed when the game began, and each player's ledger of the turns already seen.

A turn file is a save document of kind "turn": the game's id, its sequence number, the side
that sent it and the side to move, the scenario's title and the record (the command log
with its state hash). An HMAC-SHA256 over the document with the secret signs it, so a file
edited by hand, or read with another game's secret, is refused. Each player's ledger
(`pbem-GAME.ledger.json` in the saves folder) remembers the side they play and the last
turn they have, so an old turn or another game's turn file is refused too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.commands.command_log import CommandLog, ReplayError
from game.core.atomic_files import atomic_write_text
from game.core.values import Side
from game.saves.save_files import SaveError, read_document, write_document

TURN_SUFFIX = ".sbt.json"
LEDGER_SUFFIX = ".ledger.json"


class TurnError(Exception):
    """A turn file that cannot be played; the message says why, for the player."""


@dataclass(frozen=True)
class TurnFile:
    """One turn of a play-by-email game, as read (and checked) from its file."""

    game_id: str
    sequence: int  # 0 for the game's first file, then one more per turn sent
    sender: str  # the side that played the phase it carries ("" for the first file)
    to_move: Side  # the side whose player opens it next
    title: str
    log: CommandLog


def _signature(body: dict[str, Any], secret: str) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), text, hashlib.sha256).hexdigest()


def write_turn(
    path: Path,
    log: CommandLog,
    sequence: int,
    sender: str,
    to_move: Side,
    secret: str,
    title: str = "",
) -> None:
    """Write a signed turn file atomically."""
    if not secret:
        raise TurnError("a play-by-email game needs a secret both players know")
    body = {
        "game_id": log.battle_id,
        "sequence": sequence,
        "sender": sender,
        "to_move": to_move.value,
        "title": title,
        "log": log.to_dict(),
    }
    write_document(path, "turn", {**body, "signature": _signature(body, secret)})


def read_turn(path: Path, secret: str) -> TurnFile:
    """Read a turn file and check its signature; TurnError saying what is wrong."""
    try:
        body = read_document(path, "turn")
    except SaveError as exc:
        raise TurnError(str(exc)) from None
    signature = body.pop("signature", None)
    for key in ("format", "kind"):
        body.pop(key, None)
    if not isinstance(signature, str) or not hmac.compare_digest(
        signature, _signature(body, secret)
    ):
        raise TurnError(
            f"{path.name} is not signed with this game's secret: it was changed by hand, or it "
            "belongs to a game with another secret. Ask your opponent to send the turn again."
        )
    try:
        to_move = Side(body["to_move"])
        sequence = body["sequence"]
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            raise ValueError("the turn's sequence number is not a whole number")
        turn = TurnFile(
            game_id=str(body["game_id"]),
            sequence=sequence,
            sender=str(body["sender"]),
            to_move=to_move,
            title=str(body.get("title", "")),
            log=CommandLog.from_dict(body["log"]),
        )
    except (KeyError, TypeError, ValueError, ReplayError) as exc:
        raise TurnError(f"{path.name} is incomplete or damaged ({exc}).") from None
    if turn.log.battle_id != turn.game_id:
        raise TurnError(f"{path.name} is damaged: its record belongs to another game.")
    return turn


@dataclass
class Ledger:
    """What one player knows of a play-by-email game: their side and the last turn."""

    path: Path
    game_id: str
    side: Side
    sequence: int
    commands: int  # how many commands the last turn's record had

    @classmethod
    def of(cls, folder: Path, game_id: str) -> Ledger | None:
        """The player's ledger of a game, or None when they have not played it yet."""
        path = folder / f"pbem-{game_id}{LEDGER_SUFFIX}"
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                path, str(data["game_id"]), Side(data["side"]), int(data["sequence"]),
                int(data["commands"]),
            )  # fmt: skip
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise TurnError(f"{path.name}, your record of this game, is damaged ({exc})") from None

    def save(self) -> None:
        """Write the ledger atomically."""
        data = {
            "game_id": self.game_id,
            "side": self.side.value,
            "sequence": self.sequence,
            "commands": self.commands,
        }
        atomic_write_text(self.path, json.dumps(data))


def accept_turn(folder: Path, turn: TurnFile, side: Side | None, name: str) -> Side:
    """Check a turn against the player's ledger (creating it on their first turn): the file
    must be for their side, newer than the last one they have, and of their game. Returns the
    side the player plays; TurnError saying why a turn is refused."""
    ledger = Ledger.of(folder, turn.game_id)
    side = side or (ledger.side if ledger else turn.to_move)
    if ledger is not None and ledger.side is not side:
        raise TurnError(f"in this game you play {ledger.side.label}, not {side.label}.")
    if turn.to_move is not side:
        raise TurnError(
            f"{name} is for the {turn.to_move.label} player, and you play {side.label}: "
            "it is your opponent's turn (or this is the turn you sent)."
        )
    if ledger is not None and turn.sequence <= ledger.sequence:
        raise TurnError(
            f"{name} is an old turn (turn file {turn.sequence}); you already have turn file "
            f"{ledger.sequence}. Ask your opponent for their latest turn."
        )
    if ledger is not None and len(turn.log.commands) < ledger.commands:
        raise TurnError(f"{name} has fewer orders than the game you already have: it is old.")
    return side


def record_turn(folder: Path, turn: TurnFile, side: Side, sequence: int, commands: int) -> None:
    """Remember in the player's ledger the last turn of a game they have (sent or opened)."""
    ledger = Ledger.of(folder, turn.game_id) or Ledger(
        folder / f"pbem-{turn.game_id}{LEDGER_SUFFIX}", turn.game_id, side, -1, 0
    )
    ledger.sequence = max(ledger.sequence, sequence)
    ledger.commands = max(ledger.commands, commands)
    folder.mkdir(parents=True, exist_ok=True)
    ledger.save()
