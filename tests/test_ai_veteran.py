"""The new ISIL tactics (car-bomb waves with drone cover, snipers moving on after firing,
counter-attacks into areas just taken) and the veteran AI's planning on pictured battles."""

from __future__ import annotations

from dataclasses import replace

from game.ai.difficulty import HARD, VETERAN
from game.ai.hidden_enemies import pictured_battle
from game.ai.isil import IsilAI
from game.ai.veteran import VeteranAI
from game.ai.view import Contact, Memory, SideView, side_sight
from game.battle.setup import AiRole
from game.commands import Move
from game.core.values import Side, TilePos
from tests.battle_builder import BattleBuilder
from tests.test_ai_isil import ROAD_MAP, _hiding_battle, isil_phase, start_isil_phase

P = TilePos


def test_the_veteran_ignores_an_enemy_it_cannot_see(ruleset):
    state, seen, hidden = _hiding_battle(ruleset, with_hidden=True)
    start_isil_phase(state)
    assert seen in state.spotted[Side.ISIL] and hidden not in state.spotted[Side.ISIL]
    with_hidden = isil_phase(state, VeteranAI())
    plain, _, _ = _hiding_battle(ruleset, with_hidden=False)
    start_isil_phase(plain)
    without = isil_phase(plain, VeteranAI())
    assert with_hidden == without  # the hidden unit changes none of its commands
    assert with_hidden


def test_the_pictured_battle_holds_only_what_the_side_knows(ruleset):
    state, seen, hidden = _hiding_battle(ruleset, with_hidden=True)
    start_isil_phase(state)
    memory = Memory(Side.ISIL)
    memory.observe(state)
    ghost = Contact("u2", "infantry", P(5, 4), False, state.turn - 1, 3, False, False)
    memory.contacts["u2"] = ghost  # remembered two tiles off, wounded; truly elsewhere
    view = SideView(state, Side.ISIL, memory)
    seen_tiles = side_sight(state, Side.ISIL)
    for sample in range(3):
        world = pictured_battle(view, sample, seen_tiles)
        on_map = {u.id for u in world.units_of(Side.COALITION)}
        assert on_map == {seen, "u2"} and hidden not in on_map
        assert world.units["u2"].hp == 3 and world.units["u2"].overwatch_ap > 0
        if sample == 0:
            assert world.units["u2"].pos == ghost.pos
        again = pictured_battle(view, sample, seen_tiles)
        assert again.units["u2"].pos == world.units["u2"].pos  # seeded from public facts
    assert state.units["u2"].pos == P(11, 1)  # the true battle untouched


def test_veteran_planning_is_bounded_by_its_level():
    assert VETERAN.plan_candidates * VETERAN.plan_samples * VETERAN.plan_bombs <= 24
    assert 0 <= VETERAN.plan_holds <= 2 and VETERAN.wave_wait_turns >= 1


def _wave_battle(ruleset, second: bool):
    b = BattleBuilder(ruleset, ROAD_MAP)
    b.unit("infantry", (1, 2))
    b.unit("infantry", (2, 2))
    b.unit("isil_fighters", (12, 0), ai_role=AiRole.HOLD)  # on a roof over the road: sees them
    near = b.unit("vbied", (14, 1), ai_role=AiRole.VBIED_STRIKE)
    if second:
        b.unit("vbied", (21, 2), ai_role=AiRole.VBIED_STRIKE)  # too far to strike this phase
    state = b.battle()
    start_isil_phase(state)
    return state, near


def test_a_lone_car_bomb_waits_a_turn_for_its_wave(ruleset):
    level = replace(HARD, wave_car_bombs=True, wave_wait_turns=1)
    state, near = _wave_battle(ruleset, second=True)
    commands = isil_phase(state, IsilAI(level=level))
    assert not [c for c in commands if getattr(c, "unit_id", "") == near]  # kept back
    alone, near = _wave_battle(ruleset, second=False)
    commands = isil_phase(alone, IsilAI(level=level))
    assert [c for c in commands if isinstance(c, Move) and c.unit_id == near]  # no wave to wait for
    hard, near = _wave_battle(ruleset, second=True)
    commands = isil_phase(hard, IsilAI(level=HARD))
    assert [c for c in commands if isinstance(c, Move) and c.unit_id == near]  # hard: no waves


ROOFS_MAP = [
    "..........................",
    "..##.....##.....##........",
    "..##.....##.....##........",
    "..........................",
    "..........................",
]


def test_a_sniper_moves_to_another_roof_after_firing(ruleset):
    b = BattleBuilder(ruleset, ROOFS_MAP)
    b.unit("infantry", (20, 4))
    b.unit("infantry", (24, 0))
    sniper = b.unit("isil_sniper", (9, 1), ai_role=AiRole.HOLD)
    state = b.battle()
    start_isil_phase(state)
    assert "u1" in state.spotted[Side.ISIL]
    level = replace(HARD, relocate_snipers=True)
    ai = IsilAI(level=level)
    commands = isil_phase(state, ai)
    kinds = [type(c).__name__ for c in commands if getattr(c, "unit_id", "") == sniper]
    assert "Fire" in kinds, commands
    unit = state.units[sniper]
    moved = unit.pos != P(9, 1)
    assert moved or sniper in ai.relocate_next  # now, or first thing next phase
    if moved:
        assert kinds.index("Fire") < kinds.index("Move")
        assert max(abs(unit.pos.x - 9), abs(unit.pos.y - 1)) >= 3


def test_fighters_counter_attack_into_an_area_just_taken(ruleset):
    b = BattleBuilder(ruleset, ["." * 20 for _ in range(8)])
    taker = b.unit("infantry", (10, 3))
    b.unit("infantry", (0, 7))
    fighters = [b.unit("isil_fighters", (x, 3)) for x in (15, 16, 17)]
    area = b.objective("capture", [(x, y) for x in range(9, 12) for y in range(2, 5)])
    state = b.battle()
    start_isil_phase(state)
    state.objective_status[area] = "complete"
    assert taker in state.spotted[Side.ISIL]
    ai = IsilAI(level=replace(HARD, retake_blocks=True, retake_turns=3, garrison=0))
    ai.next_command(state)
    assert set(fighters) <= set(ai.counter) and ai.counter[fighters[0]] == P(10, 3)
    plain = IsilAI(level=replace(HARD, garrison=0, counterattack_odds=9))
    plain.next_command(state)
    assert not set(fighters) & set(plain.counter)  # without the flag: no counter-attack


def test_drones_cover_a_car_bomb_wave_by_striking_the_shooter_over_its_route(ruleset):
    b = BattleBuilder(ruleset, ["." * 30 for _ in range(9)])
    watcher = b.unit("sniper", (21, 3))  # covers the road the wave drives down
    b.unit("infantry", (3, 8))
    b.unit("infantry", (4, 8))  # a better blast, out of rifle range of the route
    team = b.unit("drone_team", (12, 8), ai_role=AiRole.HOLD)
    state = b.battle()
    start_isil_phase(state)
    assert {watcher, "u2", "u3"} <= state.spotted[Side.ISIL]
    level = replace(HARD, wave_car_bombs=True)
    ai = IsilAI(level=level)
    ai.next_command(state)  # plans the phase
    view = ai.view(state)
    unit = state.units[team]
    assert ai._drone(view, unit).target != state.units[watcher].pos  # no wave: the best blast
    ai.wave_routes = {P(x, 0) for x in range(26, 30)}
    assert ai._drone(view, unit).target == state.units[watcher].pos


def _encirclement(ruleset):
    """The coalition must hold a point by the ISIL fighters; nothing to capture."""
    b = BattleBuilder(ruleset, ["." * 20 for _ in range(8)])
    b.unit("infantry", (0, 7))
    fighters = [b.unit("isil_fighters", (x, 1), ai_role=AiRole.HOLD) for x in (8, 9, 10, 11)]
    area = [(x, y) for x in range(14, 17) for y in range(4, 7)]
    b.objective("hold", area, turns=2)
    state = b.battle()
    start_isil_phase(state)
    return state, fighters, {P(x, y) for x, y in area}


def test_the_veteran_garrisons_the_area_the_coalition_must_hold(ruleset):
    state, fighters, area = _encirclement(ruleset)
    isil_phase(state, VeteranAI())
    inside = [f for f in fighters if state.units[f].pos in area]
    assert inside, [state.units[f].pos for f in fighters]  # fighters went to stand in it
    hard, fighters, area = _encirclement(ruleset)
    isil_phase(hard, IsilAI(level=HARD))
    assert not [f for f in fighters if hard.units[f].pos in area]  # hard leaves it empty


def test_fighters_counter_attack_into_a_hold_area_whose_count_has_started(ruleset):
    b = BattleBuilder(ruleset, ["." * 20 for _ in range(8)])
    holders = [b.unit("infantry", (10, 3)), b.unit("infantry", (10, 2))]  # not isolated
    fighters = [b.unit("isil_fighters", (x, 3)) for x in (15, 16, 17, 18)]
    area = b.objective("hold", [(x, y) for x in range(9, 12) for y in range(2, 5)], turns=3)
    state = b.battle()
    start_isil_phase(state)
    assert set(holders) <= state.spotted[Side.ISIL]
    level = replace(HARD, retake_blocks=True, retake_turns=3, garrison=0)
    calm = IsilAI(level=level)
    calm.next_command(state)
    assert not set(fighters) & set(calm.counter)  # nothing held yet: no counter-attack
    state.objective_progress[area] = 1  # held one turn of three (the count is public)
    ai = IsilAI(level=level)
    ai.next_command(state)
    assert set(fighters) <= set(ai.counter)
    assert {ai.counter[f] for f in fighters} <= {P(10, 3), P(10, 2)}  # at the holders
