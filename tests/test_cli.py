"""The command line: the menu entry point starts and exits cleanly; failures never show tracebacks."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from game import cli

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_main_menu_starts_and_exits_cleanly_headless():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_command_is_a_usage_error():
    result = _run("conquer")
    assert result.returncode == 2
    assert "invalid choice: 'conquer'" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_validate():
    result = _run("--help")
    assert result.returncode == 0 and "validate" in result.stdout


def test_internal_error_gives_a_message_and_a_log(tmp_path, monkeypatch, capsys):
    def explode(sub: argparse._SubParsersAction) -> None:
        parser = sub.add_parser("explode")
        parser.set_defaults(run=lambda args: 1 / 0)

    log = tmp_path / "crash.log"
    monkeypatch.setattr(cli, "CRASH_LOG", log)
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, explode])
    assert cli.main(["explode"]) == cli.EXIT_CRASH
    err = capsys.readouterr().err
    assert "unexpected internal error" in err and str(log) in err
    assert "Traceback" not in err
    assert "ZeroDivisionError" in log.read_text()
