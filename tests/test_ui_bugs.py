"""The battle screen bugs found by play-testers, each driven with real events: the hover
follows a moving view, the action bar fits, a refused target keeps its mode, the view under
the pause menu follows a resize."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import PauseScreen
from game.client.battle_session import BattleSession
from game.client.theme import font_size
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from tests.ui_driver import click, close_messages, key, make_app

MAP = MAPS_DIR / "qadisiyah.tmx"


def _battle(tmp_path: Path, ruleset, size=(1280, 720)):
    app = make_app(tmp_path, size=size, enemy_speed="instant")
    screen = BattleScreen(BattleSession.open(MAP, ruleset, seed=1))
    app.push(screen)
    close_messages(app)
    return app, screen


@pytest.fixture
def battle(tmp_path: Path, ruleset):
    app, screen = _battle(tmp_path, ruleset)
    yield app, screen
    app.close()


def _move_mouse(app, pos):
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.run_frames(1)


def test_the_hover_follows_the_view_when_it_zooms_or_moves(battle):
    app, screen = battle
    point = (screen.camera.view.x + 40, screen.camera.view.y + 40)  # off the zoom anchor
    _move_mouse(app, point)
    before = screen.hover
    assert before == screen.camera.tile_at(point)
    key(app, pygame.K_PLUS)  # zoom in with the mouse still
    assert screen.camera.tile_at(point) != before
    assert screen.hover == screen.camera.tile_at(point)  # what a click there would act on
    assert screen.overlays.hover == screen.hover
    assert screen.overlays.hover_lines and str(screen.hover) in screen.overlays.hover_lines[0]
    screen.camera.centre_on(TilePos(5, 5))  # a re-centre (a new turn, a click on the minimap)
    app.run_frames(2)
    assert screen.hover == screen.camera.tile_at(point)


@pytest.mark.parametrize("size", [(1280, 720), (800, 600)])
def test_the_action_bar_fits_a_unit_with_many_actions(tmp_path, ruleset, size):
    app, screen = _battle(tmp_path, ruleset, size)
    state = screen.session.state
    dozer = next(u for u in state.units_of(Side.COALITION) if "build_berm" in u.actions)
    screen.orders.select(dozer.id)
    app.run_frames(2)
    shown = [b for name, b in screen.bar.buttons.items() if name != "menu" and b.visible]
    assert len(shown) >= 8
    rects = [b.rect for b in shown] + [screen.bar.end_button.rect]
    for i, a in enumerate(rects):
        assert a.right <= size[0] and a.bottom <= size[1]
        for b in rects[i + 1 :]:
            assert not a.colliderect(b), "two buttons overlap"
    font = app.text.font(font_size(app.settings))
    for button in shown:
        assert font.size(button.text)[0] + 8 <= button.rect.w, f"{button.text!r} is cut"
    app.close()


def test_a_refused_target_keeps_the_mode_and_says_why(battle):
    app, screen = battle
    state = screen.session.state
    unit = next(
        u for u in state.units_of(Side.COALITION) if u.actions.get("smoke", 0) and u.ap >= 3
    )
    screen.orders.select(unit.id)
    key(app, pygame.K_s)
    assert screen.mode == "smoke" and screen.bar.buttons["smoke"].is_selected
    far = TilePos(min(state.grid.width - 1, unit.pos.x + 12), unit.pos.y)
    screen.camera.centre_on(far)
    app.run_frames(1)
    click(app, screen.camera.tile_rect(far).center)
    assert screen.mode == "smoke" and screen.bar.buttons["smoke"].is_selected
    assert "smoke:" in screen.status and "pick another target" in screen.status
    near = TilePos(unit.pos.x + 1, unit.pos.y)
    screen.camera.centre_on(near)
    app.run_frames(1)
    uses = unit.actions["smoke"]
    click(app, screen.camera.tile_rect(near).center)
    assert unit.actions["smoke"] == uses - 1
    assert screen.mode == "move" and not screen.bar.buttons["smoke"].is_selected


def test_the_battle_under_the_pause_menu_follows_a_resize(battle):
    app, screen = battle
    key(app, pygame.K_ESCAPE)
    if not isinstance(app.top, PauseScreen):
        key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, PauseScreen)
    pygame.display.set_mode((1024, 768), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1024, y=768))
    app.run_frames(2)
    assert isinstance(app.top, PauseScreen)
    assert screen.camera.view == screen.layout()["map"]  # not the 1280x720 layout
    assert screen.minimap.rect == screen.layout()["minimap"]
    resume = next(b for b in app.top.focus.buttons if b.text == "Resume")
    assert resume.rect.centerx == 1024 // 2  # the menu itself is laid out again


def test_the_unit_panel_draws_no_ap_bar_over_the_overwatch_reserve(battle):
    app, screen = battle
    from game.client.hud import draw_unit_panel

    state = screen.session.state
    unit = next(u for u in state.units_of(Side.COALITION) if u.overwatch_ap == 0)
    rect = pygame.Rect(0, 0, 330, 150)

    def bar_pixels() -> tuple[int, int]:
        """(AP-yellow pixels, bar-background pixels) of the panel drawn for the unit."""
        surface = pygame.Surface(rect.size)
        surface.fill((200, 0, 200))
        draw_unit_panel(surface, rect, state, unit, app.text, app.palette, 15)
        pixels = pygame.surfarray.array3d(surface)
        ap = app.palette.ap
        yellow = (pixels[..., 0] == ap[0]) & (pixels[..., 1] == ap[1]) & (pixels[..., 2] == ap[2])
        dark = (pixels[..., 0] == 15) & (pixels[..., 1] == 15) & (pixels[..., 2] == 15)
        return int(yellow.sum()), int(dark.sum())

    yellow, dark = bar_pixels()
    assert yellow > 100  # an AP bar while the unit has AP to spend
    unit.overwatch_ap, unit.ap = unit.ap, 0
    yellow_ow, dark_ow = bar_pixels()
    assert yellow_ow == 0 and dark_ow < dark  # no AP bar (not even its empty frame) any more


def test_the_log_and_the_briefing_write_sides_and_counts_properly(tmp_path, ruleset):
    from game.client.menu_screens import BriefingScreen
    from game.scenario.loader import load_scenario

    app, screen = _battle(tmp_path, ruleset)
    screen.orders.end_turn(confirmed=True)
    app.run_frames(200)
    texts = [e.text for e in screen.session.log]
    spotted = [t for t in texts if " spotted " in t]
    sides = ("ISIL spotted", "Coalition spotted", "Car bomb! ")
    assert spotted and all(t.startswith(sides) for t in spotted)
    assert any(t.startswith("Turn 1: ISIL phase") for t in texts)
    app.close()
    scenario = load_scenario(MAPS_DIR / "al-bakr.tmx", ruleset)
    app = make_app(tmp_path / "b")
    app.push(BriefingScreen(MAPS_DIR / "al-bakr.tmx", scenario))
    app.run_frames(2)
    shown = " ".join(getattr(w, "html_text", "") for w in app.top.widgets)
    assert "hold, 1 turn -" in shown and "1 turns" not in shown
    app.close()
