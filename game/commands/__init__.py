"""Commands: frozen values (Move, Fire, ...) with validate -> Ok | Refusal and apply -> events.

`execute` is the one way a battle changes: the player, the AI, replays and tests use it.
"""

from __future__ import annotations

from typing import Any

from game.battle.state import BattleState
from game.battle.units import Sector
from game.commands.base import OK, Command, Ok, Refusal, Verdict
from game.commands.fire import Fire
from game.commands.move import Move
from game.commands.special import BuildBerm, ClearRubble, Detonate, LaunchDrone, ThrowSmoke
from game.commands.turn import EndTurn, Overwatch, StandDown
from game.core.values import Side, TilePos
from game.sim.events import Event
from game.sim.turns import after_command

COMMAND_TYPES: dict[str, type[Command]] = {
    cls.kind: cls
    for cls in (
        Move,
        Fire,
        Overwatch,
        StandDown,
        ThrowSmoke,
        BuildBerm,
        ClearRubble,
        Detonate,
        LaunchDrone,
        EndTurn,
    )
}

__all__ = [
    "COMMAND_TYPES",
    "OK",
    "BuildBerm",
    "ClearRubble",
    "Command",
    "Detonate",
    "EndTurn",
    "Fire",
    "LaunchDrone",
    "Move",
    "Ok",
    "Overwatch",
    "Refusal",
    "StandDown",
    "ThrowSmoke",
    "Verdict",
    "command_from_dict",
    "execute",
]


def execute(state: BattleState, command: Command) -> tuple[Verdict, list[Event]]:
    """Validate and apply a command; count its events; run the after-command checks."""
    verdict = command.validate(state)
    if isinstance(verdict, Refusal):
        return verdict, []
    events = command.apply(state)
    events += after_command(state, events)
    for event in events:
        state.count(event.kind.value)
    return verdict, events


def command_from_dict(data: dict[str, Any]) -> Command:
    """Rebuild a command from its `to_dict` form; ValueError with a message when malformed."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in COMMAND_TYPES:
        known = ", ".join(COMMAND_TYPES)
        raise ValueError(f"not a command: {data!r} (kinds: {known})")
    cls = COMMAND_TYPES[data["kind"]]
    args: dict[str, Any] = {}
    try:
        for key, value in data.items():
            if key == "kind":
                continue
            if key in ("dest", "target"):
                value = TilePos(int(value[0]), int(value[1]))
            elif key == "path":
                value = tuple(TilePos(int(x), int(y)) for x, y in value)
            elif key == "side":
                value = Side(value)
            elif key == "sector":
                value = Sector.from_dict(value)
            args[key] = value
        return cls(**args)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError) as exc:
        raise ValueError(f"malformed {data['kind']} command {data!r}: {exc}") from None
