"""A loaded scenario: the battle setup plus how its map is drawn (tilesets, layers in order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.battle.setup import BattleSetup


@dataclass(frozen=True)
class Tileset:
    """A tileset the map uses: where its tiles' images are and which gids it covers."""

    name: str
    first_gid: int
    tile_count: int
    tile_width: int
    tile_height: int
    columns: int
    spacing: int
    margin: int
    image: Path | None  # one sheet image, or None for an image-collection tileset
    tile_images: dict[int, Path] = field(default_factory=dict)  # local id -> image
    animations: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    # local id -> ((local frame id, duration ms), ...)
    source: Path | None = None  # the .tsx file, or None when embedded in the map


@dataclass(frozen=True)
class DrawLayer:
    """One layer in the map's real drawing order (tile, image or object layer)."""

    kind: str  # "tile", "image" or "objects"
    name: str
    layer_id: int
    visible: bool
    opacity: float
    offset: tuple[float, float]
    gids: np.ndarray | None = None  # tile layers: raw uint32 (H, W) including flip flags
    image: Path | None = None  # image layers
    decoration: bool = False


@dataclass
class Scenario(BattleSetup):
    """A loaded, validated scenario: the battle's setup, and the tilesets and layers the
    client draws it with."""

    tile_size: int = 32
    tilesets: list[Tileset] = field(default_factory=list)
    layers: list[DrawLayer] = field(default_factory=list)
