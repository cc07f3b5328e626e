"""Small battles in a few lines: an ASCII map (tests.ascii_legend), some units, objectives and
events."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np

from game.battle.setup import (
    AiRole,
    MapEvent,
    MapEventKind,
    Objective,
    ObjectiveKind,
    Trigger,
    TriggerAction,
    TriggerWhen,
    UnitPlacement,
)
from game.battle.state import BattleState
from game.battle.terrain_grid import GidTable
from game.core.values import Side, TilePos
from game.rules.ruleset import Ruleset
from game.scenario.model import Scenario
from tests.ascii_legend import LEGEND, check_picture


def gid_table(ruleset: Ruleset) -> tuple[GidTable, dict[str, int]]:
    """One gid per terrain kind (gid = kind index + 1), then one per legend character that
    overrides its kind (a storey count); buildings collapse to heavy rubble. Returns the table
    and the gid of each legend character."""
    kinds = list(ruleset.terrain.values())
    tiles = {k.index + 1: k for k in kinds}
    char_gid: dict[str, int] = {}
    for char, (kind, overrides) in LEGEND.items():
        if overrides:
            char_gid[char] = max(tiles) + 1
            tiles[char_gid[char]] = replace(ruleset.terrain[kind], **overrides)
        else:
            char_gid[char] = ruleset.terrain[kind].index + 1
    by_name = {k.name: k.index + 1 for k in kinds}
    collapse = {g: by_name[k.collapses_to] for g, k in tiles.items() if k.collapses_to in by_name}
    return GidTable.build(tiles, collapse, ruleset.terrain["open"]), char_gid


def gid_of(ruleset: Ruleset, kind: str) -> int:
    """The builder's gid of a terrain kind (its plain tile, as a collapse or a berm sets)."""
    return ruleset.terrain[kind].index + 1


def _tiles(area: TilePos | tuple[int, int] | list[tuple[int, int]]) -> frozenset[TilePos]:
    if isinstance(area, list):
        return frozenset(TilePos(*p) for p in area)
    return frozenset([TilePos(*area)])


class BattleBuilder:
    """Collects a map, units, objectives and events, then builds a Scenario or a BattleState."""

    def __init__(self, ruleset: Ruleset, rows: list[str], turn_limit: int = 10) -> None:
        self.ruleset = ruleset
        self.rows = rows
        self.turn_limit = turn_limit
        self.units: list[UnitPlacement] = []
        self.objectives: list[Objective] = []
        self.events: list[MapEvent] = []
        self.triggers: list[Trigger] = []
        self.wind_direction = 0.0
        self.wind_strength = 0.0
        self._next_id = 1

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def unit(
        self,
        unit_type: str,
        pos: tuple[int, int],
        side: Side | None = None,
        name: str = "",
        arrival_turn: int = 1,
        entry: str = "",
        ai_role: AiRole = AiRole.DEFAULT,
        overwatch: bool = False,
    ) -> str:
        """Place a unit (on overwatch at the start if asked); returns its battle id."""
        oid = self._id()
        self.units.append(
            UnitPlacement(
                object_id=oid,
                name=name,
                unit_type=unit_type,
                side=side or self.ruleset.units[unit_type].side,
                pos=TilePos(*pos),
                ai_role=ai_role,
                arrival_turn=arrival_turn,
                entry=entry,
                overwatch=overwatch,
            )
        )
        return f"u{oid}"

    def objective(
        self,
        kind: str,
        area: tuple[int, int] | list[tuple[int, int]],
        side: Side = Side.COALITION,
        points: int = 10,
        mandatory: bool = True,
        turns: int = 1,
        target: str = "",
        count: int = 1,
        name: str = "",
        active: bool = True,
    ) -> int:
        """Add an objective (hidden until a trigger adds it if not active); returns its id."""
        oid = self._id()
        self.objectives.append(
            Objective(
                object_id=oid,
                name=name or f"{kind} {oid}",
                kind=ObjectiveKind(kind),
                side=side,
                tiles=_tiles(area),
                points=points,
                mandatory=mandatory,
                turns=turns,
                target=target,
                count=count,
                active=active,
            )
        )
        return oid

    def event(
        self,
        kind: str,
        area: tuple[int, int] | list[tuple[int, int]],
        name: str = "",
        **fields: object,
    ) -> int:
        """Add an events-layer object (civilians, entry, tyre_fire, ...); returns its id."""
        oid = self._id()
        self.events.append(
            MapEvent(
                object_id=oid,
                name=name or f"{kind} {oid}",
                kind=MapEventKind(kind),
                tiles=_tiles(area),
                **fields,  # type: ignore[arg-type]
            )
        )
        return oid

    def trigger(
        self,
        when: str,
        then: str,
        area: tuple[int, int] | list[tuple[int, int]] | None = None,
        name: str = "",
        **fields: object,
    ) -> int:
        """Add a triggers-layer object (`when` ... `then` ..., other fields by name)."""
        oid = self._id()
        self.triggers.append(
            Trigger(
                object_id=oid,
                name=name or f"trigger {oid}",
                when=TriggerWhen(when),
                then=TriggerAction(then),
                tiles=_tiles(area) if area is not None else frozenset(),
                **fields,  # type: ignore[arg-type]
            )
        )
        return oid

    def scenario(self) -> Scenario:
        """The Scenario these lines describe."""
        check_picture(self.rows)
        height, width = len(self.rows), len(self.rows[0])
        tiles, char_gid = gid_table(self.ruleset)
        gids = np.array([[char_gid[ch] for ch in row] for row in self.rows], dtype=np.uint32)
        digest = hashlib.sha256(
            repr((self.rows, self.units, self.objectives, self.events, self.triggers)).encode()
        ).hexdigest()
        return Scenario(
            path=Path("builder.tmx"),
            file_hash=digest,
            title="Test battle",
            briefing="",
            date="2016-11-19",
            player_side=Side.COALITION,
            turn_limit=self.turn_limit,
            wind_direction=self.wind_direction,
            wind_strength=self.wind_strength,
            width=width,
            height=height,
            tile_size=32,
            tilesets=[],
            layers=[],
            tiles=tiles,
            grid=tiles.grid(gids),
            kind_gid={k.name: k.index + 1 for k in self.ruleset.terrain.values()},
            units=list(self.units),
            objectives=list(self.objectives),
            events=list(self.events),
            triggers=list(self.triggers),
        )

    def battle(self, seed: int = 1) -> BattleState:
        """A battle at its start (the turn sequence's opening applied)."""
        from game.sim.turns import new_battle

        return new_battle(self.scenario(), self.ruleset, seed)

    def state(self, seed: int = 1) -> BattleState:
        """The bare BattleState (no opening spotting), for tests of single mechanics."""
        return BattleState.from_setup(self.scenario(), self.ruleset, seed)
