"""The compiled loops (numba) against their references on random maps: the fog, the sight
windows and the line-of-sight tool against the numpy tree pass, spotting against the pair
walk, move ranges and route fields against tcod's pathfinder; undo without copying the
battle gives back exactly the state before the move."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.coalition import CoalitionAI
from game.ai.isil import IsilAI
from game.commands import Move
from game.commands.command_log import RecordedBattle
from game.core.paths import MAPS_DIR
from game.core.values import Side, TilePos
from game.play.match import Match
from game.scenario.loader import load_scenario
from game.sim import movement, route_kernels, sight_fields, spotting
from game.sim.fog import side_visibility
from game.sim.line_of_sight import (
    SightWorkspace,
    prepare_sight_map,
    view_radius,
    visibility_field,
    visibility_windows,
)
from tests.grid_builder import grid_from_ascii

MAP_CHARS = "=.=.=#1234:HTwB~"


@st.composite
def battlefields(draw, most: int = 16):
    """A small map of every terrain, some smoke, and a few viewers with their sight."""
    w, h = draw(st.integers(1, most)), draw(st.integers(1, most))
    rows = ["".join(draw(st.sampled_from(MAP_CHARS)) for _ in range(w)) for _ in range(h)]
    levels = st.sampled_from([0.0, 0.0, 0.0, 0.25, 0.5, 1.0])
    smoke = np.array([[draw(levels) for _ in range(w)] for _ in range(h)], np.float32)
    tile = st.tuples(st.integers(0, w - 1), st.integers(0, h - 1))
    viewers = draw(st.lists(st.tuples(tile, st.integers(0, 9)), min_size=1, max_size=6))
    return rows, smoke, [(TilePos(*p), s) for p, s in viewers]


@settings(max_examples=120, deadline=None)
@given(battlefields())
def test_the_compiled_fog_is_the_numpy_references_bit_for_bit(ruleset, case):
    rows, smoke, viewers = case
    grid = grid_from_ascii(rows, ruleset)
    expected = np.zeros(grid.height.shape, np.float32)
    for pos, sight in viewers:  # each viewer's field by the numpy pass, best of them
        x0, y0, field = visibility_field(grid, smoke, pos, sight)
        window = expected[y0 : y0 + field.shape[0], x0 : x0 + field.shape[1]]
        np.maximum(window, field, out=window)
    ws = SightWorkspace()
    assert np.array_equal(side_visibility(grid, smoke, viewers, ws=ws), expected)
    assert np.array_equal(side_visibility(grid, smoke, viewers, ws=ws), expected)  # reused


@settings(max_examples=80, deadline=None)
@given(battlefields())
def test_compiled_windows_and_fields_are_the_numpy_references(ruleset, case):
    rows, smoke, viewers = case
    grid = grid_from_ascii(rows, ruleset)
    sight = viewers[0][1]
    tiles = [p for p, _ in viewers]
    r = view_radius(sight)
    reference = visibility_windows(prepare_sight_map(grid, smoke, r), tiles, sight).copy()
    compiled = sight_fields.windows(grid, smoke, tiles, sight)
    for (x, y), ours, theirs in zip(tiles, compiled, reference, strict=True):
        ys, xs = np.mgrid[y - r : y + r + 1, x - r : x + r + 1]
        on_map = (xs >= 0) & (xs < grid.width) & (ys >= 0) & (ys < grid.height_tiles)
        assert np.array_equal(ours[on_map], theirs[on_map])
    x0, y0, field = sight_fields.field(grid, smoke, tiles[0], sight)
    rx0, ry0, rfield = visibility_field(grid, smoke, tiles[0], sight)
    assert (x0, y0) == (rx0, ry0) and np.array_equal(field, rfield)


def test_spotting_in_one_call_is_each_pair_checked_alone(ruleset):
    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    battle = RecordedBattle.start(scenario, ruleset, 3)
    match = Match(
        battle, {Side.ISIL: IsilAI(Side.ISIL), Side.COALITION: CoalitionAI(Side.COALITION)}
    )
    checked = 0
    while not battle.state.over and checked < 60:
        state = battle.state
        for side in Side:
            by_pairs = {
                t.id
                for t in state.units_of(side.enemy)
                if spotting.side_sees(state, side, t)
                or any(spotting.unit_sees(state, v, t) for v in state.units_of(side))
            }
            assert spotting.enemies_seen(state, side) == by_pairs
            # the batched check the AI's shot choice makes, over every unit at once
            everyone = list(state.units.values())
            in_one_call = spotting.targets_seen(state, side, everyone)
            assert in_one_call == {t.id: spotting.side_sees(state, side, t) for t in everyone}
        checked += 1
        match.step()
    assert checked == 60


@st.composite
def route_windows(draw):
    h, w = draw(st.integers(1, 24)), draw(st.integers(1, 24))
    seed = draw(st.integers(0, 2**31))
    rng = np.random.default_rng(seed)
    enterable = rng.random((h, w)) < 0.8
    costs = np.where(enterable, rng.integers(1, 6, (h, w)), 0).astype(np.int32)
    cells = st.tuples(st.integers(0, h - 1), st.integers(0, w - 1))
    roots = draw(st.lists(cells, min_size=1, max_size=4))
    return costs, enterable, roots


@settings(max_examples=150, deadline=None)
@given(route_windows())
def test_compiled_move_costs_are_tcods_distances(case):
    costs, enterable, roots = case
    pf = movement.pathfinder(costs, enterable)
    for root in roots:
        pf.add_root(root)
    pf.resolve()
    ours = route_kernels.move_distances(
        costs, enterable, np.array(roots, np.int64), movement.UNREACHABLE - 1,
        movement.UNREACHABLE,
    )  # fmt: skip
    assert np.array_equal(ours, pf.distance)


def test_undoing_a_clean_move_gives_back_the_state_before_it(ruleset):
    scenario = load_scenario(MAPS_DIR / "qadisiyah.tmx", ruleset)
    battle = RecordedBattle.start(scenario, ruleset, 5)
    match = Match(
        battle, {Side.ISIL: IsilAI(Side.ISIL), Side.COALITION: CoalitionAI(Side.COALITION)}
    )
    undone = 0
    while not battle.state.over and undone < 25:
        command = match.next_command()
        before = battle.state.state_hash()
        state = battle.state
        match.apply(command)
        if isinstance(command, Move) and battle.can_undo():
            after = battle.state.state_hash()
            battle.undo()
            assert battle.state is state  # the same battle object, put back in place
            assert battle.state.state_hash() == before
            battle.execute(command)  # and the move again, as the AI chose it
            assert battle.state.state_hash() == after
            undone += 1
    assert undone >= 10
