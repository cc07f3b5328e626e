"""Campaign progress: the roster of surviving units and the result of each scenario played."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from game.core import doc_fields as check
from game.core.doc_fields import FieldError, Fields

CAMPAIGN_STATE_VERSION = 1


@dataclass
class RosterUnit:
    """A unit that carries over between battles, keeping its name and experience."""

    id: str
    name: str
    unit_type: str
    level: int = 0
    battles: int = 0


@dataclass
class ScenarioResult:
    """How one battle of the campaign ended (civilian harm first, as in every debrief)."""

    map: str
    title: str
    winner: str
    turns: int
    civilian_casualties: int
    civilians_evacuated: int
    own_losses: int
    enemy_losses: int
    score: float
    attempt: int
    objectives: list[str] = field(default_factory=list)  # "name: status", the player's side


@dataclass
class CampaignState:
    """Where a campaign stands: the next scenario, the roster, the results so far."""

    campaign: str  # the campaign file's path as given
    index: int = 0  # the scenario to play next
    roster: list[RosterUnit] = field(default_factory=list)
    results: list[ScenarioResult] = field(default_factory=list)
    next_id: int = 1
    attempts: int = 0  # tries of the current scenario so far
    finished: bool = False

    def new_unit(self, name: str, unit_type: str) -> RosterUnit:
        """Enlist a unit in the roster with a fresh campaign id."""
        unit = RosterUnit(id=f"r{self.next_id}", name=name, unit_type=unit_type)
        self.next_id += 1
        self.roster.append(unit)
        return unit

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of the whole progress."""
        return {
            "version": CAMPAIGN_STATE_VERSION,
            "campaign": self.campaign,
            "index": self.index,
            "roster": [asdict(u) for u in self.roster],
            "results": [asdict(r) for r in self.results],
            "next_id": self.next_id,
            "attempts": self.attempts,
            "finished": self.finished,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "progress") -> CampaignState:
        """Rebuild progress from `to_dict` output; every field is checked first (FieldError,
        a ValueError, naming the field as `where.roster[2].level` when one is wrong)."""
        doc = Fields(data, where)
        if doc.raw("version", None) != CAMPAIGN_STATE_VERSION:
            version = doc.raw("version", None)
            raise FieldError(f"campaign progress version {version!r} is unknown")
        roster = doc.items("roster")
        results = doc.items("results")
        return cls(
            campaign=doc.text("campaign"),
            index=doc.whole("index", low=0),
            roster=[_roster_unit(u, f"{doc.path('roster')}[{i}]") for i, u in enumerate(roster)],
            results=[_result(r, f"{doc.path('results')}[{i}]") for i, r in enumerate(results)],
            next_id=doc.whole("next_id", low=1),
            attempts=doc.whole("attempts", low=0),
            finished=doc.flag("finished"),
        )


def _roster_unit(data: Any, where: str) -> RosterUnit:
    """A roster unit from its saved table, checked."""
    doc = Fields(data, where)
    doc.keys_in(("id", "name", "unit_type", "level", "battles"))
    return RosterUnit(
        id=doc.text("id"),
        name=doc.text("name"),
        unit_type=doc.text("unit_type"),
        level=doc.whole("level", low=0, default=0),
        battles=doc.whole("battles", low=0, default=0),
    )


def _result(data: Any, where: str) -> ScenarioResult:
    """A scenario's result from its saved table, checked."""
    doc = Fields(data, where)
    counts = ("turns", "civilian_casualties", "civilians_evacuated", "own_losses")
    doc.keys_in(
        ("map", "title", "winner", "score", "attempt", "objectives", *counts, "enemy_losses")
    )
    objectives = doc.items("objectives", default=[])
    return ScenarioResult(
        map=doc.text("map"),
        title=doc.text("title"),
        winner=doc.text("winner"),
        turns=doc.whole("turns", low=0),
        civilian_casualties=doc.whole("civilian_casualties", low=0),
        civilians_evacuated=doc.whole("civilians_evacuated", low=0),
        own_losses=doc.whole("own_losses", low=0),
        enemy_losses=doc.whole("enemy_losses", low=0),
        score=float(doc.number("score")),
        attempt=doc.whole("attempt", low=0),
        objectives=[
            check.text(o, f"{doc.path('objectives')}[{i}]") for i, o in enumerate(objectives)
        ],
    )
