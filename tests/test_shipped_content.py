"""The shipped scenarios and campaign validate, and the campaign plays AI against AI to its end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIVE = ["qadisiyah.tmx", "arbajiyah.tmx", "al-bakr.tmx", "southern-approach.tmx", "nimrud.tmx"]


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_validate_maps_passes_for_the_five_scenarios_and_the_campaign():
    run = _main("validate", "maps")
    assert run.returncode == 0, run.stdout
    for name in FIVE:
        assert f"maps/{name}: ok" in run.stdout
    assert "maps/campaign.toml: ok - campaign" in run.stdout and "5 scenarios" in run.stdout


def test_the_built_in_campaign_plays_from_start_to_end():
    run = _main("simulate", "--campaign", "--seed", "11", "--max-turns", "2", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["seed"] == 11
    assert [s["scenario"] for s in result["scenarios"]] == FIVE
    assert all(s["turns"] <= 2 for s in result["scenarios"])
    assert result["roster"], "the roster should survive two-turn battles"
