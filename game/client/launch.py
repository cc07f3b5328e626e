"""Entry points of the client for the command line: the menu, one battle, a screenshot."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from game.client.app import App
from game.client.battle.screen import BattleScreen
from game.client.battle_session import BattleSession, PbemGame
from game.client.menu_screens import BriefingScreen, MainMenuScreen, open_campaign
from game.client.navigation import ScreenNavigator
from game.client.session_error import SessionError
from game.client.settings import Settings
from game.client.watch import WatchScreen
from game.core.problems import ScenarioError
from game.core.values import Side
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset, load_ruleset
from game.scenario.loader import load_scenario


def run_menu() -> int:
    """Open the window on the main menu and run until the player quits."""

    app = App(navigator=ScreenNavigator())
    app.push(MainMenuScreen())
    _run(app)
    return 0


def run_campaign() -> int:
    """Open the window on the next campaign mission's briefing."""

    app = App(navigator=ScreenNavigator())
    app.push(MainMenuScreen())
    app.apply(open_campaign(app))
    _run(app)
    return 0


def headless() -> bool:
    """Whether SDL has no real display (the dummy driver): nobody could use the window."""
    return os.environ.get("SDL_VIDEODRIVER", "") == "dummy"


def _run(app: object) -> None:
    """Run the loop; with no display, draw a few frames and stop (tests, CI)."""

    assert isinstance(app, App)
    if headless():
        app.run_frames(3)
        app.close()
        print("No display (SDL_VIDEODRIVER=dummy): drew the first frames and exited.")
        return
    app.run()


def _side(value: str | None) -> Side | None:
    return Side(value) if value else None


def run_play(
    path: Path, seed: int, side: str | None, difficulty: str, watch: bool, hotseat: bool = False
) -> int:
    """Open one battle in a window (with --watch, reload the map when its file changes)."""

    if not path.exists():
        print(f"play: {path}: no such map file", file=sys.stderr)
        return 2
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        for message in err.problems:
            print(message, file=sys.stderr)
        return 1
    app = App(navigator=ScreenNavigator())
    try:
        open_battle(app, path, ruleset, seed, _side(side), difficulty, watch, hotseat)
    except ScenarioError as exc:
        app.close()
        print(f"play: {path} cannot be played:\n{exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        app.close()
        print(f"play: {exc}", file=sys.stderr)
        return 2
    _run(app)
    return 0


def open_battle(
    app: App,
    path: Path,
    ruleset: Ruleset,
    seed: int,
    side: Side | None,
    difficulty: str,
    watch: bool = False,
    hotseat: bool = False,
) -> None:
    """Put one battle's screens on the app over the main menu: its briefing (Start opens
    the battle with these choices), or with `watch` the map watcher."""
    app.ruleset = ruleset
    app.push(MainMenuScreen())
    if watch:
        app.push(WatchScreen(path, ruleset, seed, side, difficulty))
        return
    scenario = load_scenario(path, ruleset)
    if scenario.fixed_side and (hotseat or (side is not None and side is not scenario.player_side)):
        raise ValueError(
            f"{path.name} is played as {scenario.player_side.value} only (its map property "
            f"fixed_side): leave out --side and --hotseat"
        )
    briefing = BriefingScreen(path, scenario, seed=seed)
    briefing.side = side or scenario.player_side
    briefing.difficulty = difficulty
    briefing.hotseat = hotseat
    app.push(briefing)


def run_pbem_open(path: Path, secret: str, side: str | None, folder: Path, out: str | None) -> int:
    """Open a play-by-email turn file in the window: the opponent's phase is replayed from
    your side, you play yours, and your turn file is written when you end it."""
    from game.play.pbem import open_turn
    from game.saves.turn_files import TurnError

    try:
        ruleset = load_ruleset()
        opened = open_turn(path, secret, ruleset, folder, _side(side))
        game = PbemGame(opened, secret, folder, Path(out) if out else path)
        session = BattleSession.open_pbem(game, ruleset)
    except (TurnError, SessionError) as exc:
        print(f"pbem: {exc}", file=sys.stderr)
        return 1
    except RulesError as exc:
        print(f"The rules files have problems:\n{exc}", file=sys.stderr)
        return 1
    app = App(navigator=ScreenNavigator())
    app.ruleset = ruleset
    app.push(MainMenuScreen())
    app.push(BattleScreen(session))
    _run(app)
    return 0


def play_turns(session: object, turns: int) -> None:
    """Let the AI play both sides until `turns` full turns have passed (or the battle ends)."""
    assert isinstance(session, BattleSession)
    while not session.state.over and session.state.turn <= turns:
        session.ai_step()


def render_screenshot(
    path: Path, out: Path, seed: int, turn: int, size: tuple[int, int], select: bool = True
) -> Path:
    """Render the battle view after `turn` turns of AI play to a PNG with no window."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    ruleset = load_ruleset()
    session = BattleSession.open(path, ruleset, seed, ai_only=True)
    play_turns(session, turn)
    side = session.scenario.player_side
    session.player_side = side
    session.ais.pop(side, None)
    session.refresh_fog()
    app = App(
        settings=Settings(),
        settings_path=out.with_suffix(".settings.json"),
        size=size,
        navigator=ScreenNavigator(),
    )
    screen = BattleScreen(session)
    app.push(screen)
    app.run_frames(2)
    while app.top is not screen:  # the scenario's message windows, as if read
        app.pop()
        app.run_frames(1)
    if select and session.state.side_to_move is side:
        screen.orders.cycle_unit(1)
        app.run_frames(2)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.surface, str(out))
    except pygame.error as exc:  # the folder is read-only, the disk full, ...
        raise OSError(f"{exc}") from None
    finally:
        app.close()
    return out
