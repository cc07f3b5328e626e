"""Civilian groups: they shelter until fighting comes near, then flee toward evacuation points.

Civilians are counts of people per tile. Each environment phase (`move_civilians`):

- A group is alarmed when fighting is within `alarm_radius` tiles (Chebyshev) of it: a unit
  of either side, or a tile where a shot landed or a blast went off since the last phase.
  Groups that are not alarmed stay sheltering at home. A group once alarmed keeps fleeing
  (it is in `fleeing`) until it is safe, even when the fighting falls behind it.
- Fleeing groups walk up to `steps` tiles along the cheapest foot route to the nearest
  evacuation tile (python-tcod's Dijkstra from all evacuation tiles at once), where each
  tile's cost is its foot cost plus `danger_cost` if fighting is within `danger_radius`:
  they detour around the fighting when a detour exists. Groups never enter a tile holding
  a unit. Groups that meet merge (fleeing if either was).
- People standing on an evacuation tile are evacuated (counted in the score).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import tcod.path

from game.core.values import TilePos

NEIGHBOURS = (
    (0, -1),
    (-1, 0),
    (1, 0),
    (0, 1),
    (-1, -1),
    (1, -1),
    (-1, 1),
    (1, 1),
)  # ties: straight
COST_SCALE = 10


@dataclass(frozen=True)
class CivilianRules:
    """How civilians react to fighting (numbers from the rules data)."""

    alarm_radius: int = 8
    danger_radius: int = 3
    danger_cost: float = 6.0
    steps: int = 3


def near(mask: np.ndarray, radius: int) -> np.ndarray:
    """Tiles within Chebyshev `radius` of any True tile of `mask` (a square dilation)."""
    out = mask.copy()
    h, w = mask.shape
    for _ in range(radius):
        grown = out.copy()
        grown[1:, :] |= out[:-1, :]
        grown[:-1, :] |= out[1:, :]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        grown[1:, 1:] |= out[:-1, :-1]
        grown[:-1, :-1] |= out[1:, 1:]
        grown[1:, :-1] |= out[:-1, 1:]
        grown[:-1, 1:] |= out[1:, :-1]
        out = grown
        if out.all() or (h == 0 or w == 0):
            break
    return out


def flight_distance(
    foot_cost: np.ndarray, evacuation: np.ndarray, fighting: np.ndarray, rules: CivilianRules
) -> np.ndarray:
    """Cost-to-safety of every tile (int32; unreachable tiles hold the dtype's maximum)."""
    cost = np.where(np.isfinite(foot_cost), foot_cost, 0.0)
    cost = cost + np.where(near(fighting, rules.danger_radius) & (cost > 0), rules.danger_cost, 0)
    units = np.rint(cost * COST_SCALE).astype(np.int32)
    dist = np.full(foot_cost.shape, np.iinfo(np.int32).max, dtype=np.int32)
    dist[evacuation] = 0
    tcod.path.dijkstra2d(dist, units, 2, 3, out=dist)
    return dist


class CivilianMove(NamedTuple):
    """The result of one phase of civilian movement."""

    groups: dict[TilePos, int]  # tile -> people still on the map
    evacuated: int  # people who reached safety this phase
    fleeing: set[TilePos]  # tiles of the groups now in flight


def move_civilians(
    civilians: dict[TilePos, int],
    foot_cost: np.ndarray,
    evacuation: np.ndarray,
    fighting: np.ndarray,
    occupied: set[TilePos],
    rules: CivilianRules,
    fleeing: set[TilePos] | frozenset[TilePos] = frozenset(),
) -> CivilianMove:
    """One phase of civilian movement: alarmed and already fleeing groups head for safety."""
    if not civilians:
        return CivilianMove({}, 0, set())
    h, w = foot_cost.shape
    alarmed = near(fighting, rules.alarm_radius)
    if not any(p in fleeing or alarmed[p.y, p.x] or evacuation[p.y, p.x] for p in civilians):
        return CivilianMove(dict(civilians), 0, set())  # all shelter: no route needed
    dist = flight_distance(foot_cost, evacuation, fighting, rules)
    moved: dict[TilePos, int] = {}
    still_fleeing: set[TilePos] = set()
    evacuated = 0
    for pos, people in sorted(civilians.items()):
        here = pos
        in_flight = pos in fleeing or bool(alarmed[here.y, here.x])
        if in_flight or evacuation[here.y, here.x]:
            for _ in range(rules.steps):
                if evacuation[here.y, here.x]:
                    break
                best, best_dist = here, int(dist[here.y, here.x])
                for dx, dy in NEIGHBOURS:
                    x, y = here.x + dx, here.y + dy
                    candidate = TilePos(x, y)
                    inside = 0 <= x < w and 0 <= y < h and candidate not in occupied
                    if inside and int(dist[y, x]) < best_dist:
                        best, best_dist = candidate, int(dist[y, x])
                if best == here:
                    break
                here = best
        if evacuation[here.y, here.x]:
            evacuated += people
            continue
        moved[here] = moved.get(here, 0) + people
        if in_flight:
            still_fleeing.add(here)
    return CivilianMove(moved, evacuated, still_fleeing)
