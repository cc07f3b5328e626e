"""The validator names what a designer misspelled: layers, object types and values, with "did
you mean"; names the other work adds (the triggers layer, difficulty) are not refused."""

from __future__ import annotations

from tests.map_factory import default_objects, map_xml, obj, write_map
from tests.validator_helpers import errors_of, one_line, problems_of

# --- names: layers, object types and values ----------------------------------------------


def test_a_misspelled_object_layer_is_an_error_with_did_you_mean(tmp_path, ruleset):
    objects = default_objects()
    objects["Units"] = objects.pop("units")
    objects["objective"] = objects.pop("objectives")
    errors = errors_of(tmp_path, ruleset, map_xml(objects=objects))
    line = one_line(errors, "object layer 'Units'", "did you mean 'units'?")
    assert "rename the layer" in line
    one_line(errors, "object layer 'objective'", "did you mean 'objectives'?")


def test_game_objects_in_a_layer_the_game_does_not_read(tmp_path, ruleset):
    objects = default_objects()
    objects["soldiers"] = obj(20, "Lost", "unit", (1, 1), unit_type="cts")
    objects["notes"] = obj(21, "A note", "", (1, 1)) + obj(22, "Todo", "todo", (2, 1))
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors  # other games' maps use such types too: a warning, not a refusal
    one_line(
        warnings, "layer 'soldiers'", "'unit' object is ignored", "only from the 'units' layer"
    )
    assert not [w for w in warnings if "'notes'" in w]  # notes layers stay allowed


def test_unknown_object_types_say_did_you_mean(tmp_path, ruleset):
    objects = {
        "units": obj(1, "A", "unti", (0, 0), unit_type="cts"),
        "objectives": obj(2, "B", "captur", (2, 2), (2, 2)),
        "events": obj(3, "C", "tyrefire", (5, 0)),
    }
    errors = errors_of(tmp_path, ruleset, map_xml(objects=objects))
    one_line(errors, "object type 'unti'", "did you mean 'unit'?")
    one_line(errors, "object type 'captur'", "did you mean 'capture'?")
    one_line(errors, "event type 'tyrefire'", "did you mean 'tyre_fire'?")


def test_unknown_values_say_did_you_mean(tmp_path, ruleset):
    objects = {
        "units": obj(1, "A", "unit", (0, 0), unit_type="snipr", side="coalition")
        + obj(2, "B", "unit", (3, 2), unit_type="isil_fighters", ai_role="ambsh", side="isl"),
        "objectives": obj(4, "Block", "objective", (2, 2), (3, 2), kind="hodl"),
    }
    errors = errors_of(tmp_path, ruleset, map_xml(objects=objects))
    one_line(errors, "unknown unit type 'snipr'", "did you mean 'sniper'?")
    one_line(errors, "unknown ai role 'ambsh'", "did you mean 'ambush'?")
    one_line(errors, "unknown side 'isl'", "did you mean 'isil'?")
    one_line(errors, "unknown kind 'hodl'", "did you mean 'hold'?")


def test_the_triggers_layer_and_the_difficulty_property_are_not_refused(tmp_path, ruleset):
    objects = default_objects()
    objects["units"] = obj(1, "CTS 1", "unit", (0, 0), unit_type="cts", difficulty="hard") + (
        obj(2, "Fighters 1", "unit", (3, 2), unit_type="isil_fighters", difficulty="any")
    )
    objects["triggers"] = obj(
        30, "Start", "trigger", (1, 1), when="turn_start", then="message", text="Go."
    )
    errors, warnings, loaded = problems_of(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    assert loaded, errors
    assert not [w for w in warnings if "difficulty" in w or "triggers" in w], warnings
