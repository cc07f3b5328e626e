"""Builds TerrainGrids for tests from ASCII pictures (tests.ascii_legend), with the shipped
ruleset's terrain kinds."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from game.battle.terrain_grid import GidTable, TerrainGrid
from game.rules.ruleset import Ruleset
from game.rules.terrain import TerrainType
from tests.ascii_legend import LEGEND, check_picture


def gid_table_from_legend(
    ruleset: Ruleset, legend: dict[str, tuple[str, dict[str, Any]]] = LEGEND
) -> tuple[GidTable, dict[str, int]]:
    """A GidTable with one gid per legend character (plus plain collapse targets)."""
    tiles: dict[int, TerrainType] = {}
    gid_of: dict[str, int] = {}
    for char, (kind, overrides) in legend.items():
        if kind not in ruleset.terrain:
            raise ValueError(f"legend '{char}': unknown terrain kind '{kind}'")
        gid_of[char] = len(tiles) + 1
        tiles[gid_of[char]] = replace(ruleset.terrain[kind], **overrides)
    plain: dict[str, int] = {}
    for kind in ruleset.terrain.values():
        plain[kind.name] = len(tiles) + 1
        tiles[plain[kind.name]] = kind
    collapse = {gid: plain[k.collapses_to] for gid, k in tiles.items() if k.collapses_to in plain}
    return GidTable.build(tiles, collapse, next(iter(ruleset.terrain.values()))), gid_of


def grid_from_ascii(rows: list[str], ruleset: Ruleset) -> TerrainGrid:
    """A TerrainGrid from a picture, one string per row (y down), one character per tile."""
    check_picture(rows)
    table, gid_of = gid_table_from_legend(ruleset)
    gids = np.array([[gid_of[c] for c in row] for row in rows], dtype=np.uint32)
    return table.grid(gids)
