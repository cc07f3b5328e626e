"""Campaign progress on disk is never lost: a damaged file is kept aside with a message, and
progress that a battle from an older save would overwrite is kept aside too."""

from __future__ import annotations

import pytest

from game.campaign.progress import CampaignState
from game.client.campaign_flow import PROGRESS_NAME, CampaignRun
from game.client.session_error import SessionError
from game.saves.campaign_saves import load_progress
from game.sim.turns import final_outcome


def test_a_damaged_progress_file_is_kept_and_explained(tmp_path, ruleset):
    path = tmp_path / PROGRESS_NAME
    path.write_text('{"street_by_street_save": {"format": 1, "kind": "camp')
    with pytest.raises(SessionError, match=r"could not be read.*kept as campaign\.damaged-1\.json"):
        CampaignRun.open(ruleset, tmp_path)
    assert (tmp_path / "campaign.damaged-1.json").exists() and not path.exists()
    run = CampaignRun.open(ruleset, tmp_path)  # the game carries on from the first mission
    assert run.mission == 1


def test_finishing_a_battle_from_an_older_point_keeps_the_newer_progress(tmp_path, ruleset):
    run = CampaignRun.open(ruleset, tmp_path)
    played = run.start(ruleset, seed=1)  # mission 1, from progress with no results
    final_outcome(played.battle.state)
    run.finish()
    first = load_progress(tmp_path / PROGRESS_NAME)
    assert len(first.results) == 1
    # a save made during mission 1 is loaded again and played to its end once more
    again = CampaignRun.open(ruleset, tmp_path)
    again.progress = CampaignState.from_dict(played.progress.to_dict())
    again.played, again.recorded = played, False
    again.finish()
    kept = sorted(tmp_path.glob("campaign.replaced-*.json"))
    assert [p.name for p in kept] == ["campaign.replaced-1.json"]
    assert load_progress(kept[0]) == first  # the progress it replaced is kept, whole
