"""The AI's phase on the battle screen: one AI command per frame once the playback has caught
up, and the phase's steps kept to replay what the viewer could see of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.client.battle.playback import ALERT_S, unit_positions
from game.sim.events import Event
from game.sim.phase_report import PhaseReport, phase_report

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen


class EnemyPhase:
    """Steps the AI players through the session and remembers the last enemy phase."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.phase: tuple[int, str] | None = None
        self.steps: list[tuple[list[Event], dict[str, tuple[int, int]]]] = []

    def update(self) -> None:
        """On the AI's turn, give its next command when nothing is playing and an alert was read."""
        screen = self.screen
        playback = screen.playback
        if (
            screen.session.is_ai_turn()
            and not playback.queue
            and playback.alert_left <= ALERT_S - 1.5
            and (screen.camera is None or screen.camera.goal is None)  # the view has arrived
        ):
            self.step()

    def step(self) -> None:
        """Let the AI give one command and animate what came of it."""
        before = unit_positions(self.screen.state)
        phase = (self.screen.state.turn, self.screen.state.phase)
        step = self.screen.session.ai_step()
        if step.refused:
            return
        self.record(phase, step.events, before)
        self.screen.playback.animate(step.events, player=False, before=before)

    def record(
        self, phase: tuple[int, str], events: list[Event], before: dict[str, tuple[int, int]]
    ) -> None:
        """Keep a command's events as part of its phase (an AI's, or in hot-seat play the
        other player's), for the replay (R) and the summary the next player reads."""
        if phase != self.phase:
            self.phase = phase
            self.steps = []
        self.steps.append((events, before))

    def report(self) -> PhaseReport:
        """What the last enemy phase did, as the viewer knows it (its fog of war)."""
        screen = self.screen
        state = screen.state
        events = [e for events, _ in self.steps for e in events]
        return phase_report(
            events,
            screen.session.viewer,
            lambda uid: state.units[uid].side if uid in state.units else None,
            known=screen.messages.shown_in_log,
            name_of=lambda uid: state.units[uid].name if uid in state.units else uid,
        )

    def replay(self) -> None:
        """Play the last enemy phase's animations again (what you could see of it)."""
        screen = self.screen
        if not self.steps or screen.playback.queue:
            screen.status = "no enemy phase to replay yet" if not self.steps else ""
            return
        screen.playback.start_replay(self.steps)
        screen.status = "replaying the enemy phase (Space skips)"
