"""`python main.py validate PATH...`: check maps and print one line per problem."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from game.campaign.campaign_file import CAMPAIGN_SUFFIX, check_campaign, is_campaign_file
from game.core.problems import Problem
from game.core.safe_read import FileRefused, check_regular_file, path_problem
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset, load_ruleset
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


def _usage_problems(paths: list[Path], report: Report) -> bool:
    """Report paths that cannot be used as given (missing, a name too long, ...)."""
    usage = [(p, problem) for p in paths if (problem := path_problem(p)) is not None]
    for path, problem in usage:
        report.refusal(path, problem)
    return bool(usage)


def _refused(paths: list[Path], report: Report) -> tuple[list[Path], int]:
    """Report the folders that cannot be listed and the paths that are not regular files
    (a pipe or a device is never opened); the paths left to check and the refusals."""
    kept: list[Path] = []
    refusals = 0
    for path in paths:
        unreadable = unreadable_folders(path)
        for folder in unreadable:
            report.refusal(folder, "cannot be read (permission denied); check its permissions")
        refusals += len(unreadable)
        if path in unreadable:
            continue
        if not path.is_dir():
            try:
                check_regular_file(path)
            except FileRefused as exc:
                report.refusal(
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


def split_fix(message: str) -> tuple[str, str]:
    """A problem's message as (what is wrong, how to fix it): the part after the last '; ',
    or a closing parenthesis ("(known: ...)"); the fix is "" when the message has none."""
    head, found, tail = message.rpartition("; ")
    if found and head:
        return head, tail
    if message.endswith(")") and " (" in message:
        head, _, tail = message.rpartition(" (")
        return head, tail[:-1]
    return message, ""


def problem_data(problem: Problem) -> dict[str, Any]:
    """One problem as `validate --json` prints it."""
    message, fix = split_fix(problem.message)
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


@dataclass
class FileReport:
    """What validate found in one file: its problems and the summary line."""

    file: str
    ok: bool
    summary: str
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The file's entry in `validate --json`."""
        return {
            "file": self.file,
            "ok": self.ok,
            "summary": self.summary,
            "problems": [problem_data(p) for p in self.problems],
        }


class Report:
    """Collects validate's findings and prints them as lines (at once) or as JSON (at the end)."""

    def __init__(self, out: TextIO, as_json: bool) -> None:
        self.out = out
        self.as_json = as_json
        self.files: list[FileReport] = []

    def refusal(self, path: Path, text: str) -> None:
        """A path that cannot be checked."""
        line = f"{path}: {text}"
        self.files.append(FileReport(str(path), False, line, [Problem(str(path), text)]))
        if not self.as_json:
            print(line, file=self.out)

    def file(self, entry: FileReport) -> None:
        """A checked file: its problems, then its summary."""
        self.files.append(entry)
        if not self.as_json:
            for problem in entry.problems:
                print(problem, file=self.out)
            print(entry.summary, file=self.out)

    def line(self, text: str, total: bool = False) -> None:
        """A line about the whole run (in JSON mode on stderr; the total is left out there,
        the files' entries say it)."""
        if not self.as_json:
            print(text, file=self.out)
        elif not total:
            print(text, file=sys.stderr)

    def finish(self) -> None:
        """Print the JSON document (in JSON mode)."""
        if self.as_json:
            document = {"files": [f.to_dict() for f in self.files]}
            print(json.dumps(document, indent=1), file=self.out)


def _map_report(path: Path, ruleset: Ruleset) -> FileReport:
    shown = _shown(path)
    scenario, problems = check_scenario(shown, ruleset)
    if scenario is None:
        errors = sum(1 for p in problems if not p.warning)
        summary = f"{shown}: INVALID ({errors} problem{'s' if errors != 1 else ''})"
        return FileReport(str(shown), False, summary, problems)
    summary = (
        f"{shown}: ok - '{scenario.title}', {scenario.width}x{scenario.height} tiles, "
        f"{len(scenario.units)} units, {len(scenario.objectives)} objectives, "
        f"{len(scenario.events)} events"
    )
    return FileReport(str(shown), True, summary, problems)


def _campaign_report(path: Path, ruleset: Ruleset) -> FileReport:
    shown = _shown(path)
    campaign, problems = check_campaign(shown, ruleset)
    if campaign is None:
        summary = f"{shown}: INVALID campaign ({len(problems)} problems)"
        return FileReport(str(shown), False, summary, problems)
    summary = f"{shown}: ok - campaign '{campaign.title}', {len(campaign.scenarios)} scenarios"
    return FileReport(str(shown), True, summary, problems)


def run_validate(paths: list[Path], out: TextIO, as_json: bool = False) -> int:
    """Validate every map under `paths`; 0 when all are valid, 1 on problems (a map's, or a
    folder that cannot be read, or a path that is not a file), 2 on usage (a missing path).
    `as_json`: print one JSON object ({"files": [...]}, each problem with its file,
    severity, message, fix, layer, object id and name, tile) instead of lines."""
    report = Report(out, as_json)
    try:
        return _validate(paths, report)
    finally:
        report.finish()


def _validate(paths: list[Path], report: Report) -> int:
    if _usage_problems(paths, report):
        return 2
    paths, refusals = _refused(paths, report)
    maps = [m for p in paths for m in find_maps(p)]
    campaigns = [c for p in paths for c in find_campaigns(p)]
    if not maps and not campaigns:
        if refusals:
            return 1
        report.line(f"no maps (.tmx) found in {', '.join(map(str, paths))}")
        return 2
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        for message in err.problems:
            report.line(message)
        return 1
    failed = 0
    for path in maps:
        entry = _map_report(path, ruleset)
        report.file(entry)
        failed += not entry.ok
    for path in campaigns:
        entry = _campaign_report(path, ruleset)
        report.file(entry)
        failed += not entry.ok
    total = len(maps) + len(campaigns)
    if total > 1:
        what = "files" if campaigns else "maps"
        report.line(f"{total - failed} of {total} {what} valid", total=True)
    return 1 if failed or refusals else 0
