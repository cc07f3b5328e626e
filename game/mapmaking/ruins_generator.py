"""The ruins of an Assyrian citadel (Nimrud): mound, walls, ziggurat, palaces, bulldozed ground.

Painted into a `CountryBuilder`'s tile codes with the ruins tiles of the urban tileset:
`ruins_low` for wall stubs and room outlines, `ruins_high` for what still stands (the ziggurat's
core, towers, gate stones). What ISIL bulldozed and blew up in 2015 becomes rubble.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.mapmaking.city_generator import Rect, Tile
from game.mapmaking.countryside import CountryBuilder, smooth_noise

RUIN_TILES = (Tile.RUINS_LOW, Tile.RUINS_HIGH)


@dataclass(frozen=True)
class Citadel:
    """Where the citadel's named remains are."""

    mound: Rect
    ziggurat: Rect
    northwest_palace: Rect
    temple: Rect
    burnt_palace: Rect


def citadel(builder: CountryBuilder, mound: Rect) -> Citadel:
    """Paint the citadel mound with its monuments; return where each one is."""
    rng = builder.rng
    g = builder.g
    m = mound
    area = g[m.y : m.y + m.h, m.x : m.x + m.w]
    area[:] = Tile.SAND
    area[rng.random(area.shape) < 0.06] = Tile.RUBBLE
    _rampart(builder, m, gap_every=9)
    zig = Rect(m.x + 2, m.y + 2, 7, 7)
    palace = Rect(m.x + 2, m.y + m.h - 12, 14, 10)
    temple = Rect(m.x + m.w - 11, m.y + 2, 9, 8)
    burnt = Rect(m.x + m.w - 11, m.y + m.h - 11, 9, 9)
    _ziggurat(g, zig)
    _palace_plan(builder, palace, room=3)
    _palace_plan(builder, temple, room=3)
    _palace_plan(builder, burnt, room=4)
    _gate_stones(g, palace)
    _gate_stones(g, temple)
    # What was bulldozed and blown up in 2015.
    _bulldoze(builder, Rect(palace.x + 3, palace.y + 2, palace.w - 2, palace.h - 2), 0.55)
    _bulldoze(builder, zig, 0.4)
    _bulldoze(builder, Rect(m.x + 9, m.y + 8, 8, 8), 0.35)
    builder.fixed[m.y : m.y + m.h, m.x : m.x + m.w] = True
    return Citadel(m, zig, palace, temple, burnt)


def town_wall(builder: CountryBuilder, rect: Rect, keep: float = 0.55) -> None:
    """The eroded rampart of the lower town: broken runs of low ruins along a rectangle."""
    rng = builder.rng
    g, fixed = builder.g, builder.fixed
    x0, y0, x1, y1 = rect.x, rect.y, rect.x + rect.w - 1, rect.y + rect.h - 1
    line = [(x, y0) for x in range(x0, x1 + 1)]
    line += [(x1, y) for y in range(y0, y1 + 1)]
    line += [(x, y1) for x in range(x1, x0 - 1, -1)]
    line += [(x0, y) for y in range(y1, y0 - 1, -1)]
    standing = True
    run = 0
    for x, y in line:
        if run <= 0:
            standing = bool(rng.random() < keep)
            run = int(rng.integers(3, 9))
        run -= 1
        if standing and 0 <= x < builder.w and 0 <= y < builder.h and not fixed[y, x]:
            g[y, x] = Tile.RUINS_HIGH if rng.random() < 0.08 else Tile.RUINS_LOW


def _rampart(builder: CountryBuilder, m: Rect, gap_every: int) -> None:
    """The citadel wall on the mound's edge, with towers and breaches."""
    rng = builder.rng
    g = builder.g
    edge = np.zeros((m.h, m.w), dtype=bool)
    edge[[0, -1], :] = True
    edge[:, [0, -1]] = True
    ys, xs = np.nonzero(edge)
    order = np.argsort(np.arctan2(ys - m.h / 2, xs - m.w / 2), kind="stable")
    for k, i in enumerate(order):
        y, x = m.y + int(ys[i]), m.x + int(xs[i])
        if k % gap_every in (0, 1):
            g[y, x] = Tile.SAND  # a breach or a gate
        elif k % 5 == 3:
            g[y, x] = Tile.RUINS_HIGH  # a tower stump
        else:
            g[y, x] = Tile.RUINS_LOW if rng.random() < 0.85 else Tile.RUBBLE


def _ziggurat(g: np.ndarray, r: Rect) -> None:
    """The ziggurat: a mud-brick core standing high, a lower ring around it."""
    v = g[r.y : r.y + r.h, r.x : r.x + r.w]
    v[:] = Tile.RUINS_LOW
    v[1:-1, 1:-1] = Tile.RUINS_HIGH
    v[-1, r.w // 2] = Tile.SAND  # the stair on the south side


def _palace_plan(builder: CountryBuilder, r: Rect, room: int) -> None:
    """A palace or temple plan: outer wall, rows of rooms with doorways, an open court."""
    rng = builder.rng
    v = builder.g[r.y : r.y + r.h, r.x : r.x + r.w]
    v[:] = Tile.SAND
    v[[0, -1], :] = Tile.RUINS_LOW
    v[:, [0, -1]] = Tile.RUINS_LOW
    for y in range(room, r.h - 1, room):
        v[y, :] = Tile.RUINS_LOW
    for x in range(room + 1, r.w - 1, room + 1):
        v[:, x] = Tile.RUINS_LOW
    court = v[room + 1 : r.h - room, room + 2 : r.w - room - 1]
    court[:] = Tile.SAND
    # Doorways: one gap in every run of wall between two crossings.
    for y in range(0, r.h, room):
        for x0 in range(0, r.w - 2, room + 1):
            door = x0 + 1 + int(rng.integers(0, room))
            if door < r.w - 1 and y < r.h:
                v[y, door] = Tile.SAND
    for x in range(0, r.w, room + 1):
        for y0 in range(0, r.h - 2, room):
            door = y0 + 1 + int(rng.integers(0, room - 1))
            if door < r.h - 1:
                v[door, x] = Tile.SAND


def _gate_stones(g: np.ndarray, r: Rect) -> None:
    """The great gate on the north side, flanked by the stones of the guardian figures."""
    mid = r.x + r.w // 2
    g[r.y, mid] = Tile.SAND
    g[r.y, mid - 1] = g[r.y, mid + 1] = Tile.RUINS_HIGH


def _bulldoze(builder: CountryBuilder, r: Rect, share: float) -> None:
    """Ground flattened by bulldozers and explosives: ruins become rubble and spoil heaps."""
    rng = builder.rng
    noise = smooth_noise(r.h, r.w, 3, rng)
    roll = rng.random((r.h, r.w))
    v = builder.g[r.y : r.y + r.h, r.x : r.x + r.w]
    hit = noise < share
    ruin = np.isin(v, RUIN_TILES)
    v[hit & ruin & (roll < 0.55)] = Tile.HEAVY_RUBBLE
    v[hit & ruin & (roll >= 0.55)] = Tile.RUBBLE
    v[hit & (v == Tile.SAND) & (roll < 0.3)] = Tile.RUBBLE
