"""Command logs and replays: seed + scenario + commands reproduce a battle exactly; the
recorded battle also keeps the snapshot that undoes the last clean move."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.battle.setup import BattleSetup
from game.battle.state import BattleState
from game.commands import Command, Move, Ok, Refusal, Verdict, command_from_dict, execute
from game.core.atomic_files import atomic_write_text
from game.rules.ruleset import Ruleset
from game.sim.events import Event
from game.sim.turns import new_battle

LOG_VERSION = 1


class ReplayError(Exception):
    """A command log that does not fit its scenario or contains a refused command."""


@dataclass
class CommandLog:
    """What reproduces a battle: the scenario (path and file hash), the seed, the commands."""

    scenario: str
    scenario_hash: str
    seed: int
    turn_limit: int
    commands: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "version": LOG_VERSION,
            "scenario": self.scenario,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "turn_limit": self.turn_limit,
            "commands": list(self.commands),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CommandLog:
        """Read a log written by `to_dict`; ReplayError with a message when malformed."""
        try:
            if data["version"] != LOG_VERSION:
                raise ReplayError(f"command log version {data['version']!r} is not {LOG_VERSION}")
            return cls(
                scenario=str(data["scenario"]),
                scenario_hash=str(data["scenario_hash"]),
                seed=int(data["seed"]),
                turn_limit=int(data["turn_limit"]),
                commands=list(data["commands"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ReplayError(f"not a command log: {exc}") from None

    def save(self, path: Path) -> None:
        """Write the log as JSON, atomically (a crash mid-write keeps the previous file)."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=1))

    @classmethod
    def load(cls, path: Path) -> CommandLog:
        """Read a log file; ReplayError with a message when it cannot be used."""
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ReplayError(f"{path}: cannot read the command log ({exc})") from None


class RecordedBattle:
    """A battle whose every applied command is logged, with undo of the last clean move."""

    def __init__(self, state: BattleState, log: CommandLog) -> None:
        self.state = state
        self.log = log
        self._undo: BattleState | None = None

    @classmethod
    def start(
        cls,
        scenario: BattleSetup,
        ruleset: Ruleset,
        seed: int,
        turn_limit: int | None = None,
        *,
        replace_limit: bool = False,
    ) -> RecordedBattle:
        """A new battle on a scenario (optionally with a shorter, or a replacing, turn limit)."""
        state = new_battle(scenario, ruleset, seed)
        if turn_limit is not None:
            state.turn_limit = turn_limit if replace_limit else min(state.turn_limit, turn_limit)
        log = CommandLog(str(scenario.path), scenario.file_hash, seed, state.turn_limit)
        return cls(state, log)

    def execute(self, command: Command) -> tuple[Verdict, list[Event]]:
        """Validate, apply and log a command; keep an undo snapshot for a clean move."""
        before = self.state.clone() if isinstance(command, Move) else None
        rng_before = self.state.rng.bit_generator.state
        verdict, events = execute(self.state, command)
        if isinstance(verdict, Refusal):
            return verdict, events
        self.log.commands.append(command.to_dict())
        clean = (
            before is not None
            and self.state.rng.bit_generator.state == rng_before
            and not any(e.kind in ("spotted", "blast") for e in events)
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
        self.state = self._undo
        self.log.commands.pop()
        self._undo = None
        return verdict


def replay(
    log: CommandLog, scenario: BattleSetup, ruleset: Ruleset, upto: int | None = None
) -> RecordedBattle:
    """Rebuild a battle from its log (the first `upto` commands); ReplayError on a mismatch."""
    if log.scenario_hash != scenario.file_hash:
        raise ReplayError(
            f"the log was recorded on a different version of {log.scenario} (its file hash differs)"
        )
    battle = RecordedBattle.start(scenario, ruleset, log.seed, log.turn_limit, replace_limit=True)
    for index, data in enumerate(log.commands[:upto]):
        try:
            command = command_from_dict(data)
        except ValueError as exc:
            raise ReplayError(f"command {index + 1}: {exc}") from None
        verdict, _ = battle.execute(command)
        if isinstance(verdict, Refusal):
            raise ReplayError(f"command {index + 1} ({data}) was refused: {verdict.reason}")
    return battle
