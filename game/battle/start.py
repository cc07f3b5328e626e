"""What a battle was started with beyond its map: the deployment, the experience carried in,
the difficulty, who plays each side and the rules' digest (part of every battle record)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from game.battle.setup import BattleSetup
from game.battle.state import BattleState
from game.battle.units import Veterancy

SetupT = TypeVar("SetupT", bound=BattleSetup)
PLAYER_KINDS = ("human", "ai")
OBJECT_LEVELS = {"veteran": "hard"}  # a level whose battles deploy another level's objects


@dataclass(frozen=True)
class BattleStart:
    """The battle's start beyond the map: placements renamed or left out (a campaign's
    deployment), each deployed unit's experience, and how it is played."""

    names: dict[int, str] = field(default_factory=dict)  # placement object id -> unit name
    left_out: tuple[int, ...] = ()  # placements not deployed
    veterancy: dict[str, Veterancy] = field(default_factory=dict)  # unit id -> experience
    difficulty: str = "standard"
    players: dict[str, str] = field(default_factory=dict)  # side -> "human" or "ai"
    rules_digest: str = ""  # the rules files the battle was played with ("" not recorded)

    def deploy(self, setup: SetupT) -> SetupT:
        """The setup with the placements renamed, those left out removed, and only the
        objects of this difficulty (or of any; a veteran battle deploys the hard objects)."""
        level = OBJECT_LEVELS.get(self.difficulty, self.difficulty)
        fits = {"any", level}
        levels = [u.difficulty for u in setup.units] + [o.difficulty for o in setup.objectives]
        levels += [e.difficulty for e in setup.events] + [t.difficulty for t in setup.triggers]
        if not self.names and not self.left_out and all(each in fits for each in levels):
            return setup
        gone = set(self.left_out)
        units = [
            replace(p, name=self.names.get(p.object_id, p.name))
            for p in setup.units
            if p.object_id not in gone and p.difficulty in fits
        ]
        return replace(
            setup,
            units=units,
            objectives=[o for o in setup.objectives if o.difficulty in fits],
            events=[e for e in setup.events if e.difficulty in fits],
            triggers=[t for t in setup.triggers if t.difficulty in fits],
        )

    def carry_in(self, state: BattleState) -> None:
        """Give the deployed units their experience (at the battle's start)."""
        for uid, veterancy in sorted(self.veterancy.items()):
            if uid in state.units:
                state.units[uid].veterancy = veterancy

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {
            "names": {str(k): v for k, v in sorted(self.names.items())},
            "left_out": list(self.left_out),
            "veterancy": {k: v.to_dict() for k, v in sorted(self.veterancy.items())},
            "difficulty": self.difficulty,
            "players": dict(sorted(self.players.items())),
            "rules_digest": self.rules_digest,
        }

    @classmethod
    def from_dict(cls, data: Any) -> BattleStart:
        """Read `to_dict` output; ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("the battle's start is not a table")
        names = data.get("names", {})
        left_out = data.get("left_out", [])
        veterancy = data.get("veterancy", {})
        players = data.get("players", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise ValueError("start.names must map object ids to unit names")
        if not isinstance(left_out, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in left_out
        ):
            raise ValueError("start.left_out must be a list of object ids")
        if not isinstance(veterancy, dict) or not all(
            isinstance(v, dict) for v in veterancy.values()
        ):
            raise ValueError("start.veterancy must map unit ids to experience tables")
        if not isinstance(players, dict) or not all(p in PLAYER_KINDS for p in players.values()):
            raise ValueError(f"start.players must map sides to one of {', '.join(PLAYER_KINDS)}")
        try:
            return cls(
                names={int(k): v for k, v in names.items()},
                left_out=tuple(left_out),
                veterancy={
                    str(k): Veterancy(
                        roster_id=str(v["roster_id"]),
                        level=int(v["level"]),
                        accuracy_bonus=float(v["accuracy_bonus"]),
                        spotting_bonus=float(v["spotting_bonus"]),
                    )
                    for k, v in veterancy.items()
                },
                difficulty=str(data.get("difficulty", "standard")),
                players={str(k): str(v) for k, v in players.items()},
                rules_digest=str(data.get("rules_digest", "")),
            )
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"the battle's start is damaged ({exc})") from None
