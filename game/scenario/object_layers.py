"""Reading the `units`, `objectives` and `events` object layers into placements and areas."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.battle.setup import (
    AiRole,
    MapEvent,
    MapEventKind,
    Objective,
    ObjectiveKind,
    UnitPlacement,
)
from game.battle.terrain_grid import TerrainGrid
from game.core.problems import ProblemLog, did_you_mean
from game.core.values import MoveClass, Side, TilePos, enum_values
from game.rules.ruleset import Ruleset
from game.scenario.terrain_build import tileset_of
from game.tiled.property_reader import PropertyReader, a_type, is_number, type_fix
from game.tiled.tmx_reader import GID_MASK, RawMap, RawObject

DIFFICULTIES = ("any", "standard", "hard")  # the levels an object may be limited to
COMPASS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}
UNIT_PROPS = ("unit_type", "side", "ai_role", "arrival_turn", "overwatch", "entry", "difficulty")
OBJECTIVE_PROPS = (
    "kind", "side", "points", "mandatory", "turns", "target", "count", "difficulty", "active",
)  # fmt: skip
EVENT_PROPS: dict[MapEventKind, tuple[str, ...]] = {
    MapEventKind.TYRE_FIRE: ("density", "start_turn", "end_turn", "difficulty"),
    MapEventKind.CIVILIANS: ("count", "difficulty"),
    MapEventKind.EVACUATION: ("difficulty",),
    MapEventKind.HAZARD: ("text", "difficulty"),
    MapEventKind.MESSAGE: ("text", "side", "difficulty"),
    MapEventKind.ENTRY: ("side", "difficulty"),
}


def wind_degrees(value: Any, report: Callable[[str, str], None]) -> float:
    """Degrees a wind blows from: a compass point (N, NE, ...) or a number 0-359 (else 0,
    and `report` is given what is wrong and the fix)."""
    if isinstance(value, str) and value.strip().upper() in COMPASS:
        return float(COMPASS[value.strip().upper()])
    if is_number(value) and 0 <= value < 360:
        return float(value)
    fix = "write a compass point, or give the degrees as a number property"
    if not isinstance(value, str) and not is_number(value):
        fix = type_fix("string (a compass point) or float (degrees)")
    report(
        f"{value!r} ({a_type(value)}) must be a compass point ({', '.join(COMPASS)}) or "
        "degrees from 0 to 359 (an int or float property)",
        fix,
    )
    return 0.0


@dataclass
class ObjectLayers:
    """Everything the object layers place on the map."""

    units: list[UnitPlacement] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    events: list[MapEvent] = field(default_factory=list)


def _pixel_to_tile(raw: RawMap, px: float, py: float) -> TilePos:
    return TilePos(math.floor(px / raw.tile_width), math.floor(py / raw.tile_height))


def object_anchor(raw: RawMap, obj: RawObject) -> TilePos:
    """The tile an object stands on: a point's tile, else the centre of its shape."""
    if obj.shape == "point":
        return _pixel_to_tile(raw, obj.x, obj.y)
    if obj.shape == "tile":  # Tiled anchors tile objects at their bottom-left corner
        return _pixel_to_tile(raw, obj.x + obj.width / 2, obj.y - obj.height / 2)
    if obj.shape in ("polygon", "polyline") and obj.points:
        xs = [obj.x + p[0] for p in obj.points]
        ys = [obj.y + p[1] for p in obj.points]
        return _pixel_to_tile(raw, (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return _pixel_to_tile(raw, obj.x + obj.width / 2, obj.y + obj.height / 2)


def object_area(raw: RawMap, obj: RawObject) -> frozenset[TilePos]:
    """The on-map tiles whose centres lie inside an object (at least its anchor tile)."""
    tw, th = raw.tile_width, raw.tile_height
    x0, y0, x1, y1 = tile_box(raw, obj)  # only the tiles under the shape's bounds
    cx = (np.arange(x0, x1) + 0.5) * tw
    cy = (np.arange(y0, y1) + 0.5) * th
    gx, gy = np.meshgrid(cx, cy)
    inside: np.ndarray | None = None
    if obj.shape in ("rect", "tile") and obj.width > 0 and obj.height > 0:
        top = obj.y - obj.height if obj.shape == "tile" else obj.y
        inside = (gx >= obj.x) & (gx < obj.x + obj.width) & (gy >= top) & (gy < top + obj.height)
    elif obj.shape == "ellipse" and obj.width > 0 and obj.height > 0:
        rx, ry = obj.width / 2, obj.height / 2
        inside = ((gx - obj.x - rx) / rx) ** 2 + ((gy - obj.y - ry) / ry) ** 2 <= 1.0
    elif obj.shape == "polygon" and len(obj.points) >= 3:
        inside = _in_polygon(gx, gy, [(obj.x + px, obj.y + py) for px, py in obj.points])
    tiles: set[TilePos] = set()
    if inside is not None:
        ys, xs = np.nonzero(inside)
        tiles = set(map(TilePos._make, zip((xs + x0).tolist(), (ys + y0).tolist(), strict=True)))
    anchor = object_anchor(raw, obj)
    if not tiles and 0 <= anchor.x < raw.width and 0 <= anchor.y < raw.height:
        tiles = {anchor}
    return frozenset(tiles)


def tile_box(raw: RawMap, obj: RawObject) -> tuple[int, int, int, int]:
    """The on-map tiles (x0, y0, x1, y1; ends excluded) around an object's bounds (a
    margin of one tile each side, so every tile whose centre is inside is among them)."""
    if obj.shape == "polygon" and obj.points:
        xs = [obj.x + p[0] for p in obj.points]
        ys = [obj.y + p[1] for p in obj.points]
        left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    else:
        top = obj.y - obj.height if obj.shape == "tile" else obj.y
        left, right, bottom = obj.x, obj.x + obj.width, top + obj.height
    x0 = min(max(0, math.floor(left / raw.tile_width) - 1), raw.width)
    y0 = min(max(0, math.floor(top / raw.tile_height) - 1), raw.height)
    x1 = min(max(x0, math.ceil(right / raw.tile_width) + 1), raw.width)
    y1 = min(max(y0, math.ceil(bottom / raw.tile_height) + 1), raw.height)
    return x0, y0, x1, y1


def _in_polygon(gx: np.ndarray, gy: np.ndarray, poly: list[tuple[float, float]]) -> np.ndarray:
    """Even-odd rule point-in-polygon test for every grid point at once (row by row: the
    edges crossing a row, sorted, say how many lie right of each column)."""
    inside = np.zeros(gx.shape, dtype=bool)
    if gx.size == 0:
        return inside
    cols, rows = gx[0], gy[:, 0]
    start = np.asarray(poly, dtype=np.float64)
    end = np.roll(start, -1, axis=0)
    keep = start[:, 1] != end[:, 1]
    x1, y1 = start[keep, 0][:, None], start[keep, 1][:, None]
    x2, y2 = end[keep, 0][:, None], end[keep, 1][:, None]
    crosses = (rows >= np.minimum(y1, y2)) & (rows < np.maximum(y1, y2))
    x_at = x1 + (rows - y1) * (x2 - x1) / (y2 - y1)
    for j in range(len(rows)):
        xs = np.sort(x_at[crosses[:, j], j])
        if xs.size:
            inside[j] = (xs.size - np.searchsorted(xs, cols, side="right")) % 2 == 1
    return inside


def read_object_layers(
    raw: RawMap, ruleset: Ruleset, grid: TerrainGrid | None, turn_limit: int, log: ProblemLog
) -> ObjectLayers:
    """Read every object of the units, objectives and events layers; report each problem."""
    result = ObjectLayers()
    readers: dict[str, Callable[[RawObject, PropertyReader], None]] = {
        "units": lambda o, p: _unit(raw, ruleset, grid, turn_limit, o, p, result),
        "objectives": lambda o, p: _objective(raw, o, p, result),
        "events": lambda o, p: _event(raw, turn_limit, o, p, result),
    }
    seen_layers: set[str] = set()
    for layer in raw.layers:
        base = layer.name.rsplit("/", 1)[-1]
        if layer.kind != "objects" or base not in readers:
            continue
        seen_layers.add(base)
        for obj in layer.objects:
            where: dict[str, Any] = {"layer": layer.name, "obj_name": obj.name, "obj_id": obj.id}
            if obj.template:
                log.error(
                    f"uses the template '{obj.template}', which the game does not resolve: "
                    "select the object in Tiled and choose Detach Template (or export with "
                    "--detach-templates)",
                    **where,
                )
                continue
            if obj.shape in ("text", "polyline"):
                log.error(
                    f"is a {obj.shape} object; use a point, rectangle, ellipse, polygon or tile "
                    "object",
                    **where,
                )
                continue
            props = dict(_tile_defaults(raw, obj))
            props.update(obj.properties)
            anchor = object_anchor(raw, obj)
            where["tile"] = anchor
            readers[base](obj, PropertyReader(props, log, where))
    _cross_checks(result, log)
    if "units" not in seen_layers:
        log.warn("the map has no 'units' object layer, so no units take part")
    return result


def _tile_defaults(raw: RawMap, obj: RawObject) -> dict[str, Any]:
    """A tile object's tile properties (e.g. unit_type and side from units.tsx)."""
    gid = obj.gid & GID_MASK
    tileset = tileset_of(raw.tilesets, gid) if gid else None
    if tileset is None:
        return {}
    tile = tileset.tiles.get(gid - tileset.first_gid)
    return dict(tile.properties) if tile else {}


def _on_map(raw: RawMap, pos: TilePos) -> bool:
    return 0 <= pos.x < raw.width and 0 <= pos.y < raw.height


def _unit(
    raw: RawMap,
    ruleset: Ruleset,
    grid: TerrainGrid | None,
    turn_limit: int,
    obj: RawObject,
    p: PropertyReader,
    out: ObjectLayers,
) -> None:
    if obj.type not in ("", "unit"):
        hint = did_you_mean(obj.type, ["unit"])
        p.error(
            f"object type '{obj.type}' does not belong in the units layer",
            f"{hint} use type 'unit'" if hint else "use type 'unit'",
        )
        return
    p.unknown((*UNIT_PROPS, "terrain"))
    type_id = p.choice("unit_type", list(ruleset.units), None)
    pos = object_anchor(raw, obj)
    if not _on_map(raw, pos):
        p.error(f"lies outside the {raw.width}x{raw.height} map; move it onto the map")
        return
    if type_id is None:
        return
    unit_type = ruleset.units[type_id]
    side_text = p.choice("side", ["auto", *enum_values(Side)], "auto")
    side = Side(side_text) if side_text not in (None, "auto") else unit_type.side
    if side is not unit_type.side:
        p.error(
            f"unit type '{type_id}' fights for {unit_type.side.value}, not {side.value}: fix "
            "'side' or choose another unit type"
        )
    role = p.choice("ai_role", enum_values(AiRole), AiRole.DEFAULT.value)
    arrival = p.integer("arrival_turn", 1, 0, 999)  # 0: when a trigger spawns it
    if arrival > turn_limit:
        p.log.warn(
            f"arrives on turn {arrival}, after the turn limit of {turn_limit}, so it never "
            "takes part",
            **p.where,
        )
    if grid is not None:
        cost = grid.move_cost(unit_type.move)[pos.y, pos.x]
        if not np.isfinite(cost):
            kind = ruleset.terrain_by_index(int(grid.terrain[pos.y, pos.x])).name
            what = "foot" if unit_type.move is MoveClass.FOOT else unit_type.move.value
            p.error(
                f"a {what} unit ('{type_id}') cannot stand on {kind}; move it to a tile it can "
                "enter (vehicles need roads or open ground)"
            )
    out.units.append(
        UnitPlacement(
            object_id=obj.id or 0,
            name=obj.name or f"{unit_type.name} {obj.id}",
            unit_type=type_id,
            side=side,
            pos=pos,
            ai_role=AiRole(role) if role else AiRole.DEFAULT,
            arrival_turn=arrival,
            overwatch=p.flag("overwatch", False),
            entry=p.text("entry"),
            difficulty=p.choice("difficulty", list(DIFFICULTIES), "any") or "any",
        )
    )


def _objective(raw: RawMap, obj: RawObject, p: PropertyReader, out: ObjectLayers) -> None:
    kinds = enum_values(ObjectiveKind)
    if obj.type in kinds and "kind" not in p.props:
        p.props["kind"] = obj.type
    elif obj.type not in ("", "objective") and obj.type not in kinds:
        hint = did_you_mean(obj.type, ["objective", *kinds])
        p.error(
            f"object type '{obj.type}' does not belong in the objectives layer",
            f"{hint + ' ' if hint else ''}use type 'objective' with a 'kind' property, or a "
            f"kind ({', '.join(kinds)})",
        )
        return
    p.unknown(OBJECTIVE_PROPS)
    kind = p.choice("kind", kinds, None)
    side = p.choice("side", enum_values(Side), Side.COALITION.value)
    tiles = object_area(raw, obj)
    if not tiles:
        p.error("its area covers no tile of the map; draw it over the map")
    if kind is None or side is None or not tiles:
        return
    out.objectives.append(
        Objective(
            object_id=obj.id or 0,
            name=obj.name or f"{kind} objective {obj.id}",
            kind=ObjectiveKind(kind),
            side=Side(side),
            tiles=tiles,
            points=p.integer("points", 10, -10_000, 10_000),
            mandatory=p.flag("mandatory", True),
            turns=p.integer("turns", 1, 1, 999),
            target=p.text("target"),
            count=p.integer("count", 1, 0, 10_000),
            difficulty=p.choice("difficulty", list(DIFFICULTIES), "any") or "any",
            active=p.flag("active", True),
        )
    )


def _event(
    raw: RawMap, turn_limit: int, obj: RawObject, p: PropertyReader, out: ObjectLayers
) -> None:
    kinds = enum_values(MapEventKind)
    if obj.type == "trigger":
        return  # a trigger placed among the events: read with the triggers layer
    if obj.type not in kinds:
        p.error(
            f"unknown event type '{obj.type}' (known: {', '.join(kinds)})",
            did_you_mean(obj.type, kinds) or "set the Type",
        )
        return
    kind = MapEventKind(obj.type)
    p.unknown(EVENT_PROPS[kind])
    tiles = object_area(raw, obj)
    if not tiles:
        p.error("its area covers no tile of the map; draw it over the map")
        return
    side: Side | None = None
    if "side" in EVENT_PROPS[kind]:
        side_text = p.choice("side", enum_values(Side), Side.COALITION.value)
        side = Side(side_text) if side_text else None
    count = p.integer("count", 1, 1, 10_000) if "count" in p.props else 0
    if kind is MapEventKind.CIVILIANS and "count" not in p.props:
        p.error("a civilians group needs a 'count' property (int): how many people")
    text = p.text("text")
    if kind is MapEventKind.MESSAGE and not text:
        p.error("a message needs a 'text' property: what the player reads")
    out.events.append(
        MapEvent(
            object_id=obj.id or 0,
            name=obj.name or f"{kind.value} {obj.id}",
            kind=kind,
            tiles=tiles,
            side=side,
            count=count,
            density=p.number("density", 0.5, 0.0, 1.0) if kind is MapEventKind.TYRE_FIRE else 0.0,
            start_turn=p.integer("start_turn", 1, 1, 999),
            end_turn=p.integer("end_turn", 0, 0, 999),
            text=text,
            difficulty=p.choice("difficulty", list(DIFFICULTIES), "any") or "any",
        )
    )


def _cross_checks(result: ObjectLayers, log: ProblemLog) -> None:
    """Checks between objects: stacking, named targets and entry points exist."""
    placed: dict[tuple[TilePos, int], UnitPlacement] = {}
    for unit in result.units:
        key = (unit.pos, unit.arrival_turn)
        other = placed.get(key)
        where = {
            "layer": "units",
            "obj_name": unit.name,
            "obj_id": unit.object_id,
            "tile": unit.pos,
        }
        if other is not None:
            log.error(
                f"stands on the same tile as '{other.name}' (id {other.object_id}); one unit "
                "per tile: move one of them",
                **where,
            )
        placed[key] = unit
    names = {u.name for u in result.units}
    entries = {e.name for e in result.events if e.kind is MapEventKind.ENTRY}
    for unit in result.units:
        if unit.entry and unit.entry not in entries:
            log.error(
                f"its entry '{unit.entry}' names no 'entry' event (known: "
                f"{', '.join(sorted(entries)) or 'none'})",
                layer="units",
                obj_name=unit.name,
                obj_id=unit.object_id,
                tile=unit.pos,
            )
    for objective in result.objectives:
        if objective.target and objective.target not in names:
            log.error(
                f"its target '{objective.target}' names no unit of the units layer",
                layer="objectives",
                obj_name=objective.name,
                obj_id=objective.object_id,
            )
