"""Checked reading of parsed JSON documents: every field's type and range looked at before
use, every refusal a FieldError naming the field by its path (`snapshot.units[2].pos`)."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from game.core.values import TilePos

_MISSING: Any = object()


class FieldError(ValueError):
    """A document field that is missing or of the wrong type or value; the message names it."""


def _shown(value: Any) -> str:
    """A short picture of a value for a message (long values cut)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "a table", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {_shown(value)}"
    return names.get(type(value), type(value).__name__)


def table(value: Any, where: str) -> dict[str, Any]:
    """`value` as a table (a JSON object)."""
    if not isinstance(value, dict):
        raise FieldError(f"{where} should be a table, not {_kind(value)}")
    return value


def items(value: Any, where: str) -> list[Any]:
    """`value` as a list."""
    if not isinstance(value, list):
        raise FieldError(f"{where} should be a list, not {_kind(value)}")
    return value


def text(value: Any, where: str, choices: Collection[str] | None = None) -> str:
    """`value` as text (one of `choices` when given)."""
    if not isinstance(value, str):
        raise FieldError(f"{where} should be text, not {_kind(value)}")
    if choices is not None and value not in choices:
        known = ", ".join(repr(c) for c in choices)
        raise FieldError(f"{where} is {_shown(value)}, not one of {known}")
    return value


def whole(value: Any, where: str, low: int | None = None, high: int | None = None) -> int:
    """`value` as a whole number (true/false refused) within [low, high] when given."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldError(f"{where} should be a whole number, not {_kind(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise FieldError(f"{where} is {value}, outside {_range(low, high)}")
    return value


def number(value: Any, where: str, low: float | None = None, high: float | None = None) -> float:
    """`value` as a finite number (whole or not) within [low, high] when given."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise FieldError(f"{where} should be a number, not {_kind(value)}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise FieldError(f"{where} is {value}, outside {_range(low, high)}")
    return value


def _range(low: float | None, high: float | None) -> str:
    """The allowed range in words."""
    if low is None:
        return f"at most {high}"
    if high is None:
        return f"at least {low}"
    return f"{low}..{high}"


def flag(value: Any, where: str) -> bool:
    """`value` as true/false."""
    if not isinstance(value, bool):
        raise FieldError(f"{where} should be true or false, not {_kind(value)}")
    return value


def tile(value: Any, where: str, width: int | None = None, height: int | None = None) -> TilePos:
    """`value` as a tile [x, y] of whole numbers; on a width x height map when given."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise FieldError(f"{where} should be a tile [x, y] of whole numbers, not {_shown(value)}")
    pos = TilePos(value[0], value[1])
    on_map = width is None or height is None or (0 <= pos.x < width and 0 <= pos.y < height)
    if not on_map:
        raise FieldError(f"{where} is {pos}, off the {width}x{height} map")
    return pos


class Fields:
    """A table of a document, read field by field with checks; errors name `where.key`."""

    def __init__(self, data: Any, where: str) -> None:
        self.data = table(data, where)
        self.where = where

    def path(self, key: str) -> str:
        """The full name of one of the table's fields, for messages."""
        return f"{self.where}.{key}" if self.where else key

    def raw(self, key: str, default: Any = _MISSING) -> Any:
        """A field's value unchecked (FieldError when missing and no default is given)."""
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise FieldError(f"{self.path(key)} is missing")
        return default

    def text(
        self, key: str, default: Any = _MISSING, choices: Collection[str] | None = None
    ) -> str:
        """A text field."""
        return text(self.raw(key, default), self.path(key), choices)

    def whole(
        self, key: str, low: int | None = None, high: int | None = None, default: Any = _MISSING
    ) -> int:
        """A whole-number field."""
        return whole(self.raw(key, default), self.path(key), low, high)

    def number(
        self, key: str, low: float | None = None, high: float | None = None, default: Any = _MISSING
    ) -> float:
        """A number field."""
        return number(self.raw(key, default), self.path(key), low, high)

    def flag(self, key: str, default: Any = _MISSING) -> bool:
        """A true/false field."""
        return flag(self.raw(key, default), self.path(key))

    def items(self, key: str, default: Any = _MISSING) -> list[Any]:
        """A list field."""
        return items(self.raw(key, default), self.path(key))

    def table(self, key: str, default: Any = _MISSING) -> Fields:
        """A table field, itself read with checks."""
        return Fields(self.raw(key, default), self.path(key))

    def keys_in(self, allowed: Collection[str]) -> None:
        """Refuse keys outside `allowed` (the message lists them)."""
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise FieldError(f"{self.where} has unknown keys {unknown}")
