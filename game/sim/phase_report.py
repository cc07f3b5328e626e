"""What a phase did, counted for one side: the summary a player reads after the enemy's turn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from game.core.values import Side, plural
from game.sim.events import Event, EventKind

OBJECTIVE_CHANGES = (
    EventKind.OBJECTIVE_COMPLETE,
    EventKind.OBJECTIVE_FAILED,
    EventKind.OBJECTIVE_PENDING,
    EventKind.OBJECTIVE_HELD,
    EventKind.OBJECTIVE_HOLD_BROKEN,
)
CAR_BOMB_KINDS = {
    EventKind.VBIED_ALERT: "spotted",
    EventKind.VBIED_DETONATED: "detonated",
    EventKind.VBIED_DESTROYED: "destroyed",
    EventKind.VBIED_DRIVER_KILLED: "driver killed",
}
DRONE_KINDS = {
    EventKind.DRONE_LAUNCHED: "launched",
    EventKind.DRONE_HIT: "hit",
    EventKind.DRONE_JAMMED: "jammed",
    EventKind.DRONE_SHOT_DOWN: "shot down",
}


@dataclass
class PhaseReport:
    """Counts of what a side knows happened in one phase (its own units' fate always; the
    enemy's only where it saw)."""

    viewer: Side
    own_losses: list[str] = field(default_factory=list)  # unit ids destroyed
    lost_names: list[str] = field(default_factory=list)  # and their names
    own_hits: int = 0  # hits taken by the side's units
    own_damage: int = 0  # HP they lost
    enemy_losses: int = 0  # enemy units seen destroyed
    civilian_casualties: dict[Side, int] = field(default_factory=dict)  # by who caused them
    evacuated: int = 0
    car_bombs: dict[str, int] = field(default_factory=dict)  # "spotted", "detonated", ...
    drones: dict[str, int] = field(default_factory=dict)  # "launched", "hit", ...
    objectives: list[str] = field(default_factory=list)  # the log lines of objective changes

    @property
    def quiet(self) -> bool:
        """Nothing worth a summary happened."""
        return not (
            self.own_losses
            or self.own_hits
            or self.enemy_losses
            or self.civilian_casualties
            or self.evacuated
            or self.car_bombs
            or self.drones
            or self.objectives
        )

    def lines(self) -> list[str]:
        """The summary, civilians first, one line each."""
        out: list[str] = []
        harmed = sum(self.civilian_casualties.values())
        if harmed:
            by = ", ".join(f"{n} by {s.value}" for s, n in sorted(self.civilian_casualties.items()))
            out.append(f"Civilians killed or wounded: {harmed} ({by})")
        if self.evacuated:
            out.append(f"Civilians evacuated: {self.evacuated}")
        lost = plural(len(self.own_losses), "unit")
        if self.lost_names:
            lost += f" ({', '.join(self.lost_names)})"
        out.append(f"Your losses: {lost}; hits taken: {self.own_hits} ({self.own_damage} HP)")
        out.append(f"Enemy losses seen: {self.enemy_losses}")
        for label, counts in (("Car bombs", self.car_bombs), ("Drones", self.drones)):
            if counts:
                out.append(f"{label}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        out += [f"Objective: {line}" for line in self.objectives]
        return out


def phase_report(
    events: Iterable[Event],
    viewer: Side,
    side_of: Callable[[str], Side | None],
    known: Callable[[Event], bool] = lambda _: True,
    name_of: Callable[[str], str] = str,
) -> PhaseReport:
    """Count a phase's events for `viewer`: `side_of` names a unit id's side, `known` says
    whether the viewer saw an event (its fog), `name_of` a unit id's name; the viewer's own
    losses and hits, and civilian harm, always count."""
    report = PhaseReport(viewer)
    for event in events:
        kind = event.kind
        mine = side_of(event.unit) is viewer if event.unit else False
        if kind is EventKind.DESTROYED and (event.side is viewer or mine):
            report.own_losses.append(event.unit)
            report.lost_names.append(name_of(event.unit))
        elif kind is EventKind.HIT and side_of(event.target) is viewer:
            report.own_hits += 1
            report.own_damage += event.damage
        elif kind is EventKind.CIVILIAN_CASUALTIES and event.side is not None:
            by = report.civilian_casualties  # civilian harm is always reported
            by[event.side] = by.get(event.side, 0) + event.count
        elif not known(event):
            continue
        elif kind is EventKind.DESTROYED:
            report.enemy_losses += 1
        elif kind is EventKind.EVACUATED:
            report.evacuated += event.count
        elif kind in CAR_BOMB_KINDS:
            _add(report.car_bombs, CAR_BOMB_KINDS[kind])
        elif kind in DRONE_KINDS:
            _add(report.drones, DRONE_KINDS[kind])
        elif kind in OBJECTIVE_CHANGES:
            report.objectives.append(event.text)
    return report


def _add(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1
