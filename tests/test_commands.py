"""Every command's refusals (with their reasons) and what each does when it is applied."""

from __future__ import annotations

import pytest

from game.commands import (
    BuildBerm,
    ClearRubble,
    Detonate,
    EndTurn,
    Fire,
    LaunchDrone,
    Move,
    Overwatch,
    Refusal,
    ThrowSmoke,
    command_from_dict,
    execute,
)
from game.core.values import Side, TilePos
from tests.battle_builder import BattleBuilder, gid_of

P = TilePos


def refused(state, command) -> str:
    verdict = command.validate(state)
    assert isinstance(verdict, Refusal), f"{command} was allowed"
    before = state.state_hash()
    again, events = execute(state, command)
    assert isinstance(again, Refusal) and events == [] and state.state_hash() == before
    return verdict.reason


@pytest.fixture
def street(ruleset):
    b = BattleBuilder(ruleset, ["==========", "===#======", "====~~~===", "====:====="])
    ids = {
        "inf": b.unit("infantry", (0, 0)),
        "car": b.unit("humvee", (0, 3)),
        "dozer": b.unit("bulldozer", (3, 3)),
        "atgm": b.unit("atgm", (0, 2)),
        "enemy": b.unit("isil_fighters", (6, 0)),
        "vbied": b.unit("vbied", (9, 3)),
        "drones": b.unit("drone_team", (9, 0)),
        "late": b.unit("infantry", (1, 1), arrival_turn=3),
    }
    b.event("civilians", (7, 1), count=4)
    return b.battle(), ids


def test_actor_refusals(street):
    state, ids = street
    assert refused(state, Move("u99", P(1, 0))) == "no unit with id 'u99'"
    assert refused(state, Move(ids["enemy"], P(6, 1))) == (
        "it is the coalition phase: ISIL fighter squad cannot act now"
    )
    assert refused(state, Move(ids["late"], P(2, 1))) == "Army infantry squad arrives on turn 3"
    state.units[ids["inf"]].alive = False
    assert refused(state, Move(ids["inf"], P(1, 0))) == "Army infantry squad has been destroyed"


def test_move_refusals(street):
    state, ids = street
    inf, car = ids["inf"], ids["car"]
    assert refused(state, Move(inf, P(0, 9))) == "(0, 9) is off the map (10 x 4 tiles)"
    assert refused(state, Move(inf, P(0, 0))) == "Army infantry squad is already at (0, 0)"
    assert refused(state, Move(inf, P(0, 2))) == "(0, 2) is occupied by Anti-tank (ATGM) team"
    assert refused(state, Move(inf, P(5, 2))) == "foot units cannot enter water at (5, 2)"
    assert refused(state, Move(car, P(3, 1))) == "wheeled units cannot enter building at (3, 1)"
    state.units[inf].ap = 4
    assert refused(state, Move(inf, P(5, 0))) == "not enough AP: needs 5, has 4"
    assert refused(state, Move(inf, P(2, 0), path=(P(1, 0), P(3, 0), P(2, 0)))) == (
        "the path has a step that is not allowed"
    )
    assert refused(state, Move(inf, P(2, 0), path=(P(1, 0),))) == (
        "the path does not end at the destination"
    )


def test_move_with_a_path_and_unreachable(ruleset):
    b = BattleBuilder(ruleset, ["=#=", "##="])
    uid = b.unit("humvee", (0, 0))
    state = b.battle()
    assert refused(state, Move(uid, P(2, 0))) == "no way for Humvee / MRAP to reach (2, 0)"
    b = BattleBuilder(ruleset, ["===", "==="])
    uid = b.unit("infantry", (0, 0))
    state = b.battle()
    verdict, events = execute(state, Move(uid, P(2, 1), path=(P(1, 0), P(2, 1))))
    assert verdict and state.units[uid].pos == P(2, 1) and state.units[uid].ap == 7.5
    assert events[0].kind == "moved" and events[0].path == ((1, 0), (2, 1))


def test_fire_refusals(street):
    state, ids = street
    inf, dozer, atgm = ids["inf"], ids["dozer"], ids["atgm"]
    assert refused(state, Fire(dozer, P(6, 0))) == "Armoured bulldozer has no weapon"
    assert refused(state, Fire(inf, P(6, 0), weapon="rpg")) == (
        "Army infantry squad does not carry 'rpg'"
    )
    state.units[atgm].ammo["atgm"] = 0
    assert refused(state, Fire(atgm, P(6, 0), weapon="atgm")) == (
        "Anti-tank (ATGM) team is out of ammunition for the Anti-tank guided missile"
    )
    state.units[inf].ap = 2
    assert refused(state, Fire(inf, P(6, 0))) == "not enough AP: needs 3, has 2"
    state.units[inf].ap = 10
    assert refused(state, Fire(inf, P(5, 0))) == "no enemy unit at (5, 0)"
    assert refused(state, Fire(inf, P(0, 3))) == "no enemy unit at (0, 3)"
    assert refused(state, Fire(inf, P(9, 3))) == (
        "out of range: 9.5 tiles, the Assault rifles reaches 8"
    )


def test_rules_of_engagement_and_sight(ruleset):
    b = BattleBuilder(ruleset, ["==========", "====#=====", "=========="])
    inf = b.unit("infantry", (2, 1))
    shield = b.unit("isil_fighters", (6, 1))
    hidden = b.unit("isil_sniper", (6, 2))
    guard = b.unit("isil_fighters", (4, 0))
    b.event("civilians", (4, 0), count=2)
    state = b.battle()
    assert refused(state, Fire(inf, P(4, 0))) == "rules of engagement: civilians at (4, 0)"
    assert refused(state, Fire(inf, P(6, 1))) == "no line of sight to (6, 1)"
    state.smoke[2, 6] = 0.5  # the sniper (concealment 0.75) in smoke: seen faintly, not spotted
    assert refused(state, Fire(inf, P(6, 2))) == ("no unit of yours has spotted a target at (6, 2)")
    assert state.units[shield].alive and state.units[hidden].alive
    # ISIL is not bound by the rules of engagement
    execute(state, EndTurn(Side.COALITION))
    assert Fire(guard, P(2, 1)).validate(state)


def test_overwatch(street):
    state, ids = street
    inf, dozer = ids["inf"], ids["dozer"]
    assert refused(state, Overwatch(dozer)) == "Armoured bulldozer has no weapon to watch with"
    state.units[inf].ap = 2
    assert refused(state, Overwatch(inf)) == "not enough AP: needs 3, has 2"
    state.units[inf].ap = 7
    verdict, _ = execute(state, Overwatch(inf))
    assert verdict and state.units[inf].overwatch_ap == 7 and state.units[inf].ap == 0
    assert refused(state, Overwatch(inf)) == "Army infantry squad is already on overwatch"
    execute(state, EndTurn(Side.COALITION))
    assert state.units[inf].overwatch_ap == 7  # kept through the enemy phase
    execute(state, EndTurn(Side.ISIL))
    assert state.units[inf].overwatch_ap == 0 and state.units[inf].ap == 10


def test_throw_smoke(street):
    state, ids = street
    inf, dozer = ids["inf"], ids["dozer"]
    assert refused(state, ThrowSmoke(dozer, P(3, 2))) == "Armoured bulldozer cannot throw smoke"
    assert refused(state, ThrowSmoke(inf, P(5, 0))) == (
        "too far to throw: 5.0 tiles, a grenade reaches 4"
    )
    verdict, _ = execute(state, ThrowSmoke(inf, P(3, 0)))
    assert verdict
    assert state.smoke[0, 3] == pytest.approx(0.8) and state.smoke[1, 4] == pytest.approx(0.4)
    assert state.smoke[0, 5] == 0 and state.units[inf].ap == 7
    execute(state, ThrowSmoke(inf, P(0, 1)))
    assert (
        refused(state, ThrowSmoke(inf, P(0, 1)))
        == "Army infantry squad has no throw smoke uses left"
    )


def test_build_berm_and_clear_rubble(street, ruleset):
    state, ids = street
    inf, dozer = ids["inf"], ids["dozer"]
    assert refused(state, BuildBerm(inf, P(1, 0))) == "Army infantry squad cannot build a berm"
    assert refused(state, BuildBerm(dozer, P(6, 3))) == "(6, 3) is not next to Armoured bulldozer"
    assert refused(state, BuildBerm(dozer, P(4, 2))) == "a berm cannot be built on water"
    verdict, _ = execute(state, BuildBerm(dozer, P(2, 2)))
    assert verdict and state.terrain_name(P(2, 2)) == "berm"
    assert state.grid.gid[2, 2] == gid_of(ruleset, "berm") and state.units[dozer].ap == 2
    assert state.units[dozer].actions["build_berm"] == 3
    state.units[dozer].ap = 10
    assert refused(state, ClearRubble(dozer, P(2, 3))) == "there is no rubble at (2, 3) (road)"
    verdict, _ = execute(state, ClearRubble(dozer, P(4, 3)))
    assert verdict and state.terrain_name(P(4, 3)) == "road"
    assert refused(state, ClearRubble(dozer, P(4, 3))) == "not enough AP: needs 6, has 4"


def test_detonate_and_drone(street):
    state, ids = street
    execute(state, EndTurn(Side.COALITION))
    vbied, drones, enemy = ids["vbied"], ids["drones"], ids["enemy"]
    assert refused(state, Detonate(enemy)) == "ISIL fighter squad cannot detonate"
    assert refused(state, LaunchDrone(enemy, P(1, 1))) == (
        "ISIL fighter squad cannot launch a drone"
    )
    state.units[drones].pos = P(9, 0)
    verdict, events = execute(state, LaunchDrone(drones, P(0, 0)))
    assert verdict and events[0].kind == "drone_launched"
    assert state.units[ids["inf"]].hp == 12 - 8
    verdict, events = execute(state, Detonate(vbied))
    assert verdict and not state.units[vbied].alive
    assert "blast" in [e.kind for e in events] and P(9, 3) in state.wrecks
    assert state.smoke[3, 9] > 0.5


def test_drone_range_and_roofs(ruleset):
    b = BattleBuilder(ruleset, ["#" + "=" * 14])
    roof = b.unit("infantry", (0, 0))
    team = b.unit("drone_team", (13, 0))
    state = b.battle()
    execute(state, EndTurn(Side.COALITION))
    assert refused(state, LaunchDrone(team, P(0, 0))) == (
        "out of drone range: 13.0 tiles, drones reach 12"
    )
    state.units[team].pos = P(12, 0)
    assert execute(state, LaunchDrone(team, P(0, 0)))[0]
    assert state.units[roof].hp == 12  # under a roof


def test_end_turn_refusals_and_over(street):
    state, _ = street
    assert refused(state, EndTurn(Side.ISIL)) == ("it is the coalition phase, not the isil phase")
    state.phase = "over"
    state.end_reason = "turn limit reached"
    assert refused(state, EndTurn(Side.COALITION)) == "the battle is over (turn limit reached)"


def test_commands_round_trip_through_dicts():
    commands = [
        Move("u1", P(3, 4)),
        Move("u1", P(2, 2), path=(P(1, 1), P(2, 2))),
        Fire("u2", P(5, 5), "rpg"),
        Overwatch("u3"),
        ThrowSmoke("u1", P(1, 2)),
        BuildBerm("u4", P(2, 3)),
        ClearRubble("u4", P(3, 3)),
        Detonate("u5"),
        LaunchDrone("u6", P(7, 7)),
        EndTurn(Side.ISIL),
    ]
    for command in commands:
        assert command_from_dict(command.to_dict()) == command
    with pytest.raises(ValueError, match="not a command"):
        command_from_dict({"kind": "teleport"})
    with pytest.raises(ValueError, match="malformed move command"):
        command_from_dict({"kind": "move", "unit_id": "u1", "dest": [1]})
