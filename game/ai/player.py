"""What every AI player offers the game loop, and the standard pairings of AI players."""

from __future__ import annotations

from typing import Protocol

from game.battle.state import BattleState
from game.commands import Command
from game.core.values import Side

AI_KINDS = ("standard", "hard", "veteran", "baseline")  # ISIL level vs the standard coalition AI


class AIPlayer(Protocol):
    """An AI for one side: `next_command` until it returns EndTurn (it only reads the state)."""

    side: Side

    def next_command(self, state: BattleState) -> Command:
        """The side's next command."""
        ...


def isil_ai(level: str = "standard") -> AIPlayer:
    """The ISIL AI at `level`: the planning veteran AI for a level that plans."""
    from game.ai.difficulty import difficulty
    from game.ai.isil import IsilAI
    from game.ai.veteran import VeteranAI

    if difficulty(level).plans:
        return VeteranAI(Side.ISIL, level)
    return IsilAI(Side.ISIL, level)


def standard_players(kind: str = "standard") -> dict[Side, AIPlayer]:
    """The ISIL AI at level `kind` against the standard coalition AI ("baseline": the
    baseline AI on both sides); ValueError naming the kinds for anything else."""
    from game.ai.baseline import BaselineAI
    from game.ai.coalition import CoalitionAI

    if kind == "baseline":
        return {side: BaselineAI(side) for side in Side}
    if kind not in AI_KINDS:
        raise ValueError(f"unknown AI {kind!r} (known: {', '.join(AI_KINDS)})")
    return {Side.ISIL: isil_ai(kind), Side.COALITION: CoalitionAI(Side.COALITION)}
