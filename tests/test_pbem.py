"""Play by email: a game of turn files between two players, each turn opened in a fresh
process, ends where the same commands end in one process; tampered, foreign, old and
wrong-side turn files are refused with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.commands import command_from_dict
from game.commands.command_log import RecordedBattle
from game.core.paths import MAPS_DIR
from game.core.values import Side
from game.play.pbem import new_game, open_turn, play_phase_with_ai, send_turn
from game.saves.turn_files import TurnError, read_turn
from game.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent
MAP = MAPS_DIR / "qadisiyah.tmx"


def _pbem(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [sys.executable, "main.py", "pbem", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_three_turns_by_turn_files_in_fresh_processes_end_as_in_one(tmp_path, ruleset):
    turn = tmp_path / "game.sbt.json"
    made = _pbem("new", str(MAP), "--out", str(turn), "--seed", "4", "--secret", "olive")
    assert made.returncode == 0, made.stderr
    players = {Side.COALITION: tmp_path / "coalition", Side.ISIL: tmp_path / "isil"}
    for _turn in range(3):
        for side in (Side.COALITION, Side.ISIL):
            done = _pbem(
                "play", str(turn), "--secret", "olive", "--side", side.value,
                "--folder", str(players[side]),
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
    final = read_turn(turn, "olive")
    assert final.sequence == 6 and final.to_move is Side.COALITION
    # the same commands in one process reach the hash the last turn file recorded
    battle = RecordedBattle.start(load_scenario(MAP, ruleset), ruleset, 4)
    for data in final.log.commands:
        verdict, _ = battle.execute(command_from_dict(data))
        assert verdict, data
    assert battle.state.turn == 4
    assert battle.state.state_hash() == final.log.state_hash != ""


def test_tampered_foreign_old_and_wrong_side_turns_are_refused(tmp_path, ruleset):
    first = tmp_path / "first.sbt.json"
    new_game(MAP, ruleset, 2, "olive", first)
    coalition, isil = tmp_path / "c", tmp_path / "i"
    opened = open_turn(first, "olive", ruleset, coalition, Side.COALITION)
    play_phase_with_ai(opened)
    second = tmp_path / "second.sbt.json"
    send_turn(opened, "olive", coalition, second)
    # tampered: an order changed by hand (the document's checksum recomputed, as an editor
    # who knows the format would do) is refused by the signature
    document = json.loads(second.read_text())
    body = document["street_by_street_save"]
    body["log"]["commands"][0] = {"kind": "end_turn", "side": "coalition"}
    from game.saves.save_files import _checksum

    document["checksum"] = _checksum(body)
    tampered = tmp_path / "tampered.sbt.json"
    tampered.write_text(json.dumps(document))
    with pytest.raises(TurnError, match="not signed with this game's secret"):
        open_turn(tampered, "olive", ruleset, isil, Side.ISIL)
    # foreign: another game's turn (another secret)
    other = tmp_path / "other.sbt.json"
    new_game(MAP, ruleset, 9, "walnut", other)
    with pytest.raises(TurnError, match="not signed with this game's secret"):
        open_turn(other, "olive", ruleset, isil, Side.ISIL)
    # the ISIL player opens the real turn and plays it
    theirs = open_turn(second, "olive", ruleset, isil, Side.ISIL)
    play_phase_with_ai(theirs)
    third = tmp_path / "third.sbt.json"
    send_turn(theirs, "olive", isil, third)
    with pytest.raises(TurnError, match="an old turn"):  # the same turn opened again
        open_turn(second, "olive", ruleset, isil, Side.ISIL)
    with pytest.raises(TurnError, match="for the Coalition player, and you play ISIL"):
        open_turn(third, "olive", ruleset, isil, Side.ISIL)  # the turn just sent
    assert open_turn(third, "olive", ruleset, coalition).side is Side.COALITION


def test_the_pbem_command_line_gives_messages(tmp_path):
    missing = _pbem("open", str(tmp_path / "nothing.sbt.json"), "--secret", "olive")
    assert missing.returncode == 1 and "no such" in missing.stderr.lower()
    assert "Traceback" not in missing.stderr


def test_a_turn_opened_in_the_window_replays_the_opponent_and_sends_the_next(tmp_path, ruleset):
    from game.client.basic_screens import NoticeScreen
    from game.client.battle.screen import BattleScreen
    from game.client.battle_session import BattleSession, PbemGame
    from game.client.menu_screens import MainMenuScreen
    from tests.ui_driver import close_messages, make_app, run_until

    first = tmp_path / "first.sbt.json"
    new_game(MAP, ruleset, 5, "olive", first)
    opened = open_turn(first, "olive", ruleset, tmp_path / "c", Side.COALITION)
    play_phase_with_ai(opened)
    second = tmp_path / "second.sbt.json"
    send_turn(opened, "olive", tmp_path / "c", second)
    isil = tmp_path / "i"
    mine = open_turn(second, "olive", ruleset, isil, Side.ISIL)
    session = BattleSession.open_pbem(PbemGame(mine, "olive", isil, second), ruleset)
    assert session.viewer is Side.ISIL and not session.ais
    state = session.state
    hidden = [u for u in state.units_of(Side.COALITION) if u.id not in state.spotted[Side.ISIL]]
    assert hidden and not any(session.sees(u.id) for u in hidden)
    app = make_app(tmp_path, enemy_speed="fast", turn_summary=False)
    app.push(MainMenuScreen())
    screen = BattleScreen(session)
    app.push(screen)
    close_messages(app)
    assert screen.playback.replaying or screen.enemy_phase.steps  # the coalition's phase
    screen.playback.skip()
    screen.orders.end_turn(confirmed=True)
    assert run_until(app, lambda: isinstance(app.top, NoticeScreen), 400)
    assert "Send it to your opponent" in app.top.message
    sent = read_turn(second, "olive")
    assert sent.sequence == 2 and sent.to_move is Side.COALITION
    assert open_turn(second, "olive", ruleset, tmp_path / "c").side is Side.COALITION
    assert app.errors == []
    app.close()


def test_play_by_email_from_the_main_menu(tmp_path, ruleset):
    from game.client.battle.screen import BattleScreen
    from game.client.menu_screens import MainMenuScreen
    from game.client.pbem_screen import PbemScreen
    from tests.ui_driver import click, make_app

    app = make_app(tmp_path, enemy_speed="instant")
    app.push(MainMenuScreen())
    app.run_frames(2)
    click(app, next(b for b in app.top.focus.buttons if b.text == "Play by e-mail").rect.center)
    menu = app.top
    assert isinstance(menu, PbemScreen)
    menu.secret.set_text("olive")
    click(app, next(b for b in menu.focus.buttons if b.text == "Start the new game").rect.center)
    battle = app.top
    assert isinstance(battle, BattleScreen) and battle.session.pbem is not None
    assert battle.session.player_side is Side.COALITION and not battle.session.ais
    files = list((tmp_path / "pbem").glob("*.sbt.json"))
    assert len(files) == 1 and files[0].name.endswith("-turn000.sbt.json")
    battle.orders.end_turn(confirmed=True)
    app.run_frames(5)
    sent = sorted((tmp_path / "pbem").glob("*-turn001.sbt.json"))
    assert sent and read_turn(sent[0], "olive").to_move is Side.ISIL
    assert isinstance(app.stack[0], MainMenuScreen)
    app.close()


def test_a_signed_turn_with_an_endless_number_is_refused(tmp_path, ruleset):
    """Only a holder of the secret could sign one, but it must still be a message."""
    from game.saves.save_files import write_document
    from game.saves.turn_files import _signature

    first = tmp_path / "first.sbt.json"
    turn = new_game(MAP, ruleset, 2, "olive", first)
    log = turn.log.to_dict()
    log["start"]["veterancy"] = {
        "u1": {"roster_id": "r1", "level": float("inf"), "accuracy_bonus": 0, "spotting_bonus": 0}
    }
    body = {"game_id": turn.game_id, "sequence": 1, "sender": "isil", "to_move": "coalition",
            "title": turn.title, "log": log}  # fmt: skip
    bad = tmp_path / "bad.sbt.json"
    write_document(bad, "turn", {**body, "signature": _signature(body, "olive")})
    with pytest.raises(TurnError, match=r"bad\.sbt\.json is incomplete or damaged"):
        read_turn(bad, "olive")
