"""The complete static rules of a battle, loaded and validated from the assets folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from game.core.paths import RULES_DIR
from game.rules.data_files import RulesError
from game.rules.terrain import TerrainType, load_terrain
from game.rules.unit_types import UnitType, WeaponType, load_unit_types, load_weapons


@dataclass(frozen=True)
class Ruleset:
    """Terrain kinds, weapons and unit types by id."""

    terrain: dict[str, TerrainType]
    weapons: dict[str, WeaponType]
    units: dict[str, UnitType]
    digest: str = ""  # the rules files' digest: a record played on other rules says so

    def terrain_by_index(self, index: int) -> TerrainType:
        """The terrain kind with this index (the order of terrain.toml)."""
        return list(self.terrain.values())[index]

    def terrain_indices(self, flag: str) -> list[int]:
        """The indices of the terrain kinds with a true flag (e.g. "road")."""
        return [kind.index for kind in self.terrain.values() if getattr(kind, flag)]


def load_ruleset(rules_dir: Path = RULES_DIR) -> Ruleset:
    """Load terrain.toml, weapons.toml and units.toml; raise RulesError listing every problem."""
    problems: list[str] = []
    terrain = load_terrain(rules_dir / "terrain.toml", problems)
    weapons = load_weapons(rules_dir / "weapons.toml", problems)
    units = load_unit_types(rules_dir / "units.toml", weapons, problems)
    if problems:
        raise RulesError(problems)
    return Ruleset(terrain=terrain, weapons=weapons, units=units, digest=rules_digest(rules_dir))


def rules_digest(rules_dir: Path = RULES_DIR) -> str:
    """A SHA-256 over every rules file (names and bytes), so records know their rules."""
    digest = hashlib.sha256()
    for path in sorted(rules_dir.glob("*.toml")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
