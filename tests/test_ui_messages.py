"""The scenario's messages in the battle screen: a window the player closes for a dialog, a
radio strip for the others, and only the side they are for reads them."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.client.basic_screens import NoticeScreen
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession
from game.commands import EndTurn
from game.core.paths import MAPS_DIR
from game.core.values import Side
from tests.ui_driver import click, key, make_app, run_until

TRIGGERS = """ <objectgroup id="90" name="triggers">
  <object id="9001" name="Opening" type="trigger" x="0" y="0" width="32" height="32">
   <properties>
    <property name="when" value="turn_start"/>
    <property name="then" value="message"/>
    <property name="text" value="Clear the market street before noon."/>
    <property name="speaker" value="Major Salim"/>
    <property name="dialog" type="bool" value="true"/>
   </properties>
  </object>
  <object id="9002" name="Radio" type="trigger" x="0" y="0" width="32" height="32">
   <properties>
    <property name="when" value="turn_start"/>
    <property name="turn" type="int" value="2"/>
    <property name="then" value="message"/>
    <property name="side" value="coalition"/>
    <property name="text" value="Drone over the mosque, keep under cover."/>
    <property name="speaker" value="Ops"/>
   </properties>
  </object>
  <object id="9003" name="Theirs" type="trigger" x="0" y="0" width="32" height="32">
   <properties>
    <property name="when" value="turn_start"/>
    <property name="turn" type="int" value="2"/>
    <property name="then" value="message"/>
    <property name="side" value="isil"/>
    <property name="text" value="Send the second car now."/>
   </properties>
  </object>
 </objectgroup>
"""


def _map(tmp_path: Path) -> Path:
    text = (MAPS_DIR / "arbajiyah.tmx").read_text(encoding="utf-8")  # a map without triggers
    text = text.replace('source="tilesets/', f'source="{MAPS_DIR.as_posix()}/tilesets/')
    text = text.replace("</map>", TRIGGERS + "</map>")
    path = tmp_path / "triggered.tmx"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dialog_opens_at_the_start_and_radio_messages_follow(tmp_path, ruleset):
    app = make_app(tmp_path, enemy_speed="instant", turn_summary=False)
    session = BattleSession.open(_map(tmp_path), ruleset, seed=1)
    screen = BattleScreen(session)
    app.push(screen)
    assert run_until(app, lambda: isinstance(app.top, NoticeScreen))
    notice = app.top
    assert notice.title == "Major Salim" and "market street" in notice.message
    key(app, pygame.K_RETURN)
    assert app.top is screen
    assert screen.radio.current is None  # the radio message waits for its turn
    session.execute(EndTurn(Side.COALITION))
    assert run_until(app, lambda: session.is_player_turn() and screen.radio.current is not None)
    assert screen.radio.current.text == "Drone over the mosque, keep under cover."
    app.run_frames(2)
    assert screen.radio_box is not None
    shown = [e.text for e in session.log if e.kind == "message" and screen.messages.listed(e)]
    assert "Send the second car now." not in shown  # ISIL's message is not the player's
    assert "Drone over the mosque, keep under cover." in shown
    click(app, screen.radio_box.center)  # read: a click puts it away
    assert screen.radio.current is None
    app.close()
