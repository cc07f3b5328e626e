"""Terrain kinds: movement costs, cover, height and sight rules, read from terrain.toml."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from game.core.values import MoveClass
from game.rules.data_files import REQUIRED, FieldReader, read_toml

TERRAIN_FIELDS = (
    "foot",
    "wheeled",
    "tracked",
    "cover",
    "height",
    "blocks_sight",
    "obscuration",
    "building_hp",
    "collapses_to",
)


@dataclass(frozen=True)
class TerrainType:
    """One terrain kind (or a tile's overridden copy of it)."""

    name: str
    index: int
    costs: tuple[float, float, float]  # foot, wheeled, tracked; math.inf = impassable
    cover: float
    height: float
    blocks_sight: bool
    obscuration: float
    building_hp: int
    collapses_to: str
    # what the kind is for the rules and the AIs (the kind's own, not overridable by a tile)
    road: bool = False  # car bombs and AI routes prefer it
    roof: bool = False  # a unit here is under a roof: sheltered from a drone's charge
    berm_ground: bool = False  # a bulldozer may push up a berm here
    berm: bool = False  # the kind a bulldozer's berm is
    clears_to: tuple[str, ...] = ()  # rubble: a bulldozer clears it to the first of these
    # kinds the map's tilesets have

    def cost(self, move_class: MoveClass) -> float:
        """AP per orthogonal step for a movement class (inf when impassable)."""
        return self.costs[list(MoveClass).index(move_class)]

    def passable(self, move_class: MoveClass) -> bool:
        """Whether a unit of this movement class may enter."""
        return not math.isinf(self.cost(move_class))

    def with_overrides(self, reader: FieldReader) -> TerrainType:
        """A copy with the fields that `reader`'s table gives (a tile's custom properties)."""
        return replace(self, **_read_fields(reader, defaults=self))


def _read_fields(reader: FieldReader, defaults: TerrainType | None) -> dict[str, Any]:
    """Read terrain fields; with defaults every field is optional."""

    def dflt(value: Any) -> Any:
        return REQUIRED if defaults is None else value

    d = defaults
    costs = tuple(
        reader.cost(cls.value, dflt(_cost_text(d.costs[i]) if d else None))
        for i, cls in enumerate(MoveClass)
    )
    return {
        "costs": costs,
        "cover": reader.number("cover", dflt(d.cover if d else None), 0.0, 0.95),
        "height": reader.number("height", dflt(d.height if d else None), 0.0, 10.0),
        "blocks_sight": reader.flag("blocks_sight", dflt(d.blocks_sight if d else None)),
        "obscuration": reader.number("obscuration", dflt(d.obscuration if d else None), 0.0, 5.0),
        "building_hp": reader.integer("building_hp", d.building_hp if d else 0, 0, 10_000),
        "collapses_to": reader.text("collapses_to", d.collapses_to if d else ""),
    }


def _cost_text(cost: float) -> float | str:
    return "impassable" if math.isinf(cost) else cost


def load_terrain(path: Path, problems: list[str]) -> dict[str, TerrainType]:
    """Read every terrain kind from a TOML file; problems are appended to `problems`."""
    data = read_toml(path)
    kinds: dict[str, TerrainType] = {}
    for index, (name, table) in enumerate(data.items()):
        reader = FieldReader(table, f"{path}: terrain '{name}'", problems)
        fields = _read_fields(reader, defaults=None)
        kind = TerrainType(name=name, index=index, **fields)
        kinds[name] = replace(
            kind,
            road=reader.flag("road", False),
            roof=reader.flag("roof", False),
            berm_ground=reader.flag("berm_ground", False),
            berm=reader.flag("berm", False),
            clears_to=tuple(reader.text_list("clears_to", [])),
        )
        reader.finish()
    for kind in kinds.values():
        for target in kind.clears_to:
            if target not in kinds:
                problems.append(
                    f"{path}: terrain '{kind.name}': clears_to '{target}' is not a terrain kind "
                    f"(known: {', '.join(kinds)})."
                )
        if kind.collapses_to and kind.collapses_to not in kinds:
            problems.append(
                f"{path}: terrain '{kind.name}': collapses_to '{kind.collapses_to}' is not a "
                f"terrain kind (known: {', '.join(kinds)})."
            )
    if not kinds:
        problems.append(f"{path}: no terrain kinds defined. Add at least one [kind] table.")
    return kinds
