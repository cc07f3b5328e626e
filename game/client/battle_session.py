"""One battle as the client runs it: the recorded battle, who plays which side, the AI,
each side's fog of war, the message log, quick save and load.

The client changes the battle only through `execute` (commands); everything it shows is
read from the state, the fog and the events here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from game.ai.player import AIPlayer, standard_players
from game.battle.start import BattleStart
from game.battle.state import BattleState
from game.client.campaign_flow import PROGRESS_NAME, CampaignRun
from game.client.session_error import SessionError
from game.commands import Command, Refusal, Verdict
from game.commands.command_log import CommandLog, RecordedBattle, ReplayError
from game.core.paths import SAVES_DIR
from game.core.problems import ScenarioError
from game.core.values import Side, TilePos
from game.play.match import Match, Step
from game.play.pbem import OpenedTurn
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset
from game.rules.sight_rules import default_sight_rules
from game.scenario.loader import load_scenario
from game.scenario.model import Scenario
from game.sim.events import Event, EventKind
from game.sim.fog import SideFog, side_visibility

if TYPE_CHECKING:
    from game.client.campaign_flow import CampaignRun


@dataclass
class PbemGame:
    """A play-by-email game being played: the turn opened, the secret, where the player's
    record of the game is kept and where their turn file goes."""

    opened: OpenedTurn
    secret: str
    folder: Path
    out: Path
    sent: bool = False


@dataclass
class BattleSession:
    """A battle in the client: state via commands, AI players, fog, log."""

    path: Path
    scenario: Scenario
    ruleset: Ruleset
    battle: RecordedBattle
    player_side: Side | None  # None: the AI plays both sides (watch mode)
    difficulty: str = "standard"
    fog: dict[Side, SideFog] = field(default_factory=dict)
    visibility: dict[Side, np.ndarray] = field(default_factory=dict)
    log: list[Event] = field(default_factory=list)
    version: int = 0
    ais: dict[Side, AIPlayer] = field(default_factory=dict)
    save_dir: Path = SAVES_DIR
    campaign: CampaignRun | None = None  # set when the battle is a campaign mission
    hotseat: bool = False  # two players on one machine: each plays the side to move
    pbem: PbemGame | None = None  # a play-by-email game: its turn file goes out after the phase
    opponent_phase: list[tuple[list[Event], dict[str, tuple[int, int]]]] = field(
        default_factory=list
    )  # play by email: the opponent's last phase, to replay from the player's side
    _match: Match = field(init=False, repr=False)

    @property
    def quicksave_path(self) -> Path:
        """Where F5 saves this battle and F9 loads it (each battle has its own)."""
        from game.saves.save_files import quicksave_path

        return quicksave_path(self.save_dir, self.battle, self.scenario.title)

    @classmethod
    def start(
        cls,
        path: Path,
        scenario: Scenario,
        ruleset: Ruleset,
        seed: int,
        player_side: Side | None,
        difficulty: str = "standard",
        turn_limit: int | None = None,
        hotseat: bool = False,
    ) -> BattleSession:
        """A new battle on a loaded scenario (`hotseat`: two players take the sides in turn)."""
        kinds = {s.value: "human" if hotseat or s is player_side else "ai" for s in Side}
        begin = BattleStart(difficulty=difficulty, players=kinds)
        battle = RecordedBattle.start(scenario, ruleset, seed, turn_limit, begin=begin)
        return cls.from_battle(
            path, scenario, ruleset, battle, player_side, difficulty, hotseat=hotseat
        )

    @classmethod
    def from_battle(
        cls,
        path: Path,
        scenario: Scenario,
        ruleset: Ruleset,
        battle: RecordedBattle,
        player_side: Side | None,
        difficulty: str = "standard",
        hotseat: bool = False,
    ) -> BattleSession:
        """A session around a battle started elsewhere (a campaign mission)."""
        session = cls(path, scenario, ruleset, battle, player_side, difficulty, hotseat=hotseat)
        session._setup()
        session.log.append(
            Event(
                EventKind.PHASE,
                f"{scenario.title}: turn {battle.state.turn}, "
                f"{Side(battle.state.phase).label} phase",
            )
        )
        if not battle.log.commands:  # a battle at its start: what its first triggers did
            session.log.extend(battle.state.opening)
        return session

    @classmethod
    def open(
        cls,
        path: Path,
        ruleset: Ruleset,
        seed: int,
        player_side: Side | None = None,
        difficulty: str = "standard",
        ai_only: bool = False,
    ) -> BattleSession:
        """Load a map and start a battle on it (the player on `player_side`, else the map's
        player side; nobody with `ai_only`); SessionError with the map's problems."""
        try:
            scenario = load_scenario(path, ruleset)
        except ScenarioError as exc:
            lines = [str(p) for p in exc.problems if not p.warning] or [str(exc)]
            raise SessionError("\n".join(lines)) from None
        except (OSError, RulesError) as exc:
            raise SessionError(f"{path}: {exc}") from None
        side = None if ai_only else (player_side or scenario.player_side)
        return cls.start(path, scenario, ruleset, seed, side, difficulty)

    @classmethod
    def load(cls, save_path: Path, ruleset: Ruleset) -> BattleSession:
        """Continue a saved battle; SessionError with the reason when it cannot be used."""
        from game.play.campaign_play import resume_campaign_battle
        from game.saves.save_files import SaveError, read_save, restore_battle

        run: CampaignRun | None = None
        try:
            save = read_save(save_path)
            map_path = Path(save.scenario)
            if save.campaign is not None:
                campaign, played = resume_campaign_battle(save, ruleset)
                scenario, battle = played.scenario, played.battle
                run = CampaignRun(
                    campaign,
                    played.progress,
                    save_path.parent / PROGRESS_NAME,
                    played=played,
                    started_index=played.progress.index,
                    seed=save.seed,
                )
            else:
                scenario = load_scenario(map_path, ruleset)
                battle = restore_battle(save, scenario, ruleset)
        except SaveError as exc:
            message = str(exc)  # every refusal names the file the player chose
            if save_path.name not in message:
                message = f"{save_path.name}: {message}"
            raise SessionError(message) from None
        except ScenarioError as exc:
            raise SessionError(f"{save_path.name}: the save's map no longer loads: {exc}") from None
        except OSError as exc:
            raise SessionError(f"{save_path.name}: {exc}") from None
        side = scenario.player_side if run is None else run.campaign.player_side
        if save.player_side in ("coalition", "isil"):
            side = Side(save.player_side)
        difficulty = save.difficulty or "standard"
        session = cls(map_path, scenario, ruleset, battle, side, difficulty)
        session.campaign = run
        session.hotseat = save.mode == "hotseat"
        session.save_dir = save_path.parent
        session._setup()
        try:
            for side_name, memory in (save.fog or {}).items():
                session.fog[Side(side_name)].remember(memory)
        except ValueError as exc:
            raise SessionError(
                f"{save_path.name}: the fog of war it kept is damaged ({exc})"
            ) from None
        note = session._resume_ais(save.log, map_path)
        where = f"turn {save.turn}"
        if run is not None:
            where = f"campaign mission {run.mission} of {run.missions}, {where}"
        session.log.append(Event(EventKind.LOADED, f"loaded {save_path.name} ({where}){note}"))
        return session

    def _resume_ais(self, log: CommandLog, map_path: Path) -> str:
        """Rebuild the AI players' memory by replaying the record with them thinking along
        (play/resume); the battle goes on from the replay when it reaches the saved state.
        Returns a note for the log when the memory could not be rebuilt."""
        from game.play.resume import resume

        if not self.ais or not log.commands:
            return ""
        try:
            setup = load_scenario(map_path, self.ruleset)
            resumed = resume(log, setup, self.ruleset, self.ais)
        except (ReplayError, ScenarioError, OSError) as exc:
            fresh = standard_players(self.difficulty)  # the replay left them half-minded
            for side in self.ais:
                self.ais[side] = fresh[side]
            return f"; the enemy's memory could not be rebuilt ({exc}), it starts afresh"
        if resumed.battle.state.state_hash() == self.state.state_hash():
            self.battle = resumed.battle
            self._match = Match(self, self.ais)
        return ""

    @classmethod
    def open_pbem(cls, game: PbemGame, ruleset: Ruleset) -> BattleSession:
        """A play-by-email turn opened by its player: the record replayed command by command
        through the session (so the fog remembers what the player's side saw), the opponent's
        last phase kept to be replayed from the player's side."""
        from game.commands import command_from_dict
        from game.commands.command_log import begin_replay

        opened = game.opened
        log = opened.turn.log
        battle = begin_replay(log, opened.scenario, ruleset)
        session = cls(Path(log.scenario), opened.scenario, ruleset, battle, opened.side)
        session.pbem = game  # both sides are people: no AI plays (the other one sent the file)
        session._setup()
        own_end = {"kind": "end_turn", "side": opened.side.value}
        last_own = max((i for i, c in enumerate(log.commands) if c == own_end), default=-1)
        for index, data in enumerate(log.commands):
            before = {uid: (u.pos.x, u.pos.y) for uid, u in session.state.units.items()}
            verdict, events = session.execute(command_from_dict(data))
            if isinstance(verdict, Refusal):
                raise SessionError(f"the turn's command {index + 1} was refused: {verdict.reason}")
            if index > last_own:
                session.opponent_phase.append((events, before))
        if session.state.state_hash() != opened.battle.state.state_hash():
            raise SessionError("the turn file replays to another state than it recorded")
        game.opened = replace(opened, battle=session.battle)
        session.log.append(
            Event(EventKind.LOADED, f"play by email: turn file {opened.turn.sequence} opened")
        )
        return session

    def send_pbem_turn(self) -> Path:
        """Write the next turn file of a play-by-email game (the player's phase is over)."""
        from game.play.pbem import send_turn

        game = self.pbem
        assert game is not None
        sent = send_turn(game.opened, game.secret, game.folder, game.out)
        game.sent = True
        self.log.append(
            Event(EventKind.SAVED, f"turn file {sent.sequence} written to {game.out.name}")
        )
        return game.out

    def _setup(self) -> None:
        state = self.state
        self._match = Match(self, self.ais)
        players = standard_players(self.difficulty)  # the ISIL level the player chose
        for side in Side:
            self.fog[side] = SideFog.empty(state.grid.width, state.grid.height_tiles)
            if side is not self.player_side and not self.hotseat and self.pbem is None:
                self.ais[side] = players[side]
        self._follow_hotseat()
        self.refresh_fog()

    def _follow_hotseat(self) -> None:
        """In hot-seat play the player is whoever's side is to move (the hand-over screen
        hides the map while the seat changes)."""
        if self.hotseat and self.state.side_to_move is not None:
            self.player_side = self.state.side_to_move

    # --- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> BattleState:
        """The battle state now."""
        return self.battle.state

    @property
    def viewer(self) -> Side:
        """The side whose view is shown (the player's, or the coalition when watching)."""
        return self.player_side or Side.COALITION

    def is_ai_turn(self) -> bool:
        """Whether the side to move is played by the AI."""
        side = self.state.side_to_move
        return side is not None and side in self.ais

    def is_player_turn(self) -> bool:
        """Whether the player may give orders now."""
        side = self.state.side_to_move
        return side is not None and side is self.player_side

    def sees(self, unit_id: str) -> bool:
        """Whether the viewer sees a unit now (own units always)."""
        unit = self.state.units[unit_id]
        if unit.side is self.viewer:
            return True
        return unit_id in self.state.spotted.get(self.viewer, set())

    # --- changing --------------------------------------------------------------------------

    def execute(self, command: Command) -> tuple[Verdict, list[Event]]:
        """Run a command through the recorded battle; log its events and update the fog."""
        verdict, events = self.battle.execute(command)
        if isinstance(verdict, Refusal):
            return verdict, []
        self._after(events)
        return verdict, events

    def undo(self) -> Verdict:
        """Take back the last clean move."""
        verdict = self.battle.undo()
        if not isinstance(verdict, Refusal):
            self._after([Event(EventKind.UNDO, "move undone")])
        return verdict

    def _after(self, events: Iterable[Event]) -> None:
        self.log.extend(events)
        self.version += 1
        self._follow_hotseat()
        self.refresh_fog()

    def ai_step(self) -> Step:
        """Play the AI's next command for the side to move (through the one Match loop: a
        stuck phase is ended, a refused command ends the phase)."""
        if self.state.side_to_move is None:
            raise SessionError("the battle is over")
        return self._match.step()

    def refresh_fog(self) -> None:
        """Recompute each side's visibility, seen tiles and enemy ghosts (the fog's workspace
        reused; tiles a drone revealed this turn count as seen)."""
        state = self.state
        rules = default_sight_rules()
        for side in Side:
            fog = self.fog[side]
            viewers = [(u.pos, state.ruleset.units[u.type_id].sight) for u in state.units_of(side)]
            vis = side_visibility(state.grid, state.smoke, viewers, rules, fog.workspace)
            revealed = state.revealed.get(side)
            if revealed:
                cells = np.array(sorted(revealed), dtype=np.intp).reshape(-1, 2)
                vis[cells[:, 1], cells[:, 0]] = 1.0
            self.visibility[side] = vis
            spotted = {
                uid: state.units[uid].pos
                for uid in state.spotted.get(side, set())
                if uid in state.units and state.units[uid].on_map
            }
            fog.update(vis, spotted, rules)
            for uid in list(fog.last_known):
                unit = state.units.get(uid)
                if unit is None or not unit.alive or unit.exited:
                    fog.forget(uid)

    def ghosts(self) -> dict[str, TilePos]:
        """Last-known places of enemies the viewer does not see now."""
        seen = self.state.spotted.get(self.viewer, set())
        return {uid: p for uid, p in self.fog[self.viewer].last_known.items() if uid not in seen}

    def quick_save(self) -> Path:
        """Save the battle (atomically) to the quick save."""

        return self.save_as(self.quicksave_path, "Quick save (F5)")

    def save_as(self, path: Path, label: str) -> Path:
        """Save the battle (atomically) to a file of its own slots, with the fog's memory."""
        from game.saves.save_files import save_battle

        save_battle(
            path,
            self.battle,
            label,
            self.campaign_context(),
            self.player_entry(),
            self.scenario.title,
            self.fog_memory(),
        )
        return path

    def save_named(self, name: str) -> Path:
        """Save under a name the player chose (in this battle's slots)."""
        from game.saves.save_files import named_save_path

        path = named_save_path(self.save_dir, self.battle, name, self.scenario.title)
        return self.save_as(path, name.strip() or "Saved game")

    def fog_memory(self) -> dict[str, Any]:
        """Each side's fog memory (tiles ever seen, ghosts) as a save keeps it."""
        return {side.value: fog.memory() for side, fog in sorted(self.fog.items())}

    def campaign_context(self) -> dict[str, Any] | None:
        """The campaign mission's context for a save (None outside a campaign)."""
        from game.play.campaign_play import campaign_context

        run = self.campaign
        if run is None or run.played is None or run.played.battle is not self.battle:
            return None
        return campaign_context(run.campaign, run.played)

    def player_entry(self) -> dict[str, str]:
        """The player's side and difficulty, as a save keeps them."""
        side = self.player_side.value if self.player_side is not None else ""
        entry = {"side": side, "difficulty": self.difficulty}
        if self.hotseat:
            entry["mode"] = "hotseat"
        return entry

    def autosave(self) -> Path | None:
        """Write the turn's autosave; None when the disk refuses."""
        from game.saves.save_files import autosave

        try:
            return autosave(
                self.save_dir,
                self.battle,
                campaign=self.campaign_context(),
                player=self.player_entry(),
                title=self.scenario.title,
                fog=self.fog_memory(),
            )
        except OSError:
            return None

    def recent_commands(self, count: int = 30) -> str:
        """The last commands, one per line, for an error report."""
        lines = [f"scenario: {self.path}", f"seed: {self.battle.log.seed}"]
        lines += [str(c) for c in self.battle.log.commands[-count:]]
        return "\n".join(lines)
