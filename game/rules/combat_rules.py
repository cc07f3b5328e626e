"""Battle constants (hit chance, damage, actions, environment, score) from combat.toml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.core.paths import RULES_DIR
from game.rules.data_files import FieldReader, RulesError, read_toml


@dataclass(frozen=True)
class BattleRules:
    """Every tunable number of the battle rules; docs/rules.md explains how each is used."""

    min_chance: float
    max_chance: float
    moved_factor: float
    height_factor: float
    height_levels: float
    smoke_penalty: float
    overwatch_factor: float
    range_shares: tuple[float, ...]
    range_factors: tuple[float, ...]
    anti_armour_share: float
    min_damage: int
    wreck_cover: float
    wreck_smoke: float
    wreck_burn_turns: int
    smoke_fade: float
    smoke_spread: float
    grenade_ap: int
    grenade_range: int
    grenade_radius: int
    grenade_density: float
    build_berm_ap: int
    clear_rubble_ap: int
    detonate_ap: int
    blast_radius: int
    blast_damage: int
    blast_edge_share: float
    blast_building_damage: int
    blast_smoke: float
    drone_ap: int
    drone_range: int
    drone_radius: int
    drone_damage: int
    drone_reveal_radius: int
    drone_shoot_radius: int
    drone_shoot_chance: float
    drone_jam_chance: float
    civilian_alarm_radius: int
    civilian_danger_radius: int
    civilian_danger_cost: float
    civilian_steps: int
    overwatch_min_ap: int
    reinforcement_search_radius: int
    score_objective_weight: float
    score_own_loss: float
    score_civilian_casualty: float
    score_evacuated_civilian: float
    area_fire_casualties: int
    blast_smoke_radius: int
    blast_wall_shield: float
    collapse_damage: int
    overwatch_hit_stops_foot: bool
    vbied_arm_radius: float
    vbied_road_preference: float


def _section(data: dict[str, Any], name: str, where: str, problems: list[str]) -> FieldReader:
    return FieldReader(data.get(name, {}), f"{where}: [{name}]", problems)


def load_battle_rules(path: Path = RULES_DIR / "combat.toml") -> BattleRules:
    """Read combat.toml; raise RulesError listing every problem."""
    problems: list[str] = []
    data = read_toml(path)
    where = str(path)
    unknown = set(data) - {
        "hit", "damage", "wreck", "smoke", "engineering", "detonate", "drone",
        "overwatch", "reinforcements", "score", "civilians", "vbied",
    }  # fmt: skip
    problems += [f"{where}: unknown section [{name}]." for name in sorted(unknown)]
    hit = _section(data, "hit", where, problems)
    shares = hit._fetch("range_shares", [])
    factors = hit._fetch("range_factors", [])
    if (
        not isinstance(shares, list)
        or not isinstance(factors, list)
        or not shares
        or len(shares) != len(factors)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in shares + factors)
        or sorted(shares) != shares
        or shares[-1] != 1.0
    ):
        problems.append(
            f"{where}: [hit] range_shares and range_factors must be lists of numbers of the same "
            "length, shares rising and ending at 1.0."
        )
        shares, factors = [1.0], [1.0]
    values: dict[str, Any] = {
        "min_chance": hit.number("min_chance", low=0.0, high=1.0),
        "max_chance": hit.number("max_chance", low=0.0, high=1.0),
        "moved_factor": hit.number("moved_factor", low=0.0, high=2.0),
        "height_factor": hit.number("height_factor", low=0.0, high=2.0),
        "height_levels": hit.number("height_levels", low=0.0, high=10.0),
        "smoke_penalty": hit.number("smoke_penalty", low=0.0, high=1.0),
        "overwatch_factor": hit.number("overwatch_factor", low=0.0, high=2.0),
        "range_shares": tuple(float(v) for v in shares),
        "range_factors": tuple(float(v) for v in factors),
    }
    hit.finish()
    dmg = _section(data, "damage", where, problems)
    values["anti_armour_share"] = dmg.number("anti_armour_share", low=0.0, high=1.0)
    values["min_damage"] = dmg.integer("min_damage", low=0, high=100)
    values["area_fire_casualties"] = dmg.integer("area_fire_casualties", low=0, high=1000)
    dmg.finish()
    wreck = _section(data, "wreck", where, problems)
    values["wreck_cover"] = wreck.number("cover", low=0.0, high=0.95)
    values["wreck_smoke"] = wreck.number("smoke", low=0.0, high=1.0)
    values["wreck_burn_turns"] = wreck.integer("burn_turns", low=0, high=100)
    wreck.finish()
    smoke = _section(data, "smoke", where, problems)
    values["smoke_fade"] = smoke.number("fade", low=0.0, high=1.0)
    values["smoke_spread"] = smoke.number("spread", low=0.0, high=1.0)
    values["grenade_ap"] = smoke.integer("grenade_ap", low=0, high=60)
    values["grenade_range"] = smoke.integer("grenade_range", low=0, high=30)
    values["grenade_radius"] = smoke.integer("grenade_radius", low=0, high=10)
    values["grenade_density"] = smoke.number("grenade_density", low=0.0, high=1.0)
    smoke.finish()
    eng = _section(data, "engineering", where, problems)
    values["build_berm_ap"] = eng.integer("build_berm_ap", low=0, high=60)
    values["clear_rubble_ap"] = eng.integer("clear_rubble_ap", low=0, high=60)
    eng.finish()
    det = _section(data, "detonate", where, problems)
    values["detonate_ap"] = det.integer("ap", low=0, high=60)
    values["blast_radius"] = det.integer("radius", low=0, high=10)
    values["blast_damage"] = det.integer("damage", low=0, high=500)
    values["blast_edge_share"] = det.number("edge_share", low=0.0, high=1.0)
    values["blast_building_damage"] = det.integer("building_damage", low=0, high=10_000)
    values["blast_smoke"] = det.number("smoke", low=0.0, high=1.0)
    values["blast_smoke_radius"] = det.integer("smoke_radius", low=0, high=10)
    values["blast_wall_shield"] = det.number("wall_shield", low=0.0, high=1.0)
    values["collapse_damage"] = det.integer("collapse_damage", low=0, high=500)
    det.finish()
    drone = _section(data, "drone", where, problems)
    values["drone_ap"] = drone.integer("ap", low=0, high=60)
    values["drone_range"] = drone.integer("range", low=1, high=60)
    values["drone_radius"] = drone.integer("radius", low=0, high=10)
    values["drone_damage"] = drone.integer("damage", low=0, high=500)
    values["drone_reveal_radius"] = drone.integer("reveal_radius", low=0, high=10)
    values["drone_shoot_radius"] = drone.integer("shoot_radius", low=0, high=30)
    values["drone_shoot_chance"] = drone.number("shoot_chance", low=0.0, high=1.0)
    values["drone_jam_chance"] = drone.number("jam_chance", low=0.0, high=1.0)
    drone.finish()
    civ = _section(data, "civilians", where, problems)
    values["civilian_alarm_radius"] = civ.integer("alarm_radius", low=0, high=60)
    values["civilian_danger_radius"] = civ.integer("danger_radius", low=0, high=30)
    values["civilian_danger_cost"] = civ.number("danger_cost", low=0.0, high=1000.0)
    values["civilian_steps"] = civ.integer("steps", low=0, high=30)
    civ.finish()
    ow = _section(data, "overwatch", where, problems)
    values["overwatch_min_ap"] = ow.integer("min_ap", low=0, high=60)
    values["overwatch_hit_stops_foot"] = ow.flag("hit_stops_foot")
    ow.finish()
    vb = _section(data, "vbied", where, problems)
    values["vbied_arm_radius"] = vb.number("arm_radius", low=0.0, high=20.0)
    values["vbied_road_preference"] = vb.number("road_preference", low=0.0, high=20.0)
    vb.finish()
    rf = _section(data, "reinforcements", where, problems)
    values["reinforcement_search_radius"] = rf.integer("search_radius", low=0, high=60)
    rf.finish()
    score = _section(data, "score", where, problems)
    values["score_objective_weight"] = score.number("objective_weight", low=0.0, high=1000.0)
    values["score_own_loss"] = score.number("own_loss", low=0.0, high=10_000.0)
    values["score_civilian_casualty"] = score.number("civilian_casualty", low=0.0, high=10_000.0)
    values["score_evacuated_civilian"] = score.number("evacuated_civilian", low=0.0, high=1000.0)
    score.finish()
    if problems:
        raise RulesError(problems)
    return BattleRules(**values)
