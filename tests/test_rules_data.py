"""The rules data files load, and bad entries give messages naming the file, entry and fix."""

import shutil
from pathlib import Path

import pytest

from game.core.paths import RULES_DIR
from game.core.values import MoveClass, Side
from game.rules.data_files import RulesError
from game.rules.ruleset import load_ruleset

GAME_MD_UNITS = {
    "infantry", "cts", "sniper", "fedpol_vehicle", "humvee", "atgm", "bulldozer", "jammer",
    "peshmerga", "pmf", "isil_fighters", "isil_sniper", "vbied", "drone_team", "rpg_team",
}  # fmt: skip


def test_shipped_rules_have_the_starting_set(ruleset):
    assert set(ruleset.units) >= GAME_MD_UNITS
    assert ruleset.units["sniper"].side is Side.COALITION
    assert ruleset.units["vbied"].move is MoveClass.WHEELED
    assert ruleset.units["sniper"].weapons[0].precision == 1.0
    building = ruleset.terrain["building"]
    assert not building.passable(MoveClass.WHEELED) and building.passable(MoveClass.FOOT)
    assert ruleset.terrain["water"].passable(MoveClass.FOOT) is False


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def test_bad_field_names_file_entry_and_value(tmp_path):
    rules = _copy_rules(tmp_path)
    text = (rules / "units.toml").read_text()
    text = text.replace('move = "foot"\nap = 10\nhp = 6', 'move = "walk"\nap = "ten"\nhp = 6', 1)
    (rules / "units.toml").write_text(text)
    with pytest.raises(RulesError) as err:
        load_ruleset(rules)
    message = str(err.value)
    assert (
        "unit 'sniper': field 'move' must be one of foot, wheeled, tracked, got 'walk'" in message
    )
    assert "unit 'sniper': field 'ap' must be a whole number, got 'ten'" in message


def test_unknown_weapon_and_typo_field(tmp_path):
    rules = _copy_rules(tmp_path)
    text = (rules / "units.toml").read_text()
    text = text.replace('weapons = ["dragunov"]', 'weapons = ["dragunof"]\nsigth = 3')
    (rules / "units.toml").write_text(text)
    with pytest.raises(RulesError) as err:
        load_ruleset(rules)
    assert "unit 'isil_sniper': unknown weapon 'dragunof'" in str(err.value)
    assert "unit 'isil_sniper': unknown field 'sigth'" in str(err.value)


def test_broken_toml_syntax(tmp_path):
    rules = _copy_rules(tmp_path)
    (rules / "terrain.toml").write_text("[road\nfoot = 1\n")
    with pytest.raises(RulesError) as err:
        load_ruleset(rules)
    assert "terrain.toml: not valid TOML" in str(err.value)


def test_what_the_ais_and_rules_key_on_is_data(tmp_path):
    rules = _copy_rules(tmp_path)
    terrain = (rules / "terrain.toml").read_text()
    terrain = terrain.replace("[water]\n", '[water]\nclears_to = ["tarmac"]\n', 1)
    (rules / "terrain.toml").write_text(terrain)
    units = (rules / "units.toml").read_text()
    units = units.replace('roles = ["sniper", "priority_target"]', 'roles = ["marksman"]', 1)
    (rules / "units.toml").write_text(units)
    with pytest.raises(RulesError) as err:
        load_ruleset(rules)
    message = str(err.value)
    assert "terrain 'water': clears_to 'tarmac' is not a terrain kind" in message
    assert "unit 'sniper': unknown role 'marksman' (known: sniper, priority_target)" in message


def test_a_designer_can_add_a_road_kind_and_a_sniper_type(tmp_path):
    rules = _copy_rules(tmp_path)
    with (rules / "terrain.toml").open("a") as f:
        f.write(
            "\n[highway]\nfoot = 1\nwheeled = 1\ntracked = 1\ncover = 0.0\nheight = 0\n"
            "blocks_sight = false\nobscuration = 0.0\nroad = true\nberm_ground = true\n"
        )
    units = (rules / "units.toml").read_text()
    units = units.replace('symbol = "militia"\n', 'symbol = "militia"\nroles = ["sniper"]\n', 1)
    (rules / "units.toml").write_text(units)
    ruleset = load_ruleset(rules)
    roads = [ruleset.terrain_by_index(i).name for i in ruleset.terrain_indices("road")]
    assert roads == ["road", "highway"]
    assert ruleset.units["pmf"].has_role("sniper") and not ruleset.units["pmf"].is_vehicle
