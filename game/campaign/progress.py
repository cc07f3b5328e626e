"""Campaign progress: the roster of surviving units and the result of each scenario played."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
    def from_dict(cls, data: dict[str, Any]) -> CampaignState:
        """Rebuild progress from `to_dict` output (ValueError/KeyError/TypeError if malformed)."""
        if data.get("version") != CAMPAIGN_STATE_VERSION:
            raise ValueError(f"campaign progress version {data.get('version')!r} is unknown")
        return cls(
            campaign=str(data["campaign"]),
            index=int(data["index"]),
            roster=[RosterUnit(**u) for u in data["roster"]],
            results=[ScenarioResult(**r) for r in data["results"]],
            next_id=int(data["next_id"]),
            attempts=int(data["attempts"]),
            finished=bool(data["finished"]),
        )
