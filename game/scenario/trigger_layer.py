"""Reading the `triggers` object layer: when something happens (and its conditions hold), do
one thing. Every reference (units, objectives, other triggers) is checked, and a trigger that
can never fire is reported."""

from __future__ import annotations

import re
from typing import Any

from game.battle.setup import AiRole, Trigger, TriggerAction, TriggerWhen
from game.core.problems import ProblemLog, did_you_mean
from game.core.values import Side, enum_values
from game.rules.ruleset import Ruleset
from game.scenario.design_checks import DETONATE
from game.scenario.object_layers import (
    DIFFICULTIES,
    ObjectLayers,
    object_anchor,
    object_area,
    wind_degrees,
)
from game.tiled.property_reader import PropertyReader
from game.tiled.tmx_reader import RawMap

TRIGGER_PROPS = (
    "when", "then", "turn", "side", "to", "unit_type", "unit", "objective", "count", "chance",
    "order", "if_holds", "if_alive", "if_at_least", "text", "speaker", "dialog", "units",
    "density", "wind_direction", "wind_strength", "result", "repeat", "enabled", "enables",
    "difficulty",
)  # fmt: skip
ORDERS = (
    "move", "fire", "overwatch", "sector", "smoke", "build_berm", "clear_rubble",
    "launch_drone", "detonate", "stand_down", "end_turn",
)  # fmt: skip
RESULTS = ("draw", "coalition", "isil")  # the first is the default (Tiled shows it)
READERS = ("side", "any", "coalition", "isil")  # `to`: "side" = whoever `side` names
AREA_WHENS = (TriggerWhen.ENTERS, TriggerWhen.LEAVES)
AREA_THENS = (TriggerAction.SMOKE, TriggerAction.CIVILIANS)


def read_triggers(
    raw: RawMap, ruleset: Ruleset, objects: ObjectLayers, turn_limit: int, log: ProblemLog
) -> list[Trigger]:
    """Every object of the `triggers` layer (and each `trigger` object of the `events`
    layer) as a Trigger; each problem reported."""
    triggers: list[Trigger] = []
    for layer in raw.layers:
        name = layer.name.rsplit("/", 1)[-1]
        if layer.kind != "objects" or name not in ("triggers", "events"):
            continue
        for obj in layer.objects:
            if name == "events" and obj.type != "trigger":
                continue  # the events layer's own objects
            where: dict[str, Any] = {"layer": layer.name, "obj_name": obj.name, "obj_id": obj.id}
            where["tile"] = object_anchor(raw, obj)
            p = PropertyReader(dict(obj.properties), log, where)
            if obj.type not in ("", "trigger"):
                p.error(f"object type '{obj.type}' does not belong in the triggers layer "
                        "(use type 'trigger')")  # fmt: skip
                continue
            trigger = _trigger(raw, ruleset, obj.id or 0, obj.name, object_area(raw, obj), p)
            if trigger is not None:
                triggers.append(trigger)
    _cross_checks(triggers, objects, ruleset, turn_limit, log)
    return triggers


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[,;]", text) if n.strip())


def _side(p: PropertyReader, name: str) -> Side | None:
    value = p.choice(name, ["any", *enum_values(Side)], "any")
    return None if value in (None, "any") else Side(value)


def _trigger(
    raw: RawMap, ruleset: Ruleset, oid: int, name: str, tiles: frozenset, p: PropertyReader
) -> Trigger | None:
    p.unknown(TRIGGER_PROPS)
    # the defaults are the first values of the project's dropdowns (what Tiled shows unset)
    when = p.choice("when", enum_values(TriggerWhen), TriggerWhen.TURN_START.value)
    then = p.choice("then", enum_values(TriggerAction), TriggerAction.MESSAGE.value)
    if when is None or then is None:
        return None
    unit_type = p.text("unit_type")
    if unit_type and unit_type not in ruleset.units:
        hint = did_you_mean(unit_type, ruleset.units)
        p.error(
            f"unknown unit type '{unit_type}'" + (f", {hint}" if hint else ""),
            f"choose one of: {', '.join(ruleset.units)}",
        )
    order = p.choice("order", list(ORDERS), ORDERS[0]) or ORDERS[0]
    result = p.choice("result", list(RESULTS), RESULTS[0]) or RESULTS[0]
    text = p.text("text")
    if then == TriggerAction.MESSAGE and not text:
        p.error("a message trigger needs 'text': what the player reads")
    units = _names(p.text("units"))
    if then in (TriggerAction.SPAWN, TriggerAction.LAUNCH) and not units:
        p.error(f"a '{then}' trigger needs 'units': the names of the units, comma-separated")
    degrees = wind_degrees(
        p.props.get("wind_direction", "N"),
        lambda message, fix: p.error(f"property 'wind_direction' {message}", fix),
    )
    if (when in AREA_WHENS or then in AREA_THENS) and not tiles:
        p.error("its area covers no tile of the map; draw the trigger over the area it watches")
    return Trigger(
        object_id=oid,
        name=name or f"trigger {oid}",
        when=TriggerWhen(when),
        then=TriggerAction(then),
        tiles=tiles,
        turn=p.integer("turn", 1, 0, 999),
        side=_side(p, "side"),
        to=p.choice("to", list(READERS), READERS[0]) or READERS[0],
        unit_type=unit_type,
        unit=p.text("unit"),
        objective=p.text("objective"),
        count=p.integer("count", 1, 0, 100_000),
        chance=p.number("chance", 1.0, 0.0, 1.0),
        order=order,
        if_holds=_side(p, "if_holds"),
        if_alive=_side(p, "if_alive"),
        if_at_least=p.integer("if_at_least", 1, 0, 999),
        text=text,
        speaker=p.text("speaker"),
        dialog=p.flag("dialog", False),
        units=units,
        density=p.number("density", 0.6, 0.0, 1.0),
        wind_direction=degrees,
        wind_strength=p.number("wind_strength", 1.0, 0.0, 5.0),
        result=result,
        repeat=p.flag("repeat", False),
        enabled=p.flag("enabled", True),
        enables=_names(p.text("enables")),
        difficulty=p.choice("difficulty", list(DIFFICULTIES), "any") or "any",
    )


def _cross_checks(
    triggers: list[Trigger],
    objects: ObjectLayers,
    ruleset: Ruleset,
    turn_limit: int,
    log: ProblemLog,
) -> None:
    """Names a trigger refers to exist; a trigger that can never fire is reported."""
    units = {u.name: u for u in objects.units}
    launched = {name for t in triggers if t.then is TriggerAction.LAUNCH for name in t.units}
    for placed in objects.units:
        car_bomb = DETONATE in ruleset.units[placed.unit_type].actions
        if car_bomb and placed.ai_role is AiRole.RESERVE and placed.name not in launched:
            log.warn(
                "is a car bomb kept in reserve, and no `launch` trigger names it: it will "
                "never set off (it still goes off when enemies come next to it)",
                fix="add a trigger with then = launch and units = its name, or use "
                "ai_role vbied_strike",
                layer="units",
                obj_name=placed.name,
                obj_id=placed.object_id,
                tile=placed.pos,
            )
    objectives = {o.name for o in objects.objectives}
    named = {t.name for t in triggers}
    armed_by = {name for t in triggers for name in t.enables}
    for t in triggers:
        where: dict[str, Any] = {"layer": "triggers", "obj_name": t.name, "obj_id": t.object_id}
        if t.tiles:
            where["tile"] = min(t.tiles, key=lambda pos: (pos.y, pos.x))
        for unit in (*t.units, *([t.unit] if t.unit else [])):
            if unit not in units:
                log.error(
                    f"names the unit '{unit}', which is not in the units layer",
                    fix="correct the name in 'units' or 'unit', or add a unit of that name "
                    "(arrival_turn 0 if a trigger brings it in)",
                    **where,
                )
        for name in t.units if t.then is TriggerAction.SPAWN else ():
            if name in units and units[name].arrival_turn != 0:
                log.warn(
                    f"spawns '{name}', which arrives anyway (arrival_turn "
                    f"{units[name].arrival_turn}); give it arrival_turn 0 to wait for the trigger",
                    **where,
                )
        needs_objective = t.when in (TriggerWhen.OBJECTIVE_GAINED, TriggerWhen.OBJECTIVE_LOST)
        needs_objective |= t.then in (
            TriggerAction.OBJECTIVE_ADD, TriggerAction.OBJECTIVE_COMPLETE,
            TriggerAction.OBJECTIVE_FAIL,
        )  # fmt: skip
        if needs_objective and t.objective not in objectives:
            log.error(
                f"names the objective '{t.objective}', which is not in the objectives layer",
                fix="correct 'objective', or add an objective of that name (active false if "
                "a trigger adds it later)",
                **where,
            )
        for other in t.enables:
            if other not in named:
                log.error(
                    f"enables '{other}', which is not a trigger of this map",
                    fix="correct the name in 'enables' (names are comma-separated)",
                    **where,
                )
        if t.when is TriggerWhen.TURN_START and t.turn > turn_limit:
            log.warn(
                f"waits for turn {t.turn}, after the turn limit of {turn_limit}: it can never fire",
                fix="lower 'turn', or raise the map's turn_limit",
                **where,
            )
        if t.when is TriggerWhen.TURN_START and t.turn == 0:
            log.warn("waits for turn 0, which never starts", fix="set 'turn' to 1 or more", **where)
        if not t.enabled and t.name not in armed_by:
            log.warn(
                "is not enabled and no trigger enables it: it can never fire",
                fix="set enabled to true, or name it in another trigger's 'enables'",
                **where,
            )
        if t.when is TriggerWhen.CHANCE and t.chance <= 0:
            log.warn("has a chance of 0: it can never fire", fix="set 'chance' above 0", **where)
