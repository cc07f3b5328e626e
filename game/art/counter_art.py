"""Unit counters (NATO-style symbols, side by colour and frame shape) and map marker icons.

`counter_surface(symbol, side, size)` draws a counter at any size for the client; the units and
markers tilesets are made from the same drawing code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from game.art.tileset_art import TILE, ArtCanvas, Point, PropertyValue, write_tileset
from game.core.paths import RULES_DIR
from game.rules.ruleset import load_ruleset

# Okabe-Ito colour-blind-safe palette.
COALITION_BLUE = (0, 114, 178)
ISIL_VERMILLION = (213, 94, 0)
OI_YELLOW = (240, 228, 66)
OI_GREEN = (0, 158, 115)
OI_SKY = (86, 180, 233)
OI_ORANGE = (230, 159, 0)
OI_PURPLE = (204, 121, 167)
INK = (22, 24, 28)
PAPER = (250, 248, 240)
SIDES = ("coalition", "isil")

# Symbol boxes (x, y, w, h) in a 32-unit counter: inside the rectangle / inside the diamond.
_BOX = {"coalition": (6.5, 10.0, 19.0, 12.0), "isil": (9.5, 9.5, 13.0, 13.0)}


class _Symbol:
    """Draws into a side's symbol box with coordinates u, v in 0..1."""

    def __init__(
        self, canvas: ArtCanvas, side: str, ink: tuple[int, int, int], weight: float
    ) -> None:
        self.c = canvas
        self.box = _BOX[side]
        self.ink = ink
        self.weight = weight  # thicker strokes for small counters, so symbols survive shrinking
        self.stroke = 1.6 * weight

    def p(self, u: float, v: float) -> Point:
        x, y, w, h = self.box
        return (x + u * w, y + v * h)

    def line(self, a: Point, b: Point, width: float | None = None) -> None:
        self.c.line(self.ink, self.p(*a), self.p(*b), width or self.stroke)

    def lines(self, pts: Sequence[Point], width: float | None = None, closed: bool = False) -> None:
        self.c.lines(self.ink, [self.p(*q) for q in pts], width or self.stroke, closed=closed)

    def cross(self) -> None:
        self.line((0, 0), (1, 1))
        self.line((0, 1), (1, 0))


def _infantry(s: _Symbol) -> None:
    s.cross()


def _special_forces(s: _Symbol) -> None:
    s.cross()
    x, y = s.p(0.5, 0.5)  # a star at the crossing marks special forces
    pts = []
    for k in range(10):
        r = 3.6 if k % 2 == 0 else 1.5
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((x + r * math.cos(a), y + r * math.sin(a)))
    s.c.polygon(OI_YELLOW, pts)
    s.c.polygon(INK, pts, 0.4)


def _sniper(s: _Symbol) -> None:
    cx, cy = s.p(0.5, 0.5)
    r = min(s.box[2], s.box[3]) * 0.36
    s.c.circle(s.ink, cx, cy, r, 1.3 * s.weight)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        s.c.line(
            s.ink,
            (cx + dx * r * 0.45, cy + dy * r * 0.45),
            (cx + dx * r * 1.5, cy + dy * r * 1.5),
            1.3 * s.weight,
        )
    s.c.circle(s.ink, cx, cy, 0.8)


def _armour(s: _Symbol) -> None:
    x, y = s.p(0.12, 0.22)
    x2, y2 = s.p(0.88, 0.78)
    r = (y2 - y) / 2
    s.c.lines(
        s.ink,
        [
            *[(x + r - r * math.sin(a), y + r - r * math.cos(a)) for a in _arc(0, math.pi)],
            *[(x2 - r + r * math.sin(a), y + r + r * math.cos(a)) for a in _arc(0, math.pi)],
        ],
        s.stroke,
        closed=True,
    )


def _arc(a0: float, a1: float, steps: int = 12) -> list[float]:
    return [a0 + (a1 - a0) * k / steps for k in range(steps + 1)]


def _motorised(s: _Symbol) -> None:
    s.cross()
    s.line((0.5, 0), (0.5, 1))


def _anti_tank(s: _Symbol) -> None:
    s.lines([(0.02, 1), (0.5, 0.02), (0.98, 1)], width=1.9 * s.weight)


def _engineer(s: _Symbol) -> None:
    s.lines([(0.15, 0.75), (0.15, 0.3), (0.85, 0.3), (0.85, 0.75)])
    s.line((0.5, 0.3), (0.5, 0.75))


def _electronic_warfare(s: _Symbol) -> None:
    bolt = [(0.62, 0.0), (0.28, 0.55), (0.52, 0.55), (0.38, 1.0), (0.74, 0.42), (0.5, 0.42)]
    s.c.polygon(s.ink, [s.p(*q) for q in bolt])


def _militia(s: _Symbol) -> None:
    s.cross()
    s.line((0.0, 0.5), (1.0, 0.5))


def _car_bomb(s: _Symbol) -> None:
    cx, cy = s.p(0.5, 0.5)
    burst = []
    for k in range(16):
        r = 8.2 if k % 2 == 0 else 4.5
        a = k * math.pi / 8
        burst.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    s.c.polygon(OI_YELLOW, burst)
    s.c.polygon(INK, burst, 0.5)
    # a car in profile over the burst
    body = [
        (-6, 1.5),
        (-6, -0.5),
        (-3.5, -1),
        (-2, -3.5),
        (2.5, -3.5),
        (4, -1),
        (6, -0.5),
        (6, 1.5),
    ]
    s.c.polygon(INK, [(cx + x, cy + y) for x, y in body])
    s.c.circle(INK, cx - 3.5, cy + 2, 1.6)
    s.c.circle(INK, cx + 3.5, cy + 2, 1.6)
    s.c.circle(OI_YELLOW, cx - 3.5, cy + 2, 0.6)
    s.c.circle(OI_YELLOW, cx + 3.5, cy + 2, 0.6)


def _drone(s: _Symbol) -> None:
    cx, cy = s.p(0.5, 0.5)
    d = min(s.box[2], s.box[3]) * 0.36
    for dx, dy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        s.c.line(s.ink, (cx, cy), (cx + dx * d, cy + dy * d), 1.2 * s.weight)
        s.c.circle(s.ink, cx + dx * d, cy + dy * d, 2.2, 0.8 * s.weight)
    s.c.rect(s.ink, cx - 1.6, cy - 1.6, 3.2, 3.2)


SYMBOL_PAINTERS: dict[str, Callable[[_Symbol], None]] = {
    "infantry": _infantry,
    "special_forces": _special_forces,
    "sniper": _sniper,
    "armour": _armour,
    "motorised": _motorised,
    "anti_tank": _anti_tank,
    "engineer": _engineer,
    "electronic_warfare": _electronic_warfare,
    "militia": _militia,
    "car_bomb": _car_bomb,
    "drone": _drone,
}


def _frame(c: ArtCanvas, side: str) -> tuple[int, int, int]:
    """Draw the side's frame (shadow, fill, outline); return the symbol ink colour."""
    if side == "coalition":  # friendly: a rectangle
        c.rect((0, 0, 0, 110), 3.5, 8.0, 27.0, 18.5)
        c.rect(INK, 2.0, 6.5, 28.0, 19.0)
        c.rect(COALITION_BLUE, 3.2, 7.7, 25.6, 16.6)
        c.rect((255, 255, 255, 60), 3.2, 7.7, 25.6, 1.4)
        return PAPER
    pts = [(16.0, 1.0), (31.0, 16.0), (16.0, 31.0), (1.0, 16.0)]  # hostile: a diamond
    c.polygon((0, 0, 0, 110), [(x + 1.5, y + 1.5) for x, y in pts])
    c.polygon(INK, pts)
    inner = [(16.0, 2.8), (29.2, 16.0), (16.0, 29.2), (2.8, 16.0)]
    c.polygon(ISIL_VERMILLION, inner)
    return INK


def _hazard_border(c: ArtCanvas, side: str) -> None:
    """Yellow and black warning stripes around the frame: a car bomb is known at a glance."""
    if side == "coalition":
        corners = [(2.0, 6.5), (30.0, 6.5), (30.0, 25.5), (2.0, 25.5)]
    else:
        corners = [(16.0, 1.0), (31.0, 16.0), (16.0, 31.0), (1.0, 16.0)]
    for i, (ax, ay) in enumerate(corners):
        bx, by = corners[(i + 1) % len(corners)]
        c.line(OI_YELLOW, (ax, ay), (bx, by), 2.6)
        steps = 6
        for k in range(0, steps, 2):  # black dashes over the yellow
            t0, t1 = k / steps, (k + 1) / steps
            c.line(
                INK,
                (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                (ax + (bx - ax) * t1, ay + (by - ay) * t1),
                2.6,
            )


def counter_surface(symbol: str, side: str, size: int = TILE) -> pygame.Surface:
    """A unit counter for (symbol, side) as a size x size RGBA surface, transparent around it."""
    if side not in SIDES:
        raise ValueError(f"unknown side '{side}' (known: {', '.join(SIDES)})")
    if symbol not in SYMBOL_PAINTERS:
        raise ValueError(f"unknown unit symbol '{symbol}' (known: {', '.join(SYMBOL_PAINTERS)})")
    scale = max(2, math.ceil(4 * size / TILE))
    canvas = ArtCanvas(TILE, TILE, scale)
    ink = _frame(canvas, side)
    if symbol == "car_bomb":
        _hazard_border(canvas, side)
    weight = min(2.0, max(1.0, 28.0 / size))
    SYMBOL_PAINTERS[symbol](_Symbol(canvas, side, ink, weight))
    return pygame.transform.smoothscale(canvas.surface, (size, size))


def draw_counter(
    target: pygame.Surface, topleft: tuple[int, int], symbol: str, side: str, size: int
) -> None:
    """Draw a unit counter onto target with its top-left corner at topleft."""
    target.blit(counter_surface(symbol, side, size), topleft)


def write_units(folder: Path, rules_dir: Path = RULES_DIR) -> list[Path]:
    """Write units.png and units.tsx: one counter per unit type in units.toml order.

    Each tile carries unit_type and side, the defaults for a unit placed as a tile object.
    """
    units = load_ruleset(rules_dir).units.values()
    tiles = [counter_surface(unit.symbol, str(unit.side)) for unit in units]
    props: list[dict[str, PropertyValue]] = [
        {"unit_type": unit.id, "side": str(unit.side)} for unit in units
    ]
    return write_tileset(folder, "units", tiles, props, len(tiles))


# --- markers for scenario designers ----------------------------------------------------------


def _badge(c: ArtCanvas, fill: tuple[int, int, int]) -> None:
    c.circle((0, 0, 0, 100), 17.2, 17.2, 14.5)
    c.circle(INK, 16, 16, 14.5)
    c.circle(fill, 16, 16, 13.2)


def _person(c: ArtCanvas, x: float, y: float, k: float, colour: tuple[int, int, int]) -> None:
    c.circle(colour, x, y - 5.5 * k, 2.3 * k)
    c.polygon(
        colour,
        [
            (x - 3.6 * k, y + 5 * k),
            (x - 2.6 * k, y - 2.2 * k),
            (x + 2.6 * k, y - 2.2 * k),
            (x + 3.6 * k, y + 5 * k),
        ],
    )


def _civilians(c: ArtCanvas) -> None:
    _badge(c, OI_PURPLE)
    _person(c, 10.5, 17.5, 0.8, PAPER)
    _person(c, 21.5, 17.5, 0.8, PAPER)
    _person(c, 16, 18.5, 1.0, INK)
    _person(c, 16, 18.5, 0.85, PAPER)


def _evacuation(c: ArtCanvas) -> None:
    c.rect((0, 0, 0, 100), 3.5, 5.5, 27, 23)
    c.rect(INK, 2, 4, 27, 23)
    c.rect(OI_GREEN, 3.2, 5.2, 24.6, 20.6)
    c.rect(PAPER, 18, 8, 7, 15, 1.3)  # the exit door
    c.polygon(
        PAPER, [(6, 13.5), (15, 13.5), (15, 9.5), (22, 15.5), (15, 21.5), (15, 17.5), (6, 17.5)]
    )


def _tyre_fire(c: ArtCanvas) -> None:
    _badge(c, (70, 66, 62))
    c.circle((120, 118, 114), 20, 9, 4.5)
    c.circle((150, 148, 144), 24, 6.5, 3.5)
    c.polygon((214, 90, 30), [(8, 22), (11, 12), (14, 16), (16, 7), (19, 15), (22, 12), (24, 22)])
    c.polygon(OI_YELLOW, [(11, 22), (13, 16), (16, 18.5), (19, 15.5), (21, 22)])
    c.ellipse(INK, 7, 21, 18, 5)
    c.ellipse((60, 60, 60), 10, 22.2, 12, 2.5)


def _hazard(c: ArtCanvas) -> None:
    pts = [(16, 2), (30.5, 28), (1.5, 28)]
    c.polygon((0, 0, 0, 100), [(x + 1.3, y + 1.3) for x, y in pts])
    c.polygon(INK, pts)
    c.polygon(OI_YELLOW, [(16, 5.5), (27.5, 26.2), (4.5, 26.2)])
    cx, cy = 16.0, 18.5
    for k in range(3):  # a trefoil-like warning: three blades around a hub
        a = -math.pi / 2 + k * math.tau / 3
        blade = [(cx + 2.2 * math.cos(a + s), cy + 2.2 * math.sin(a + s)) for s in (-0.5, 0.5)]
        blade += [(cx + 6.8 * math.cos(a + s), cy + 6.8 * math.sin(a + s)) for s in (0.5, -0.5)]
        c.polygon(INK, blade)
    c.circle(INK, cx, cy, 1.4)


def _objective(c: ArtCanvas) -> None:
    c.ellipse((0, 0, 0, 100), 6, 26, 10, 4)
    c.line(INK, (10, 28), (10, 4), 1.8)
    flag = [(10.5, 4.5), (27, 8.5), (10.5, 15.5)]
    c.polygon(INK, [(x + 0.0, y) for x, y in [(10, 3.5), (28.5, 8.5), (10, 16.8)]])
    c.polygon(OI_ORANGE, flag)
    c.circle(INK, 10, 28, 1.8)


def _entry(c: ArtCanvas) -> None:
    _badge(c, (54, 60, 68))
    c.rect(PAPER, 22, 8, 2.2, 16)  # the map edge / gate being entered
    c.polygon(OI_SKY, [(6, 13), (13, 13), (13, 8.5), (20, 16), (13, 23.5), (13, 19), (6, 19)])
    c.polygon(INK, [(6, 13), (13, 13), (13, 8.5), (20, 16), (13, 23.5), (13, 19), (6, 19)], 0.6)


def _message(c: ArtCanvas) -> None:
    bubble = [(4, 6), (28, 6), (28, 21), (14, 21), (8, 27), (9, 21), (4, 21)]
    c.polygon((0, 0, 0, 100), [(x + 1.3, y + 1.3) for x, y in bubble])
    c.polygon(INK, bubble)
    c.polygon(
        PAPER,
        [
            (5.2, 7.2),
            (26.8, 7.2),
            (26.8, 19.8),
            (13.5, 19.8),
            (10, 23.5),
            (10.5, 19.8),
            (5.2, 19.8),
        ],
    )
    for x in (10.5, 16, 21.5):
        c.circle(INK, x, 13.5, 1.6)


MARKER_PAINTERS: dict[str, Callable[[ArtCanvas], None]] = {
    "civilians": _civilians,
    "evacuation": _evacuation,
    "tyre_fire": _tyre_fire,
    "hazard": _hazard,
    "objective": _objective,
    "entry": _entry,
    "message": _message,
}


def marker_surface(marker: str, size: int = TILE) -> pygame.Surface:
    """A designer/map marker icon (civilians, evacuation, tyre_fire, ...) as an RGBA surface."""
    if marker not in MARKER_PAINTERS:
        raise ValueError(f"unknown marker '{marker}' (known: {', '.join(MARKER_PAINTERS)})")
    canvas = ArtCanvas(TILE, TILE, max(2, math.ceil(4 * size / TILE)))
    MARKER_PAINTERS[marker](canvas)
    return pygame.transform.smoothscale(canvas.surface, (size, size))


def write_markers(folder: Path) -> list[Path]:
    """Write markers.png and markers.tsx: one icon per marker, tiles carry a `marker` property."""
    tiles = [marker_surface(m) for m in MARKER_PAINTERS]
    props: list[dict[str, PropertyValue]] = [{"marker": m} for m in MARKER_PAINTERS]
    return write_tileset(folder, "markers", tiles, props, len(tiles))
