"""Move: walk a unit to a tile (the cheapest path, or a given one), step by step.

After each step: both sides look (a new sighting stops the mover), the coalition is alerted
to newly seen car bombs, enemies on overwatch react, and car bombs next to coalition units
go off. A car bomb's first move launches it; a car bomb whose move ends where it drove to
detonates when a coalition unit is near (game/sim/vbied.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.battle.state import BattleState
from game.commands.base import (
    OK,
    Command,
    Refusal,
    Verdict,
    check_actor,
    check_ap,
    check_tile,
)
from game.core.values import TilePos
from game.sim import movement, vbied
from game.sim.events import Event
from game.sim.overwatch import reaction_step_hook
from game.sim.spotting import spotting_step_hook

STEP_HOOKS: tuple[movement.StepHook, ...] = (
    spotting_step_hook,
    vbied.alert_step_hook,
    reaction_step_hook,
    vbied.detonation_step_hook,
)
"""Run after every step, in this order; any of them may stop the mover there."""


@dataclass(frozen=True)
class Move(Command):
    """Move a unit to `dest`, along `path` when given (else the cheapest path)."""

    kind = "move"
    unit_id: str
    dest: TilePos
    path: tuple[TilePos, ...] = ()

    def _route(self, state: BattleState) -> list[TilePos] | Refusal:
        unit = check_actor(state, self.unit_id)
        if isinstance(unit, Refusal):
            return unit
        refusal = check_tile(state, self.dest)
        if refusal is not None:
            return refusal
        if unit.driver_killed:
            return Refusal(f"the driver of {unit.name} is dead: it cannot move")
        if self.dest == unit.pos:
            return Refusal(f"{unit.name} is already at {self.dest}")
        occupant = state.unit_at(self.dest)
        if occupant is not None:
            return Refusal(f"{self.dest} is occupied by {occupant.name}")
        move_class = state.unit_type(unit.id).move
        if not movement.terrain_enterable(state, move_class)[self.dest.y, self.dest.x]:
            kind = state.terrain_name(self.dest)
            return Refusal(f"{move_class.value} units cannot enter {kind} at {self.dest}")
        if self.path:
            if self.path[-1] != self.dest:
                return Refusal("the path does not end at the destination")
            cost = movement.path_cost(state, unit.id, list(self.path))
            if cost is None:
                return Refusal("the path has a step that is not allowed")
            refusal = check_ap(unit, cost)
            return refusal if refusal is not None else list(self.path)
        route = movement.MoveSearch(state, unit.id).path(self.dest)
        if route:
            return route
        needed = movement.MoveSearch(state, unit.id, budget=float("inf")).cost_to(self.dest)
        if needed is None:
            return Refusal(f"no way for {unit.name} to reach {self.dest}")
        refusal = check_ap(unit, needed)
        return (
            refusal
            if refusal is not None
            else Refusal(f"no way for {unit.name} to reach {self.dest}")
        )

    def validate(self, state: BattleState) -> Verdict:
        """Ok when the destination is reachable with the AP left."""
        route = self._route(state)
        return route if isinstance(route, Refusal) else OK

    def apply(self, state: BattleState) -> list[Event]:
        """Walk the route; a step hook may stop the unit (a sighting, reaction fire, a blast)."""
        route = self._route(state)
        assert not isinstance(route, Refusal), route.reason
        events = vbied.launch(state, self.unit_id)
        events += movement.execute_move(state, self.unit_id, route, STEP_HOOKS)
        return events + vbied.arrival_detonation(state, self.unit_id, self.dest)
