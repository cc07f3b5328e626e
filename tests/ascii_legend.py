"""The one ASCII legend of the tests' map pictures (battle_builder, grid_builder, map_factory).

A picture is a list of strings of equal length, one per map row (y down), one character per
tile. Every builder reads a character as the same terrain:

    .  open ground      =  road           a  alley          c  courtyard
    T  trees            w  wall           B  berm           ~  water
    #  building         1-9  a building of that many storeys (its tile overrides `height`)
    :  rubble           H  heavy rubble   x  ruins

For example ``["==#==", "..w.."]`` is a road past a building, over open ground split by a
wall. "#" has the ruleset's building height (2 storeys today); "2" says so on the tile itself,
as a Tiled tile's `height` property does. map_factory's small TMX tileset paints only some of
these characters (map_factory.TILE_CHARS), each with the meaning given here.
"""

from __future__ import annotations

# character -> (terrain kind in terrain.toml, the tile's overrides of that kind's fields)
LEGEND: dict[str, tuple[str, dict[str, float]]] = {
    ".": ("open", {}),
    "=": ("road", {}),
    "a": ("alley", {}),
    "c": ("courtyard", {}),
    "T": ("trees", {}),
    "w": ("wall", {}),
    "#": ("building", {}),
    ":": ("rubble", {}),
    "H": ("heavy_rubble", {}),
    "B": ("berm", {}),
    "~": ("water", {}),
    "x": ("ruins", {}),
    **{str(d): ("building", {"height": float(d)}) for d in range(1, 10)},
}


def check_picture(rows: list[str], chars: str | None = None) -> None:
    """Raise ValueError unless `rows` is a rectangle of characters a builder can paint
    (`chars`, default: the whole legend)."""
    if not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
        raise ValueError("a picture is one or more non-empty rows of equal length")
    known = set(LEGEND if chars is None else chars)
    unknown = sorted({c for row in rows for c in row} - known)
    if unknown:
        raise ValueError(f"characters not in the legend: {unknown}")
