"""The battle HUD's hand-drawn parts: top bar (turn, phase), selected-unit panel, objectives
with progress, alert banner. Buttons and the message log are pygame_gui widgets."""

from __future__ import annotations

import pygame

from game.battle.setup import Objective, ObjectiveKind
from game.battle.state import BattleState
from game.battle.units import UNLIMITED, UnitState
from game.client.battle_session import BattleSession
from game.client.theme import ACCENT, PANEL, PANEL_EDGE, TEXT, TEXT_DIM, Palette, TextCache
from game.core.values import Side, plural

STATUS_COLOURS = {"complete": (120, 200, 120), "failed": (236, 120, 90), "pending": TEXT}


def panel(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A HUD panel background with a thin edge."""
    surface.fill(PANEL, rect)
    pygame.draw.rect(surface, PANEL_EDGE, rect, 1)


def side_name(side: Side | str) -> str:
    """How a side is written on screen."""
    if isinstance(side, Side):
        return side.label
    return Side(side).label if side in tuple(Side) else side.title()


def draw_top_bar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    session: BattleSession,
    text: TextCache,
    palette: Palette,
    size: int,
    status: str = "",
) -> None:
    """Scenario, turn of the limit, whose phase, civilians harmed, and a status line."""
    state = session.state
    panel(surface, rect)
    x = rect.x + 10
    cy = rect.centery
    title = text.render(session.scenario.title, size, ACCENT, bold=True)
    surface.blit(title, title.get_rect(midleft=(x, cy)))
    x += title.get_width() + 18
    turn = text.render(f"Turn {state.turn} / {state.turn_limit}", size, TEXT, bold=True)
    surface.blit(turn, turn.get_rect(midleft=(x, cy)))
    x += turn.get_width() + 18
    if state.over:
        phase_text, colour = f"Battle over - {side_name(state.winner)}", ACCENT
    else:
        side = state.side_to_move
        assert side is not None
        who = "your" if side is session.player_side else "enemy"
        phase_text = (
            f"{side_name(side)} phase ({who} turn)"
            if session.player_side
            else f"{side_name(side)} phase"
        )
        colour = palette.coalition if side is Side.COALITION else palette.isil
    chip = text.render(phase_text, size, (255, 255, 255), bold=True)
    chip_rect = chip.get_rect(midleft=(x + 8, cy))
    surface.fill(colour, chip_rect.inflate(16, 6))
    surface.blit(chip, chip_rect)
    x = chip_rect.right + 22
    harmed = sum(state.civilian_casualties.values())
    by = state.civilian_casualties
    who = f" (coalition {by[Side.COALITION]}, ISIL {by[Side.ISIL]})" if harmed else ""
    civ = text.render(
        f"Civilians harmed: {harmed}{who}   evacuated: {state.evacuated}",
        size,
        (236, 120, 90) if harmed else TEXT_DIM,
    )
    surface.blit(civ, civ.get_rect(midleft=(x, cy)))
    if status:
        note = text.render(status, size, TEXT_DIM)
        right = rect.right - round(rect.h * 2.9)  # left of the Menu button
        surface.blit(note, note.get_rect(midright=(right, cy)))


def _line(
    surface: pygame.Surface,
    text: TextCache,
    s: str,
    x: int,
    y: int,
    size: int,
    colour: tuple[int, int, int] = TEXT,
    bold: bool = False,
) -> int:
    image = text.render(s, size, colour, bold)
    surface.blit(image, (x, y))
    return y + image.get_height()


def _bar(
    surface: pygame.Surface, x: int, y: int, w: int, share: float, colour: tuple[int, int, int]
) -> None:
    surface.fill((15, 15, 15), (x, y, w, 8))
    surface.fill(colour, (x + 1, y + 1, round((w - 2) * max(0.0, min(1.0, share))), 6))


def draw_unit_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    state: BattleState,
    unit: UnitState | None,
    text: TextCache,
    palette: Palette,
    size: int,
    weapon_id: str = "",
) -> None:
    """The selected unit: name, type, HP and AP bars, weapons (the chosen one marked), actions."""
    panel(surface, rect)
    x, y = rect.x + 10, rect.y + 6
    if unit is None:
        _line(surface, text, "No unit selected", x, y, size, TEXT_DIM)
        _line(surface, text, "Click a unit or press Tab", x, y + size + 6, size - 2, TEXT_DIM)
        return
    utype = state.ruleset.units[unit.type_id]
    colour = palette.coalition if unit.side is Side.COALITION else palette.isil
    surface.fill(colour, (rect.x + 1, rect.y + 1, 4, rect.h - 2))
    y = _line(surface, text, unit.name, x, y, size, ACCENT, bold=True)
    y = _line(
        surface,
        text,
        f"{utype.name} - {state.terrain_name(unit.pos)} {unit.pos}",
        x,
        y,
        size - 2,
        TEXT_DIM,
    )
    w = rect.w - 110
    y += 4
    _line(surface, text, f"HP {unit.hp}/{utype.hp}", x, y - 4, size - 2)
    _bar(surface, x + 90, y + 2, w, unit.hp / max(1, utype.hp), palette.good)
    y += size + 2
    if unit.overwatch_ap > 0:  # the reserve, in the AP bar's place (nothing drawn over it)
        watch = "overwatch" if unit.sector is None else f"sector toward {unit.sector.toward}"
        _line(surface, text, f"Overwatch {unit.overwatch_ap:g} AP - {watch}", x, y - 4, size - 2)
    else:
        _line(surface, text, f"AP {unit.ap:g}/{utype.ap}", x, y - 4, size - 2)
        _bar(surface, x + 90, y + 2, w, unit.ap / max(1, utype.ap), palette.ap)
    y += size + 4
    for number, weapon in enumerate(utype.weapons, start=1):
        ammo = unit.ammo.get(weapon.id, UNLIMITED)
        shots = "" if ammo == UNLIMITED else f", {ammo} left"
        chosen = weapon.id == weapon_id and len(utype.weapons) > 1
        key = f"{'>' if chosen else ' '}{number} " if len(utype.weapons) > 1 else ""
        y = _line(
            surface,
            text,
            f"{key}{weapon.name}: range {weapon.range}, {weapon.ap} AP, dmg {weapon.damage}{shots}",
            x,
            y,
            size - 3,
            ACCENT if chosen else TEXT,
        )
    actions = [
        f"{a.replace('_', ' ')} {'unlimited' if n == UNLIMITED else n}"
        for a, n in unit.actions.items()
    ]
    if actions and y < rect.bottom - size:
        _line(surface, text, "Actions: " + ", ".join(actions), x, y, size - 3, TEXT_DIM)


def objective_terms(objective: Objective) -> str:
    """An objective's kind and what it asks, in words: "hold, 4 turns", "exit, 3 units",
    "civilians: harm at most 2", "evacuate 20 people", "survive 8 turns"."""
    kind = objective.kind
    if kind is ObjectiveKind.HOLD:
        return f"hold, {plural(objective.turns, 'turn')}"
    if kind is ObjectiveKind.EXIT:
        return f"exit, {plural(objective.count, 'unit')}"
    if kind is ObjectiveKind.CIVILIANS:
        return f"civilians: harm at most {objective.count}"
    if kind is ObjectiveKind.EVACUATE:
        return f"evacuate {plural(objective.count, 'person')}".replace("persons", "people")
    if kind is ObjectiveKind.SURVIVE:
        return f"survive {plural(objective.turns, 'turn')}"
    if kind is ObjectiveKind.STOP_CAR_BOMBS:
        return "stop car bombs reaching the area"
    return kind.value


def objective_progress(state: BattleState, object_id: int) -> str:
    """What an objective has achieved so far: "held 2/4 turns", "1/3 out", "1 harmed, at
    most 2", "12/20 safe", "turn 3/8" ("" otherwise)."""
    objective = next(o for o in state.objectives if o.object_id == object_id)
    progress = state.objective_progress.get(object_id, 0)
    if objective.kind is ObjectiveKind.HOLD:
        return f"held {progress}/{plural(objective.turns, 'turn')}"
    if objective.kind is ObjectiveKind.EXIT:
        return f"{progress}/{objective.count} out"
    if objective.kind is ObjectiveKind.CIVILIANS:
        harmed = state.civilian_casualties[objective.side]
        return f"{harmed} harmed, at most {objective.count}"
    if objective.kind is ObjectiveKind.EVACUATE:
        return f"{state.evacuated}/{objective.count} safe"
    if objective.kind is ObjectiveKind.SURVIVE:
        return f"turn {min(state.turn, objective.turns)}/{objective.turns}"
    return ""


def draw_alert(
    surface: pygame.Surface,
    rect: pygame.Rect,
    message: str,
    text: TextCache,
    t: float,
    palette: Palette,
) -> None:
    """A banner the player cannot miss (car bomb spotted): flashing, across the map view."""
    flash = int(t * 4) % 2 == 0
    band = pygame.Rect(rect.x, rect.y + rect.h // 5, rect.w, 70)
    surface.fill(palette.alert if flash else (120, 20, 15), band)
    pygame.draw.rect(surface, (255, 255, 255), band, 3)
    label = text.render(message, 34, (255, 255, 255), bold=True)
    surface.blit(label, label.get_rect(center=band.center))
