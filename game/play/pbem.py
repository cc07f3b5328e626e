"""Play by email, without the window: start a game, open a turn file (checked against the
secret and the player's ledger, replayed to its recorded hash) and send the next one."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from game.ai.player import standard_players
from game.battle.start import BattleStart
from game.commands.command_log import RecordedBattle, ReplayError, replay
from game.core.paths import MAPS_DIR
from game.core.problems import ScenarioError
from game.core.values import Side
from game.play.match import Match
from game.rules.ruleset import Ruleset
from game.saves.turn_files import (
    TurnError,
    TurnFile,
    accept_turn,
    read_turn,
    record_turn,
    write_turn,
)
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario


@dataclass
class OpenedTurn:
    """A turn file opened by the player whose turn it is: the battle replayed to it."""

    turn: TurnFile
    side: Side  # the side the player plays
    scenario: Scenario
    battle: RecordedBattle


def new_game(scenario_path: Path, ruleset: Ruleset, seed: int, secret: str, out: Path) -> TurnFile:
    """Start a play-by-email game: its first turn file, for the side that moves first."""
    scenario = _scenario(str(scenario_path), ruleset)
    begin = BattleStart(players={side.value: "human" for side in Side})
    battle = RecordedBattle.start(scenario, ruleset, seed, begin=begin)
    to_move = battle.state.side_to_move or Side.COALITION
    write_turn(out, battle.record(), 0, "", to_move, secret, scenario.title)
    return read_turn(out, secret)


def open_turn(
    path: Path, secret: str, ruleset: Ruleset, folder: Path, side: Side | None = None
) -> OpenedTurn:
    """Open a turn file for the player whose turn it is: the signature, the ledger (not an old
    turn, not the other side's) and the replay to the recorded hash are checked; TurnError
    saying what is wrong."""
    turn = read_turn(path, secret)
    side = accept_turn(folder, turn, side, path.name)
    scenario = _scenario(turn.log.scenario, ruleset)
    try:
        battle = replay(turn.log, scenario, ruleset)
    except ReplayError as exc:
        raise TurnError(f"{path.name} cannot be replayed here: {exc}") from None
    if battle.state.side_to_move is not side:
        raise TurnError(f"{path.name} does not end on the {side.label} player's phase.")
    record_turn(folder, turn, side, turn.sequence, len(turn.log.commands))
    return OpenedTurn(turn, side, scenario, battle)


def send_turn(opened: OpenedTurn, secret: str, folder: Path, out: Path) -> TurnFile:
    """Write the next turn file once the player's phase is over (for the other side)."""
    state = opened.battle.state
    to_move = state.side_to_move
    if to_move is opened.side:
        raise TurnError("your phase is not over yet: end your turn before sending it")
    log = opened.battle.record()
    sequence = opened.turn.sequence + 1
    write_turn(out, log, sequence, opened.side.value, to_move or opened.side.enemy, secret,
               opened.turn.title)  # fmt: skip
    sent = read_turn(out, secret)
    record_turn(folder, sent, opened.side, sequence, len(log.commands))
    return sent


def play_phase_with_ai(opened: OpenedTurn, level: str = "standard") -> None:
    """Let the standard AI play the opened side's phase (a stand-in player, e.g. to test a
    game's turn files)."""
    player = standard_players(level)[opened.side]
    Match(opened.battle, {opened.side: player}).play(
        stop=lambda state: state.side_to_move is not opened.side
    )


def _scenario(path_text: str, ruleset: Ruleset) -> Scenario:
    """The turn's map: where it was recorded, else the shipped map of that name."""
    path = Path(path_text)
    if not path.is_file() and (MAPS_DIR / path.name).is_file():
        path = MAPS_DIR / path.name
    try:
        return load_scenario(path, ruleset)
    except ScenarioError as exc:
        raise TurnError(f"the game's map {path.name} does not load here: {exc}") from None
    except OSError as exc:
        raise TurnError(f"the game's map {path.name} cannot be read ({exc})") from None


def run_pbem(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The `pbem new` and `pbem play` commands: problems are messages (exit 1), not crashes."""
    out = out or sys.stdout
    from game.rules.data_files import RulesError
    from game.rules.ruleset import load_ruleset

    if not args.secret:
        print("pbem: give the secret both players agreed with --secret.", file=sys.stderr)
        return 2
    try:
        ruleset = load_ruleset()
        if args.action == "new":
            out_path = Path(args.out)
            turn = new_game(Path(args.scenario), ruleset, args.seed, args.secret, out_path)
            print(
                f"New game {turn.game_id}: {out_path} is the first turn, for the "
                f"{turn.to_move.label} player. Open it with: pbem open {out_path} --secret ...",
                file=out,
            )
            return 0
        side = Side(args.side) if args.side else None
        opened = open_turn(Path(args.file), args.secret, ruleset, Path(args.folder), side)
        play_phase_with_ai(opened, args.ai)
        sent = send_turn(opened, args.secret, Path(args.folder), Path(args.out or args.file))
        print(
            f"{opened.side.label} played turn {opened.battle.state.turn}; turn file "
            f"{sent.sequence} is for the {sent.to_move.label} player.",
            file=out,
        )
        return 0
    except TurnError as exc:
        print(f"pbem: {exc}", file=sys.stderr)
        return 1
    except RulesError as exc:
        print(f"The rules files have problems:\n{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"pbem: {exc}", file=sys.stderr)
        return 1
