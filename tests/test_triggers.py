"""The map's triggers, each kind on a small battle, and the objectives they add or settle."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from game.ai.baseline import BaselineAI
from game.battle.setup import AiRole
from game.battle.start import BattleStart
from game.battle.state import BattleState
from game.commands import EndTurn, Fire, Move, Overwatch, execute
from game.commands.command_log import RecordedBattle, replay
from game.core.doc_fields import FieldError
from game.core.values import Side, TilePos
from game.play.match import Match, StateBattle
from game.saves.save_files import read_save, restore_battle, save_battle
from game.scenario.loader import check_scenario, load_scenario
from game.sim.combat import destroy_unit
from game.sim.events import EventKind
from game.sim.objectives import has_mandatory, outcome_reasons
from game.sim.turns import after_command
from tests.battle_builder import BattleBuilder
from tests.map_factory import map_xml, obj, write_map

P = TilePos
ROAD = ["=" * 12] * 3


def _kinds(events):
    return [e.kind for e in events]


def _messages(events):
    return [e.text for e in events if e.kind is EventKind.MESSAGE]


def _end_turns(state, turns=1):
    """Both sides end their phases `turns` times; every event on the way."""
    events = []
    for _ in range(turns):
        for side in (Side.COALITION, Side.ISIL):
            events += execute(state, EndTurn(side))[1]
    return events


def _certain(state):
    state.rules = replace(state.rules, min_chance=1.0, max_chance=1.0)
    return state


def test_a_turn_start_message_is_shown_once_to_its_side_with_its_speaker(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.trigger(
        "turn_start", "message", turn=2, side=Side.COALITION, text="Drones over the market.",
        speaker="Captain Haidar", dialog=True,
    )  # fmt: skip
    state = b.battle()
    assert _messages(state.opening) == []
    events = _end_turns(state)
    message = next(e for e in events if e.kind is EventKind.MESSAGE)
    assert message.text == "Drones over the market."
    assert message.side is Side.COALITION and message.speaker == "Captain Haidar"
    assert message.dialog is True
    assert _messages(_end_turns(state, 2)) == []  # once only


def test_a_turn_one_trigger_fires_at_the_start(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.trigger("turn_start", "message", turn=1, text="Move up the road.")
    assert _messages(b.battle().opening) == ["Move up the road."]


def test_entering_an_area_brings_in_waiting_reinforcements(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    scout = b.unit("infantry", (0, 1))
    late = b.unit("isil_fighters", (11, 0), name="Counterattack", arrival_turn=0)
    b.unit("isil_fighters", (11, 2))
    b.trigger("enters", "spawn", [(3, 0), (3, 1), (3, 2)], side=Side.COALITION,
              units=("Counterattack",))  # fmt: skip
    state = b.battle()
    assert not state.units[late].on_map
    _end_turns(state, 2)  # arrival turn 0 never comes by itself
    assert not state.units[late].on_map
    verdict, events = execute(state, Move(scout, P(2, 1)))
    assert verdict and not state.units[late].on_map  # not there yet
    verdict, events = execute(state, Move(scout, P(3, 1)))
    assert verdict and EventKind.ARRIVED in _kinds(events)
    assert state.units[late].on_map and state.units[late].pos == P(11, 0)


def test_leaving_an_area_and_a_named_unit(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (1, 1), name="Alpha")
    bravo = b.unit("infantry", (1, 0), name="Bravo")
    b.unit("isil_fighters", (11, 2))
    b.trigger("leaves", "message", [(0, 0), (1, 0), (0, 1), (1, 1)], unit="Alpha",
              text="Alpha is out.")  # fmt: skip
    state = b.battle()
    assert _messages(execute(state, Move(bravo, P(3, 0)))[1]) == []  # not the named unit
    alpha = next(u.id for u in state.units.values() if u.name == "Alpha")
    assert _messages(execute(state, Move(alpha, P(3, 1)))[1]) == ["Alpha is out."]


def test_a_destroyed_unit_adds_a_hidden_objective(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    emir = b.unit("isil_fighters", (10, 2), name="Emir")
    b.unit("isil_fighters", (11, 0))
    b.objective("capture", (11, 1), name="Mosque", active=False, mandatory=True)
    b.trigger("destroyed", "objective_add", unit="Emir", objective="Mosque")
    state = b.battle()
    assert state.objective_status[next(iter(state.objectives)).object_id] == "inactive"
    assert not has_mandatory(state, Side.COALITION)  # an inactive objective does not count
    events = destroy_unit(state, emir, "test")
    events += after_command(state, events)
    added = [e for e in events if e.kind is EventKind.OBJECTIVE_ADDED]
    assert [e.text for e in added] == ["New Coalition objective: Mosque"]
    assert has_mandatory(state, Side.COALITION)


def test_an_objective_gained_completes_another_and_ends_the_battle(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    target = b.unit("isil_fighters", (2, 0), name="Sniper nest")
    b.unit("isil_fighters", (11, 2))
    b.objective("destroy", (2, 0), target="Sniper nest", name="Nest")
    b.objective("hold", (11, 2), turns=3, name="Bridgehead", mandatory=False)
    b.trigger("objective_gained", "objective_complete", objective="Nest", name="t1",
              enables=("t2",))  # fmt: skip
    b.trigger("objective_gained", "end", objective="Nest", result="coalition", name="t2",
              text="The nest is cleared: the battalion moves through.", enabled=False)  # fmt: skip
    state = _certain(b.battle())
    shooter = next(u.id for u in state.units.values() if u.side is Side.COALITION)
    while state.units[target].alive:
        verdict, _ = execute(state, Fire(shooter, P(2, 0)))
        assert verdict, verdict
    # the destroy objective completed; "t2" was armed by "t1" on the same events and ended it
    assert state.over and state.winner == "coalition"
    assert state.end_reason == "The nest is cleared: the battalion moves through."


def test_an_objective_a_trigger_completes_stays_complete_when_the_unit_leaves(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    scout = b.unit("infantry", (0, 1))
    b.unit("isil_fighters", (11, 2))
    corner = b.objective("capture", (3, 1), name="Corner", mandatory=False)
    b.trigger("enters", "objective_complete", [(3, 1)], side=Side.COALITION, objective="Corner")
    state = b.battle()
    assert "settled_objectives" not in state.to_dict()  # nothing settled: the hash keeps
    execute(state, Move(scout, P(3, 1)))
    assert state.objective_status[corner] == "complete"
    execute(state, Move(scout, P(1, 1)))
    events = _end_turns(state, 2)  # a capture is judged at each end of turn: not this one
    assert state.objective_status[corner] == "complete"
    assert EventKind.OBJECTIVE_PENDING not in _kinds(events)
    saved = state.to_dict()
    assert saved["settled_objectives"] == [corner]
    loaded = BattleState.from_dict(saved, b.scenario(), ruleset)
    assert loaded.settled_objectives == {corner}
    assert loaded.state_hash() == state.state_hash()
    older = {k: v for k, v in saved.items() if k != "settled_objectives"}  # an older save
    assert BattleState.from_dict(older, b.scenario(), ruleset).settled_objectives == set()
    for bad, where in (("corner", "state.settled_objectives"), ([99], "settled_objectives[0]")):
        with pytest.raises(FieldError, match=re.escape(where)):
            BattleState.from_dict({**saved, "settled_objectives": bad}, b.scenario(), ruleset)


def test_an_end_trigger_on_an_objective_met_at_the_end_of_turn_ends_with_its_text(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    scout = b.unit("infantry", (0, 1))
    b.unit("isil_fighters", (11, 2))
    b.objective("capture", (3, 1), name="Crossing")  # mandatory: meeting it would end it too
    b.trigger("objective_gained", "message", objective="Crossing", repeat=True, text="Taken.")
    b.trigger("objective_gained", "end", objective="Crossing", result="coalition",
              text="Training complete: the Crossing is ours.")  # fmt: skip
    state = b.battle()
    execute(state, Move(scout, P(3, 1)))
    events = _end_turns(state)
    assert state.over and state.winner == "coalition"
    assert state.end_reason == "Training complete: the Crossing is ours."
    assert outcome_reasons(state, Side.COALITION)[0] == state.end_reason  # as written
    assert _messages(events) == ["Taken."]  # seen once, at the end of turn


def test_a_car_bomb_spotted_alert_arms_a_chain(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16, "#" * 13 + "=" + "##", "=" * 16])
    b.unit("sniper", (0, 0))
    bomb = b.unit("vbied", (12, 2))
    b.unit("isil_fighters", (15, 2))
    b.trigger("car_bomb_spotted", "message", text="VBIED! VBIED!", name="alert",
              enables=("smoke",))  # fmt: skip
    b.trigger("turn_start", "smoke", [(5, 0), (6, 0)], turn=2, density=0.8, name="smoke",
              enabled=False)  # fmt: skip
    state = b.battle()
    assert _messages(state.opening) == [] and not state.units[bomb].alert_raised
    assert state.trigger_status[state.triggers[1].object_id] == "off"
    execute(state, EndTurn(Side.COALITION))
    # the car bomb drives out through the gap onto the sniper's road: the alert sounds
    verdict, events = execute(state, Move(bomb, P(13, 0)))
    assert verdict, verdict
    assert EventKind.VBIED_ALERT in _kinds(events) and "VBIED! VBIED!" in _messages(events)
    assert state.trigger_status[state.triggers[1].object_id] == "armed"
    assert state.smoke[0, 5] == 0
    events = execute(state, EndTurn(Side.ISIL))[1]
    assert state.smoke[0, 5] > 0.5 and EventKind.SMOKE in _kinds(events)


def test_civilians_harmed_end_the_battle(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.event("civilians", (6, 1), count=10)
    b.trigger("civilians_harmed", "end", count=3, result="isil", text="Too many dead.")
    state = b.battle()
    state.civilian_casualties[Side.COALITION] = 2
    after_command(state)
    assert not state.over
    state.civilian_casualties[Side.COALITION] = 3
    events = after_command(state)
    assert state.over and state.winner == "isil" and state.end_reason == "Too many dead."
    assert EventKind.BATTLE_OVER in _kinds(events)


def test_conditions_hold_the_area_and_units_alive(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    a = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (5, 1))
    b.unit("isil_fighters", (11, 2))
    b.trigger("enters", "message", [(4, 0), (5, 0), (4, 1), (5, 1)], side=Side.COALITION,
              if_holds=Side.COALITION, text="Held.", repeat=True)  # fmt: skip
    b.trigger("turn_start", "message", turn=2, if_alive=Side.ISIL, if_at_least=3,
              text="Counterattack.")  # fmt: skip
    state = b.battle()
    # the coalition enters, but ISIL is still in the area: the area is not held
    assert _messages(execute(state, Move(a, P(4, 0)))[1]) == []
    assert "Counterattack." not in _messages(_end_turns(state))  # only two ISIL units


def test_a_chance_trigger_draws_from_the_battles_dice(ruleset):
    def fired_turns(seed):
        b = BattleBuilder(ruleset, ROAD, turn_limit=12)
        b.unit("infantry", (0, 0))
        b.unit("isil_fighters", (11, 2))
        b.trigger("chance", "message", chance=0.3, text="Mortar fire.", repeat=True)
        state = b.battle(seed)
        turns = [1] if _messages(state.opening) else []
        for _ in range(10):
            if _messages(_end_turns(state)):
                turns.append(state.turn)
        return turns

    assert fired_turns(5) == fired_turns(5)  # the same seed, the same turns
    assert any(fired_turns(s) != fired_turns(5) for s in (6, 7, 8))
    assert 0 < len(fired_turns(5)) < 11


def test_ordered_triggers_follow_the_players_orders(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    a = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.trigger("ordered", "message", order="move", side=Side.COALITION, text="Good. Now watch.",
              name="moved", enables=("watch",))  # fmt: skip
    b.trigger("ordered", "message", order="overwatch", side=Side.COALITION, enabled=False,
              text="Overwatch set.", name="watch")  # fmt: skip
    state = b.battle()
    assert _messages(execute(state, Move(a, P(1, 0)))[1]) == ["Good. Now watch."]
    assert _messages(execute(state, Move(a, P(2, 0)))[1]) == []  # once
    assert _messages(execute(state, Overwatch(a))[1]) == ["Overwatch set."]


def test_wind_and_smoke_actions(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.trigger("turn_start", "wind", turn=2, wind_direction=270.0, wind_strength=2.0)
    state = b.battle()
    events = _end_turns(state)
    assert EventKind.WIND in _kinds(events)
    wx, wy = state.wind
    assert wx > 1.9 and abs(wy) < 1e-9  # from the west: it blows east


def test_a_reserve_car_bomb_waits_until_launched(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16, "=" * 16])
    b.unit("infantry", (0, 0))
    bomb = b.unit("vbied", (14, 1), name="VBIED 1", ai_role=AiRole.RESERVE)
    b.unit("isil_fighters", (15, 0), ai_role=AiRole.HOLD)
    b.trigger("turn_start", "launch", turn=3, units=("VBIED 1",))
    state = b.battle()
    match = Match(StateBattle(state), {Side.ISIL: BaselineAI(Side.ISIL)})
    for _ in range(2):
        execute(state, EndTurn(Side.COALITION))
        while state.side_to_move is Side.ISIL:
            match.step()
    assert state.units[bomb].pos == P(14, 1)  # held back on turns 1 and 2
    execute(state, EndTurn(Side.COALITION))
    while state.side_to_move is Side.ISIL and not state.over:
        match.step()
    unit = state.units[bomb]
    assert unit.detonated or unit.pos != P(14, 1)  # launched on turn 3


def test_difficulty_limits_objects_to_their_level(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.units.append(replace(b.units[-1], object_id=99, name="Extra", difficulty="hard"))
    b.trigger("turn_start", "message", turn=1, text="Hard only.", difficulty="hard")
    setup = b.scenario()
    standard = BattleStart(difficulty="standard").deploy(setup)
    hard = BattleStart(difficulty="hard").deploy(setup)
    assert [u.name for u in standard.units if u.name == "Extra"] == []
    assert [u.name for u in hard.units if u.name == "Extra"] == ["Extra"]
    assert standard.triggers == [] and len(hard.triggers) == 1


def test_triggers_survive_save_load_and_replay_exactly(ruleset, tmp_path):
    b = BattleBuilder(ruleset, ROAD, turn_limit=8)
    scout = b.unit("infantry", (0, 1))
    b.unit("isil_fighters", (11, 0), name="Late", arrival_turn=0)
    b.unit("isil_fighters", (11, 2))
    b.trigger("enters", "spawn", [(3, 1)], side=Side.COALITION, units=("Late",), name="in",
              enables=("later",))  # fmt: skip
    b.trigger("chance", "smoke", [(6, 0), (6, 1)], chance=0.5, repeat=True, name="later",
              enabled=False)  # fmt: skip
    setup = b.scenario()
    battle = RecordedBattle.start(setup, ruleset, seed=3)
    battle.execute(Move(scout, P(3, 1)))
    battle.execute(EndTurn(Side.COALITION))
    battle.execute(EndTurn(Side.ISIL))
    path = tmp_path / "t.json"
    save_battle(path, battle)
    loaded = restore_battle(read_save(path), setup, ruleset)
    assert loaded.state.state_hash() == battle.state.state_hash()
    assert loaded.state.trigger_status == battle.state.trigger_status
    for game in (battle, loaded):
        game.execute(EndTurn(Side.COALITION))
        game.execute(EndTurn(Side.ISIL))
    assert loaded.state.state_hash() == battle.state.state_hash()
    again = replay(battle.record(), setup, ruleset)
    assert again.state.state_hash() == battle.state.state_hash()
    assert again.state.units[next(u for u in again.state.units if "Late" in
                                  again.state.units[u].name)].on_map  # fmt: skip


def test_a_move_that_fires_a_trigger_cannot_be_undone(ruleset):
    b = BattleBuilder(ruleset, ROAD)
    a = b.unit("infantry", (0, 0))
    b.unit("isil_fighters", (11, 2))
    b.trigger("enters", "message", [(3, 0)], text="Eyes on the mosque.")
    battle = RecordedBattle.start(b.scenario(), ruleset, seed=1)
    battle.execute(Move(a, P(1, 0)))
    assert battle.can_undo()
    battle.execute(Move(a, P(3, 0)))
    assert not battle.can_undo()  # the player has read the message: no taking it back


def test_triggers_are_read_from_the_triggers_layer_and_the_events_layer(tmp_path, ruleset):
    objects = {
        "units": obj(1, "Rifles", "unit", (0, 0), unit_type="infantry")
        + obj(2, "Fighters", "unit", (9, 5), unit_type="isil_fighters")
        + obj(3, "Reserve", "unit", (9, 4), unit_type="isil_fighters", arrival_turn=0),
        "events": obj(10, "Gate", "entry", (9, 0), side="isil")
        + obj(
            11,
            "Bring them",
            "trigger",
            (4, 0),
            (2, 6),
            when="enters",
            then="spawn",
            side="coalition",
            units="Reserve",
        ),
        "triggers": obj(
            20,
            "Hello",
            "trigger",
            (0, 0),
            when="turn_start",
            then="message",
            text="Move up.",
            speaker="Ops",
            dialog=True,
        )
        + obj(
            21,
            "Wind",
            "trigger",
            (0, 0),
            when="chance",
            then="wind",
            chance=0.25,
            wind_direction="SW",
            wind_strength=2.5,
            repeat=True,
        ),
    }
    scenario = load_scenario(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    by_name = {t.name: t for t in scenario.triggers}
    assert set(by_name) == {"Bring them", "Hello", "Wind"}
    assert by_name["Bring them"].units == ("Reserve",) and len(by_name["Bring them"].tiles) == 12
    assert by_name["Hello"].dialog and by_name["Hello"].speaker == "Ops"
    assert by_name["Wind"].wind_direction == 225.0 and by_name["Wind"].repeat
    assert [e.name for e in scenario.events] == ["Gate"]


def test_trigger_mistakes_are_reported_with_what_to_fix(tmp_path, ruleset):
    objects = {
        "units": obj(1, "Rifles", "unit", (0, 0), unit_type="infantry")
        + obj(2, "Fighters", "unit", (9, 5), unit_type="isil_fighters"),
        "objectives": obj(5, "Take", "objective", (5, 2), kind="capture"),
        "events": "",
        "triggers": obj(20, "No text", "trigger", (0, 0), when="turn_start", then="message")
        + obj(
            21,
            "Ghost",
            "trigger",
            (0, 0),
            when="destroyed",
            then="spawn",
            unit="Nobody",
            units="Phantom",
        )
        + obj(
            22,
            "Later",
            "trigger",
            (0, 0),
            when="turn_start",
            then="message",
            turn=40,
            text="Too late.",
        )
        + obj(
            23,
            "Asleep",
            "trigger",
            (0, 0),
            when="turn_start",
            then="message",
            enabled=False,
            text="Never.",
        )
        + obj(
            24,
            "Lost",
            "trigger",
            (0, 0),
            when="objective_lost",
            then="objective_fail",
            objective="Hold the bridge",
        )
        + obj(25, "Odd", "trigger", (0, 0), when="at_dawn", then="message", text="x"),
    }
    _, problems = check_scenario(write_map(tmp_path, map_xml(objects=objects)), ruleset)
    text = [str(p) for p in problems]

    def has(part: str) -> bool:
        return any(part in line for line in text)

    assert has("a message trigger needs 'text'")
    assert has("names the unit 'Nobody', which is not in the units layer")
    assert has("names the unit 'Phantom', which is not in the units layer")
    assert has("waits for turn 40, after the turn limit")
    assert has("is not enabled and no trigger enables it: it can never fire")
    assert has("names the objective 'Hold the bridge', which is not in the objectives layer")
    assert has("at_dawn")


def test_a_car_bomb_stopped_by_a_driver_kill_counts_as_destroyed(ruleset):
    b = BattleBuilder(ruleset, ["=" * 16, "=" * 16])
    sniper = b.unit("sniper", (0, 0))
    b.unit("vbied", (12, 0), name="VBIED 1")
    b.unit("isil_fighters", (15, 1), ai_role=AiRole.HOLD)
    b.trigger("destroyed", "message", unit_type="vbied", text="The car bomb is stopped.")
    state = _certain(b.battle())
    verdict, events = execute(state, Fire(sniper, P(12, 0)))
    assert verdict and EventKind.VBIED_DRIVER_KILLED in _kinds(events)
    assert _messages(events) == ["The car bomb is stopped."]
