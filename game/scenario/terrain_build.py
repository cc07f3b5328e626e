"""Turning a map's tilesets and tile layers into terrain: tile kinds, overrides, the grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.battle.terrain_grid import GidTable, TerrainGrid
from game.core.problems import ProblemLog
from game.core.values import TilePos
from game.rules.data_files import FieldReader
from game.rules.ruleset import Ruleset
from game.rules.terrain import TERRAIN_FIELDS, TerrainType
from game.tiled.property_reader import a_type, tiled_type, type_fix
from game.tiled.tmx_reader import GID_MASK, RawMap, RawTileset

# Tile properties the game reads besides the terrain overrides.
OTHER_TILE_PROPERTIES = ("terrain", "tile_name", "collapse_tile", "unit_type", "side", "marker")
MAX_LISTED_CELLS = 3
# the Tiled types a tile property may have (a move cost may also be the string "impassable")
TILE_PROPERTY_TYPES = {
    "foot": ("float", "int"),
    "wheeled": ("float", "int"),
    "tracked": ("float", "int"),
    "cover": ("float", "int"),
    "height": ("float", "int"),
    "obscuration": ("float", "int"),
    "blocks_sight": ("bool",),
    "building_hp": ("int",),
    "collapse_tile": ("int",),
    "collapses_to": ("string",),
    "terrain": ("string",),
}


@dataclass
class TerrainResult:
    """The terrain of a map: gid table, grid and the first plain tile of each terrain kind."""

    tiles: GidTable
    grid: TerrainGrid
    kind_gid: dict[str, int]


def tileset_of(tilesets: list[RawTileset], gid: int) -> RawTileset | None:
    """The tileset a (flag-free) gid belongs to, or None."""
    for tileset in reversed(tilesets):
        if tileset.first_gid <= gid < tileset.first_gid + tileset.tile_count:
            return tileset
    return None


def tile_terrain(raw: RawMap, ruleset: Ruleset, log: ProblemLog) -> dict[int, TerrainType]:
    """Every tile with a `terrain` property, by gid, with its overrides applied."""
    result: dict[int, TerrainType] = {}
    known = ", ".join(ruleset.terrain)
    for tileset in raw.tilesets:
        for local, tile in sorted(tileset.tiles.items()):
            kind_name = tile.properties.get("terrain")
            if kind_name is None:
                continue
            where = f"tileset '{tileset.name}' tile {local}"
            if kind_name not in ruleset.terrain:
                log.error(
                    f"{where}: unknown terrain '{kind_name}' (known: {known}); fix the tile's "
                    "'terrain' property in the Tileset Editor"
                )
                continue
            overrides = {
                k: v
                for k, v in tile.properties.items()
                if k in TERRAIN_FIELDS and k != "terrain" and _typed(where, k, v, log)
            }
            for key in tile.properties:
                if key not in TERRAIN_FIELDS and key not in OTHER_TILE_PROPERTIES:
                    log.warn(
                        f"{where}: property '{key}' is not one the game reads "
                        f"(terrain overrides: {', '.join(TERRAIN_FIELDS)})"
                    )
            messages: list[str] = []
            reader = FieldReader(overrides, where, messages)
            result[tileset.first_gid + local] = ruleset.terrain[kind_name].with_overrides(reader)
            for message in messages:
                log.error(message)
    return result


def _typed(where: str, name: str, value: object, log: ProblemLog) -> bool:
    """Whether a tile property has a type the game reads it as (else it is reported)."""
    allowed = TILE_PROPERTY_TYPES.get(name)
    if allowed is None or tiled_type(value) in allowed or value == "impassable":
        return True
    log.error(
        f"{where}: property '{name}' must be {allowed[0]}, not {value!r} ({a_type(value)})",
        fix=type_fix(allowed[0]) + " in the Tileset Editor",
    )
    return False


def collapse_targets(
    raw: RawMap, terrain: dict[int, TerrainType], log: ProblemLog
) -> dict[int, int]:
    """For each destructible tile, the gid it becomes when it collapses."""
    result: dict[int, int] = {}
    for gid, kind in terrain.items():
        if kind.building_hp <= 0:
            continue
        tileset = tileset_of(raw.tilesets, gid)
        assert tileset is not None
        local = gid - tileset.first_gid
        explicit = tileset.tiles[local].properties.get("collapse_tile")
        if explicit is not None:
            target = tileset.first_gid + explicit if tiled_type(explicit) == "int" else -1
            if target not in terrain:
                log.error(
                    f"tileset '{tileset.name}' tile {local}: collapse_tile {explicit!r} is not "
                    "a tile with a terrain property in the same tileset"
                )
                continue
            result[gid] = target
            continue
        candidates = [
            g
            for g, k in sorted(terrain.items())
            if k.name == kind.collapses_to
            and tileset.first_gid <= g < tileset.first_gid + tileset.tile_count
        ]
        if candidates:
            result[gid] = candidates[0]
        elif kind.collapses_to:
            log.warn(
                f"tileset '{tileset.name}' tile {local}: no '{kind.collapses_to}' tile in the "
                "tileset for this building to collapse into; add one or set collapse_tile"
            )
    return result


def build_terrain(raw: RawMap, ruleset: Ruleset, log: ProblemLog) -> TerrainResult | None:
    """The terrain grid of a map, or None when its tiles cannot decide the terrain."""
    terrain = tile_terrain(raw, ruleset, log)
    collapse = collapse_targets(raw, terrain, log)
    deciding = np.zeros((raw.height, raw.width), dtype=np.uint32)
    source_layer = np.full((raw.height, raw.width), -1, dtype=np.int16)
    for index, layer in enumerate(raw.layers):
        if layer.kind != "tile" or layer.gids is None:
            continue
        gids = layer.gids & GID_MASK
        _check_gids(raw, layer.name, gids, log)
        if layer.properties.get("decoration") is True:
            continue
        painted = gids != 0
        deciding[painted] = gids[painted]
        source_layer[painted] = index
    if log.errors:
        return None
    _check_cells(raw, deciding, source_layer, terrain, ruleset, log)
    if log.errors:
        return None
    empty = next(iter(ruleset.terrain.values()))
    tiles = GidTable.build(terrain, collapse, empty)
    kind_gid: dict[str, int] = {}
    for plain_only in (True, False):  # prefer a tile without overrides
        for gid, kind in sorted(terrain.items()):
            if not plain_only or kind == ruleset.terrain[kind.name]:
                kind_gid.setdefault(kind.name, gid)
    return TerrainResult(tiles=tiles, grid=tiles.grid(deciding), kind_gid=kind_gid)


def _check_gids(raw: RawMap, layer: str, gids: np.ndarray, log: ProblemLog) -> None:
    """Every non-zero gid of a layer must belong to a tileset."""
    for gid in np.unique(gids):
        gid = int(gid)
        if gid == 0 or tileset_of(raw.tilesets, gid) is not None:
            continue
        ys, xs = np.nonzero(gids == gid)
        log.error(
            f"tile id {gid} does not belong to any tileset of the map (on {len(xs)} cells); "
            "the tileset was removed or the file is damaged: repaint those cells",
            layer=layer,
            tile=TilePos(int(xs[0]), int(ys[0])),
        )


def _check_cells(
    raw: RawMap,
    deciding: np.ndarray,
    source_layer: np.ndarray,
    terrain: dict[int, TerrainType],
    ruleset: Ruleset,
    log: ProblemLog,
) -> None:
    """Every cell needs a terrain tile; every deciding tile needs a `terrain` property."""
    empty = deciding == 0
    if empty.any():
        ys, xs = np.nonzero(empty)
        cells = zip(xs[:MAX_LISTED_CELLS], ys[:MAX_LISTED_CELLS], strict=True)
        first = ", ".join(str(TilePos(int(x), int(y))) for x, y in cells)
        more = f" and {len(xs) - MAX_LISTED_CELLS} more" if len(xs) > MAX_LISTED_CELLS else ""
        log.error(
            f"{len(xs)} cell(s) have no terrain tile on any non-decoration layer ({first}{more}); "
            "paint a ground tile there",
            tile=TilePos(int(xs[0]), int(ys[0])),
        )
    known = ", ".join(ruleset.terrain)
    missing: dict[str, list[int]] = {}
    for gid in np.unique(deciding):
        gid = int(gid)
        if gid != 0 and gid not in terrain:
            tileset = tileset_of(raw.tilesets, gid)
            assert tileset is not None
            missing.setdefault(tileset.name, []).append(gid)
    for name, gids in missing.items():
        tileset = next(t for t in raw.tilesets if t.name == name)
        has_terrain = any("terrain" in t.properties for t in tileset.tiles.values())
        shown = gids if has_terrain else gids[:1]
        for gid in shown[:MAX_LISTED_CELLS]:
            ys, xs = np.nonzero(deciding == gid)
            layer = raw.layers[int(source_layer[ys[0], xs[0]])].name
            if has_terrain:
                what = (
                    f"tile {gid - tileset.first_gid} of tileset '{name}' (on {len(xs)} cells) "
                    "has no 'terrain' property"
                )
            else:
                what = (
                    f"tileset '{name}' has no tile with a 'terrain' property ({len(gids)} of its "
                    "tiles are painted here)"
                )
            log.error(
                f"{what}, so the game cannot tell what ground it is: add 'terrain' properties "
                f"in the Tileset Editor (known: {known}), paint with maps/tilesets/urban.tsx, "
                "or set the layer's bool property 'decoration' to true",
                layer=layer,
                tile=TilePos(int(xs[0]), int(ys[0])),
            )
        if len(shown) > MAX_LISTED_CELLS:
            log.error(
                f"{len(shown) - MAX_LISTED_CELLS} more tiles of tileset '{name}' lack a "
                "'terrain' property"
            )
