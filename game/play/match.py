"""One battle stepped by its players: the one loop that lets AI players take their phases,
with the guard on a stuck phase and the rule "a refused AI command ends the phase".

simulate, balance, campaigns, the client's enemy phase, screenshots and the bench all step
battles through `Match`, so every caller plays by the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from game.ai.player import AIPlayer
from game.battle.state import BattleState
from game.commands import Command, EndTurn, Refusal, Verdict, execute
from game.core.values import Side
from game.sim.events import Event

MAX_COMMANDS_PER_PHASE = 400  # a safety net: a phase with more AI commands than this is ended


class Steppable(Protocol):
    """What a match steps: a battle with its state and a way to run a command on it
    (a RecordedBattle, the client's BattleSession, or a bare state through `StateBattle`)."""

    @property
    def state(self) -> BattleState:
        """The battle's current state."""
        ...

    def execute(self, command: Command) -> tuple[Verdict, list[Event]]:
        """Validate and apply a command."""
        ...


@dataclass
class StateBattle:
    """A bare battle state as a Steppable (no log: benches and tests that play on a copy)."""

    state: BattleState

    def execute(self, command: Command) -> tuple[Verdict, list[Event]]:
        """Validate and apply the command on the state."""
        return execute(self.state, command)


@dataclass(frozen=True)
class Step:
    """One AI command played: what was asked, the verdict, its events, and whether it was
    refused (then its side's phase was ended in its place)."""

    command: Command
    verdict: Verdict
    events: list[Event]
    refused: bool


@dataclass
class Match:
    """A battle and the AI players of its sides. A side without a player ends its phase at
    once when asked to play (the client asks only for the sides the AI plays)."""

    battle: Steppable
    players: Mapping[Side, AIPlayer]
    phase_limit: int = MAX_COMMANDS_PER_PHASE
    _phase: tuple[int, str, Side | None] | None = field(default=None, init=False, repr=False)
    _in_phase: int = field(default=0, init=False, repr=False)

    @property
    def state(self) -> BattleState:
        """The battle's current state."""
        return self.battle.state

    def next_command(self) -> Command:
        """The command of the side to move: its player's choice, or EndTurn once the phase
        has had `phase_limit` commands (a stuck AI) or the side has no player."""
        state = self.battle.state
        side = state.side_to_move
        if side is None:
            raise ValueError("the battle is over: no side is to move")
        phase = (state.turn, str(state.phase), side)
        if phase != self._phase:
            self._phase, self._in_phase = phase, 0
        self._in_phase += 1
        player = self.players.get(side)
        if player is None or self._in_phase > self.phase_limit:
            return EndTurn(side)
        return player.next_command(state)

    def apply(self, command: Command) -> Step:
        """Run a command; a refused one ends its side's phase instead (the AI checks its
        commands, so a refusal means it has nothing sound left to do)."""
        side = self.battle.state.side_to_move
        verdict, events = self.battle.execute(command)
        if isinstance(verdict, Refusal):
            assert side is not None
            self.battle.execute(EndTurn(side))
            return Step(command, verdict, [], refused=True)
        return Step(command, verdict, events, refused=False)

    def step(self) -> Step:
        """Play the next command of the side to move."""
        return self.apply(self.next_command())

    def play(self, stop: Callable[[BattleState], bool] | None = None) -> None:
        """Let the players take turns until the battle ends (or `stop` says so)."""
        while not self.battle.state.over and not (stop and stop(self.battle.state)):
            self.step()


def play(
    battle: Steppable,
    players: Mapping[Side, AIPlayer],
    stop: Callable[[BattleState], bool] | None = None,
) -> None:
    """Let the players take turns on a battle until it ends (or `stop` says so)."""
    Match(battle, players).play(stop)
