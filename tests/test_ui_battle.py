"""The battle screen driven by real input events: select, move, fire, end the turn (the AI
plays its phase), quick save and load, undo, the tools; the state afterwards is checked."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.client.basic_screens import ConfirmScreen, HelpScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import PauseScreen, TurnSummaryScreen
from game.client.battle_session import BattleSession
from game.commands import Fire, Ok
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from tests.ui_driver import click, close_messages, key, make_app, run_until

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


def _show(screen: BattleScreen, pos) -> tuple[int, int]:
    """Centre the camera on a tile and return its screen centre."""
    screen.camera.centre_on(pos)
    return screen.camera.tile_rect(pos).center


def test_select_by_click_and_tab(battle):
    app, screen = battle
    unit = screen.session.state.units_of(Side.COALITION)[2]
    click(app, _show(screen, unit.pos))
    assert screen.selected == unit.id
    key(app, pygame.K_TAB)
    assert screen.selected not in (None, unit.id)
    key(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert screen.selected == unit.id
    click(app, _show(screen, unit.pos), button=3)  # right click deselects
    assert screen.selected is None


def test_click_moves_the_selected_unit_along_the_previewed_path(battle):
    app, screen = battle
    state = screen.session.state
    unit = next(u for u in state.units_of(Side.COALITION) if u.ap >= 4)
    start, ap = unit.pos, unit.ap
    click(app, _show(screen, unit.pos))
    reach = screen.previews.move_range()
    dest = min(reach, key=lambda p: (abs(reach[p] - 2.0), p))
    target = screen.camera.tile_rect(dest).center
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.run_frames(2)
    assert screen.overlays.path and screen.overlays.path[-1] == dest
    assert screen.overlays.path_cost == reach[dest]
    click(app, target)
    assert run_until(app, lambda: not screen.playback.queue)
    assert unit.pos != start
    assert unit.pos == dest  # nothing new came in sight on the way: no spotting stop
    assert unit.ap == pytest.approx(ap - reach[dest])
    assert screen.session.battle.log.commands[-1]["kind"] == "move"
    assert screen.session.battle.can_undo()  # a move that revealed nothing can be taken back
    key(app, pygame.K_u)
    assert screen.session.state.units[unit.id].pos == start
    assert screen.session.state.units[unit.id].ap == pytest.approx(ap)


def test_fire_mode_shoots_a_spotted_enemy(battle):
    app, screen = battle
    state = screen.session.state
    shooter, target = next(
        (u, e)
        for u in state.units_of(Side.COALITION)
        for e in state.units_of(Side.ISIL)
        if isinstance(Fire(u.id, e.pos).validate(state), Ok)
    )
    ap = shooter.ap
    click(app, _show(screen, shooter.pos))
    key(app, pygame.K_f)
    assert screen.mode == "fire"
    click(app, _show(screen, target.pos))
    kinds = [e.kind for e in screen.session.log]
    assert "fired" in kinds
    assert shooter.ap < ap
    assert screen.session.battle.log.commands[-1] == {
        "kind": "fire",
        "unit_id": shooter.id,
        "target": [target.pos.x, target.pos.y],
        "weapon": state.ruleset.units[shooter.type_id].weapons[0].id,
    }


def test_hover_over_an_enemy_shows_the_hit_chance_of_the_roll(battle):
    app, screen = battle
    state = screen.session.state
    shooter, target = next(
        (u, e)
        for u in state.units_of(Side.COALITION)
        for e in state.units_of(Side.ISIL)
        if isinstance(Fire(u.id, e.pos).validate(state), Ok)
    )
    click(app, _show(screen, shooter.pos))
    centre = _show(screen, target.pos)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.run_frames(2)
    from game.sim import combat

    weapon = state.ruleset.units[shooter.type_id].weapons[0]
    chance = combat.hit_chance(state, shooter.id, weapon, target.pos).chance
    assert any(line.startswith(f"Hit {chance:.0%}") for line in screen.overlays.hover_lines)
    # compact by default: who, the weapon, the odds; the line of fire is drawn
    lines = screen.overlays.hover_lines
    assert len(lines) <= 5 and not any(line.startswith("visibility") for line in lines)
    assert screen.overlays.aim == (shooter.pos, target.pos)
    pygame.key.set_mods(pygame.KMOD_LALT)  # Alt held: every factor of the odds
    app.run_frames(2)
    full = screen.overlays.hover_lines
    assert any(line.startswith("visibility") for line in full)
    assert any(line.startswith("range") for line in full)
    pygame.key.set_mods(0)
    app.run_frames(2)
    assert len(screen.overlays.hover_lines) == len(lines)


def test_a_shots_result_tag_is_drawn_over_the_tooltip(battle):
    app, screen = battle
    from game.client.battle_view import Effect

    hovered = screen.session.state.units_of(Side.ISIL)[0].pos
    target = TilePos(hovered.x + 2, hovered.y)  # where the tooltip beside the hover lies
    screen.camera.centre_on(hovered)
    screen.overlays.hover = hovered
    screen.overlays.hover_lines = ["a long tooltip line that covers the tile " * 2] * 6
    tag = Effect("text", (target.x, target.y), text="-4", colour=(255, 0, 255), duration=5.0)
    screen.playback.effects.append(tag)
    screen.previews.update = lambda: None  # keep the tooltip as set for this frame
    app.run_frames(1)
    pixels = pygame.surfarray.pixels3d(app.surface)
    magenta = (pixels[..., 0] > 200) & (pixels[..., 1] < 60) & (pixels[..., 2] > 200)
    assert magenta.any()  # the tag's colour is on screen, not under the tooltip
    del pixels


def test_end_turn_asks_then_the_ai_plays_and_the_turn_comes_back(battle, tmp_path):
    app, screen = battle
    key(app, pygame.K_RETURN)
    assert isinstance(app.top, ConfirmScreen)
    key(app, pygame.K_ESCAPE)  # No
    assert app.top is screen and screen.session.state.phase == "coalition"
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)  # Yes
    state = screen.session.state
    assert run_until(app, lambda: state.turn == 2 and state.phase == "coalition", 3000)
    app.run_frames(2)
    assert any(e.kind == "phase" and "ISIL phase" in e.text for e in screen.session.log)
    assert list(tmp_path.glob("al-qadisiyah-*-auto002*"))  # the autosave of the new turn
    assert app.errors == []


def test_quick_save_and_quick_load(battle, tmp_path):
    app, screen = battle
    unit = next(u for u in screen.session.state.units_of(Side.COALITION) if u.ap >= 4)
    click(app, _show(screen, unit.pos))
    key(app, pygame.K_o)  # the overwatch mode
    key(app, pygame.K_o)  # O again: all round
    assert screen.session.state.units[unit.id].overwatch_ap > 0
    key(app, pygame.K_F5)
    assert screen.session.quicksave_path.exists()
    assert screen.session.quicksave_path.parent == tmp_path
    saved_hash = screen.session.state.state_hash()
    key(app, pygame.K_F9)
    assert isinstance(app.top, BattleScreen) and app.top is not screen
    assert app.top.session.state.state_hash() == saved_hash


def test_tools_help_and_pause_menu(battle):
    app, screen = battle
    key(app, pygame.K_g)
    assert screen.overlays.show_grid
    key(app, pygame.K_TAB)
    key(app, pygame.K_l)
    assert screen.los_tool and screen.overlays.los is not None
    key(app, pygame.K_F1)
    assert isinstance(app.top, HelpScreen)
    key(app, pygame.K_ESCAPE)
    for _ in range(3):  # Esc: leave the sight tool, then deselect, then pause
        key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, PauseScreen)
    key(app, pygame.K_RETURN)  # Resume
    assert app.top is screen


def test_greyed_out_actions_carry_the_commands_refusal(battle):
    app, screen = battle
    key(app, pygame.K_TAB)
    unit = screen.selected_unit()
    assert unit is not None
    button = screen.bar.buttons["undo"]
    assert not button.is_enabled
    assert "undone" in button.tool_tip_text
    unit.ap = 1  # too few for a shot
    key(app, pygame.K_g)  # any key: the bar is refreshed
    fire = screen.bar.buttons["fire"]
    assert not fire.is_enabled and "AP" in fire.tool_tip_text


def test_a_resized_window_lays_the_battle_out_again(battle):
    app, screen = battle
    pygame.display.set_mode((1024, 768), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1024, y=768))
    app.run_frames(2)
    assert app.size == (1024, 768)
    assert screen.camera.view.right == screen.layout()["map"].right < 1024
    assert screen.bar.end_button is not None and screen.bar.end_button.rect.bottom <= 768
    assert app.errors == []


def test_the_log_keeps_unseen_enemy_moves_hidden(battle):
    _app, screen = battle
    from game.sim.events import Event, EventKind

    state = screen.session.state
    hidden = next(u for u in state.units_of(Side.ISIL) if not screen.session.sees(u.id))
    seen = next(u for u in state.units_of(Side.ISIL) if screen.session.sees(u.id))
    own = state.units_of(Side.COALITION)[0]
    assert not screen.messages.shown_in_log(Event(EventKind.MOVED, "x", unit=hidden.id))
    assert screen.messages.shown_in_log(Event(EventKind.MOVED, "x", unit=seen.id))
    assert screen.messages.shown_in_log(Event(EventKind.FIRED, "x", unit=hidden.id, target=own.id))
    assert screen.messages.shown_in_log(Event(EventKind.PHASE, "turn 1: isil phase"))


def test_r_replays_the_last_enemy_phase(battle):
    app, screen = battle
    key(app, pygame.K_r)
    assert "no enemy phase" in screen.status
    key(app, pygame.K_RETURN)
    key(app, pygame.K_RETURN)  # Yes
    state = screen.session.state
    assert run_until(app, lambda: state.turn == 2 and not screen.playback.queue, 3000)
    assert screen.enemy_phase.steps  # the AI's commands of its phase were kept
    app.settings.enemy_speed = "normal"
    key(app, pygame.K_r, frames=1)
    assert screen.playback.replaying and screen.playback.queue
    key(app, pygame.K_SPACE)  # skip
    app.run_frames(2)
    assert not screen.playback.queue and not screen.playback.replaying
    assert app.errors == []


def test_an_area_attack_near_civilians_asks_first(tmp_path, ruleset):
    from game.commands import LaunchDrone

    app = make_app(tmp_path, enemy_speed="instant")
    session = BattleSession.open(MAP, ruleset, seed=1, player_side=Side.ISIL)
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    state = session.state
    assert run_until(app, lambda: state.phase == "isil" and not screen.playback.queue, 3000)
    assert run_until(app, lambda: isinstance(app.top, TurnSummaryScreen), 10)
    key(app, pygame.K_RETURN)  # the summary of the coalition's phase, dismissed
    assert app.top is screen
    drone = next(u for u in state.units_of(Side.ISIL) if "launch_drone" in u.actions)
    target = next(
        p
        for p in sorted(state.civilians)
        if isinstance(LaunchDrone(drone.id, p).validate(state), Ok)
    )
    screen.orders.select(drone.id)
    key(app, pygame.K_n)  # drone mode
    assert screen.mode == "drone"
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=_show(screen, target), button=1)
    )
    app.run_frames(2)
    assert isinstance(app.top, ConfirmScreen) and "Civilians" in app.top.title
    uses = state.units[drone.id].actions["launch_drone"]
    key(app, pygame.K_ESCAPE)  # No: nothing happens
    assert state.units[drone.id].actions["launch_drone"] == uses
    key(app, pygame.K_n)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=_show(screen, target), button=1)
    )
    app.run_frames(2)
    assert isinstance(app.top, ConfirmScreen)
    key(app, pygame.K_y)  # Yes
    assert state.units[drone.id].actions["launch_drone"] == uses - 1
    assert app.errors == []
    app.close()


def test_number_keys_choose_the_weapon_used_for_fire_and_preview(battle):
    app, screen = battle
    state = screen.session.state
    team = next(
        u for u in state.units_of(Side.COALITION) if len(state.ruleset.units[u.type_id].weapons) > 1
    )
    weapons = state.ruleset.units[team.type_id].weapons
    screen.orders.select(team.id)
    assert screen.orders.weapon_of(team) == weapons[0]
    key(app, pygame.K_2)
    assert screen.orders.weapon_of(team) == weapons[1]
    assert screen.orders.fire_at(team, team.pos).weapon == weapons[1].id
    key(app, pygame.K_9)  # no ninth weapon: unchanged
    assert screen.orders.weapon_of(team) == weapons[1]


def test_a_car_bomb_alert_cannot_be_missed(battle):
    app, screen = battle
    from game.sim.events import Event, EventKind

    bomb = next(u for u in screen.session.state.units.values() if u.type_id == "vbied")
    event = Event(EventKind.VBIED_ALERT, "car bomb!", unit=bomb.id, pos=bomb.pos)
    screen.playback.animate([event], player=False, before={})
    app.run_frames(2)
    assert screen.playback.alert == "CAR BOMB SPOTTED!" and screen.playback.alert_left > 0
    assert screen.camera.shows(bomb.pos, margin=0)  # the camera went to it
    area = screen.layout()["map"]
    banner = app.surface.get_at((area.x + 20, area.y + area.h // 5 + 35))
    assert banner[0] > 100 and banner[1] < 80  # a red band across the map view


def test_objective_news_is_heard(battle):
    _app, screen = battle
    from game.sim.events import Event, EventKind

    heard: list[str] = []

    class Ear:
        volume = 1.0

        def play(self, name: str) -> None:
            heard.append(name)

    screen.playback.sounds = Ear()
    own, enemy = Side.COALITION, Side.ISIL
    news = [
        Event(EventKind.OBJECTIVE_HELD, "'Junction' held 1/4", objective=1, side=own),
        Event(EventKind.OBJECTIVE_HOLD_BROKEN, "'Junction' lost: 0/4", objective=1, side=own),
        Event(EventKind.OBJECTIVE_COMPLETE, "ISIL objective 'Mosque' complete", side=enemy),
    ]
    screen.playback.animate(news, player=False, before={})
    assert heard == ["objective_gained", "objective_lost", "objective_lost"]
