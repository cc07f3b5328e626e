"""Smoke drifts downwind, spreads around buildings but not into them, fades, and adds up to 1."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim.smoke import add_smoke, disc, drift, smoke_step, spread


def _centroid(field: np.ndarray) -> tuple[float, float]:
    ys, xs = np.indices(field.shape)
    total = field.sum()
    return float((xs * field).sum() / total), float((ys * field).sum() / total)


def _puff(shape=(21, 21), at=(10, 10), density=1.0) -> np.ndarray:
    field = np.zeros(shape, dtype=np.float32)
    field[at[1], at[0]] = density
    return field


OPEN = np.zeros((21, 21), dtype=bool)


def test_smoke_drifts_downwind():
    east_wind = (1.0, 0.0)  # a west wind blows smoke east
    moved = drift(_puff(), ~OPEN, east_wind)
    cx, cy = _centroid(moved)
    assert cx == pytest.approx(11.0) and cy == pytest.approx(10.0)
    moved = drift(_puff(), ~OPEN, (-0.5, 1.5))
    cx, cy = _centroid(moved)
    assert cx == pytest.approx(9.5) and cy == pytest.approx(11.5)
    assert moved.sum() == pytest.approx(1.0)


def test_a_full_step_moves_the_cloud_downwind_and_fades_it():
    field = _puff()
    after = smoke_step(field, OPEN, (2.0, 0.0), spread_share=0.2, fade=0.25)
    cx, _ = _centroid(after)
    assert cx == pytest.approx(12.0, abs=0.01)
    assert after.sum() == pytest.approx(0.75, abs=0.01)


def test_smoke_fades_away():
    field = _puff(density=1.0)
    for _ in range(25):
        field = smoke_step(field, OPEN, (0.0, 0.0), spread_share=0.2, fade=0.25)
    assert field.max() == 0.0


def test_buildings_block_drift_and_spread():
    blocks = np.zeros((21, 21), dtype=bool)
    blocks[:, 11] = True  # a north-south row of buildings east of the puff
    field = _puff()
    for _ in range(3):
        field = smoke_step(field, blocks, (1.0, 0.0), spread_share=0.3, fade=0.1)
    assert field[:, 11].max() == 0.0
    assert field[:, 12:].max() == 0.0  # nothing got past the row
    assert field[10, 10] > 0.1  # it piles up against the wall


def test_spread_reaches_open_neighbours():
    out = spread(_puff(), ~OPEN, 0.4)
    assert out[10, 10] == pytest.approx(0.6)
    for x, y in ((9, 10), (11, 10), (10, 9), (10, 11)):
        assert out[y, x] == pytest.approx(0.1)


def test_smoke_leaves_the_map_at_the_edge():
    field = _puff(at=(20, 10))
    out = drift(field, ~OPEN, (1.0, 0.0))
    assert out.sum() == pytest.approx(0.0)


def test_layers_add_up_to_one():
    field = np.zeros((5, 5), dtype=np.float32)
    mask = disc(field.shape, 2, 2, 1)
    add_smoke(field, mask, 0.6)
    add_smoke(field, mask, 0.6)
    assert field[2, 2] == pytest.approx(1.0) and field[2, 3] == pytest.approx(1.0)
    assert field[0, 0] == 0.0 and mask.sum() == 5


@settings(max_examples=60, deadline=None)
@given(
    wind=st.tuples(st.floats(-3, 3), st.floats(-3, 3)),
    seed=st.integers(0, 1000),
)
def test_drift_and_spread_never_create_smoke(wind, seed):
    rng = np.random.default_rng(seed)
    field = (rng.random((16, 16)) * (rng.random((16, 16)) < 0.3)).astype(np.float32)
    blocks = rng.random((16, 16)) < 0.2
    field[blocks] = 0.0
    out = spread(drift(field, ~blocks, wind), ~blocks, 0.3)
    assert out.sum() <= field.sum() + 1e-4
    assert out.min() >= -1e-6
    assert np.all(out[blocks] <= 1e-6)
