"""Line-of-sight and spotting constants read from sight.toml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from game.core.paths import RULES_DIR
from game.rules.data_files import FieldReader, RulesError, read_toml

SIGHT_TOML = RULES_DIR / "sight.toml"


@dataclass(frozen=True)
class SightRules:
    """The tunable numbers of sight; docs/rules-sight.md explains how each is used."""

    eye_height: float
    smoke_obscuration: float
    falloff_end: float
    tile_seen: float
    vehicle_factor: float
    moved_factor: float
    building_bonus: float
    max_concealment: float


def load_sight_rules(path: Path = SIGHT_TOML) -> SightRules:
    """Read sight.toml; raise RulesError listing every problem."""
    problems: list[str] = []
    data = read_toml(path)
    for name in sorted(set(data) - {"sight", "concealment"}):
        problems.append(f"{path}: unknown section [{name}] (known: sight, concealment).")
    sight = FieldReader(data.get("sight", {}), f"{path}: [sight]", problems)
    eye = sight.number("eye_height", low=0.0, high=5.0)
    smoke = sight.number("smoke_obscuration", low=0.0, high=10.0)
    falloff = sight.number("falloff_end", low=1.0, high=4.0)
    seen = sight.number("tile_seen", low=0.0, high=1.0)
    sight.finish()
    conc = FieldReader(data.get("concealment", {}), f"{path}: [concealment]", problems)
    rules = SightRules(
        eye_height=eye,
        smoke_obscuration=smoke,
        falloff_end=falloff,
        tile_seen=seen,
        vehicle_factor=conc.number("vehicle_factor", low=0.0, high=2.0),
        moved_factor=conc.number("moved_factor", low=0.0, high=2.0),
        building_bonus=conc.number("building_bonus", low=-1.0, high=1.0),
        max_concealment=conc.number("maximum", low=0.0, high=5.0),
    )
    conc.finish()
    if problems:
        raise RulesError(problems)
    return rules


@lru_cache(maxsize=1)
def default_sight_rules() -> SightRules:
    """The shipped sight.toml, read once."""
    return load_sight_rules()
