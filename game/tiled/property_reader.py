"""Typed reading of Tiled custom properties, with problems that name where they are.

The rule for types: a property must have the type the format documents (string, int,
float or bool in Tiled's Add Property dialog). The one leniency is a number: an int
property is fine where a float is asked. A string never stands for a number or a bool
(`"6"`, `"true"`), and a float never for an int (`6.0`): each is refused with the type
to choose.
"""

from __future__ import annotations

from typing import Any

from game.core.problems import ProblemLog, did_you_mean

IGNORED_PROPS = ("tile_name", "marker")  # carried by the units/markers tilesets' tiles
# read on every kind of object by the difficulty filter (the other scenario work)
OBJECT_WIDE_PROPS = ("difficulty",)


class ObjectRef(int):
    """The value of an `object` property (the id of the object it points at)."""


def tiled_type(value: Any) -> str:
    """The Tiled property type a read value had: bool, object, int, float or string."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, ObjectRef):
        return "object"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"


def a_type(value: Any) -> str:
    """ "a string property", "an int property", ... for a read value."""
    kind = tiled_type(value)
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} property"


def type_fix(wanted: str) -> str:
    """How to give a property another type in Tiled."""
    return f"in Tiled remove the property and add it again, choose the type {wanted}"


def is_int(value: Any) -> bool:
    """Whether a read value came from an int property."""
    return tiled_type(value) == "int"


def is_number(value: Any) -> bool:
    """Whether a read value came from an int or float property."""
    return tiled_type(value) in ("int", "float")


class PropertyReader:
    """Typed reads of one map's or object's custom properties, reporting each problem."""

    def __init__(
        self, props: dict[str, Any], log: ProblemLog, where: dict[str, Any], what: str = "property"
    ) -> None:
        self.props = props
        self.log = log
        self.where = where
        self.what = what

    def error(self, message: str, fix: str = "") -> None:
        """Record an error at this reader's place."""
        self.log.error(message, fix=fix, **self.where)

    def _bad(self, name: str, expected: str, value: Any, wanted: str) -> None:
        kind = tiled_type(value)
        shown = f"not {value!r}" if kind == wanted else f"not {value!r} ({a_type(value)})"
        fix = type_fix(wanted) if kind != wanted else "change the value"
        self.error(f"{self.what} '{name}' must be {expected}, {shown}", fix)

    def choice(self, name: str, values: list[str], default: str | None) -> str | None:
        """One of `values` (None, reported, when missing without default or unknown).

        A blank value counts as not set: Tiled writes "" for an enum left at a blank default.
        """
        value = self.props.get(name)
        if value is not None and not isinstance(value, str):
            self._bad(name, f"one of: {', '.join(values)}", value, "string")
            return None
        value = value or default
        if value is None:
            self.error(f"missing {self.what} '{name}' (one of: {', '.join(values)})", "add it")
            return None
        if value not in values:  # the likely name first: the list can be long
            hint = did_you_mean(value, values)
            self.error(
                f"unknown {name.replace('_', ' ')} '{value}'" + (f", {hint}" if hint else ""),
                f"choose one of: {', '.join(values)}",
            )
            return None
        return str(value)

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """A whole number in [low, high] (an int property)."""
        value = self.props.get(name, default)
        if not is_int(value) or not low <= value <= high:
            self._bad(name, f"a whole number from {low} to {high}", value, "int")
            return default
        return int(value)

    def number(self, name: str, default: float, low: float, high: float) -> float:
        """A number in [low, high] (a float property, or an int one)."""
        value = self.props.get(name, default)
        if not is_number(value) or not low <= value <= high:
            self._bad(name, f"a number from {low:g} to {high:g}", value, "float")
            return default
        return float(value)

    def flag(self, name: str, default: bool) -> bool:
        """A true/false value (a bool property)."""
        value = self.props.get(name, default)
        if not isinstance(value, bool):
            self._bad(name, "true or false (a bool property)", value, "bool")
            return default
        return value

    def text(self, name: str, default: str = "") -> str:
        """A text value (a string property)."""
        value = self.props.get(name, default)
        if not isinstance(value, str):
            self._bad(name, "text", value, "string")
            return default
        return value

    def unknown(self, known: tuple[str, ...]) -> None:
        """Warn about properties the game does not read here (usually typos)."""
        for key in self.props:
            if key in known or key in IGNORED_PROPS or key in OBJECT_WIDE_PROPS:
                continue
            hint = did_you_mean(key, known)
            self.log.warn(
                f"{self.what} '{key}' is not one the game reads here "
                f"(known: {', '.join(known) or 'none'}); {hint or 'a typo?'}",
                **self.where,
            )
