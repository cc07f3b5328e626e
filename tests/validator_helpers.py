"""Shared helpers of the validator tests: a map's problems, a line holding some words."""

from __future__ import annotations

from pathlib import Path

from game.scenario.loader import check_scenario
from tests.map_factory import DEFAULT_PROPS, write_map

ROOT = Path(__file__).resolve().parent.parent


def problems_of(path: Path, ruleset) -> tuple[list[str], list[str], bool]:
    """(errors, warnings, loaded) of a map."""
    scenario, problems = check_scenario(path, ruleset)
    errors = [str(p) for p in problems if not p.warning]
    warnings = [str(p) for p in problems if p.warning]
    return errors, warnings, scenario is not None


def errors_of(tmp_path: Path, ruleset, text: str) -> list[str]:
    """The errors of a map that must be refused."""
    errors, _warnings, loaded = problems_of(write_map(tmp_path, text), ruleset)
    assert not loaded and errors, "expected the map to be refused"
    return errors


def one_line(lines: list[str], *needles: str) -> str:
    """The first line holding every needle (fails naming the lines when none does)."""
    found = [line for line in lines if all(n in line for n in needles)]
    assert found, f"no line with {needles} in:\n" + "\n".join(lines)
    return found[0]


def with_props(**changes: object) -> dict[str, object]:
    """The test map's properties with some changed."""
    props = dict(DEFAULT_PROPS)
    props.update(changes)
    return props
