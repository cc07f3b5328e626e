"""The ISIL AI on small built battles: car bombs, smoke screens, what it may know, routes."""

from __future__ import annotations

import pytest

from game.ai.isil import IsilAI
from game.battle.setup import AiRole
from game.commands import Command, EndTurn, Move, ThrowSmoke, execute
from game.core.values import Side, TilePos
from game.sim.line_of_sight import visibility_between
from tests.ai_phase import ai_phase
from tests.battle_builder import BattleBuilder

P = TilePos


def start_isil_phase(state) -> None:
    """End the coalition phase without orders."""
    execute(state, EndTurn(Side.COALITION))


def isil_phase(state, ai: IsilAI) -> list[Command]:
    """Run the AI's whole phase; return its commands (EndTurn not run)."""
    return ai_phase(state, ai)


ROAD_MAP = [
    "######################",
    "======================",
    "......................",
    "######################",
]


def test_car_bomb_strikes_a_spotted_group_down_the_road(ruleset):
    b = BattleBuilder(ruleset, ROAD_MAP)
    group = [b.unit("infantry", (1, 2)), b.unit("infantry", (2, 2)), b.unit("cts", (1, 1))]
    bomb = b.unit("vbied", (20, 1), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (12, 2), ai_role=AiRole.HOLD)
    state = b.battle()
    start_isil_phase(state)
    assert state.spotted[Side.ISIL] >= set(group)
    commands = isil_phase(state, IsilAI())
    drives = [c for c in commands if isinstance(c, Move) and c.unit_id == bomb]
    assert drives, commands
    assert all(
        ruleset.terrain_by_index(int(state.grid.terrain[p.y, p.x])).name == "road"
        for p in drives[0].path
    )  # it keeps to the road
    assert not state.units[bomb].alive and state.units[bomb].detonated
    assert sum(state.units[u].hp < ruleset.units[state.units[u].type_id].hp for u in group) >= 2


def test_no_car_bomb_run_without_a_spotted_target(ruleset):
    b = BattleBuilder(ruleset, ROAD_MAP)
    b.unit("infantry", (1, 2))
    bomb = b.unit("vbied", (20, 1), ai_role=AiRole.VBIED_STRIKE)
    state = b.battle()
    start_isil_phase(state)
    assert state.spotted[Side.ISIL] == set()
    commands = isil_phase(state, IsilAI())
    assert not [c for c in commands if c.unit_id == bomb]  # type: ignore[attr-defined]
    assert state.units[bomb].pos == P(20, 1)


HIDING_MAP = [
    "..........#####.....",
    "..........#...#.....",
    "..........#####.....",
    "====================",
    "....................",
    "......###.......##..",
]


def _hiding_battle(ruleset, with_hidden: bool):
    b = BattleBuilder(ruleset, HIDING_MAP)
    seen = b.unit("infantry", (3, 1))
    b.unit("infantry", (11, 1))  # unseen in both battles: keeps the battle going
    b.unit("vbied", (19, 5), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (6, 5))
    b.unit("isil_fighters", (17, 5), ai_role=AiRole.HOLD)
    b.unit("drone_team", (8, 5))
    hidden = b.unit("infantry", (13, 1)) if with_hidden else ""  # last: the same ids otherwise
    return b.battle(), seen, hidden


def test_it_ignores_an_enemy_it_cannot_see(ruleset):
    state, seen, hidden = _hiding_battle(ruleset, with_hidden=True)
    start_isil_phase(state)
    assert seen in state.spotted[Side.ISIL] and hidden not in state.spotted[Side.ISIL]
    with_hidden = isil_phase(state, IsilAI())
    plain, _, _ = _hiding_battle(ruleset, with_hidden=False)
    start_isil_phase(plain)
    without = isil_phase(plain, IsilAI())
    assert with_hidden == without  # the hidden unit changes none of its commands
    assert with_hidden  # and it did act on the one it sees
    hidden_tile = P(13, 1)
    assert all(getattr(c, "target", None) != hidden_tile for c in with_hidden)


def test_smoke_screens_the_route_before_the_car_bomb_drives(ruleset):
    b = BattleBuilder(ruleset, ROAD_MAP)
    b.unit("infantry", (1, 2))
    b.unit("sniper", (2, 2))
    bomb = b.unit("vbied", (20, 1), ai_role=AiRole.VBIED_STRIKE)
    smoker = b.unit("isil_fighters", (6, 2), ai_role=AiRole.HOLD)
    state = b.battle()
    start_isil_phase(state)
    commands = isil_phase(state, IsilAI())
    kinds = [(type(c).__name__, c.unit_id) for c in commands]  # type: ignore[attr-defined]
    assert ("ThrowSmoke", smoker) in kinds and ("Move", bomb) in kinds
    assert kinds.index(("ThrowSmoke", smoker)) < kinds.index(("Move", bomb))
    smoke = next(c for c in commands if isinstance(c, ThrowSmoke))
    drive = next(c for c in commands if isinstance(c, Move) and c.unit_id == bomb)
    assert min(max(abs(p.x - smoke.target.x), abs(p.y - smoke.target.y)) for p in drive.path) <= 1


CORRIDORS = [
    "##############################",
    "..............................",
    "#.######################.#####",
    "#.######################.#####",
    "#........................#####",
    "##############################",
]


def _corridor_battle(ruleset, observer: bool):
    b = BattleBuilder(ruleset, CORRIDORS)
    sniper = b.unit("sniper", (29, 1))
    b.unit("infantry", (29, 5))  # inside the block: the battle goes on if the sniper falls
    walker = b.unit("isil_fighters", (0, 1))
    if observer:
        b.unit("isil_sniper", (22, 2), ai_role=AiRole.HOLD)  # on a roof, sees the sniper
    b.objective("capture", [(26, 1)])
    return b.battle(), sniper, walker


def test_it_walks_around_a_known_snipers_field_of_fire(ruleset):
    state, sniper, walker = _corridor_battle(ruleset, observer=True)
    start_isil_phase(state)
    assert sniper in state.spotted[Side.ISIL]
    commands = isil_phase(state, IsilAI())
    move = next(c for c in commands if isinstance(c, Move) and c.unit_id == walker)
    sniper_pos, sight = state.units[sniper].pos, ruleset.units["sniper"].sight
    for step in move.path:
        assert visibility_between(state.grid, state.smoke, sniper_pos, step, sight) < 0.25, step


def test_without_knowing_the_sniper_it_takes_the_short_street(ruleset):
    state, sniper, walker = _corridor_battle(ruleset, observer=False)
    start_isil_phase(state)
    assert sniper not in state.spotted[Side.ISIL]
    commands = isil_phase(state, IsilAI())
    move = next(c for c in commands if isinstance(c, Move) and c.unit_id == walker)
    assert all(p.y == 1 for p in move.path)


def test_the_ai_never_changes_the_state_by_itself(ruleset):
    state, _, _ = _hiding_battle(ruleset, with_hidden=True)
    start_isil_phase(state)
    before = state.state_hash()
    ai = IsilAI(level="hard")
    ai.next_command(state)
    ai.next_command(state)
    assert state.state_hash() == before


def _two_targets(ruleset):
    b = BattleBuilder(
        ruleset,
        [
            "######################",
            "======================",
            "......................",
            "#############.########",
            "#############.########",
        ],
    )
    group = [b.unit("infantry", (3, 2)), b.unit("infantry", (4, 2)), b.unit("infantry", (5, 2))]
    lone = b.unit("infantry", (13, 4))  # nearer, down a side alley off the road
    bomb = b.unit("vbied", (21, 1), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (14, 0), ai_role=AiRole.HOLD)  # on a roof over the road
    state = b.battle()
    start_isil_phase(state)
    assert set(group) | {lone} <= state.spotted[Side.ISIL]
    return state, bomb


def test_difficulty_changes_the_car_bombs_target_not_the_rules(ruleset):
    standard, bomb = _two_targets(ruleset)
    drive = next(c for c in isil_phase(standard, IsilAI()) if isinstance(c, Move))
    assert drive.unit_id == bomb and max(abs(drive.dest.x - 13), abs(drive.dest.y - 4)) <= 1
    hard, bomb = _two_targets(ruleset)
    drive = next(c for c in isil_phase(hard, IsilAI(level="hard")) if isinstance(c, Move))
    assert drive.unit_id == bomb and max(abs(drive.dest.x - 4), abs(drive.dest.y - 2)) <= 1
    hurt = [u for u in ("u1", "u2", "u3") if hard.units[u].hp < ruleset.units["infantry"].hp]
    assert len(hurt) >= 2  # the group is caught in the blast


def test_unknown_difficulty_names_the_levels():
    with pytest.raises(ValueError, match="standard, hard"):
        IsilAI(level="impossible")


def test_drones_strike_in_the_open_and_keep_clear_of_a_known_jammer(ruleset):
    b = BattleBuilder(ruleset, ["." * 20 for _ in range(9)])
    b.unit("infantry", (8, 6))  # nearer, but within the jammer's radius
    b.unit("jammer", (6, 4))
    far = b.unit("infantry", (19, 2))
    team = b.unit("drone_team", (14, 8), ai_role=AiRole.HOLD)
    state = b.battle()
    start_isil_phase(state)
    assert {"u1", "u2", far} <= state.spotted[Side.ISIL]
    drones = [c for c in isil_phase(state, IsilAI()) if c.kind == "launch_drone"]
    assert drones and all(c.unit_id == team and c.target == P(19, 2) for c in drones)
