"""Reading rules data files (TOML) with field checks that name the file, entry and fix."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAX_RULES_FILE_BYTES = 1_000_000


class RulesError(Exception):
    """One or more problems in the rules data files; each message is a full sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML rules file or raise RulesError saying what is wrong with it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RulesError([f"{path}: cannot read the rules file ({exc.strerror})."]) from None
    if size > MAX_RULES_FILE_BYTES:
        raise RulesError([f"{path}: the file is {size} bytes, over the limit of 1 MB."])
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError([f"{path}: not valid TOML: {exc}. Fix the syntax there."]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError([f"{path}: cannot read the rules file ({exc})."]) from None


REQUIRED: Any = object()


class FieldReader:
    """Reads typed fields of one entry of a rules file, collecting readable problems."""

    def __init__(self, table: Any, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems
        if not isinstance(table, dict):
            problems.append(f"{where}: must be a table of fields, got {table!r}.")
            table = {}
        self.table: dict[str, Any] = table
        self.seen: set[str] = set()

    def _fetch(self, name: str, default: Any) -> Any:
        self.seen.add(name)
        if name in self.table:
            return self.table[name]
        if default is REQUIRED:
            self.problems.append(f"{self.where}: missing field '{name}'. Add it.")
        return default

    def _bad(self, name: str, expected: str, value: Any) -> None:
        self.problems.append(f"{self.where}: field '{name}' must be {expected}, got {value!r}.")

    def text(self, name: str, default: Any = REQUIRED, choices: Iterable[str] = ()) -> str:
        """A string field, optionally one of `choices`."""
        value = self._fetch(name, default)
        allowed = list(choices)
        if not isinstance(value, str):
            if value is not None:
                self._bad(name, "text", value)
            return "" if default is REQUIRED or default is None else str(default)
        if allowed and value not in allowed:
            self._bad(name, "one of " + ", ".join(allowed), value)
            return allowed[0]
        return value

    def number(
        self, name: str, default: Any = REQUIRED, low: float = -math.inf, high: float = math.inf
    ) -> float:
        """A number field within [low, high]."""
        value = self._fetch(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            if value is not None:
                self._bad(name, "a number", value)
            return 0.0 if default is REQUIRED or default is None else float(default)
        if not low <= value <= high:
            self._bad(name, f"between {low:g} and {high:g}", value)
            return float(min(max(value, low), high))
        return float(value)

    def integer(
        self, name: str, default: Any = REQUIRED, low: int = -(2**31), high: int = 2**31
    ) -> int:
        """A whole-number field within [low, high]."""
        value = self._fetch(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            if value is not None:
                self._bad(name, "a whole number", value)
            return 0 if default is REQUIRED or default is None else int(default)
        if not low <= value <= high:
            self._bad(name, f"a whole number from {low} to {high}", value)
            return min(max(value, low), high)
        return value

    def flag(self, name: str, default: Any = REQUIRED) -> bool:
        """A true/false field."""
        value = self._fetch(name, default)
        if not isinstance(value, bool):
            if value is not None:
                self._bad(name, "true or false", value)
            return False if default is REQUIRED or default is None else bool(default)
        return value

    def cost(self, name: str, default: Any = REQUIRED) -> float:
        """A movement cost: a positive number, or "impassable" (returned as infinity)."""
        value = self._fetch(name, default)
        if value == "impassable":
            return math.inf
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            self._bad(name, 'a number of AP from 0.1 to 100 or "impassable"', value)
            return math.inf
        return float(value)

    def text_list(self, name: str, default: Any = REQUIRED) -> list[str]:
        """A list of strings."""
        value = self._fetch(name, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(name, "a list of names in quotes", value)
            return []
        return list(value)

    def sub_table(self, name: str) -> dict[str, Any]:
        """A nested table (empty when absent)."""
        value = self._fetch(name, {})
        if not isinstance(value, dict):
            self._bad(name, "a table", value)
            return {}
        return value

    def finish(self) -> None:
        """Report any field this reader did not ask for (usually a typo)."""
        for key in self.table:
            if key not in self.seen:
                known = ", ".join(sorted(self.seen))
                self.problems.append(f"{self.where}: unknown field '{key}' (known: {known}).")
