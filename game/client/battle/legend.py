"""The legend: every mark the battle map shows, each with its picture and what it means
("?" in battle, or the Legend button of the key help)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.client.app import Pop, Transition
from game.client.basic_screens import BACK_KEYS, DialogScreen
from game.client.battle_view import SMOKE_ALPHA, SMOKE_COLOUR, BattleView
from game.client.camera import Camera
from game.client.keyboard_focus import ButtonFocus
from game.client.map_overlays import draw_cover_icon, draw_path_warnings
from game.client.theme import ACCENT, TEXT, Palette
from game.core.values import TilePos
from game.sim.threats import OVERWATCH, SNIPER

PICTURE = 44  # pixels of a picture's square

Painter = Callable[[pygame.Surface, BattleView, Palette], None]


def _tile(surface: pygame.Surface, colour: tuple[int, int, int], alpha: int) -> None:
    tint = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    tint.fill((*colour, alpha))
    surface.blit(tint, (0, 0))
    pygame.draw.rect(surface, colour, surface.get_rect(), 3)


def _counter(view: BattleView, symbol: str, side: str) -> pygame.Surface:
    return view.counter(symbol, side, round(PICTURE * 0.8))


def _unit_with(mark: str) -> Painter:
    def paint(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
        surface.blit(_counter(view, "infantry", "coalition"), (PICTURE // 10, 0))
        view.draw_mark(surface, mark, 0, 0, PICTURE)

    return paint


def _bars(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    surface.blit(_counter(view, "special_forces", "coalition"), (PICTURE // 10, 0))
    y = PICTURE - 4
    surface.fill((15, 15, 15), (5, y - 6, PICTURE - 10, 8))
    surface.fill(palette.ap, (6, y - 5, (PICTURE - 12) // 2, 2))
    surface.fill(palette.good, (6, y - 2, PICTURE - 12, 2))


def _ghost(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    surface.blit(view.ghost("sniper", "isil", round(PICTURE * 0.8)), (PICTURE // 10, 0))


def _car_bomb(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    surface.blit(_counter(view, "car_bomb", "isil"), (PICTURE // 10, 0))


def _smoke(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    for i, alpha in enumerate(SMOKE_ALPHA):
        puff = pygame.Surface((PICTURE // 3, PICTURE), pygame.SRCALPHA)
        puff.fill((*SMOKE_COLOUR, alpha))
        surface.blit(puff, (i * PICTURE // 3, 0))


def _sight(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    for i, alpha in enumerate((0, 60, 150)):  # clear, dim, unseen
        shade = pygame.Surface((PICTURE // 3, PICTURE), pygame.SRCALPHA)
        shade.fill((0, 60 if alpha < 150 else 0, 90 if alpha < 150 else 0, alpha))
        surface.blit(shade, (i * PICTURE // 3, 0))


def _objective(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    half = PICTURE // 2
    pygame.draw.rect(surface, palette.coalition, (2, 2, half - 4, PICTURE - 4), 3)
    box = pygame.Rect(half + 2, 2, half - 4, PICTURE - 4)  # the enemy's: dashed
    corners = [box.topleft, box.topright, box.bottomright, box.bottomleft]
    for i, a in enumerate(corners):
        b = corners[(i + 1) % 4]
        for k in range(0, 6, 2):
            p = (a[0] + (b[0] - a[0]) * k / 6, a[1] + (b[1] - a[1]) * k / 6)
            q = (a[0] + (b[0] - a[0]) * (k + 1) / 6, a[1] + (b[1] - a[1]) * (k + 1) / 6)
            pygame.draw.line(surface, palette.isil, p, q, 2)


def _watched_by(kind: str) -> Painter:
    def paint(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
        camera = Camera((1, 1), pygame.Rect(0, 0, PICTURE, PICTURE), PICTURE)
        _tile(surface, palette.move_near, 60)
        draw_path_warnings(surface, camera, {TilePos(0, 0): kind}, palette)

    return paint


def _cover(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    draw_cover_icon(surface, (PICTURE - 2, PICTURE // 2), 0.5, view.text, palette)


def _sector(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    origin = (4.0, PICTURE - 4.0)
    points: list[tuple[float, float]] = [origin]
    for k in range(9):
        angle = math.radians(-20 - 50 * k / 8)
        points.append((4 + math.cos(angle) * (PICTURE - 6), PICTURE - 4 + math.sin(angle) * 40))
    wedge = pygame.Surface((PICTURE, PICTURE), pygame.SRCALPHA)
    pygame.draw.polygon(wedge, (*palette.ap, 80), points)
    surface.blit(wedge, (0, 0))
    for end in (points[1], points[-1]):
        pygame.draw.line(surface, palette.ap, origin, end, 2)


def _aim(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    for i in range(0, 8, 2):
        pygame.draw.line(
            surface, (255, 210, 120), (4 + i * 4, 36 - i * 3), (8 + i * 4, 33 - i * 3), 2
        )
    pygame.draw.circle(surface, (255, 210, 120), (36, 12), 8, 2)


def _watched(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    _tile(surface, palette.good, 90)


def _gap(surface: pygame.Surface, view: BattleView, palette: Palette) -> None:
    for x in range(-PICTURE, PICTURE, 8):
        pygame.draw.line(surface, palette.bad, (x, PICTURE), (x + PICTURE, 0), 3)


ENTRIES: tuple[tuple[Painter, str], ...] = (
    (lambda s, v, p: _tile(s, p.move_near, 60), "Move range: you keep half your AP or more"),
    (lambda s, v, p: _tile(s, p.move_far, 60), "Move range: more than half your AP spent"),
    (_bars, "Bars: AP (yellow), HP (green; red when low)"),
    (_unit_with("spotted"), "Seen by the enemy: red badge (small: red edge)"),
    (_unit_with("overwatch"), "On overwatch: yellow badge (small: yellow edge)"),
    (_unit_with("alerted"), "Car-bomb alert: a car bomb is driving (red stripe)"),
    (_car_bomb, "A car bomb: yellow-and-black warning frame"),
    (_ghost, "A ghost: where an enemy was last seen"),
    (_sector, "An overwatch sector: reaction fire only inside it"),
    (_aim, "Line of fire to the target under the mouse"),
    (_sight, "Sight tool (L): clear, harder to see, not seen"),
    (_smoke, "Smoke: thin, medium, thick (blocks sight)"),
    (_objective, "Objective areas: yours (solid), the enemy's (dashed)"),
    (_watched_by(OVERWATCH), "On your path: known enemy overwatch can fire here"),
    (_watched_by(SNIPER), "On your path: a known enemy sniper covers this tile"),
    (_cover, "Cover at the destination under the mouse"),
    (_watched, "Early warning (E): a car bomb here would be seen"),
    (_gap, "Early warning (E): a road no one watches"),
)


class LegendScreen(DialogScreen):
    """The legend over the battle: two columns of pictures and their meanings."""

    def __init__(self, view: BattleView) -> None:
        super().__init__()
        self.view = view
        self.panel = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        """The panel's place and its Close button."""
        width, height = self.app.size
        s = self.scale
        w, h = min(width - 40, round(900 * s)), min(height - 40, round(560 * s))
        self.panel = pygame.Rect((width - w) // 2, (height - h) // 2, w, h)
        close = self.button(
            pygame.Rect(
                self.panel.centerx - round(80 * s),
                self.panel.bottom - round(50 * s),
                round(160 * s),
                round(42 * s),
            ),
            "Close",
        )
        self.focus = ButtonFocus([close])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Close on the button, Enter, Esc or ? again."""
        if event.type == pygame.KEYDOWN and (
            event.key in (*BACK_KEYS, pygame.K_RETURN) or getattr(event, "unicode", "") == "?"
        ):
            return Pop()
        return Pop() if self.focus.handle(event) is not None else None

    def draw(self, surface: pygame.Surface) -> None:
        """Dim the battle, then the panel with every picture and its line."""
        super().draw(surface)
        panel = self.panel
        surface.fill((24, 26, 30), panel)
        pygame.draw.rect(surface, ACCENT, panel, 1)
        text = self.app.text
        size = max(11, round(15 * self.scale))
        title = text.render("Legend: the marks on the map", round(size * 1.3), ACCENT, bold=True)
        surface.blit(title, (panel.x + 16, panel.y + 10))
        top = panel.y + 20 + title.get_height()
        rows = math.ceil(len(ENTRIES) / 2)
        row_h = max(PICTURE + 4, (panel.bottom - 60 - top) // rows)
        col_w = (panel.w - 32) // 2
        for i, (paint, meaning) in enumerate(ENTRIES):
            x = panel.x + 16 + (i // rows) * col_w
            y = top + (i % rows) * row_h
            picture = pygame.Surface((PICTURE, PICTURE), pygame.SRCALPHA)
            picture.fill((70, 66, 58, 255))
            paint(picture, self.view, self.app.palette)
            surface.blit(picture, (x, y))
            line = text.render(meaning, size, TEXT)
            surface.blit(line, (x + PICTURE + 10, y + (PICTURE - line.get_height()) // 2))
