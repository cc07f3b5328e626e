"""Loading the rules and a scenario for a command-line command, problems reported as messages."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from game.core.problems import ScenarioError
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset, load_ruleset
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario


def load_or_report(path: Path, err: TextIO) -> tuple[Ruleset, Scenario] | None:
    """The rules and the scenario at `path`; None after writing to `err` what is wrong with
    the rules files or the map (every problem, one a line)."""
    try:
        ruleset = load_ruleset()
        return ruleset, load_scenario(path, ruleset)
    except RulesError as exc:
        print(f"The rules files have problems:\n{exc}", file=err)
    except ScenarioError as exc:
        print(f"{path} cannot be played:", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
    return None
