"""The client's fog: each side's SideFog workspace is reused between refreshes (the fast path),
and tiles an ISIL drone revealed this turn count as seen for that side."""

from __future__ import annotations

import numpy as np

from game.client.battle_session import BattleSession
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from game.rules.sight_rules import default_sight_rules
from game.sim.fog import side_visibility


def test_refresh_reuses_each_sides_workspace(ruleset):
    session = BattleSession.open(MAPS_DIR / "qadisiyah.tmx", ruleset, seed=1)
    state = session.state
    for side in Side:
        buffers = session.fog[side].workspace._buffers
        assert buffers, "the side's workspace was not used"
        before = {name: id(array) for name, array in buffers.items()}
        session.refresh_fog()
        assert {name: id(a) for name, a in buffers.items()} == before  # no new scratch arrays
        viewers = [(u.pos, state.ruleset.units[u.type_id].sight) for u in state.units_of(side)]
        fresh = side_visibility(state.grid, state.smoke, viewers, default_sight_rules())
        assert np.array_equal(session.visibility[side], fresh)


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
