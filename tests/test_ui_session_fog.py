"""The client's fog: each side's SideFog workspace is reused between refreshes (the fast path),
and tiles an ISIL drone revealed this turn count as seen for that side."""

from __future__ import annotations

import tracemalloc

import numpy as np

from game.client.battle_session import BattleSession
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from game.rules.sight_rules import default_sight_rules
from game.sim.fog import side_visibility
from game.sim.line_of_sight import SightWorkspace


def _memory_taken_by_refresh(session: BattleSession) -> int:
    """The peak of the memory newly allocated while the session refreshes its fog."""
    tracemalloc.start()
    try:
        session.refresh_fog()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_refresh_reuses_each_sides_workspace(ruleset):
    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=1)
    state = session.state
    kept = _memory_taken_by_refresh(session)  # the workspaces the opening refresh filled
    for side in Side:
        viewers = [(u.pos, state.ruleset.units[u.type_id].sight) for u in state.units_of(side)]
        fresh = side_visibility(state.grid, state.smoke, viewers, default_sight_rules())
        assert np.array_equal(session.visibility[side], fresh)
        session.fog[side].workspace = SightWorkspace()
    cold = _memory_taken_by_refresh(session)
    # the kept scratch arrays are reused: a refresh allocates little beyond its results
    assert kept * 5 < cold


def test_tiles_revealed_by_a_drone_count_as_seen(ruleset):
    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=1)
    state = session.state
    fog = session.fog[Side.ISIL]
    unseen = np.argwhere(~fog.ever_seen)
    y, x = (int(v) for v in unseen[len(unseen) // 2])
    tile = TilePos(x, y)
    state.revealed[Side.ISIL] = {tile, TilePos(x + 1 if x + 1 < state.grid.width else x - 1, y)}
    session.refresh_fog()
    assert fog.visible_now[y, x] and fog.ever_seen[y, x]
    assert session.visibility[Side.ISIL][y, x] == 1.0
    state.revealed[Side.ISIL] = set()  # the next turn: the drone's view is gone, memory stays
    session.refresh_fog()
    assert fog.ever_seen[y, x] and not fog.visible_now[y, x]
