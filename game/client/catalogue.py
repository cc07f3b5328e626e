"""The scenarios the player can choose: every map under maps/, valid or with its first problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.campaign.validate import find_maps
from game.core.paths import MAPS_DIR
from game.rules.ruleset import Ruleset
from game.scenario.loader import check_scenario
from game.scenario.model import Scenario

CAMPAIGN_ORDER = ("qadisiyah", "arbajiyah", "al_bakr", "southern_approach", "nimrud")


@dataclass(frozen=True)
class ScenarioEntry:
    """One map file: its scenario when valid, else the validator's first message."""

    path: Path
    scenario: Scenario | None
    problem: str = ""

    @property
    def title(self) -> str:
        """The scenario's title, or the file name when the map is invalid."""
        return self.scenario.title if self.scenario else self.path.stem


def _order(path: Path) -> tuple[int, str]:
    stem = path.name.split(".")[0]
    rank = CAMPAIGN_ORDER.index(stem) if stem in CAMPAIGN_ORDER else len(CAMPAIGN_ORDER)
    return (rank, stem)


def scan_maps(ruleset: Ruleset, folder: Path = MAPS_DIR) -> list[ScenarioEntry]:
    """Every map below a folder, campaign maps first, each loaded or with its first problem."""
    entries = []
    for path in sorted(find_maps(folder), key=_order) if folder.is_dir() else []:
        try:
            scenario, problems = check_scenario(path, ruleset)
        except Exception as exc:  # a map must never crash the menu
            entries.append(ScenarioEntry(path, None, f"{path.name}: cannot be read ({exc})"))
            continue
        errors = [str(p) for p in problems if not p.warning]
        first = errors[0] if errors else (str(problems[0]) if problems else "invalid map")
        entries.append(ScenarioEntry(path, scenario, "" if scenario else first))
    return entries
