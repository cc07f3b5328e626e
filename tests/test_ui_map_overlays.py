"""The battle map's planning overlays seen in the rendered pixels: objective areas on the map and
the minimap, reaction-fire marks on the move preview, and the early-warning overlay (E)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.battle.setup import Objective, ObjectiveKind
from game.battle.units import UnitState
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.map_overlays import area_edges, early_warning, objective_label
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from game.sim.line_of_sight import visibility_between
from game.sim.objectives import AREALESS_KINDS
from game.sim.overwatch import watch_coverage
from tests.ui_driver import click, close_messages, key, make_app

MAP = MAPS_DIR / "qadisiyah.tmx"


@pytest.fixture
def battle(tmp_path: Path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    session = BattleSession.open(MAP, ruleset, seed=1)
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    yield app, screen
    app.close()


def _pixels(app, rect: pygame.Rect) -> np.ndarray:
    """The screen's RGB pixels in a rectangle, [x, y, rgb]."""
    return pygame.surfarray.array3d(app.surface.subsurface(rect)).astype(int)


def _hover(app, pos: tuple[int, int]) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.run_frames(2)


def _own_area(screen: BattleScreen) -> Objective:
    """The viewer's largest objective area (the mosque block)."""
    own = [
        o
        for o in screen.state.objectives
        if o.side is screen.session.viewer and o.kind not in AREALESS_KINDS
    ]
    return max(own, key=lambda o: len(o.tiles))


def _left_border(objective: Objective) -> list[TilePos]:
    """The area's tiles whose left neighbour is outside it, middle rows first."""
    tiles = [p for p in objective.tiles if TilePos(p.x - 1, p.y) not in objective.tiles]
    mid = sum(p.y for p in tiles) / len(tiles)
    return sorted(tiles, key=lambda p: (abs(p.y - mid), p.x))


def test_area_edges_follow_the_border_not_a_bounding_box():
    cup = [TilePos(0, 0), TilePos(0, 1), TilePos(1, 1), TilePos(2, 1), TilePos(2, 0)]  # a U
    edges = area_edges(cup)
    assert len(edges) == 12  # its bounding box's border has 10
    assert {(1, 1, 2, 1), (1, 0, 1, 1), (2, 0, 2, 1)} <= set(edges)  # the notch's three sides
    assert (1, 0, 2, 0) not in edges  # the box's top edge over the notch is not drawn


def test_an_objective_area_is_outlined_in_its_side_colour_on_the_map(battle):
    app, screen = battle
    screen.selected = None
    area = _own_area(screen)
    colour = screen.view.objective_layer.colour(area, screen.session.viewer)
    assert colour != screen.view.objective_layer.colour(area, screen.session.viewer.enemy)
    hits = 0
    for pos in _left_border(area)[:5]:
        screen.camera.centre_on(pos)
        app.run_frames(2)
        rect = screen.camera.tile_rect(pos)
        edge = _pixels(app, pygame.Rect(rect.left, rect.top + 4, 1, rect.h - 8))
        hits += int(np.all(edge == colour, axis=-1).mean() > 0.8)
        inside = _pixels(app, pygame.Rect(rect.left + 6, rect.top + 4, 1, rect.h - 8))
        assert not np.all(inside == colour, axis=-1).all()  # a line, not a filled tile
    assert hits >= 4


def test_the_objective_label_names_kind_progress_and_end(battle):
    _, screen = battle
    state = screen.state
    hold = next(o for o in state.objectives if o.kind.value == "hold")
    assert objective_label(state, hold, full=False) == f"HOLD 0/{hold.turns}"
    state.objective_progress[hold.object_id] = 2
    assert objective_label(state, hold) == f"HOLD 2/{hold.turns} - {hold.name}"
    state.objective_status[hold.object_id] = "failed"
    assert objective_label(state, hold, full=False) == f"HOLD 2/{hold.turns} failed"


def test_an_objective_label_writes_its_kind_in_words(battle):
    _, screen = battle
    hold = next(o for o in screen.state.objectives if o.kind.value == "hold")
    for kind in ObjectiveKind:
        label = objective_label(screen.state, replace(hold, kind=kind), full=False)
        assert label.startswith(kind.value.replace("_", " ").upper()) and "_" not in label
    bombs = replace(hold, kind=ObjectiveKind.STOP_CAR_BOMBS, name="Stop the car bomb")
    assert objective_label(screen.state, bombs) == "STOP CAR BOMBS - Stop the car bomb"


def test_the_minimap_outlines_the_objective_areas(battle):
    app, screen = battle
    state = screen.state
    area = _own_area(screen)
    rect = screen.minimap.rect
    grid_w, grid_h = state.grid.width, state.grid.height_tiles
    scale = min((rect.w - 8) / grid_w, (rect.h - 8) / grid_h)
    image = pygame.Rect(0, 0, int(grid_w * scale), int(grid_h * scale))
    image.center = rect.center
    colour = screen.view.objective_layer.minimap_colour(area, screen.session.viewer)
    border = _left_border(area)
    found = 0
    for pos in border:
        x = image.x + int(pos.x * scale)
        y = image.y + int((pos.y + 0.5) * scale)
        found += int(tuple(app.surface.get_at((x, y)))[:3] == colour)
    assert found >= len(border) // 2
    # and inside the area the map is tinted with the side's colour
    centre = _left_border(area)[0]
    inside = (image.x + int((centre.x + 2.5) * scale), image.y + int((centre.y + 0.5) * scale))
    r, _, b = tuple(app.surface.get_at(inside))[:3]
    assert b > r  # the coalition's blue


def test_the_move_preview_marks_tiles_a_known_sniper_watches(battle):
    app, screen = battle
    state = screen.state
    seen = state.spotted.get(Side.COALITION, set())
    ghosts = screen.session.ghosts()
    snipers = [
        uid
        for uid in seen | set(ghosts)
        if state.units[uid].side is Side.ISIL and state.unit_type(uid).has_role("sniper")
    ]
    assert snipers, "the coalition knows of a sniper at the start"
    found = None
    for unit in state.units_of(Side.COALITION):
        screen.selected = unit.id
        reach = screen.previews.move_range()
        search = screen.previews.move_search()
        for dest in sorted(reach, key=lambda p: (-reach[p], p))[:40]:
            watched = screen.previews.path_watch(search.path(dest))
            if len(watched) >= 2 and dest in watched:
                found = unit, dest, watched
                break
        if found:
            break
    assert found is not None
    unit, dest, watched = found
    screen.selected = None
    click(app, screen.camera.tile_rect(unit.pos).center)
    screen.camera.centre_on(TilePos(dest.x + 4, dest.y + 1))  # room on the right for the tip
    app.run_frames(1)
    tile = min(
        (p for p in watched if p != dest), key=lambda p: abs(p.x - dest.x) + abs(p.y - dest.y)
    )
    rect = screen.camera.tile_rect(tile)
    corner = pygame.Rect(rect.centerx, rect.top, rect.w // 2, rect.h // 2)
    end = screen.camera.tile_rect(dest)
    above = pygame.Rect(end.x - 120, end.y - 40, end.w + 160, 40)  # AP label and cover shield
    before, before_above = _pixels(app, corner), _pixels(app, above)
    _hover(app, end.center)
    assert any(line.startswith("reaction fire:") for line in screen.overlays.hover_lines)
    after = _pixels(app, corner)
    red = screen.app.palette.alert
    assert not np.all(before == red, axis=-1).any()
    assert np.all(after == red, axis=-1).sum() >= 4  # the red crosshair in the tile's corner
    shield_edge = np.all(_pixels(app, above) == (240, 240, 240), axis=-1)
    assert shield_edge.sum() >= 10 and not np.all(before_above == (240, 240, 240), axis=-1).any()


def _road_gap(screen: BattleScreen, watcher: UnitState) -> TilePos:
    """A road tile that nobody on overwatch watches, with no unit on it, 3 to 5 tiles from a
    unit that sees it well."""
    state = screen.state
    warning = early_warning(state, screen.session.viewer)
    occupied = state.occupied()
    sight = state.unit_type(watcher.id).sight
    ys, xs = np.nonzero(warning.gaps)
    gaps = [
        p
        for p in (TilePos(int(x), int(y)) for x, y in zip(xs, ys, strict=True))
        if p not in occupied
        and 3 <= np.hypot(p.x - watcher.pos.x, p.y - watcher.pos.y) <= 5
        and visibility_between(state.grid, state.smoke, watcher.pos, p, sight) >= 0.5
    ]
    return min(gaps)


def test_e_shows_the_unwatched_roads_and_the_overlay_follows_new_overwatch(battle):
    app, screen = battle
    state = screen.state
    viewer = screen.session.viewer
    for unit in state.units_of(viewer):  # no one on overwatch: every road is a gap
        unit.overwatch_ap = 0
    screen.session.version += 1
    watcher = next(u for u in state.units_of(viewer) if u.ap >= state.rules.overwatch_min_ap + 3)
    gap = _road_gap(screen, watcher)
    screen.selected = None
    screen.camera.centre_on(gap)
    app.run_frames(2)
    rect = screen.camera.tile_rect(gap)
    plain = _pixels(app, rect)
    key(app, pygame.K_e)
    hatched = _pixels(app, rect)
    assert (hatched != plain).any()
    red = np.array(screen.app.palette.alert)
    assert (np.abs(hatched - red).sum(axis=-1) < np.abs(plain - red).sum(axis=-1)).mean() > 0.3
    key(app, pygame.K_e)
    assert (_pixels(app, rect) == plain).all()  # off again
    key(app, pygame.K_e)
    screen.camera.centre_on(watcher.pos)
    click(app, screen.camera.tile_rect(watcher.pos).center)  # select the watcher...
    key(app, pygame.K_o)  # ...and watch toward the gap: O, then a click on it
    click(app, screen.camera.tile_rect(gap).center)
    assert state.units[watcher.id].overwatch_ap > 0
    assert state.units[watcher.id].sector is not None
    assert watch_coverage(state, viewer).visibility[gap.y, gap.x] > 0
    screen.selected = None
    screen.camera.centre_on(gap)
    app.run_frames(2)
    watched = _pixels(app, screen.camera.tile_rect(gap))
    assert (watched != hatched).any()  # the gap is closed: shaded as watched, not hatched
    green = np.array(screen.app.palette.good)
    assert (np.abs(watched - green).sum(axis=-1) < np.abs(plain - green).sum(axis=-1)).mean() > 0.5
