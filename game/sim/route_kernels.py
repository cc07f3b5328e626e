"""Compiled move-range search (numba): Dijkstra over a window with the game's movement rules,
giving the same distances as the tcod pathfinder movement.py builds for a path (tests
compare them), in a fraction of the time it takes to set that graph up."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def move_distances(
    costs: np.ndarray,
    enterable: np.ndarray,
    roots: np.ndarray,
    limit: int,
    unreachable: int,
) -> np.ndarray:
    """(H, W) int32 cost from the nearest root ((N, 2) rows y, x) to every tile,
    `unreachable` where there is no way within `limit`: entering a tile costs its `costs`
    (0: blocked) x 2 orthogonally, x 3 diagonally, and a diagonal step needs both tiles it
    passes `enterable`. Dijkstra with a bucket queue (Dial's: the costs are small whole
    numbers), so each tile is settled at its least cost as any Dijkstra settles it.

    The grid is walked flat with a blocked border (no bounds checks, no divisions), the
    bucket count is a power of two (a mask, not a modulo), and indices are unsigned (numba
    drops its negative-index wraparound)."""
    h, w = costs.shape
    u = np.uint64
    row = w + 2
    cost = np.zeros((h + 2) * row, np.int64)  # 0 on the border: never entered
    open_ = np.zeros((h + 2) * row, np.bool_)
    widest = 1
    for y in range(h):
        for x in range(w):
            n = u((y + 1) * row + x + 1)
            cost[n] = costs[u(y), u(x)]
            open_[n] = enterable[u(y), u(x)]
            widest = max(widest, 3 * cost[n])
    dist = np.full((h + 2) * row, unreachable, np.int64)
    done = np.zeros((h + 2) * row, np.bool_)
    mask = 1
    while mask < widest + 1:  # every pending cost lies within [d, d + widest]
        mask *= 2
    head = np.full(mask, -1, np.int64)
    mask -= 1
    capacity = 8 * h * w + roots.shape[0] + 1
    nxt = np.empty(capacity, np.int64)
    item = np.empty(capacity, np.int64)
    # neighbours: flat step, edge multiplier (2 orthogonal, 3 diagonal), and for a diagonal
    # the steps to the two tiles it passes (0: none)
    near = np.array(
        [
            [-row, 2, 0, 0], [row, 2, 0, 0], [-1, 2, 0, 0], [1, 2, 0, 0],
            [-row - 1, 3, -1, -row], [-row + 1, 3, 1, -row],
            [row - 1, 3, -1, row], [row + 1, 3, 1, row],
        ],
        np.int64,
    )  # fmt: skip
    used = 0
    pending = 0
    for r in range(roots.shape[0]):
        n = (roots[r, 0] + 1) * row + roots[r, 1] + 1
        if dist[u(n)] != 0:
            dist[u(n)] = 0
            item[u(used)] = n
            nxt[u(used)] = head[0]
            head[0] = used
            used += 1
            pending += 1
    d = 0
    while pending > 0 and d <= limit:
        slot = u(d & mask)
        while head[slot] >= 0:
            e = u(head[slot])
            head[slot] = nxt[e]
            pending -= 1
            n = item[e]
            if done[u(n)] or dist[u(n)] != d:
                continue  # settled already, or queued again at a lower cost
            done[u(n)] = True
            for s in range(8):
                m = n + near[u(s), 0]
                c = cost[u(m)]
                if c == 0 or done[u(m)]:
                    continue
                side_x, side_y = near[u(s), 2], near[u(s), 3]
                if side_x != 0 and not (open_[u(n + side_x)] and open_[u(n + side_y)]):
                    continue
                nd = d + near[u(s), 1] * c
                if nd < dist[u(m)]:
                    dist[u(m)] = nd
                    target = u(nd & mask)
                    item[u(used)] = m
                    nxt[u(used)] = head[target]
                    head[target] = used
                    used += 1
                    pending += 1
        d += 1
    out = np.empty((h, w), np.int32)
    for y in range(h):
        for x in range(w):
            out[u(y), u(x)] = dist[u((y + 1) * row + x + 1)]
    return out


@njit(cache=True, nogil=True)
def entry_costs(
    move_cost: np.ndarray,
    extra: np.ndarray,
    enterable: np.ndarray,
    scale: int,
    divisor: int,
) -> np.ndarray:
    """(H, W) int32 cost of entering each tile, as move_distances reads it: (the terrain's AP
    as float64, plus `extra` when it is not empty) x scale / divisor, rounded half to even,
    at least 1; 0 where the tile is not `enterable`."""
    h, w = move_cost.shape
    out = np.zeros((h, w), np.int32)
    with_extra = extra.size > 0
    for y in range(h):
        for x in range(w):
            if enterable[y, x]:
                weight = np.float64(move_cost[y, x])
                if with_extra:
                    weight = weight + extra[y, x]
                out[y, x] = max(np.int32(1), np.int32(np.rint(weight * scale / divisor)))
    return out


@njit(cache=True, nogil=True)
def as_ap(raw: np.ndarray, per_ap: int, unreachable: int) -> np.ndarray:
    """move_distances' costs in AP (float64), inf where there is no way."""
    out = np.empty(raw.shape, np.float64)
    for y in range(raw.shape[0]):
        for x in range(raw.shape[1]):
            out[y, x] = np.inf if raw[y, x] >= unreachable else np.float64(raw[y, x]) / per_ap
    return out


def warm_up() -> None:
    """Compile (or load from the cache) the search on a tiny window."""
    move_distances(
        np.ones((2, 2), np.int32), np.ones((2, 2), np.bool_), np.zeros((1, 2), np.int64), 10,
        2**31 - 1,
    )  # fmt: skip
    for extra in (np.zeros((0, 0)), np.zeros((2, 2))):
        entry_costs(np.ones((2, 2), np.float32), extra, np.ones((2, 2), np.bool_), 20, 2)
    as_ap(np.zeros((2, 2), np.int32), 20, 2**31 - 1)
