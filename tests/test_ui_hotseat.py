"""Hot-seat: two players on one machine; between phases a hand-over screen hides the map and
each player sees only their own side's fog, units, log and summary."""

from __future__ import annotations

import pygame

from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import HandOverScreen, TurnSummaryScreen
from game.client.launch import open_battle
from game.commands import Move
from game.core.paths import MAPS_DIR
from game.core.values import Side
from tests.ui_driver import click, close_messages, key, make_app, run_until


def _start(tmp_path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    open_battle(app, MAPS_DIR / "qadisiyah.tmx", ruleset, 3, None, "standard", hotseat=True)
    app.run_frames(2)
    briefing = app.top
    assert "Play as: both sides (hot-seat)" in [b.text for b in briefing.focus.buttons]
    start = next(b for b in briefing.focus.buttons if b.text == "Start")
    click(app, start.rect.center)
    close_messages(app)
    screen = app.top
    assert isinstance(screen, BattleScreen) and screen.session.hotseat
    assert not screen.session.ais  # nobody is played by the computer
    return app, screen


def test_hot_seat_hands_over_and_hides_each_sides_units_from_the_other(tmp_path, ruleset):
    app, screen = _start(tmp_path, ruleset)
    session = screen.session
    state = session.state
    assert session.viewer is Side.COALITION
    mover = next(u for u in state.units_of(Side.COALITION) if u.ap > 0)
    screen.orders.select(mover.id)
    reach = screen.previews.move_range()
    dest = max(reach, key=lambda p: (reach[p], p.y, p.x))
    screen.orders.order(Move(mover.id, dest))
    moved = session.log[-1].text if session.log[-1].kind == "moved" else ""
    screen.orders.end_turn(confirmed=True)
    assert run_until(app, lambda: isinstance(app.top, HandOverScreen), 200)
    handover = app.top
    assert handover.side is Side.ISIL
    app.draw(app.surface)
    pixels = pygame.surfarray.array3d(app.surface)
    assert len({tuple(p) for p in pixels[::40, ::40].reshape(-1, 3)}) < 12  # no map, no units
    key(app, pygame.K_RETURN)  # Ready
    assert run_until(app, lambda: app.top is screen or isinstance(app.top, TurnSummaryScreen), 50)
    if isinstance(app.top, TurnSummaryScreen):
        key(app, pygame.K_RETURN)
    assert app.top is screen and session.viewer is Side.ISIL and session.is_player_turn()
    hidden = [u for u in state.units_of(Side.COALITION) if u.id not in state.spotted[Side.ISIL]]
    assert hidden  # some coalition units are out of ISIL's sight...
    assert not any(session.sees(u.id) for u in hidden)  # ...and the ISIL player sees none
    assert {uid for _, uid in screen.roster.rows} <= {u.id for u in state.units_of(Side.ISIL)}
    log_text = screen.messages.box.html_text
    if moved and mover.id not in state.spotted[Side.ISIL]:
        assert moved not in log_text  # the coalition's unseen move is not in ISIL's log
    # the ISIL player's turn ends: the map hides again and the coalition player takes over
    screen.orders.end_turn(confirmed=True)
    assert run_until(app, lambda: isinstance(app.top, HandOverScreen), 200)
    assert app.top.side is Side.COALITION and app.top.turn == 2
    key(app, pygame.K_RETURN)
    assert run_until(app, lambda: isinstance(app.top, TurnSummaryScreen), 20)
    key(app, pygame.K_RETURN)
    assert session.viewer is Side.COALITION and state.turn == 2
    assert app.errors == []
    app.close()


def test_a_hot_seat_save_loads_as_hot_seat(tmp_path, ruleset):
    from game.client.battle_session import BattleSession

    app, screen = _start(tmp_path, ruleset)
    path = screen.session.quick_save()
    loaded = BattleSession.load(path, ruleset)
    assert loaded.hotseat and not loaded.ais and loaded.player_side is Side.COALITION
    app.close()
