"""Builds small TMX scenario files in a temporary folder for loader and validator tests; the
ground is an ASCII picture (tests.ascii_legend) painted with a small embedded tileset."""

from __future__ import annotations

import base64
import gzip
import zlib
from pathlib import Path

import numpy as np

from tests.ascii_legend import LEGEND, check_picture

# the legend characters the embedded test tileset paints, in local tile id order (gid = id + 1):
# road, open ground, a building whose tile gives its height (2), heavy rubble, water, wall
TILE_CHARS = "=.2H~w"

TILESET = """ <tileset firstgid="1" name="test" tilewidth="32" tileheight="32" tilecount="{count}" columns="0">
  <grid orientation="orthogonal" width="1" height="1"/>
{tiles} </tileset>
"""


def _tile_xml(index: int, char: str) -> str:
    kind, overrides = LEGEND[char]
    props = f'    <property name="terrain" value="{kind}"/>\n'
    for name, value in overrides.items():
        props += f'    <property name="{name}" type="float" value="{value:g}"/>\n'
    return f'  <tile id="{index}">\n   <properties>\n{props}   </properties>\n  </tile>\n'


def tileset_xml() -> str:
    """The embedded test tileset with a terrain property on each tile."""
    tiles = "".join(_tile_xml(i, c) for i, c in enumerate(TILE_CHARS))
    return TILESET.format(count=len(TILE_CHARS), tiles=tiles)


def gids_from_rows(rows: list[str]) -> np.ndarray:
    """Turn an ASCII picture (tests.ascii_legend) into gids of the test tileset."""
    check_picture(rows, TILE_CHARS)
    return np.array([[TILE_CHARS.index(c) + 1 for c in row] for row in rows], dtype=np.uint32)


def encode_layer(gids: np.ndarray, encoding: str) -> str:
    """The <data> element of a layer in one of Tiled's encodings."""
    raw = gids.astype("<u4").tobytes()
    if encoding == "csv":
        body = ",\n".join(",".join(str(int(v)) for v in row) for row in gids)
        return f'  <data encoding="csv">\n{body}\n</data>'
    compressors = {"base64": None, "zlib": zlib.compress, "gzip": gzip.compress}
    packed = compressors[encoding](raw) if compressors[encoding] else raw  # type: ignore[operator]
    comp = "" if encoding == "base64" else f' compression="{encoding}"'
    return f'  <data encoding="base64"{comp}>\n   {base64.b64encode(packed).decode()}\n  </data>'


def prop_xml(props: dict[str, object], indent: str = "  ") -> str:
    """A <properties> block with Tiled's types for Python values."""
    if not props:
        return ""
    lines = [f"{indent}<properties>"]
    for name, value in props.items():
        if isinstance(value, bool):
            lines.append(
                f'{indent} <property name="{name}" type="bool" value="{str(value).lower()}"/>'
            )
        elif isinstance(value, int):
            lines.append(f'{indent} <property name="{name}" type="int" value="{value}"/>')
        elif isinstance(value, float):
            lines.append(f'{indent} <property name="{name}" type="float" value="{value}"/>')
        else:
            lines.append(f'{indent} <property name="{name}" value="{value}"/>')
    lines.append(f"{indent}</properties>")
    return "\n".join(lines) + "\n"


def obj(oid: int, name: str, otype: str, tile: tuple[int, int], size=(0, 0), **props) -> str:
    """An object at a tile: a point when size is (0, 0), else a rectangle of size tiles."""
    x, y = tile[0] * 32, tile[1] * 32
    if size == (0, 0):
        body = prop_xml(props, "   ") + "   <point/>\n"
        return f'  <object id="{oid}" name="{name}" type="{otype}" x="{x + 16}" y="{y + 16}">\n{body}  </object>\n'
    w, h = size[0] * 32, size[1] * 32
    body = prop_xml(props, "   ")
    return (
        f'  <object id="{oid}" name="{name}" type="{otype}" x="{x}" y="{y}" width="{w}" '
        f'height="{h}">\n{body}  </object>\n'
    )


DEFAULT_ROWS = [
    "==========",
    "=........=",
    "=.222....=",
    "=.222..~~=",
    "=......~~=",
    "==========",
]
DEFAULT_PROPS: dict[str, object] = {
    "title": "Test block",
    "briefing": "Hold the street.",
    "turn_limit": 8,
    "wind_direction": "NW",
    "wind_strength": 1.0,
}


def default_objects() -> dict[str, str]:
    """One unit of each side, an objective and the common events."""
    return {
        "units": obj(1, "CTS 1", "unit", (0, 0), unit_type="cts")
        + obj(2, "Fighters 1", "unit", (3, 2), unit_type="isil_fighters", ai_role="ambush")
        + obj(3, "Car bomb", "unit", (9, 0), unit_type="vbied", ai_role="vbied_strike"),
        "objectives": obj(4, "Block", "objective", (2, 2), (3, 2), kind="capture", points=50),
        "events": obj(5, "Tyres", "tyre_fire", (5, 0), density=0.8)
        + obj(6, "Families", "civilians", (5, 1), (2, 1), count=12)
        + obj(7, "Exit", "evacuation", (0, 5), (2, 1)),
    }


def map_xml(
    rows: list[str] | None = None,
    objects: dict[str, str] | None = None,
    props: dict[str, object] | None = None,
    encoding: str = "csv",
    map_attrs: str = 'orientation="orthogonal" renderorder="right-down"',
    extra_layers: str = "",
) -> str:
    """A whole TMX document."""
    rows = rows or DEFAULT_ROWS
    gids = gids_from_rows(rows)
    h, w = gids.shape
    objects = default_objects() if objects is None else objects
    props = DEFAULT_PROPS if props is None else props
    groups = "".join(
        f' <objectgroup id="{10 + i}" name="{name}">\n{body} </objectgroup>\n'
        for i, (name, body) in enumerate(objects.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<map version="1.8" tiledversion="1.8.2" {map_attrs} width="{w}" height="{h}" '
        f'tilewidth="32" tileheight="32" infinite="0" nextlayerid="20" nextobjectid="50">\n'
        + prop_xml(props, " ")
        + tileset_xml()
        + f' <layer id="1" name="ground" width="{w}" height="{h}">\n'
        + encode_layer(gids, encoding)
        + "\n </layer>\n"
        + extra_layers
        + groups
        + "</map>\n"
    )


def write_map(folder: Path, text: str, name: str = "test.tmx") -> Path:
    """Write a map file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
