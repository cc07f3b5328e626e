"""`python main.py validate PATH...`: check maps and print one line per problem."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from game.campaign.campaign_file import CAMPAIGN_SUFFIX, check_campaign, is_campaign_file
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


def _usage_problems(paths: list[Path], out: TextIO) -> bool:
    """Report paths that cannot be used as given (missing, a name too long, ...)."""
    usage = [(p, problem) for p in paths if (problem := path_problem(p)) is not None]
    for path, problem in usage:
        print(f"{path}: {problem}", file=out)
    return bool(usage)


def _refused(paths: list[Path], out: TextIO) -> tuple[list[Path], int]:
    """Report the folders that cannot be listed and the paths that are not regular files
    (a pipe or a device is never opened); the paths left to check and the refusals."""
    kept: list[Path] = []
    refusals = 0
    for path in paths:
        unreadable = unreadable_folders(path)
        for folder in unreadable:
            print(f"{folder}: cannot be read (permission denied); check its permissions", file=out)
        refusals += len(unreadable)
        if path in unreadable:
            continue
        if not path.is_dir():
            try:
                check_regular_file(path)
            except FileRefused as exc:
                print(
                    f"{path}: {exc.reason}; give a map (.tmx), a campaign file or a folder",
                    file=out,
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


def run_validate(paths: list[Path], out: TextIO) -> int:
    """Validate every map under `paths`; 0 when all are valid, 1 on problems (a map's, or a
    folder that cannot be read, or a path that is not a file), 2 on usage (a missing path)."""
    if _usage_problems(paths, out):
        return 2
    paths, refusals = _refused(paths, out)
    maps = [m for p in paths for m in find_maps(p)]
    campaigns = [c for p in paths for c in find_campaigns(p)]
    if not maps and not campaigns:
        if refusals:
            return 1
        print(f"no maps (.tmx) found in {', '.join(map(str, paths))}", file=out)
        return 2
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        for message in err.problems:
            print(message, file=out)
        return 1
    failed = 0
    for path in maps:
        shown = _shown(path)
        scenario, problems = check_scenario(shown, ruleset)
        for problem in problems:
            print(problem, file=out)
        if scenario is None:
            failed += 1
            errors = sum(1 for p in problems if not p.warning)
            print(f"{shown}: INVALID ({errors} problem{'s' if errors != 1 else ''})", file=out)
        else:
            print(
                f"{shown}: ok - '{scenario.title}', {scenario.width}x{scenario.height} tiles, "
                f"{len(scenario.units)} units, {len(scenario.objectives)} objectives, "
                f"{len(scenario.events)} events",
                file=out,
            )
    for path in campaigns:
        shown = _shown(path)
        campaign, problems = check_campaign(shown, ruleset)
        for problem in problems:
            print(problem, file=out)
        if campaign is None:
            failed += 1
            print(f"{shown}: INVALID campaign ({len(problems)} problems)", file=out)
        else:
            print(
                f"{shown}: ok - campaign '{campaign.title}', {len(campaign.scenarios)} scenarios",
                file=out,
            )
    total = len(maps) + len(campaigns)
    if total > 1:
        what = "files" if campaigns else "maps"
        print(f"{total - failed} of {total} {what} valid", file=out)
    return 1 if failed or refusals else 0
