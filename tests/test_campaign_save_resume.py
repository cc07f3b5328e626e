"""A battle saved during a campaign mission resumes the mission: loading it and finishing it
gives the same campaign progress as never having saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.campaign.campaign_file import load_campaign
from game.campaign.progress import CampaignState
from game.commands import Refusal, command_from_dict
from game.core.paths import MAPS_DIR
from game.play.campaign_play import (
    campaign_context,
    finish_campaign_battle,
    resume_campaign_battle,
    start_campaign_battle,
)
from game.play.match import play
from game.play.simulate import ai_players
from game.rules.ruleset import load_ruleset
from game.saves.save_files import SaveError, read_save, save_battle


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def campaign(ruleset):
    return load_campaign(MAPS_DIR / "campaign.toml", ruleset)


def second_mission(campaign) -> CampaignState:
    """Progress at mission 2 with a small roster (one more CTS team than the AI needs)."""
    progress = CampaignState(campaign=str(campaign.path), index=1)
    for name, unit_type, level in (
        ("Alpha", "cts", 2),
        ("Bravo", "cts", 1),
        ("Eagle", "sniper", 1),
    ):
        progress.new_unit(name, unit_type).level = level
    return progress


def test_save_mid_mission_load_and_finish_gives_the_same_progress(tmp_path, ruleset, campaign):
    progress = second_mission(campaign)
    choices = {25: "r2", 26: "r1"}
    whole = start_campaign_battle(campaign, progress, ruleset, 7, choices, max_turns=2)
    play(whole.battle, ai_players())
    expected = finish_campaign_battle(campaign, whole, advance_on_defeat=True)
    commands = [command_from_dict(c) for c in whole.battle.log.commands]
    assert whole.battle.state.over and len(commands) > 4

    cut = len(commands) // 2
    played = start_campaign_battle(campaign, progress, ruleset, 7, choices, max_turns=2)
    for command in commands[:cut]:
        assert not isinstance(played.battle.execute(command)[0], Refusal)
    path = tmp_path / "mid.sbs.json"
    save_battle(path, played.battle, "mid", campaign_context(campaign, played))
    del played

    save = read_save(path)
    assert save.campaign is not None and save.campaign["progress"]["index"] == 1
    resumed_campaign, resumed = resume_campaign_battle(save, ruleset)
    assert resumed.deployment.slots[25] == "r2" and resumed.deployment.slots[26] == "r1"
    for command in commands[cut:]:
        assert not isinstance(resumed.battle.execute(command)[0], Refusal)
    assert resumed.battle.state.state_hash() == whole.battle.state.state_hash()
    result = finish_campaign_battle(resumed_campaign, resumed, advance_on_defeat=True)
    assert json.dumps(result.to_dict(), sort_keys=True) == json.dumps(
        expected.to_dict(), sort_keys=True
    )
    assert result.index == 2 and len(result.results) == 1


def test_a_damaged_campaign_context_gives_a_message(tmp_path, ruleset, campaign):
    played = start_campaign_battle(campaign, second_mission(campaign), ruleset, 3, max_turns=1)
    context = campaign_context(campaign, played)
    context["deployment"]["slots"] = {"25": "r99"}
    path = tmp_path / "bad.sbs.json"
    save_battle(path, played.battle, "bad", context)
    with pytest.raises(SaveError, match="unknown roster unit"):
        resume_campaign_battle(read_save(path), ruleset)
    context["file"] = str(Path(tmp_path / "gone.campaign.toml"))
    save_battle(path, played.battle, "bad", context)
    with pytest.raises(SaveError, match="campaign file"):
        resume_campaign_battle(read_save(path), ruleset)
