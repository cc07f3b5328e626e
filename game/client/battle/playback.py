"""The playback of a battle's events on the battle screen: moves and effects queued and
stepped frame by frame, their sounds, the car bomb alert, and how fast the enemy is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.battle.state import BattleState
from game.client.battle_view import Effect
from game.client.sounds import SoundBank
from game.core.values import Side
from game.sim.events import Event, EventKind

if TYPE_CHECKING:
    from game.client.battle.screen import BattleScreen

ENEMY_SPEED = {"slow": 1.6, "normal": 1.0, "fast": 0.4, "instant": 0.0}
MOVE_STEP_S = 0.09  # seconds per tile of an animated move
ALERT_S = 3.5
TAG_S = 1.2  # seconds a hit or miss tag stays up in the enemy's phase (long enough to read)
# objective events: True when they are good news for the objective's side
OBJECTIVE_SOUNDS = {
    EventKind.OBJECTIVE_COMPLETE: True,
    EventKind.OBJECTIVE_HELD: True,
    EventKind.OBJECTIVE_FAILED: False,
    EventKind.OBJECTIVE_PENDING: False,
    EventKind.OBJECTIVE_HOLD_BROKEN: False,
}
# events shown as a grey cloud where they happened
PUFF_EVENTS = (EventKind.SMOKE, EventKind.COLLAPSED, EventKind.BERM_BUILT, EventKind.RUBBLE_CLEARED)


@dataclass
class Animation:
    """A queued piece of the playback of events (a move or an effect)."""

    kind: str  # "move" or "effect" or "pause"
    unit: str = ""
    path: tuple[tuple[int, int], ...] = ()
    effect: Effect | None = None
    duration: float = 0.0
    age: float = 0.0


def unit_positions(state: BattleState) -> dict[str, tuple[int, int]]:
    """Where every unit stands, for animating the moves of the events that follow."""
    return {uid: (u.pos.x, u.pos.y) for uid, u in state.units.items()}


class Playback:
    """The animation queue, the short-lived effects, the sounds and the alert banner."""

    def __init__(self, screen: BattleScreen) -> None:
        self.screen = screen
        self.queue: list[Animation] = []
        self.effects: list[Effect] = []
        self.alert = ""
        self.alert_left = 0.0
        self.skip_phase: tuple[int, str] | None = None
        self.replaying = False
        self.sounds: SoundBank | None = None

    def tune_sounds(self, volume: float) -> None:
        """Make the sound bank (again) when there is none or the volume changed."""
        if self.sounds is None or self.sounds.volume != volume:
            self.sounds = SoundBank(volume)

    def _speed(self, player: bool) -> float:
        if player:
            return 0.6
        settings = self.screen.app.settings
        state = self.screen.state
        if self.replaying:
            return max(0.4, ENEMY_SPEED.get(settings.enemy_speed, 1.0))
        if self.skip_phase == (state.turn, state.phase):
            return 0.0
        return ENEMY_SPEED.get(settings.enemy_speed, 1.0)

    def animate(
        self, events: list[Event], player: bool, before: dict[str, tuple[int, int]]
    ) -> None:
        """Queue moves, shots, hits and blasts the viewer can see; raise alerts."""
        speed = self._speed(player)
        session = self.screen.session
        state = session.state
        camera = self.screen.camera
        assert camera is not None
        self.screen.radio.hear(events, session.viewer)
        for event in events:
            where = event.pos
            if event.kind is EventKind.VBIED_ALERT and session.viewer is Side.COALITION:
                self.alert = "CAR BOMB SPOTTED!"
                self.alert_left = ALERT_S
                self._play("alert")
                if where is not None:
                    camera.centre_on(where)
            if event.kind in OBJECTIVE_SOUNDS and event.side is not None:
                good = OBJECTIVE_SOUNDS[event.kind] == (event.side is session.viewer)
                self._play("objective_gained" if good else "objective_lost")
            if speed <= 0:
                continue
            if event.kind is EventKind.FIRED:
                self._play("shot")
            elif event.kind is EventKind.BLAST:
                self._play("blast")
            if event.kind is EventKind.MOVED:
                uid = event.unit
                path = tuple((p.x, p.y) for p in event.path)
                if (
                    uid in state.units
                    and path
                    and (player or session.sees(uid) or session.player_side is None)
                ):
                    start = before.get(uid, path[0])
                    full = (start, *path)
                    self.queue.append(
                        Animation("move", uid, full, duration=MOVE_STEP_S * len(path) * speed)
                    )
                    if not player and not camera.shows(event.path[-1]):
                        camera.ease_to(event.path[-1])
            elif event.kind is EventKind.FIRED:
                shooter = state.units.get(event.unit)
                if shooter is not None and where is not None:
                    visible = player or session.sees(shooter.id) or session.player_side is None
                    if visible or session.fog[session.viewer].visible_now[where.y, where.x]:
                        fx = Effect(
                            "tracer",
                            (shooter.pos.x, shooter.pos.y),
                            (where.x, where.y),
                            colour=(255, 230, 150),
                            duration=0.25 * speed + 0.05,
                        )
                        self.queue.append(Animation("effect", effect=fx, duration=fx.duration))
            elif event.kind in (EventKind.HIT, EventKind.MISSED):
                target = state.units.get(event.target)
                if where is None and target is not None:
                    where = target.pos
                if where is not None:
                    hit = event.kind is EventKind.HIT
                    fx = Effect(
                        "text",
                        (where.x, where.y),
                        text=f"-{event.damage}" if hit else "miss",
                        colour=(255, 120, 100) if hit else (220, 220, 220),
                        duration=TAG_S * speed + 0.1 if player else TAG_S + 0.6 * speed,
                    )
                    self.effects.append(fx)
            elif event.kind in PUFF_EVENTS:
                if where is not None:
                    fx = Effect(
                        "puff",
                        (where.x, where.y),
                        radius=event.radius or 1.0,
                        duration=0.6 * speed + 0.1,
                    )
                    self.effects.append(fx)
            elif event.kind is EventKind.BLAST and where is not None:
                fx = Effect(
                    "blast",
                    (where.x, where.y),
                    radius=event.radius or 1.0,
                    duration=0.7 * speed + 0.1,
                )
                self.queue.append(Animation("effect", effect=fx, duration=fx.duration))
                if not camera.shows(where):
                    camera.ease_to(where)

    def _play(self, name: str) -> None:
        if self.sounds is not None:
            self.sounds.play(name)

    def skip(self) -> None:
        """Skip the rest of this phase's animations (Space)."""
        state = self.screen.state
        self.skip_phase = (state.turn, state.phase)
        self.queue.clear()
        overlays = self.screen.overlays
        overlays.positions.clear()
        overlays.effects = []

    def start_replay(self, steps: list[tuple[list[Event], dict[str, tuple[int, int]]]]) -> None:
        """Queue the animations of earlier steps again, at no less than a readable speed."""
        self.skip_phase = None
        self.replaying = True
        for events, before in steps:
            self.animate(events, player=False, before=before)

    def step(self, dt: float) -> None:
        """Advance the alert, the camera's glide, the queued animation and the effects."""
        self.alert_left = max(0.0, self.alert_left - dt)
        camera = self.screen.camera
        if camera is not None:
            camera.ease(dt)
        overlays = self.screen.overlays
        overlays.positions.clear()
        moving: set[str] = set()
        while self.queue:
            anim = self.queue[0]
            anim.age += dt
            if anim.kind == "move":
                steps = len(anim.path) - 1
                k = min(1.0, anim.age / max(1e-6, anim.duration))
                f = k * steps
                i = min(steps - 1, int(f))
                a, b = anim.path[i], anim.path[i + 1]
                frac = f - i
                overlays.positions[anim.unit] = (
                    a[0] + (b[0] - a[0]) * frac,
                    a[1] + (b[1] - a[1]) * frac,
                )
                moving.add(anim.unit)
            elif anim.effect is not None:
                anim.effect.age = anim.age
            if anim.age >= anim.duration:
                self.queue.pop(0)
                dt = 0.0
                continue
            break
        # units whose move is still queued stand at their start
        for anim in self.queue[1:]:
            if (
                anim.kind == "move"
                and anim.unit not in moving
                and anim.unit not in overlays.positions
            ):
                overlays.positions[anim.unit] = anim.path[0]
        for fx in self.effects:
            fx.age += dt if dt else 1 / 60
        self.effects = [fx for fx in self.effects if fx.age < fx.duration]
        current = [a.effect for a in self.queue[:1] if a.effect is not None]
        overlays.effects = current + self.effects
        if self.replaying and not self.queue:
            self.replaying = False
            self.screen.status = ""
