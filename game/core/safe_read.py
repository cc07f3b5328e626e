"""Reading files a player or designer hands us: regular files only, capped in size, and JSON
of a bounded nesting depth, each refusal a message rather than a hang or a crash."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_JSON_DEPTH = 64


class FileRefused(ValueError):
    """A path that cannot be read as a file (a folder, a pipe, a device, too large, ...).

    `reason` completes a sentence that starts with the file's name ("is not a regular file
    (a device)"); str() gives the whole sentence with the path as it was given.
    """

    def __init__(self, path: Path, reason: str, kind: str = "") -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind  # what the path is instead ("a folder", "a named pipe", ...)


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def check_regular_file(path: Path) -> None:
    """Refuse (FileRefused) anything but a regular file, after following links, without
    opening it; OSError (missing, no permission) passes through."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise FileRefused(path, f"is not a regular file ({_kind(mode)})", _kind(mode))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused for anything else.

    The path is looked at before it is opened (a pipe is never opened, so never waited on),
    opened without blocking, looked at again through the open handle (a file swapped in
    between is caught), and read for at most `limit + 1` bytes (an endless file ends).
    """
    check_regular_file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(path, f"is not a regular file ({_kind(mode)})", _kind(mode))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(path, f"is larger than the limit of {_size(limit)}")
    return data


def path_problem(path: Path) -> str | None:
    """Why a path given by the user cannot be used, in words (None when something is there):
    missing, a name longer than the system allows, out of reach, ..."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return "no such file or folder"
    except NotADirectoryError:
        return "no such file or folder (a part of the path is a file)"
    except PermissionError:
        return "cannot be reached (permission denied); check the folders' permissions"
    except OSError as exc:
        return os_problem(exc)
    except ValueError as exc:  # an embedded NUL character
        return f"is not a usable path ({exc})"
    return None


def os_problem(exc: OSError) -> str:
    """An operating-system error on a path, in words that say what to do."""
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long for this system; use a shorter file or folder name"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's and its folder's permissions"
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space"
    if exc.errno == errno.EROFS:
        return "the disk is read-only; choose another place"
    return str(exc.strerror or exc)


def _size(count: int) -> str:
    """A byte count in words (whole MB or KB, or bytes)."""
    if count >= 1024 * 1024:
        return f"{count // (1024 * 1024)} MB"
    if count >= 1024:
        return f"{count // 1024} KB"
    return f"{count} bytes"


class JsonRefused(ValueError):
    """JSON text that is not valid, or nested deeper than allowed; the message says which."""


class JsonTooDeep(JsonRefused):
    """JSON whose lists and tables nest deeper than allowed."""


def json_depth(value: Any) -> int:
    """How deeply lists and tables nest in a parsed JSON value (a number or text: 0)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            pending.extend((child, depth + 1) for child in item)
    return deepest


def parse_json(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON whose lists and tables nest at most `max_depth` levels; JsonRefused (with
    the reason) for invalid JSON or deeper nesting, never a RecursionError."""
    too_deep = f"it is nested more than {max_depth} levels deep"
    try:
        value = json.loads(text)
    except RecursionError:
        raise JsonTooDeep(too_deep) from None
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"it is not complete JSON ({exc.msg}, line {exc.lineno})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise JsonRefused(f"it is not JSON text ({exc})") from None
    if json_depth(value) > max_depth:
        raise JsonTooDeep(too_deep)
    return value
