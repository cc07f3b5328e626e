"""The command line: `python main.py [COMMAND] ...`; every failure is a message, not a traceback."""

from __future__ import annotations

import argparse
import io
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from game.core.paths import MAPS_DIR, PROJECT_ROOT, SAVES_DIR
from game.core.safe_read import os_problem, path_problem

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CRASH = 3
EXIT_CLOSED_PIPE = 141  # as a shell reports a command ended by SIGPIPE

CRASH_LOG = PROJECT_ROOT / "saves" / "crash.log"


def _seed(text: str) -> int:
    """An argparse type: a random seed, a whole number 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number 0 or more, not {value}")
    return value


def _count(text: str) -> int:
    """An argparse type: a count, a whole number 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number 1 or more, not {value}")
    return value


def _input_problem(command: str, path: str) -> int | None:
    """Print why an input path cannot be used (missing, a name too long, ...) and return
    the usage exit code; None when it can be used."""
    problem = path_problem(Path(path))
    if problem is None:
        return None
    print(f"{command}: {path}: {problem}", file=sys.stderr)
    return EXIT_USAGE


def _output_problem(command: str, option: str, path: str, example: str) -> int | None:
    """Print why a file cannot be written at `path` (a folder is there, the name is too
    long, ...) with what to give instead, and return the usage exit code; None when fine."""
    target = Path(path)
    if target.is_dir():
        print(
            f"{command}: {option}{path} is a folder; give a file name, such as {target / example}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    problem = path_problem(target)
    if problem is not None and problem != "no such file or folder":  # a new file is fine
        print(f"{command}: {option}{path}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    return None


def _cmd_validate(args: argparse.Namespace) -> int:
    from game.campaign.validate import run_validate

    return run_validate([Path(p) for p in args.paths], out=sys.stdout, as_json=args.json)


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario maps (.tmx files or folders) and report every problem",
        description="Exit 0 when every scenario is valid, 1 when any has problems, 2 on a "
        "usage error (no such path, no maps found).",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document (files, each with its problems) for editors and CI",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .tmx file or a folder")
    p.set_defaults(run=_cmd_validate)


def _cmd_make_art(args: argparse.Namespace) -> int:
    from game.art.make_art import make_art
    from game.rules.data_files import RulesError

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
    from game.mapmaking.map_assembly import make_map

    if args.out:
        refused = _output_problem("make-map", "--out ", args.out, f"{args.name}.tmx")
        if refused is not None:
            return refused
    try:
        path = make_map(args.name, args.seed, out=Path(args.out) if args.out else None)
    except ValueError as exc:
        print(f"make-map: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(
            f"make-map: cannot write {args.out or exc.filename}: {os_problem(exc)}", file=sys.stderr
        )
        return EXIT_PROBLEMS
    print(f"wrote {path}")
    return EXIT_OK


def _add_make_map(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-map",
        help="regenerate a shipped scenario map from its city recipe (default: qadisiyah)",
        description="Build the map procedurally; the same recipe and seed give the same file.",
    )
    p.add_argument(
        "name",
        nargs="?",
        default="qadisiyah",
        help="recipe name: qadisiyah, arbajiyah, al-bakr, southern-approach or nimrud",
    )
    p.add_argument("--seed", type=_seed, default=None, help="city seed (default: the recipe's)")
    p.add_argument("--out", default=None, metavar="PATH", help="write here, not maps/NAME.tmx")
    p.set_defaults(run=_cmd_make_map)


def _cmd_make_tiled_project(args: argparse.Namespace) -> int:
    from game.mapmaking.tiled_project import run_make_tiled_project

    return run_make_tiled_project(out=sys.stdout)


def _add_make_tiled_project(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "make-tiled-project",
        help="regenerate maps/street-by-street.tiled-project and maps/objecttypes.xml",
        description="Write the Tiled project (enum dropdowns) and object types from the rules.",
    )
    p.set_defaults(run=_cmd_make_tiled_project)


def _cmd_bench(args: argparse.Namespace) -> int:
    from game.bench.runner import print_bench, run_bench

    print_bench(run_bench(repeats=args.repeats, seed=args.seed), args.json)
    return EXIT_OK


def _add_bench(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="measure sight, movement and environment speed on a generated 128x128 city",
        description="Median times in ms, and ratios against the tcod peer in the same run.",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--repeats", type=_count, default=50, help="timed calls per figure (default 50)")
    p.add_argument("--seed", type=_seed, default=7, help="city and placement seed (default 7)")
    p.set_defaults(run=_cmd_bench)


def _cmd_simulate(args: argparse.Namespace) -> int:
    if args.campaign is not None:
        from game.play.campaign_play import run_campaign_simulate

        return run_campaign_simulate(Path(args.campaign), args.seed, args.max_turns, args.json)
    if args.scenario is None:
        print("simulate: give a SCENARIO .tmx file, or --campaign [FILE]", file=sys.stderr)
        return EXIT_USAGE
    refused = _input_problem("simulate", args.scenario)
    if refused is None and args.log:
        refused = _output_problem("simulate", "--log ", args.log, "battle.log.json")
    if refused is not None:
        return refused
    from game.play.simulate import run_simulate

    return run_simulate(args)


def _add_simulate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="play a scenario AI against AI to the end and report the result",
        description="The ISIL AI plays the coalition AI; the same seed gives the same state hash.",
    )
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario .tmx file")
    p.add_argument(
        "--campaign",
        metavar="FILE",
        nargs="?",
        const=str(MAPS_DIR / "campaign.toml"),
        help="play a whole campaign instead (default: the built-in maps/campaign.toml)",
    )
    p.add_argument("--seed", type=_seed, default=1, help="random seed (default 1)")
    p.add_argument("--max-turns", type=int, default=None, help="stop after this many turns")
    p.add_argument("--json", action="store_true", help="print the result as one JSON object")
    p.add_argument("--log", metavar="FILE", help="also save the command log (JSON) there")
    p.set_defaults(run=_cmd_simulate)


def _cmd_menu(args: argparse.Namespace) -> int:
    from game.client.launch import run_menu

    return run_menu()


def _cmd_play(args: argparse.Namespace) -> int:
    refused = _input_problem("play", args.scenario)
    if refused is not None:
        return refused
    from game.client.launch import run_play

    return run_play(
        Path(args.scenario), args.seed, args.side, args.difficulty, args.watch, args.hotseat
    )


def _add_play(sub: argparse._SubParsersAction) -> None:
    from game.ai.difficulty import DIFFICULTIES

    p = sub.add_parser(
        "play",
        help="open one battle in a window (--watch: reload when the map file changes)",
        description="Play a scenario map; the AI plays the other side.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario map (.tmx)")
    p.add_argument("--seed", type=_seed, default=1, help="battle seed (default 1)")
    p.add_argument("--side", choices=["coalition", "isil"], default=None, help="your side")
    p.add_argument("--difficulty", choices=list(DIFFICULTIES), default="standard")
    p.add_argument("--watch", action="store_true", help="designer mode: reload on save")
    p.add_argument(
        "--hotseat",
        action="store_true",
        help="two players on this machine, taking the sides in turn (the map hides between)",
    )
    p.set_defaults(run=_cmd_play)


def _cmd_campaign(args: argparse.Namespace) -> int:
    from game.client.launch import run_campaign

    return run_campaign()


def _add_campaign(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "campaign",
        help="continue the campaign (or start it): the next mission's briefing in a window",
        description="Open the window on the next campaign mission (progress: saves/campaign.json).",
    )
    p.set_defaults(run=_cmd_campaign)


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size {text} is outside 320x240..7680x4320")
    return width, height


def _cmd_screenshot(args: argparse.Namespace) -> int:
    from game.client.launch import render_screenshot
    from game.client.session_error import SessionError

    refused = _input_problem("screenshot", args.scenario)
    if refused is None:
        refused = _output_problem("screenshot", "", args.out, "battle.png")
    if refused is not None:
        return refused
    try:
        out = render_screenshot(
            Path(args.scenario), Path(args.out), args.seed, args.turn, args.size
        )
    except SessionError as exc:
        print(f"screenshot: {args.scenario} cannot be played:\n{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"screenshot: cannot write {args.out}: {os_problem(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {out}")
    return EXIT_OK


def _add_screenshot(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screenshot",
        help="render the battle view (after N turns of AI play) to a PNG, with no window",
        description="Headless render of the battle view with its HUD.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario map (.tmx)")
    p.add_argument("out", metavar="OUT.png", help="the PNG to write")
    p.add_argument("--seed", type=_seed, default=1, help="battle seed (default 1)")
    p.add_argument("--turn", type=int, default=0, help="turns of AI play first (default 0)")
    p.add_argument("--size", type=_window_size, default=(1280, 720), help="WxH (1280x720)")
    p.set_defaults(run=_cmd_screenshot)


def _add_balance(sub: argparse._SubParsersAction) -> None:
    from game.play.balance import add_parser

    add_parser(sub)


def _cmd_sweep(args: argparse.Namespace) -> int:
    for path in args.maps:
        refused = _input_problem("sweep", path)
        if refused is not None:
            return refused
    if args.out:
        if Path(args.out).suffix.lower() not in (".csv", ".json"):
            print(
                f"sweep: --out {args.out}: give a .csv or a .json file, such as sweep.csv",
                file=sys.stderr,
            )
            return EXIT_USAGE
        refused = _output_problem("sweep", "--out ", args.out, "sweep.csv")
        if refused is not None:
            return refused
    from game.play.sweep import run_sweep

    return run_sweep(args)


def _add_sweep(sub: argparse._SubParsersAction) -> None:
    from game.ai.difficulty import DIFFICULTIES
    from game.play.executors import add_arguments

    levels = sorted(DIFFICULTIES)
    p = sub.add_parser(
        "sweep",
        help="balance every map x difficulty x turn limit on the same seeds: one table",
        description="The ISIL AI against the coalition AI on every map, ISIL difficulty and "
        "turn limit given, on seeds SEED, SEED+1, ...; a row per setting (win rates, mean "
        "turns, losses, civilian casualties, car bombs). Every battle is handed to the "
        "processes or the cluster at once.",
    )
    p.add_argument("maps", nargs="+", metavar="MAP", help="a scenario .tmx (a folder: its maps)")
    p.add_argument(
        "--difficulty",
        nargs="+",
        choices=levels,
        default=["standard"],
        metavar="LEVEL",
        help=f"ISIL AI levels, a row each ({', '.join(levels)}; default standard)",
    )
    p.add_argument(
        "--coalition-difficulty",
        choices=levels,
        default="standard",
        help="coalition AI level (standard)",
    )
    p.add_argument(
        "--turn-limit",
        nargs="+",
        type=_count,
        default=None,
        metavar="N",
        help="turn limits to play, a row each (default: each map's own)",
    )
    p.add_argument("--games", type=_count, default=20, help="battles a row (default 20)")
    p.add_argument("--seed", type=_seed, default=1, help="first seed (default 1; then 2, 3, ...)")
    add_arguments(p)
    p.add_argument("--json", action="store_true", help="print the table as one JSON object")
    p.add_argument(
        "--out", metavar="FILE", default=None, help="also write the table to FILE (.csv or .json)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar or wall time on stderr")
    p.set_defaults(run=_cmd_sweep)


def _cmd_pbem(args: argparse.Namespace) -> int:
    if args.action == "open":
        from game.client.launch import run_pbem_open

        return run_pbem_open(Path(args.file), args.secret, args.side, Path(args.folder), args.out)
    from game.play.pbem import run_pbem

    return run_pbem(args)


def _add_pbem(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pbem",
        help="play by email: start a game, open a turn file, or let the AI play a turn",
        description="Two players exchange signed turn files; each sees only their side.",
    )
    actions = p.add_subparsers(dest="action", metavar="new|open|play", required=True)
    new = actions.add_parser("new", help="start a game: write its first turn file")
    new.add_argument("scenario", metavar="SCENARIO", help="a scenario map (.tmx)")
    new.add_argument("--out", required=True, metavar="FILE", help="the first turn file")
    new.add_argument("--seed", type=_seed, default=1, help="battle seed (default 1)")
    for name, action in (
        ("open", "open a turn file in the window and play your phase"),
        ("play", "let the AI play your phase of a turn file (no window)"),
    ):
        q = actions.add_parser(name, help=action)
        q.add_argument("file", metavar="FILE", help="the turn file your opponent sent")
        q.add_argument("--side", choices=["coalition", "isil"], help="your side (asked once)")
        q.add_argument("--out", metavar="FILE", help="where to write your turn (default: FILE)")
        q.add_argument(
            "--folder", default=str(SAVES_DIR), help="where your record of the game is kept"
        )
        if name == "play":
            q.add_argument("--ai", choices=["standard", "hard"], default="standard")
    for q in (new, *(actions.choices[n] for n in ("open", "play"))):
        q.add_argument("--secret", required=True, help="the secret both players agreed")
    p.set_defaults(run=_cmd_pbem)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate,
    _add_make_art,
    _add_make_map,
    _add_make_tiled_project,
    _add_bench,
    _add_simulate,
    _add_balance,
    _add_sweep,
    _add_play,
    _add_campaign,
    _add_screenshot,
    _add_pbem,
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
    _tolerant_output()
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        code = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows here, not in the exit's flush
        return code
    except BrokenPipeError:  # `... | head`: the reader has gone; stop quietly
        _silence_stdout()
        return EXIT_CLOSED_PIPE
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except OSError as exc:  # a file the command needed and the system refused
        where = f" {exc.filename}" if exc.filename else ""
        print(f"Cannot use{where}: {os_problem(exc)}.", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception:  # the last line of defence: a message and a log, never a traceback
        try:
            CRASH_LOG.parent.mkdir(parents=True, exist_ok=True)
            CRASH_LOG.write_text(traceback.format_exc(), encoding="utf-8")
            where = f" Details were written to {CRASH_LOG}; please attach it to a bug report."
        except OSError:
            where = ""
        print(f"Street by Street hit an unexpected internal error.{where}", file=sys.stderr)
        return EXIT_CRASH


def _silence_stdout() -> None:
    """Point stdout at the null device, so the exit's flush finds no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _tolerant_output() -> None:
    """Print what the terminal's encoding cannot show as escapes (a path with "ü" on an
    ASCII terminal prints as "\\xfc") instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def run() -> None:
    """The `street-by-street` console command (pip/pipx install): main() on sys.argv."""
    import sys

    sys.exit(main(sys.argv[1:]))
