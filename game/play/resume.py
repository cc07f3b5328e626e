"""Resuming a recorded battle with its AI players: the record replayed while the AIs think
along, so what they remember (contacts, sniper posts, car-bomb plans) is as it was."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.ai.player import AIPlayer
from game.battle.setup import BattleSetup
from game.commands import Command, EndTurn, Refusal, command_from_dict
from game.commands.command_log import (
    CommandLog,
    RecordedBattle,
    ReplayError,
    begin_replay,
    check_reached,
)
from game.core.values import Side
from game.play.match import Match
from game.rules.ruleset import Ruleset


@dataclass
class Resumed:
    """A battle rebuilt from its record and the AI players that now remember it."""

    battle: RecordedBattle
    players: Mapping[Side, AIPlayer]


def resume(
    log: CommandLog, setup: BattleSetup, ruleset: Ruleset, players: Mapping[Side, AIPlayer]
) -> Resumed:
    """Replay a record with the AI players of their sides asked at every one of their turns
    to move (their choice must be the recorded one), so they rebuild their memory exactly as
    in the battle that was never interrupted; ReplayError saying where a choice differs."""
    battle = begin_replay(log, setup, ruleset)
    match = Match(battle, players)
    commands = [_command(data, i) for i, data in enumerate(log.commands)]
    index = 0
    while index < len(commands):
        logged = commands[index]
        side = battle.state.side_to_move
        if side is not None and side in players:
            asked = match.next_command()  # the AI thinks (and remembers) as it did
            if asked != logged and not _refused_then_ended(battle, asked, logged):
                raise ReplayError(
                    f"command {index + 1}: the {side.label} AI now chooses {asked}, "
                    f"the record has {logged} (the AI or the rules changed)"
                )
            match.apply(asked)  # a refused choice ends the phase, as the record shows
        else:
            verdict, _ = battle.execute(logged)
            if isinstance(verdict, Refusal):
                raise ReplayError(f"command {index + 1} ({logged}) was refused: {verdict.reason}")
        index += 1
    check_reached(battle, log)
    return Resumed(battle, players)


def _refused_then_ended(battle: RecordedBattle, asked: Command, logged: Command) -> bool:
    """The AI's choice was refused and its phase ended in its place (what the record shows
    as an EndTurn)."""
    return isinstance(logged, EndTurn) and isinstance(asked.validate(battle.state), Refusal)


def _command(data: dict[str, object], index: int) -> Command:
    try:
        return command_from_dict(data)
    except ValueError as exc:
        raise ReplayError(f"command {index + 1}: {exc}") from None
