"""A save killed mid-write leaves a temporary file; the next start removes such leftovers of
our own naming from the saves folder, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.core.atomic_files import STALE_AFTER, is_temporary_name, remove_stale_temporaries
from game.saves import save_files
from tests.test_saves import ROOT, WRITER

AN_HOUR_AGO = time.time() - 3600


def _aged(path: Path, text: str = "x") -> Path:
    path.write_text(text)
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return path


def test_only_stale_temporaries_of_our_naming_are_removed(tmp_path):
    ours = [
        _aged(tmp_path / ".quicksave.sbs.json.k3j_9xq0.tmp"),
        _aged(tmp_path / ".campaign.sbs.json.abcdefgh.tmp"),
    ]
    fresh = tmp_path / ".autosave-turn003.sbs.json.zz00zz00.tmp"
    fresh.write_text("a save being written right now by another window")
    others = [
        _aged(tmp_path / "quicksave.sbs.json"),
        _aged(tmp_path / "notes.tmp"),
        _aged(tmp_path / ".hidden.tmp"),
        _aged(tmp_path / ".x.sbs.json.TOOLONG123.tmp"),
        _aged(tmp_path / ".x.sbs.json.UPPERCAS.tmp"),
        _aged(tmp_path / "x.sbs.json.abcdefgh.tmp"),
    ]
    folder_like = tmp_path / ".folder.sbs.json.abcdefgh.tmp"
    folder_like.mkdir()
    link = tmp_path / ".link.sbs.json.abcdefgh.tmp"
    link.symlink_to(others[0])
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted(ours)
    assert not any(p.exists() for p in ours)
    assert fresh.exists() and folder_like.is_dir() and link.is_symlink()
    assert all(p.exists() for p in others)


def test_our_temporary_names():
    assert is_temporary_name(".quicksave.sbs.json.k3j_9xq0.tmp")
    assert not is_temporary_name("quicksave.sbs.json")
    assert not is_temporary_name(".quicksave.sbs.json.k3j_9xq0.tmp.bak")
    assert STALE_AFTER >= 60  # a write in progress elsewhere is never taken for a leftover


def test_a_missing_or_unreadable_folder_is_left_alone(tmp_path):
    assert remove_stale_temporaries(tmp_path / "nowhere") == []
    file = tmp_path / "a-file"
    file.write_text("")
    assert remove_stale_temporaries(file) == []


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_temporaries_of_a_killed_save_are_cleaned_when_the_saves_folder_is_first_used(
    tmp_path, monkeypatch
):
    """Kill a writer mid-save a few times (as issue 12 did), age what it left, and use the
    folder: the first read or write of a save there removes the leftovers."""
    path = tmp_path / "slot.sbs.json"
    path.write_text("{}")
    for delay in (0.05, 0.11, 0.23, 0.37):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=ROOT, env=dict(os.environ)
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
    # a temporary like the ones a kill leaves (a kill between writes may leave none)
    _aged(tmp_path / ".slot.sbs.json.q1w2e3r4.tmp")
    for leftover in tmp_path.glob(".*.tmp"):
        os.utime(leftover, (AN_HOUR_AGO, AN_HOUR_AGO))
    assert list(tmp_path.glob(".*.tmp"))
    monkeypatch.setattr(save_files, "_TIDIED", set())
    with pytest.raises(save_files.SaveError):
        save_files.read_save(path)  # "{}" is no save, but the folder was used
    assert list(tmp_path.glob(".*.tmp")) == []
    assert path.exists()


def test_the_client_cleans_its_saves_folder_at_start(tmp_path, monkeypatch):
    from tests.ui_driver import make_app

    leftover = _aged(tmp_path / ".quicksave.sbs.json.abcd1234.tmp")
    keep = _aged(tmp_path / "quicksave.sbs.json")
    monkeypatch.setattr(save_files, "_TIDIED", set())
    app = make_app(tmp_path)
    try:
        assert not leftover.exists() and keep.exists()
    finally:
        app.close()
