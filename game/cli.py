"""The command line: `python main.py [COMMAND] ...`; every failure is a message, not a traceback."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from game.paths import PROJECT_ROOT

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CRASH = 3

CRASH_LOG = PROJECT_ROOT / "saves" / "crash.log"


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario.validate import run_validate

    return run_validate([Path(p) for p in args.paths], out=sys.stdout)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario maps (.tmx files or folders) and report every problem",
        description="Exit 0 when every scenario is valid, 1 when any has problems.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .tmx file or a folder")
    p.set_defaults(run=_cmd_validate)


def _cmd_make_art(args: argparse.Namespace) -> int:
    from game.rules.data_files import RulesError
    from game.ui.tileset_art import make_art

    try:
        written = make_art(Path(args.out))
    except RulesError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"Cannot write the art into {args.out}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def _add_make_art(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-art",
        help="regenerate the tilesets (urban, units, markers: PNG sheets and Tiled .tsx files)",
        description="Draw every shipped tileset procedurally and write the PNG and .tsx files.",
    )
    p.add_argument(
        "--out",
        default=str(PROJECT_ROOT / "maps" / "tilesets"),
        metavar="DIR",
        help="output folder",
    )
    p.set_defaults(run=_cmd_make_art)


def _cmd_make_map(args: argparse.Namespace) -> int:
    from game.scenario.map_recipes import make_map

    try:
        path = make_map(args.name, args.seed, out=Path(args.out) if args.out else None)
    except ValueError as exc:
        print(f"make-map: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path}")
    return EXIT_OK


def _add_make_map(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-map",
        help="regenerate a shipped scenario map from its city recipe (default: qadisiyah)",
        description="Build the map procedurally; the same recipe and seed give the same file.",
    )
    p.add_argument("name", nargs="?", default="qadisiyah", help="recipe name (qadisiyah)")
    p.add_argument("--seed", type=int, default=None, help="city seed (default: the recipe's)")
    p.add_argument("--out", default=None, metavar="PATH", help="write here, not maps/NAME.tmx")
    p.set_defaults(run=_cmd_make_map)


def _cmd_make_tiled_project(args: argparse.Namespace) -> int:
    from game.scenario.tiled_project import run_make_tiled_project

    return run_make_tiled_project(out=sys.stdout)


def _add_make_tiled_project(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-tiled-project",
        help="regenerate maps/street-by-street.tiled-project and maps/objecttypes.xml",
        description="Write the Tiled project (enum dropdowns) and object types from the rules.",
    )
    p.set_defaults(run=_cmd_make_tiled_project)


def _cmd_bench(args: argparse.Namespace) -> int:
    from game.bench import print_bench, run_bench

    print_bench(run_bench(repeats=args.repeats, seed=args.seed), args.json)
    return EXIT_OK


def _add_bench(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="measure sight, movement and environment speed on a generated 128x128 city",
        description="Median times in ms, and ratios against the tcod peer measured in the same run.",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--repeats", type=int, default=50, help="timed calls per figure (default 50)")
    p.add_argument("--seed", type=int, default=7, help="city and placement seed (default 7)")
    p.set_defaults(run=_cmd_bench)


def _cmd_simulate(args: argparse.Namespace) -> int:
    from game.simulate import run_simulate

    return run_simulate(args)


def _add_simulate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="play a scenario AI against AI to the end and report the result",
        description="The baseline AI plays both sides; the same seed gives the same state hash.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario .tmx file")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--max-turns", type=int, default=None, help="stop after this many turns")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--log", metavar="FILE", help="also save the command log (JSON) there")
    p.set_defaults(run=_cmd_simulate)


def _cmd_menu(args: argparse.Namespace) -> int:
    print("Street by Street - the 2016 Mosul offensive, street by street.")
    print("The game window is not built yet. Available commands:")
    print("  python main.py validate PATH...   check scenario maps (files or folders)")
    return EXIT_OK


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate,
    _add_make_art,
    _add_make_map,
    _add_make_tiled_project,
    _add_bench,
    _add_simulate,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Street by Street: a turn-based wargame of the 2016 Mosul offensive.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    parser.set_defaults(run=_cmd_menu)
    return parser


def main(argv: Sequence[str]) -> int:
    """Run one command; return the process exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception:  # the last line of defence: a message and a log, never a traceback
        try:
            CRASH_LOG.parent.mkdir(parents=True, exist_ok=True)
            CRASH_LOG.write_text(traceback.format_exc(), encoding="utf-8")
            where = f" Details were written to {CRASH_LOG}; please attach it to a bug report."
        except OSError:
            where = ""
        print(f"Street by Street hit an unexpected internal error.{where}", file=sys.stderr)
        return EXIT_CRASH
