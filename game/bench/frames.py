"""The `frame_ms` benchmark: one 1280x720 battle frame (map, fog, smoke, 80 units, HUD) of a
generated 128x128 city on the software renderer, drawn by the real battle screen."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from game.battle.setup import UnitPlacement
from game.client.app import App
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.client.navigation import ScreenNavigator
from game.client.settings import Settings
from game.core.values import MoveClass, Side, TilePos
from game.mapmaking.city_generator import (
    URBAN_TSX,
    detail_gids,
    generate_layout,
    layout_gids,
    read_catalogue,
    tile_table,
)
from game.rules.ruleset import Ruleset
from game.scenario.model import DrawLayer, Scenario, Tileset

FRAME_SIZE = (1280, 720)
MAP_SIZE = 128
UNITS = 80


def bench_scenario(ruleset: Ruleset, seed: int, size: int = MAP_SIZE) -> Scenario:
    """A generated city as a scenario: ground and detail layers, 80 units around its centre."""
    catalogue = read_catalogue(URBAN_TSX)
    layout = generate_layout(size, size, seed)
    ground = layout_gids(layout, catalogue)
    detail = detail_gids(layout, catalogue)
    tiles = tile_table(catalogue, ruleset)
    grid = tiles.grid(ground)
    tileset = Tileset(
        "urban", 1, catalogue.tile_count, 32, 32, 8, 0, 0, URBAN_TSX.with_suffix(".png")
    )
    layers = [
        DrawLayer("tile", "ground", 1, True, 1.0, (0.0, 0.0), ground),
        DrawLayer("tile", "detail", 2, True, 1.0, (0.0, 0.0), detail, decoration=True),
    ]
    rng = np.random.default_rng(seed)
    c = size // 2
    window = np.zeros((size, size), bool)
    window[c - 11 : c + 11, c - 17 : c + 13] = True  # the tiles a 1280x720 view shows
    ys, xs = np.nonzero(np.isfinite(grid.move_cost(MoveClass.FOOT)) & window)
    pick = rng.choice(len(xs), size=min(UNITS, len(xs)), replace=False)
    units = [
        UnitPlacement(
            i + 1,
            "",
            "cts" if i % 2 == 0 else "isil_fighters",
            Side.COALITION if i % 2 == 0 else Side.ISIL,
            TilePos(int(xs[j]), int(ys[j])),
        )
        for i, j in enumerate(pick)
    ]
    return Scenario(
        path=Path("bench.tmx"),
        file_hash="bench",
        title="Frame benchmark",
        briefing="",
        date="",
        player_side=Side.COALITION,
        turn_limit=10,
        wind_direction=0.0,
        wind_strength=0.0,
        width=size,
        height=size,
        tile_size=32,
        tilesets=[tileset],
        layers=layers,
        tiles=tiles,
        grid=grid,
        kind_gid={},
        units=units,
        objectives=[],
        events=[],
    )


def with_smoke_in_view(smoke: np.ndarray, seed: int) -> np.ndarray:
    """The benchmark's smoke plus clouds where the camera looks (the frame must draw smoke)."""
    from game.bench.context import smoke_blobs

    out = smoke.copy()
    c = out.shape[0] // 2
    view = out[c - 11 : c + 11, c - 17 : c + 13]
    np.maximum(view, smoke_blobs(view.shape, 5, np.random.default_rng(seed)), out=view)
    return out


def frame_figures(ruleset: Ruleset, smoke: np.ndarray, repeats: int, seed: int) -> dict[str, float]:
    """Median ms of a still frame (animated smoke) and of a panning frame, with the HUD."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    from game.bench.context import median_ms

    scenario = bench_scenario(ruleset, seed, smoke.shape[0])
    session = BattleSession.start(scenario.path, scenario, ruleset, seed, Side.COALITION)
    session.state.smoke[:] = with_smoke_in_view(smoke, seed)
    session.refresh_fog()
    app = App(
        Settings(volume=0.0),
        Path(os.devnull),
        FRAME_SIZE,
        save_dir=Path(os.devnull),
        navigator=ScreenNavigator(),
    )
    screen = BattleScreen(session)
    app.push(screen)
    assert screen.camera is not None
    screen.camera.centre_on(TilePos(MAP_SIZE // 2, MAP_SIZE // 2))
    screen.orders.cycle_unit(1)

    def still() -> None:
        screen.update(1 / 60)
        app.ui.update(1 / 60)
        app.draw(app.surface)

    step = [4.0]

    def panning() -> None:
        assert screen.camera is not None
        screen.camera.pan(step[0], 0)
        if screen.camera.x in (0, screen.camera.map_px[0] - screen.camera.view.w):
            step[0] = -step[0]
        still()

    figures = {
        "frame_ms": round(median_ms(still, repeats), 3),
        "frame_pan_ms": round(median_ms(panning, repeats), 3),
    }
    app.close()
    return figures
