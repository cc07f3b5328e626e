"""Reads a shipped map's content (briefing, forces, objectives, events, triggers) from its
TOML file.

The files live in game/mapmaking/recipes/NAME.toml, beside the code that reads them: they are
inputs of `make-map`, not scenarios the game loads (those are the generated maps/*.tmx).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.core.values import TilePos
from game.mapmaking.city_generator import Rect
from game.mapmaking.recipe_kit import PLACES, UnitSpec
from game.tiled.tmx_writer import PropertyValue

RECIPES_DIR = Path(__file__).with_name("recipes")
PLACEMENTS = ("rect", "area", "around_unit", "at_unit", "near")  # where an object may go


class RecipeDataError(ValueError):
    """A recipe data file that cannot be read, naming the file and the entry to fix."""


@dataclass(frozen=True)
class ObjectSpec:
    """An objective or event: where it goes (a rect, a named area, a unit, a placed tile)."""

    name: str
    type: str
    properties: dict[str, PropertyValue]
    rect: Rect | None = None
    area: str | None = None
    grow: tuple[int, int] = (0, 0)
    around_unit: str | None = None
    radius: int = 0
    at_unit: str | None = None
    near: TilePos | None = None
    place: str = "road"


@dataclass(frozen=True)
class RecipeData:
    """One map's content: default seed, terrain generator, map properties, units and objects."""

    path: Path
    seed: int
    generator: str
    properties: dict[str, PropertyValue]
    units: tuple[UnitSpec, ...]
    objectives: tuple[ObjectSpec, ...] = field(default=())
    events: tuple[ObjectSpec, ...] = field(default=())
    triggers: tuple[ObjectSpec, ...] = field(default=())  # `type` is always "trigger"


def recipe_path(name: str) -> Path:
    """The data file of the recipe `name`."""
    return RECIPES_DIR / f"{name}.toml"


def recipe_names() -> list[str]:
    """The shipped recipes' names (their data files' names), sorted."""
    return sorted(path.stem for path in RECIPES_DIR.glob("*.toml"))


def load_recipe_data(path: Path) -> RecipeData:
    """Read and check one recipe data file; errors name the file and the entry."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RecipeDataError(f"{path}: {exc}") from exc
    where = str(path)
    seed = _get(doc, "seed", int, where)
    generator = _get(doc, "generator", str, where)
    props = _get(doc, "map", dict, where)
    units = tuple(
        _unit(u, f"{where}: units[{i}]") for i, u in enumerate(_get(doc, "units", list, where))
    )
    names = {u.name for u in units}
    objectives = tuple(
        _object(o, f"{where}: objectives[{i}]", names)
        for i, o in enumerate(doc.get("objectives", []))
    )
    events = tuple(
        _object(o, f"{where}: events[{i}]", names) for i, o in enumerate(doc.get("events", []))
    )
    triggers = tuple(
        _object(_trigger_table(t), f"{where}: triggers[{i}]", names)
        for i, t in enumerate(doc.get("triggers", []))
    )
    return RecipeData(path, seed, generator, props, units, objectives, events, triggers)


def _trigger_table(table: Any) -> Any:
    """A [[triggers]] entry with its object type; one that watches no area sits on the
    corner tile."""
    if not isinstance(table, dict):
        return table
    placed = any(key in table for key in PLACEMENTS)
    return {"type": "trigger", **({} if placed else {"rect": [0, 0, 1, 1]}), **table}


def _get(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """table[key], checked to be of `kind`."""
    if key not in table:
        raise RecipeDataError(f"{where}: missing '{key}'")
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecipeDataError(f"{where}: '{key}' should be a {kind.__name__}, not {value!r}")
    return value


def _pair(table: dict[str, Any], key: str, where: str) -> tuple[int, int]:
    """A two-integer list such as `near = [x, y]`."""
    value = _get(table, key, list, where)
    if len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise RecipeDataError(f"{where}: '{key}' should be two whole numbers, not {value!r}")
    return value[0], value[1]


def _place(table: dict[str, Any], where: str) -> str:
    """The kind of tile a placement wants."""
    place = _get(table, "place", str, where)
    if place not in PLACES:
        raise RecipeDataError(f"{where}: unknown place '{place}' (known: {', '.join(PLACES)})")
    return place


def _unit(table: dict[str, Any], where: str) -> UnitSpec:
    """One [[units]] entry."""
    name = _get(table, "name", str, where)
    where = f"{where} ('{name}')"
    return UnitSpec(
        name,
        _get(table, "unit_type", str, where),
        TilePos(*_pair(table, "near", where)),
        _place(table, where),
        dict(table.get("properties", {})),
    )


def _object(table: dict[str, Any], where: str, units: set[str]) -> ObjectSpec:
    """One [[objectives]], [[events]] or [[triggers]] entry."""
    name = _get(table, "name", str, where)
    where = f"{where} ('{name}')"
    kind = _get(table, "type", str, where)
    props = dict(table.get("properties", {}))
    for key in ("around_unit", "at_unit"):
        if key in table and _get(table, key, str, where) not in units:
            raise RecipeDataError(f"{where}: '{key}' names no unit of this map: {table[key]!r}")
    if "rect" in table:
        rect = _get(table, "rect", list, where)
        if len(rect) != 4 or not all(isinstance(v, int) for v in rect):
            raise RecipeDataError(f"{where}: 'rect' should be [x, y, w, h], not {rect!r}")
        return ObjectSpec(name, kind, props, rect=Rect(*rect))
    if "area" in table:
        grow = _pair(table, "grow", where) if "grow" in table else (0, 0)
        return ObjectSpec(name, kind, props, area=_get(table, "area", str, where), grow=grow)
    if "around_unit" in table:
        radius = _get(table, "radius", int, where)
        return ObjectSpec(name, kind, props, around_unit=table["around_unit"], radius=radius)
    if "at_unit" in table:
        return ObjectSpec(name, kind, props, at_unit=table["at_unit"])
    if "near" in table:
        near = TilePos(*_pair(table, "near", where))
        return ObjectSpec(name, kind, props, near=near, place=_place(table, where))
    raise RecipeDataError(f"{where}: give one of rect, area, around_unit, at_unit or near")
