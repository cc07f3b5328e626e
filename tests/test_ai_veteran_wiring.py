"""The veteran level is offered wherever a difficulty is chosen: the command line, balance,
sweep, the standard pairings of AI players, saves and the objects a battle deploys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game import cli
from game.ai.difficulty import DIFFICULTIES, difficulty
from game.ai.player import standard_players
from game.battle.start import BattleStart
from game.core.values import Side
from tests.battle_builder import BattleBuilder


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "maps/qadisiyah.tmx", "--difficulty", "veteran"],
        ["balance", "maps/qadisiyah.tmx", "--difficulty", "veteran"],
        ["sweep", "maps/qadisiyah.tmx", "--difficulty", "hard", "veteran"],
    ],
)
def test_the_command_line_accepts_veteran(argv):
    args = cli.build_parser().parse_args(argv)
    assert "veteran" in (
        args.difficulty if isinstance(args.difficulty, list) else [args.difficulty]
    )


def test_the_levels_run_standard_hard_veteran():
    assert list(DIFFICULTIES) == ["standard", "hard", "veteran"]
    assert difficulty("veteran").plans and not difficulty("hard").plans


def test_standard_players_give_a_veteran_isil_ai():
    players = standard_players("veteran")
    assert players[Side.ISIL].level.name == "veteran"  # type: ignore[attr-defined]
    assert type(players[Side.ISIL]).__name__ == "VeteranAI"


def test_a_veteran_battle_deploys_the_hard_objects(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12, "=" * 12])
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 1))
    b.units.append(replace(b.units[-1], object_id=99, name="Extra", difficulty="hard"))
    setup = b.scenario()
    veteran = BattleStart(difficulty="veteran").deploy(setup)
    assert [u.name for u in veteran.units if u.name == "Extra"] == ["Extra"]
