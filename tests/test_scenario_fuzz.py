"""Fuzzing the loader: thousands of mutated maps each load or give clear problems, never crash."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.problems import Problem
from game.scenario.loader import check_scenario
from tests.map_factory import map_xml

BASE = map_xml(encoding="csv")
BASE_ZLIB = map_xml(encoding="zlib")
ATTRIBUTES = sorted(set(re.findall(r' ([a-z]+)="', BASE)))
NASTY_VALUES = [
    "", "-1", "0", "1", "3", "32", "99999999999", "4294967295", "1e308", "nan", "inf", "abc",
    "../../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "http://x/y.tsx", "zstd", "gzip",
    "zlib", "base64", "csv", "isometric", "hexagonal", "class", "bool", "true", "float", "int",
    "unit", "objective", "civilians", "vbied", "building", "\u00e9\u00e8", "&amp;", "&lt;x&gt;",
]  # fmt: skip
INSERTIONS = [
    '<!DOCTYPE map [<!ENTITY a "x">]>',
    '<!ENTITY e SYSTEM "file:///etc/passwd">',
    "&e;",
    '<tileset firstgid="1" source="../../../../etc/passwd"/>',
    '<tileset firstgid="500" source="/etc/hosts"/>',
    '<object id="99" template="t.tx"/>',
    '<layer id="9" name="x" width="1" height="1"><data encoding="base64" compression="zstd">AAAA</data></layer>',
    '<layer id="9" name="x" width="10" height="6"><data><tile gid="1"/></data></layer>',
    '<layer id="9" name="x" width="10" height="6"><data encoding="csv"><chunk x="0" y="0" width="1" height="1">1</chunk></data></layer>',
    '<group name="g"><objectgroup name="units"><object id="1" type="unit"/></objectgroup></group>',
    '<property name="x" type="class"><properties/></property>',
    "<imagelayer><image source='../../x.png'/></imagelayer>",
    "\x00",
    "]]>",
]  # fmt: skip
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") is None
FUZZ = settings(
    max_examples=700,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=DERANDOMIZE,
)


def _load(folder: Path, text: str | bytes, ruleset) -> None:
    path = folder / "fuzz.tmx"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    scenario, problems = check_scenario(path, ruleset)
    assert all(isinstance(p, Problem) and str(p).startswith(str(path)) for p in problems)
    if scenario is None:
        assert any(not p.warning for p in problems), "refused without a reason"
    else:
        assert scenario.grid.gid.shape == (scenario.height, scenario.width)


@FUZZ
@given(data=st.data())
def test_attribute_mutations(tmp_path, ruleset, data):
    text = data.draw(st.sampled_from([BASE, BASE_ZLIB]))
    for _ in range(data.draw(st.integers(1, 3))):
        attr = data.draw(st.sampled_from(ATTRIBUTES))
        matches = list(re.finditer(rf' {attr}="[^"]*"', text))
        if not matches:
            continue
        hit = data.draw(st.sampled_from(matches))
        value = data.draw(
            st.sampled_from(NASTY_VALUES)
            | st.text(max_size=12).filter(lambda s: '"' not in s and "<" not in s and "&" not in s)
        )
        text = text[: hit.start()] + f' {attr}="{value}"' + text[hit.end() :]
    _load(tmp_path, text, ruleset)


@FUZZ
@given(cut=st.integers(0, len(BASE)), insert=st.sampled_from(["", *INSERTIONS]))
def test_truncations_and_insertions(tmp_path, ruleset, cut, insert):
    _load(tmp_path, BASE[:cut] + insert + BASE[cut:] if insert else BASE[:cut], ruleset)


@FUZZ
@given(data=st.data())
def test_random_byte_damage(tmp_path, ruleset, data):
    raw = bytearray(data.draw(st.sampled_from([BASE, BASE_ZLIB])).encode())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    _load(tmp_path, bytes(raw), ruleset)


@FUZZ
@given(
    values=st.lists(
        st.integers(0, 2**32 - 1) | st.sampled_from([0, 1, 2, 3, 7, 0x80000001]), max_size=80
    )
)
def test_random_layer_data(tmp_path, ruleset, values):
    start = BASE.index('<data encoding="csv">') + len('<data encoding="csv">')
    end = BASE.index("</data>")
    _load(tmp_path, BASE[:start] + ",".join(map(str, values)) + BASE[end:], ruleset)


def test_billion_laughs_is_refused_quickly(tmp_path, ruleset):
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    text = f'<?xml version="1.0"?>\n<!DOCTYPE map [{entities}]>\n' + BASE.split("\n", 1)[1].replace(
        "Test block", "&l9;"
    )
    path = tmp_path / "laughs.tmx"
    path.write_text(text)
    scenario, problems = check_scenario(path, ruleset)
    assert scenario is None and "DTD or entity declarations" in str(problems[0])


def test_zip_bomb_layer_is_refused(tmp_path, ruleset):
    import base64
    import zlib

    bomb = base64.b64encode(zlib.compress(b"\x01\x00\x00\x00" * 5_000_000)).decode()
    start = BASE_ZLIB.index('compression="zlib">') + len('compression="zlib">')
    end = BASE_ZLIB.index("</data>")
    path = tmp_path / "bomb.tmx"
    path.write_text(BASE_ZLIB[:start] + bomb + BASE_ZLIB[end:])
    scenario, problems = check_scenario(path, ruleset)
    assert scenario is None
    assert "unpacks to more tiles than the layer has" in str(problems[0])


# --- property values, polygon points, nesting: each crash found is kept below ------------

PROPERTY = re.compile(r'<property name="([a-z_]+)"( type="[a-z]+")? value="[^"]*"/>')
TILED_TYPES = ["", "string", "int", "float", "bool", "object", "color", "file", "class"]
ODD_NUMBERS = [
    "\u2460", "\u00b2", "\u0663", "\u0661\u0662", "1_000", " 7 ", "+3", "-0", "0x10", "1e3",
    "1e308", "-1e308", "1e309", "nan", "-inf", "9" * 5000, "\uff17", "\U0001d7e0", "true",
]  # fmt: skip
FUZZ_MORE = settings(FUZZ, max_examples=250)  # the newer strategies, kept quick
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e308, -1e308, 1e9, -1e9, 0.5, 1e-320]
)


@FUZZ_MORE
@given(data=st.data())
def test_property_values_and_types(tmp_path, ruleset, data):
    text = BASE
    matches = list(PROPERTY.finditer(text))
    for _ in range(data.draw(st.integers(1, 4))):
        hit = data.draw(st.sampled_from(matches))
        kind = data.draw(st.sampled_from(TILED_TYPES))
        value = data.draw(
            st.sampled_from(ODD_NUMBERS)
            | st.text(max_size=8).filter(lambda s: not set(s) & set('"<&\r'))
        )
        typed = f' type="{kind}"' if kind else ""
        text = text.replace(
            hit.group(0), f'<property name="{hit.group(1)}"{typed} value="{value}"/>'
        )
        matches = list(PROPERTY.finditer(text))
    _load(tmp_path, text, ruleset)


@FUZZ_MORE
@given(points=st.lists(st.tuples(FLOATS, FLOATS), min_size=1, max_size=6))
def test_polygon_points(tmp_path, ruleset, points):
    listed = " ".join(f"{x!r},{y!r}" for x, y in points)
    shape = f'<polygon points="{listed}"/>'
    text = BASE.replace("<point/>", shape, 1)
    _load(tmp_path, text, ruleset)


@FUZZ_MORE
@given(depth=st.integers(1, 2000), where=st.sampled_from(["units", "ground"]))
def test_nested_groups(tmp_path, ruleset, depth, where):
    layer_start = BASE.index(' <objectgroup id="10"' if where == "units" else ' <layer id="1"')
    opening = "".join(f'<group id="{100 + i}" name="g{i}">' for i in range(depth))
    text = (
        BASE[:layer_start]
        + opening
        + BASE[layer_start:].replace("</map>", "")
        + ("</group>" * depth + "</map>\n")
    )
    _load(tmp_path, text, ruleset)


def test_regressions_found_by_fuzzing(tmp_path, ruleset):
    """Each input that once crashed the reader (exit 3) now loads or gives a problem (an
    odd object id is only dropped; the others are refused)."""
    cases = [
        BASE.replace('name="turn_limit" type="int" value="8"', 'name="turn_limit" value="\u00b2"'),
        BASE.replace('<object id="1" ', '<object id="\u2460" '),
        BASE.replace("<point/>", '<polygon points="0,0 nan,0 32,32"/>', 1),
        BASE.replace("<point/>", '<polygon points="0,0 inf,0 32,32"/>', 1),
        BASE.replace("<point/>", '<polygon points="0,0 1e308,0 1e308,1e308"/>', 1),
        BASE.replace(' <layer id="1"', '<group name="g">' * 990 + ' <layer id="1"', 1).replace(
            "</map>", "</group>" * 990 + "</map>"
        ),
    ]
    for index, text in enumerate(cases):
        _load(tmp_path, text, ruleset)
        scenario, _problems = check_scenario(tmp_path / "fuzz.tmx", ruleset)
        assert (scenario is None) is (index != 1), f"case {index}"
