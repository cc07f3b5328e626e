"""Battle save files: the command log, a state snapshot and checks that catch every bad file.

A save is JSON (never pickle): a format version, what kind of save it is, the scenario's
path and file hash, the seed, the command log, a snapshot of the battle state with its
state hash, and a checksum over all of it. Reading refuses a newer format, a damaged or
truncated file, and a save whose map has changed since, each with a message that says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.ai.player import AI_KINDS
from game.battle.setup import BattleSetup
from game.battle.state import BattleState
from game.commands import command_from_dict
from game.commands.command_log import CommandLog, RecordedBattle, ReplayError, new_battle_id
from game.core import doc_fields as check
from game.core.atomic_files import atomic_write_text, remove_stale_temporaries
from game.core.doc_fields import FieldError, Fields
from game.core.safe_read import (
    FileRefused,
    JsonRefused,
    JsonTooDeep,
    parse_json,
    read_regular_file,
)
from game.core.values import Side, enum_values
from game.rules.ruleset import Ruleset

SAVE_FORMAT = 1
SAVE_SUFFIX = ".sbs.json"
MAX_SAVE_BYTES = 64 * 1024 * 1024
AUTOSAVES_KEPT = 3


class SaveError(Exception):
    """A save file that cannot be used; the message says why, for the player."""


_TIDIED: set[str] = set()  # the saves folders cleaned of stale temporaries in this run


def tidy_save_folder(folder: Path) -> list[Path]:
    """On the first use of a saves folder in this run, remove the temporary files a save
    killed mid-write left there (only those; see atomic_files); return what was removed."""
    key = os.path.abspath(folder)
    if key in _TIDIED:
        return []
    _TIDIED.add(key)
    return remove_stale_temporaries(folder)


@dataclass(frozen=True)
class SaveGame:
    """The parts of a battle save, as read from a file."""

    label: str
    saved_at: str
    scenario: str
    scenario_hash: str
    seed: int
    turn: int
    log: CommandLog
    snapshot: dict[str, Any]
    state_hash: str
    campaign: dict[str, Any] | None = None  # the campaign mission's context, if any
    player_side: str = ""  # the side the player played ("" when not recorded)
    difficulty: str = ""
    title: str = ""  # the scenario's title
    mode: str = ""  # "hotseat": two players on one machine
    fog: dict[str, Any] | None = None  # each side's fog memory (seen tiles, ghosts)
    file: str = ""  # the name of the file it was read from (for messages)


def _checksum(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_document(path: Path, kind: str, body: dict[str, Any]) -> None:
    """Write a save document (battle or campaign) atomically, with format and checksum."""
    tidy_save_folder(path.parent)
    body = {"format": SAVE_FORMAT, "kind": kind, **body}
    document = {"street_by_street_save": body, "checksum": _checksum(body)}
    atomic_write_text(path, json.dumps(document, separators=(",", ":")))


def read_document(path: Path, kind: str) -> dict[str, Any]:
    """Read and check a save document of a kind; SaveError with a player-readable reason.

    Only a regular file is read (a folder, a pipe or a device is refused without being
    read), at most MAX_SAVE_BYTES of it, and JSON nested at most 64 levels deep.
    """
    name = path.name
    tidy_save_folder(path.parent)
    try:
        data = read_regular_file(path, MAX_SAVE_BYTES)
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise SaveError(f"{name}: no such save file.") from None
    except FileRefused as exc:
        raise SaveError(f"{name} {exc.reason}; it cannot be a save game.") from None
    except OSError as exc:
        raise SaveError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise SaveError(f"{name} is damaged: it is not UTF-8 text.") from None
    if not text.strip():
        raise SaveError(f"{name} is empty: the save was interrupted or the file was damaged.")
    try:
        document = parse_json(text)
    except JsonTooDeep as exc:
        raise SaveError(f"{name} cannot be a save game: {exc}.") from None
    except JsonRefused:
        raise SaveError(
            f"{name} is damaged or truncated (it is not complete JSON); load another save."
        ) from None
    body = document.get("street_by_street_save") if isinstance(document, dict) else None
    if not isinstance(body, dict):
        raise SaveError(f"{name} is not a Street by Street save game.")
    version = body.get("format")
    if isinstance(version, int) and version > SAVE_FORMAT:
        raise SaveError(
            f"{name} was written by a newer version of the game (save format {version}, this "
            f"version reads up to {SAVE_FORMAT}); update the game to load it."
        )
    if version != SAVE_FORMAT:
        raise SaveError(f"{name} has an unknown save format ({version!r}).")
    if document.get("checksum") != _checksum(body):
        raise SaveError(f"{name} is damaged: its contents do not match its checksum.")
    if body.get("kind") != kind:
        raise SaveError(f"{name} is a {body.get('kind')} save, not a {kind} save.")
    return body


def save_battle(
    path: Path,
    battle: RecordedBattle,
    label: str = "",
    campaign: dict[str, Any] | None = None,
    player: dict[str, str] | None = None,
    title: str = "",
    fog: dict[str, Any] | None = None,
) -> None:
    """Write a battle to a save file atomically (the old file survives a crash mid-write).

    `campaign` is the context of a campaign mission (game.play.campaign_play.campaign_context);
    `player` may hold the player's "side" and "difficulty"; `fog` each side's fog memory.
    """
    state = battle.state
    extra: dict[str, Any] = {}
    if campaign is not None:
        extra["campaign"] = campaign
    if player:
        extra["player"] = dict(player)
    if fog is not None:
        extra["fog"] = fog
    write_document(
        path,
        "battle",
        {
            **extra,
            "label": label or f"Turn {state.turn}",
            "title": title,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scenario": battle.log.scenario,
            "scenario_hash": battle.log.scenario_hash,
            "seed": battle.log.seed,
            "turn": state.turn,
            "log": battle.record().to_dict(),
            "snapshot": state.to_dict(),
            "state_hash": state.state_hash(),
        },
    )


def read_save(path: Path) -> SaveGame:
    """Read and check a battle save file; SaveError with a player-readable reason.

    Every field is checked before use (types, the player's side and difficulty, each logged
    command); the snapshot is checked against its map by `restore_battle`.
    """
    body = read_document(path, "battle")
    try:
        doc = Fields(body, "")
        campaign = doc.raw("campaign", None)
        if campaign is not None:
            campaign = check.table(campaign, "campaign")
        player = doc.table("player", default={})
        fog = doc.raw("fog", None)
        return SaveGame(
            label=doc.text("label"),
            saved_at=doc.text("saved_at"),
            scenario=doc.text("scenario"),
            scenario_hash=doc.text("scenario_hash"),
            seed=doc.whole("seed", low=0),
            turn=doc.whole("turn", low=1),
            log=_read_log(doc.table("log")),
            snapshot=dict(doc.table("snapshot").data),
            state_hash=doc.text("state_hash"),
            campaign=campaign,
            player_side=player.text("side", default="", choices=("", *enum_values(Side))),
            difficulty=player.text("difficulty", default="", choices=("", *AI_KINDS)),
            title=doc.text("title", default=""),
            mode=player.text("mode", default="", choices=("", "hotseat")),
            fog=None if fog is None else check.table(fog, "fog"),
            file=path.name,
        )
    except FieldError as exc:
        raise SaveError(f"{path.name} is damaged: {exc}.") from None


def _read_log(log: Fields) -> CommandLog:
    """The save's command log (the record), each command checked (FieldError naming the
    field or the command that is wrong)."""
    for index, data in enumerate(log.items("commands")):
        try:
            command_from_dict(data)
        except ValueError as exc:
            raise FieldError(f"{log.path('commands')}[{index}] is not a command ({exc})") from None
    log.text("scenario")
    log.text("scenario_hash")
    log.whole("seed", low=0)
    log.whole("turn_limit", low=1)
    try:
        return CommandLog.from_dict(log.data)
    except (ReplayError, KeyError, TypeError, ValueError, OverflowError) as exc:
        raise FieldError(f"{log.where}: {exc}") from None


def restore_battle(save: SaveGame, scenario: BattleSetup, ruleset: Ruleset) -> RecordedBattle:
    """Rebuild the saved battle on its scenario; SaveError (naming the file and the field)
    if the map changed or the snapshot does not fit it."""
    name = save.file or "the save"
    if save.scenario_hash != scenario.file_hash:
        raise SaveError(
            f"{name} was made on a different version of {Path(save.scenario).name} (the map "
            "or its tilesets changed since); it cannot be continued on the current map."
        )
    try:
        scenario = save.log.start.deploy(scenario)  # the objects of the battle's difficulty
        state = BattleState.from_dict(save.snapshot, scenario, ruleset, where="snapshot")
        digest = state.state_hash()
    except FieldError as exc:
        raise SaveError(f"{name} is damaged: {exc}.") from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise SaveError(f"{name}: the saved battle state is damaged ({exc}).") from None
    if digest != save.state_hash:
        raise SaveError(
            f"{name}: the saved battle state is damaged (its state hash does not match)."
        )
    return RecordedBattle(state, save.log)


def slot_prefix(battle: RecordedBattle, title: str = "") -> str:
    """The start of every save file name of one battle: its scenario and its battle id, so
    one battle's autosaves and quick saves never replace another's."""
    if not battle.log.battle_id:
        battle.log.battle_id = new_battle_id()  # a save of the first format: a new battle id
    words = re.sub(r"[^a-z0-9]+", "-", (title or Path(battle.log.scenario).stem).lower())
    return f"{words.strip('-')[:32] or 'battle'}-{battle.log.battle_id}"


def quicksave_path(folder: Path, battle: RecordedBattle, title: str = "") -> Path:
    """Where F5 saves this battle (and F9 loads it)."""
    return folder / f"{slot_prefix(battle, title)}-quick{SAVE_SUFFIX}"


def named_save_path(folder: Path, battle: RecordedBattle, name: str, title: str = "") -> Path:
    """Where a save the player named goes (in the battle's own slots)."""
    words = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "save"
    return folder / f"{slot_prefix(battle, title)}-named-{words}{SAVE_SUFFIX}"


def autosave(
    folder: Path,
    battle: RecordedBattle,
    keep: int = AUTOSAVES_KEPT,
    campaign: dict[str, Any] | None = None,
    player: dict[str, str] | None = None,
    title: str = "",
    fog: dict[str, Any] | None = None,
) -> Path:
    """Write the battle's autosave for the current turn and delete all but its newest `keep`
    (of this battle only: other battles' saves are never touched)."""
    prefix = slot_prefix(battle, title)
    path = folder / f"{prefix}-auto{battle.state.turn:03d}{SAVE_SUFFIX}"
    label = f"Autosave, turn {battle.state.turn}"
    save_battle(path, battle, label, campaign, player, title, fog)
    olds = sorted(
        folder.glob(f"{prefix}-auto*{SAVE_SUFFIX}"), key=lambda p: (p.stat().st_mtime_ns, p.name)
    )
    for old in olds[:-keep]:
        if old != path:
            old.unlink(missing_ok=True)
    return path


@dataclass(frozen=True)
class SaveEntry:
    """A save as the Load screen lists it: the file, what it is, or why it is damaged."""

    path: Path
    battle_id: str  # "" for a damaged file
    title: str
    label: str
    turn: int
    side: str
    saved_at: str
    campaign_mission: int  # 0: not a campaign mission
    problem: str = ""  # why it cannot be loaded ("" when it can)


def list_saves(folder: Path) -> list[tuple[str, list[SaveEntry]]]:
    """The saves in a folder grouped by battle (newest battle first, newest save first);
    damaged files are listed in a group of their own with the reason."""
    entries: list[SaveEntry] = []
    for path in sorted(folder.glob(f"*{SAVE_SUFFIX}")) if folder.is_dir() else []:
        try:
            save = read_save(path)
        except SaveError as exc:
            name = path.name.removesuffix(SAVE_SUFFIX)
            entries.append(SaveEntry(path, "", name, "(damaged)", 0, "", "", 0, str(exc)))
            continue
        mission = 0
        if save.campaign is not None:
            try:
                mission = int(save.campaign["progress"]["index"]) + 1
            except (KeyError, TypeError, ValueError):
                mission = 0
        title = save.title or Path(save.scenario).stem
        entries.append(
            SaveEntry(
                path,
                save.log.battle_id or path.name,
                title,
                save.label,
                save.turn,
                save.player_side,
                save.saved_at,
                mission,
            )
        )
    groups: dict[str, list[SaveEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.saved_at, e.path.name), reverse=True):
        groups.setdefault(entry.battle_id, []).append(entry)
    return list(groups.items())
