"""The Tiled project and object types for scenario designers, generated from the rules data."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import quoteattr

from game.battle.setup import AiRole, ObjectiveKind, TriggerAction, TriggerWhen
from game.core.paths import MAPS_DIR, PROJECT_ROOT
from game.core.values import Side, enum_values
from game.mapmaking.city_generator import TileCatalogue, read_catalogue
from game.mapmaking.recipe_kit import URBAN_SOURCE
from game.rules.data_files import RulesError
from game.rules.ruleset import Ruleset, load_ruleset
from game.scenario.object_layers import COMPASS, DIFFICULTIES
from game.scenario.trigger_layer import ORDERS, READERS, RESULTS
from game.tiled.tmx_writer import PropertyValue

PROJECT_NAME = "street-by-street.tiled-project"
OBJECT_TYPES_NAME = "objecttypes.xml"
EXTENSIONS_FOLDER = "extensions"  # the project's extensions folder, beside the project file
EXTENSION_NAME = "street-by-street.js"  # validate on save, Issues panel, "Play this map"
FORMAT_DOC = PROJECT_ROOT / "docs" / "scenario-format.md"
TILED_COMPATIBILITY = 1080  # newer Tiled versions keep saving files Tiled 1.8 reads


@dataclass(frozen=True)
class PropertySpec:
    """One custom property of an object type: Tiled type, default, enum and meaning."""

    name: str
    kind: str  # Tiled property type: string, int, float or bool
    default: PropertyValue  # what the game uses when the property is absent ("" = none)
    meaning: str
    enum: str = ""  # the project's enum property type, if any
    required: bool = False  # the game has no default: the designer must set it

    def default_text(self) -> str:
        """The default as Tiled writes it in objecttypes.xml."""
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)


@dataclass(frozen=True)
class ObjectTypeSpec:
    """An object type (Tiled's Type field): its layer, colour and properties."""

    name: str
    layer: str
    color: str
    meaning: str
    properties: tuple[PropertySpec, ...]


def enum_types(ruleset: Ruleset) -> dict[str, list[str]]:
    """The enum property types of the project: name -> values, in dropdown order."""
    return {
        "UnitType": list(ruleset.units),
        "Side": enum_values(Side),
        "ObjectiveKind": enum_values(ObjectiveKind),
        "AiRole": enum_values(AiRole),
        "TerrainKind": list(ruleset.terrain),
        "WindDirection": list(COMPASS),
        "Difficulty": list(DIFFICULTIES),
        "TriggerWhen": enum_values(TriggerWhen),
        "TriggerAction": enum_values(TriggerAction),
        "Order": list(ORDERS),
        "Result": list(RESULTS),
        "AnySide": ["any", *enum_values(Side)],
        "Reader": list(READERS),
        "UnitSide": ["auto", *enum_values(Side)],
    }


def _side(default: str, meaning: str) -> PropertySpec:
    return PropertySpec("side", "string", default, meaning, enum="Side")


DIFFICULTY = PropertySpec(
    "difficulty", "string", "any", "standard or hard: exists only at that level", enum="Difficulty"
)


def _any_side(name: str, meaning: str) -> PropertySpec:
    return PropertySpec(name, "string", "any", meaning, enum="AnySide")


def object_types(ruleset: Ruleset) -> list[ObjectTypeSpec]:
    """Every object type a scenario uses, with the defaults the loader applies."""
    first_unit = next(iter(ruleset.units), "infantry")
    turn = "a turn number (1 = the first turn)"
    return [
        ObjectTypeSpec(
            "unit",
            "units",
            "#3465a4",
            "a unit at the start of the battle, or a reinforcement",
            (
                PropertySpec(
                    "unit_type",
                    "string",
                    "",
                    f"the unit type, an id from assets/rules/units.toml (e.g. {first_unit})",
                    enum="UnitType",
                    required=True,
                ),
                PropertySpec(
                    "side",
                    "string",
                    "auto",
                    "auto: the unit type's side; set it only to double-check",
                    enum="UnitSide",
                ),
                PropertySpec(
                    "ai_role", "string", AiRole.DEFAULT.value, "a hint for the AI", enum="AiRole"
                ),
                PropertySpec(
                    "arrival_turn",
                    "int",
                    1,
                    "1 = on the map at the start; >1 arrives then; 0 = when a trigger spawns it",
                ),
                PropertySpec("overwatch", "bool", False, "starts the battle on overwatch"),
                PropertySpec(
                    "entry", "string", "", "name of an `entry` event where it arrives instead"
                ),
                DIFFICULTY,
            ),
        ),
        ObjectTypeSpec(
            "objective",
            "objectives",
            "#f5c211",
            "an objective area (the object's shape)",
            (
                PropertySpec(
                    "kind",
                    "string",
                    "",
                    ", ".join(enum_values(ObjectiveKind)),
                    enum="ObjectiveKind",
                    required=True,
                ),
                _side(Side.COALITION.value, "whose objective it is"),
                PropertySpec("points", "int", 10, "victory points it is worth"),
                PropertySpec("mandatory", "bool", True, "false: a bonus objective"),
                PropertySpec("turns", "int", 1, "hold: turns in a row; survive: turns to last"),
                PropertySpec(
                    "target", "string", "", "protect/destroy: a unit's name (blank: the area)"
                ),
                PropertySpec(
                    "count",
                    "int",
                    1,
                    "exit: units to leave; evacuate: people to save; civilians: most harmed",
                ),
                DIFFICULTY,
                PropertySpec("active", "bool", True, "false: hidden until a trigger adds it"),
            ),
        ),
        ObjectTypeSpec(
            "tyre_fire",
            "events",
            "#555753",
            "a burning tyre pile: a smoke source",
            (
                PropertySpec("density", "float", 0.5, "smoke added per turn, 0 to 1"),
                PropertySpec("start_turn", "int", 1, f"first burning turn, {turn}"),
                PropertySpec("end_turn", "int", 0, "last burning turn (0 = to the end)"),
                DIFFICULTY,
            ),
        ),
        ObjectTypeSpec(
            "civilians",
            "events",
            "#ad7fa8",
            "a group of civilians sheltering in the area",
            (
                PropertySpec("count", "int", 0, "how many people (1 or more)", required=True),
                DIFFICULTY,
            ),
        ),
        ObjectTypeSpec(
            "evacuation", "events", "#4e9a06", "where civilians are safe (the area)", (DIFFICULTY,)
        ),
        ObjectTypeSpec(
            "hazard",
            "events",
            "#cc0000",
            "an area units should avoid",
            (
                PropertySpec("text", "string", "", "what the hazard is, shown to the player"),
                DIFFICULTY,
            ),
        ),
        ObjectTypeSpec(
            "message",
            "events",
            "#f57900",
            "a message shown when a side first enters the area",
            (
                PropertySpec("text", "string", "", "what the player reads", required=True),
                _side(Side.COALITION.value, "the side whose units trigger it"),
                DIFFICULTY,
            ),
        ),
        ObjectTypeSpec(
            "entry",
            "events",
            "#06989a",
            "where reinforcements arrive (units name it in `entry`)",
            (_side(Side.COALITION.value, "the side that arrives here"), DIFFICULTY),
        ),
        ObjectTypeSpec(
            "trigger",
            "triggers",
            "#75507b",
            "when something happens (and its conditions hold), do one thing",
            _trigger_properties(),
        ),
    ]


def _trigger_properties() -> tuple[PropertySpec, ...]:
    """The properties of a trigger object (see docs/scenario-format.md, Triggers)."""
    return (
        PropertySpec("when", "string", "turn_start", "what sets it off", enum="TriggerWhen"),
        PropertySpec("then", "string", "message", "what it does", enum="TriggerAction"),
        PropertySpec("turn", "int", 1, "turn_start: the turn number"),
        _any_side("side", "whose units set it off (and who reads a message, unless `to`)"),
        PropertySpec(
            "to", "string", "side", "message: who reads it (side: the `side`)", enum="Reader"
        ),
        PropertySpec("unit_type", "string", "", "only units of this type set it off"),
        PropertySpec("unit", "string", "", "only the unit of this name sets it off"),
        PropertySpec("objective", "string", "", "the objective it watches or changes"),
        PropertySpec("count", "int", 1, "civilians_harmed: how many people"),
        PropertySpec("chance", "float", 1.0, "chance: the probability each turn, 0 to 1"),
        PropertySpec("order", "string", "move", "ordered: the kind of order", enum="Order"),
        _any_side("if_holds", "condition: this side holds the trigger's area"),
        _any_side("if_alive", "condition: this side has at least if_at_least units"),
        PropertySpec("if_at_least", "int", 1, "the number of units if_alive needs"),
        PropertySpec("text", "string", "", "message: what the player reads"),
        PropertySpec("speaker", "string", "", "message: who speaks (shown above the text)"),
        PropertySpec("dialog", "bool", False, "message: a window the player closes"),
        PropertySpec("units", "string", "", "spawn, launch: unit names, comma-separated"),
        PropertySpec("density", "float", 0.6, "smoke: smoke added, 0 to 1"),
        PropertySpec(
            "wind_direction", "string", "N", "wind: where it blows from", enum="WindDirection"
        ),
        PropertySpec("wind_strength", "float", 1.0, "wind: strength, 0 to 5"),
        PropertySpec("result", "string", "draw", "end: who wins", enum="Result"),
        PropertySpec("repeat", "bool", False, "fires every time, not once"),
        PropertySpec("enabled", "bool", True, "false: waits until a trigger enables it"),
        PropertySpec("enables", "string", "", "trigger names it arms when it fires"),
        DIFFICULTY,
    )


def project_commands() -> list[dict[str, object]]:
    """The project's commands (Tiled's command button and File > Commands): the extension's
    two actions, for when its extensions are not enabled. `%projectpath` is the maps folder;
    the game's .venv is one folder up (on Windows edit the command to .venv/Scripts/python)."""
    python = "%projectpath/../.venv/bin/python"
    main = '"%projectpath/../main.py"'
    common = {"enabled": True, "shortcut": "", "workingDirectory": "%projectpath/.."}
    return [
        {
            **common,
            "name": "Validate with Street by Street",
            "command": python,
            "arguments": f'{main} validate "%mapfile"',
            "saveBeforeExecute": True,
            "showOutput": True,
        },
        {
            **common,
            "name": "Play this map",
            "command": python,
            "arguments": f'{main} play "%mapfile" --watch',
            "saveBeforeExecute": True,
            "showOutput": False,
        },
    ]


def project_json(ruleset: Ruleset) -> str:
    """The .tiled-project file: folders, the object types file, the enum property types, the
    extensions folder (the game's Tiled extension) and the commands."""
    property_types = [
        {
            "id": index,
            "name": name,
            "storageType": "string",
            "type": "enum",
            "values": values,
            "valuesAsFlags": False,
        }
        for index, (name, values) in enumerate(enum_types(ruleset).items(), start=1)
    ]
    project = {
        "automappingRulesFile": "",
        "commands": project_commands(),
        "compatibilityVersion": TILED_COMPATIBILITY,
        "extensionsPath": EXTENSIONS_FOLDER,
        "folders": ["."],
        "objectTypesFile": OBJECT_TYPES_NAME,
        "propertyTypes": property_types,
    }
    return json.dumps(project, indent=4, sort_keys=True) + "\n"


def object_types_xml(ruleset: Ruleset) -> str:
    """The objecttypes.xml file (Tiled 1.8 format; Tiled 1.9+ imports it as classes)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<objecttypes>"]
    for spec in object_types(ruleset):
        head = f" <objecttype name={quoteattr(spec.name)} color={quoteattr(spec.color)}"
        if not spec.properties:
            lines.append(head + "/>")
            continue
        lines.append(head + ">")
        for prop in spec.properties:
            enum = f" propertytype={quoteattr(prop.enum)}" if prop.enum else ""
            lines.append(
                f"  <property name={quoteattr(prop.name)} type={quoteattr(prop.kind)}{enum} "
                f"default={quoteattr(prop.default_text())}/>"
            )
        lines.append(" </objecttype>")
    lines.append("</objecttypes>")
    return "\n".join(lines) + "\n"


def _cost(value: float) -> str:
    return "impassable" if math.isinf(value) else f"{value:g}"


def terrain_table(ruleset: Ruleset) -> str:
    """A Markdown table of every terrain kind's defaults (from assets/rules/terrain.toml)."""
    rows = [
        "| terrain | foot | wheeled | tracked | cover | height | blocks_sight | obscuration "
        "| building_hp | collapses_to |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in ruleset.terrain.values():
        foot, wheeled, tracked = (_cost(c) for c in kind.costs)
        rows.append(
            f"| `{kind.name}` | {foot} | {wheeled} | {tracked} | {kind.cover:g} | "
            f"{kind.height:g} | {str(kind.blocks_sight).lower()} | {kind.obscuration:g} | "
            f"{kind.building_hp} | {kind.collapses_to or '-'} |"
        )
    return "\n".join(rows)


def object_types_table(ruleset: Ruleset) -> str:
    """A Markdown table of every object type's properties, types and defaults."""
    rows = [
        "| layer | Type | property | type | default | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for spec in object_types(ruleset):
        if not spec.properties:
            rows.append(f"| `{spec.layer}` | `{spec.name}` | - | - | - | {spec.meaning} |")
        for prop in spec.properties:
            kind = f"{prop.kind} (enum {prop.enum})" if prop.enum else prop.kind
            if prop.required:
                default = "**required**"
            elif prop.default_text() == "":
                default = "blank"
            else:
                default = f"`{prop.default_text()}`"
            rows.append(
                f"| `{spec.layer}` | `{spec.name}` | `{prop.name}` | {kind} | {default} | "
                f"{prop.meaning} |"
            )
    return "\n".join(rows)


def enum_table(ruleset: Ruleset) -> str:
    """A Markdown table of the project's enum property types and their values."""
    rows = ["| enum | values |", "|---|---|"]
    for name, values in enum_types(ruleset).items():
        rows.append(f"| `{name}` | {', '.join(values)} |")
    return "\n".join(rows)


def tile_table(catalogue: TileCatalogue) -> str:
    """A Markdown table of a tileset's tiles: picture, id, tile name, terrain and the tile's
    own overrides (the pictures are written by `python main.py make-art`)."""
    rows = [
        "| picture | id | gid (first tileset) | tile_name | terrain | its own values |",
        "|---|---|---|---|---|---|",
    ]
    stem = catalogue.path.stem
    for local in sorted(catalogue.properties):
        props = catalogue.properties[local]
        name = props.get("tile_name", "")
        own = [f"{k} {v}" for k, v in sorted(props.items()) if k not in ("tile_name", "terrain")]
        rows.append(
            f"| ![{name}](tiles/{stem}-{local}.png) | {local} | {local + 1} | `{name}` | "
            f"`{props.get('terrain', '-')}` | {', '.join(own) or '-'} |"
        )
    return "\n".join(rows)


def generated_blocks(ruleset: Ruleset) -> dict[str, str]:
    """The generated sections of docs/scenario-format.md, by marker name."""
    return {
        "terrain": terrain_table(ruleset),
        "tiles": tile_table(read_catalogue(MAPS_DIR / URBAN_SOURCE)),
        "object-types": object_types_table(ruleset),
        "enums": enum_table(ruleset),
    }


def block_markers(name: str) -> tuple[str, str]:
    """The comment lines that delimit a generated section of the format document."""
    return f"<!-- generated:{name} (python main.py make-tiled-project) -->", f"<!-- /{name} -->"


def fill_generated(text: str, ruleset: Ruleset) -> str:
    """The format document with each generated section replaced by its current content."""
    for name, body in generated_blocks(ruleset).items():
        start, end = block_markers(name)
        head, found, rest = text.partition(start)
        if not found:
            continue
        _, found_end, tail = rest.partition(end)
        if not found_end:
            continue
        text = f"{head}{start}\n{body}\n{end}{tail}"
    return text


def write_tiled_project(
    ruleset: Ruleset, maps_dir: Path = MAPS_DIR, doc: Path | None = FORMAT_DOC
) -> list[Path]:
    """Write the project and object types files (and refresh the doc's tables); return them."""
    written = []
    for name, text in (
        (PROJECT_NAME, project_json(ruleset)),
        (OBJECT_TYPES_NAME, object_types_xml(ruleset)),
    ):
        path = maps_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if doc is not None and doc.is_file():
        old = doc.read_text(encoding="utf-8")
        new = fill_generated(old, ruleset)
        if new != old:
            doc.write_text(new, encoding="utf-8")
            written.append(doc)
    return written


def run_make_tiled_project(
    out: TextIO, maps_dir: Path = MAPS_DIR, doc: Path | None = FORMAT_DOC
) -> int:
    """`python main.py make-tiled-project`: regenerate the Tiled files; 0 on success."""
    try:
        ruleset = load_ruleset()
    except RulesError as err:
        for message in err.problems:
            print(message, file=out)
        return 1
    try:
        written = write_tiled_project(ruleset, maps_dir, doc)
    except OSError as exc:
        print(f"cannot write the Tiled project files: {exc}", file=out)
        return 1
    for path in written:
        print(f"wrote {path}", file=out)
    print(f"open it in Tiled: tiled {maps_dir / PROJECT_NAME}", file=out)
    return 0
