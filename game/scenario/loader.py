"""Loading a scenario: a Tiled map checked and turned into a Scenario, or every problem found."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from game.battle.setup import MapEventKind
from game.core.problems import Problem, ProblemLog, ScenarioError
from game.core.values import Side, enum_values
from game.rules.ruleset import Ruleset
from game.scenario.design_checks import areas_fit, check_layers, semantic_warnings
from game.scenario.model import DrawLayer, Scenario, Tileset
from game.scenario.object_layers import ObjectLayers, read_object_layers, wind_degrees
from game.scenario.terrain_build import build_terrain
from game.scenario.trigger_layer import read_triggers
from game.tiled.property_reader import PropertyReader
from game.tiled.tmx_reader import RawMap, read_map

MAP_PROPERTIES = (
    "title",
    "briefing",
    "date",
    "player_side",
    "fixed_side",
    "turn_limit",
    "wind_direction",
    "wind_strength",
)
DEFAULT_TURN_LIMIT = 12


def load_scenario(path: Path, ruleset: Ruleset) -> Scenario:
    """Load a scenario map; raise ScenarioError listing every problem when it is not valid."""
    scenario, problems = check_scenario(path, ruleset)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def check_scenario(path: Path, ruleset: Ruleset) -> tuple[Scenario | None, list[Problem]]:
    """Load a map and return (the scenario or None when invalid, every problem and warning)."""
    log = ProblemLog(str(path))
    try:
        raw = read_map(path, log)
    except ScenarioError:
        return None, log.items
    scenario = _interpret(raw, ruleset, log)
    return (None if log.errors else scenario), log.items


def _interpret(raw: RawMap, ruleset: Ruleset, log: ProblemLog) -> Scenario | None:
    props = raw.properties
    reader = PropertyReader(props, log, {}, what="map property")
    title = reader.text("title")
    if not title:
        log.warn("the map has no 'title' property", fix="add one (Map > Map Properties)")
        title = raw.path.name.split(".")[0]
    if not reader.text("briefing"):
        log.warn("the map has no 'briefing' property: the player gets no situation report")
    side_text = reader.choice("player_side", enum_values(Side), Side.COALITION.value)
    fixed_side = reader.flag("fixed_side", False)
    turn_limit = reader.integer("turn_limit", DEFAULT_TURN_LIMIT, 1, 999)
    if "turn_limit" not in props:
        log.warn(
            f"the map has no 'turn_limit' property, so {DEFAULT_TURN_LIMIT} is used",
            fix="add it in Map Properties (type int)",
        )
    wind_direction = _wind_direction(props.get("wind_direction", "N"), log)
    wind_strength = reader.number("wind_strength", 0.0, 0.0, 5.0)
    reader.unknown(MAP_PROPERTIES)
    check_layers(raw, log)
    terrain = build_terrain(raw, ruleset, log)
    grid = terrain.grid if terrain else None
    objects = (
        read_object_layers(raw, ruleset, grid, turn_limit, log)
        if areas_fit(raw, log)
        else ObjectLayers()
    )
    semantic_warnings(objects, ruleset, turn_limit, log)
    triggers = read_triggers(raw, ruleset, objects, turn_limit, log)
    if not any(u.side is Side.COALITION for u in objects.units):
        log.warn("no coalition units are placed in the 'units' layer")
    if not any(u.side is Side.ISIL for u in objects.units):
        log.warn("no ISIL units are placed in the 'units' layer")
    if not objects.objectives:
        log.warn("no objectives: the battle can only end at the turn limit")
    if any(e.kind is MapEventKind.CIVILIANS for e in objects.events) and not any(
        e.kind is MapEventKind.EVACUATION for e in objects.events
    ):
        log.warn("civilians are placed but no 'evacuation' point: they cannot be evacuated")
    if terrain is None or log.errors:
        return None
    digest = hashlib.sha256()
    for chunk in raw.file_bytes:
        digest.update(hashlib.sha256(chunk).digest())
    return Scenario(
        path=raw.path,
        file_hash=digest.hexdigest(),
        title=title,
        briefing=reader.text("briefing"),
        date=reader.text("date"),
        player_side=Side(side_text or Side.COALITION.value),
        fixed_side=fixed_side,
        turn_limit=turn_limit,
        wind_direction=wind_direction,
        wind_strength=wind_strength,
        width=raw.width,
        height=raw.height,
        tile_size=raw.tile_width,
        tilesets=[_tileset(t) for t in raw.tilesets],
        layers=[_draw_layer(layer) for layer in raw.layers],
        tiles=terrain.tiles,
        grid=terrain.grid,
        kind_gid=terrain.kind_gid,
        units=objects.units,
        objectives=objects.objectives,
        events=objects.events,
        properties=dict(props),
        triggers=triggers,
    )


def _tileset(raw: Any) -> Tileset:
    return Tileset(
        name=raw.name,
        first_gid=raw.first_gid,
        tile_count=raw.tile_count,
        tile_width=raw.tile_width,
        tile_height=raw.tile_height,
        columns=raw.columns,
        spacing=raw.spacing,
        margin=raw.margin,
        image=raw.image,
        tile_images={k: t.image for k, t in raw.tiles.items() if t.image is not None},
        animations={k: t.animation for k, t in raw.tiles.items() if t.animation},
        source=raw.source,
    )


def _draw_layer(raw: Any) -> DrawLayer:
    return DrawLayer(
        kind=raw.kind,
        name=raw.name,
        layer_id=raw.layer_id,
        visible=raw.visible,
        opacity=raw.opacity,
        offset=raw.offset,
        gids=raw.gids,
        image=raw.image,
        decoration=raw.properties.get("decoration") is True,
    )


def _wind_direction(value: Any, log: ProblemLog) -> float:
    """Degrees the map's wind blows from; a bad value is reported."""
    return wind_degrees(
        value, lambda message, fix: log.error(f"map property wind_direction {message}", fix=fix)
    )
