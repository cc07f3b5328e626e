"""Drawing a battle: the map, fog of war, smoke haze, grid, move range, path, units with
their bars and marks, enemy ghosts, line-of-sight shading, blast preview and effects; the
objective areas, the path's reaction-fire marks and cover icon and the early-warning overlay
come from client/map_overlays.

Everything here is read from the session (state, fog, events); overlays are cached and
rebuilt only when the state, the camera's tile range or the zoom changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pygame

from game.art.counter_art import counter_surface
from game.battle.units import Sector
from game.client.battle_session import BattleSession
from game.client.camera import Camera
from game.client.map_overlays import (
    EarlyWarning,
    EarlyWarningLayer,
    ObjectiveLayer,
    draw_cover_icon,
    draw_path_warnings,
)
from game.client.map_render import MapRenderer
from game.client.theme import ACCENT, Palette, TextCache
from game.core.values import Side, TilePos

FOG_SEEN_ALPHA = 105  # seen before, not now
FOG_NEVER_ALPHA = 200  # never seen
FOG_COLOUR = (8, 10, 16)
SMOKE_BANDS = (0.08, 0.35, 0.7)  # thin / medium / thick from these densities
SMOKE_ALPHA = (105, 165, 220)
SMOKE_COLOUR = (196, 194, 188)
HAZE_VARIANTS = 3
SMALL_MARKS_PX = 24  # below this tile size status marks are tile edges, not badges


@dataclass
class Effect:
    """A short animation: a shot tracer, a hit or miss marker, a blast, a floating text."""

    kind: str  # "tracer", "blast", "text"
    start: tuple[float, float]
    end: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0
    text: str = ""
    colour: tuple[int, int, int] = (255, 255, 255)
    age: float = 0.0
    duration: float = 0.5


@dataclass
class Overlays:
    """What the player's tools add to the view this frame."""

    selected: str | None = None
    move_range: dict[TilePos, float] | None = None
    move_ap: float = 0.0  # AP of the selected unit (colours the range)
    path: list[TilePos] | None = None
    path_cost: float | None = None
    path_watch: dict[TilePos, str] = field(default_factory=dict)  # tiles known enemies watch
    path_cover: float | None = None  # cover at the path's end
    hover: TilePos | None = None
    hover_lines: list[str] = field(default_factory=list)
    los: tuple[int, int, np.ndarray] | None = None
    blast: tuple[TilePos, float] | None = None
    aim: tuple[TilePos, TilePos] | None = None  # a shot being aimed: shooter's tile, target's
    sectors: list[tuple[TilePos, Sector, bool]] = field(default_factory=list)
    # overwatch sectors to show: (the unit's tile, its sector, True for the one being set)
    show_grid: bool = False
    early_warning: bool = False  # the early-warning overlay (E) is on
    watch: EarlyWarning | None = None  # what it shows, while it is on
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)  # animated units
    hidden: set[str] = field(default_factory=set)  # units not to draw (not arrived in anim)
    effects: list[Effect] = field(default_factory=list)


def _alpha_surface(alpha: np.ndarray, colour: tuple[int, int, int]) -> pygame.Surface:
    """A (W, H) per-pixel-alpha surface of one colour from an alpha array [y, x]."""
    h, w = alpha.shape
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    surface.fill((*colour, 0))
    view = pygame.surfarray.pixels_alpha(surface)
    view[:] = alpha.T
    del view
    return surface


def _colour_surface(rgba: np.ndarray) -> pygame.Surface:
    """A (W, H) per-pixel-alpha surface from an RGBA array [y, x, 4]."""
    h, w = rgba.shape[:2]
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.surfarray.blit_array(surface, np.ascontiguousarray(rgba[..., :3].transpose(1, 0, 2)))
    view = pygame.surfarray.pixels_alpha(surface)
    view[:] = rgba[..., 3].T
    del view
    return surface


class BattleView:
    """Draws one session through a camera; keeps its caches between frames."""

    def __init__(self, session: BattleSession, text: TextCache, palette: Palette) -> None:
        self.session = session
        self.text = text
        self.palette = palette
        self.map = MapRenderer(session.scenario)
        self._fog_key: tuple = ()
        self._fog_small: pygame.Surface | None = None
        self._fog_view_key: tuple = ()
        self._fog_view: pygame.Surface | None = None
        self._range_key: tuple = ()
        self._range_view: pygame.Surface | None = None
        self._los_key: tuple = ()
        self._los_view: pygame.Surface | None = None
        self._counters: dict[tuple[str, str, int], pygame.Surface] = {}
        self._ghosts: dict[tuple[str, str, int], pygame.Surface] = {}
        self._haze: dict[tuple[int, int, int], pygame.Surface] = {}
        self.objective_layer = ObjectiveLayer(self)
        self.warning_layer = EarlyWarningLayer(self)
        self._phase = self._tile_phases(session.state.grid.width, session.state.grid.height_tiles)

    @staticmethod
    def _tile_phases(width: int, height: int) -> np.ndarray:
        rng = np.random.default_rng(2016)
        return rng.uniform(0, 2 * math.pi, (height, width)).astype(np.float32)

    @property
    def show_all(self) -> bool:
        """Watch mode (no human player): no fog, every unit shown."""
        return self.session.player_side is None

    # --- caches ----------------------------------------------------------------------------

    def counter(self, symbol: str, side: str, size: int) -> pygame.Surface:
        """A unit counter at a pixel size (drawn once per size)."""
        key = (symbol, side, size)
        if key not in self._counters:
            self._counters[key] = counter_surface(symbol, side, size).convert_alpha()
        return self._counters[key]

    def ghost(self, symbol: str, side: str, size: int) -> pygame.Surface:
        """A faded counter for an enemy's last-known place."""
        key = (symbol, side, size)
        if key not in self._ghosts:
            surface = self.counter(symbol, side, size).copy()
            surface.set_alpha(95)
            self._ghosts[key] = surface
        return self._ghosts[key]

    def haze(self, band: int, variant: int, tile_px: int) -> pygame.Surface:
        """A soft smoke puff of a density band, about twice a tile wide."""
        key = (band, variant, tile_px)
        if key not in self._haze:
            size = max(4, int(tile_px * 2.0))
            rng = np.random.default_rng(band * 10 + variant)
            yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
            c = (size - 1) / 2
            r = np.hypot(xx - c, yy - c) / (size / 2)
            noise = rng.uniform(0.75, 1.0, (8, 8)).astype(np.float32)
            noise = np.kron(noise, np.ones((size // 8 + 1, size // 8 + 1), np.float32))[
                :size, :size
            ]
            alpha = SMOKE_ALPHA[band] * np.clip(1.0 - r, 0.0, 1.0) ** 0.8 * noise
            shade = 1.0 - 0.14 * band
            colour = tuple(round(v * shade) for v in SMOKE_COLOUR)
            self._haze[key] = _alpha_surface(alpha.astype(np.uint8), colour)  # type: ignore[arg-type]
        return self._haze[key]

    def _fog_surface(self) -> pygame.Surface:
        session = self.session
        key = (session.version, session.viewer)
        if key != self._fog_key or self._fog_small is None:
            fog = session.fog[session.viewer]
            alpha = np.where(
                fog.visible_now, 0, np.where(fog.ever_seen, FOG_SEEN_ALPHA, FOG_NEVER_ALPHA)
            ).astype(np.uint8)
            self._fog_small = _alpha_surface(alpha, FOG_COLOUR)
            self._fog_key = key
        return self._fog_small

    def _scaled_tiles(
        self, small: pygame.Surface, camera: Camera, smooth: bool
    ) -> tuple[pygame.Surface, tuple[int, int]]:
        """A per-tile surface cut to the tiles on screen and scaled to the zoom."""
        x0, y0, x1, y1 = camera.visible_tiles()
        part = small.subsurface((x0, y0, max(1, x1 - x0), max(1, y1 - y0)))
        size = (part.get_width() * camera.tile_px, part.get_height() * camera.tile_px)
        scaled = (
            pygame.transform.smoothscale(part, size)
            if smooth
            else pygame.transform.scale(part, size)
        )
        return scaled, camera.tile_origin((x0, y0))

    # --- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, camera: Camera, overlays: Overlays, t: float) -> None:
        """Draw the whole battle view into the camera's view rectangle."""
        state = self.session.state
        self.map.sync(state.grid.gid)
        clip = surface.get_clip()
        surface.set_clip(camera.view)
        surface.fill((14, 15, 18), camera.view)
        self.map.draw(surface, camera.view, camera.x, camera.y, camera.tile_px)
        self._draw_wrecks(surface, camera, t)
        if overlays.move_range:
            self._draw_range(surface, camera, overlays)
        if overlays.show_grid:
            self._draw_grid(surface, camera)
        self._draw_civilians(surface, camera)
        self._draw_smoke(surface, camera, t)
        if not self.show_all:
            self._draw_fog(surface, camera)
        if overlays.watch is not None:
            self.warning_layer.draw(surface, camera, overlays.watch)
        viewer = self.session.viewer
        self.objective_layer.draw_outlines(surface, camera, state, viewer)
        self._draw_units(surface, camera, overlays, t)
        self.objective_layer.draw_labels(surface, camera, state, viewer)
        if overlays.los is not None:
            self._draw_los(surface, camera, overlays.los)
        if overlays.blast is not None:
            self._draw_blast(surface, camera, overlays.blast, t)
        for origin, sector, setting in overlays.sectors:
            self._draw_sector(surface, camera, origin, sector, setting)
        if overlays.path:
            self._draw_path(surface, camera, overlays)
        if overlays.aim is not None:
            self._draw_aim(surface, camera, *overlays.aim)
        if overlays.watch is not None:
            self.warning_layer.draw_note(surface, camera, overlays.watch)
        if overlays.hover is not None:
            pygame.draw.rect(surface, ACCENT, camera.tile_rect(overlays.hover), 1)
            if overlays.hover_lines:
                self._draw_tip(surface, camera, overlays.hover, overlays.hover_lines)
        self._draw_effects(surface, camera, overlays.effects)  # over the tip: tags stay seen
        surface.set_clip(clip)

    def _draw_sector(
        self,
        surface: pygame.Surface,
        camera: Camera,
        origin: TilePos,
        sector: Sector,
        setting: bool,
    ) -> None:
        """An overwatch sector: its tiles tinted, its two edges drawn from the unit out."""
        grid = self.session.state.grid
        tp = camera.tile_px
        tint = pygame.Surface((tp, tp), pygame.SRCALPHA)
        tint.fill((*self.palette.ap, 70 if setting else 35))
        for pos in sector.tiles(origin, grid.width, grid.height_tiles):
            surface.blit(tint, camera.tile_origin(pos))
        centre = camera.tile_rect(origin).center
        reach = math.hypot(sector.toward.x - origin.x, sector.toward.y - origin.y) + 0.5
        axis = math.atan2(sector.toward.y - origin.y, sector.toward.x - origin.x)
        half = math.radians(min(sector.width, 359.0) / 2)
        colour = self.palette.ap if setting else (150, 140, 90)
        for edge in (axis - half, axis + half):
            end = (
                centre[0] + round(math.cos(edge) * reach * tp),
                centre[1] + round(math.sin(edge) * reach * tp),
            )
            pygame.draw.line(surface, (20, 20, 20), centre, end, 4)
            pygame.draw.line(surface, colour, centre, end, 2)

    def _flames(self, surface: pygame.Surface, rect: pygame.Rect, t: float, seed: int) -> None:
        """A flickering fire in a tile (burning wrecks and tyres)."""
        flicker = 0.6 + 0.4 * math.sin(t * 9 + seed)
        r = max(2, round(rect.w * 0.18 * (0.8 + 0.3 * flicker)))
        pygame.draw.circle(surface, (240, 120, 30), rect.center, r)
        pygame.draw.circle(surface, (255, 220, 120), rect.center, max(1, r // 2))

    def _draw_wrecks(self, surface: pygame.Surface, camera: Camera, t: float) -> None:
        tp = camera.tile_px
        state = self.session.state
        fog = self.session.fog[self.session.viewer]
        for fire in state.map_events:
            if fire.kind.value != "tyre_fire" or fire.start_turn > state.turn:
                continue
            if fire.end_turn and state.turn > fire.end_turn:
                continue
            for pos in fire.tiles:
                rect = camera.tile_rect(pos)
                seen = self.show_all or fog.ever_seen[pos.y, pos.x]
                if seen and rect.colliderect(camera.view):
                    self._flames(surface, rect, t, pos[0] * 3 + pos[1])
        for pos, burning in self.session.state.wrecks.items():
            rect = camera.tile_rect(pos)
            if not rect.colliderect(camera.view):
                continue
            pygame.draw.ellipse(surface, (30, 28, 26), rect.inflate(-tp // 5, -tp // 3))
            if burning > 0:
                self._flames(surface, rect, t, pos[0] * 3 + pos[1])

    def _draw_range(self, surface: pygame.Surface, camera: Camera, overlays: Overlays) -> None:
        assert overlays.move_range is not None
        tiles = camera.visible_tiles()
        key = (self.session.version, overlays.selected, tiles, camera.tile_px)
        if key != self._range_key or self._range_view is None:
            x0, y0, x1, y1 = tiles
            tp = camera.tile_px
            view = pygame.Surface(((x1 - x0) * tp, (y1 - y0) * tp), pygame.SRCALPHA)
            half = overlays.move_ap / 2
            near, far = self.palette.move_near, self.palette.move_far
            band = {p: (cost <= half + 1e-9) for p, cost in overlays.move_range.items()}
            edge = max(2, tp // 10)
            for pos, is_near in band.items():
                if not (x0 <= pos.x < x1 and y0 <= pos.y < y1):
                    continue
                colour = near if is_near else far
                rect = pygame.Rect((pos.x - x0) * tp, (pos.y - y0) * tp, tp, tp)
                view.fill((*colour, 58), rect)
                # contour lines where the band ends (reach limit, or half the AP spent)
                for dx, dy, a, b in (
                    (0, -1, rect.topleft, rect.topright),
                    (0, 1, rect.bottomleft, rect.bottomright),
                    (-1, 0, rect.topleft, rect.bottomleft),
                    (1, 0, rect.topright, rect.bottomright),
                ):
                    if band.get(TilePos(pos.x + dx, pos.y + dy)) != is_near:
                        a2 = (min(a[0], rect.right - 1), min(a[1], rect.bottom - 1))
                        b2 = (min(b[0], rect.right - 1), min(b[1], rect.bottom - 1))
                        pygame.draw.line(view, (*colour, 230), a2, b2, edge)
            self._range_view = view
            self._range_key = key
        surface.blit(self._range_view, camera.tile_origin(tiles[:2]))

    def _draw_grid(self, surface: pygame.Surface, camera: Camera) -> None:
        x0, y0, x1, y1 = camera.visible_tiles()
        colour = (0, 0, 0)
        view = camera.view
        for x in range(x0, x1 + 1):
            sx = camera.tile_origin((x, 0))[0]
            pygame.draw.line(surface, colour, (sx, view.top), (sx, view.bottom))
        for y in range(y0, y1 + 1):
            sy = camera.tile_origin((0, y))[1]
            pygame.draw.line(surface, colour, (view.left, sy), (view.right, sy))

    def _draw_civilians(self, surface: pygame.Surface, camera: Camera) -> None:
        state = self.session.state
        fog = self.session.fog[self.session.viewer]
        tp = camera.tile_px
        r = max(2, tp // 9)
        for pos, count in state.civilians.items():
            if count <= 0 or not (self.show_all or fog.ever_seen[pos.y, pos.x]):
                continue
            rect = camera.tile_rect(pos)
            if not rect.colliderect(camera.view):
                continue
            for i in range(min(3, count)):
                cx = rect.x + tp // 4 + i * tp // 4
                pygame.draw.circle(surface, (30, 30, 30), (cx, rect.centery + 1), r + 1)
                pygame.draw.circle(surface, (236, 226, 170), (cx, rect.centery), r)

    def unit_screen_pos(self, unit_id: str, camera: Camera, overlays: Overlays) -> tuple[int, int]:
        """Top-left screen pixel where a unit's tile is drawn (animated when moving)."""
        unit = self.session.state.units[unit_id]
        fx, fy = overlays.positions.get(unit_id, (float(unit.pos.x), float(unit.pos.y)))
        return (
            round(camera.view.x + fx * camera.tile_px - camera.x),
            round(camera.view.y + fy * camera.tile_px - camera.y),
        )

    def _draw_units(
        self, surface: pygame.Surface, camera: Camera, overlays: Overlays, t: float
    ) -> None:
        session = self.session
        state = session.state
        tp = camera.tile_px
        # the counter fills the top of the tile; its HP and AP bars run below it, so neither
        # the bars nor the corner badges cover the type symbol at any zoom
        size = max(8, round(tp * 0.8))
        pad = (tp - size) // 2
        top = max(0, pad - max(2, tp // 14))
        enemy_sees = state.spotted.get(session.viewer.enemy, set())
        types = state.ruleset.units
        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        bars: list[tuple[pygame.Rect, tuple[int, int, int], float]] = []
        marks: list[tuple[str, tuple[int, int]]] = []
        view = camera.view.inflate(tp * 2, tp * 2)
        selected_at: tuple[int, int] | None = None
        if not self.show_all:
            for uid, pos in session.ghosts().items():
                unit = state.units.get(uid)
                if unit is None:
                    continue
                x, y = camera.tile_origin(pos)
                if view.collidepoint(x, y):
                    blits.append(
                        (
                            self.ghost(types[unit.type_id].symbol, unit.side.value, size),
                            (x + pad, y + top),
                        )
                    )
        for unit in state.units.values():
            if not unit.on_map or unit.id in overlays.hidden:
                continue
            if not self.show_all and not session.sees(unit.id):
                continue
            x, y = self.unit_screen_pos(unit.id, camera, overlays)
            if not view.collidepoint(x, y):
                continue
            utype = types[unit.type_id]
            if unit.id == overlays.selected:
                selected_at = (x, y)
            blits.append((self.counter(utype.symbol, unit.side.value, size), (x + pad, y + top)))
            bar_w = max(6, size - 4)
            bar_h = max(2, tp // 14)
            bx = x + (tp - bar_w) // 2
            by = y + tp - bar_h - 1
            hp = unit.hp / max(1, utype.hp)
            bars.append(
                (
                    pygame.Rect(bx, by, bar_w, bar_h),
                    self.palette.good if hp > 0.5 else self.palette.bad,
                    hp,
                )
            )
            if (unit.side is session.viewer or self.show_all) and tp >= SMALL_MARKS_PX:
                ap = unit.ap / max(1e-9, utype.ap)  # too small a zoom for two bars: HP only
                bars.append((pygame.Rect(bx, by - bar_h - 1, bar_w, bar_h), self.palette.ap, ap))
            if unit.overwatch_ap > 0:
                marks.append(("overwatch", (x, y)))  # marks take the tile's corner (x, y)
            if unit.side is session.viewer and unit.id in enemy_sees:
                marks.append(("spotted", (x, y)))
            if unit.alerted:
                marks.append(("alerted", (x, y)))
        surface.fblits(blits)
        for rect, colour, share in bars:
            surface.fill((15, 15, 15), rect.inflate(2, 2))
            filled = rect.copy()
            filled.w = max(0, round(rect.w * min(1.0, max(0.0, share))))
            surface.fill(colour, filled)
        for kind, (mx, my) in marks:
            self.draw_mark(surface, kind, mx, my, tp)
        if selected_at is not None:
            self._draw_brackets(surface, selected_at, tp, t)

    def _draw_brackets(
        self, surface: pygame.Surface, at: tuple[int, int], tp: int, t: float
    ) -> None:
        """Pulsing corner brackets around the selected unit's tile."""
        grow = round(2 + 2 * (0.5 + 0.5 * math.sin(t * 5)))
        rect = pygame.Rect(at[0] - grow, at[1] - grow, tp + 2 * grow, tp + 2 * grow)
        arm = max(4, tp // 3)
        width = max(2, tp // 12)
        for corner, dx, dy in (
            (rect.topleft, 1, 1),
            (rect.topright, -1, 1),
            (rect.bottomleft, 1, -1),
            (rect.bottomright, -1, -1),
        ):
            cx, cy = corner
            for colour, w in (((15, 15, 15), width + 2), (ACCENT, width)):
                pygame.draw.line(surface, colour, (cx, cy), (cx + dx * arm, cy), w)
                pygame.draw.line(surface, colour, (cx, cy), (cx, cy + dy * arm), w)

    def draw_mark(self, surface: pygame.Surface, kind: str, x: int, y: int, tp: int) -> None:
        """A status mark on the tile whose top-left corner is (x, y): a badge in a corner,
        or at small zooms a coloured tile edge, never over the unit's symbol."""
        if tp < SMALL_MARKS_PX:
            colour = self.palette.ap if kind == "overwatch" else self.palette.alert
            edge = {
                "overwatch": (x, y, tp, 2),  # the top edge
                "spotted": (x + tp - 2, y, 2, tp),  # the right edge
            }.get(kind, (x, y, 2, tp))  # alerted: the left edge
            surface.fill(colour, edge)
            return
        r = max(3, tp // 7)
        if kind == "overwatch":  # an eye-shaped chevron at the top-left
            centre = (x + r + 1, y + r + 1)
            pygame.draw.circle(surface, (20, 20, 20), centre, r + 1)
            pygame.draw.circle(surface, self.palette.ap, centre, r)
            pygame.draw.circle(surface, (20, 20, 20), centre, max(1, r // 2))
        elif kind == "spotted":  # an exclamation badge at the top-right: the enemy sees it
            centre = (x + tp - r - 1, y + r + 1)
            pygame.draw.circle(surface, (20, 20, 20), centre, r + 1)
            pygame.draw.circle(surface, self.palette.alert, centre, r)
            pygame.draw.line(
                surface,
                (255, 255, 255),
                (centre[0], centre[1] - r + 2),
                (centre[0], centre[1] + 1),
                max(1, r // 3),
            )
        else:  # alerted: a red stripe down the left edge, clear of the symbol and the bars
            stripe = pygame.Rect(x, y + tp // 2 - r - 1, max(2, r // 2), 2 * r + 2)
            pygame.draw.rect(surface, (20, 20, 20), stripe.inflate(2, 2))
            pygame.draw.rect(surface, self.palette.alert, stripe)

    def _draw_smoke(self, surface: pygame.Surface, camera: Camera, t: float) -> None:
        smoke = self.session.state.smoke
        x0, y0, x1, y1 = camera.visible_tiles()
        x0, y0 = max(0, x0 - 1), max(0, y0 - 1)
        x1, y1 = min(smoke.shape[1], x1 + 1), min(smoke.shape[0], y1 + 1)
        window = smoke[y0:y1, x0:x1]
        ys, xs = np.nonzero(window >= SMOKE_BANDS[0])
        if len(ys) == 0:
            return
        tp = camera.tile_px
        dens = window[ys, xs]
        bands = (dens >= SMOKE_BANDS[1]).astype(np.int32) + (dens >= SMOKE_BANDS[2])
        phase = self._phase[y0:y1, x0:x1][ys, xs]
        drift = 0.16 * tp
        ox = (np.sin(t * 0.55 + phase) * drift).astype(np.int32)
        oy = (np.cos(t * 0.43 + phase * 1.3) * drift).astype(np.int32)
        variant = ((t * 0.8 + phase) % HAZE_VARIANTS).astype(np.int32)
        base_x = camera.view.x - round(camera.x) + (xs + x0) * tp - tp // 2 + ox
        base_y = camera.view.y - round(camera.y) + (ys + y0) * tp - tp // 2 + oy
        blits = [
            (self.haze(int(b), int(v), tp), (int(bx), int(by)))
            for b, v, bx, by in zip(bands, variant, base_x, base_y, strict=True)
        ]
        surface.fblits(blits)

    def _draw_fog(self, surface: pygame.Surface, camera: Camera) -> None:
        small = self._fog_surface()
        key = (self._fog_key, camera.visible_tiles(), camera.tile_px)
        if key != self._fog_view_key or self._fog_view is None:
            self._fog_view = self._scaled_tiles(small, camera, smooth=False)[0]
            self._fog_view_key = key
        x0, y0, _, _ = camera.visible_tiles()
        surface.blit(self._fog_view, camera.tile_origin((x0, y0)))

    def _draw_los(
        self, surface: pygame.Surface, camera: Camera, los: tuple[int, int, np.ndarray]
    ) -> None:
        key = (id(los), camera.visible_tiles(), camera.tile_px)
        if key != self._los_key or self._los_view is None:
            state = self.session.state
            h, w = state.grid.height_tiles, state.grid.width
            rgba = np.zeros((h, w, 4), np.uint8)
            rgba[..., 3] = 150
            x0, y0, field_ = los
            fh, fw = field_.shape
            vis = np.clip(np.nan_to_num(field_, nan=0.0, posinf=0.0, neginf=0.0), 0.0, 1.0)
            part = rgba[y0 : y0 + fh, x0 : x0 + fw]
            part[..., 3] = np.where(vis > 0.0, (1.0 - vis) * 110, 150).astype(np.uint8)
            part[..., 1] = np.where(vis > 0.0, 60, 0).astype(np.uint8)
            part[..., 2] = np.where(vis > 0.0, 90, 0).astype(np.uint8)
            self._los_view = self._scaled_tiles(_colour_surface(rgba), camera, smooth=False)[0]
            self._los_key = key
        x0, y0, _, _ = camera.visible_tiles()
        surface.blit(self._los_view, camera.tile_origin((x0, y0)))

    def _draw_blast(
        self, surface: pygame.Surface, camera: Camera, blast: tuple[TilePos, float], t: float
    ) -> None:
        pos, radius = blast
        centre = camera.tile_centre(pos)
        r = round((radius + 0.5) * camera.tile_px)
        shade = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
        pygame.draw.circle(shade, (*self.palette.alert, 60), (r + 1, r + 1), r)
        surface.blit(shade, (centre[0] - r - 1, centre[1] - r - 1))
        pygame.draw.circle(surface, self.palette.alert, centre, r, 2)

    def _draw_path(self, surface: pygame.Surface, camera: Camera, overlays: Overlays) -> None:
        assert overlays.path is not None
        points = [camera.tile_centre(p) for p in overlays.path]
        if overlays.selected is not None:
            unit = self.session.state.units[overlays.selected]
            points.insert(0, camera.tile_centre(unit.pos))
        if len(points) >= 2:
            pygame.draw.lines(surface, (20, 20, 20), False, points, max(3, camera.tile_px // 8) + 2)
            pygame.draw.lines(
                surface, self.palette.path, False, points, max(2, camera.tile_px // 8)
            )
        end = points[-1]
        pygame.draw.circle(surface, self.palette.path, end, max(3, camera.tile_px // 6))
        draw_path_warnings(surface, camera, overlays.path_watch, self.palette)
        beside = (end[0] - camera.tile_px // 2 - 4, end[1] - camera.tile_px // 2)
        if overlays.path_cost is not None:
            label = self.text.render(f"{overlays.path_cost:g} AP", 15, (255, 255, 255), bold=True)
            box = label.get_rect(midbottom=(end[0], end[1] - camera.tile_px // 2))
            surface.fill((20, 22, 25), box.inflate(8, 4))
            surface.blit(label, box)
            beside = (box.left - 8, box.centery)
        if overlays.path_cover is not None:  # the destination's cover, beside its AP
            draw_cover_icon(surface, beside, overlays.path_cover, self.text, self.palette)

    def _draw_effects(self, surface: pygame.Surface, camera: Camera, effects: list[Effect]) -> None:
        for fx in effects:
            k = min(1.0, fx.age / max(1e-6, fx.duration))
            if fx.kind == "tracer":
                a = camera.tile_centre(fx.start)
                b = camera.tile_centre(fx.end)
                head = (a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k)
                tail_k = max(0.0, k - 0.35)
                tail = (a[0] + (b[0] - a[0]) * tail_k, a[1] + (b[1] - a[1]) * tail_k)
                pygame.draw.line(surface, fx.colour, tail, head, 2)
                pygame.draw.circle(surface, (255, 250, 200), a, max(2, camera.tile_px // 8))
            elif fx.kind == "blast":
                c = camera.tile_centre(fx.start)
                r = max(2, round((fx.radius + 0.5) * camera.tile_px * (0.3 + 0.7 * k)))
                pygame.draw.circle(surface, (255, 200, 80), c, r, max(2, round(6 * (1 - k)) + 1))
                if k < 0.5:
                    pygame.draw.circle(surface, (255, 240, 200), c, max(2, r // 2))
            elif fx.kind == "puff":  # smoke thrown, dust of a collapse: a grey cloud that swells
                c = camera.tile_centre(fx.start)
                r = max(3, round((fx.radius + 0.6) * camera.tile_px * (0.4 + 0.6 * k)))
                cloud = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
                pygame.draw.circle(cloud, (205, 200, 190, round(170 * (1 - k))), (r + 1, r + 1), r)
                surface.blit(cloud, (c[0] - r - 1, c[1] - r - 1))
            else:
                c = camera.tile_centre(fx.start)
                label = self.text.render(fx.text, 16, fx.colour, bold=True)
                rect = label.get_rect(center=(c[0], c[1] - round(camera.tile_px * (0.4 + 0.6 * k))))
                surface.fill((15, 15, 15), rect.inflate(6, 2))
                surface.blit(label, rect)

    def _draw_aim(
        self, surface: pygame.Surface, camera: Camera, shooter: TilePos, target: TilePos
    ) -> None:
        """A dashed line of fire from the shooter to the target, ringed at the target."""
        a, b = camera.tile_centre(shooter), camera.tile_centre(target)
        length = max(1.0, math.hypot(b[0] - a[0], b[1] - a[1]))
        dash = max(4, camera.tile_px // 4)
        steps = int(length // dash)
        for i in range(0, steps, 2):
            p = (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
            q = (a[0] + (b[0] - a[0]) * (i + 1) / steps, a[1] + (b[1] - a[1]) * (i + 1) / steps)
            pygame.draw.line(surface, (20, 20, 20), p, q, 4)
            pygame.draw.line(surface, (255, 210, 120), p, q, 2)
        pygame.draw.circle(surface, (255, 210, 120), b, max(4, camera.tile_px // 2), 2)

    def _draw_tip(
        self, surface: pygame.Surface, camera: Camera, pos: TilePos, lines: list[str]
    ) -> None:
        rendered = [
            self.text.render(line, 15, (240, 236, 226), bold=i == 0) for i, line in enumerate(lines)
        ]
        w = max(s.get_width() for s in rendered) + 12
        h = sum(s.get_height() for s in rendered) + 8
        rect = camera.tile_rect(pos)
        box = pygame.Rect(rect.right + 6, rect.top - h // 2, w, h)
        box.clamp_ip(camera.view)
        if box.colliderect(rect):
            box.right = rect.left - 6
            box.clamp_ip(camera.view)
        surface.fill((18, 20, 24), box)
        pygame.draw.rect(surface, ACCENT, box, 1)
        y = box.y + 4
        for s in rendered:
            surface.blit(s, (box.x + 6, y))
            y += s.get_height()

    def minimap(self, size: tuple[int, int]) -> pygame.Surface:
        """The whole map small, with the viewer's fog, the objective areas and the units it
        sees (for the HUD)."""
        session = self.session
        state = session.state
        tiles = (state.grid.width, state.grid.height_tiles)
        scale = min(size[0] / tiles[0], size[1] / tiles[1])
        w, h = max(1, int(tiles[0] * scale)), max(1, int(tiles[1] * scale))
        image = pygame.transform.smoothscale(
            self.map.zoomed(8) if self.map.tile > 8 else self.map.surface, (w, h)
        )
        if not self.show_all:
            image.blit(pygame.transform.scale(self._fog_surface(), (w, h)), (0, 0))
        self.objective_layer.draw_minimap(image, scale, state, session.viewer)
        for unit in state.units.values():
            if not unit.on_map or not (self.show_all or session.sees(unit.id)):
                continue
            colour = self.palette.coalition if unit.side is Side.COALITION else self.palette.isil
            cx, cy = int((unit.pos.x + 0.5) * scale), int((unit.pos.y + 0.5) * scale)
            image.fill((0, 0, 0), (cx - 2, cy - 2, 5, 5))
            image.fill(colour, (cx - 1, cy - 1, 3, 3))
        return image
