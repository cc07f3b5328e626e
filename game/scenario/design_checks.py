"""Checks for what a designer may get wrong that still reads: misspelled layer names, game
objects in layers the game does not read, wrongly typed layer properties, and scenarios that
load but cannot work as meant (warnings)."""

from __future__ import annotations

from game.battle.setup import AiRole, MapEventKind, ObjectiveKind
from game.core.problems import ProblemLog, did_you_mean
from game.core.values import enum_values
from game.rules.ruleset import Ruleset
from game.scenario.object_layers import ObjectLayers, tile_box
from game.tiled.property_reader import a_type, type_fix
from game.tiled.tmx_reader import MAX_CELLS, RawMap

# the object layers the game reads (`triggers` is read by the trigger layer)
OBJECT_LAYERS = ("units", "objectives", "events", "triggers")
# roles the AIs read for a unit that stays where it is placed
STAYING_ROLES = (AiRole.HOLD, AiRole.AMBUSH, AiRole.RESERVE)
DETONATE = "detonate"
AREA_LAYERS = ("objectives", "events", "triggers")  # layers whose objects are areas
# tiles all areas together may cover (each is a set of tiles, so reading one is linear)
MAX_AREA_TILES = 2 * MAX_CELLS


def _home_layer(object_type: str) -> str | None:
    """The layer a game object of this type belongs in, or None for any other type."""
    if object_type == "unit":
        return "units"
    if object_type == "objective" or object_type in enum_values(ObjectiveKind):
        return "objectives"
    if object_type in enum_values(MapEventKind):
        return "events"
    if object_type == "trigger":
        return "triggers"
    return None


def check_layers(raw: RawMap, log: ProblemLog) -> None:
    """Misspelled object layer names, game objects in unread layers, `decoration` types."""
    for layer in raw.layers:
        decoration = layer.properties.get("decoration")
        if decoration is not None and not isinstance(decoration, bool):
            log.error(
                f"layer property 'decoration' must be true or false, not {decoration!r} "
                f"({a_type(decoration)})",
                fix=type_fix("bool"),
                layer=layer.name,
            )
        base = layer.name.rsplit("/", 1)[-1]
        if layer.kind != "objects" or base in OBJECT_LAYERS:
            continue
        hint = did_you_mean(base, OBJECT_LAYERS, cutoff=0.75)
        if hint:
            log.error(
                f"the object layer '{base}' is not one the game reads ({', '.join(OBJECT_LAYERS)}"
                f"); {hint}",
                fix="rename the layer (double-click its name in the Layers panel)",
                layer=layer.name,
            )
            continue
        for obj in layer.objects:
            home = _home_layer(obj.type)
            if home is not None:
                log.warn(
                    f"this '{obj.type}' object is ignored: the game reads them only from the "
                    f"'{home}' layer",
                    fix=f"move it to the '{home}' layer (right-click > Move Objects to Layer)",
                    layer=layer.name,
                    obj_name=obj.name,
                    obj_id=obj.id,
                )


def areas_fit(raw: RawMap, log: ProblemLog) -> bool:
    """Whether the objective, event and trigger areas together cover few enough tiles to be read
    quickly (counted by their bounds, before any is read); refused with a message if not."""
    total = 0
    for layer in raw.layers:
        if layer.kind != "objects" or layer.name.rsplit("/", 1)[-1] not in AREA_LAYERS:
            continue
        for obj in layer.objects:
            x0, y0, x1, y1 = tile_box(raw, obj)
            total += (x1 - x0) * (y1 - y0)
            if total > MAX_AREA_TILES:
                log.error(
                    "the objective, event and trigger areas together cover more than "
                    f"{MAX_AREA_TILES} tiles, over the limit the game reads",
                    fix="draw fewer or smaller areas",
                    layer=layer.name,
                    obj_name=obj.name,
                    obj_id=obj.id,
                )
                return False
    return True


def semantic_warnings(
    objects: ObjectLayers, ruleset: Ruleset, turn_limit: int, log: ProblemLog
) -> None:
    """Warnings for objects that load but cannot work as the designer meant."""
    for objective in objects.objectives:
        where = {"layer": "objectives", "obj_name": objective.name, "obj_id": objective.object_id}
        if objective.kind is ObjectiveKind.HOLD and objective.turns > turn_limit:
            log.warn(
                f"the hold needs {objective.turns} turns in a row but the battle has a turn "
                f"limit of {turn_limit}, so it can never be won",
                fix="lower 'turns' or raise the map's 'turn_limit'",
                **where,
            )
        target = next((u for u in objects.units if u.name == objective.target), None)
        if target is None:
            continue
        if objective.kind is ObjectiveKind.DESTROY and target.side is objective.side:
            log.warn(
                f"its target '{target.name}' is a {target.side.value} unit, of its own side: "
                "the side would have to destroy its own unit",
                fix="name an enemy unit, change the objective's 'side', or use kind protect",
                **where,
            )
        if objective.kind is ObjectiveKind.PROTECT and target.side is not objective.side:
            log.warn(
                f"its target '{target.name}' is an enemy ({target.side.value}) unit: the side "
                "would have to keep an enemy alive",
                fix="name one of its own units, or use kind destroy",
                **where,
            )
    for event in objects.events:
        if event.kind is not MapEventKind.TYRE_FIRE:
            continue
        where = {"layer": "events", "obj_name": event.name, "obj_id": event.object_id}
        if event.start_turn > turn_limit:
            log.warn(
                f"starts on turn {event.start_turn}, after the turn limit of {turn_limit}, so it "
                "never happens",
                fix="lower 'start_turn' or raise the map's 'turn_limit'",
                **where,
            )
        elif event.end_turn and event.end_turn < event.start_turn:
            log.warn(
                f"its end_turn {event.end_turn} comes before its start_turn {event.start_turn}, "
                "so it never burns",
                fix="raise 'end_turn' (0 burns to the end)",
                **where,
            )
    for unit in objects.units:
        where = {
            "layer": "units",
            "obj_name": unit.name,
            "obj_id": unit.object_id,
            "tile": unit.pos,
        }
        car_bomb = DETONATE in ruleset.units[unit.unit_type].actions
        if unit.ai_role is AiRole.VBIED_STRIKE and not car_bomb:
            log.warn(
                f"ai_role 'vbied_strike' is for car bombs (unit types with the '{DETONATE}' "
                f"action), and '{unit.unit_type}' has none",
                fix="choose another ai_role (e.g. hold or ambush) or the unit type vbied",
                **where,
            )
        elif car_bomb and unit.ai_role in STAYING_ROLES and unit.ai_role is not AiRole.RESERVE:
            log.warn(
                f"ai_role '{unit.ai_role.value}' does not fit a car bomb: the ISIL AI drives "
                "car bombs at spotted targets whatever the role (the baseline AI never moves it)",
                fix="use ai_role vbied_strike, or reserve to keep it until a `launch` trigger",
                **where,
            )
