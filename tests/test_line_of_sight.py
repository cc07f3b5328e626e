"""2.5D line of sight on hand-built maps: rooftops, smoke, rubble, trees, symmetry, fog of war."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.bench.context import build_context, tcod_side_fov
from game.cli import main as cli_main
from game.core.values import TilePos
from game.rules.data_files import RulesError
from game.rules.sight_rules import default_sight_rules, load_sight_rules
from game.sim.fog import SideFog, side_visibility
from game.sim.line_of_sight import (
    SightWorkspace,
    concealment,
    eye_level,
    eye_levels,
    spotted,
    view_radius,
    visibility_between,
    visibility_field,
    visibility_matrix,
)
from game.sim.ray_tables import line_tree, sight_plan
from tests.grid_builder import grid_from_ascii

RULES = default_sight_rules()


def _no_smoke(grid):
    return np.zeros(grid.height.shape, np.float32)


def _vis(grid, a, b, sight=20, smoke=None):
    smoke = _no_smoke(grid) if smoke is None else smoke
    return visibility_between(grid, smoke, TilePos(*a), TilePos(*b), sight)


def test_eye_level_roof_and_ground(ruleset):
    grid = grid_from_ascii(["3=:1"], ruleset)
    assert eye_level(grid, 0, 0) == 3.5
    assert eye_level(grid, 1, 0) == 0.5
    assert eye_level(grid, 2, 0) == 0.5  # rubble is not a building: a unit stands in it
    assert eye_level(grid, 3, 0) == 1.5


@pytest.mark.parametrize(("block", "seen"), [("1", True), ("4", False)])
def test_rooftop_sniper_sees_over_lower_block_not_taller(ruleset, block, seen):
    row = "3===" + block * 2 + "====="
    grid = grid_from_ascii([row], ruleset)
    sniper, target = (0, 0), (10, 0)
    assert (_vis(grid, sniper, target) > 0.99) is seen
    # a ground viewer in front of the sniper's building never sees over either block
    assert _vis(grid, (1, 0), target) == 0.0


def test_sniper_line_height_is_interpolated(ruleset):
    # eye 3.5 -> target 0.5 over 6 steps: the line is at 2.0 over the 2-storey house at step 3
    grid = grid_from_ascii(["3==2==="], ruleset)
    assert _vis(grid, (0, 0), (6, 0)) == pytest.approx(1.0)
    taller = grid_from_ascii(["3==3==="], ruleset)
    assert _vis(taller, (0, 0), (6, 0)) == 0.0


def test_three_tiles_of_thick_smoke_blind(ruleset):
    grid = grid_from_ascii(["======="], ruleset)
    smoke = _no_smoke(grid)
    smoke[0, 2:5] = 1.0
    vis = _vis(grid, (0, 0), (6, 0), smoke=smoke)
    assert vis == pytest.approx(math.exp(-3 * RULES.smoke_obscuration))
    assert vis < 0.05
    assert not spotted(vis, 1.4, 0.45)
    smoke[0, 3:5] = 0.0
    one = _vis(grid, (0, 0), (6, 0), smoke=smoke)
    assert one == pytest.approx(math.exp(-RULES.smoke_obscuration))
    assert spotted(one, 1.4, 0.4)


def test_smoke_on_the_end_tiles_counts_half(ruleset):
    grid = grid_from_ascii(["====="], ruleset)
    smoke = _no_smoke(grid)
    smoke[0, 4] = 1.0
    expected = math.exp(-0.5 * RULES.smoke_obscuration)
    assert _vis(grid, (0, 0), (4, 0), smoke=smoke) == pytest.approx(expected)
    assert _vis(grid, (4, 0), (0, 0), smoke=smoke) == pytest.approx(expected)


def test_one_tile_of_rubble_attenuates(ruleset):
    grid = grid_from_ascii(["===:==="], ruleset)
    assert _vis(grid, (0, 0), (6, 0)) == pytest.approx(math.exp(-0.3))


def test_trees_obscure_ground_lines_not_a_rooftop_line(ruleset):
    grid = grid_from_ascii(["3==T==3", "===T==="], ruleset)
    assert _vis(grid, (0, 1), (6, 1)) == pytest.approx(math.exp(-0.4))
    assert _vis(grid, (0, 0), (6, 0)) == pytest.approx(1.0)
    assert _vis(grid, (0, 0), (6, 1)) == pytest.approx(1.0)  # the sniper looks over the trees
    # a unit standing in the trees is hidden by half a tile of them, from the ground only
    assert _vis(grid, (0, 1), (3, 1)) == pytest.approx(math.exp(-0.2))
    assert _vis(grid, (0, 0), (3, 1)) == pytest.approx(1.0)


def test_walls_block_ground_lines(ruleset):
    grid = grid_from_ascii(["===w==="], ruleset)
    assert _vis(grid, (0, 0), (6, 0)) == 0.0
    assert _vis(grid, (0, 0), (3, 0)) == 1.0  # the wall itself is seen


def test_distance_falloff_beyond_sight_range(ruleset):
    grid = grid_from_ascii(["=" * 40], ruleset)
    assert _vis(grid, (0, 0), (10, 0), sight=10) == 1.0
    assert _vis(grid, (0, 0), (13, 0), sight=10) == pytest.approx(0.4)
    assert _vis(grid, (0, 0), (15, 0), sight=10) == 0.0
    assert view_radius(10) == 14


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 30),
    st.integers(0, 29),
    st.integers(0, 29),
    st.integers(0, 29),
    st.integers(0, 29),
    st.floats(0.0, 1.0),
)
def test_ground_units_in_the_open_see_each_other_alike(ruleset, size, ax, ay, bx, by, haze):
    grid = grid_from_ascii(["=" * size] * size, ruleset)
    smoke = np.full(grid.height.shape, haze, np.float32)
    a, b = (ax % size, ay % size), (bx % size, by % size)
    assert _vis(grid, a, b, 12, smoke) == pytest.approx(_vis(grid, b, a, 12, smoke), abs=1e-12)


MAP_CHARS = "=.=.=#1234:HTwB~"


@st.composite
def small_battlefields(draw):
    w, h = draw(st.integers(1, 14)), draw(st.integers(1, 14))
    rows = ["".join(draw(st.sampled_from(MAP_CHARS)) for _ in range(w)) for _ in range(h)]
    levels = st.sampled_from([0.0, 0.0, 0.0, 0.25, 0.5, 1.0])
    smoke = np.array([[draw(levels) for _ in range(w)] for _ in range(h)], np.float32)
    src = (draw(st.integers(0, w - 1)), draw(st.integers(0, h - 1)))
    return rows, smoke, src, draw(st.integers(0, 9))


@settings(max_examples=150, deadline=None)
@given(small_battlefields())
def test_visibility_field_agrees_with_visibility_between(ruleset, case):
    rows, smoke, src, sight = case
    grid = grid_from_ascii(rows, ruleset)
    x0, y0, field = visibility_field(grid, smoke, TilePos(*src), sight)
    r = view_radius(sight)
    assert (x0, y0) == (max(0, src[0] - r), max(0, src[1] - r))
    h, w = field.shape
    assert (x0 + w, y0 + h) == (
        min(grid.width, src[0] + r + 1),
        min(grid.height_tiles, src[1] + r + 1),
    )
    for y in range(h):
        for x in range(w):
            expected = _vis(grid, src, (x0 + x, y0 + y), sight, smoke)
            assert field[y, x] == pytest.approx(expected, abs=1e-5), (x0 + x, y0 + y)


@pytest.mark.parametrize(("radius", "limit"), [(8, 1.0), (30, 1.25), (60, 1.6)])
def test_sight_lines_are_connected_and_stay_near_the_segment(radius, limit):
    tree = line_tree(radius)
    worst = 0.0
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if (dx, dy) == (0, 0):
                continue
            line = tree.line(dx, dy)
            assert len(line) == max(abs(dx), abs(dy)) - 1
            prev = (0, 0)
            for i, (lx, ly) in enumerate([*line, (dx, dy)], start=1):
                assert max(abs(lx), abs(ly)) == i  # one tile per ring
                assert max(abs(lx - prev[0]), abs(ly - prev[1])) == 1  # 8-connected
                prev = (lx, ly)
            for lx, ly in line:  # distance from each tile centre to the exact segment
                worst = max(worst, abs(lx * dy - ly * dx) / math.hypot(dx, dy))
    assert worst <= limit
    assert worst > 0.5  # a tree of lines cannot all be Bresenham-exact: the check has teeth


def test_sight_plan_parents_come_before_children():
    plan = sight_plan(20, RULES.falloff_end)
    ring = np.rint(1 / plan.inv_step).astype(int)
    deep = ring > 1
    assert (plan.parent[~deep] == plan.samples).all()
    parent_ring = ring[plan.parent[deep]]
    assert (parent_ring == ring[deep] - 1).all()
    gap = np.maximum(
        np.abs(plan.dx[deep] - plan.dx[plan.parent[deep]]),
        np.abs(plan.dy[deep] - plan.dy[plan.parent[deep]]),
    )
    assert (gap == 1).all()


def test_concealment_modifiers():
    base = 0.6
    assert concealment(base, vehicle=True) == pytest.approx(base * RULES.vehicle_factor)
    assert concealment(base, moved=True) < base
    assert concealment(base, in_building=True) == pytest.approx(base + RULES.building_bonus)
    assert concealment(0.95, in_building=True) == RULES.max_concealment
    assert spotted(0.5, 1.0, 0.5) and not spotted(0.49, 1.0, 0.5)


def test_bad_input_is_a_clear_message(ruleset):
    grid = grid_from_ascii(["==="], ruleset)
    with pytest.raises(ValueError, match=r"target tile \(5, 0\) is outside the 3x1 map"):
        _vis(grid, (0, 0), (5, 0))
    with pytest.raises(ValueError, match="smoke grid"):
        visibility_between(grid, np.zeros((2, 2), np.float32), TilePos(0, 0), TilePos(1, 0), 5)


def test_sight_rules_file_problems_are_named(tmp_path):
    path = tmp_path / "sight.toml"
    path.write_text("[sight]\neye_height = 0.5\nsmoke_obscuration = -1\nfalloff_end = 1.5\n")
    with pytest.raises(RulesError) as err:
        load_sight_rules(path)
    text = str(err.value)
    assert "[sight]: field 'smoke_obscuration' must be between 0 and 10, got -1" in text
    assert "missing field 'tile_seen'" in text
    assert "[concealment]: missing field 'vehicle_factor'" in text


def test_side_visibility_is_the_best_of_its_viewers(ruleset):
    grid = grid_from_ascii(["====w====", "=========", "====w===="], ruleset)
    smoke = _no_smoke(grid)
    viewers = [(TilePos(0, 0), 6), (TilePos(8, 2), 6)]
    fog = side_visibility(grid, smoke, viewers)
    for y in range(grid.height_tiles):
        for x in range(grid.width):
            best = max(visibility_between(grid, smoke, p, TilePos(x, y), s) for p, s in viewers)
            assert fog[y, x] == pytest.approx(best, abs=1e-5)


def test_fog_ever_seen_accumulates_and_ghosts_follow_sightings(ruleset):
    grid = grid_from_ascii(["=====w====="], ruleset)
    smoke = _no_smoke(grid)
    fog = SideFog.empty(grid.width, grid.height_tiles)
    fog.update(side_visibility(grid, smoke, [(TilePos(0, 0), 8)]), {"e1": TilePos(3, 0)})
    assert fog.visible_now[0, :6].all() and not fog.visible_now[0, 6:].any()
    assert fog.last_known == {"e1": TilePos(3, 0)}
    fog.update(side_visibility(grid, smoke, [(TilePos(10, 0), 8)]), {})
    assert not fog.visible_now[0, 0] and fog.visible_now[0, 10]
    assert fog.ever_seen.all()
    assert fog.last_known == {"e1": TilePos(3, 0)}  # not seen there now: the ghost stays
    fog.update(side_visibility(grid, smoke, [(TilePos(0, 0), 8)]), {})
    assert fog.last_known == {}  # its tile is in view and it is gone


def test_a_reused_workspace_follows_terrain_and_smoke_changes(ruleset):
    grid = grid_from_ascii(["===#====", "===#==T=", "========"], ruleset)
    smoke = _no_smoke(grid)
    viewers = [(TilePos(0, 0), 6), (TilePos(0, 2), 4)]
    ws = SightWorkspace()
    first = side_visibility(grid, smoke, viewers, ws=ws)
    assert first[0, 6] == 0.0  # behind the building
    collapsed = grid.copy()
    collapsed.gid[0:2, 3] += 1000  # as a collapse into rubble does (set_tile: a new gid)
    collapsed.height[0:2, 3] = 1.0
    collapsed.blocks_sight[0:2, 3] = False
    collapsed.obscuration[0:2, 3] = 0.3
    collapsed.building_max_hp[0:2, 3] = 0
    smoke[2, 1] = 1.0
    again = side_visibility(collapsed, smoke, viewers, ws=ws)
    assert again[0, 6] > 0.0
    np.testing.assert_allclose(again, side_visibility(collapsed, smoke, viewers), atol=1e-6)
    smaller = grid_from_ascii(["====", "T==="], ruleset)
    alone = side_visibility(smaller, _no_smoke(smaller), [(TilePos(3, 1), 5)], ws=ws)
    np.testing.assert_allclose(
        alone, side_visibility(smaller, _no_smoke(smaller), [(TilePos(3, 1), 5)])
    )


def test_side_fog_look_uses_its_own_workspace(ruleset):
    grid = grid_from_ascii(["====w===="], ruleset)
    fog = SideFog.empty(grid.width, grid.height_tiles)
    vis = fog.look(grid, _no_smoke(grid), [(TilePos(0, 0), 8)], {})
    assert fog.visible_now[0, 4] and not fog.visible_now[0, 5]
    assert vis[0, 4] == pytest.approx(1.0)


def test_ground_sight_agrees_with_tcod_shadowcasting_on_the_bench_city():
    # the peer only knows walls: compare ground viewers and ground tiles, smoke-free
    ctx = build_context(repeats=1)
    grid = ctx.grid
    clear = _no_smoke(grid)
    ground = eye_levels(grid) == np.float32(RULES.eye_height)
    yy, xx = np.mgrid[0 : grid.height_tiles, 0 : grid.width]
    shares = []
    for pos, sight in ctx.viewers:
        if not ground[pos.y, pos.x]:
            continue
        ours = side_visibility(grid, clear, [(pos, sight)]) > 0
        peer = tcod_side_fov(grid, [(pos, sight)])
        inside = (np.hypot(xx - pos.x, yy - pos.y) <= sight) & (grid.building_max_hp == 0)
        shares.append(((ours == peer) & inside).sum() / inside.sum())
    assert len(shares) >= 10
    assert np.mean(shares) >= 0.95


def test_bench_prints_the_fog_figures(capsys):
    assert cli_main(["bench", "--json", "--repeats", "1"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["fog_side_ms"] > 0 and figures["tcod_fov_side_ms"] > 0
    ratio = figures["fog_side_ms"] / figures["tcod_fov_side_ms"]
    assert figures["fog_vs_tcod"] == pytest.approx(ratio, rel=0.01)


SHARED_WS = SightWorkspace()  # reused across examples: the terrain cache must notice changes


@settings(max_examples=60, deadline=None)
@given(
    small_battlefields(),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=4),
    st.integers(1, 6),
)
def test_side_visibility_agrees_with_the_best_single_line(ruleset, case, more, sight2):
    rows, smoke, src, sight = case
    grid = grid_from_ascii(rows, ruleset)
    viewers = [(TilePos(*src), sight)]
    viewers += [(TilePos(x % grid.width, y % grid.height_tiles), sight2) for x, y in more]
    fog = side_visibility(grid, smoke, viewers, ws=SHARED_WS)
    for y in range(grid.height_tiles):
        for x in range(grid.width):
            best = max(_vis(grid, p, (x, y), s, smoke) for p, s in viewers)
            assert fog[y, x] == pytest.approx(best, abs=1e-5), (x, y)


@settings(max_examples=60, deadline=None)
@given(
    small_battlefields(),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13), st.integers(0, 7)), max_size=4),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), min_size=1, max_size=6),
)
def test_visibility_matrix_agrees_with_visibility_between(ruleset, case, more, targets):
    rows, smoke, src, sight = case
    grid = grid_from_ascii(rows, ruleset)
    w, h = grid.width, grid.height_tiles
    viewers = [(TilePos(*src), sight)] + [(TilePos(x % w, y % h), s) for x, y, s in more]
    spots = [TilePos(x % w, y % h) for x, y in targets] + [TilePos(*src)]
    matrix = visibility_matrix(grid, smoke, viewers, spots, ws=SHARED_WS)
    for i, (pos, s) in enumerate(viewers):
        for j, target in enumerate(spots):
            expected = _vis(grid, pos, target, s, smoke)
            assert matrix[i, j] == pytest.approx(expected, abs=1e-5), (pos, s, target)
