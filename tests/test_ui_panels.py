"""The battle screen's panels driven by real input: the roster (select, Tab, a unit placed on
overwatch given orders), the objectives list (scroll, go to an area), the log's filters and an
overwatch sector set by a click and by a drag."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.client.battle.screen import BattleScreen
from game.client.battle_dialogs import TurnSummaryScreen
from game.client.battle_session import BattleSession
from game.commands import StandDown
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from tests.ui_driver import click, close_messages, key, make_app, run_until


def _open(tmp_path: Path, ruleset, name: str) -> tuple:
    app = make_app(tmp_path, enemy_speed="instant")
    screen = BattleScreen(BattleSession.open(MAPS_DIR / f"{name}.tmx", ruleset, seed=1))
    app.push(screen)
    close_messages(app)
    return app, screen


@pytest.fixture
def bakr(tmp_path: Path, ruleset):
    app, screen = _open(tmp_path, ruleset, "al-bakr")
    yield app, screen
    app.close()


def _row(screen, unit_id):
    return next(rect for rect, uid in screen.roster.rows if uid == unit_id)


def _scroll_to(app, screen, unit_id):
    for _ in range(30):
        if any(uid == unit_id for _, uid in screen.roster.rows):
            return
        pygame.mouse.set_pos(screen.roster.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        app.run_frames(1)
    raise AssertionError(f"{unit_id} never came into the roster")


def test_an_overwatch_unit_picked_from_the_roster_stands_down_and_moves(bakr):
    app, screen = bakr
    state = screen.session.state
    sniper = state.units["u24"]  # placed on overwatch: no AP, a reserve of 10
    assert sniper.overwatch_ap == 10 and sniper.ap == 0
    _scroll_to(app, screen, sniper.id)
    click(app, _row(screen, sniper.id).center)
    assert screen.selected == sniper.id
    assert screen.camera.shows(sniper.pos, margin=0)  # the camera went to it (a map edge row)
    reach = screen.previews.move_range()
    assert reach, "a unit on overwatch can be moved: its reserve is its AP"
    dest = min(reach, key=lambda p: (reach[p], p.y, p.x))
    click(app, screen.camera.tile_rect(dest).center)
    assert sniper.pos == dest and sniper.overwatch_ap == 0
    kinds = [e.kind for e in screen.session.log[-4:]]
    assert "stood_down" in kinds and "moved" in kinds
    assert screen.status == ""  # no "already on overwatch" refusal


def test_tab_stops_at_units_that_can_act_including_those_placed_on_overwatch(bakr):
    app, screen = bakr
    state = screen.session.state
    seen = set()
    for _ in range(40):
        key(app, pygame.K_TAB)
        seen.add(screen.selected)
    own = [u for u in state.units_of(Side.COALITION)]
    assert {"u24", "u29", "u33"} <= seen  # the units placed on overwatch
    assert seen == {u.id for u in own if u.ap > 0 or u.overwatch_ap > 0}


def test_the_roster_shows_every_unit_and_its_state(bakr):
    app, screen = bakr
    shown = set()
    for _ in range(30):
        shown |= {uid for _, uid in screen.roster.rows}
        pygame.mouse.set_pos(screen.roster.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        app.run_frames(1)
    own = {u.id for u in screen.session.state.units.values() if u.side is Side.COALITION}
    alive = {uid for uid in own if screen.session.state.units[uid].alive}
    assert shown == alive


def test_the_objectives_list_scrolls_and_a_click_goes_to_the_area(bakr):
    app, screen = bakr
    listed = screen.objective_list.objectives()
    assert len(listed) == 6  # Al-Bakr's coalition objectives
    seen = {o.object_id for _, o in screen.objective_list.rows}
    assert len(seen) < 6  # the panel holds fewer than six lines at 1280x720...
    for _ in range(6):
        pygame.mouse.set_pos(screen.objective_list.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        app.run_frames(1)
        seen |= {o.object_id for _, o in screen.objective_list.rows}
    assert seen == {o.object_id for o in listed}  # ...and the wheel brings up the rest
    rect, objective = screen.objective_list.rows[-1]
    screen.camera.centre_on(TilePos(0, 0))
    click(app, rect.center)
    assert any(screen.camera.shows(p, margin=0) for p in objective.tiles)


def test_the_objectives_list_marks_a_kept_objective_ok_while_it_holds(tmp_path, ruleset):
    app, screen = _open(tmp_path, ruleset, "training")
    try:
        app.run_frames(1)
        civilians = "Spare the civilians - 0 harmed, at most 0"
        assert f"[ok] {civilians}" in screen.objective_list.lines  # kept so far
        assert "[  ] Reach the corner" in screen.objective_list.lines  # still to do
        spare = next(o for o in screen.state.objectives if o.name == "Spare the civilians")
        screen.state.objective_status[spare.object_id] = "failed"
        app.run_frames(1)
        assert f"[failed] {civilians}" in screen.objective_list.lines
    finally:
        app.close()


def test_the_log_filters_show_only_their_kind(bakr):
    app, screen = bakr
    screen.orders.end_turn(confirmed=True)
    app.run_frames(120)
    box = screen.messages.box
    everything = box.html_text
    click(app, screen.messages.buttons["Civilians"].rect.center)
    civilians = screen.messages.box.html_text
    assert "moved" not in civilians and "fired" not in civilians
    assert "Turn" in civilians  # turn lines stay to place the messages in time
    click(app, screen.messages.buttons["Moves"].rect.center)
    assert "moved" in screen.messages.box.html_text
    click(app, screen.messages.buttons["All"].rect.center)
    assert screen.messages.box.html_text.count("<br>") >= everything.count("<br>")


def test_a_sector_is_set_by_a_click_or_a_drag_and_shown(bakr):
    app, screen = bakr
    state = screen.session.state
    unit = next(u for u in state.units_of(Side.COALITION) if u.ap >= 8 and u.overwatch_ap == 0)
    screen.orders.select(unit.id)
    screen.camera.centre_on(unit.pos)
    app.run_frames(1)
    key(app, pygame.K_o)
    assert screen.mode == "sector"
    a = TilePos(unit.pos.x + 4, unit.pos.y)
    b = TilePos(unit.pos.x + 4, unit.pos.y - 3)
    pa, pb = screen.camera.tile_rect(a).center, screen.camera.tile_rect(b).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pa, rel=(0, 0), buttons=(0, 0, 0)))
    app.run_frames(1)
    assert screen.overlays.sectors and screen.overlays.sectors[0][2]  # the arc being set shows
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pa, button=1))
    app.run_frames(1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pb, rel=(0, 0), buttons=(1, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pb, button=1))
    app.run_frames(2)
    sector = state.units[unit.id].sector
    assert sector is not None and state.units[unit.id].overwatch_ap > 0
    assert sector.covers(unit.pos, a) and sector.covers(unit.pos, b)
    assert not sector.covers(unit.pos, TilePos(unit.pos.x - 4, unit.pos.y))
    assert screen.mode == "move"
    assert screen.overlays.sectors == [(unit.pos, sector, False)]  # the set sector stays shown


def test_overwatch_that_could_never_fire_is_refused_before_any_mode(bakr):
    app, screen = bakr
    state = screen.session.state
    sniper = state.units["u24"]
    screen.orders.select(sniper.id)
    screen.session.execute(StandDown(sniper.id))
    sniper.ap = 3  # one short of a shot of its rifle
    key(app, pygame.K_o)
    assert screen.mode == "move"
    assert "overwatch could never fire" in screen.status


def test_after_the_enemy_phase_a_summary_counts_what_happened(tmp_path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant")
    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=3)
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    state = session.state
    busy = 0
    for _turn in range(4):
        start = len(session.log)
        screen.orders.end_turn(confirmed=True)
        assert run_until(app, lambda: isinstance(app.top, TurnSummaryScreen), 3000)
        summary = app.top
        phase = session.log[start:]
        isil = [i for i, e in enumerate(phase) if e.kind == "phase" and e.side is Side.ISIL]
        enemy = phase[isil[0] :]  # the ISIL phase and the environment phase after it
        seen = [e for e in enemy if screen.messages.shown_in_log(e)]
        report = summary.report
        own_lost = [e.unit for e in enemy if e.kind == "destroyed" and e.side is Side.COALITION]
        hits = [
            e for e in enemy if e.kind == "hit" and state.units[e.target].side is Side.COALITION
        ]
        assert report.own_losses == own_lost
        assert (report.own_hits, report.own_damage) == (len(hits), sum(e.damage for e in hits))
        harmed = sum(e.count for e in enemy if e.kind == "civilian_casualties")
        assert sum(report.civilian_casualties.values()) == harmed
        enemy_lost = [e for e in seen if e.kind == "destroyed" and e.side is Side.ISIL]
        assert report.enemy_losses == len(enemy_lost)
        launched = [e for e in seen if e.kind == "drone_launched"]
        assert report.drones.get("launched", 0) == len(launched)
        lines = ["A quiet phase: nothing you saw."] if report.quiet else report.lines()
        assert all(line in summary.message for line in lines)
        busy += not report.quiet
        key(app, pygame.K_RETURN)
        assert app.top is screen
    assert busy  # some phase had something to report
    app.close()


def test_the_legend_and_the_briefing_open_during_the_battle(bakr):
    app, screen = bakr
    from game.client.basic_screens import NoticeScreen
    from game.client.battle.legend import ENTRIES, LegendScreen

    pygame.event.post(
        pygame.event.Event(
            pygame.KEYDOWN, key=pygame.K_SLASH, mod=pygame.KMOD_SHIFT, unicode="?", scancode=0
        )
    )
    app.run_frames(2)
    assert isinstance(app.top, LegendScreen)
    meanings = " ".join(m for _, m in ENTRIES)
    for mark in ("Move range", "Seen by the enemy", "overwatch", "Car-bomb alert", "ghost",
                 "Sight tool", "Smoke", "Objective areas", "sector", "Early warning",
                 "known enemy overwatch", "known enemy sniper", "Cover"):  # fmt: skip
        assert mark in meanings
    before = pygame.surfarray.array3d(app.surface).copy()
    key(app, pygame.K_ESCAPE)
    assert app.top is screen
    assert (pygame.surfarray.array3d(app.surface) != before).any()  # the legend was drawn
    key(app, pygame.K_i)
    assert isinstance(app.top, NoticeScreen)
    assert screen.session.scenario.briefing.split("\n")[0][:40] in app.top.message
    assert "Your objectives" in app.top.message
    key(app, pygame.K_RETURN)
    assert app.top is screen
