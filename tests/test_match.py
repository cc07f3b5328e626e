"""The one match loop: a refused AI command ends its side's phase, a stuck phase is ended."""

from __future__ import annotations

from game.battle.state import BattleState
from game.commands import Command, EndTurn, Move
from game.core.values import Side, TilePos
from game.play.match import Match, StateBattle
from tests.battle_builder import BattleBuilder


class Scripted:
    """An AI player that answers every call with the next command of a fixed list."""

    def __init__(self, side: Side, commands: list[Command]) -> None:
        self.side = side
        self.commands = list(commands)
        self.asked = 0

    def next_command(self, state: BattleState) -> Command:
        """The next scripted command (EndTurn when the list is used up)."""
        self.asked += 1
        return self.commands.pop(0) if self.commands else EndTurn(self.side)


def _battle(ruleset) -> tuple[BattleState, str]:
    b = BattleBuilder(ruleset, ["==========", "===~======", "=========="])
    uid = b.unit("infantry", (0, 0), Side.COALITION)
    b.unit("isil_fighters", (9, 2), Side.ISIL)
    return b.battle(), uid


def test_a_refused_ai_command_ends_the_phase(ruleset) -> None:
    state, uid = _battle(ruleset)
    into_the_river = Move(uid, TilePos(3, 1))
    match = Match(StateBattle(state), {Side.COALITION: Scripted(Side.COALITION, [into_the_river])})
    assert state.side_to_move is Side.COALITION
    step = match.step()
    assert step.refused
    assert state.side_to_move is not Side.COALITION
    assert state.units[uid].pos == TilePos(0, 0)


def test_a_phase_that_never_ends_is_ended_at_the_limit(ruleset) -> None:
    state, uid = _battle(ruleset)
    steps = [Move(uid, TilePos(1, 0)), Move(uid, TilePos(2, 0)), Move(uid, TilePos(3, 0))]
    player = Scripted(Side.COALITION, steps)
    match = Match(StateBattle(state), {Side.COALITION: player}, phase_limit=2)
    first, second = match.step(), match.step()
    assert not first.refused and not second.refused
    assert state.units[uid].pos == TilePos(2, 0)
    third = match.next_command()
    assert third == EndTurn(Side.COALITION)  # the limit, not the player's third move
    assert player.asked == 2


def test_a_side_without_a_player_ends_its_phase(ruleset) -> None:
    state, _ = _battle(ruleset)
    match = Match(StateBattle(state), {})
    assert match.next_command() == EndTurn(Side.COALITION)
    match.step()
    assert state.side_to_move is not Side.COALITION
