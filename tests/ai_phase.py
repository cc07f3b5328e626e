"""Run an AI's whole phase in a test battle, through the one match loop (play/match.py)."""

from __future__ import annotations

from game.ai.player import AIPlayer
from game.battle.state import BattleState
from game.commands import Command, EndTurn
from game.play.match import Match, StateBattle


def ai_phase(state: BattleState, ai: AIPlayer, limit: int = 200) -> list[Command]:
    """Play the side to move's phase with `ai` until it ends its turn (the EndTurn is not
    run) and return its commands; every command must be accepted."""
    side = state.side_to_move
    assert side is not None, "the battle is over"
    match = Match(StateBattle(state), {side: ai}, phase_limit=limit)
    commands: list[Command] = []
    while not state.over:
        command = match.next_command()
        if isinstance(command, EndTurn):
            break
        step = match.apply(command)
        assert not step.refused, (command, step.verdict)
        commands.append(command)
    return commands
