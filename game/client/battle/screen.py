"""The battle screen: the map view, the HUD and the turn banner, drawn each frame from the parts
it composes (action bar, orders, previews, input, minimap, playback, message log, enemy phase).

Every change to the battle goes through `BattleSession.execute` (commands); the screen only
reads the state to draw it and to preview (move range, path cost, hit chance).
"""

from __future__ import annotations

import pygame

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.client.app import Push, Replace, Reset, Screen, Transition
from game.client.basic_screens import NoticeScreen, ruleset_notice
from game.client.battle.enemy_phase import EnemyPhase
from game.client.battle.input import BattleInput
from game.client.battle.layout import ActionBar, screen_rects
from game.client.battle.message_log import MessageLog
from game.client.battle.minimap import Minimap
from game.client.battle.objective_list import ObjectiveList
from game.client.battle.orders import SECTOR_HELP, Orders
from game.client.battle.playback import Playback
from game.client.battle.previews import Previews
from game.client.battle.radio import Radio, message_title
from game.client.battle.roster import RosterPanel
from game.client.battle_dialogs import DebriefScreen, HandOverScreen, TurnSummaryScreen
from game.client.battle_session import BattleSession
from game.client.battle_view import BattleView, Overlays
from game.client.camera import Camera
from game.client.hud import draw_alert, draw_top_bar, draw_unit_panel, panel
from game.client.session_error import SessionError
from game.core.values import Side, TilePos
from game.saves.turn_files import TurnError
from game.sim.phase_report import PhaseReport

MODE_TITLES = {"sector": "OVERWATCH"}  # how a targeting mode is named on the map


class BattleScreen(Screen):
    """Play a battle: map, HUD, orders, the AI's phase, and the way to the debrief.

    The screen holds what its parts share: the session, view, camera and overlays, and what
    the player points at (the selected unit, the mode, the sight tool, the hovered tile, the
    keyboard map cursor) with the status line.
    """

    def __init__(self, session: BattleSession) -> None:
        super().__init__()
        self.session = session
        self.view: BattleView | None = None
        self.camera: Camera | None = None
        self.overlays = Overlays()
        self.mode = "move"
        self.los_tool = False
        self.selected: str | None = None
        self.hover: TilePos | None = None
        self.cursor: TilePos | None = None  # the keyboard map cursor
        self.cursor_on = False  # shown, and Enter acts on it
        self.status = ""
        self.hint = ""
        self.banner = ""
        self.banner_left = 0.0
        self.t = 0.0
        self._refresh_at = 0.0
        self.last_phase = (session.state.turn, session.state.phase)
        self.debrief_shown = False
        self.summary: PhaseReport | None = None  # shown once the enemy's phase has played
        self.bar = ActionBar(self)
        self.orders = Orders(self)
        self.previews = Previews(self)
        self.input = BattleInput(self)
        self.minimap = Minimap(self)
        self.playback = Playback(self)
        self.messages = MessageLog(self)
        self.enemy_phase = EnemyPhase(self)
        self.roster = RosterPanel(self)
        self.objective_list = ObjectiveList(self)
        self.radio = Radio()
        self.radio_box: pygame.Rect | None = None  # the message strip shown (a click hides it)

    @property
    def s(self) -> float:
        """UI scale."""
        return self.app.settings.ui_scale

    @property
    def state(self) -> BattleState:
        """The battle state now."""
        return self.session.state

    def layout(self) -> dict[str, pygame.Rect]:
        """Screen rectangles of the map view and HUD parts."""
        return screen_rects(self.app.size, self.s)

    def selected_unit(self) -> UnitState | None:
        """The selected unit when it is still on the map."""
        if self.selected is None:
            return None
        unit = self.state.units.get(self.selected)
        return unit if unit is not None and unit.on_map else None

    def build(self) -> None:
        """Create the view (first time), the action bar and the message log."""
        rects = self.layout()
        self.session.save_dir = self.app.save_dir
        self.playback.tune_sounds(self.app.settings.volume)
        if self.view is None:
            self.view = BattleView(self.session, self.app.text, self.app.palette)
        else:
            self.view.text, self.view.palette = self.app.text, self.app.palette
        if self.camera is None:
            self.radio.hear(self.session.log, self.session.viewer)  # the battle's first words
            state = self.session.state
            self.camera = Camera((state.grid.width, state.grid.height_tiles), rects["map"], 32)
            own = state.units_of(self.session.viewer)
            if own:
                cx = sum(u.pos.x for u in own) // len(own)
                cy = sum(u.pos.y for u in own) // len(own)
                self.camera.centre_on(TilePos(cx, cy))
            if self.session.is_player_turn() and self.selected is None:
                ready = [u for u in own if u.ap > 0]
                self.selected = ready[0].id if ready else None  # a first unit, ready to order
        else:
            self.camera.set_view(rects["map"])
        self.bar.build(rects)
        self.messages.build(rects["log"], rects["log_filter"])
        if self.session.opponent_phase:  # play by email: show what the opponent did, as seen
            self.enemy_phase.steps = self.session.opponent_phase
            self.session.opponent_phase = []
            self.playback.start_replay(self.enemy_phase.steps)
            self.status = "your opponent's phase, as your side saw it (Space skips, R replays)"
        self.minimap.reset(rects["minimap"])
        self.bar.refresh()

    def on_resize_covered(self) -> None:
        """Resized beneath a dialog (the pause menu): the map view and minimap follow now."""
        rects = self.layout()
        if self.camera is not None:
            self.camera.set_view(rects["map"])
        self.minimap.reset(rects["minimap"])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """Mouse and keyboard: orders, selection, camera, tools, menus."""
        return self.input.handle_event(event)

    def quick_load(self) -> Transition | None:
        """Continue from the quick save."""
        path = self.session.quicksave_path
        if not path.exists():
            self.status = "no quick save yet (F5 saves)"
            return None
        try:
            session = BattleSession.load(path, self.session.ruleset)
        except SessionError as exc:
            return ruleset_notice("The quick save cannot be loaded", str(exc))
        return Replace(BattleScreen(session))

    def update(self, dt: float) -> Transition | None:
        """Animations, the AI's commands, camera scrolling, the end of the battle."""
        self.t += dt
        self.banner_left = max(0.0, self.banner_left - dt)
        self.playback.step(dt)
        self.radio.step(dt)
        self.input.scroll(dt)
        self.messages.sync()
        self.messages.scroll()
        phase = (self.state.turn, self.state.phase)
        if phase != self.last_phase:
            self.last_phase = phase
            self.bar.refresh()
            self._announce_phase()
            if self.session.pbem is not None and not self.session.is_player_turn():
                return self._send_pbem_turn()
            side = self.state.side_to_move
            if self.session.hotseat and side is not None:
                self.previews.update()  # the new player's selection, nothing of the last one's
                return Push(HandOverScreen(self.state.turn, side))  # the map stays hidden
        if self.radio.dialogs and not self.playback.queue:
            message = self.radio.next_dialog()
            assert message is not None
            return Push(NoticeScreen(message_title(message), message.text))
        if self.summary is not None and not self.playback.queue and not self.state.over:
            report, self.summary = self.summary, None
            turn = self.enemy_phase.phase[0] if self.enemy_phase.phase else self.state.turn
            return Push(TurnSummaryScreen(turn, report))
        if self.state.over:
            if not self.playback.queue and not self.debrief_shown:
                self.debrief_shown = True
                return Replace(DebriefScreen(self.session))
            return None
        self.enemy_phase.update()
        self.input.follow_view()
        self.previews.update()
        if self.t >= self._refresh_at:
            self._refresh_at = self.t + 0.5
            self.bar.refresh()
        self.hint = self.bar.hint()
        return None

    def _send_pbem_turn(self) -> Transition | None:
        """The player's phase of a play-by-email game is over: write the turn file for the
        opponent and go back to the menu (or to the debrief when the battle ended)."""
        game = self.session.pbem
        assert game is not None
        if game.sent:
            return None
        try:
            path = self.session.send_pbem_turn()
        except (TurnError, OSError) as exc:
            return Push(NoticeScreen("The turn file could not be written", str(exc)))
        if self.state.over:
            return None  # the debrief follows; the opponent's file shows them the end too
        self.app.apply(Reset(self.app.navigator.main_menu()))
        return Push(
            NoticeScreen(
                "Your turn is done",
                f"The turn file is {path}.\nSend it to your opponent; when their turn comes "
                "back, open it from Play by e-mail (or: pbem open FILE).",
            )
        )

    def _announce_phase(self) -> None:
        """A new phase began: show its banner; on the player's, autosave and find a unit."""
        side = self.state.side_to_move
        if side is not None:
            mine = side is self.session.player_side or self.session.hotseat
            whose = "your turn" if mine else "enemy turn"
            name = "Coalition" if side is Side.COALITION else "ISIL"
            self.banner = f"Turn {self.state.turn} - {name} phase ({whose})"
            self.banner_left = 1.6
        if self.session.is_player_turn():
            if self.session.hotseat:
                self.orders.select(None)  # the other player's unit is not this player's
            if self.app.settings.turn_summary and self.enemy_phase.steps:
                self.summary = self.enemy_phase.report()
            self.orders.ordered.clear()
            self.session.autosave()
            if self.selected_unit() is None:
                self.orders.cycle_unit(1)
            unit = self.selected_unit()
            if unit is not None and self.camera is not None:
                self.camera.centre_on(unit.pos)  # back to your units after the enemy's phase

    def draw(self, surface: pygame.Surface) -> None:
        """The map view, the HUD panels and the alert banner."""
        assert self.view is not None and self.camera is not None
        rects = self.layout()
        text = self.app.text
        size = max(10, round(15 * self.s))
        alert_left = self.playback.alert_left
        self.view.draw(surface, self.camera, self.overlays, self.t)
        draw_top_bar(surface, rects["top"], self.session, text, self.app.palette, size)
        note = self.hint or self.status
        if not note and self.session.is_ai_turn() and self.session.player_side is not None:
            note = "The enemy is moving - Space skips the animations"
        if self.banner_left > 0 and alert_left <= 0:
            strip = text.render(self.banner, round(size * 1.6), (255, 255, 255), bold=True)
            area = rects["map"]
            box = strip.get_rect(center=(area.centerx, area.y + area.h // 3))
            shade = pygame.Surface(box.inflate(60, 24).size, pygame.SRCALPHA)
            shade.fill((10, 12, 16, 190))
            surface.blit(shade, box.inflate(60, 24))
            surface.blit(strip, box)
        if note:
            label = text.render(note, size, (245, 240, 225))
            box = label.get_rect(bottomleft=(rects["map"].x + 10, rects["map"].bottom - 8))
            surface.fill((20, 22, 26), box.inflate(14, 6))
            pygame.draw.rect(surface, (90, 80, 60), box.inflate(14, 6), 1)
            surface.blit(label, box)
        panel(surface, rects["bar"])
        self.minimap.draw(surface, rects["minimap"])
        unit = self.selected_unit()
        weapon = self.orders.weapon_of(unit) if unit is not None else None
        draw_unit_panel(
            surface,
            rects["unit"],
            self.state,
            unit,
            text,
            self.app.palette,
            size,
            weapon.id if weapon is not None else "",
        )
        self.objective_list.draw(surface, rects["objectives"])
        self.roster.draw(surface, rects["roster"])
        if self.cursor_on and self.cursor is not None:
            frame = self.camera.tile_rect(self.cursor)
            if rects["map"].colliderect(frame):
                glow = (255, 230, 90) if int(self.t * 3) % 2 == 0 else (255, 255, 255)
                pygame.draw.rect(surface, glow, frame.inflate(4, 4).clip(rects["map"]), 3)
        self.radio_box = self.radio.draw(surface, rects["map"], text, size)
        if alert_left > 0:
            draw_alert(surface, rects["map"], self.playback.alert, text, self.t, self.app.palette)
        if self.mode != "move":
            how = "Enter at the cursor" if self.cursor_on else "click a target"
            if self.mode == "sector":
                how = SECTOR_HELP
            title = MODE_TITLES.get(self.mode, self.mode.upper())
            label = text.render(
                f"{title}: {how} - right click or Esc cancels",
                size,
                (255, 255, 255),
                True,
            )
            box = label.get_rect(midtop=(rects["map"].centerx, rects["map"].y + 8))
            surface.fill((60, 50, 30), box.inflate(14, 6))
            surface.blit(label, box)

    def crash_context(self) -> str:
        """The recent commands, for the error log."""
        return self.session.recent_commands()

    def on_exit(self) -> None:
        """Leave the battle."""
        super().on_exit()
