"""Command lines that used to end in "unexpected internal error" (exit 3) or hang: each now
gives a message naming the file or option and what to do; exit 2 for a usage error, 1 for a
file that cannot be used."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from game import cli
from game.core.paths import MAPS_DIR
from tests.test_cli import _run

MAP = str(MAPS_DIR / "qadisiyah.tmx")
TOO_LONG = "x" * 300 + ".tmx"  # one name over the 255 characters Linux, macOS and Windows allow


def _main(capsys, *argv: str) -> tuple[int, str]:
    """Run the command line in this process; the exit code and everything it printed."""
    code = cli.main(list(argv))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "internal error" not in text and "Traceback" not in text, text
    return code, text


def test_screenshot_into_an_existing_folder(capsys, tmp_path):
    code, text = _main(capsys, "screenshot", MAP, str(tmp_path))
    assert code == cli.EXIT_USAGE
    assert f"{tmp_path} is a folder" in text and ".png" in text


def test_a_negative_seed_is_a_usage_error(capsys):
    for command in (["simulate", MAP], ["play", MAP], ["screenshot", MAP, "out.png"]):
        code, text = _main(capsys, *command, "--seed", "-5")
        assert code == cli.EXIT_USAGE
        assert "--seed" in text and "-5" in text and "0 or more" in text


def test_make_map_out_an_existing_folder(capsys, tmp_path):
    code, text = _main(capsys, "make-map", "qadisiyah", "--out", str(tmp_path))
    assert code == cli.EXIT_USAGE
    assert f"--out {tmp_path} is a folder" in text and "qadisiyah.tmx" in text
    assert list(tmp_path.iterdir()) == []


def test_simulate_log_into_an_existing_folder(capsys, tmp_path):
    code, text = _main(capsys, "simulate", MAP, "--max-turns", "1", "--log", str(tmp_path))
    assert code == cli.EXIT_USAGE
    assert f"--log {tmp_path} is a folder" in text and ".json" in text


def test_an_output_below_a_file_is_a_usage_error(capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    for command in (
        ["simulate", MAP, "--log", str(a_file / "log.json")],
        ["make-map", "qadisiyah", "--out", str(a_file / "q.tmx")],
        ["screenshot", MAP, str(a_file / "shot.png")],
    ):
        code, text = _main(capsys, *command)
        assert code == cli.EXIT_USAGE
        assert str(a_file / "") in text and "a part of the path is a file" in text


def test_a_write_the_system_refuses_is_a_message(capsys, tmp_path, monkeypatch):
    import errno

    from game.mapmaking import map_assembly

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".q.tmx.x.tmp"))

    monkeypatch.setattr(map_assembly, "make_map", full_disk)
    code, text = _main(capsys, "make-map", "qadisiyah", "--out", str(tmp_path / "q.tmx"))
    assert code == cli.EXIT_PROBLEMS
    assert f"cannot write {tmp_path / 'q.tmx'}: the disk is full; free some space" in text


def test_bench_with_no_repeats_is_a_usage_error(capsys):
    code, text = _main(capsys, "bench", "--repeats", "0")
    assert code == cli.EXIT_USAGE
    assert "--repeats" in text and "1 or more" in text


def test_a_non_ascii_path_on_an_ascii_terminal(tmp_path):
    folder = tmp_path / "Mossul-ü"
    folder.mkdir()
    (folder / "karte.tmx").write_text("<map/>")
    env = {"PYTHONIOENCODING": "ascii"}
    for args, code in (
        (["validate", str(folder / "fehlt.tmx")], 2),
        (["validate", str(folder)], 1),
    ):
        result = _run_env(env, *args)
        text = result.stdout + result.stderr
        assert result.returncode == code, text
        assert "internal error" not in text and "Mossul-\\xfc" in text


def _run_env(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process with extra environment variables."""
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, str(root / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="ascii",
        errors="replace",
        timeout=120,
        env=dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", **env),
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["simulate"],
        ["play"],
        ["screenshot"],
    ],
)
def test_a_path_longer_than_the_system_allows(capsys, tmp_path, command):
    extra = ["out.png"] if command == ["screenshot"] else []
    code, text = _main(capsys, *command, str(tmp_path / TOO_LONG), *extra)
    assert code == cli.EXIT_USAGE
    assert "too long" in text and "shorter" in text


def test_a_folder_without_read_permission(capsys, tmp_path, monkeypatch):
    """A folder validate cannot list says so (it used to say "no maps found"). Tests run as
    root, which reads any folder whatever its mode, so the refusal is shown by making
    os.access report the folder unreadable; test_a_real_unreadable_folder checks a real
    mode-000 folder where the user is not root."""
    from game.campaign import validate

    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        validate.os, "access", lambda p, mode: Path(p) != folder and real_access(p, mode)
    )
    code, text = _main(capsys, "validate", str(folder))
    assert code == cli.EXIT_PROBLEMS
    assert f"{folder}: cannot be read (permission denied)" in text
    assert "no maps" not in text


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any folder")
def test_a_real_unreadable_folder(capsys, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        code, text = _main(capsys, "validate", str(folder))
    finally:
        folder.chmod(0o755)
    assert code == cli.EXIT_PROBLEMS and "permission denied" in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_validate_refuses_a_named_pipe_without_opening_it(capsys, tmp_path):
    pipe = tmp_path / "map.tmx"
    os.mkfifo(pipe)
    result: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: result.append(_main(capsys, "validate", str(pipe))))
    worker.daemon = True
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the stuck reader so the test run can end
        with open(pipe, "wb"):
            pass
        pytest.fail("validate blocked on a named pipe")
    code, text = result[0]
    assert code == cli.EXIT_PROBLEMS
    assert f"{pipe}: is not a regular file (a named pipe)" in text


def test_subprocess_messages_have_no_traceback(tmp_path):
    """The same through main.py: a usage error is exit 2 with the message on stderr."""
    result = _run("bench", "--repeats", "0")
    assert result.returncode == 2 and "--repeats" in result.stderr
    assert "Traceback" not in result.stderr


def test_playing_the_training_as_isil_is_refused_with_the_reason(capsys, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    training = str(MAPS_DIR / "training.tmx")
    for extra in (["--side", "isil"], ["--hotseat"]):
        code, text = _main(capsys, "play", training, *extra)
        assert code == cli.EXIT_USAGE
        assert "training.tmx is played as coalition only" in text and "fixed_side" in text
