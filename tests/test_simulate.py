"""`python main.py simulate`: AI against AI to the end, deterministic per seed, JSON or text."""

from __future__ import annotations

import json

from game.cli import main
from game.commands.command_log import CommandLog, replay
from game.core.paths import MAPS_DIR
from game.scenario.loader import load_scenario

QADISIYAH = MAPS_DIR / "qadisiyah.tmx"
KEYS = {
    "scenario", "seed", "winner", "turns", "losses", "civilian_casualties", "score", "events",
    "state_hash",
}  # fmt: skip


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_same_seed_same_hash_and_the_log_replays(capsys, tmp_path, ruleset):
    log_file = tmp_path / "log.json"
    code, out, _ = _run(capsys, str(QADISIYAH), "--seed", "7", "--json", "--log", str(log_file))
    assert code == 0
    result = json.loads(out)
    assert set(result) >= KEYS
    # seed 7 is a known battle: the coalition clears the mosque block on turn 13
    assert (result["winner"], result["turns"], result["seed"]) == ("coalition", 13, 7)
    assert result["end_reason"] == "coalition met its objectives"
    assert set(result["losses"]) == {"coalition", "isil"}
    assert result["events"]["phase"] >= 2 * result["turns"] - 1
    again = replay(CommandLog.load(log_file), load_scenario(QADISIYAH, ruleset), ruleset)
    assert again.state.over and again.state.state_hash() == result["state_hash"]


def test_different_seeds_differ_and_max_turns_stops(capsys):
    results = []
    for seed in ("7", "8"):
        code, out, _ = _run(capsys, str(QADISIYAH), "--seed", seed, "--max-turns", "3", "--json")
        assert code == 0
        results.append(json.loads(out))
    assert all(r["turns"] <= 3 for r in results)
    assert results[0]["state_hash"] != results[1]["state_hash"]
    code, out, _ = _run(capsys, str(QADISIYAH), "--seed", "7", "--max-turns", "3", "--json")
    assert json.loads(out)["state_hash"] == results[0]["state_hash"]


def test_readable_summary_puts_civilians_first(capsys):
    code, out, _ = _run(capsys, str(QADISIYAH), "--seed", "2", "--max-turns", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("Civilian casualties:")
    assert lines[2].startswith("Winner:") and "State hash:" in out


def test_bad_input_is_a_message(capsys, tmp_path):
    code, _, err = _run(capsys, str(tmp_path / "nowhere.tmx"))  # a usage error, as in validate
    assert code == 2 and "nowhere.tmx: no such file or folder" in err and "Traceback" not in err
    code, _, err = _run(capsys, str(QADISIYAH), "--max-turns", "0")
    assert code == 2 and "--max-turns must be 1 or more" in err
