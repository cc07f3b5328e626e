"""The battle map's planning overlays: objective areas (outline and label on the map, outline
and fill on the minimap), the move preview's reaction-fire warnings and the destination's cover
icon, and the early-warning overlay of a side's units on overwatch (E).

The battle view calls these; what they draw is computed from the session (objectives and
their progress, game.sim.threats for the warnings, game.sim.overwatch.watch_coverage for the
early warning) and cached while the state, the camera's tile range and the zoom stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pygame

from game.battle.setup import Objective, ObjectiveKind
from game.battle.state import BattleState
from game.client.camera import Camera
from game.client.theme import Colour, Palette, TextCache
from game.core.values import Side, TilePos
from game.sim import objectives
from game.sim.overwatch import watch_coverage
from game.sim.threats import SNIPER

Edge = tuple[int, int, int, int]  # (x0, y0, x1, y1) in tile corners
LABEL_FULL_PX = 24  # from this tile size an objective's label names it; below, kind only
SHADOW = (15, 16, 18)
WARNING_NOTE = "green: a car bomb is seen, amber: it may slip by, red road: unwatched"


class Look(Protocol):
    """What the layers draw with: the battle view's palette and text cache (both may be
    swapped when the options change)."""

    palette: Palette
    text: TextCache


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    """The colour t of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def side_colour(palette: Palette, side: Side) -> Colour:
    """The side's colour in the palette."""
    return palette.coalition if side is Side.COALITION else palette.isil


def area_edges(tiles: Iterable[TilePos]) -> list[Edge]:
    """The tile edges between an area and the rest of the map: its border, holes included,
    as (x0, y0, x1, y1) in tile-corner coordinates."""
    area = set(tiles)
    edges: list[Edge] = []
    for x, y in sorted(area):
        if TilePos(x, y - 1) not in area:
            edges.append((x, y, x + 1, y))
        if TilePos(x, y + 1) not in area:
            edges.append((x, y + 1, x + 1, y + 1))
        if TilePos(x - 1, y) not in area:
            edges.append((x, y, x, y + 1))
        if TilePos(x + 1, y) not in area:
            edges.append((x + 1, y, x + 1, y + 1))
    return edges


def objective_label(state: BattleState, objective: Objective, full: bool = True) -> str:
    """The map label of an objective: its kind, its progress or its end ("HOLD 2/4",
    "EXIT 1/3", "CAPTURE done", "PROTECT failed", "STOP CAR BOMBS": words, never the raw
    kind), then with `full` its name."""
    oid = objective.object_id
    status = state.objective_status.get(oid, "pending")
    progress = state.objective_progress.get(oid, 0)
    words = [objective.kind.value.replace("_", " ").upper()]  # "STOP CAR BOMBS"
    if objective.kind is ObjectiveKind.HOLD:
        words.append(f"{progress}/{objective.turns}")
    elif objective.kind is ObjectiveKind.EXIT:
        words.append(f"{progress}/{objective.count}")
    if status in ("complete", "failed"):
        words.append("done" if status == "complete" else "failed")
    label = " ".join(words)
    return f"{label} - {objective.name}" if full else label


class ObjectiveLayer:
    """Draws the objective areas: each outlined along its border in its side's colour (the
    viewer's own solid and strong, the enemy's dashed and dim) and labelled by kind and
    progress; on the minimap, outlined and lightly filled."""

    def __init__(self, look: Look) -> None:
        self.look = look
        self._edges: dict[int, list[Edge]] = {}

    def edges(self, objective: Objective) -> list[Edge]:
        """The objective area's border (cached: areas do not change)."""
        if objective.object_id not in self._edges:
            self._edges[objective.object_id] = area_edges(objective.tiles)
        return self._edges[objective.object_id]

    def _ordered(self, state: BattleState, viewer: Side) -> list[Objective]:
        """The enemy's objectives first, so that the viewer's are drawn over them."""
        shown = [
            o
            for o in state.objectives
            if state.objective_status.get(o.object_id) != "inactive"
            and o.kind not in objectives.AREALESS_KINDS  # judged over the whole battle
        ]
        return sorted(shown, key=lambda o: (o.side is viewer, o.object_id))

    def colour(self, objective: Objective, viewer: Side) -> Colour:
        """The outline colour: the side's, lightened to stand out on the map; dimmed when it is
        the enemy's."""
        base = _mix(side_colour(self.look.palette, objective.side), (255, 255, 255), 0.3)
        return base if objective.side is viewer else _mix(base, (90, 90, 90), 0.3)

    def minimap_colour(self, objective: Objective, viewer: Side) -> Colour:
        """The minimap border colour: the side's, lightened; dimmed when it is the enemy's."""
        colour = side_colour(self.look.palette, objective.side)
        if objective.side is viewer:
            return _mix(colour, (255, 255, 255), 0.35)
        return _mix(colour, (70, 70, 70), 0.4)

    def draw_outlines(
        self, surface: pygame.Surface, camera: Camera, state: BattleState, viewer: Side
    ) -> None:
        """The areas' borders on the map: own solid on a dark edge, the enemy's dashed, set a
        little inside so that an area both sides want shows both."""
        tp = camera.tile_px
        x0, y0, x1, y1 = camera.visible_tiles()
        for objective in self._ordered(state, viewer):
            own = objective.side is viewer
            colour = self.colour(objective, viewer)
            width = max(2, tp // 10) if own else max(2, tp // 16)
            inset = 0 if own else width + max(2, tp // 12)
            for ex0, ey0, ex1, ey1 in self.edges(objective):
                if ex1 < x0 or ex0 > x1 or ey1 < y0 or ey0 > y1:
                    continue
                a, b = self._edge_px(camera, (ex0, ey0, ex1, ey1), objective, inset)
                if own:
                    pygame.draw.line(surface, SHADOW, a, b, width + 2)
                    pygame.draw.line(surface, colour, a, b, width)
                else:  # a dash: the middle half of the tile's edge
                    da = (a[0] + (b[0] - a[0]) // 4, a[1] + (b[1] - a[1]) // 4)
                    db = (b[0] - (b[0] - a[0]) // 4, b[1] - (b[1] - a[1]) // 4)
                    pygame.draw.line(surface, SHADOW, da, db, width + 2)
                    pygame.draw.line(surface, colour, da, db, width)

    @staticmethod
    def _edge_px(
        camera: Camera, edge: Edge, objective: Objective, inset: int
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """An edge's two screen points, moved `inset` pixels into the area and kept on the
        tile's inner side (a line drawn from them lies inside the tile it borders)."""
        ex0, ey0, ex1, ey1 = edge
        a = list(camera.tile_origin((ex0, ey0)))
        b = list(camera.tile_origin((ex1, ey1)))
        if ey0 == ey1:  # horizontal: the area is below (y) or above (y - 1)
            below = TilePos(ex0, ey0) in objective.tiles
            shift = inset if below else -inset - 1
            a[1] += shift
            b[1] += shift
            b[0] -= 1
        else:  # vertical: the area is right (x) or left (x - 1)
            right = TilePos(ex0, ey0) in objective.tiles
            shift = inset if right else -inset - 1
            a[0] += shift
            b[0] += shift
            b[1] -= 1
        return (a[0], a[1]), (b[0], b[1])

    def draw_labels(
        self, surface: pygame.Surface, camera: Camera, state: BattleState, viewer: Side
    ) -> None:
        """Each area's label at the top of the area (kept in view while part of the area is),
        own labels placed first; labels that would overlap are stacked."""
        tp = camera.tile_px
        full = tp >= LABEL_FULL_PX
        size = 14 if tp >= 32 else 12
        placed: list[pygame.Rect] = []
        for objective in reversed(self._ordered(state, viewer)):
            own = objective.side is viewer
            area = self._screen_box(camera, objective)
            shown = area.clip(camera.view)
            if shown.w <= 0 or shown.h <= 0:
                continue
            words = objective_label(state, objective, full)
            if not own:
                words = f"enemy {words}"
            status = state.objective_status.get(objective.object_id, "pending")
            ink = {"complete": self.look.palette.good, "failed": self.look.palette.bad}.get(
                status, (245, 242, 232) if own else (190, 188, 180)
            )
            label = self.look.text.render(words, size, ink, bold=own)
            box = self._place(label.get_rect(), camera, objective, shown, placed)
            frame = box.inflate(8, 4)
            shade = pygame.Surface(frame.size, pygame.SRCALPHA)
            shade.fill((14, 15, 18, 215 if own else 170))
            surface.blit(shade, frame)
            pygame.draw.rect(surface, self.colour(objective, viewer), frame, 1)
            surface.blit(label, box)
            placed.append(frame)

    def _place(
        self,
        box: pygame.Rect,
        camera: Camera,
        objective: Objective,
        shown: pygame.Rect,
        placed: list[pygame.Rect],
    ) -> pygame.Rect:
        """Where a label goes: sitting on the middle of the area's top edge (inside the top of
        the view when that edge is above it), kept over the area's part in view, and moved up
        past the labels already placed."""
        x, y = self._top_anchor(camera, objective)
        box.midbottom = (x, y - 1)
        if box.top < camera.view.top + 4:
            box.top = max(camera.view.top, shown.top) + 4
        if box.w <= shown.w:
            box.left = max(shown.left, min(box.left, shown.right - box.w))
        box.left = max(camera.view.left + 4, min(box.left, camera.view.right - 4 - box.w))
        for _ in range(4):
            clash = box.inflate(6, 4).collidelist(placed)
            if clash < 0:
                break
            box.bottom = placed[clash].top - 3
        return box

    @staticmethod
    def _screen_box(camera: Camera, objective: Objective) -> pygame.Rect:
        """The screen rectangle around the objective's area."""
        xs = [p.x for p in objective.tiles]
        ys = [p.y for p in objective.tiles]
        top_left = camera.tile_origin((min(xs), min(ys)))
        bottom_right = camera.tile_origin((max(xs) + 1, max(ys) + 1))
        return pygame.Rect(top_left, (bottom_right[0] - top_left[0], bottom_right[1] - top_left[1]))

    @staticmethod
    def _top_anchor(camera: Camera, objective: Objective) -> tuple[int, int]:
        """The screen point at the middle of the area's top row."""
        top = min(p.y for p in objective.tiles)
        row = sorted(p.x for p in objective.tiles if p.y == top)
        x, y = camera.tile_origin((row[0], top))
        return x + (row[-1] + 1 - row[0]) * camera.tile_px // 2, y

    def draw_minimap(
        self, image: pygame.Surface, scale: float, state: BattleState, viewer: Side
    ) -> None:
        """The areas on the minimap image (`scale` pixels a tile): a light fill, and a border
        in the side's colour (the enemy's dimmer)."""
        for objective in self._ordered(state, viewer):
            own = objective.side is viewer
            colour = side_colour(self.look.palette, objective.side)
            line = self.minimap_colour(objective, viewer)
            fill = pygame.Surface(image.get_size(), pygame.SRCALPHA)
            for pos in objective.tiles:
                x0, y0 = int(pos.x * scale), int(pos.y * scale)
                x1, y1 = int((pos.x + 1) * scale), int((pos.y + 1) * scale)
                fill.fill((*colour, 80 if own else 45), (x0, y0, x1 - x0, y1 - y0))
            image.blit(fill, (0, 0))
            for ex0, ey0, ex1, ey1 in self.edges(objective):
                a = (min(int(ex0 * scale), image.get_width() - 1), int(ey0 * scale))
                b = (min(int(ex1 * scale), image.get_width() - 1), int(ey1 * scale))
                a = (a[0], min(a[1], image.get_height() - 1))
                b = (b[0], min(b[1], image.get_height() - 1))
                pygame.draw.line(image, line, a, b, 1)


def draw_path_warnings(
    surface: pygame.Surface, camera: Camera, watched: dict[TilePos, str], palette: Palette
) -> None:
    """A red mark on each path tile a known enemy watches: an eye for overwatch, a crosshair
    for a sniper (drawn in the tile's upper right, clear of the path's line)."""
    tp = camera.tile_px
    r = max(3, tp // 6)
    red = palette.alert
    for pos, kind in watched.items():
        rect = camera.tile_rect(pos)
        if not rect.colliderect(camera.view):
            continue
        c = (rect.right - r - max(1, tp // 16), rect.top + r + max(1, tp // 16))
        pygame.draw.circle(surface, SHADOW, c, r + 2)
        if kind == SNIPER:
            pygame.draw.circle(surface, red, c, r, max(1, r // 3))
            for dx, dy in ((1, 0), (0, 1)):
                pygame.draw.line(
                    surface,
                    red,
                    (c[0] - dx * (r + 1), c[1] - dy * (r + 1)),
                    (c[0] + dx * (r + 1), c[1] + dy * (r + 1)),
                    max(1, r // 4),
                )
        else:
            eye = pygame.Rect(0, 0, 2 * r + 1, r + 2)
            eye.center = c
            pygame.draw.ellipse(surface, red, eye)
            pygame.draw.circle(surface, SHADOW, c, max(1, r // 2))


def draw_cover_icon(
    surface: pygame.Surface,
    at: tuple[int, int],
    cover: float,
    text: TextCache,
    palette: Palette,
) -> None:
    """A small shield with the cover percentage, its right end at `at` (left of the path's AP
    label over the hovered destination, clear of the tooltip on its right): grey without
    cover, amber for some, green for good."""
    label = text.render(f"{cover:.0%}", 14, (245, 242, 232), bold=True)
    h = max(12, label.get_height() - 4)
    w = h * 3 // 4
    left = at[0] - w - 3 - label.get_width()
    top = at[1] - h // 2
    fill = palette.good if cover >= 0.5 else palette.ap if cover >= 0.2 else (150, 150, 150)
    points = [
        (left, top),
        (left + w, top),
        (left + w, top + h * 5 // 9),
        (left + w // 2, top + h),
        (left, top + h * 5 // 9),
    ]
    backing = pygame.Rect(0, 0, w + 3 + label.get_width() + 8, label.get_height() + 4)
    backing.midright = (at[0] + 4, at[1])
    surface.fill((20, 22, 25), backing)
    pygame.draw.polygon(surface, fill, points)
    pygame.draw.polygon(surface, (240, 240, 240), points, 1)
    surface.blit(label, label.get_rect(midleft=(left + w + 3, at[1])))


@dataclass(frozen=True)
class EarlyWarning:
    """What the early-warning overlay shows for a side: its watched tiles, where a moving car
    bomb would be spotted, and the road tiles no unit on overwatch watches."""

    visibility: np.ndarray  # (H, W) float32: best visibility from a watcher that would react
    spots_vehicle: np.ndarray  # (H, W) bool
    gaps: np.ndarray  # (H, W) bool: road tiles nobody on overwatch watches
    watchers: int

    def note(self) -> list[str]:
        """The note shown on the map while the overlay is on: what it counts, what it shows."""
        units = "unit" if self.watchers == 1 else "units"
        return [f"Early warning (E): {self.watchers} {units} on overwatch", WARNING_NOTE]


def early_warning(state: BattleState, side: Side) -> EarlyWarning:
    """The early-warning overlay's data for a side's units on overwatch (no pygame)."""
    coverage = watch_coverage(state, side)
    road = np.isin(state.grid.terrain, state.ruleset.terrain_indices("road"))
    gaps = road & (coverage.visibility <= 0.0)
    return EarlyWarning(coverage.visibility, coverage.spots_vehicle, gaps, coverage.watchers)


class EarlyWarningLayer:
    """Draws an EarlyWarning: watched tiles shaded by visibility (green where a car bomb would
    be spotted, amber where it could slip by), unwatched road tiles hatched red; cached per
    warning, camera tile range and zoom."""

    def __init__(self, look: Look) -> None:
        self.look = look
        self._key: tuple = ()
        self._view: pygame.Surface | None = None
        self._hatch: dict[tuple[int, Colour], pygame.Surface] = {}

    def hatch(self, tp: int) -> pygame.Surface:
        """A tile of red diagonal hatching at a zoom."""
        red = self.look.palette.alert
        if (tp, red) not in self._hatch:
            tile = pygame.Surface((tp, tp), pygame.SRCALPHA)
            tile.fill((*red, 30))
            step = max(5, tp // 3)
            width = 1 if tp < 24 else 2
            for k in range(-tp, tp, step):
                pygame.draw.line(tile, (*red, 170), (k, tp), (k + tp, 0), width)
            self._hatch[tp, red] = tile
        return self._hatch[tp, red]

    def _shade(self, warning: EarlyWarning, tiles: tuple[int, int, int, int]) -> np.ndarray:
        """(h, w, 4) RGBA of the watched tiles in the tile range."""
        x0, y0, x1, y1 = tiles
        vis = np.clip(warning.visibility[y0:y1, x0:x1], 0.0, 1.0)
        spots = warning.spots_vehicle[y0:y1, x0:x1]
        watched = vis > 0.0
        rgba = np.zeros((*vis.shape, 4), np.uint8)
        green = np.array(self.look.palette.good, np.uint8)
        amber = np.array(self.look.palette.ap, np.uint8)
        rgba[..., :3] = np.where(spots[..., None], green, amber)
        alpha = np.where(watched, 30 + 70 * vis, 0)
        rgba[..., 3] = alpha.astype(np.uint8)
        return rgba

    def draw(self, surface: pygame.Surface, camera: Camera, warning: EarlyWarning) -> None:
        """The overlay over the map view."""
        tiles = camera.visible_tiles()
        tp = camera.tile_px
        key = (id(warning), tiles, tp)
        if key != self._key or self._view is None:
            x0, y0, x1, y1 = tiles
            rgba = self._shade(warning, tiles)
            small = pygame.Surface((x1 - x0, y1 - y0), pygame.SRCALPHA)
            pygame.surfarray.blit_array(
                small, np.ascontiguousarray(rgba[..., :3].transpose(1, 0, 2))
            )
            alpha = pygame.surfarray.pixels_alpha(small)
            alpha[:] = rgba[..., 3].T
            del alpha
            view = pygame.transform.scale(small, ((x1 - x0) * tp, (y1 - y0) * tp))
            hatch = self.hatch(tp)
            ys, xs = np.nonzero(warning.gaps[y0:y1, x0:x1])
            view.fblits([(hatch, (int(x) * tp, int(y) * tp)) for x, y in zip(xs, ys, strict=True)])
            self._view, self._key = view, key
        surface.blit(self._view, camera.tile_origin(tiles[:2]))

    def draw_note(self, surface: pygame.Surface, camera: Camera, warning: EarlyWarning) -> None:
        """The overlay's note at the top left of the map view: one line, or two when the view
        is too narrow for one."""
        ink = (245, 242, 232)
        lines = warning.note()
        one = self.look.text.render(" - ".join(lines), 14, ink)
        if one.get_width() + 24 <= camera.view.w:
            labels = [one]
        else:
            labels = [self.look.text.render(line, 14, ink) for line in lines]
        box = pygame.Rect(camera.view.x + 10, camera.view.y + 8, 0, 0)
        box.w = max(label.get_width() for label in labels)
        box.h = sum(label.get_height() for label in labels)
        surface.fill((20, 22, 26), box.inflate(12, 6))
        pygame.draw.rect(surface, self.look.palette.good, box.inflate(12, 6), 1)
        y = box.y
        for label in labels:
            surface.blit(label, (box.x, y))
            y += label.get_height()
