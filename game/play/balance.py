"""`python main.py balance SCENARIO`: many AI-against-AI battles on different seeds, summed.

It is how a scenario designer checks a map is neither a walkover nor hopeless: win rates,
mean turns, losses, civilian casualties and car-bomb outcomes over N seeds, the ISIL AI
(at a chosen difficulty) against the coalition AI. Battles run in parallel processes with
`--jobs` > 1, or on a Dask cluster with `--cluster ADDRESS` (game/play/executors.py); the same
seeds and levels give the same figures however and wherever they are played. The wall time
is the last line of the readable report; with `--json` it goes to stderr, so the JSON
figures of a run on a pool and on a cluster compare equal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from game.ai.difficulty import DIFFICULTIES
from game.play import executors

if TYPE_CHECKING:
    from game.battle.setup import BattleSetup
    from game.rules.ruleset import Ruleset

BAR_WIDTH = 30
OUTCOMES = ("coalition", "isil", "draw")
# One battle: scenario path, seed, ISIL level, coalition level, turn limit (None: the map's).
Job = tuple[str, int, str, str, int | None]


@lru_cache(maxsize=4)
def _loaded(path: str) -> tuple[Ruleset, BattleSetup]:
    """The rules and the scenario, loaded once per process."""
    from game.rules.ruleset import load_ruleset
    from game.scenario.loader import load_scenario

    ruleset = load_ruleset()
    return ruleset, load_scenario(Path(path), ruleset)


def play_game(job: Job) -> dict[str, Any]:
    """One battle: (scenario path, seed, ISIL level, coalition level, turn limit) -> summary."""
    from game.ai.coalition import CoalitionAI
    from game.ai.player import isil_ai
    from game.commands.command_log import RecordedBattle
    from game.core.values import Side
    from game.play.match import play
    from game.play.simulate import summary

    path, seed, isil_level, coalition_level, turn_limit = job
    ruleset, scenario = _loaded(path)
    battle = RecordedBattle.start(scenario, ruleset, seed, turn_limit, replace_limit=True)
    players = {
        Side.ISIL: isil_ai(isil_level),
        Side.COALITION: CoalitionAI(Side.COALITION, coalition_level),
    }
    play(battle, players)
    return summary(battle, path)


def _add(total: dict[str, int], part: dict[str, int]) -> None:
    for key, value in part.items():
        total[key] = total.get(key, 0) + int(value)


def aggregate(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Sum a list of battle summaries into the balance figures."""
    games = len(results)
    wins = Counter(r["winner"] for r in results)
    losses: dict[str, int] = {}
    vbied: dict[str, int] = {}
    drones: dict[str, int] = {}
    reasons = Counter(r["end_reason"] for r in results)
    objectives: dict[str, Counter[str]] = {}
    for r in results:
        _add(losses, r["losses"])
        _add(vbied, r.get("vbied", {}))
        _add(drones, r.get("drones", {}))
        for name, status in r["objectives"].items():
            objectives.setdefault(name, Counter())[status] += 1
    casualties = sum(int(r["civilian_casualties"]) for r in results)
    return {
        "games": games,
        "wins": {k: wins.get(k, 0) for k in OUTCOMES},
        "win_rate": {k: round(wins.get(k, 0) / games, 3) if games else 0.0 for k in OUTCOMES},
        "mean_turns": round(sum(r["turns"] for r in results) / games, 2) if games else 0.0,
        "losses": losses,
        "mean_losses": {k: round(v / games, 2) for k, v in losses.items()} if games else {},
        "civilian_casualties": casualties,
        "civilians_evacuated": sum(int(r["civilians_evacuated"]) for r in results),
        "vbied": vbied,
        "drones": drones,
        "end_reasons": dict(sorted(reasons.items())),
        "objectives": {k: dict(sorted(v.items())) for k, v in objectives.items()},
        "seeds": sorted(r["seed"] for r in results),
    }


def run_games(
    path: str,
    seeds: list[int],
    isil_level: str,
    coalition_level: str,
    jobs: int = 1,
    turn_limit: int | None = None,
    progress: TextIO | None = None,
    cluster: str | None = None,
) -> list[dict[str, Any]]:
    """Play a battle per seed (in `jobs` processes, or on the Dask cluster at `cluster`);
    results in seed order."""
    work = [(path, seed, isil_level, coalition_level, turn_limit) for seed in seeds]
    results = play_all(work, jobs, cluster, progress)
    return sorted(results, key=lambda r: r["seed"])


def play_all(
    work: list[Job],
    jobs: int = 1,
    cluster: str | None = None,
    progress: TextIO | None = None,
) -> list[dict[str, Any]]:
    """`play_game` on every job (here, in `jobs` processes or on a cluster), with a progress
    bar on `progress`; the summaries in job order."""
    drawn: list[int] = []

    def tick(done: int) -> None:
        if progress is not None:
            _bar(progress, done, len(work))
            drawn.append(done)

    work = [(os.path.abspath(job[0]), *job[1:]) for job in work]  # as workers elsewhere see it
    maps = sorted({job[0] for job in work})
    try:
        return executors.run_all(play_game, work, jobs, cluster, tick, files=maps)
    finally:
        if progress is not None and drawn:  # end the bar's line, even on a lost cluster
            progress.write("\n")
            progress.flush()


def _bar(out: TextIO, done: int, total: int) -> None:
    filled = BAR_WIDTH * done // max(1, total)
    out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} games")
    out.flush()


def write_report(figures: dict[str, Any], out: TextIO) -> None:
    """The balance figures as readable lines, civilian harm first."""
    games = figures["games"]
    out.write(
        f"{figures['scenario']}: {games} games, ISIL AI {figures['isil_difficulty']} vs "
        f"coalition AI {figures['coalition_difficulty']}\n"
    )
    out.write(
        f"Civilian casualties: {figures['civilian_casualties']} in all "
        f"({figures['civilian_casualties'] / max(1, games):.1f} a game), "
        f"evacuated {figures['civilians_evacuated']}\n"
    )
    rates = figures["win_rate"]
    wins = figures["wins"]
    out.write(
        "Wins: "
        + ", ".join(f"{k} {wins[k]} ({rates[k]:.0%})" for k in OUTCOMES)
        + f"; mean turns {figures['mean_turns']}\n"
    )
    mean = figures["mean_losses"]
    out.write(
        "Losses: " + ", ".join(f"{k} {v} ({mean[k]} a game)" for k, v in figures["losses"].items())
    )
    out.write("\n")
    out.write("Car bombs: " + ", ".join(f"{k} {v}" for k, v in figures["vbied"].items()) + "\n")
    out.write("Drones: " + ", ".join(f"{k} {v}" for k, v in figures["drones"].items()) + "\n")
    for name, statuses in figures["objectives"].items():
        out.write(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in statuses.items()) + "\n")
    out.write("Endings: " + ", ".join(f"{k} ({v})" for k, v in figures["end_reasons"].items()))
    out.write("\n")


def figures(
    path: str,
    isil_level: str,
    coalition_level: str,
    turn_limit: int | None,
    results: list[dict[str, Any]],
) -> dict[str, Any]:
    """The balance figures of one setting: what was played, then `aggregate`'s sums."""
    return {
        "scenario": path,
        "isil_difficulty": isil_level,
        "coalition_difficulty": coalition_level,
        **({"turn_limit": turn_limit} if turn_limit is not None else {}),
        **aggregate(results),
    }


def wall_time_line(seconds: float, games: int, jobs: int, cluster: str | None) -> str:
    """The wall time of a run as a report line (never part of the JSON figures)."""
    where = executors.describe(jobs, cluster)
    return f"Wall time: {seconds:.1f} s for {games} games on {where}\n"


def run_balance(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The CLI handler: check the arguments, load, play, report (problems as messages)."""
    out = out or sys.stdout
    from game.play.loading import load_or_report

    if args.games < 1:
        print("--games must be 1 or more.", file=sys.stderr)
        return 2
    if args.turn_limit is not None and args.turn_limit < 1:
        print("--turn-limit must be 1 or more.", file=sys.stderr)
        return 2
    try:
        executors.check_arguments(args)
    except executors.ExecutorError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    path = Path(args.scenario)
    if load_or_report(path, sys.stderr) is None:
        return 1
    seeds = list(range(args.seed, args.seed + args.games))
    start = time.perf_counter()
    try:
        results = run_games(
            str(path),
            seeds,
            args.difficulty,
            args.coalition_difficulty,
            args.jobs,
            args.turn_limit,
            progress=None if args.quiet else sys.stderr,
            cluster=args.cluster,
        )
    except executors.ExecutorError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    wall = wall_time_line(time.perf_counter() - start, len(seeds), args.jobs, args.cluster)
    found = figures(str(path), args.difficulty, args.coalition_difficulty, args.turn_limit, results)
    if args.json:
        out.write(json.dumps(found, sort_keys=True) + "\n")
        if not args.quiet:
            sys.stderr.write(wall)
    else:
        write_report(found, out)
        out.write(wall)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the `balance` sub-command (its handler imports the game lazily)."""
    p = sub.add_parser(
        "balance",
        help="play a scenario many times AI against AI and report win rates and losses",
        description="The ISIL AI against the coalition AI on seeds SEED, SEED+1, ...; "
        "win rates, mean turns, losses, civilian casualties, car-bomb outcomes.",
    )
    p.set_defaults(run=run_balance)
    levels = sorted(DIFFICULTIES)
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario .tmx file")
    p.add_argument("--games", type=int, default=20, help="battles to play (default 20)")
    executors.add_arguments(p)
    p.add_argument("--seed", type=int, default=1, help="first seed (default 1; then 2, 3, ...)")
    p.add_argument(
        "--difficulty", choices=levels, default="standard", help="ISIL AI level (standard)"
    )
    p.add_argument(
        "--coalition-difficulty",
        choices=levels,
        default="standard",
        help="coalition AI level (standard)",
    )
    p.add_argument(
        "--turn-limit",
        type=int,
        default=None,
        help="play with this turn limit instead of the scenario's (to try a change)",
    )
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
