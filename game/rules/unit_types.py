"""Weapon and unit types read from weapons.toml and units.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.core.values import MoveClass, Side, enum_values
from game.rules.data_files import FieldReader, read_toml

SYMBOLS = (
    "infantry",
    "special_forces",
    "sniper",
    "armour",
    "motorised",
    "anti_tank",
    "engineer",
    "electronic_warfare",
    "militia",
    "car_bomb",
    "drone",
)
ROLES = ("sniper", "priority_target")  # what the AIs key on (units.toml `roles`)
ACTIONS = ("smoke", "build_berm", "clear_rubble", "launch_drone", "detonate", "jam")


@dataclass(frozen=True)
class WeaponType:
    """A weapon: range, accuracy, damage, AP cost and special properties."""

    id: str
    name: str
    range: int
    accuracy: float
    damage: int
    ap: int
    anti_armour: bool
    precision: float
    ammo: int  # 0 = unlimited
    blast: int


@dataclass(frozen=True)
class UnitType:
    """A unit type: how it moves, sees, hides, fights and what special actions it has."""

    id: str
    name: str
    side: Side
    symbol: str
    move: MoveClass
    ap: int
    hp: int
    armour: int
    sight: int
    spotting: float
    concealment: float
    weapons: tuple[WeaponType, ...]
    actions: dict[str, int] = field(default_factory=dict)  # action -> uses (0 = unlimited)
    jam_radius: int = 0
    roles: frozenset[str] = frozenset()  # ROLES: what the AIs know the unit for

    def has_role(self, role: str) -> bool:
        """Whether the type has one of the ROLES (e.g. "sniper")."""
        return role in self.roles

    @property
    def is_vehicle(self) -> bool:
        """Vehicles cannot enter buildings and are easier to spot."""
        return self.move is not MoveClass.FOOT


def load_weapons(path: Path, problems: list[str]) -> dict[str, WeaponType]:
    """Read every weapon from a TOML file; problems are appended to `problems`."""
    weapons: dict[str, WeaponType] = {}
    for wid, table in read_toml(path).items():
        r = FieldReader(table, f"{path}: weapon '{wid}'", problems)
        weapons[wid] = WeaponType(
            id=wid,
            name=r.text("name"),
            range=r.integer("range", low=1, high=60),
            accuracy=r.number("accuracy", low=0.0, high=1.0),
            damage=r.integer("damage", low=0, high=200),
            ap=r.integer("ap", low=1, high=30),
            anti_armour=r.flag("anti_armour", False),
            precision=r.number("precision", 0.0, 0.0, 1.0),
            ammo=r.integer("ammo", 0, 0, 1000),
            blast=r.integer("blast", 0, 0, 6),
        )
        r.finish()
    return weapons


def _roles(reader: FieldReader, where: str, problems: list[str]) -> frozenset[str]:
    roles = reader.text_list("roles", [])
    for role in roles:
        if role not in ROLES:
            problems.append(f"{where}: unknown role '{role}' (known: {', '.join(ROLES)}).")
    return frozenset(r for r in roles if r in ROLES)


def load_unit_types(
    path: Path, weapons: dict[str, WeaponType], problems: list[str]
) -> dict[str, UnitType]:
    """Read every unit type from a TOML file, resolving weapon ids."""
    units: dict[str, UnitType] = {}
    for uid, table in read_toml(path).items():
        where = f"{path}: unit '{uid}'"
        r = FieldReader(table, where, problems)
        weapon_ids = r.text_list("weapons")
        for wid in weapon_ids:
            if wid not in weapons:
                problems.append(
                    f"{where}: unknown weapon '{wid}' (known: {', '.join(weapons)}); "
                    "define it in weapons.toml or fix the name."
                )
        actions: dict[str, int] = {}
        for action, count in r.sub_table("actions").items():
            if action not in ACTIONS:
                problems.append(
                    f"{where}: unknown action '{action}' (known: {', '.join(ACTIONS)})."
                )
            elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
                problems.append(
                    f"{where}: action '{action}' must be a whole number of uses (0 = unlimited)."
                )
            else:
                actions[action] = count
        units[uid] = UnitType(
            id=uid,
            name=r.text("name"),
            side=Side(r.text("side", choices=enum_values(Side))),
            symbol=r.text("symbol", choices=SYMBOLS),
            move=MoveClass(r.text("move", choices=enum_values(MoveClass))),
            ap=r.integer("ap", low=1, high=60),
            hp=r.integer("hp", low=1, high=500),
            armour=r.integer("armour", low=0, high=50),
            sight=r.integer("sight", low=1, high=60),
            spotting=r.number("spotting", low=0.0, high=5.0),
            concealment=r.number("concealment", low=0.0, high=1.0),
            weapons=tuple(weapons[w] for w in weapon_ids if w in weapons),
            actions=actions,
            jam_radius=r.integer("jam_radius", 0, 0, 30),
            roles=_roles(r, where, problems),
        )
        r.finish()
    return units
