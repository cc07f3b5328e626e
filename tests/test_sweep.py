"""`python main.py sweep MAPS...`: every map x difficulty x turn limit on the same seeds, one
row each; a row's figures are what `balance` prints for that setting."""

from __future__ import annotations

import csv
import json

from game import cli
from game.core.paths import MAPS_DIR
from game.play.sweep import Setting, maps_of, settings

TRAINING = str(MAPS_DIR / "training.tmx")
NIMRUD = str(MAPS_DIR / "nimrud.tmx")
SMALL = (TRAINING, NIMRUD, "--turn-limit", "1", "2", "--games", "2")


def _main(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: the exit code, stdout and stderr."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


def test_settings_are_every_combination_in_the_order_given():
    rows = settings(["a.tmx", "b.tmx"], ["standard", "hard"], [12, None])
    assert rows[:3] == [
        Setting("a.tmx", "standard", 12),
        Setting("a.tmx", "standard", None),
        Setting("a.tmx", "hard", 12),
    ]
    assert len(rows) == 8 and rows[-1] == Setting("b.tmx", "hard", None)
    assert settings(["a.tmx", "a.tmx"], ["hard"], [5, 5]) == [Setting("a.tmx", "hard", 5)]


def test_a_folder_stands_for_its_maps():
    found = maps_of([str(MAPS_DIR), TRAINING])
    assert TRAINING in found and NIMRUD in found and found.count(TRAINING) == 1
    assert all(name.endswith(".tmx") for name in found)


def test_sweep_json_has_a_row_per_setting_equal_to_balance(capsys, tmp_path):
    table = tmp_path / "sweep.csv"
    code, out, err = _main(capsys, "sweep", *SMALL, "--json", "--out", str(table))
    assert code == 0, err
    whole = json.loads(out)
    assert whole["seeds"] == [1, 2] and whole["games"] == 2
    assert whole["map_turn_limits"][TRAINING] >= 1
    rows = whole["rows"]
    assert [(r["scenario"], r["turn_limit"]) for r in rows] == [
        (TRAINING, 1),
        (TRAINING, 2),
        (NIMRUD, 1),
        (NIMRUD, 2),
    ]
    for row in rows:
        assert row["games"] == 2 and sum(row["wins"].values()) == 2
        assert row["mean_turns"] <= row["turn_limit"] and row["seeds"] == [1, 2]
        assert {"civilian_casualties", "losses", "vbied", "win_rate"} <= set(row)
    assert "Wall time:" in err and "for 8 games on 1 process" in err and f"wrote {table}" in err
    code, out, _ = _main(
        capsys, "balance", TRAINING, "--games", "2", "--turn-limit", "2", "--json", "--quiet"
    )
    assert code == 0 and json.loads(out) == rows[1]  # the same figures as balance's
    with table.open(encoding="utf-8", newline="") as file:
        lines = list(csv.DictReader(file))
    assert [(r["map"], r["turn_limit"]) for r in lines] == [
        (TRAINING, "1"),
        (TRAINING, "2"),
        (NIMRUD, "1"),
        (NIMRUD, "2"),
    ]
    assert lines[3]["coalition_wins"] == str(rows[3]["wins"]["coalition"])
    assert lines[3]["civilian_casualties"] == str(rows[3]["civilian_casualties"])
    assert lines[3]["car_bombs_launched"] == str(rows[3]["vbied"]["launched"])


def test_the_text_table_has_a_line_per_setting(capsys):
    code, out, _ = _main(
        capsys, "sweep", TRAINING, "--difficulty", "standard", "hard", "--games", "1", "--quiet"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2 settings x 1 games (seeds 1-1), coalition AI standard")
    assert lines[1].split()[:4] == ["map", "ISIL", "AI", "turn"]
    assert lines[3].split()[:4] == [TRAINING, "standard", "12", "(map)"]
    assert lines[4].split()[:3] == [TRAINING, "hard", "12"]
    assert lines[-1].startswith("Wall time: ") and lines[-1].endswith("for 2 games on 1 process")


def test_sweep_arguments_are_checked_with_messages(capsys, tmp_path):
    missing = str(tmp_path / "nowhere.tmx")
    code, _, err = _main(capsys, "sweep", TRAINING, missing)
    assert code == cli.EXIT_USAGE and f"sweep: {missing}: no such file or folder" in err
    code, _, err = _main(capsys, "sweep", TRAINING, "--out", str(tmp_path / "table.txt"))
    assert code == cli.EXIT_USAGE and "give a .csv or a .json file" in err
    code, _, err = _main(capsys, "sweep", TRAINING, "--out", str(tmp_path))
    assert code == cli.EXIT_USAGE and "give a .csv or a .json file" in err
    code, _, err = _main(capsys, "sweep", TRAINING, "--turn-limit", "0")
    assert code == cli.EXIT_USAGE and "--turn-limit" in err and "1 or more" in err
    code, _, err = _main(capsys, "sweep", TRAINING, "--difficulty", "impossible")
    assert code == cli.EXIT_USAGE and "invalid choice" in err
    code, _, err = _main(capsys, "sweep", TRAINING, "--jobs", "0")
    assert code == cli.EXIT_USAGE and "--jobs must be 1 or more" in err
    code, _, err = _main(capsys, "sweep", str(tmp_path))
    assert code == cli.EXIT_USAGE and "no .tmx maps in" in err
    broken = tmp_path / "broken.tmx"
    broken.write_text("<map>", encoding="utf-8")
    code, _, err = _main(capsys, "sweep", TRAINING, str(broken), "--games", "1")
    assert code == cli.EXIT_PROBLEMS and f"{broken} cannot be played" in err
