"""Safe reading of Tiled TMX/TSX files into plain structures, keeping the real layer order.

Parsing goes through defusedxml with DTDs forbidden (no entity tricks), file sizes and map
sizes are capped, compressed data is inflated with a cap, and every referenced file must
stay inside the map's own folder or the game's maps/ and assets/ folders. Everything Tiled
can write that the game does not support is refused with a message saying what to change.
"""

from __future__ import annotations

import base64
import binascii
import errno
import gzip
import io
import itertools
import math
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from game.core.paths import ASSETS_DIR, MAPS_DIR
from game.core.problems import ProblemLog, ScenarioError
from game.core.safe_read import FileRefused, read_regular_file
from game.tiled.property_reader import ObjectRef

MAX_MAP_BYTES = 32 * 1024 * 1024
MAX_TILESET_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1024
MAX_CELLS = 512 * 512
MAX_TILESETS = 64
MAX_TILES_PER_TILESET = 65536
MAX_LAYERS = 256
MAX_OBJECTS = 20000
MAX_GROUP_DEPTH = 50
MAX_POLYGON_POINTS = 1000  # in one polygon; hand-drawn areas have a few
MAX_ALL_POLYGON_POINTS = 10_000  # in the whole map: each point costs a pass over the area
MAX_COORDINATE = 1e9  # pixels; far beyond any map, and keeps the arithmetic finite
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
GID_MASK = 0x0FFFFFFF  # Tiled's top four bits are flip / rotation flags
_BARE_DOCTYPE = re.compile(rb'<!DOCTYPE\s+\w+\s+SYSTEM\s+"[^"<>\[\]]*"\s*>')
FIX_FORMAT = "set Tile Layer Format to CSV in Map Properties and save again"


@dataclass
class RawTile:
    """A tile entry of a tileset: its custom properties, image and animation."""

    local_id: int
    properties: dict[str, Any] = field(default_factory=dict)
    image: Path | None = None
    animation: tuple[tuple[int, int], ...] = ()


@dataclass
class RawTileset:
    """A tileset as written in the file (embedded or external)."""

    name: str
    first_gid: int
    tile_width: int
    tile_height: int
    tile_count: int
    columns: int
    spacing: int
    margin: int
    image: Path | None
    tiles: dict[int, RawTile]
    source: Path | None


@dataclass
class RawObject:
    """An object of an object layer, in pixels as Tiled stores it."""

    id: int | None
    name: str
    type: str
    x: float
    y: float
    width: float
    height: float
    shape: str  # rect, ellipse, point, polygon, polyline, text, tile
    points: list[tuple[float, float]]
    gid: int
    properties: dict[str, Any]
    template: str


@dataclass
class RawLayer:
    """A tile, object or image layer in drawing order (group names joined with '/')."""

    kind: str  # "tile", "objects" or "image"
    name: str
    layer_id: int
    visible: bool
    opacity: float
    offset: tuple[float, float]
    properties: dict[str, Any]
    gids: np.ndarray | None = None
    objects: list[RawObject] = field(default_factory=list)
    image: Path | None = None


@dataclass
class RawMap:
    """A whole map file as read, before any game meaning is given to it."""

    path: Path
    width: int
    height: int
    tile_width: int
    tile_height: int
    properties: dict[str, Any]
    tilesets: list[RawTileset]
    layers: list[RawLayer]
    file_bytes: list[bytes]  # the map and every external tileset, for the scenario hash


class _Abort(Exception):
    """Internal: stop reading (the problem is already in the log)."""


def read_map(path: Path, log: ProblemLog) -> RawMap:
    """Read and check a TMX file; on a fatal problem raise ScenarioError (listing all)."""
    try:
        return _MapReader(path, log).read()
    except _Abort:
        raise ScenarioError(log.items) from None


def read_tileset(path: Path, log: ProblemLog) -> RawTileset:
    """Read and check a standalone .tsx file (first gid 1) with the same caps as a map's.

    On a fatal problem raise ScenarioError (listing all); other problems stay in the log.
    """
    try:
        return _MapReader(path, log).read_tileset()
    except _Abort:
        raise ScenarioError(log.items) from None


def allowed_roots(map_path: Path) -> list[Path]:
    """Folders a map may reference files in: its own folder and the game's maps/ and assets/."""
    return [map_path.resolve().parent, MAPS_DIR.resolve(), ASSETS_DIR.resolve()]


def read_limited(path: Path, limit: int) -> bytes:
    """Read a file of at most `limit` bytes (gzip-compressed files are inflated with the cap)."""
    try:
        data = read_regular_file(path, limit)  # never blocks on a pipe, never reads endlessly
    except FileRefused as exc:
        if exc.kind == "a folder":
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path)) from None
        raise ValueError(f"the file {exc.reason}") from None
    if data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(limit + 1)
        if len(data) > limit:
            raise ValueError(f"the file unpacks to more than {limit // (1024 * 1024)} MB")
    return data


def png_size(path: Path) -> tuple[int, int] | None:
    """The (width, height) of a PNG file from its header, or None if it is not a PNG."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def parse_xml(data: bytes) -> Element:
    """Parse XML with DTDs, entities and external references forbidden.

    Old Tiled versions wrote a bare `<!DOCTYPE map SYSTEM "...map.dtd">` line; one with no
    internal subset declares nothing, so it is dropped before the strict parse.
    """
    data = _BARE_DOCTYPE.sub(b"", data, count=1)
    return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)


class _MapReader:
    """One reading of one map file (or of one standalone tileset file)."""

    def __init__(self, path: Path, log: ProblemLog) -> None:
        self.path = path
        self.log = log
        self.roots = allowed_roots(path)
        self.file_bytes: list[bytes] = []
        self.objects = 0  # read so far, against MAX_OBJECTS
        self.polygon_points = 0  # read so far, against MAX_ALL_POLYGON_POINTS

    # -- files -------------------------------------------------------------------------

    def _load_xml(
        self, path: Path, limit: int, what: str, label: str = "", **where: object
    ) -> Element:
        """A file's XML root; `label` is the file as the designer wrote it (its `source`)."""
        label = label or path.name
        try:
            data = read_limited(path, limit)
        except FileNotFoundError:
            packed = path.with_name(path.name + ".gz")
            fix = (
                f"a packed copy '{packed.name}' is there: unpack it (gunzip) or point the map at it"
                if packed.is_file()
                else "put the file there, or open the map in Tiled, which asks for the missing "
                "file (Locate File...), and save it"
            )
            self.log.error(
                f"{what} '{label}' not found (the path is relative to the map's folder)",
                fix=fix,
                **where,
            )
            raise _Abort from None
        except IsADirectoryError:
            self.log.error(f"{what} '{label}' is a folder, not a file", **where)
            raise _Abort from None
        except (OSError, ValueError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            self.log.error(f"cannot read {what} '{label}': {exc}", **where)
            raise _Abort from None
        self.file_bytes.append(data)
        try:
            return parse_xml(data)
        except DefusedXmlException:
            self.log.error(
                f"{what} '{path.name}' contains a DTD or entity declarations, which are refused "
                "for safety; save it again from Tiled (Tiled never writes them)",
                **where,
            )
        except ParseError as exc:
            self.log.error(
                f"{what} '{path.name}' is not well-formed XML ({exc}); the file is damaged or "
                "truncated: restore it or save it again from Tiled",
                **where,
            )
        except (ValueError, LookupError, UnicodeError, RecursionError) as exc:
            self.log.error(f"{what} '{path.name}' cannot be parsed as XML ({exc})", **where)
        raise _Abort

    def _resolve(self, base: Path, source: str, what: str, **where: object) -> Path:
        """A referenced file's path, refused if it leaves the allowed folders."""
        if not source or "\x00" in source:
            self.log.error(f"{what} has an empty or invalid file path", **where)
            raise _Abort
        if "://" in source:
            self.log.error(f"{what} is a URL; only files next to the map work", **where)
            raise _Abort
        target = (base / source).resolve()
        if not any(target.is_relative_to(root) for root in self.roots):
            self.log.error(
                f"{what} points outside the map's folder and the game's maps/ and "
                "assets/ folders; move the file into maps/ (e.g. maps/tilesets/) and reference "
                "it from there",
                **where,
            )
            raise _Abort
        return target

    # -- the map -----------------------------------------------------------------------

    def read(self) -> RawMap:
        suffixes = "".join(self.path.suffixes[-2:]).lower()
        if self.path.suffix.lower() in (".tmj", ".json"):
            self.log.error(
                "JSON maps are not supported: open it in Tiled and use File > Save As with "
                "'Tiled map files (*.tmx)'"
            )
            raise _Abort
        if not (suffixes.endswith(".tmx") or suffixes.endswith(".tmx.gz")):
            self.log.error("not a Tiled map: scenario files end in .tmx")
            raise _Abort
        root = self._load_xml(self.path, MAX_MAP_BYTES, "map file")
        if root.tag != "map":
            self.log.error(f"the file's root element is <{root.tag}>, not <map>: not a TMX map")
            raise _Abort
        self._check_map_kind(root)
        width = self._int_attr(root, "width", 1, MAX_SIDE, "map")
        height = self._int_attr(root, "height", 1, MAX_SIDE, "map")
        tile_w = self._int_attr(root, "tilewidth", 1, 1024, "map")
        tile_h = self._int_attr(root, "tileheight", 1, 1024, "map")
        if width * height > MAX_CELLS:
            self.log.error(
                f"the map is {width}x{height} tiles, over the limit of {MAX_CELLS} tiles; "
                "use a smaller map (Map > Resize Map)"
            )
            raise _Abort
        if tile_w != tile_h:
            self.log.error(
                f"tiles are {tile_w}x{tile_h} pixels; the game needs square tiles "
                "(set Tile Width and Tile Height equal in Map Properties)"
            )
            raise _Abort
        properties = self._properties(root, "map")
        tilesets = self._tilesets(root)
        layers: list[RawLayer] = []
        self._layers(root, width, height, "", True, 1.0, (0.0, 0.0), layers)
        return RawMap(
            path=self.path,
            width=width,
            height=height,
            tile_width=tile_w,
            tile_height=tile_h,
            properties=properties,
            tilesets=tilesets,
            layers=layers,
            file_bytes=self.file_bytes,
        )

    def _check_map_kind(self, root: Element) -> None:
        orientation = root.get("orientation", "orthogonal")
        if orientation != "orthogonal":
            self.log.error(
                f"the map is {orientation}; the game plays orthogonal maps only (make a new "
                "orthogonal map in Tiled and copy the layers across)"
            )
            raise _Abort
        if root.get("infinite", "0") not in ("0", ""):
            self.log.error(
                "the map is infinite; the game needs a fixed size: uncheck 'Infinite' in Map "
                "Properties and save again"
            )
            raise _Abort

    def _int_attr(
        self, elem: Element, name: str, low: int, high: int, what: str, default: int | None = None
    ) -> int:
        raw = elem.get(name)
        if raw is None:
            if default is not None:
                return default
            self.log.error(f"{what} has no '{name}' attribute; save the file again from Tiled")
            raise _Abort
        value = whole_number(raw)
        if value is None:
            self.log.error(f"{what} attribute {name}='{raw}' is not a whole number")
            raise _Abort
        if not low <= value <= high:
            self.log.error(f"{what} attribute {name}={value} is outside {low}..{high}")
            raise _Abort
        return value

    # -- properties --------------------------------------------------------------------

    def _properties(self, elem: Element, what: str, **where: object) -> dict[str, Any]:
        result: dict[str, Any] = {}
        block = elem.find("properties")
        if block is None:
            return result
        for prop in block.findall("property"):
            name = prop.get("name", "")
            kind = prop.get("type", "string")
            raw = prop.get("value")
            if raw is None:
                raw = prop.text or ""
            if kind == "class":
                self.log.error(
                    f"{what} property '{name}' is class-typed; the game reads only plain "
                    "properties (string, int, float, bool): replace it with plain ones",
                    **where,
                )
                continue
            try:
                result[name] = _convert_property(kind, raw)
            except ValueError:
                self.log.error(
                    f"{what} property '{name}' of type {kind} has the value '{raw}', which is "
                    f"not a valid {kind}",
                    fix=f"type a plain {kind} value (digits 0-9) in Tiled",
                    **where,
                )
        return result

    # -- tilesets ----------------------------------------------------------------------

    def _tilesets(self, root: Element) -> list[RawTileset]:
        tilesets: list[RawTileset] = []
        elems = root.findall("tileset")
        if len(elems) > MAX_TILESETS:
            self.log.error(f"the map uses {len(elems)} tilesets; the limit is {MAX_TILESETS}")
            raise _Abort
        for elem in elems:
            first_gid = self._int_attr(elem, "firstgid", 1, GID_MASK, "tileset")
            source = elem.get("source")
            base = self.path.resolve().parent
            tsx_path: Path | None = None
            if source is not None:
                tsx_path = self._resolve(base, source, f"tileset file '{source}'")
                elem = self._load_tileset_file(tsx_path, source)
                base = tsx_path.parent
            tilesets.append(self._tileset(elem, first_gid, base, tsx_path))
        tilesets.sort(key=lambda t: t.first_gid)
        for before, after in itertools.pairwise(tilesets):
            if before.first_gid + before.tile_count > after.first_gid:
                self.log.error(
                    f"tilesets '{before.name}' and '{after.name}' overlap in tile ids "
                    "(firstgid); save the map again from Tiled"
                )
                raise _Abort
        return tilesets

    def read_tileset(self) -> RawTileset:
        """The reader's file read as a standalone tileset, its tiles from gid 1."""
        path = self.path.resolve()
        elem = self._load_tileset_file(path, self.path.name)
        return self._tileset(elem, 1, path.parent, path)

    def _load_tileset_file(self, path: Path, label: str) -> Element:
        """A .tsx file's root element, refused unless it is a <tileset>."""
        elem = self._load_xml(path, MAX_TILESET_BYTES, "tileset file", label)
        if elem.tag != "tileset":
            self.log.error(f"tileset file '{label}' does not hold a <tileset>")
            raise _Abort
        return elem

    def _tileset(
        self, elem: Element, first_gid: int, base: Path, source: Path | None
    ) -> RawTileset:
        name = elem.get("name", "") or (source.stem if source else "unnamed")
        what = f"tileset '{name}'"
        if elem.find("tileoffset") is not None or elem.get("objectalignment") not in (
            None,
            "unspecified",
            "bottomleft",
        ):
            pass  # drawing detail only; the game keeps Tiled's defaults
        tile_w = self._int_attr(elem, "tilewidth", 1, 4096, what)
        tile_h = self._int_attr(elem, "tileheight", 1, 4096, what)
        spacing = self._int_attr(elem, "spacing", 0, 1024, what, default=0)
        margin = self._int_attr(elem, "margin", 0, 1024, what, default=0)
        image: Path | None = None
        columns = self._int_attr(elem, "columns", 0, MAX_TILES_PER_TILESET, what, default=0)
        image_elem = elem.find("image")
        if image_elem is not None:
            image = self._image(image_elem, base, what)
            size = self._image_size(image_elem, image, what)
            if columns == 0 and size:
                columns = max(1, (size[0] - 2 * margin + spacing) // (tile_w + spacing))
            rows = max(1, (size[1] - 2 * margin + spacing) // (tile_h + spacing)) if size else 1
            default_count = columns * rows
        else:
            default_count = 0
        tiles: dict[int, RawTile] = {}
        for tile_elem in elem.findall("tile"):
            local = self._int_attr(tile_elem, "id", 0, MAX_TILES_PER_TILESET - 1, f"{what} tile")
            tile = RawTile(local, self._properties(tile_elem, f"{what} tile {local}"))
            tile_image = tile_elem.find("image")
            if tile_image is not None:
                tile.image = self._image(tile_image, base, f"{what} tile {local}")
            anim = tile_elem.find("animation")
            if anim is not None:
                frames = []
                for frame in anim.findall("frame"):
                    frames.append(
                        (
                            self._int_attr(frame, "tileid", 0, MAX_TILES_PER_TILESET, what),
                            self._int_attr(frame, "duration", 0, 3_600_000, what),
                        )
                    )
                tile.animation = tuple(frames)
            tiles[local] = tile
        tile_count = self._int_attr(
            elem,
            "tilecount",
            0,
            MAX_TILES_PER_TILESET,
            what,
            default=max(default_count, max(tiles, default=-1) + 1),
        )
        if image_elem is None:  # an image collection: ids may skip numbers (deleted tiles)
            tile_count = max(tile_count, max(tiles, default=-1) + 1)
        beyond = [local for local in tiles if local >= tile_count]
        if beyond:
            self.log.error(
                f"{what} describes tile {beyond[0]} but has only {tile_count} tiles (tilecount); "
                "the tileset file is damaged: save it again from Tiled"
            )
            raise _Abort
        return RawTileset(
            name=name,
            first_gid=first_gid,
            tile_width=tile_w,
            tile_height=tile_h,
            tile_count=tile_count,
            columns=columns,
            spacing=spacing,
            margin=margin,
            image=image,
            tiles=tiles,
            source=source,
        )

    def _image(self, elem: Element, base: Path, what: str) -> Path:
        source = elem.get("source")
        if source is None:
            self.log.error(f"{what} has an embedded image; save the image as a PNG file instead")
            raise _Abort
        path = self._resolve(base, source, f"{what} image '{source}'")
        if not path.is_file():
            self.log.error(
                f"{what} image '{source}' not found (the path is relative to the tileset's folder)",
                fix="put the image there or fix the path in the Tileset Editor",
            )
            raise _Abort
        return path

    def _image_size(self, elem: Element, path: Path, what: str) -> tuple[int, int] | None:
        try:
            width, height = int(elem.get("width", "")), int(elem.get("height", ""))
            return width, height
        except ValueError:
            size = png_size(path)
            if size is None:
                self.log.warn(
                    f"{what} image '{path.name}' has no width/height and is not a PNG; "
                    "open the tileset in Tiled and save it again"
                )
            return size

    # -- layers ------------------------------------------------------------------------

    def _layers(
        self,
        parent: Element,
        width: int,
        height: int,
        prefix: str,
        visible: bool,
        opacity: float,
        offset: tuple[float, float],
        out: list[RawLayer],
        depth: int = 0,
    ) -> None:
        if depth > MAX_GROUP_DEPTH:
            self.log.error(
                f"group layers are nested more than {MAX_GROUP_DEPTH} deep",
                fix="move the layers out of the innermost groups (drag them up in the Layers "
                "panel)",
                layer=prefix.rstrip("/")[:200],
            )
            raise _Abort
        for elem in parent:
            if elem.tag not in ("layer", "objectgroup", "imagelayer", "group"):
                continue
            if len(out) >= MAX_LAYERS:
                self.log.error(f"the map has more than {MAX_LAYERS} layers")
                raise _Abort
            name = prefix + elem.get("name", "")
            vis = visible and elem.get("visible", "1") != "0"
            try:
                opa = opacity * float(elem.get("opacity", "1"))
                off = (
                    offset[0] + float(elem.get("offsetx", "0")),
                    offset[1] + float(elem.get("offsety", "0")),
                )
                layer_id = int(elem.get("id", "0"))
            except ValueError:
                self.log.error("has a non-numeric opacity, offset or id", layer=name)
                raise _Abort from None
            props = self._properties(elem, "layer", layer=name)
            if elem.tag == "group":
                self._layers(elem, width, height, name + "/", vis, opa, off, out, depth + 1)
                continue
            layer = RawLayer("tile", name, layer_id, vis, opa, off, props)
            if elem.tag == "layer":
                layer.gids = self._tile_data(elem, width, height, name)
            elif elem.tag == "objectgroup":
                layer.kind = "objects"
                found = elem.findall("object")
                self.objects += len(found)
                if self.objects > MAX_OBJECTS:
                    self.log.error(
                        f"the map has more than {MAX_OBJECTS} objects, over the limit the game "
                        "reads",
                        fix="remove objects the battle does not need (notes, copies)",
                        layer=name,
                    )
                    raise _Abort
                layer.objects = [self._object(o, name) for o in found]
            else:
                layer.kind = "image"
                image_elem = elem.find("image")
                if image_elem is not None and image_elem.get("source"):
                    base = self.path.resolve().parent
                    layer.image = self._image(image_elem, base, f"image layer '{name}'")
            out.append(layer)

    def _tile_data(self, elem: Element, width: int, height: int, name: str) -> np.ndarray:
        lw = elem.get("width", str(width))
        lh = elem.get("height", str(height))
        if lw != str(width) or lh != str(height):
            self.log.error(
                f"the layer is {lw}x{lh} tiles but the map is {width}x{height}; resize the "
                "layer to the map (Map > Resize Map with 'Remove objects outside' off)",
                layer=name,
            )
            raise _Abort
        data = elem.find("data")
        if data is None:
            self.log.error("the tile layer has no <data>; save the map again", layer=name)
            raise _Abort
        if data.find("chunk") is not None:
            self.log.error(
                "the layer is stored in chunks (an infinite map); uncheck 'Infinite' in Map "
                "Properties and save again",
                layer=name,
            )
            raise _Abort
        encoding = data.get("encoding")
        compression = data.get("compression")
        count = width * height
        text = data.text or ""
        if encoding is None:
            self.log.error(
                "the layer uses the old XML tile format, which is not supported",
                fix=FIX_FORMAT,
                layer=name,
            )
            raise _Abort
        try:
            if encoding == "csv":
                values = _csv_values(text, count)
            elif encoding == "base64":
                values = self._base64_values(text, compression, count, name)
            else:
                self.log.error(f"unknown layer encoding '{encoding}'", fix=FIX_FORMAT, layer=name)
                raise _Abort
        except ValueError as exc:
            self.log.error(f"the layer data is damaged: {exc}", fix=FIX_FORMAT, layer=name)
            raise _Abort from None
        if values.size != count:
            self.log.error(
                f"the layer data holds {values.size} tiles but the map has {count} "
                f"({width}x{height}); the file is damaged or was cut short",
                layer=name,
            )
            raise _Abort
        return values.reshape(height, width)

    def _base64_values(self, text: str, compression: str | None, count: int, name: str) -> Any:
        try:
            raw = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("the base64 text is invalid") from None
        limit = count * 4
        if compression in (None, ""):
            data = raw
        elif compression == "zlib":
            data = _inflate(zlib.decompressobj(), raw, limit)
        elif compression == "gzip":
            data = _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), raw, limit)
        elif compression == "zstd":
            self.log.error(
                "the layer is compressed with zstd, which the game does not read",
                fix=FIX_FORMAT,
                layer=name,
            )
            raise _Abort
        else:
            self.log.error(f"unknown layer compression '{compression}'", fix=FIX_FORMAT, layer=name)
            raise _Abort
        if len(data) % 4:
            raise ValueError("the data length is not a whole number of tiles")
        return np.frombuffer(data, dtype="<u4").astype(np.uint32)

    # -- objects -----------------------------------------------------------------------

    def _object(self, elem: Element, layer: str) -> RawObject:
        obj_id = whole_number(elem.get("id", ""))
        if obj_id is not None and not 0 <= obj_id < 2**31:
            obj_id = None
        name = elem.get("name", "")
        where = {"layer": layer, "obj_name": name, "obj_id": obj_id}
        kind = elem.get("type") or elem.get("class") or ""
        try:
            x = float(elem.get("x", "0"))
            y = float(elem.get("y", "0"))
            w = float(elem.get("width", "0"))
            h = float(elem.get("height", "0"))
            gid = whole_number(elem.get("gid", "0"))
            if gid is None:
                raise ValueError("gid")
        except ValueError:
            self.log.error("has a non-numeric position, size or gid", **where)
            x = y = w = h = 0.0
            gid = 0
        if not all(abs(v) < MAX_COORDINATE for v in (x, y, w, h)) or not 0 <= gid < 2**32:
            self.log.error("has a position, size or gid out of range", **where)
            x = y = w = h = 0.0
            gid = 0
        shape = "rect"
        points: list[tuple[float, float]] | None = []
        if gid:
            shape = "tile"
        elif elem.find("ellipse") is not None:
            shape = "ellipse"
        elif elem.find("point") is not None:
            shape = "point"
        elif elem.find("text") is not None:
            shape = "text"
        else:
            for poly in ("polygon", "polyline"):
                pe = elem.find(poly)
                if pe is not None:
                    shape = poly
                    text = pe.get("points", "")
                    count = text.count(",")
                    self.polygon_points += count
                    if count > MAX_POLYGON_POINTS or self.polygon_points > MAX_ALL_POLYGON_POINTS:
                        self.log.error(
                            f"has a {poly} of {count} points; the game reads at most "
                            f"{MAX_POLYGON_POINTS} in one and {MAX_ALL_POLYGON_POINTS} in a map",
                            fix="draw the area with fewer points (or as a rectangle)",
                            **where,
                        )
                        raise _Abort
                    points = _points(text)
                    if points is None:
                        self.log.error(
                            f"has an unreadable {poly} point list (each point 'x,y', numbers "
                            f"within {MAX_COORDINATE:g} pixels)",
                            fix="redraw the shape in Tiled",
                            **where,
                        )
                        points = []
        return RawObject(
            id=obj_id,
            name=name,
            type=kind,
            x=x,
            y=y,
            width=w,
            height=h,
            shape=shape,
            points=points or [],
            gid=gid,
            properties=self._properties(elem, "object", **where),
            template=elem.get("template", ""),
        )


def _convert_property(kind: str, raw: str) -> Any:
    """A custom property value as a Python value (raises ValueError when malformed)."""
    if kind == "int":
        whole = whole_number(raw)
        if whole is None:
            raise ValueError(raw)
        return whole
    if kind == "float":
        value = float(raw)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(raw)
        return value
    if kind == "bool":
        if raw not in ("true", "false"):
            raise ValueError(raw)
        return raw == "true"
    if kind == "object":
        ref = whole_number(raw or "0")
        if ref is None:
            raise ValueError(raw)
        return ObjectRef(ref)
    return raw  # string, color, file and enums stored as strings


def _csv_values(text: str, count: int) -> np.ndarray:
    parts = [p for p in text.replace("\n", ",").replace("\r", ",").split(",") if p.strip()]
    if len(parts) > count:
        raise ValueError(f"it holds {len(parts)} tiles, more than the {count} expected")
    try:
        values = [int(p) for p in parts]
    except ValueError:
        raise ValueError("it holds something that is not a tile number") from None
    if values and (min(values) < 0 or max(values) >= 2**32):
        raise ValueError("it holds a tile number outside 0..4294967295")
    return np.array(values, dtype=np.uint32)


def _inflate(inflater: Any, raw: bytes, limit: int) -> bytes:
    try:
        data: bytes = inflater.decompress(raw, limit + 1)
    except zlib.error:
        raise ValueError("the compressed data is damaged") from None
    if len(data) > limit:
        raise ValueError("the compressed data unpacks to more tiles than the layer has")
    return data


def whole_number(text: str) -> int | None:
    """A whole number written with the digits 0-9 (as Tiled writes it), or None."""
    text = text.strip()
    if len(text) > 20 or not _WHOLE_NUMBER.fullmatch(text):
        return None
    return int(text)


def _points(text: str) -> list[tuple[float, float]] | None:
    """A polygon's points, or None when one is unreadable, endless or absurdly far."""
    points = []
    try:
        for pair in text.split():
            px, py = pair.split(",")
            point = (float(px), float(py))
            if not all(math.isfinite(v) and abs(v) < MAX_COORDINATE for v in point):
                return None
            points.append(point)
    except ValueError:
        return None
    return points
