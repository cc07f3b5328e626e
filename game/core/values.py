"""Value types shared by every layer: sides, movement classes and tile positions."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import NamedTuple


class Side(StrEnum):
    """The two sides of a battle."""

    COALITION = "coalition"
    ISIL = "isil"

    @property
    def enemy(self) -> Side:
        """The opposing side."""
        return Side.ISIL if self is Side.COALITION else Side.COALITION

    @property
    def label(self) -> str:
        """How the side is written in sentences: "Coalition", "ISIL"."""
        return "ISIL" if self is Side.ISIL else "Coalition"


def plural(count: int | float, word: str) -> str:
    """A count and a noun that agrees with it: "1 turn", "3 turns"."""
    return f"{count:g} {word}" if count == 1 else f"{count:g} {word}s"


class MoveClass(StrEnum):
    """How a unit moves over terrain: each terrain kind has a cost per class."""

    FOOT = "foot"
    WHEELED = "wheeled"
    TRACKED = "tracked"


MOVE_CLASSES: tuple[MoveClass, ...] = tuple(MoveClass)


class TilePos(NamedTuple):
    """A tile position on the map: x to the east, y to the south, both from 0."""

    x: int
    y: int

    def __str__(self) -> str:
        return f"({self.x}, {self.y})"


def enum_values(enum_type: type[Enum]) -> list[str]:
    """The string values of an enum, in declaration order (for messages and dropdowns)."""
    return [str(member.value) for member in enum_type]
