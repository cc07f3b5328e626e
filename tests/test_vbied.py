"""The car bomb: drivers shot, detonations (next to the enemy, at the target, when destroyed),
the coalition's alert, berms and rubble, road routes, counters and determinism."""

from __future__ import annotations

from dataclasses import replace

from game.ai.baseline import BaselineAI
from game.battle.setup import AiRole
from game.commands import Detonate, EndTurn, Fire, Move, execute
from game.commands.command_log import RecordedBattle
from game.core.values import Side, TilePos
from game.play.match import Match, StateBattle, Step, play
from game.sim import vbied
from game.sim.spotting import enemies_seen
from tests.battle_builder import BattleBuilder

P = TilePos


def _certain(state):
    """Every possible shot hits (chances clamped to exactly 1)."""
    state.rules = replace(state.rules, min_chance=1.0, max_chance=1.0)
    return state


def _kinds(events):
    return [e.kind for e in events]


def _isil_phase(state) -> list[Step]:
    """The baseline AI plays the rest of ISIL's phase, as the game runs it (Match)."""
    match = Match(StateBattle(state), {Side.ISIL: BaselineAI(Side.ISIL)})
    steps = []
    while state.side_to_move is Side.ISIL:
        steps.append(match.step())
    return steps


def _orders_for(steps: list[Step], unit_id: str) -> list[Step]:
    """The steps whose command was given to one unit."""
    return [s for s in steps if getattr(s.command, "unit_id", None) == unit_id]


def test_a_sniper_kills_the_driver_and_the_car_bomb_stops(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16, "=" * 16])
    sniper = b.unit("sniper", (0, 0))
    bomb = b.unit("vbied", (12, 0))
    b.unit("isil_fighters", (15, 0))
    b.unit("isil_fighters", (1, 1), ai_role=AiRole.HOLD)  # ISIL's eyes on the sniper
    state = _certain(b.battle())
    verdict, events = execute(state, Fire(sniper, P(12, 0)))
    assert verdict
    assert _kinds(events) == ["fired", "hit", "vbied_driver_killed"]
    unit = state.units[bomb]
    assert unit.alive and unit.driver_killed and unit.hp == 14  # the vehicle is intact
    assert state.losses[Side.ISIL] == 1  # out of the fight
    assert state.counters["vbied_driver_killed"] == 1
    execute(state, EndTurn(Side.COALITION))
    refusal = Move(bomb, P(11, 0)).validate(state)
    assert not refusal and "driver" in str(refusal)
    assert not Detonate(bomb).validate(state)
    assert sniper in enemies_seen(state, Side.ISIL)  # a target the car bomb would drive at
    steps = _isil_phase(state)
    assert steps and not _orders_for(steps, bomb)  # the AI leaves the driverless car alone
    assert state.units[bomb].pos == P(12, 0)


def test_a_car_bomb_next_to_the_enemy_detonates_and_hurts_units_buildings_civilians(ruleset):
    b = BattleBuilder(ruleset, ["==#=====", "========", "========"])
    inf = b.unit("infantry", (0, 1))
    far = b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (7, 1))
    b.unit("isil_fighters", (6, 2))  # ISIL sees the infantry: no new sighting stops the bomb
    b.event("civilians", (3, 2), count=4)
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    verdict, events = execute(state, Move(bomb, P(1, 1)))
    assert verdict
    kinds = _kinds(events)
    assert "vbied_detonated" in kinds and "blast" in kinds
    # it stopped at (1, 1), next to the infantry at (0, 1), and went off there
    blast = next(e for e in events if e.kind == "blast")
    assert blast.pos == (1, 1) and not state.units[bomb].alive
    assert not state.units[inf].alive  # 25 x (1 - 0.6 / 3) = 20 >= 12 HP
    # (0, 0) is sqrt(2) away: 25 x (1 - 0.6 x 1.414 / 3) = 17.9 -> 18 HP
    assert not state.units[far].alive
    assert state.grid.building_hp[0, 2] == 40 - round(30 * (1 - 0.6 * 2**0.5 / 3))
    assert state.civilian_casualties[Side.ISIL] == 4 and (3, 2) not in state.civilians
    assert state.counters["vbied_detonated"] == 1 and state.counters["vbied_launched"] == 1
    assert P(1, 1) in state.wrecks and state.smoke[1, 1] > 0.8


def test_a_car_bomb_detonates_at_its_target_with_the_enemy_near(ruleset):
    b = BattleBuilder(ruleset, ["=" * 10, "=" * 10, "=" * 10])
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (9, 2))
    b.unit("isil_fighters", (9, 0))
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    verdict, events = execute(state, Move(bomb, P(2, 0)))  # 2 tiles from the infantry
    assert verdict and "vbied_detonated" in _kinds(events)


def test_a_car_bomb_parks_when_no_enemy_is_near_its_target(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12, "=" * 12, "=" * 12])
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (11, 2))
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    verdict, events = execute(state, Move(bomb, P(5, 2)))
    assert verdict and state.units[bomb].alive and "blast" not in _kinds(events)


def test_an_anti_tank_kill_sets_the_payload_off_where_it_stands(ruleset):
    b = BattleBuilder(ruleset, ["=" * 10, "=" * 10])
    atgm = b.unit("atgm", (0, 0))
    b.unit("vbied", (6, 0))
    escort = b.unit("isil_fighters", (6, 1))
    state = _certain(b.battle())
    verdict, events = execute(state, Fire(atgm, P(6, 0), "atgm"))
    assert verdict
    kinds = _kinds(events)
    assert kinds[:4] == ["fired", "hit", "destroyed", "wreck"]
    assert kinds[4:6] == ["vbied_destroyed", "blast"]
    assert next(e for e in events if e.kind == "blast").pos == (6, 0)
    assert not state.units[escort].alive  # 25 x 0.8 = 20 >= 10 HP, next to the bomb
    assert state.units[atgm].hp == 8  # 6 tiles away: out of the radius
    assert state.counters["vbied_destroyed"] == 1 and "vbied_detonated" not in state.counters


def test_a_car_bomb_with_a_dead_driver_still_blows_up_when_destroyed(ruleset):
    b = BattleBuilder(ruleset, ["=" * 20])
    sniper = b.unit("sniper", (0, 0))
    atgm = b.unit("atgm", (1, 0))
    bomb = b.unit("vbied", (12, 0))
    b.unit("isil_fighters", (19, 0))
    state = _certain(b.battle())
    execute(state, Fire(sniper, P(12, 0)))
    _, events = execute(state, Fire(atgm, P(12, 0), "atgm"))
    assert "vbied_destroyed" in _kinds(events) and "blast" in _kinds(events)
    assert not state.units[bomb].alive and state.losses[Side.ISIL] == 1  # counted once


def test_first_sighting_alerts_every_coalition_unit_once(ruleset):
    b = BattleBuilder(ruleset, ["=" * 30, "=" * 30])
    a = b.unit("infantry", (0, 0))
    c = b.unit("humvee", (0, 1))
    late = b.unit("cts", (1, 0), arrival_turn=3)
    bomb = b.unit("vbied", (29, 1))
    state = b.battle()
    assert not any(u.alerted for u in state.units.values())
    execute(state, EndTurn(Side.COALITION))
    _, events = execute(state, Move(bomb, P(16, 1)))
    alerts = [e for e in events if e.kind == "vbied_alert"]
    assert len(alerts) == 1 and alerts[0].unit == bomb
    assert all(state.units[uid].alerted for uid in (a, c, late))
    _, events = execute(state, Move(bomb, P(12, 1)))
    assert "vbied_alert" not in _kinds(events)
    assert state.counters["vbied_spotted"] == 1 and state.counters["vbied_alert"] == 1
    execute(state, EndTurn(Side.ISIL))
    state = _certain(state)
    assert execute(state, Fire(c, P(12, 1)))[0]  # a machine gun: no precision, the alert stays
    assert state.units[a].alerted
    state.units[bomb].driver_killed = True
    vbied.update_alerts(state)
    assert not any(state.units[uid].alerted for uid in (a, c, late))


def test_berms_and_heavy_rubble_stop_wheeled_vehicles(ruleset):
    b = BattleBuilder(ruleset, ["=====", "BBHBB", "====="])
    bomb = b.unit("vbied", (2, 0))
    fighters = b.unit("isil_fighters", (4, 0))
    infantry = b.unit("infantry", (2, 2))
    b.unit("isil_fighters", (1, 2), ai_role=AiRole.HOLD)  # ISIL's eyes on the infantry
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    for dest in (P(2, 1), P(0, 2), P(3, 2)):
        assert not Move(bomb, dest).validate(state)
    assert vbied.route_field(state, [P(2, 2)])[0, 2] == float("inf")
    assert Move(fighters, P(4, 2)).validate(state)  # people climb over a berm
    assert infantry in enemies_seen(state, Side.ISIL)  # the car bomb has a target...
    steps = _isil_phase(state)
    assert not _orders_for(steps, bomb)  # ...and no road to it: the AI does not drive
    assert state.units[bomb].pos == P(2, 0)


def test_the_ai_car_bomb_prefers_the_road(ruleset):
    b = BattleBuilder(ruleset, ["=======", "..:....", "......."])
    b.unit("infantry", (6, 2), ai_role=AiRole.HOLD)
    bomb = b.unit("vbied", (0, 2), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (0, 0), ai_role=AiRole.HOLD)
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    command = BaselineAI(Side.ISIL).next_command(state)
    assert isinstance(command, Move) and command.unit_id == bomb
    road = {P(x, 0) for x in range(7)}
    assert sum(p in road for p in command.path) >= 3
    _, events = execute(state, command)
    assert "vbied_detonated" in _kinds(events)


def test_ai_car_bomb_battles_replay_to_the_same_hash(ruleset):
    b = BattleBuilder(ruleset, ["=" * 24, "=" * 24, "==##================##=="], turn_limit=4)
    b.unit("sniper", (0, 0))
    b.unit("atgm", (0, 2))
    b.unit("infantry", (1, 1))
    b.unit("vbied", (23, 0), ai_role=AiRole.VBIED_STRIKE)
    b.unit("vbied", (23, 2), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (22, 1), ai_role=AiRole.HOLD)
    scenario = b.scenario()
    hashes = []
    for _ in range(2):
        battle = RecordedBattle.start(scenario, ruleset, seed=11)
        play(battle, {side: BaselineAI(side) for side in Side})
        hashes.append(battle.state.state_hash())
        assert battle.state.counters.get("vbied_launched", 0) >= 1
    assert hashes[0] == hashes[1]


def test_the_ai_car_bomb_stages_out_of_sight_when_it_cannot_strike_this_phase(ruleset):
    b = BattleBuilder(ruleset, ["=" * 40] * 3)
    inf = b.unit("infantry", (0, 1))
    bomb = b.unit("vbied", (35, 1), ai_role=AiRole.VBIED_STRIKE)
    b.unit("isil_fighters", (12, 0), ai_role=AiRole.HOLD)  # ISIL's eyes on the infantry
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    unit, viewer = state.units[bomb], state.units[inf]
    # the infantry would see a car bomb driving closer than 21 tiles
    assert vbied.exposed_at(state, unit, P(20, 1), [viewer])
    assert not vbied.exposed_at(state, unit, P(21, 1), [viewer])
    command = BaselineAI(Side.ISIL).next_command(state)
    assert isinstance(command, Move) and command.dest == P(21, 1)  # a full run: (17, 1)
    execute(state, command)
    assert bomb not in state.spotted[Side.COALITION] and "vbied_alert" not in state.counters
    assert not _orders_for(_isil_phase(state), bomb)  # the rest of the phase: it waits there
    execute(state, EndTurn(Side.COALITION))
    # the next phase: a full run, still no strike in reach, and every step forward is seen
    assert state.units[bomb].ap == 18 and inf in enemies_seen(state, Side.ISIL)
    assert not _orders_for(_isil_phase(state), bomb)
    assert state.units[bomb].pos == P(21, 1) and bomb not in state.spotted[Side.COALITION]
    assert "vbied_alert" not in state.counters


def test_walking_up_to_a_car_bomb_sets_it_off_and_cannot_be_undone(ruleset):
    b = BattleBuilder(ruleset, ["=" * 12, "=" * 12])
    inf = b.unit("infantry", (0, 0))
    b.unit("infantry", (0, 1))
    bomb = b.unit("vbied", (6, 0))
    b.unit("isil_fighters", (11, 1))  # ISIL fights on: the battle does not end
    battle = RecordedBattle.start(b.scenario(), ruleset, seed=5)
    assert bomb in battle.state.spotted[Side.COALITION]  # seen: the move reveals nothing
    verdict, events = battle.execute(Move(inf, P(5, 1)))
    assert verdict and "vbied_detonated" in _kinds(events)
    assert not battle.state.units[bomb].alive and not battle.state.over
    assert "spotted" not in _kinds(events) and not battle.can_undo()
