"""Typed reading of Tiled custom properties, with problems that name where they are."""

from __future__ import annotations

import contextlib
from typing import Any

from game.core.problems import ProblemLog

IGNORED_PROPS = ("tile_name", "marker")  # carried by the units/markers tilesets' tiles


class PropertyReader:
    """Typed reads of one map's or object's custom properties, reporting each problem."""

    def __init__(
        self, props: dict[str, Any], log: ProblemLog, where: dict[str, Any], what: str = "property"
    ) -> None:
        self.props = props
        self.log = log
        self.where = where
        self.what = what

    def error(self, message: str) -> None:
        """Record an error at this reader's place."""
        self.log.error(message, **self.where)

    def _bad(self, name: str, expected: str, value: Any) -> None:
        self.error(f"{self.what} '{name}' must be {expected}, not {value!r}")

    def choice(self, name: str, values: list[str], default: str | None) -> str | None:
        """One of `values` (None, reported, when missing without default or unknown).

        A blank value counts as not set: Tiled writes "" for an enum left at a blank default.
        """
        value = self.props.get(name) or default
        if value is None:
            self.error(f"missing {self.what} '{name}' (one of: {', '.join(values)}); add it")
            return None
        if value not in values:
            self.error(f"unknown {name.replace('_', ' ')} '{value}' (known: {', '.join(values)})")
            return None
        return str(value)

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """A whole number in [low, high] (an int property, or a string holding one)."""
        value = self.props.get(name, default)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self._bad(name, f"a whole number from {low} to {high}", value)
            return default
        return value

    def number(self, name: str, default: float, low: float, high: float) -> float:
        """A number in [low, high] (an int/float property, or a string holding one)."""
        value = self.props.get(name, default)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._bad(name, f"a number from {low:g} to {high:g}", value)
            return default
        if not low <= value <= high:
            self._bad(name, f"a number from {low:g} to {high:g}", value)
            return default
        return float(value)

    def flag(self, name: str, default: bool) -> bool:
        """A true/false value (a bool property)."""
        value = self.props.get(name, default)
        if value in ("true", "false"):
            value = value == "true"
        if not isinstance(value, bool):
            self._bad(name, "true or false (a bool property)", value)
            return default
        return value

    def text(self, name: str, default: str = "") -> str:
        """A text value."""
        value = self.props.get(name, default)
        return value if isinstance(value, str) else str(value)

    def unknown(self, known: tuple[str, ...]) -> None:
        """Warn about properties the game does not read here (usually typos)."""
        for key in self.props:
            if key not in known and key not in IGNORED_PROPS:
                self.log.warn(
                    f"{self.what} '{key}' is not one the game reads here "
                    f"(known: {', '.join(known) or 'none'}); a typo?",
                    **self.where,
                )
