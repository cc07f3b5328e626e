"""The keyboard map cursor: with a unit selected the arrows move a tile cursor, the previews
follow it, Enter orders a move or a shot there; a battle can be played with keys only."""

from __future__ import annotations

import pygame

from game.client.basic_screens import HelpScreen, battle_help_text
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.commands import Fire, Ok
from game.core.paths import MAPS_DIR
from game.core.values import Side
from tests.ui_driver import close_messages, key, make_app, run_until

MAP = MAPS_DIR / "qadisiyah.tmx"


def tab_to(app, screen: BattleScreen, unit_id: str) -> None:
    """Press Tab until a unit is selected."""
    for _ in range(40):
        if screen.selected == unit_id:
            return
        key(app, pygame.K_TAB, frames=1)
    raise AssertionError(f"Tab never selected {unit_id}")


def walk_cursor(app, screen: BattleScreen, dest) -> None:
    """Arrow keys until the cursor is on a tile."""
    assert screen.cursor is not None
    dx, dy = dest.x - screen.cursor.x, dest.y - screen.cursor.y
    for _ in range(abs(dx)):
        key(app, pygame.K_RIGHT if dx > 0 else pygame.K_LEFT, frames=1)
    for _ in range(abs(dy)):
        key(app, pygame.K_DOWN if dy > 0 else pygame.K_UP, frames=1)
    app.run_frames(1)
    assert screen.cursor == dest and screen.cursor_on


def test_a_move_and_a_shot_with_the_keyboard_only(tmp_path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    session = BattleSession.open(MAP, ruleset, seed=1)
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    state = session.state
    shooter_id, target_pos = next(
        (u.id, e.pos)
        for u in state.units_of(Side.COALITION)
        for e in state.units_of(Side.ISIL)
        if isinstance(Fire(u.id, e.pos).validate(state), Ok)
    )
    mover = next(u for u in state.units_of(Side.COALITION) if u.ap >= 4 and u.id != shooter_id)
    start = mover.pos

    # the move: Tab to the unit, arrows to a tile two AP away, Enter
    tab_to(app, screen, mover.id)
    reach = screen.previews.move_range()
    dest = min(reach, key=lambda p: (abs(reach[p] - 2.0), p))
    walk_cursor(app, screen, dest)
    assert screen.hover == dest
    assert screen.overlays.path and screen.overlays.path[-1] == dest
    assert screen.overlays.path_cost == reach[dest]
    assert any(line.startswith("move: ") for line in screen.overlays.hover_lines)
    key(app, pygame.K_RETURN)
    assert run_until(app, lambda: not screen.playback.queue)
    assert screen.session.battle.log.commands[-1]["kind"] == "move"
    assert mover.pos != start and not screen.cursor_on
    assert isinstance(app.top, BattleScreen)  # Enter ordered the move; it did not end the turn

    # the shot: Tab to the shooter, F, arrows to the enemy (hit chance shown), Enter
    tab_to(app, screen, shooter_id)
    shooter = state.units[shooter_id]
    ap = shooter.ap
    key(app, pygame.K_f)
    assert screen.mode == "fire"
    assert screen.cursor_on and screen.cursor is not None  # on the nearest enemy in range
    assert isinstance(screen.orders.fire_at(shooter, screen.cursor).validate(state), Ok)
    walk_cursor(app, screen, target_pos)
    assert any(line.startswith("Hit ") for line in screen.overlays.hover_lines)
    key(app, pygame.K_RETURN)
    assert screen.session.battle.log.commands[-1]["kind"] == "fire"
    assert screen.session.battle.log.commands[-1]["target"] == [target_pos.x, target_pos.y]
    assert shooter.ap < ap
    assert app.errors == []
    app.close()


def test_shift_arrow_jumps_five_tiles_and_esc_hides_the_cursor(tmp_path, ruleset):
    app = make_app(tmp_path)
    session = BattleSession.open(MAP, ruleset, seed=1)
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    unit = screen.selected_unit()
    assert unit is not None
    key(app, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)  # five tiles at once
    width = session.state.grid.width
    assert screen.cursor_on and screen.cursor == (min(unit.pos.x + 5, width - 1), unit.pos.y)
    key(app, pygame.K_ESCAPE)
    assert not screen.cursor_on and screen.selected == unit.id
    assert "Keyboard map cursor" in battle_help_text()
    key(app, pygame.K_F1)
    assert isinstance(app.top, HelpScreen)
    app.close()
