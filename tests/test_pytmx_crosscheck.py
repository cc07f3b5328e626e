"""Our tile-layer decoding agrees with pytmx's on every map both can read."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from game.core.paths import MAPS_DIR
from game.core.problems import ProblemLog, ScenarioError
from game.tiled.tmx_reader import GID_MASK, read_map
from tests.map_factory import map_xml, write_map

pytmx = pytest.importorskip("pytmx")
EXAMPLES = Path("/usr/share/doc/tiled/examples")


def _maps() -> list[Path]:
    found = sorted(MAPS_DIR.rglob("*.tmx"))
    if EXAMPLES.is_dir():
        found += sorted(p for p in EXAMPLES.rglob("*.tmx"))
    return found


def _compare(path: Path) -> None:
    try:
        ours = read_map(path, ProblemLog(str(path)))
    except ScenarioError:
        pytest.skip(f"{path.name}: refused by our reader (tested elsewhere)")
    try:
        theirs = pytmx.TiledMap(str(path))
    except Exception as exc:  # pytmx's documented failure modes vary; not our concern here
        pytest.skip(f"{path.name}: pytmx cannot read it ({type(exc).__name__})")
    their_layers = [layer for layer in theirs.layers if isinstance(layer, pytmx.TiledTileLayer)]
    our_layers = [layer for layer in ours.layers if layer.kind == "tile"]
    assert sorted(layer.name for layer in our_layers) == sorted(
        layer.name for layer in their_layers
    )
    to_tiled = np.zeros(max(theirs.tiledgidmap, default=0) + 1, dtype=np.uint32)
    for internal, tiled in theirs.tiledgidmap.items():
        to_tiled[internal] = tiled & GID_MASK
    for layer in their_layers:
        mine = next(o for o in our_layers if o.name == layer.name)
        assert mine.gids is not None
        assert np.array_equal(to_tiled[np.array(layer.data)], mine.gids & GID_MASK), layer.name


@pytest.mark.parametrize("path", _maps(), ids=lambda p: p.name)
def test_layers_match_pytmx(path):
    _compare(path)


@pytest.mark.parametrize("encoding", ["csv", "base64", "zlib", "gzip"])
def test_generated_encodings_match_pytmx(tmp_path, encoding):
    _compare(write_map(tmp_path, map_xml(encoding=encoding)))


def test_gzip_file_is_read(tmp_path, ruleset):
    from game.scenario.loader import load_scenario

    plain = write_map(tmp_path, map_xml())
    packed = tmp_path / "packed.tmx.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = load_scenario(plain, ruleset), load_scenario(packed, ruleset)
    assert np.array_equal(a.grid.gid, b.grid.gid)
