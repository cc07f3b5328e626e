"""`python main.py balance`: many AI battles summed; the same seeds give the same figures."""

from __future__ import annotations

import json

import pytest

from game.cli import main
from game.core.paths import MAPS_DIR
from game.play.balance import aggregate

QADISIYAH = MAPS_DIR / "qadisiyah.tmx"


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["balance", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_figures_add_up_and_jobs_do_not_change_them(capsys):
    args = (str(QADISIYAH), "--games", "2", "--turn-limit", "2", "--json")
    code, out, err = _run(capsys, *args)
    assert code == 0 and "2/2 games" in err  # the progress bar
    one = json.loads(out)
    assert one["games"] == 2 and sum(one["wins"].values()) == 2
    assert set(one["wins"]) == {"coalition", "isil", "draw"}
    assert one["mean_turns"] <= 3 and one["seeds"] == [1, 2]
    assert set(one["losses"]) == {"coalition", "isil"}
    assert {"launched", "detonated", "driver_killed"} <= set(one["vbied"])
    assert isinstance(one["civilian_casualties"], int)
    code, out, _ = _run(capsys, *args, "--jobs", "2")
    assert code == 0 and json.loads(out) == one


def test_readable_report_puts_civilians_first(capsys):
    code, out, _ = _run(capsys, str(QADISIYAH), "--games", "1", "--turn-limit", "1", "--quiet")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("Civilian casualties") and lines[2].startswith("Wins:")


def test_aggregate_sums_outcomes():
    base = {
        "losses": {"coalition": 1, "isil": 3},
        "vbied": {"launched": 1, "detonated": 1},
        "drones": {},
        "objectives": {"Hold": "complete"},
        "civilian_casualties": 2,
        "civilians_evacuated": 5,
        "end_reason": "turn limit reached",
    }
    results = [
        {**base, "winner": "coalition", "turns": 10, "seed": 1},
        {**base, "winner": "draw", "turns": 14, "seed": 2},
    ]
    figures = aggregate(results)
    assert figures["wins"] == {"coalition": 1, "isil": 0, "draw": 1}
    assert figures["mean_turns"] == 12 and figures["losses"] == {"coalition": 2, "isil": 6}
    assert figures["vbied"] == {"launched": 2, "detonated": 2}
    assert figures["civilian_casualties"] == 4
    assert figures["objectives"] == {"Hold": {"complete": 2}}


def test_bad_input_is_a_message(capsys, tmp_path):
    code, _, err = _run(capsys, str(tmp_path / "nowhere.tmx"), "--games", "1")
    assert code == 1 and "cannot be played" in err and "Traceback" not in err
    code, _, err = _run(capsys, str(QADISIYAH), "--games", "0")
    assert code == 2 and "--games must be 1 or more" in err
    code, _, err = _run(capsys, str(QADISIYAH), "--difficulty", "impossible")
    assert code == 2 and "invalid choice" in err


def test_simulate_defaults_to_the_isil_ai_against_the_coalition_ai():
    from game.ai.baseline import BaselineAI
    from game.ai.coalition import CoalitionAI
    from game.ai.isil import IsilAI
    from game.core.values import Side
    from game.play.simulate import ai_players

    players = ai_players()
    assert isinstance(players[Side.ISIL], IsilAI) and players[Side.ISIL].level.name == "standard"
    assert isinstance(players[Side.COALITION], CoalitionAI)
    assert ai_players("hard")[Side.ISIL].level.name == "hard"
    assert all(isinstance(p, BaselineAI) for p in ai_players("baseline").values())
    with pytest.raises(ValueError, match="baseline"):
        ai_players("impossible")


@pytest.mark.parametrize("limit", [2, 40])
def test_a_balance_game_logs_the_turn_limit_it_is_played_with(monkeypatch, ruleset, limit):
    import game.play.simulate as simulate
    from game.commands.command_log import replay
    from game.play.balance import play_game
    from game.scenario.loader import load_scenario

    played = []
    monkeypatch.setattr(simulate, "summary", lambda battle, path: played.append(battle) or {})
    play_game((str(QADISIYAH), 3, "standard", "standard", limit))
    battle = played[0]
    assert battle.state.turn_limit == limit
    assert battle.log.turn_limit == limit
    again = replay(battle.log, load_scenario(QADISIYAH, ruleset), ruleset)  # the shipped files
    assert again.state.state_hash() == battle.state.state_hash()
