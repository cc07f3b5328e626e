"""Fuzzing the save loader: real save documents (from a short real battle) edited at random
(types changed, keys deleted, values nested, numbers made wrong), their state hash and
checksum recomputed as a hand editor would: read_save + restore_battle either give a battle
that plays on, or a SaveError; nothing else ever escapes."""

from __future__ import annotations

import json
import math
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.commands.command_log import RecordedBattle
from game.core.values import Side
from game.play.match import play
from game.play.simulate import ai_players
from game.rules.ruleset import load_ruleset
from game.saves.save_files import SaveError, read_save, restore_battle, save_battle
from game.scenario.loader import load_scenario
from tests.map_factory import map_xml, write_map
from tests.test_save_loader_robustness import played, write_edited

Path_ = tuple[str | int, ...]


@cache
def _world(folder: str) -> tuple[Any, Any, dict[str, Any]]:
    """The ruleset, the test scenario and a real save document of a short battle on it."""
    ruleset = load_ruleset()
    scenario = load_scenario(write_map(Path(folder), map_xml()), ruleset)
    path = Path(folder) / "real.sbs.json"
    save_battle(path, played(scenario, ruleset), player={"side": "isil", "difficulty": "hard"})
    return ruleset, scenario, json.loads(path.read_text())


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return _world(str(tmp_path_factory.mktemp("fuzz")))


def _paths(value: Any, here: Path_ = ()) -> list[Path_]:
    """Every place in a document (the root excepted), in a stable order."""
    found: list[Path_] = [here] if here else []
    if isinstance(value, dict):
        for key in sorted(value):
            found.extend(_paths(value[key], (*here, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*here, index)))
    return found


def _parent(document: Any, path: Path_) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["coalition", "isil", "over", "cts", "u1", "u2", "pending", "", "PCG64"]),
    st.lists(st.integers(-3, 40), max_size=3),
    st.dictionaries(st.sampled_from(["coalition", "isil", "4", "x"]), st.integers(-2, 5)),
)


def _wrong_number(value: Any) -> list[Any]:
    """Numbers a careless editor might put in place of `value`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [0, -1, 1.5]
    return [-value - 1, value + 0.5, value * 1000 + 7, float(value), math.inf, -(2**63), 2**64]


@st.composite
def edits(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with one to three random edits in its body."""
    edited = json.loads(json.dumps(document))
    body = edited["street_by_street_save"]
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _paths(body) if not (len(p) == 1 and p[0] in ("format", "kind"))]
        path = draw(st.sampled_from(places))
        parent = _parent(body, path)
        key = path[-1]
        old = parent[key]
        how = draw(st.sampled_from(["type", "delete", "nest", "number", "swap", "nudge"]))
        if how == "type":
            parent[key] = draw(JSON_VALUES)
        elif how == "delete":
            del parent[key]
        elif how == "nest":
            parent[key] = draw(st.sampled_from([[old], {"value": old}, [[old]]]))
        elif how == "number":
            parent[key] = draw(st.sampled_from(_wrong_number(old)))
        elif how == "nudge":  # a plausible edit: a number a little off, true/false flipped
            if isinstance(old, bool):
                parent[key] = not old
            elif isinstance(old, int):
                parent[key] = old + draw(st.sampled_from([-2, -1, 1, 2, 5]))
            elif isinstance(old, float):
                parent[key] = old + draw(st.sampled_from([-1.0, -0.5, 0.5, 3.0]))
        else:  # another value of the same document in its place
            other = draw(st.sampled_from(_paths(body)))
            parent[key] = json.loads(json.dumps(_parent(body, other)[other[-1]]))
    return edited


@settings(
    # SAVE_FUZZ_EXAMPLES=5000 HYPOTHESIS_PROFILE=explore searches longer on a developer's machine
    max_examples=int(os.environ.get("SAVE_FUZZ_EXAMPLES", "300")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_an_edited_save_loads_or_is_refused_with_a_save_error(world, tmp_path, data):
    ruleset, scenario, document = world
    edited = data.draw(edits(document))
    path = write_edited(tmp_path / "fuzzed.sbs.json", edited)
    try:
        battle = restore_battle(read_save(path), scenario, ruleset)
    except SaveError as exc:
        assert "fuzzed.sbs.json" in str(exc)
        event("refused")
        return
    event("loaded")
    _plays_on(battle)


def _plays_on(battle: RecordedBattle) -> None:
    """A loaded battle is a working one: the AIs play the phase to move on from it."""
    state = battle.state
    state.state_hash()
    if state.over:
        return
    turn = state.turn
    side = state.side_to_move
    play(battle, ai_players(), stop=lambda s: s.turn > turn + 1 or s.side_to_move is not side)
    battle.state.state_hash()


def test_the_fuzzer_edits_a_real_battle(world, tmp_path):
    """The document the fuzzer starts from is a real mid-battle save, which loads and plays."""
    ruleset, scenario, document = world
    body = document["street_by_street_save"]
    assert body["turn"] == 2 and len(body["log"]["commands"]) == 4
    assert body["snapshot"]["civilians"] and body["player"]["side"] == Side.ISIL.value
    assert len(_paths(body)) > 200
    path = write_edited(tmp_path / "unedited.sbs.json", json.loads(json.dumps(document)))
    battle = restore_battle(read_save(path), scenario, ruleset)
    _plays_on(battle)
    assert len(battle.log.commands) > 4
