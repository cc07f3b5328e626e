"""The reaction fire a side knows of: which tiles of a planned move the enemy's known overwatch
and known snipers watch (the move preview's warning marks).

Fog-fair: it is given what the side knows (the enemy units it sees now and the last-known
places of those it saw before), never the enemy's true positions. A known threat is an enemy
unit seen now with overwatch AP reserved, or a sniper (units.toml role "sniper") seen now or
remembered at its last-known place. It watches a tile when it could see it (attenuated
visibility from its eye at least sight.toml `tile_seen`, with its type's sight range), the
tile is within the reach of a weapon it could turn on the mover, and, for a unit seen on
overwatch with a sector (battle/units.Sector), the tile is inside that sector.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.battle.state import BattleState
from game.battle.units import Sector
from game.core.values import Side, TilePos
from game.rules.sight_rules import default_sight_rules
from game.rules.unit_types import UnitType
from game.sim.combat import distance
from game.sim.line_of_sight import visibility_between

OVERWATCH, SNIPER = "overwatch", "sniper"


@dataclass(frozen=True)
class KnownThreat:
    """An enemy unit the side knows could fire on a mover: where it is known to be, what it is
    known as (OVERWATCH or SNIPER) and the sector it was seen watching (None: all round)."""

    unit_id: str
    pos: TilePos
    kind: str
    sector: Sector | None = None


def known_threats(
    state: BattleState, side: Side, seen: Iterable[str], ghosts: Mapping[str, TilePos]
) -> list[KnownThreat]:
    """The enemy units `side` knows as reaction-fire threats: those in `seen` (the enemy units
    it sees now) on overwatch or of a sniper type, and the snipers among `ghosts` (unit id ->
    last-known place of an enemy not seen now)."""
    seen_now = set(seen)
    threats: list[KnownThreat] = []
    for unit in state.units_of(side.enemy):
        if unit.id not in seen_now:
            continue
        sniper = state.ruleset.units[unit.type_id].has_role("sniper")
        on_watch = unit.overwatch_ap > 0
        if sniper or on_watch:
            sector = unit.sector if on_watch else None
            threats.append(KnownThreat(unit.id, unit.pos, SNIPER if sniper else OVERWATCH, sector))
    for uid, pos in sorted(ghosts.items()):
        known = state.units.get(uid)
        if known is None or uid in seen_now or known.side is not side.enemy or not known.alive:
            continue
        if state.ruleset.units[known.type_id].has_role("sniper"):
            threats.append(KnownThreat(uid, pos, SNIPER))
    return threats


def threat_reach(utype: UnitType, vehicle: bool) -> int:
    """The longest range among the weapons a unit of this type could fire at a mover (scarce
    anti-armour rounds are kept for vehicles, as reaction fire keeps them)."""
    return max(
        (w.range for w in utype.weapons if vehicle or not (w.ammo > 0 and w.anti_armour)),
        default=0,
    )


def watched_tiles(
    state: BattleState,
    threats: Iterable[KnownThreat],
    tiles: Iterable[TilePos],
    vehicle: bool = False,
) -> dict[TilePos, list[KnownThreat]]:
    """The tiles (of `tiles`) that some threat watches, each with the threats watching it, in
    the threats' order; `vehicle` says whether the mover is a vehicle."""
    seen_at = default_sight_rules().tile_seen
    cells = list(dict.fromkeys(tiles))
    watched: dict[TilePos, list[KnownThreat]] = {}
    for threat in threats:
        utype = state.ruleset.units[state.units[threat.unit_id].type_id]
        reach = threat_reach(utype, vehicle)
        for pos in cells:
            if pos == threat.pos or distance(threat.pos, pos) > reach + 1e-9:
                continue
            if threat.sector is not None and not threat.sector.covers(threat.pos, pos):
                continue
            vis = visibility_between(state.grid, state.smoke, threat.pos, pos, utype.sight)
            if vis >= seen_at:
                watched.setdefault(pos, []).append(threat)
    return {pos: watched[pos] for pos in cells if pos in watched}
