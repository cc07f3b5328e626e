"""What a move may change, recorded before it so that a clean move can be taken back without
copying the whole battle: every unit's fields and every small table of the state, but not
the terrain, the smoke or the random generator (a move that changes those is never clean)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from game.battle.state import BattleState
from game.battle.units import UnitState

# the static parts (shared with the scenario and the rules) and the big arrays a clean move
# leaves alone: a blast, a berm or smoke is never part of a move that can be undone
NOT_RECORDED = frozenset(
    {
        "ruleset",
        "rules",
        "tiles",
        "kind_gid",
        "objectives",
        "map_events",
        "scenario_hash",
        "triggers",
        "grid",
        "smoke",
        "rng",
        "units",
    }
)


def _copied(value: Any) -> Any:
    """One level deeper than a shallow copy: a table's sets and lists are copied too."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, set | list):
        return type(value)(value)
    return value


@dataclass
class UndoPoint:
    """The state's units and tables as they were; `restore` puts them back in place."""

    units: dict[str, UnitState]
    tables: dict[str, Any]

    @classmethod
    def take(cls, state: BattleState) -> UndoPoint:
        """Record the state before a move (about a unit's worth of copying per unit)."""
        tables = {
            f.name: _copied(getattr(state, f.name))
            for f in fields(state)
            if f.name not in NOT_RECORDED
        }
        return cls({uid: u.copy() for uid, u in state.units.items()}, tables)

    def restore(self, state: BattleState) -> None:
        """Put the recorded units and tables back into the state (the same state object)."""
        for uid, recorded in self.units.items():  # the same unit objects keep their identity
            unit = state.units.setdefault(uid, recorded.copy())
            unit.__dict__.update(recorded.copy().__dict__)
        for uid in set(state.units) - set(self.units):
            del state.units[uid]
        for name, value in self.tables.items():
            setattr(state, name, _copied(value))

    def trigger_status(self) -> dict[int, str]:
        """The triggers' statuses as they were (a move that fired one is not clean)."""
        return dict(self.tables["trigger_status"])
