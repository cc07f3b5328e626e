"""`python main.py simulate SCENARIO`: AI against AI to the end, headless (by default the ISIL
AI against the coalition AI, game/ai/; the baseline AI stays available)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from game.ai.player import AIPlayer, standard_players
from game.battle.setup import BattleSetup
from game.battle.state import BattleState
from game.commands.command_log import RecordedBattle
from game.core.safe_read import os_problem
from game.core.values import Side
from game.play.loading import load_or_report
from game.play.match import play
from game.rules.ruleset import Ruleset
from game.sim.objectives import score

VBIED_COUNTERS = ("launched", "spotted", "driver_killed", "destroyed", "detonated")
DRONE_COUNTERS = ("launched", "jammed", "shot_down", "hit")


def ai_players(kind: str = "standard") -> dict[Side, AIPlayer]:
    """The ISIL AI (level `kind`: standard, hard) against the coalition AI; "baseline": the
    baseline AI on both sides."""
    return standard_players(kind)


def simulate(
    scenario: BattleSetup, ruleset: Ruleset, seed: int, max_turns: int | None = None
) -> RecordedBattle:
    """Play a whole battle AI against AI; the result holds the final state and the log."""
    battle = RecordedBattle.start(scenario, ruleset, seed, turn_limit=max_turns)
    play(battle, ai_players())
    return battle


def counted(state: BattleState, prefix: str, names: tuple[str, ...]) -> dict[str, int]:
    """Event counters `prefix_name` by name (0 for those that never happened)."""
    return {name: state.counters.get(f"{prefix}_{name}", 0) for name in names}


def summary(battle: RecordedBattle, scenario_name: str) -> dict[str, Any]:
    """The battle's result as one JSON-safe dict."""
    state = battle.state
    casualties = sum(state.civilian_casualties.values())
    return {
        "scenario": scenario_name,
        "seed": state.seed,
        "winner": state.winner or "draw",
        "end_reason": state.end_reason,
        "turns": state.turn,
        "losses": {side.value: state.losses[side] for side in Side},
        "civilian_casualties": casualties,
        "civilians_evacuated": state.evacuated,
        "civilians": {"evacuated": state.evacuated, "casualties": casualties},
        "vbied": counted(state, "vbied", VBIED_COUNTERS),
        "drones": counted(state, "drone", DRONE_COUNTERS),
        "buildings_collapsed": state.counters.get("collapsed", 0),
        "score": {side.value: score(state, side) for side in Side},
        "objectives": {o.name: state.objective_status[o.object_id] for o in state.objectives},
        "events": dict(sorted(state.counters.items())),
        "commands": len(battle.log.commands),
        "state_hash": state.state_hash(),
    }


def write_summary(result: dict[str, Any], out: TextIO) -> None:
    """A readable summary: civilian harm first, then the outcome, losses, score, objectives."""
    out.write(f"{result['scenario']} (seed {result['seed']})\n")
    out.write(
        f"Civilian casualties: {result['civilian_casualties']}"
        f"  (evacuated: {result['civilians_evacuated']})\n"
    )
    out.write(
        f"Winner: {result['winner']} after {result['turns']} turns ({result['end_reason']})\n"
    )
    losses = result["losses"]
    out.write(f"Losses: coalition {losses['coalition']}, isil {losses['isil']}\n")
    vbied = ", ".join(f"{k} {v}" for k, v in result["vbied"].items())
    drones = ", ".join(f"{k} {v}" for k, v in result["drones"].items())
    out.write(f"Car bombs: {vbied}\nDrones: {drones}\n")
    out.write(f"Buildings collapsed: {result['buildings_collapsed']}\n")
    scores = result["score"]
    out.write(f"Score: coalition {scores['coalition']:g}, isil {scores['isil']:g}\n")
    for name, status in result["objectives"].items():
        out.write(f"  objective {name}: {status}\n")
    events = ", ".join(f"{k} {v}" for k, v in result["events"].items())
    out.write(f"Events: {events}\n")
    out.write(f"Commands: {result['commands']}  State hash: {result['state_hash']}\n")


def run_simulate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """The CLI handler: load, play, print; problems are messages (exit 1), not tracebacks."""
    out = out or sys.stdout
    path = Path(args.scenario)
    if args.max_turns is not None and args.max_turns < 1:
        print("--max-turns must be 1 or more.", file=sys.stderr)
        return 2
    loaded = load_or_report(path, sys.stderr)
    if loaded is None:
        return 1
    ruleset, scenario = loaded
    battle = simulate(scenario, ruleset, args.seed, args.max_turns)
    result = summary(battle, str(args.scenario))
    if args.log:
        try:
            battle.log.save(Path(args.log))
        except OSError as exc:
            print(f"simulate: cannot write the log {args.log}: {os_problem(exc)}", file=sys.stderr)
            return 1
    if args.json:
        out.write(json.dumps(result, sort_keys=True) + "\n")
    else:
        write_summary(result, out)
    return 0
