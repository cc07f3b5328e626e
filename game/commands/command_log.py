"""Command logs and replays: seed + scenario + commands reproduce a battle exactly; the
recorded battle also keeps the snapshot that undoes the last clean move."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from game.battle.setup import BattleSetup
from game.battle.start import BattleStart
from game.battle.state import BattleState
from game.battle.undo_point import UndoPoint
from game.commands import Command, Move, Ok, Refusal, Verdict, command_from_dict, execute
from game.core.atomic_files import atomic_write_text
from game.core.safe_read import FileRefused, JsonRefused, parse_json, read_regular_file
from game.rules.ruleset import Ruleset
from game.sim.events import Event
from game.sim.turns import new_battle

LOG_VERSION = 2  # 2: the battle's start (deployment, experience, players, rules) and hash
READABLE_VERSIONS = (1, 2)
MAX_LOG_BYTES = 64 * 1024 * 1024


class ReplayError(Exception):
    """A command log that does not fit its scenario or contains a refused command."""


@dataclass
class CommandLog:
    """The battle record: what reproduces a battle exactly (the scenario's path and file
    hash, the seed, the turn limit, the battle's start beyond the map, every command) and the
    state hash it reached when it was written."""

    scenario: str
    scenario_hash: str
    seed: int
    turn_limit: int
    commands: list[dict[str, Any]] = field(default_factory=list)
    start: BattleStart = field(default_factory=BattleStart)
    battle_id: str = ""  # names the battle's saves (autosaves and quick saves are per battle)
    state_hash: str = ""  # the hash after the commands, when written ("": not recorded)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "version": LOG_VERSION,
            "scenario": self.scenario,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "turn_limit": self.turn_limit,
            "start": self.start.to_dict(),
            "battle_id": self.battle_id,
            "commands": list(self.commands),
            "state_hash": self.state_hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CommandLog:
        """Read a log written by `to_dict` (or the first format, with no start); ReplayError
        with a message when malformed."""
        try:
            if not isinstance(data, dict):
                raise ReplayError("a command log must be a table")
            if data["version"] not in READABLE_VERSIONS:
                raise ReplayError(
                    f"command log version {data['version']!r} is not one this game reads "
                    f"({', '.join(map(str, READABLE_VERSIONS))})"
                )
            commands = data["commands"]
            if not isinstance(commands, list) or not all(isinstance(c, dict) for c in commands):
                raise ReplayError("the commands must be a list of tables")
            return cls(
                scenario=str(data["scenario"]),
                scenario_hash=str(data["scenario_hash"]),
                seed=_whole(data["seed"], "seed"),
                turn_limit=_whole(data["turn_limit"], "turn_limit"),
                commands=list(commands),
                start=BattleStart.from_dict(data.get("start", {})),
                battle_id=str(data.get("battle_id", "")),
                state_hash=str(data.get("state_hash", "")),
            )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise ReplayError(f"not a command log: {exc}") from None

    def save(self, path: Path) -> None:
        """Write the log as JSON, atomically (a crash mid-write keeps the previous file)."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=1))

    @classmethod
    def load(cls, path: Path) -> CommandLog:
        """Read a log file (a regular file, capped in size and nesting); ReplayError with a
        message naming the file when it cannot be used."""
        try:
            data = parse_json(read_regular_file(path, MAX_LOG_BYTES))
        except (OSError, FileRefused, JsonRefused) as exc:
            raise ReplayError(f"{path}: cannot read the command log ({exc})") from None
        try:
            return cls.from_dict(data)
        except ReplayError as exc:
            raise ReplayError(f"{path}: {exc}") from None


class RecordedBattle:
    """A battle whose every applied command is logged, with undo of the last clean move."""

    def __init__(self, state: BattleState, log: CommandLog) -> None:
        self.state = state
        self.log = log
        self._undo: UndoPoint | None = None

    @classmethod
    def start(
        cls,
        scenario: BattleSetup,
        ruleset: Ruleset,
        seed: int,
        turn_limit: int | None = None,
        *,
        replace_limit: bool = False,
        begin: BattleStart | None = None,
        battle_id: str = "",
    ) -> RecordedBattle:
        """A new battle on a scenario (optionally with a shorter, or a replacing, turn limit),
        deployed and with the experience carried in as `begin` says; the log records it all."""
        begin = begin or BattleStart()
        if not begin.rules_digest:
            begin = replace(begin, rules_digest=ruleset.digest)
        state = new_battle(begin.deploy(scenario), ruleset, seed)
        begin.carry_in(state)
        if turn_limit is not None:
            state.turn_limit = turn_limit if replace_limit else min(state.turn_limit, turn_limit)
        log = CommandLog(
            str(scenario.path),
            scenario.file_hash,
            seed,
            state.turn_limit,
            start=begin,
            battle_id=battle_id or new_battle_id(),
        )
        return cls(state, log)

    def record(self) -> CommandLog:
        """The log with the state hash reached now (what a save or turn file writes)."""
        self.log.state_hash = self.state.state_hash()
        return self.log

    def execute(self, command: Command) -> tuple[Verdict, list[Event]]:
        """Validate, apply and log a command; keep what a clean move changed, to undo it."""
        before = UndoPoint.take(self.state) if isinstance(command, Move) else None
        rng_before = self.state.rng.bit_generator.state
        verdict, events = execute(self.state, command)
        if isinstance(verdict, Refusal):
            return verdict, events
        self.log.commands.append(command.to_dict())
        clean = (
            before is not None
            and self.state.rng.bit_generator.state == rng_before
            and not any(e.kind in ("spotted", "blast") for e in events)
            and before.trigger_status() == self.state.trigger_status  # no trigger fired
            and not any(e.kind == "message" for e in events)
            and not self.state.over
        )
        self._undo = before if clean else None
        return verdict, events

    def can_undo(self) -> Verdict:
        """Ok when the last command was a move that revealed nothing and drew no number."""
        if self._undo is None:
            return Refusal("only a move that revealed nothing new and drew no dice can be undone")
        return Ok()

    def undo(self) -> Verdict:
        """Take back the last clean move (state and log)."""
        verdict = self.can_undo()
        if self._undo is None:
            return verdict
        self._undo.restore(self.state)
        self.log.commands.pop()
        self._undo = None
        return verdict


def begin_replay(log: CommandLog, scenario: BattleSetup, ruleset: Ruleset) -> RecordedBattle:
    """The battle of a record at its start, after checking the map and the rules are the ones
    it was played on; ReplayError saying which differs."""
    if log.scenario_hash != scenario.file_hash:
        raise ReplayError(
            f"the log was recorded on a different version of {log.scenario} (its file hash differs)"
        )
    digest = log.start.rules_digest
    if digest and ruleset.digest and digest != ruleset.digest:
        raise ReplayError(
            "the record was played with other rules (the files in assets/rules changed since: "
            f"digest {digest[:12]}, now {ruleset.digest[:12]})"
        )
    battle = RecordedBattle.start(
        scenario,
        ruleset,
        log.seed,
        log.turn_limit,
        replace_limit=True,
        begin=log.start,
        battle_id=log.battle_id,
    )
    return battle


def replay(
    log: CommandLog, scenario: BattleSetup, ruleset: Ruleset, upto: int | None = None
) -> RecordedBattle:
    """Rebuild a battle from its record (the first `upto` commands); ReplayError on a
    mismatch, and when a whole record does not reach the state hash it recorded."""
    battle = begin_replay(log, scenario, ruleset)
    for index, data in enumerate(log.commands[:upto]):
        try:
            command = command_from_dict(data)
        except ValueError as exc:
            raise ReplayError(f"command {index + 1}: {exc}") from None
        verdict, _ = battle.execute(command)
        if isinstance(verdict, Refusal):
            raise ReplayError(f"command {index + 1} ({data}) was refused: {verdict.reason}")
    check_reached(battle, log, upto)
    return battle


def replay_onto(log: CommandLog, scenario: BattleSetup, ruleset: Ruleset) -> RecordedBattle:
    """A record replayed onto another version of its map (designer mode: the map was edited
    and saved mid-battle), with the edited map's turn limit; ReplayError names the first
    command that is no longer valid there. The state reached is not held to the record's
    hash: the map changed, so it may differ."""
    moved = replace(
        log,
        scenario=str(scenario.path),
        scenario_hash=scenario.file_hash,
        turn_limit=scenario.turn_limit,
        commands=list(log.commands),
        state_hash="",
    )
    return replay(moved, scenario, ruleset)


def check_reached(battle: RecordedBattle, log: CommandLog, upto: int | None = None) -> None:
    """ReplayError when a whole record replayed to another state hash than it recorded."""
    whole = upto is None or upto >= len(log.commands)
    reached = battle.state.state_hash()
    if whole and log.state_hash and reached != log.state_hash:
        raise ReplayError(
            f"the replay of all {len(log.commands)} commands reached state {reached[:12]}, the "
            f"record says {log.state_hash[:12]}: the game's rules or AI differ from the ones "
            "it was recorded with"
        )


def new_battle_id() -> str:
    """A fresh id for a battle's saves (random: it names files, it is not game state)."""
    return secrets.token_hex(6)


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return value
