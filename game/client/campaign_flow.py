"""The campaign in the client: progress kept in saves/campaign.json, the next mission with
the roster deployed into it, and the result carried forward after the debrief."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.battle.setup import UnitPlacement
from game.campaign.campaign_file import Campaign, CampaignScenario, load_campaign
from game.campaign.progress import CampaignState
from game.campaign.roster import Deployment, plan_deployment, player_slots
from game.client.session_error import SessionError
from game.core.paths import MAPS_DIR
from game.core.problems import ScenarioError
from game.play.campaign_play import CampaignBattle, finish_campaign_battle, start_campaign_battle
from game.rules.ruleset import Ruleset
from game.saves.campaign_saves import load_progress, save_progress
from game.saves.save_files import SaveError
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario

CAMPAIGN_FILE = MAPS_DIR / "campaign.toml"
PROGRESS_NAME = "campaign.json"


@dataclass
class CampaignRun:
    """A campaign being played: its file, the progress, and the battle started from it."""

    campaign: Campaign
    progress: CampaignState
    progress_path: Path
    played: CampaignBattle | None = None
    recorded: bool = False
    started_index: int = 0  # the mission the battle was started for
    choices: dict[int, str] = field(default_factory=dict)  # slot object id -> roster id
    seed: int = 0
    finished_before: bool = False  # opened on a campaign that was already complete
    _slots_scenario: tuple[int, Scenario] | None = None

    @property
    def advanced(self) -> bool:
        """Whether the recorded battle moved the campaign on (won; a defeat is retried)."""
        return self.recorded and self.progress.index > self.started_index

    @classmethod
    def open(cls, ruleset: Ruleset, save_dir: Path, path: Path = CAMPAIGN_FILE) -> CampaignRun:
        """Continue the saved campaign, or start it; SessionError when the file has problems."""
        try:
            campaign = load_campaign(path, ruleset)
        except ScenarioError as exc:
            lines = [str(p) for p in exc.problems if not p.warning] or [str(exc)]
            raise SessionError("\n".join(lines)) from None
        except OSError as exc:
            raise SessionError(f"{path}: {exc}") from None
        progress_path = save_dir / PROGRESS_NAME
        progress = CampaignState(campaign=str(path))
        if progress_path.exists():
            try:
                saved = load_progress(progress_path)
            except SaveError as exc:
                kept = set_aside(progress_path, "damaged")
                raise SessionError(
                    f"The campaign progress could not be read: {exc} The file was kept as "
                    f"{kept.name}; choose Campaign again to start from the first mission."
                ) from None
            if saved.campaign == str(path):
                progress = saved
        return cls(campaign, progress, progress_path, finished_before=progress.finished)

    def restart(self) -> None:
        """Begin the campaign again from the first mission (the old progress is replaced)."""
        self.progress = CampaignState(campaign=self.progress.campaign)
        self.played, self.recorded, self.choices = None, False, {}
        self.finished_before = False
        self._slots_scenario = None
        if self.progress_path.exists():
            set_aside(self.progress_path, "replaced")
        save_progress(self.progress_path, self.progress)

    @property
    def entry(self) -> CampaignScenario:
        """The campaign's entry for the mission to play."""
        return self.campaign.scenarios[self.progress.index]

    @property
    def can_choose(self) -> bool:
        """Whether the player picks who fills the slots of this mission."""
        return self.entry.choose_deployment and bool(self.progress.roster)

    def slots(self, ruleset: Ruleset) -> list[UnitPlacement]:
        """The mission's player slots the roster fills (attached formations left out)."""
        index = self.progress.index
        if self._slots_scenario is None or self._slots_scenario[0] != index:
            self._slots_scenario = (index, load_scenario(self.map_path, ruleset))
        scenario = self._slots_scenario[1]
        return [
            s
            for s in player_slots(scenario, self.campaign)
            if s.unit_type not in self.entry.attached
        ]

    def preview(self, ruleset: Ruleset, choices: dict[int, str]) -> Deployment:
        """The deployment these choices give (the progress is not changed); DeploymentError."""
        self.slots(ruleset)
        assert self._slots_scenario is not None
        trial = CampaignState.from_dict(self.progress.to_dict())
        return plan_deployment(
            self.campaign, self.entry, trial, self._slots_scenario[1], choices or None
        )

    @property
    def mission(self) -> int:
        """The number of the mission to play (from 1)."""
        return self.progress.index + 1

    @property
    def missions(self) -> int:
        """How many missions the campaign has."""
        return len(self.campaign.scenarios)

    @property
    def map_path(self) -> Path:
        """The map of the mission to play."""
        return Path(self.campaign.scenarios[self.progress.index].map)

    def start(self, ruleset: Ruleset, seed: int) -> CampaignBattle:
        """Deploy the roster into the next mission (with the player's choices) and start it."""
        self.seed = seed
        choices = self.choices if self.entry.choose_deployment else None
        try:
            self.played = start_campaign_battle(
                self.campaign, self.progress, ruleset, seed, choices or None
            )
        except ScenarioError as exc:
            lines = [str(p) for p in exc.problems if not p.warning] or [str(exc)]
            raise SessionError("\n".join(lines)) from None
        self.recorded = False
        self.started_index = self.progress.index
        return self.played

    def finish(self) -> None:
        """Carry the ended battle's result forward and save the progress (once)."""
        if self.played is None or self.recorded:
            return
        self.progress = finish_campaign_battle(self.campaign, self.played)
        self.recorded = True
        if self._moved_on_since_start():
            set_aside(self.progress_path, "replaced")
        save_progress(self.progress_path, self.progress)

    def _moved_on_since_start(self) -> bool:
        """Whether the progress on disk went past the point this battle started from (a save
        from an earlier mission was loaded): that progress is kept aside, never lost."""
        if self.played is None or not self.progress_path.exists():
            return False
        try:
            on_disk = load_progress(self.progress_path)
        except SaveError:
            return True
        return len(on_disk.results) > len(self.played.progress.results)


def set_aside(path: Path, why: str) -> Path:
    """Rename a progress file out of the way (campaign.why-N.json) and return its new path."""
    n = 1
    while (target := path.with_name(f"{path.stem}.{why}-{n}{path.suffix}")).exists():
        n += 1
    path.replace(target)
    return target
