"""`python main.py balance SCENARIO`: many AI-against-AI battles on different seeds, summed.

It is how a scenario designer checks a map is neither a walkover nor hopeless: win rates,
mean turns, losses, civilian casualties and car-bomb outcomes over N seeds, the ISIL AI
(at a chosen difficulty) against the coalition AI. Battles run in parallel processes with
`--jobs` > 1; the same seeds and levels give the same figures however many jobs run them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from game.ai.difficulty import DIFFICULTIES

if TYPE_CHECKING:
    from game.battle.setup import BattleSetup
    from game.rules.ruleset import Ruleset

BAR_WIDTH = 30
OUTCOMES = ("coalition", "isil", "draw")


@lru_cache(maxsize=4)
def _loaded(path: str) -> tuple[Ruleset, BattleSetup]:
    """The rules and the scenario, loaded once per process."""
    from game.rules.ruleset import load_ruleset
    from game.scenario.loader import load_scenario

    ruleset = load_ruleset()
    return ruleset, load_scenario(Path(path), ruleset)


def play_game(job: tuple[str, int, str, str, int | None]) -> dict[str, Any]:
    """One battle: (scenario path, seed, ISIL level, coalition level, turn limit) -> summary."""
    from game.ai.coalition import CoalitionAI
    from game.ai.isil import IsilAI
    from game.commands.command_log import RecordedBattle
    from game.core.values import Side
    from game.play.match import play
    from game.play.simulate import summary

    path, seed, isil_level, coalition_level, turn_limit = job
    ruleset, scenario = _loaded(path)
    battle = RecordedBattle.start(scenario, ruleset, seed, turn_limit, replace_limit=True)
    players = {
        Side.ISIL: IsilAI(Side.ISIL, isil_level),
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
) -> list[dict[str, Any]]:
    """Play a battle per seed (in `jobs` processes); results in seed order."""
    work = [(path, seed, isil_level, coalition_level, turn_limit) for seed in seeds]
    results: list[dict[str, Any]] = []

    def collect(stream: Iterator[dict[str, Any]]) -> None:
        for result in stream:
            results.append(result)
            if progress is not None:
                _bar(progress, len(results), len(work))

    if progress is not None:
        _bar(progress, 0, len(work))
    if jobs > 1 and len(work) > 1:
        with get_context("spawn").Pool(min(jobs, len(work))) as pool:
            collect(pool.imap_unordered(play_game, work))
    else:
        collect(play_game(job) for job in work)
    if progress is not None:
        progress.write("\n")
        progress.flush()
    return sorted(results, key=lambda r: r["seed"])


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


def run_balance(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The CLI handler: check the arguments, load, play, report (problems as messages)."""
    out = out or sys.stdout
    from game.play.loading import load_or_report

    for name, value in (("--games", args.games), ("--jobs", args.jobs)):
        if value < 1:
            print(f"{name} must be 1 or more.", file=sys.stderr)
            return 2
    if args.turn_limit is not None and args.turn_limit < 1:
        print("--turn-limit must be 1 or more.", file=sys.stderr)
        return 2
    path = Path(args.scenario)
    if load_or_report(path, sys.stderr) is None:
        return 1
    seeds = list(range(args.seed, args.seed + args.games))
    results = run_games(
        str(path),
        seeds,
        args.difficulty,
        args.coalition_difficulty,
        args.jobs,
        args.turn_limit,
        progress=None if args.quiet else sys.stderr,
    )
    figures = {
        "scenario": str(path),
        "isil_difficulty": args.difficulty,
        "coalition_difficulty": args.coalition_difficulty,
        **({"turn_limit": args.turn_limit} if args.turn_limit is not None else {}),
        **aggregate(results),
    }
    if args.json:
        out.write(json.dumps(figures, sort_keys=True) + "\n")
    else:
        write_report(figures, out)
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
    p.add_argument("--jobs", type=int, default=1, help="processes to play them in (default 1)")
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
