"""Atomic file writes: a crash or a kill mid-write leaves the previous file intact; the
temporary file a kill leaves behind is removed later by `remove_stale_temporaries`."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

# the temporaries atomic_write_bytes makes: "." + the file's name + "." + mkstemp's eight
# random characters (lowercase letters, digits, "_") + ".tmp"
TEMPORARY_NAME = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
STALE_AFTER = 120.0  # seconds; a younger temporary may be a write in progress elsewhere


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder, flushed and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_temporary_name(name: str) -> bool:
    """Whether a file name is one `atomic_write_bytes` gives its temporaries."""
    return TEMPORARY_NAME.fullmatch(name) is not None


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Delete the temporaries that writes killed mid-way left in `folder` and return them.

    Only regular files (not links or folders) named as our temporaries and untouched for
    `older_than` seconds are removed; a missing or unreadable folder is left alone.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temporary_name(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
