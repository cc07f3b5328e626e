"""The live state of one unit in a battle (its type's static data stays in the ruleset)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from game.core import doc_fields as check
from game.core.doc_fields import FieldError, Fields
from game.core.values import Side, TilePos, enum_values
from game.rules.unit_types import UnitType

UNLIMITED = -1  # ammunition or action uses that never run out
# the flags a saved unit keeps in its "extra" table (the saved form of earlier versions)
FLAGS = ("alert_raised", "detonated", "launched", "start_overwatch")


@dataclass(frozen=True)
class Sector:
    """An overwatch sector (a covered arc): `width` degrees centred on the line from the unit
    to `toward`, out to that tile's distance. A unit on overwatch with a sector reacts only
    to enemies inside it."""

    toward: TilePos
    width: float  # degrees, more than 0 and at most 360 (all round, the range still applies)

    def covers(self, origin: TilePos, pos: TilePos) -> bool:
        """Whether the tile `pos` lies in the sector of a unit standing on `origin`."""
        reach = math.hypot(self.toward.x - origin.x, self.toward.y - origin.y)
        dx, dy = pos.x - origin.x, pos.y - origin.y
        if (dx, dy) == (0, 0) or math.hypot(dx, dy) > reach + 0.5:
            return False
        if self.width >= 360:
            return True
        axis = math.atan2(self.toward.y - origin.y, self.toward.x - origin.x)
        off = math.degrees(abs(math.remainder(math.atan2(dy, dx) - axis, math.tau)))
        return off <= self.width / 2 + 1e-9

    def tiles(self, origin: TilePos, width: int, height: int) -> list[TilePos]:
        """Every map tile (of a width x height map) the sector of a unit on `origin` covers."""
        reach = math.ceil(math.hypot(self.toward.x - origin.x, self.toward.y - origin.y)) + 1
        return [
            TilePos(x, y)
            for y in range(max(0, origin.y - reach), min(height, origin.y + reach + 1))
            for x in range(max(0, origin.x - reach), min(width, origin.x + reach + 1))
            if self.covers(origin, TilePos(x, y))
        ]

    @classmethod
    def spanning(
        cls, origin: TilePos, a: TilePos, b: TilePos, margin: float = 10.0, least: float = 30.0
    ) -> Sector:
        """The narrowest sector from `origin` that covers both `a` and `b` (a stretch of
        road dragged by the player), `margin` degrees wider on each side, `least` wide."""
        bearing_a = math.atan2(a.y - origin.y, a.x - origin.x)
        bearing_b = math.atan2(b.y - origin.y, b.x - origin.x)
        half = abs(math.remainder(bearing_b - bearing_a, math.tau)) / 2
        middle = bearing_a + math.copysign(half, math.remainder(bearing_b - bearing_a, math.tau))
        reach = max(
            math.hypot(a.x - origin.x, a.y - origin.y), math.hypot(b.x - origin.x, b.y - origin.y)
        )
        toward = TilePos(
            origin.x + round(reach * math.cos(middle)), origin.y + round(reach * math.sin(middle))
        )
        width = max(least, math.degrees(2 * half) + 2 * margin)
        sector = cls(toward, min(360.0, round(width, 1)))
        while not (sector.covers(origin, a) and sector.covers(origin, b)) and sector.width < 360:
            sector = cls(toward, min(360.0, sector.width + 5.0))  # rounding of `toward`
        return sector

    def to_dict(self) -> dict[str, Any]:
        """The saved form: {"toward": [x, y], "width": degrees}."""
        return {"toward": [self.toward.x, self.toward.y], "width": self.width}

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "sector") -> Sector:
        """Rebuild a sector from `to_dict` output (FieldError naming the field if malformed)."""
        fields = Fields(data, where)
        toward = check.tile(fields.raw("toward"), fields.path("toward"))
        return cls(toward, float(fields.number("width", low=0.1, high=360)))


@dataclass(frozen=True)
class Veterancy:
    """A campaign roster unit's experience, carried into a battle."""

    roster_id: str  # the unit in the campaign's roster
    level: int
    accuracy_bonus: float  # added to hit chances as a fraction (0.05 = +5 %)
    spotting_bonus: float  # added to the unit's sight range, as a fraction of it

    def to_dict(self) -> dict[str, Any]:
        """The saved form: the four values by name."""
        return {
            "roster_id": self.roster_id,
            "level": self.level,
            "accuracy_bonus": self.accuracy_bonus,
            "spotting_bonus": self.spotting_bonus,
        }


@dataclass
class UnitState:
    """A unit on (or waiting to enter, or gone from) the battlefield."""

    id: str
    type_id: str
    side: Side
    name: str
    pos: TilePos
    hp: int
    ap: float  # steps cost whole or half AP (diagonals x1.5)
    ammo: dict[str, int]  # weapon id -> shots left (UNLIMITED = no limit)
    actions: dict[str, int]  # special action -> uses left (UNLIMITED = no limit)
    overwatch_ap: float = 0  # AP reserved for reaction fire in the enemy phase
    sector: Sector | None = None  # where the unit on overwatch reacts (None: anywhere it sees)
    moved_this_phase: bool = False
    alive: bool = True
    arrival_turn: int = 1
    arrived: bool = True  # False for a reinforcement until its arrival turn
    exited: bool = False  # left the map through an exit objective
    entry: str = ""  # name of the entry event where a reinforcement arrives
    ai_role: str = "default"
    driver_killed: bool = False  # a car bomb whose driver was shot: it cannot move or detonate
    alerted: bool = False  # coalition: a spotted car bomb is still driving (the client shows it)
    launched: bool = False  # a car bomb that has started its run
    detonated: bool = False  # a car bomb that went off (by its driver or the detonate order)
    alert_raised: bool = False  # a car bomb whose sighting has alerted the coalition
    start_overwatch: bool = False  # placed on overwatch: goes on overwatch at its first phase
    veterancy: Veterancy | None = None  # a campaign roster unit's experience

    def copy(self) -> UnitState:
        """An independent copy (its ammunition and action counts copied; the sector and the
        veterancy are frozen values, shared)."""
        other = object.__new__(UnitState)  # a shallow copy, without copy.copy's overhead
        other.__dict__.update(self.__dict__)
        other.ammo = dict(self.ammo)
        other.actions = dict(self.actions)
        return other

    @property
    def on_map(self) -> bool:
        """Whether the unit stands on the map now (arrived, alive, not exited)."""
        return self.alive and self.arrived and not self.exited

    @classmethod
    def new(
        cls,
        unit_id: str,
        utype: UnitType,
        side: Side,
        pos: TilePos,
        name: str = "",
        arrival_turn: int = 1,
        entry: str = "",
        ai_role: str = "default",
    ) -> UnitState:
        """A fresh unit of a type: full HP, AP, ammunition and action uses."""
        return cls(
            id=unit_id,
            type_id=utype.id,
            side=side,
            name=name or utype.name,
            pos=pos,
            hp=utype.hp,
            ap=utype.ap,
            ammo={w.id: (w.ammo if w.ammo > 0 else UNLIMITED) for w in utype.weapons},
            actions={a: (n if n > 0 else UNLIMITED) for a, n in utype.actions.items()},
            arrival_turn=arrival_turn,
            arrived=arrival_turn == 1,  # 0: waits for a trigger to bring it in
            entry=entry,
            ai_role=ai_role,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field."""
        return {
            "id": self.id,
            "type_id": self.type_id,
            "side": self.side.value,
            "name": self.name,
            "pos": [self.pos.x, self.pos.y],
            "hp": self.hp,
            "ap": self.ap,
            "ammo": dict(sorted(self.ammo.items())),
            "actions": dict(sorted(self.actions.items())),
            "overwatch_ap": self.overwatch_ap,
            "moved_this_phase": self.moved_this_phase,
            "alive": self.alive,
            "arrival_turn": self.arrival_turn,
            "arrived": self.arrived,
            "exited": self.exited,
            "entry": self.entry,
            "ai_role": self.ai_role,
            "driver_killed": self.driver_killed,
            "alerted": self.alerted,
            "extra": self._extra(),
            **({"sector": self.sector.to_dict()} if self.sector is not None else {}),
        }

    def _extra(self) -> dict[str, Any]:
        """The saved "extra" table: the flags that are set, and the veterancy values."""
        extra: dict[str, Any] = {name: True for name in FLAGS if getattr(self, name)}
        if self.veterancy is not None:
            extra.update(self.veterancy.to_dict())
        return dict(sorted(extra.items()))

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "unit") -> UnitState:
        """Rebuild a unit from `to_dict` output; every field's type is checked first
        (FieldError naming the field, `where.hp`, when one is wrong)."""
        doc = Fields(data, where)
        fields: dict[str, Any] = {
            "id": doc.text("id"),
            "type_id": doc.text("type_id"),
            "side": Side(doc.text("side", choices=enum_values(Side))),
            "name": doc.text("name"),
            "pos": check.tile(doc.raw("pos"), doc.path("pos")),
            "hp": doc.whole("hp", low=0),
            "ap": doc.number("ap", low=0),
            "ammo": _uses(doc, "ammo"),
            "actions": _uses(doc, "actions"),
            "overwatch_ap": doc.number("overwatch_ap", low=0, default=0),
            "arrival_turn": doc.whole("arrival_turn", low=0, default=1),
            "entry": doc.text("entry", default=""),
            "ai_role": doc.text("ai_role", default="default"),
        }
        for name in ("moved_this_phase", "alive", "arrived", "exited", "driver_killed", "alerted"):
            fields[name] = doc.flag(name, default=UNIT_DEFAULTS[name])
        if doc.raw("sector", None) is not None:
            fields["sector"] = Sector.from_dict(doc.raw("sector"), doc.path("sector"))
        extra = doc.table("extra", default={})
        extra.keys_in({*FLAGS, *VETERANCY_FIELDS})
        for name in FLAGS:
            fields[name] = extra.flag(name, default=False)
        if "roster_id" in extra.data:
            fields["veterancy"] = Veterancy(
                roster_id=extra.text("roster_id"),
                level=extra.whole("level", low=0),
                accuracy_bonus=float(extra.number("accuracy_bonus")),
                spotting_bonus=float(extra.number("spotting_bonus")),
            )
        elif set(extra.data) & set(VETERANCY_FIELDS):
            raise FieldError(f"{extra.where} has veterancy values but no roster_id")
        return cls(**fields)


# the defaults of the fields a saved unit may leave out
UNIT_DEFAULTS = {
    "moved_this_phase": False,
    "alive": True,
    "arrived": True,
    "exited": False,
    "driver_killed": False,
    "alerted": False,
}
VETERANCY_FIELDS = ("roster_id", "level", "accuracy_bonus", "spotting_bonus")


def _uses(doc: Fields, key: str) -> dict[str, int]:
    """A table of shots or uses left by name (UNLIMITED or a count)."""
    uses = doc.table(key)
    return {name: uses.whole(name, low=UNLIMITED) for name in uses.data}
