"""The files a map depends on: its external tilesets, object templates and images (and theirs),
for designer mode to watch. Read safely and leniently: a broken file yields what it can."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from game.tiled.tmx_reader import MAX_MAP_BYTES, MAX_TILESET_BYTES, parse_xml, read_limited

MAX_REFERENCES = 256  # a map referring to more files than this is cut short (and refused anyway)


def _xml(path: Path, limit: int) -> Element | None:
    try:
        return parse_xml(read_limited(path, limit))
    except Exception:  # any unreadable or malformed file: nothing to follow in it
        return None


def _sources(root: Element) -> list[str]:
    """The file names an XML document refers to: tilesets, templates, images."""
    found: list[str] = []
    for elem in root.iter():
        if elem.tag in ("tileset", "image") and elem.get("source"):
            found.append(elem.get("source", ""))
        if elem.tag == "object" and elem.get("template"):
            found.append(elem.get("template", ""))
    return found


def referenced_files(map_path: Path) -> list[Path]:
    """Every local file the map refers to, directly or through its tilesets and templates
    (tilesets, templates, images), in the order found; missing files are included, so that
    creating one is noticed too. URLs and empty names are skipped."""
    seen: dict[Path, None] = {}
    queue: list[tuple[Path, int]] = [(map_path, MAX_MAP_BYTES)]
    while queue and len(seen) < MAX_REFERENCES:
        path, limit = queue.pop(0)
        root = _xml(path, limit)
        if root is None:
            continue
        for source in _sources(root):
            if not source or "://" in source or "\x00" in source:
                continue
            target = (path.parent / source).resolve()
            if target in seen or target == map_path.resolve():
                continue
            seen[target] = None
            if target.suffix.lower() in (".tsx", ".tx", ".xml"):
                queue.append((target, MAX_TILESET_BYTES))
    return list(seen)[:MAX_REFERENCES]
