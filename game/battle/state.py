"""The whole mutable state of one battle: terrain, units, turn and phase, smoke, rng, scores."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.battle.setup import BattleSetup, MapEvent, MapEventKind, Objective
from game.battle.terrain_grid import GidTable, TerrainGrid
from game.battle.units import UnitState
from game.core.values import Side, TilePos
from game.rules.combat_rules import BattleRules, load_battle_rules
from game.rules.ruleset import Ruleset
from game.rules.terrain import TerrainType

STATE_VERSION = 1
GRID_ARRAYS = (
    "gid",
    "terrain",
    "height",
    "cover",
    "cost",
    "blocks_sight",
    "obscuration",
    "building_hp",
    "building_max_hp",
    "collapse_gid",
)
PHASE_OVER = "over"


def encode_array(array: np.ndarray) -> dict[str, Any]:
    """A JSON-safe form of a numpy array: dtype, shape and base64 bytes (C order)."""
    data = np.ascontiguousarray(array)
    return {
        "dtype": data.dtype.str,
        "shape": list(data.shape),
        "data": base64.b64encode(data.tobytes()).decode("ascii"),
    }


def decode_array(data: dict[str, Any]) -> np.ndarray:
    """The numpy array `encode_array` wrote."""
    raw = base64.b64decode(data["data"])
    return np.frombuffer(raw, dtype=np.dtype(data["dtype"])).reshape(data["shape"]).copy()


def spread_count(tiles: frozenset[TilePos], count: int) -> dict[TilePos, int]:
    """Spread `count` people over an area's tiles, as evenly as possible, in tile order."""
    ordered = sorted(tiles, key=lambda p: (p.y, p.x))
    if not ordered or count <= 0:
        return {}
    share, rest = divmod(count, len(ordered))
    spread = {pos: share + (1 if i < rest else 0) for i, pos in enumerate(ordered)}
    return {pos: n for pos, n in spread.items() if n > 0}


@dataclass
class BattleState:
    """Everything a battle is at one moment; changed only by commands and the turn sequence.

    `ruleset`, `rules`, `tiles`, `objectives` and `map_events` are static (from the rules
    files and the scenario); everything else is saved by `to_dict` and digested by
    `state_hash`.
    """

    ruleset: Ruleset
    rules: BattleRules
    tiles: GidTable
    kind_gid: dict[str, int]  # terrain kind -> a gid of that kind (berms, cleared rubble)
    objectives: list[Objective]
    map_events: list[MapEvent]
    scenario_hash: str
    turn_limit: int
    wind: tuple[float, float]  # smoke drift (dx, dy) per environment phase
    grid: TerrainGrid
    units: dict[str, UnitState]
    smoke: np.ndarray  # float32 (H, W), density 0..1
    rng: np.random.Generator
    seed: int
    turn: int = 1
    phase: str = Side.COALITION.value  # "coalition", "isil" or "over"
    civilians: dict[TilePos, int] = field(default_factory=dict)
    fleeing: set[TilePos] = field(default_factory=set)  # civilian groups in flight (their tiles)
    wrecks: dict[TilePos, int] = field(default_factory=dict)  # tile -> environment phases to burn
    spotted: dict[Side, set[str]] = field(
        default_factory=lambda: {Side.COALITION: set(), Side.ISIL: set()}
    )  # enemy unit ids each side sees now
    objective_status: dict[int, str] = field(default_factory=dict)  # pending|complete|failed
    objective_progress: dict[int, int] = field(default_factory=dict)  # hold turns, exits
    objective_units: dict[int, list[str]] = field(default_factory=dict)  # area units at start
    counters: dict[str, int] = field(default_factory=dict)  # events by kind
    losses: dict[Side, int] = field(default_factory=lambda: {Side.COALITION: 0, Side.ISIL: 0})
    civilian_casualties: dict[Side, int] = field(
        default_factory=lambda: {Side.COALITION: 0, Side.ISIL: 0}
    )  # by the side that caused them
    evacuated: int = 0
    fighting: set[TilePos] = field(default_factory=set)  # shot at or blasted since environment
    revealed: dict[Side, set[TilePos]] = field(
        default_factory=lambda: {Side.COALITION: set(), Side.ISIL: set()}
    )  # tiles each side's drones flew over this turn (enemies there in the open are seen)
    winner: str = ""  # "", "coalition", "isil" or "draw"
    end_reason: str = ""

    # --- construction -------------------------------------------------------------------

    @classmethod
    def from_setup(
        cls,
        setup: BattleSetup,
        ruleset: Ruleset,
        seed: int,
        rules: BattleRules | None = None,
    ) -> BattleState:
        """A battle at its start: the scenario's terrain copy, its units, coalition to move."""
        units: dict[str, UnitState] = {}
        for placement in sorted(setup.units, key=lambda p: p.object_id):
            uid = f"u{placement.object_id}"
            units[uid] = UnitState.new(
                uid,
                ruleset.units[placement.unit_type],
                placement.side,
                placement.pos,
                name=placement.name,
                arrival_turn=placement.arrival_turn,
                entry=placement.entry,
                ai_role=placement.ai_role.value,
            )
            if placement.overwatch:
                units[uid].start_overwatch = True
        civilians: dict[TilePos, int] = {}
        for event in setup.events:
            if event.kind is MapEventKind.CIVILIANS:
                for pos, n in spread_count(event.tiles, event.count).items():
                    civilians[pos] = civilians.get(pos, 0) + n
        grid = setup.grid.copy()
        state = cls(
            ruleset=ruleset,
            rules=rules or load_battle_rules(),
            tiles=setup.tiles,
            kind_gid=dict(setup.kind_gid),
            objectives=list(setup.objectives),
            map_events=list(setup.events),
            scenario_hash=setup.file_hash,
            turn_limit=setup.turn_limit,
            wind=setup.wind_vector(),
            grid=grid,
            units=units,
            smoke=np.zeros(grid.gid.shape, dtype=np.float32),
            rng=np.random.default_rng(seed),
            seed=seed,
            civilians=civilians,
        )
        for objective in state.objectives:
            state.objective_status[objective.object_id] = "pending"
            state.objective_progress[objective.object_id] = 0
            inside = [u.id for u in state.units.values() if u.on_map and u.pos in objective.tiles]
            state.objective_units[objective.object_id] = inside
        return state

    # --- queries ------------------------------------------------------------------------

    @property
    def side_to_move(self) -> Side | None:
        """The side whose phase it is (None once the battle is over)."""
        return None if self.phase == PHASE_OVER else Side(self.phase)

    @property
    def over(self) -> bool:
        """Whether the battle has ended."""
        return self.phase == PHASE_OVER

    def unit_at(self, pos: TilePos) -> UnitState | None:
        """The unit standing on a tile, if any."""
        for unit in self.units.values():
            if unit.on_map and unit.pos == pos:
                return unit
        return None

    def occupied(self) -> dict[TilePos, str]:
        """Tile -> id of the unit standing there."""
        return {u.pos: u.id for u in self.units.values() if u.on_map}

    def units_of(self, side: Side) -> list[UnitState]:
        """The side's units on the map, in id order."""
        return [u for u in self.units.values() if u.side is side and u.on_map]

    def unit_type(self, unit_id: str) -> Any:
        """The static UnitType of a unit."""
        return self.ruleset.units[self.units[unit_id].type_id]

    def terrain_name(self, pos: TilePos) -> str:
        """The terrain kind of a tile (e.g. "building")."""
        return self.terrain_kind(pos).name

    def terrain_kind(self, pos: TilePos) -> TerrainType:
        """The terrain kind of a tile, with its flags (road, roof, ...)."""
        return self.ruleset.terrain_by_index(int(self.grid.terrain[pos.y, pos.x]))

    def count(self, kind: str, n: int = 1) -> None:
        """Add to the counter of events of a kind."""
        self.counters[kind] = self.counters.get(kind, 0) + n

    # --- persistence --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of everything that changes during a battle."""
        return {
            "version": STATE_VERSION,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "turn": self.turn,
            "turn_limit": self.turn_limit,
            "phase": self.phase,
            "grid": {name: encode_array(getattr(self.grid, name)) for name in GRID_ARRAYS},
            "smoke": encode_array(self.smoke),
            "rng": _jsonable_rng_state(self.rng.bit_generator.state),
            "units": [self.units[uid].to_dict() for uid in sorted(self.units)],
            "civilians": [[p.x, p.y, n] for p, n in sorted(self.civilians.items())],
            "fleeing": [[p.x, p.y] for p in sorted(self.fleeing)],
            "wrecks": [[p.x, p.y, n] for p, n in sorted(self.wrecks.items())],
            "spotted": {side.value: sorted(ids) for side, ids in self.spotted.items()},
            "objective_status": {str(k): v for k, v in sorted(self.objective_status.items())},
            "objective_progress": {str(k): v for k, v in sorted(self.objective_progress.items())},
            "objective_units": {str(k): v for k, v in sorted(self.objective_units.items())},
            "counters": dict(sorted(self.counters.items())),
            "losses": {s.value: n for s, n in self.losses.items()},
            "civilian_casualties": {s.value: n for s, n in self.civilian_casualties.items()},
            "evacuated": self.evacuated,
            "fighting": [[p.x, p.y] for p in sorted(self.fighting)],
            "revealed": {
                side.value: [[p.x, p.y] for p in sorted(tiles)]
                for side, tiles in self.revealed.items()
            },
            "winner": self.winner,
            "end_reason": self.end_reason,
        }

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        scenario: BattleSetup,
        ruleset: Ruleset,
        rules: BattleRules | None = None,
    ) -> BattleState:
        """Rebuild a battle saved by `to_dict`, on top of its scenario's static parts."""
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"battle state version {data.get('version')!r} is not {STATE_VERSION}")
        if data["scenario_hash"] != scenario.file_hash:
            raise ValueError("the saved battle was played on a different version of the map")
        state = cls.from_setup(scenario, ruleset, int(data["seed"]), rules)
        state.turn = int(data["turn"])
        state.turn_limit = int(data["turn_limit"])
        state.phase = str(data["phase"])
        for name in GRID_ARRAYS:
            setattr(state.grid, name, decode_array(data["grid"][name]))
        state.smoke = decode_array(data["smoke"])
        state.rng.bit_generator.state = data["rng"]
        state.units = {u["id"]: UnitState.from_dict(u) for u in data["units"]}
        state.civilians = {TilePos(x, y): n for x, y, n in data["civilians"]}
        state.fleeing = {TilePos(x, y) for x, y in data.get("fleeing", [])}
        state.wrecks = {TilePos(x, y): n for x, y, n in data["wrecks"]}
        state.spotted = {Side(s): set(ids) for s, ids in data["spotted"].items()}
        state.objective_status = {int(k): v for k, v in data["objective_status"].items()}
        state.objective_progress = {int(k): v for k, v in data["objective_progress"].items()}
        state.objective_units = {int(k): list(v) for k, v in data["objective_units"].items()}
        state.counters = dict(data["counters"])
        state.losses = {Side(s): n for s, n in data["losses"].items()}
        state.civilian_casualties = {Side(s): n for s, n in data["civilian_casualties"].items()}
        state.evacuated = int(data["evacuated"])
        state.fighting = {TilePos(x, y) for x, y in data.get("fighting", [])}
        for side_name, tiles in data.get("revealed", {}).items():
            state.revealed[Side(side_name)] = {TilePos(x, y) for x, y in tiles}
        state.winner = str(data["winner"])
        state.end_reason = str(data["end_reason"])
        return state

    def state_hash(self) -> str:
        """SHA-256 of the canonical serialisation: equal states give equal hashes on any run."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def clone(self) -> BattleState:
        """An independent copy (static rules shared) for snapshots, undo and AI look-ahead."""
        other = copy.copy(self)
        other.grid = self.grid.copy()
        other.smoke = self.smoke.copy()
        other.rng = np.random.default_rng()
        other.rng.bit_generator.state = self.rng.bit_generator.state
        other.units = {uid: copy.deepcopy(u) for uid, u in self.units.items()}
        for name in (
            "civilians",
            "wrecks",
            "objective_status",
            "objective_progress",
            "counters",
            "losses",
            "civilian_casualties",
        ):
            setattr(other, name, dict(getattr(self, name)))
        other.spotted = {s: set(ids) for s, ids in self.spotted.items()}
        other.fighting = set(self.fighting)
        other.fleeing = set(self.fleeing)
        other.revealed = {s: set(tiles) for s, tiles in self.revealed.items()}
        other.objective_units = {k: list(v) for k, v in self.objective_units.items()}
        return other


def _jsonable_rng_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The bit generator state with numpy scalars turned into plain Python numbers."""
    return json.loads(json.dumps(state, default=int))
