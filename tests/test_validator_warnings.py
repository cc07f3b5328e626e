"""Scenarios that load but cannot work as meant draw warnings; every AI role is documented."""

from __future__ import annotations

import re

from game.battle.setup import AiRole
from tests.map_factory import default_objects, map_xml, obj, write_map
from tests.validator_helpers import ROOT, one_line, problems_of

# --- semantic warnings -------------------------------------------------------------------


def test_a_hold_longer_than_the_battle_warns(tmp_path, ruleset):
    objects = default_objects()
    objects["objectives"] = obj(4, "Long hold", "objective", (2, 2), (3, 2), kind="hold", turns=9)
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors
    one_line(warnings, "'Long hold'", "9 turns", "turn limit of 8")


def test_an_event_after_the_turn_limit_warns(tmp_path, ruleset):
    objects = default_objects()
    objects["events"] += obj(8, "Late fire", "tyre_fire", (6, 0), start_turn=10) + obj(
        9, "Never fire", "tyre_fire", (7, 0), start_turn=5, end_turn=3
    )
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors
    one_line(warnings, "'Late fire'", "turn 10", "turn limit of 8")
    one_line(warnings, "'Never fire'", "end_turn 3", "before its start_turn 5")


def test_a_destroy_objective_naming_its_own_unit_warns(tmp_path, ruleset):
    objects = default_objects()
    objects["objectives"] = obj(
        4, "Kill CTS", "objective", (2, 2), (3, 2), kind="destroy", target="CTS 1"
    ) + obj(5, "Guard bomb", "objective", (2, 2), (3, 2), kind="protect", target="Car bomb")
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors
    one_line(warnings, "'Kill CTS'", "'CTS 1'", "its own side")
    one_line(warnings, "'Guard bomb'", "'Car bomb'", "an enemy")


def test_a_role_that_does_not_fit_the_unit_type_warns(tmp_path, ruleset):
    objects = default_objects()
    objects["units"] += obj(8, "RPG", "unit", (4, 1), unit_type="rpg_team", ai_role="vbied_strike")
    objects["units"] += obj(9, "Parked bomb", "unit", (8, 0), unit_type="vbied", ai_role="hold")
    objects["units"] += obj(10, "Kept", "unit", (8, 1), unit_type="vbied", ai_role="reserve")
    objects["units"] += obj(11, "Kept 2", "unit", (9, 1), unit_type="vbied", ai_role="reserve")
    objects["triggers"] = obj(40, "Go", "trigger", (0, 0), when="turn_start", turn=3,
                              then="launch", units="Kept 2")  # fmt: skip
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors
    one_line(warnings, "'RPG'", "vbied_strike", "detonate")
    one_line(warnings, "'Parked bomb'", "'hold'", "vbied_strike")
    one_line(warnings, "'Kept'", "no `launch` trigger names it")  # a reserve waits for one
    assert not [w for w in warnings if "'Kept 2'" in w]
    assert not [w for w in warnings if "'Car bomb'" in w]  # the shipped pairing is fine


def test_every_ai_role_is_documented_with_what_the_unit_does():
    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    section = doc.split("## AI roles", 1)
    assert len(section) == 2, "docs/scenario-format.md needs an '## AI roles' section"
    body = section[1].split("\n## ", 1)[0]
    for role in AiRole:
        row = re.search(rf"^\| `{role.value}` \| (.+) \|$", body, re.MULTILINE)
        assert row and len(row.group(1)) > 40, f"role '{role.value}' is not described"
