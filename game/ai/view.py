"""A side's view of a battle, the only thing its AI reads about the enemy.

Enemy units enter the view only through the side's spotted set (`BattleState.spotted`):
a spotted enemy is a contact with its true tile; one that drops out of sight stays as a
ghost at its last-known tile until the side sees that tile empty or the ghost grows old.
Known enemy fields of fire (all shooters, and snipers apart) are computed from the
contacts' tiles with the same line-of-sight rules the game uses. Map terrain, smoke and
civilians are public (both sides see them on the map).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import Side, TilePos
from game.rules.sight_rules import default_sight_rules
from game.sim import sight_fields
from game.sim.fog import side_visibility
from game.sim.line_of_sight import SightWorkspace

GHOST_TURNS = 6  # a ghost not seen again for this many turns is forgotten
COVERAGE_VISIBILITY = 0.25  # a tile counts as in a shooter's field of fire at this visibility


@dataclass(frozen=True)
class Contact:
    """An enemy unit as the side knows it: seen now, or a ghost at its last-known tile."""

    id: str
    type_id: str
    pos: TilePos
    seen_now: bool
    turn: int  # the turn it was last seen
    hp: int  # its HP when last seen
    vehicle: bool
    stopped: bool  # a car bomb seen with its driver killed


class Memory:
    """What a side remembers between phases: its contacts (ghosts included)."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.contacts: dict[str, Contact] = {}

    def observe(self, state: BattleState, visible: np.ndarray | None = None) -> None:
        """Update from the side's spotted set; drop ghosts on tiles seen empty or too old."""
        seen = {
            uid
            for uid in state.spotted[self.side]
            if uid in state.units and state.units[uid].on_map
        }
        for uid, contact in list(self.contacts.items()):
            if uid in seen:
                continue
            too_old = state.turn - contact.turn > GHOST_TURNS
            seen_empty = visible is not None and bool(visible[contact.pos.y, contact.pos.x])
            if too_old or seen_empty:
                del self.contacts[uid]
            elif contact.seen_now:
                self.contacts[uid] = _replace_seen(contact, False)
        for uid in sorted(seen):
            unit = state.units[uid]
            utype = state.ruleset.units[unit.type_id]
            self.contacts[uid] = Contact(
                uid,
                unit.type_id,
                unit.pos,
                True,
                state.turn,
                unit.hp,
                utype.is_vehicle,
                unit.driver_killed,
            )


def _replace_seen(contact: Contact, seen_now: bool) -> Contact:
    return Contact(
        contact.id,
        contact.type_id,
        contact.pos,
        seen_now,
        contact.turn,
        contact.hp,
        contact.vehicle,
        contact.stopped,
    )


def sight_windows(
    state: BattleState,
    viewers: list[TilePos],
    sight_range: int,
    ws: SightWorkspace | None = None,
) -> list[tuple[int, int, np.ndarray]]:
    """Visibility around each viewer tile, all computed at once: (x0, y0, array [y, x])
    clipped to the map, as `line_of_sight.visibility_field` gives for one."""
    return sight_fields.fields(state.grid, state.smoke, viewers, sight_range, ws=ws)


def side_sight(state: BattleState, side: Side) -> np.ndarray:
    """(H, W) bool: the tiles the side's units see now (to clear ghosts)."""
    viewers = [(u.pos, state.ruleset.units[u.type_id].sight) for u in state.units_of(side)]
    seen = default_sight_rules().tile_seen  # the fog's threshold (assets/rules/sight.toml)
    return side_visibility(state.grid, state.smoke, viewers) >= seen


class SideView:
    """One side's picture at one moment: own units, contacts, and known enemy fire."""

    def __init__(
        self,
        state: BattleState,
        side: Side,
        memory: Memory,
        ws: SightWorkspace | None = None,
    ) -> None:
        self.state = state
        self.ws = SightWorkspace() if ws is None else ws
        self.side = side
        self.own: list[UnitState] = state.units_of(side)
        self.contacts: list[Contact] = [memory.contacts[k] for k in sorted(memory.contacts)]
        self.spotted: list[Contact] = [c for c in self.contacts if c.seen_now]
        self._fire: np.ndarray | None = None
        self._sniper: np.ndarray | None = None

    def known_occupied(self) -> set[TilePos]:
        """Tiles the side knows to be taken: its own units' and the enemies it sees."""
        return {u.pos for u in self.own} | {c.pos for c in self.spotted}

    def spotted_units(self) -> list[UnitState]:
        """The enemy units seen now (the only enemy unit objects the AI may read)."""
        return [self.state.units[c.id] for c in self.spotted]

    def signature(self) -> tuple[object, ...]:
        """The contacts' ids and tiles and the smoke (a cache key for the fields of fire)."""
        smoke = round(float(self.state.smoke.sum()), 3)
        return (smoke, *((c.id, c.pos.x, c.pos.y) for c in self.contacts))

    def _coverage(self, contacts: list[Contact]) -> np.ndarray:
        """Sum of accuracy x damage of the contacts whose fire reaches each tile."""
        state = self.state
        out = np.zeros(state.grid.gid.shape, np.float32)
        groups: dict[int, list[Contact]] = {}
        for contact in contacts:
            utype = state.ruleset.units[contact.type_id]
            if utype.weapons:
                groups.setdefault(utype.sight, []).append(contact)
        for sight, group in sorted(groups.items()):
            fields = sight_windows(state, [c.pos for c in group], sight, self.ws)
            for contact, (x0, y0, vis) in zip(group, fields, strict=True):
                weapons = state.ruleset.units[contact.type_id].weapons
                reach = max(w.range for w in weapons)
                power = max(w.accuracy * w.damage for w in weapons) / 5.0
                h, w = vis.shape
                ys, xs = np.ogrid[y0 : y0 + h, x0 : x0 + w]
                near = (xs - contact.pos.x) ** 2 + (ys - contact.pos.y) ** 2 <= reach * reach
                covered = (vis >= COVERAGE_VISIBILITY) & near
                out[y0 : y0 + h, x0 : x0 + w] += covered * np.float32(power)
        return out

    def fire_map(self) -> np.ndarray:
        """(H, W) float32: known enemy fire on each tile (0 = no known shooter reaches it)."""
        if self._fire is None:
            self._fire = self._coverage(self.contacts)
        return self._fire

    def sniper_map(self) -> np.ndarray:
        """(H, W) bool: tiles in a known enemy sniper's field of fire."""
        if self._sniper is None:
            snipers = [
                c for c in self.contacts if self.state.ruleset.units[c.type_id].has_role("sniper")
            ]
            self._sniper = self._coverage(snipers) > 0
        return self._sniper

    def share_fields(self, other: SideView) -> None:
        """Reuse another view's fields of fire when the contacts are the same."""
        if other.signature() == self.signature():
            self._fire, self._sniper = other._fire, other._sniper
