"""Writing Tiled 1.8 TMX maps (orthogonal, finite, CSV data) exactly as Tiled itself saves them.

The output is byte-identical to what `tiled --export-map tmx` writes for the same map, so a
generated map re-saved in the editor shows no spurious differences: properties sorted by
name, one-space indentation, CSV rows ending with a comma, Tiled's XML escaping.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PropertyValue = str | int | float | bool  # a Tiled custom property value (the one alias for it)
TILED_VERSION = "1.8.2"
FORMAT_VERSION = "1.8"


@dataclass(frozen=True)
class MapObject:
    """An object of an object layer, in pixels; shape is point, rectangle, ellipse or tile."""

    name: str
    type: str
    x: float
    y: float
    width: float = 0.0
    height: float = 0.0
    shape: str = "point"  # point | rectangle | ellipse | tile (a tile object needs gid)
    gid: int = 0
    properties: dict[str, PropertyValue] = field(default_factory=dict)


@dataclass(frozen=True)
class TileLayer:
    """A tile layer: (H, W) gids, 0 = empty."""

    name: str
    gids: np.ndarray
    properties: dict[str, PropertyValue] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectLayer:
    """An object group."""

    name: str
    objects: list[MapObject] = field(default_factory=list)
    properties: dict[str, PropertyValue] = field(default_factory=dict)


@dataclass(frozen=True)
class TilesetRef:
    """An external tileset: its first gid and the .tsx path relative to the map."""

    first_gid: int
    source: str


@dataclass
class TmxMap:
    """Everything a TMX file of this game holds."""

    width: int
    height: int
    tile_width: int
    tile_height: int
    tilesets: list[TilesetRef]
    layers: list[TileLayer | ObjectLayer]
    properties: dict[str, PropertyValue] = field(default_factory=dict)


def escape(text: str) -> str:
    """Escape text the way Tiled (Qt's QXmlStreamWriter) does, in attributes and content."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def format_number(value: float) -> str:
    """A number as Tiled writes it: shortest form, no trailing `.0`."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _property_lines(props: dict[str, PropertyValue], indent: str) -> list[str]:
    if not props:
        return []
    lines = [f"{indent}<properties>"]
    for name in sorted(props):
        value = props[name]
        attr = f'name="{escape(name)}"'
        if isinstance(value, bool):
            lines.append(f'{indent} <property {attr} type="bool" value="{str(value).lower()}"/>')
        elif isinstance(value, int):
            lines.append(f'{indent} <property {attr} type="int" value="{value}"/>')
        elif isinstance(value, float):
            text = format_number(value)
            lines.append(f'{indent} <property {attr} type="float" value="{text}"/>')
        elif "\n" in value:
            lines.append(f"{indent} <property {attr}>{escape(value)}</property>")
        else:
            lines.append(f'{indent} <property {attr} value="{escape(value)}"/>')
    lines.append(f"{indent}</properties>")
    return lines


def _object_lines(obj: MapObject, object_id: int) -> list[str]:
    attrs = [f'id="{object_id}"']
    if obj.name:
        attrs.append(f'name="{escape(obj.name)}"')
    if obj.type:
        attrs.append(f'type="{escape(obj.type)}"')
    if obj.shape == "tile":
        attrs.append(f'gid="{obj.gid}"')
    attrs.append(f'x="{format_number(obj.x)}" y="{format_number(obj.y)}"')
    if obj.shape != "point":
        attrs.append(f'width="{format_number(obj.width)}" height="{format_number(obj.height)}"')
    head = f"  <object {' '.join(attrs)}"
    body = _property_lines(obj.properties, "   ")
    if obj.shape == "point":
        body.append("   <point/>")
    elif obj.shape == "ellipse":
        body.append("   <ellipse/>")
    if not body:
        return [head + "/>"]
    return [head + ">", *body, "  </object>"]


def _csv(gids: np.ndarray) -> str:
    rows = [",".join(str(int(v)) for v in row) for row in gids]
    return ",\n".join(rows) + "\n"


def tmx_text(tmx: TmxMap) -> str:
    """The TMX file's text."""
    layer_count = len(tmx.layers)
    object_count = sum(len(lay.objects) for lay in tmx.layers if isinstance(lay, ObjectLayer))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<map version="{FORMAT_VERSION}" tiledversion="{TILED_VERSION}" orientation="orthogonal"'
        f' renderorder="right-down" width="{tmx.width}" height="{tmx.height}"'
        f' tilewidth="{tmx.tile_width}" tileheight="{tmx.tile_height}" infinite="0"'
        f' nextlayerid="{layer_count + 1}" nextobjectid="{object_count + 1}">',
    ]
    lines += _property_lines(tmx.properties, " ")
    for ref in tmx.tilesets:
        lines.append(f' <tileset firstgid="{ref.first_gid}" source="{escape(ref.source)}"/>')
    next_object = 1
    for layer_id, layer in enumerate(tmx.layers, start=1):
        name = escape(layer.name)
        if isinstance(layer, TileLayer):
            if layer.gids.shape != (tmx.height, tmx.width):
                raise ValueError(
                    f"layer '{layer.name}' is {layer.gids.shape[1]}x{layer.gids.shape[0]}, "
                    f"the map is {tmx.width}x{tmx.height}"
                )
            lines.append(
                f' <layer id="{layer_id}" name="{name}" width="{tmx.width}" height="{tmx.height}">'
            )
            lines += _property_lines(layer.properties, "  ")
            lines.append('  <data encoding="csv">')
            lines.append(_csv(layer.gids) + "</data>")
            lines.append(" </layer>")
        else:
            head = f' <objectgroup id="{layer_id}" name="{name}"'
            body = _property_lines(layer.properties, "  ")
            for obj in layer.objects:
                body += _object_lines(obj, next_object)
                next_object += 1
            lines += [head + ">", *body, " </objectgroup>"] if body else [head + "/>"]
    lines.append("</map>")
    return "\n".join(lines) + "\n"


def write_tmx(path: Path, tmx: TmxMap) -> None:
    """Write the map atomically (a temporary file renamed over the target)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(tmx_text(tmx))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
