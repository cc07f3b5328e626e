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

from game.battle.setup import AiRole, BattleSetup, MapEvent, MapEventKind, Objective, Trigger
from game.battle.terrain_grid import GidTable, TerrainGrid
from game.battle.units import UnitState
from game.core import doc_fields as check
from game.core.doc_fields import FieldError, Fields
from game.core.values import Side, TilePos, enum_values
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
PHASES = (Side.COALITION.value, Side.ISIL.value, PHASE_OVER)
WINNERS = ("", Side.COALITION.value, Side.ISIL.value, "draw")
OBJECTIVE_STATUSES = ("pending", "complete", "failed", "inactive")
TRIGGER_STATUSES = ("armed", "fired", "off")


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


def decode_array_like(data: Any, like: np.ndarray, where: str) -> np.ndarray:
    """The array `encode_array` wrote, which must have the dtype and shape of `like`
    (FieldError naming the field when it is not that array, or not an array at all)."""
    fields = Fields(data, where)
    fields.keys_in({"dtype", "shape", "data"})
    if fields.text("dtype") != like.dtype.str:
        raise FieldError(f"{fields.path('dtype')} should be {like.dtype.str!r}")
    shape = [
        check.whole(n, f"{fields.path('shape')}[{i}]") for i, n in enumerate(fields.items("shape"))
    ]
    if tuple(shape) != like.shape:
        raise FieldError(f"{fields.path('shape')} is {shape}, not the map's {list(like.shape)}")
    try:
        raw = base64.b64decode(fields.text("data"), validate=True)
    except ValueError:
        raise FieldError(f"{fields.path('data')} is not base64 text") from None
    if len(raw) != like.nbytes:
        raise FieldError(f"{fields.path('data')} holds {len(raw)} bytes, not {like.nbytes}")
    return np.frombuffer(raw, dtype=like.dtype).reshape(like.shape).copy()


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
    triggers: list[Trigger] = field(default_factory=list)  # static, from the scenario
    trigger_status: dict[int, str] = field(default_factory=dict)  # armed | fired | off
    trigger_inside: dict[int, list[str]] = field(default_factory=dict)  # units in its area
    settled_objectives: set[int] = field(default_factory=set)  # completed or failed by a
    # trigger: settled for good, never judged again (saved only when there is one)
    opening: list[Any] = field(default_factory=list)  # the events of the battle's start
    # (turn-1 triggers' messages): shown once, not saved
    trigger_seen: list[Any] = field(default_factory=list)  # events the triggers already saw
    # during the order being run (the end of turn's objectives): not saved

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
            triggers=list(setup.triggers),
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
            state.objective_status[objective.object_id] = (
                "pending" if objective.active else "inactive"
            )
            state.objective_progress[objective.object_id] = 0
            inside = [u.id for u in state.units.values() if u.on_map and u.pos in objective.tiles]
            state.objective_units[objective.object_id] = inside
        for trigger in state.triggers:
            state.trigger_status[trigger.object_id] = "armed" if trigger.enabled else "off"
            state.trigger_inside[trigger.object_id] = []
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
            **({"triggers": self._trigger_dict()} if self.triggers else {}),
            **(
                {"settled_objectives": sorted(self.settled_objectives)}
                if self.settled_objectives
                else {}
            ),
        }

    def _trigger_dict(self) -> dict[str, Any]:
        """The triggers' state (only a map with triggers has it, so others' hashes keep)."""
        return {
            "status": {str(k): v for k, v in sorted(self.trigger_status.items())},
            "inside": {str(k): sorted(v) for k, v in sorted(self.trigger_inside.items())},
        }

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        scenario: BattleSetup,
        ruleset: Ruleset,
        rules: BattleRules | None = None,
        *,
        where: str = "state",
    ) -> BattleState:
        """Rebuild a battle saved by `to_dict`, on top of its scenario's static parts.

        Every field is checked before use, against the scenario and the rules too (tiles on
        the map, known unit types and weapons, ids that exist): a FieldError (a ValueError)
        names the first wrong field as `where.units[2].pos`.
        """
        doc = Fields(data, where)
        if doc.raw("version", None) != STATE_VERSION:
            raise FieldError(
                f"{doc.path('version')} {doc.raw('version', None)!r} is not {STATE_VERSION}"
            )
        if doc.text("scenario_hash") != scenario.file_hash:
            raise ValueError("the saved battle was played on a different version of the map")
        state = cls.from_setup(scenario, ruleset, doc.whole("seed", low=0), rules)
        width, height = state.grid.width, state.grid.height_tiles

        def tiles(key: str, counted: bool = False) -> list[tuple[TilePos, int]]:
            """A list field of tiles [x, y] (or [x, y, n] with a count n >= 0), on the map."""
            found = []
            for i, entry in enumerate(doc.items(key, default=[])):
                at = f"{doc.path(key)}[{i}]"
                if counted:
                    if not isinstance(entry, list) or len(entry) != 3:
                        raise FieldError(f"{at} should be [x, y, count], not {entry!r:.60}")
                    pos = check.tile(entry[:2], at, width, height)
                    found.append((pos, check.whole(entry[2], f"{at}[2]", low=0)))
                else:
                    found.append((check.tile(entry, at, width, height), 1))
            return found

        state.turn = doc.whole("turn", low=1)
        state.turn_limit = doc.whole("turn_limit", low=1)
        state.phase = doc.text("phase", choices=PHASES)
        grid = doc.table("grid")
        for name in GRID_ARRAYS:
            array = decode_array_like(grid.raw(name), getattr(state.grid, name), grid.path(name))
            setattr(state.grid, name, array)
        _check_grid(state, grid)
        state.smoke = decode_array_like(doc.raw("smoke"), state.smoke, doc.path("smoke"))
        if not np.all(np.isfinite(state.smoke)):
            raise FieldError(f"{doc.path('smoke')} holds numbers that are not finite")
        rng = doc.table("rng")
        try:
            state.rng.bit_generator.state = rng.data
        except (TypeError, ValueError, KeyError, OverflowError) as exc:
            raise FieldError(f"{rng.where} is not a random generator state ({exc})") from None
        state.units = _units(doc, ruleset, width, height)
        state.civilians = dict(tiles("civilians", counted=True))
        state.fleeing = {pos for pos, _ in tiles("fleeing")}
        state.wrecks = dict(tiles("wrecks", counted=True))
        state.fighting = {pos for pos, _ in tiles("fighting")}
        sides = enum_values(Side)
        spotted = _by_side(doc, "spotted", required=True)
        state.spotted = {
            Side(s): set(_unit_ids(ids, spotted.path(s), state.units))
            for s, ids in spotted.data.items()
        }
        revealed = _by_side(doc, "revealed", required=False)
        for side_name, listed in revealed.data.items():
            at = revealed.path(side_name)
            state.revealed[Side(side_name)] = {
                check.tile(p, f"{at}[{i}]", width, height)
                for i, p in enumerate(check.items(listed, at))
            }
        objective_ids = {str(o.object_id) for o in state.objectives}
        status = _by_objective(doc, "objective_status", objective_ids)
        state.objective_status = {
            int(k): status.text(k, choices=OBJECTIVE_STATUSES) for k in status.data
        }
        progress = _by_objective(doc, "objective_progress", objective_ids)
        state.objective_progress = {int(k): progress.whole(k, low=0) for k in progress.data}
        inside = _by_objective(doc, "objective_units", objective_ids)
        state.objective_units = {
            int(k): _unit_ids(v, inside.path(k), state.units) for k, v in inside.data.items()
        }
        state.settled_objectives = _settled(doc, objective_ids)
        counters = doc.table("counters")
        state.counters = {k: counters.whole(k) for k in counters.data}
        losses = _by_side(doc, "losses", required=True)
        state.losses = {Side(s): losses.whole(s, low=0) for s in sides}
        harm = _by_side(doc, "civilian_casualties", required=True)
        state.civilian_casualties = {Side(s): harm.whole(s, low=0) for s in sides}
        state.evacuated = doc.whole("evacuated", low=0)
        state.winner = doc.text("winner", choices=WINNERS)
        state.end_reason = doc.text("end_reason")
        if state.triggers:
            known = {str(t.object_id) for t in state.triggers}
            saved = doc.table("triggers")
            status = saved.table("status")
            if set(status.data) != known:
                raise FieldError(f"{status.where} should list the map's triggers {sorted(known)}")
            state.trigger_status = {
                int(k): status.text(k, choices=TRIGGER_STATUSES) for k in status.data
            }
            inside = saved.table("inside")
            if not set(inside.data) <= known:
                raise FieldError(f"{inside.where} names a trigger the map does not have")
            state.trigger_inside = {
                int(k): _unit_ids(v, inside.path(k), state.units) for k, v in inside.data.items()
            }
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
        other.units = {uid: u.copy() for uid, u in self.units.items()}
        for name in (
            "civilians",
            "wrecks",
            "objective_status",
            "objective_progress",
            "trigger_status",
            "counters",
            "losses",
            "civilian_casualties",
        ):
            setattr(other, name, dict(getattr(self, name)))
        other.spotted = {s: set(ids) for s, ids in self.spotted.items()}
        other.trigger_inside = {k: list(v) for k, v in self.trigger_inside.items()}
        other.fighting = set(self.fighting)
        other.fleeing = set(self.fleeing)
        other.revealed = {s: set(tiles) for s, tiles in self.revealed.items()}
        other.objective_units = {k: list(v) for k, v in self.objective_units.items()}
        other.settled_objectives = set(self.settled_objectives)
        other.trigger_seen = []
        return other


def _check_grid(state: BattleState, grid: Fields) -> None:
    """Refuse saved terrain arrays whose values the rules cannot look up."""
    kinds = len(state.ruleset.terrain)
    if state.grid.terrain.size and not (
        int(state.grid.terrain.min()) >= 0 and int(state.grid.terrain.max()) < kinds
    ):
        raise FieldError(f"{grid.path('terrain')} holds terrain kinds outside 0..{kinds - 1}")
    for name in ("gid", "collapse_gid"):
        if not np.all(np.isin(getattr(state.grid, name), state.tiles.gids)):
            raise FieldError(f"{grid.path(name)} holds tile ids the map's tilesets do not have")
    for name in ("height", "cover", "obscuration"):
        if not np.all(np.isfinite(getattr(state.grid, name))):
            raise FieldError(f"{grid.path(name)} holds numbers that are not finite")


def _units(doc: Fields, ruleset: Ruleset, width: int, height: int) -> dict[str, UnitState]:
    """The saved units, checked against the rules (known types, their weapons and actions)
    and the map (positions on it)."""
    units: dict[str, UnitState] = {}
    roles = enum_values(AiRole)
    for i, entry in enumerate(doc.items("units")):
        at = f"{doc.path('units')}[{i}]"
        unit = UnitState.from_dict(entry, where=at)
        utype = ruleset.units.get(unit.type_id)
        if utype is None:
            raise FieldError(f"{at}.type_id {unit.type_id!r} is not a unit type of the rules")
        check.tile(list(unit.pos), f"{at}.pos", width, height)
        weapons = {w.id for w in utype.weapons}
        if not set(unit.ammo) <= weapons:
            unknown = sorted(set(unit.ammo) - weapons)
            raise FieldError(f"{at}.ammo names weapons a {utype.id} does not carry: {unknown}")
        if not set(unit.actions) <= set(utype.actions):
            unknown = sorted(set(unit.actions) - set(utype.actions))
            raise FieldError(f"{at}.actions names actions a {utype.id} does not have: {unknown}")
        check.text(unit.ai_role, f"{at}.ai_role", roles)
        if unit.id in units:
            raise FieldError(f"{at}.id {unit.id!r} is the id of an earlier unit too")
        units[unit.id] = unit
    return units


def _by_side(doc: Fields, key: str, required: bool) -> Fields:
    """A table keyed by side names (both sides when `required`)."""
    table = doc.table(key, default={})
    table.keys_in(enum_values(Side))
    missing = [s for s in enum_values(Side) if s not in table.data]
    if required and missing:
        raise FieldError(f"{table.where} has no entry for {', '.join(missing)}")
    return table


def _by_objective(doc: Fields, key: str, objective_ids: set[str]) -> Fields:
    """A table keyed by the scenario's objective ids, one entry for each."""
    table = doc.table(key)
    if set(table.data) != objective_ids:
        raise FieldError(
            f"{table.where} should have an entry for each objective id {sorted(objective_ids)}, "
            f"not {sorted(table.data)}"
        )
    return table


def _settled(doc: Fields, objective_ids: set[str]) -> set[int]:
    """The objectives settled by triggers: a list of the scenario's objective ids (absent in
    saves from before there were any, and when there are none)."""
    key = "settled_objectives"
    at = doc.path(key)
    found: set[int] = set()
    for i, value in enumerate(doc.items(key, default=[])):
        oid = check.whole(value, f"{at}[{i}]")
        if str(oid) not in objective_ids:
            raise FieldError(f"{at}[{i}] {oid} is not an objective id of the map")
        found.add(oid)
    return found


def _unit_ids(value: Any, where: str, units: Mapping[str, UnitState]) -> list[str]:
    """A list of ids of units of the battle."""
    ids = [check.text(v, f"{where}[{i}]") for i, v in enumerate(check.items(value, where))]
    unknown = sorted(set(ids) - set(units))
    if unknown:
        raise FieldError(f"{where} names units the battle does not have: {unknown}")
    return ids


def _jsonable_rng_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The bit generator state with numpy scalars turned into plain Python numbers."""
    return json.loads(json.dumps(state, default=int))
