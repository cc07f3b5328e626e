"""Every property's type is checked, and the message says which type to choose in Tiled."""

from __future__ import annotations

import pytest

from tests.map_factory import default_objects, map_xml, obj, write_map
from tests.validator_helpers import errors_of, one_line, problems_of, with_props

# --- property types ----------------------------------------------------------------------


def test_decoration_as_a_string_is_refused_naming_the_type_to_choose(tmp_path, ruleset):
    layer = (
        ' <layer id="2" name="detail" width="10" height="6">\n'
        '  <properties>\n   <property name="decoration" value="true"/>\n  </properties>\n'
        '  <data encoding="csv">\n' + ",\n".join(["0,0,0,0,0,0,0,0,0,0"] * 6) + "\n</data>\n"
        " </layer>\n"
    )
    errors = errors_of(tmp_path, ruleset, map_xml(extra_layers=layer))
    line = one_line(errors, "layer 'detail'", "'decoration'", "a string")
    assert "choose the type bool" in line


@pytest.mark.parametrize(
    ("name", "value", "tiled_type", "wanted"),
    [
        ("turn_limit", "6", "string", "int"),
        ("turn_limit", 6.0, "float", "int"),
        ("wind_strength", "1.5", "string", "float"),
        ("title", 7, "int", "string"),
        ("player_side", True, "bool", "string"),
    ],
)
def test_map_properties_of_the_wrong_type(tmp_path, ruleset, name, value, tiled_type, wanted):
    errors = errors_of(tmp_path, ruleset, map_xml(props=with_props(**{name: value})))
    line = one_line(
        errors, f"'{name}'", f"{'an' if tiled_type == 'int' else 'a'} {tiled_type} property"
    )
    assert f"choose the type {wanted}" in line


def test_whole_numbers_where_a_float_is_asked_are_fine(tmp_path, ruleset):
    text = map_xml(props=with_props(wind_strength=2, wind_direction=270))
    errors, _warnings, loaded = problems_of(write_map(tmp_path, text), ruleset)
    assert loaded, errors


@pytest.mark.parametrize(
    ("prop", "value", "tiled_type", "wanted"),
    [
        ("overwatch", "true", "string", "bool"),
        ("arrival_turn", "3", "string", "int"),
        ("arrival_turn", 3.0, "float", "int"),
        ("unit_type", 5, "int", "string"),
        ("entry", False, "bool", "string"),
    ],
)
def test_unit_properties_of_the_wrong_type(tmp_path, ruleset, prop, value, tiled_type, wanted):
    props: dict[str, object] = {"unit_type": "cts", prop: value}
    objects = default_objects()
    objects["units"] += obj(9, "Typed", "unit", (1, 1), **props)
    errors = errors_of(tmp_path, ruleset, map_xml(objects=objects))
    line = one_line(
        errors,
        "'Typed'",
        f"'{prop}'",
        f"{'an' if tiled_type == 'int' else 'a'} {tiled_type} property",
    )
    assert f"choose the type {wanted}" in line


def test_an_object_reference_is_not_a_number(tmp_path, ruleset):
    text = map_xml().replace(
        '<property name="points" type="int" value="50"/>',
        '<property name="points" type="object" value="3"/>',
    )
    errors = errors_of(tmp_path, ruleset, text)
    assert "choose the type int" in one_line(errors, "'points'", "an object property")


@pytest.mark.parametrize("digits", ["\u2460", "\u00b2", "\u0663", "1\u00b2", "\u0661\u0662"])
def test_unicode_digits_in_number_properties_are_refused_not_a_crash(tmp_path, ruleset, digits):
    as_string = map_xml(props=with_props(turn_limit=digits))
    one_line(errors_of(tmp_path, ruleset, as_string), "'turn_limit'")
    as_int = map_xml().replace(
        '<property name="turn_limit" type="int" value="8"/>',
        f'<property name="turn_limit" type="int" value="{digits}"/>',
    )
    one_line(errors_of(tmp_path, ruleset, as_int), "'turn_limit'", "not a valid int")
    odd_id = map_xml().replace('<object id="1" ', f'<object id="{digits}" ')
    errors, _warnings, _loaded = problems_of(write_map(tmp_path, odd_id, "id.tmx"), ruleset)
    assert not [e for e in errors if "Traceback" in e]


def test_a_tile_property_of_the_wrong_type_names_the_type(tmp_path, ruleset):
    text = map_xml().replace(
        '<property name="height" type="float" value="2"/>', '<property name="height" value="2"/>'
    )
    line = one_line(errors_of(tmp_path, ruleset, text), "property 'height'", "a string property")
    assert "choose the type float in the Tileset Editor" in line
