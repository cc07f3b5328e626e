"""A battle as one side pictures it: a copy in which the enemies it does not know are gone and
those it remembers stand where it last saw them or on a plausible tile near there.

Only the side's view is read about the enemy: its contacts (seen now: as they are; ghosts:
a fresh unit of the remembered type and HP, assumed on overwatch). The sampling and the
copy's dice are seeded from public facts (turn, phase, unit ids, the sample's number),
never from the battle's random generator.
"""

from __future__ import annotations

import zlib

import numpy as np

from game.ai.view import Contact, SideView
from game.battle.state import BattleState
from game.battle.units import UnitState
from game.core.values import Side, TilePos
from game.sim.movement import terrain_enterable
from game.sim.spotting import refresh_spotting

DRIFT_PER_TURN = 2  # a remembered enemy may have moved this many tiles a turn since seen
MAX_DRIFT = 4  # and at most this far from where it was seen


def public_seed(view: SideView, *salt: int) -> list[int]:
    """A seed from public facts only: the turn, the side's unit ids and contacts, `salt`."""
    own = ",".join(u.id for u in view.own)
    known = ",".join(c.id for c in view.contacts)
    return [view.state.turn, zlib.crc32(own.encode()), zlib.crc32(known.encode()), *salt]


def ghost_unit(state: BattleState, contact: Contact, side: Side, pos: TilePos) -> UnitState:
    """A remembered enemy as a fresh unit of its type on `pos`, with the HP last seen,
    watching (overwatch with its cheapest shot's AP)."""
    utype = state.ruleset.units[contact.type_id]
    unit = UnitState.new(contact.id, utype, side, pos)
    unit.hp = contact.hp
    unit.driver_killed = contact.stopped
    unit.overwatch_ap = float(min((w.ap for w in utype.weapons), default=0))
    return unit


def plausible_tile(
    state: BattleState,
    contact: Contact,
    seen: np.ndarray,
    taken: set[TilePos],
    rng: np.random.Generator,
) -> TilePos:
    """A tile near the ghost's where the enemy could stand unseen now (its own tile if none)."""
    utype = state.ruleset.units[contact.type_id]
    enterable = terrain_enterable(state, utype.move)
    r = min(MAX_DRIFT, DRIFT_PER_TURN * (state.turn - contact.turn + 1))
    x, y = contact.pos
    h, w = enterable.shape
    x0, x1, y0, y1 = max(0, x - r), min(w, x + r + 1), max(0, y - r), min(h, y + r + 1)
    ok = enterable[y0:y1, x0:x1] & ~seen[y0:y1, x0:x1]
    ys, xs = np.nonzero(ok)
    tiles = [TilePos(int(a) + x0, int(b) + y0) for a, b in zip(xs, ys, strict=True)]
    tiles = [t for t in tiles if t not in taken]
    if not tiles:
        return contact.pos
    return tiles[int(rng.integers(len(tiles)))]


def pictured_battle(view: SideView, sample: int, seen: np.ndarray) -> BattleState:
    """A copy of the battle as the side pictures it (sample 0: ghosts where last seen; later
    samples: ghosts on plausible tiles near there, `seen` being the tiles it sees now)."""
    state = view.state
    copy = state.clone()
    picking = np.random.default_rng(public_seed(view, sample, 0))
    copy.rng = np.random.default_rng(public_seed(view, sample, 1))  # the copy's own dice
    known = {c.id for c in view.contacts}
    enemy = view.side.enemy
    for unit in copy.units.values():
        if unit.side is enemy and unit.id not in known:
            unit.arrived = False  # not in the picture
    taken = {u.pos for u in view.own} | {c.pos for c in view.spotted}
    for contact in view.contacts:
        if contact.seen_now:
            continue  # seen as it is
        pos = contact.pos
        if sample > 0:
            pos = plausible_tile(state, contact, seen, taken, picking)
        copy.units[contact.id] = ghost_unit(state, contact, enemy, pos)
        taken.add(pos)
    copy.spotted[view.side] = {c.id for c in view.spotted}
    refresh_spotting(copy, enemy)
    return copy
