"""Designer mode's reload (`play --watch`): it watches the map's tilesets, templates and
images too, says on screen what changed, and keeps a battle's progress by replaying its
record onto the edited map when the designer agrees and the record still fits; otherwise
the battle restarts at turn 1 and the notice says why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame

from game.client.basic_screens import ConfirmScreen
from game.client.watch import WatchScreen
from game.commands import EndTurn
from game.core.paths import MAPS_DIR
from game.core.values import Side
from game.tiled.references import referenced_files
from tests.ui_driver import close_messages, key, make_app, run_until

MAP = MAPS_DIR / "qadisiyah.tmx"


def _watched_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    shutil.copytree(MAPS_DIR / "tilesets", folder / "tilesets")
    path = folder / "watched.tmx"
    path.write_text(MAP.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _open(tmp_path: Path, ruleset) -> tuple[object, WatchScreen, Path]:
    path = _watched_copy(tmp_path)
    app = make_app(tmp_path, enemy_speed="instant")
    screen = WatchScreen(path, ruleset, 1, None, "standard")
    app.push(screen)
    close_messages(app)
    assert screen.battle is not None and screen.reloads == 1
    return app, screen, path


def _play_into_turn_two(screen: WatchScreen) -> list[dict]:
    """Both sides end turn 1 (the player's side is to move again, so no AI runs)."""
    assert screen.battle is not None
    session = screen.battle.session
    for side in (Side.COALITION, Side.ISIL):
        verdict, _ = session.execute(EndTurn(side))
        assert verdict
    assert session.state.turn == 2
    return session.battle.log.commands


def test_the_files_a_map_refers_to_are_found(tmp_path):
    folder = tmp_path / "maps"
    shutil.copytree(MAPS_DIR / "tilesets", folder / "tilesets")
    (folder / "crate.tx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<template>\n'
        ' <tileset firstgid="1" source="tilesets/units.tsx"/>\n'
        ' <object name="crate" gid="1" width="32" height="32"/>\n</template>\n',
        encoding="utf-8",
    )
    text = MAP.read_text(encoding="utf-8")
    head, _, tail = text.partition("</objectgroup>")
    path = folder / "templated.tmx"
    path.write_text(
        head + ' <object id="999" template="crate.tx" x="0" y="0"/>\n </objectgroup>' + tail,
        encoding="utf-8",
    )
    found = {p.relative_to(folder.resolve()).as_posix() for p in referenced_files(path)}
    assert {"tilesets/urban.tsx", "tilesets/units.tsx", "crate.tx"} <= found
    assert {"tilesets/urban.png", "tilesets/units.png"} <= found  # the tilesets' images


def test_a_changed_tileset_reloads_the_battle_and_says_so(tmp_path, ruleset):
    app, screen, path = _open(tmp_path, ruleset)
    tileset = (path.parent / "tilesets" / "urban.tsx").resolve()
    assert tileset in screen.watched
    _edit(tileset, "<tileset ", "<tileset ")  # same text, new time stamp
    tileset.write_text(tileset.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_until(app, lambda: screen.reloads == 2, 60)
    assert screen.battle is not None
    assert "Reloaded: tilesets/urban.tsx changed" in screen.notice and screen.notice_left > 0
    assert app.errors == []
    app.close()


def test_the_progress_is_kept_when_the_designer_agrees(tmp_path, ruleset):
    app, screen, path = _open(tmp_path, ruleset)
    played = list(_play_into_turn_two(screen))
    _edit(path, 'name="title" value="Al-Qadisiyah"', 'name="title" value="Al-Qadisiyah (edited)"')
    assert run_until(app, lambda: isinstance(app.top, ConfirmScreen), 60)
    assert "still fit" in app.top.question and "turn 2" in app.top.question
    key(app, pygame.K_y)
    assert app.top is screen and screen.battle is not None
    session = screen.battle.session
    assert session.scenario.title == "Al-Qadisiyah (edited)"
    assert session.state.turn == 2 and session.battle.log.commands == played
    assert "progress was kept (turn 2)" in screen.notice
    assert app.errors == []
    app.close()


def test_the_designer_may_restart_at_turn_one_instead(tmp_path, ruleset):
    app, screen, path = _open(tmp_path, ruleset)
    _play_into_turn_two(screen)
    _edit(path, 'name="title" value="Al-Qadisiyah"', 'name="title" value="Edited"')
    assert run_until(app, lambda: isinstance(app.top, ConfirmScreen), 60)
    key(app, pygame.K_n)
    close_messages(app)  # restarted at turn 1: its first message again
    assert app.top is screen and screen.battle is not None
    assert screen.battle.session.state.turn == 1 and not screen.battle.session.battle.log.commands
    assert app.errors == []
    app.close()


def test_a_record_that_no_longer_fits_restarts_at_turn_one_and_says_why(tmp_path, ruleset):
    app, screen, path = _open(tmp_path, ruleset)
    _play_into_turn_two(screen)
    assert screen.battle is not None
    verdict, _ = screen.battle.session.execute(EndTurn(Side.COALITION))  # a turn 2 command
    assert verdict
    # the edited map ends after turn 1: the record's turn 2 command no longer fits
    _edit(path, 'name="turn_limit" type="int" value="14"', 'name="turn_limit" type="int" value="1"')
    assert run_until(app, lambda: screen.reloads == 2, 60)
    assert not isinstance(app.top, ConfirmScreen)
    assert screen.battle is not None and screen.battle.session.state.turn == 1
    assert "restarted at turn 1" in screen.notice and "command 3" in screen.notice
    assert app.errors == []
    app.close()


def test_progress_survives_an_invalid_save_in_between(tmp_path, ruleset):
    app, screen, path = _open(tmp_path, ruleset)
    _play_into_turn_two(screen)
    original = path.read_text(encoding="utf-8")
    _edit(path, 'value="isil_fighters"', 'value="isil_figters"')
    assert run_until(app, lambda: screen.reloads == 2, 60)
    assert screen.battle is None and "is not valid" in screen.notice
    path.write_text(original.replace("Al-Qadisiyah", "Al-Qadisiyah again", 1), encoding="utf-8")
    assert run_until(app, lambda: isinstance(app.top, ConfirmScreen), 60)
    key(app, pygame.K_y)
    assert screen.battle is not None and screen.battle.session.state.turn == 2
    assert app.errors == []
    app.close()
