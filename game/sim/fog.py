"""Fog of war per side: visibility merged over a side's viewers, tiles seen now and ever, and
the last-known positions of enemy units (the ghosts the client draws)."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.battle.terrain_grid import TerrainGrid
from game.core.values import TilePos
from game.rules.sight_rules import SightRules, default_sight_rules
from game.sim.line_of_sight import SightWorkspace
from game.sim.sight_fields import merged_visibility


def side_visibility(
    grid: TerrainGrid,
    smoke: np.ndarray,
    viewers: Sequence[tuple[TilePos, int]],
    rules: SightRules | None = None,
    ws: SightWorkspace | None = None,
) -> np.ndarray:
    """Best visibility (H, W) float32 of every tile from any of the viewers (pos, sight range).

    Pass a long-lived workspace (SideFog has one) to reuse scratch memory between calls.
    """
    return merged_visibility(grid, smoke, viewers, rules, ws)


@dataclass
class SideFog:
    """What one side knows of the map: tiles seen now, tiles ever seen, enemy ghosts."""

    visible_now: np.ndarray  # bool (H, W)
    ever_seen: np.ndarray  # bool (H, W)
    last_known: dict[str, TilePos] = field(default_factory=dict)
    workspace: SightWorkspace = field(default_factory=SightWorkspace, repr=False, compare=False)

    @classmethod
    def empty(cls, width: int, height: int) -> SideFog:
        """A side that has seen nothing yet."""
        return cls(np.zeros((height, width), bool), np.zeros((height, width), bool), {})

    def update(
        self,
        visibility: np.ndarray,
        spotted_enemies: Mapping[str, TilePos],
        rules: SightRules | None = None,
    ) -> None:
        """Take a new side visibility map and the enemies spotted now (id -> tile).

        Tiles at or above `tile_seen` visibility are seen now and join the ever-seen set;
        spotted enemies move their ghost to where they are; a ghost on a tile seen now whose
        unit was not spotted there is dropped (the side can see it is gone).
        """
        rules = default_sight_rules() if rules is None else rules
        if visibility.shape != self.visible_now.shape:
            raise ValueError(
                f"visibility map is {visibility.shape}, the fog is {self.visible_now.shape}"
            )
        self.visible_now = visibility >= np.float32(rules.tile_seen)
        self.ever_seen |= self.visible_now
        for uid, pos in list(self.last_known.items()):
            if uid not in spotted_enemies and self.visible_now[pos[1], pos[0]]:
                del self.last_known[uid]
        self.last_known.update({uid: TilePos(*pos) for uid, pos in spotted_enemies.items()})

    def look(
        self,
        grid: TerrainGrid,
        smoke: np.ndarray,
        viewers: Sequence[tuple[TilePos, int]],
        spotted_enemies: Mapping[str, TilePos],
        rules: SightRules | None = None,
    ) -> np.ndarray:
        """Recompute the side's visibility from its viewers, update, and return the map."""
        visibility = side_visibility(grid, smoke, viewers, rules, self.workspace)
        self.update(visibility, spotted_enemies, rules)
        return visibility

    def memory(self) -> dict[str, Any]:
        """What a save keeps of the fog: the tiles ever seen (packed bits) and the ghosts."""
        h, w = self.ever_seen.shape
        packed = np.packbits(self.ever_seen.reshape(-1))
        return {
            "shape": [h, w],
            "ever_seen": base64.b64encode(packed.tobytes()).decode("ascii"),
            "last_known": {uid: [p.x, p.y] for uid, p in sorted(self.last_known.items())},
        }

    def remember(self, data: Any) -> None:
        """Take back the memory a save kept; ValueError naming what does not fit."""
        if not isinstance(data, dict):
            raise ValueError("a side's fog memory is not a table")
        h, w = self.ever_seen.shape
        if data.get("shape") != [h, w]:
            raise ValueError(f"the fog memory is {data.get('shape')!r}, the map is {[h, w]}")
        try:
            bits = np.frombuffer(base64.b64decode(str(data["ever_seen"]), validate=True), np.uint8)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"the fog memory's seen tiles are damaged ({exc})") from None
        if bits.size != (h * w + 7) // 8:
            raise ValueError("the fog memory's seen tiles do not fit the map")
        ghosts = data.get("last_known", {})
        if not isinstance(ghosts, dict) or not all(
            isinstance(p, list)
            and len(p) == 2
            and all(isinstance(c, int) and not isinstance(c, bool) for c in p)
            and 0 <= p[0] < w
            and 0 <= p[1] < h
            for p in ghosts.values()
        ):
            raise ValueError("the fog memory's ghosts must be [x, y] tiles on the map")
        self.ever_seen = np.unpackbits(bits)[: h * w].reshape(h, w).astype(bool) | self.ever_seen
        self.last_known = {str(uid): TilePos(*p) for uid, p in ghosts.items()}

    def forget(self, unit_id: str) -> None:
        """Drop the ghost of a unit (destroyed, or known to have left the map)."""
        self.last_known.pop(unit_id, None)
