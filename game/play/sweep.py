"""`python main.py sweep MAPS...`: every map x ISIL AI difficulty x turn limit, the same seeds
for each, summed into one table: a row per setting with win rates, mean turns, losses,
civilian harm and car-bomb outcomes.

Every battle of the whole sweep is handed over at once (game/play/executors.py), so a local
process pool or a Dask cluster stays busy to the end instead of waiting on each setting's
slowest game. A row's figures are `balance.figures` of its setting: the figures `balance`
prints for the same map, levels, turn limit and seeds, wherever the battles were played.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from game.play import balance, executors

TURN_LIMIT_OF_THE_MAP = "map"  # the turn-limit cell of a row played with the map's own


@dataclass(frozen=True)
class Setting:
    """One row of a sweep: a map, the ISIL AI's level and a turn limit (None: the map's)."""

    scenario: str
    difficulty: str
    turn_limit: int | None


def settings(
    maps: Sequence[str], difficulties: Sequence[str], turn_limits: Sequence[int | None]
) -> list[Setting]:
    """Every map x difficulty x turn limit, in the order given (repeats dropped)."""
    rows = [Setting(m, d, t) for m in maps for d in difficulties for t in turn_limits]
    return list(dict.fromkeys(rows))


def sweep(
    rows: Sequence[Setting],
    seeds: Sequence[int],
    coalition_level: str,
    jobs: int = 1,
    cluster: str | None = None,
    progress: TextIO | None = None,
) -> list[dict[str, Any]]:
    """Play every setting on every seed, all the battles submitted together; the figures of
    each setting, in the order of `rows`."""
    work = [
        (row.scenario, seed, row.difficulty, coalition_level, row.turn_limit)
        for row in rows
        for seed in seeds
    ]
    results = balance.play_all(work, jobs, cluster, progress)
    per_row = len(seeds)
    return [
        balance.figures(
            row.scenario,
            row.difficulty,
            coalition_level,
            row.turn_limit,
            results[i * per_row : (i + 1) * per_row],
        )
        for i, row in enumerate(rows)
    ]


def flat_row(figures: dict[str, Any], map_turn_limit: int | None = None) -> dict[str, Any]:
    """One setting's figures as the flat columns of the table and the CSV file."""
    wins, rates = figures["wins"], figures["win_rate"]
    mean_losses, vbied = figures["mean_losses"], figures["vbied"]
    limit = figures.get("turn_limit", map_turn_limit)
    return {
        "map": figures["scenario"],
        "isil_difficulty": figures["isil_difficulty"],
        "coalition_difficulty": figures["coalition_difficulty"],
        "turn_limit": limit,
        "maps_own_turn_limit": "turn_limit" not in figures,
        "games": figures["games"],
        "coalition_wins": wins["coalition"],
        "isil_wins": wins["isil"],
        "draws": wins["draw"],
        "coalition_win_rate": rates["coalition"],
        "isil_win_rate": rates["isil"],
        "draw_rate": rates["draw"],
        "mean_turns": figures["mean_turns"],
        "coalition_losses_a_game": mean_losses.get("coalition", 0.0),
        "isil_losses_a_game": mean_losses.get("isil", 0.0),
        "civilian_casualties": figures["civilian_casualties"],
        "civilians_evacuated": figures["civilians_evacuated"],
        "car_bombs_launched": vbied.get("launched", 0),
        "car_bombs_detonated": vbied.get("detonated", 0),
        # stopped before reaching a target: destroyed where it stood, or its driver killed
        "car_bombs_stopped": vbied.get("destroyed", 0) + vbied.get("driver_killed", 0),
        "drones_launched": figures["drones"].get("launched", 0),
        "drones_hit": figures["drones"].get("hit", 0),
    }


def _limit_cell(row: dict[str, Any]) -> str:
    limit = "?" if row["turn_limit"] is None else str(row["turn_limit"])
    return f"{limit} ({TURN_LIMIT_OF_THE_MAP})" if row["maps_own_turn_limit"] else limit


# The text table: a heading and how to show a flat row's cell; the first three left-aligned.
TEXT_COLUMNS: list[tuple[str, Any]] = [
    ("map", lambda r: r["map"]),
    ("ISIL AI", lambda r: r["isil_difficulty"]),
    ("turn limit", _limit_cell),
    ("games", lambda r: str(r["games"])),
    ("coalition wins", lambda r: f"{r['coalition_wins']} ({r['coalition_win_rate']:.0%})"),
    ("ISIL wins", lambda r: f"{r['isil_wins']} ({r['isil_win_rate']:.0%})"),
    ("draws", lambda r: str(r["draws"])),
    ("mean turns", lambda r: f"{r['mean_turns']:.1f}"),
    (
        "losses C / I",
        lambda r: f"{r['coalition_losses_a_game']:.1f} / {r['isil_losses_a_game']:.1f}",
    ),
    ("civilian casualties", lambda r: str(r["civilian_casualties"])),
    (
        "car bombs L / D / S",
        lambda r: (
            f"{r['car_bombs_launched']} / {r['car_bombs_detonated']} / {r['car_bombs_stopped']}"
        ),
    ),
]
LEGEND = (
    "losses C / I: coalition / ISIL units lost a game; civilian casualties: in all games\n"
    "car bombs L / D / S: launched / detonated / stopped (destroyed or driver killed)\n"
)
LEFT_ALIGNED = 3


def write_table(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """Flat rows as an aligned text table: headings first, a legend last."""
    cells = [[heading for heading, _ in TEXT_COLUMNS]]
    cells += [[str(show(row)) for _, show in TEXT_COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(TEXT_COLUMNS))]
    for n, line in enumerate(cells):
        out.write(
            "  ".join(
                cell.ljust(width) if i < LEFT_ALIGNED else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
            + "\n"
        )
        if n == 0:
            out.write("  ".join("-" * width for width in widths) + "\n")
    out.write(LEGEND)


def write_csv(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """Flat rows as CSV with a header line (an empty turn_limit: the map's own)."""
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def document(
    found: list[dict[str, Any]], seeds: Sequence[int], map_turn_limits: dict[str, int]
) -> dict[str, Any]:
    """The JSON document of a sweep: the seeds, each map's own turn limit, a row per setting
    (each the object `balance --json` prints for that setting)."""
    return {
        "games": len(seeds),
        "seeds": list(seeds),
        "map_turn_limits": map_turn_limits,
        "rows": found,
    }


def maps_of(paths: Sequence[str]) -> list[str]:
    """The map files named: a folder stands for the .tmx files in it, sorted."""
    found: list[str] = []
    for name in paths:
        path = Path(name)
        found += sorted(str(p) for p in path.glob("*.tmx")) if path.is_dir() else [name]
    return list(dict.fromkeys(found))


def run_sweep(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The CLI handler (after game.cli checked the paths): load every map, play, report."""
    out = out or sys.stdout
    from game.play.loading import load_or_report

    try:
        executors.check_arguments(args)
    except executors.ExecutorError as exc:
        print(f"sweep: {exc.message}", file=sys.stderr)
        return exc.exit_code
    maps = maps_of(args.maps)
    if not maps:
        print(f"sweep: no .tmx maps in {', '.join(args.maps)}", file=sys.stderr)
        return 2
    map_turn_limits: dict[str, int] = {}
    for name in maps:
        loaded = load_or_report(Path(name), sys.stderr)
        if loaded is None:
            return 1
        map_turn_limits[name] = loaded[1].turn_limit
    rows = settings(maps, args.difficulty, args.turn_limit or [None])
    seeds = list(range(args.seed, args.seed + args.games))
    start = time.perf_counter()
    try:
        found = sweep(
            rows,
            seeds,
            args.coalition_difficulty,
            args.jobs,
            args.cluster,
            progress=None if args.quiet else sys.stderr,
        )
    except executors.ExecutorError as exc:
        print(f"sweep: {exc.message}", file=sys.stderr)
        return exc.exit_code
    games = len(rows) * len(seeds)
    wall = balance.wall_time_line(time.perf_counter() - start, games, args.jobs, args.cluster)
    flat = [flat_row(f, map_turn_limits[f["scenario"]]) for f in found]
    whole = document(found, seeds, map_turn_limits)
    if args.out:
        target = Path(args.out)
        with target.open("w", encoding="utf-8", newline="") as file:
            if target.suffix.lower() == ".csv":
                write_csv(flat, file)
            else:
                file.write(json.dumps(whole, indent=1, sort_keys=True) + "\n")
        if not args.quiet:
            print(f"wrote {target}", file=sys.stderr)
    if args.json:
        out.write(json.dumps(whole, sort_keys=True) + "\n")
        if not args.quiet:
            sys.stderr.write(wall)
    else:
        out.write(
            f"{len(rows)} settings x {len(seeds)} games (seeds {seeds[0]}-{seeds[-1]}), "
            f"coalition AI {args.coalition_difficulty}\n"
        )
        write_table(flat, out)
        out.write(wall)
    return 0
