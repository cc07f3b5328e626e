"""Files: a missing tileset as the designer wrote it, image collections whose ids skip numbers,
and too many objects refused early."""

from __future__ import annotations

import time

from tests.map_factory import default_objects, map_xml, write_map
from tests.validator_helpers import errors_of, one_line, problems_of

# --- files -------------------------------------------------------------------------------


def test_a_missing_tileset_names_the_file_as_written_and_the_fix(tmp_path, ruleset):
    text = map_xml().replace(
        ' <tileset firstgid="1"',
        ' <tileset firstgid="100" source="tilesets/gone.tsx"/>\n <tileset firstgid="1"',
        1,
    )
    line = one_line(errors_of(tmp_path, ruleset, text), "'tilesets/gone.tsx'", "not found")
    assert str(tmp_path) not in line.split(": ", 1)[1]
    assert "relative to the map's folder" in line and "Tiled" in line
    (tmp_path / "tilesets").mkdir()
    (tmp_path / "tilesets" / "gone.tsx.gz").write_bytes(b"")
    again = errors_of(tmp_path, ruleset, text)
    one_line(again, "'tilesets/gone.tsx'", "gone.tsx.gz", "unpack")


def test_an_image_collection_whose_tile_ids_skip_numbers_loads(tmp_path, ruleset):
    (tmp_path / "a.png").write_bytes(b"")
    collection = (
        ' <tileset firstgid="20" name="pictures" tilewidth="64" tileheight="64" tilecount="2"'
        ' columns="0">\n'
        '  <tile id="0"><image width="64" height="64" source="a.png"/></tile>\n'
        '  <tile id="5"><image width="64" height="64" source="a.png"/></tile>\n'
        " </tileset>\n"
    )
    objects = default_objects()
    objects["notes"] = '  <object id="40" gid="25" x="0" y="64" width="64" height="64"/>\n'
    text = map_xml(objects=objects).replace(' <layer id="1"', collection + ' <layer id="1"', 1)
    errors, _warnings, loaded = problems_of(write_map(tmp_path, text), ruleset)
    assert loaded, errors


def test_too_many_objects_are_refused_early_and_cheaply(tmp_path, ruleset):
    many = "".join(
        f'  <object id="{i}" name="n" x="{i % 300}" y="{i % 180}"><point/></object>\n'
        for i in range(100, 30_100)
    )
    objects = default_objects()
    objects["notes"] = many
    path = write_map(tmp_path, map_xml(objects=objects))
    start = time.perf_counter()
    errors, _warnings, loaded = problems_of(path, ruleset)
    assert time.perf_counter() - start < 10
    assert not loaded
    one_line(errors, "objects", "limit")


def test_areas_too_many_or_too_detailed_are_refused_quickly(tmp_path, ruleset):
    ring = " ".join(f"{(i * 37) % 16000},{(i * 91) % 16000}" for i in range(1000))
    objects = default_objects()
    objects["events"] += "".join(
        f'  <object id="{100 + i}" name="p{i}" type="hazard" x="0" y="0">'
        f'<polygon points="{ring}"/></object>\n'
        for i in range(10)
    )
    path = write_map(tmp_path, map_xml(rows=["=" * 500] * 500, objects=objects))
    start = time.perf_counter()
    errors, _warnings, loaded = problems_of(path, ruleset)
    assert time.perf_counter() - start < 10
    assert not loaded
    one_line(errors, "areas together cover more than")
    objects["events"] = (
        '  <object id="99" name="fine" type="hazard" x="0" y="0"><polygon points="'
        + " ".join(f"{i},{i % 7}" for i in range(1001))
        + '"/></object>\n'
    )
    path = write_map(tmp_path, map_xml(objects=objects), "detailed.tmx")
    one_line(problems_of(path, ruleset)[0], "'fine'", "1001 points", "at most 1000")
