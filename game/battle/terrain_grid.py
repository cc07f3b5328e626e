"""Per-tile terrain arrays of a battle map (terrain kind, height, cover, costs, sight, HP)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from game.core.values import MoveClass
from game.rules.terrain import TerrainType

_CLASS_ROW = {move_class: row for row, move_class in enumerate(MoveClass)}  # rows of `cost`


@dataclass
class TerrainGrid:
    """Numpy arrays indexed [y, x] describing every tile; the sim reads and changes them.

    `gid` is the Tiled global tile id that decides each cell's terrain (0 = none); the
    other arrays are derived from it through `gid_terrain` and only change together with it
    (a collapse rewrites the gid and re-derives the cell), except `building_hp`, which
    falls as a building takes damage.
    """

    gid: np.ndarray  # uint32 (H, W)
    terrain: np.ndarray  # int16 (H, W): index into the ruleset's terrain kinds
    height: np.ndarray  # float32 (H, W): levels
    cover: np.ndarray  # float32 (H, W): 0..1
    cost: np.ndarray  # float32 (3, H, W): AP per step for foot, wheeled, tracked; inf blocks
    blocks_sight: np.ndarray  # bool (H, W)
    obscuration: np.ndarray  # float32 (H, W)
    building_hp: np.ndarray  # int32 (H, W): current HP, 0 where not a building
    building_max_hp: np.ndarray  # int32 (H, W)
    collapse_gid: np.ndarray  # uint32 (H, W): gid the tile becomes at 0 HP (0 = stays)

    @property
    def width(self) -> int:
        """Map width in tiles."""
        return int(self.gid.shape[1])

    @property
    def height_tiles(self) -> int:
        """Map height in tiles."""
        return int(self.gid.shape[0])

    def in_bounds(self, x: int, y: int) -> bool:
        """Whether (x, y) is on the map."""
        h, w = self.gid.shape
        return 0 <= x < w and 0 <= y < h

    def move_cost(self, move_class: MoveClass) -> np.ndarray:
        """The (H, W) AP-per-step array of one movement class (inf = impassable)."""
        return self.cost[_CLASS_ROW[move_class]]

    def set_tile(self, x: int, y: int, gid: int, tiles: GidTable) -> None:
        """Replace the deciding tile of one cell (a collapse, a berm) and re-derive it."""
        row = tiles.row_of(gid)
        self.gid[y, x] = gid
        self.terrain[y, x] = tiles.terrain[row]
        self.height[y, x] = tiles.height[row]
        self.cover[y, x] = tiles.cover[row]
        self.cost[:, y, x] = tiles.cost[:, row]
        self.blocks_sight[y, x] = tiles.blocks_sight[row]
        self.obscuration[y, x] = tiles.obscuration[row]
        self.building_hp[y, x] = tiles.building_hp[row]
        self.building_max_hp[y, x] = tiles.building_hp[row]
        self.collapse_gid[y, x] = tiles.collapse_gid[row]

    def copy(self) -> TerrainGrid:
        """A deep copy (every array copied)."""
        return TerrainGrid(**{k: v.copy() for k, v in self.__dict__.items()})


@dataclass(frozen=True)
class GidTable:
    """Terrain properties per tile gid, as arrays with one row per known gid (row 0: no tile)."""

    gids: np.ndarray  # uint32 (N,), sorted, gids[0] == 0
    terrain: np.ndarray
    height: np.ndarray
    cover: np.ndarray
    cost: np.ndarray  # (3, N)
    blocks_sight: np.ndarray
    obscuration: np.ndarray
    building_hp: np.ndarray
    collapse_gid: np.ndarray

    @classmethod
    def build(
        cls, tiles: Mapping[int, TerrainType], collapse: Mapping[int, int], empty: TerrainType
    ) -> GidTable:
        """Build the table from gid -> terrain (with overrides) and gid -> collapse gid."""
        gids = np.array([0, *sorted(g for g in tiles if g != 0)], dtype=np.uint32)
        kinds = [empty] + [tiles[int(g)] for g in gids[1:]]
        return cls(
            gids=gids,
            terrain=np.array([k.index for k in kinds], dtype=np.int16),
            height=np.array([k.height for k in kinds], dtype=np.float32),
            cover=np.array([k.cover for k in kinds], dtype=np.float32),
            cost=np.array([k.costs for k in kinds], dtype=np.float32).T.copy(),
            blocks_sight=np.array([k.blocks_sight for k in kinds], dtype=bool),
            obscuration=np.array([k.obscuration for k in kinds], dtype=np.float32),
            building_hp=np.array([k.building_hp for k in kinds], dtype=np.int32),
            collapse_gid=np.array([collapse.get(int(g), 0) for g in gids], dtype=np.uint32),
        )

    def row_of(self, gid: int) -> int:
        """The table row of a gid (0, the empty row, for an unknown gid)."""
        row = int(np.searchsorted(self.gids, gid))
        return row if row < len(self.gids) and int(self.gids[row]) == gid else 0

    def grid(self, gid: np.ndarray) -> TerrainGrid:
        """Derive a whole TerrainGrid from an (H, W) array of deciding gids."""
        rows = np.searchsorted(self.gids, gid)
        rows[rows >= len(self.gids)] = 0
        rows[self.gids[rows] != gid] = 0
        hp = self.building_hp[rows]
        return TerrainGrid(
            gid=gid.astype(np.uint32),
            terrain=self.terrain[rows],
            height=self.height[rows],
            cover=self.cover[rows],
            cost=self.cost[:, rows],
            blocks_sight=self.blocks_sight[rows],
            obscuration=self.obscuration[rows],
            building_hp=hp.copy(),
            building_max_hp=hp.copy(),
            collapse_gid=self.collapse_gid[rows],
        )
