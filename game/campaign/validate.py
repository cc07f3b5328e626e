"""`python main.py validate [--json] PATH...`: check maps and print one line per problem, or
one JSON document for editors and CI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

from game.campaign.campaign_file import CAMPAIGN_SUFFIX, check_campaign, is_campaign_file
from game.core.problems import Problem
from game.core.safe_read import FileRefused, check_regular_file, path_problem
from game.rules.data_files import RulesError
from game.rules.ruleset import load_ruleset
from game.scenario.loader import check_scenario

MAP_PATTERNS = ("*.tmx", "*.tmx.gz", "*.tmj")
CAMPAIGN_PATTERNS = (CAMPAIGN_SUFFIX, f"*.{CAMPAIGN_SUFFIX}")


def _below(path: Path, patterns: tuple[str, ...]) -> list[Path]:
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in path.rglob(pattern) if p.is_file())
    return sorted(found)


def unreadable_folders(path: Path) -> list[Path]:
    """The folders at or below `path` that cannot be listed (so their maps would be missed)."""
    if not path.is_dir():
        return []
    if not os.access(path, os.R_OK | os.X_OK):
        return [path]
    failed: list[Path] = []
    for folder, subfolders, _files in os.walk(path, onerror=lambda exc: None):
        for name in subfolders:
            below = Path(folder) / name
            if not os.access(below, os.R_OK | os.X_OK):
                failed.append(below)
    return failed


class Report:
    """What validate found, printed as lines as it goes or kept for one JSON document."""

    def __init__(self, out: TextIO, as_json: bool) -> None:
        self.out = out
        self.as_json = as_json
        self.files: list[dict[str, Any]] = []

    def refused(self, path: Path, message: str) -> None:
        """A path that could not be checked at all (missing, unreadable, not a file)."""
        if self.as_json:
            problem = Problem(str(path), message)
            self.files.append(_file_entry(str(path), False, "", [problem]))
        else:
            print(f"{path}: {message}", file=self.out)

    def problem(self, problem: Problem) -> None:
        """One problem of a file (JSON: kept for the file's entry)."""
        if not self.as_json:
            print(problem, file=self.out)

    def checked(self, path: str, ok: bool, summary: str, problems: list[Problem]) -> None:
        """A file checked: its problems were reported; now its summary."""
        if self.as_json:
            self.files.append(_file_entry(path, ok, summary, problems))
        else:
            print(f"{path}: {'ok - ' if ok else ''}{summary}", file=self.out)

    def line(self, text: str) -> None:
        """A closing line of the plain output (JSON: left out)."""
        if not self.as_json:
            print(text, file=self.out)

    def finish(self) -> None:
        """Print the JSON document (plain output is already out)."""
        if self.as_json:
            json.dump({"files": self.files}, self.out, ensure_ascii=False, indent=1)
            print(file=self.out)


def problem_data(problem: Problem) -> dict[str, Any]:
    """One problem as the JSON `validate --json` prints (the shape editors rely on)."""
    message, fix = problem.parts()
    return {
        "file": problem.file,
        "severity": "warning" if problem.warning else "error",
        "message": message,
        "fix": fix,
        "layer": problem.layer,
        "object_id": problem.obj_id,
        "object": problem.obj_name,
        "tile": None if problem.tile is None else [problem.tile.x, problem.tile.y],
    }


def _file_entry(path: str, ok: bool, summary: str, problems: list[Problem]) -> dict[str, Any]:
    return {
        "file": path,
        "ok": ok,
        "summary": summary,
        "problems": [problem_data(p) for p in problems],
    }


def _usage_problems(paths: list[Path], report: Report) -> bool:
    """Report paths that cannot be used as given (missing, a name too long, ...)."""
    usage = [(p, problem) for p in paths if (problem := path_problem(p)) is not None]
    for path, problem in usage:
        report.refused(path, problem)
    return bool(usage)


def _refused(paths: list[Path], report: Report) -> tuple[list[Path], int]:
    """Report the folders that cannot be listed and the paths that are not regular files
    (a pipe or a device is never opened); the paths left to check and the refusals."""
    kept: list[Path] = []
    refusals = 0
    for path in paths:
        unreadable = unreadable_folders(path)
        for folder in unreadable:
            report.refused(folder, "cannot be read (permission denied); check its permissions")
        refusals += len(unreadable)
        if path in unreadable:
            continue
        if not path.is_dir():
            try:
                check_regular_file(path)
            except FileRefused as exc:
                report.refused(
                    path, f"{exc.reason}; give a map (.tmx), a campaign file or a folder"
                )
                refusals += 1
                continue
        kept.append(path)
    return kept, refusals


def find_maps(path: Path) -> list[Path]:
    """The map files at a path: the file itself, or every map below a folder (sorted)."""
    if path.is_dir():
        return _below(path, MAP_PATTERNS)
    return [] if is_campaign_file(path) else [path]


def find_campaigns(path: Path) -> list[Path]:
    """The campaign files at a path: the file itself, or every one below a folder."""
    if path.is_dir():
        return _below(path, CAMPAIGN_PATTERNS)
    return [path] if is_campaign_file(path) else []


def _shown(path: Path) -> Path:
    """A path as the user would like to read it: relative to the current folder if below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def run_validate(paths: list[Path], out: TextIO, as_json: bool = False) -> int:
    """Validate every map under `paths`; 0 when all are valid, 1 on problems (a map's, or a
    folder that cannot be read, or a path that is not a file), 2 on usage (a missing path).
    With `as_json`, print one JSON document instead of lines (docs/scenario-format.md)."""
    report = Report(out, as_json)
    code = _validate(paths, report, as_json)
    report.finish()
    return code


def _validate(paths: list[Path], report: Report, as_json: bool) -> int:
    if _usage_problems(paths, report):
        return 2
    paths, refusals = _refused(paths, report)
    maps = [m for p in paths for m in find_maps(p)]
    campaigns = [c for p in paths for c in find_campaigns(p)]
    if not maps and not campaigns:
        if refusals:
            return 1
        if as_json:
            for path in paths:
                report.refused(path, "no maps (.tmx) found")
        report.line(f"no maps (.tmx) found in {', '.join(map(str, paths))}")
        return 2
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        for message in err.problems:
            if as_json:
                report.refused(Path("assets/rules"), message)
            else:
                report.line(message)
        return 1
    failed = 0
    for path in maps:
        shown = path if as_json else _shown(path)
        scenario, problems = check_scenario(shown, ruleset)
        for problem in problems:
            report.problem(problem)
        if scenario is None:
            failed += 1
            errors = sum(1 for p in problems if not p.warning)
            summary = f"INVALID ({errors} problem{'s' if errors != 1 else ''})"
            report.checked(str(shown), False, summary, problems)
        else:
            summary = (
                f"'{scenario.title}', {scenario.width}x{scenario.height} tiles, "
                f"{len(scenario.units)} units, {len(scenario.objectives)} objectives, "
                f"{len(scenario.events)} events"
                + (f", {len(scenario.triggers)} triggers" if scenario.triggers else "")
            )
            report.checked(str(shown), True, summary, problems)
    for path in campaigns:
        shown = path if as_json else _shown(path)
        campaign, problems = check_campaign(shown, ruleset)
        for problem in problems:
            report.problem(problem)
        if campaign is None:
            failed += 1
            summary = f"INVALID campaign ({len(problems)} problems)"
            report.checked(str(shown), False, summary, problems)
        else:
            summary = f"campaign '{campaign.title}', {len(campaign.scenarios)} scenarios"
            report.checked(str(shown), True, summary, problems)
    total = len(maps) + len(campaigns)
    if total > 1:
        what = "files" if campaigns else "maps"
        report.line(f"{total - failed} of {total} {what} valid")
    return 1 if failed or refusals else 0
