"""AI difficulty levels: which decisions the opponent makes, never the rules it plays by.

Each level is a set of switches and weights read by the ISIL and coalition AIs
(docs/ai.md explains what each one changes and the balance figures measured with them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Difficulty:
    """The decision knobs of one AI level."""

    name: str
    cluster_targets: bool  # car bombs aim at the best blast over a group (else the nearest unit)
    stage_car_bombs: bool  # car bombs out of reach drive closer while unseen (else wait hidden)
    coordinate_strikes: bool  # car bombs wait for screening smoke and launch together
    smoke_for_moves: bool  # fighters smoke their own dashes across known fields of fire
    focus_fire: bool  # shots go to the wounded and the dangerous first
    counterattack_odds: float  # counterattack an isolated enemy with this many own units near it
    threat_weight: float  # AP-equivalent cost per unit of known enemy fire on a tile
    sniper_weight: float  # extra cost of a tile in a known enemy sniper's field of fire
    civilian_cover: float  # ISIL: score of standing among or next to civilians
    min_drone_value: float  # least expected damage worth a drone
    ambush_range_share: float  # ambushers hold fire beyond this share of their weapon's range
    fallback_ratio: float  # fall back when known enemies nearby outnumber own by this
    garrison: int  # ISIL: fighters kept inside each area the coalition must take (0 = none)
    best_drone_target: bool  # drones at the best target (else the nearest worth one)
    wave_car_bombs: bool = False  # ISIL: a lone car bomb waits for a second one; drones cover
    relocate_snipers: bool = False  # ISIL: a sniper that fired moves to another roof
    retake_blocks: bool = False  # ISIL: counter-attack into an area the coalition just took
    garrison_holds: bool = False  # ISIL: the garrison also stands in the areas it must hold
    plans: bool = False  # ISIL: key decisions scored on sampled copies of the battle
    wave_wait_turns: int = 0  # the most turns a lone car bomb waits for its wave
    retake_turns: int = 0  # an area taken this many turns ago or fewer may be retaken
    plan_candidates: int = 0  # candidate plans scored per car bomb
    plan_samples: int = 0  # sampled copies of the battle each candidate is played on
    plan_bombs: int = 0  # the most car bombs whose strike is planned this way in a phase
    plan_holds: int = 0  # the most phases in a row a planning AI keeps a car bomb back


STANDARD = Difficulty(
    name="standard",
    cluster_targets=False,
    stage_car_bombs=True,
    coordinate_strikes=False,
    smoke_for_moves=False,
    focus_fire=False,
    counterattack_odds=3.0,
    threat_weight=0.5,
    sniper_weight=6.0,
    civilian_cover=1.0,
    min_drone_value=3.0,
    ambush_range_share=1.0,
    fallback_ratio=3.0,
    garrison=0,
    best_drone_target=False,
)

HARD = Difficulty(
    name="hard",
    cluster_targets=True,
    stage_car_bombs=True,
    coordinate_strikes=True,
    smoke_for_moves=True,
    focus_fire=True,
    counterattack_odds=2.0,
    threat_weight=1.5,
    sniper_weight=12.0,
    civilian_cover=2.5,
    min_drone_value=3.0,
    ambush_range_share=0.67,
    fallback_ratio=2.0,
    garrison=2,
    best_drone_target=True,
)

VETERAN = replace(
    HARD,
    name="veteran",
    wave_car_bombs=False,
    garrison=4,
    relocate_snipers=True,
    retake_blocks=True,
    garrison_holds=True,
    plans=True,
    wave_wait_turns=1,
    retake_turns=3,
    plan_candidates=4,
    plan_samples=2,
    plan_bombs=3,
    plan_holds=0,
)

DIFFICULTIES: dict[str, Difficulty] = {d.name: d for d in (STANDARD, HARD, VETERAN)}


def difficulty(name: str) -> Difficulty:
    """The level called `name`; ValueError naming the known levels otherwise."""
    try:
        return DIFFICULTIES[name]
    except KeyError:
        known = ", ".join(DIFFICULTIES)
        raise ValueError(f"unknown difficulty {name!r} (known: {known})") from None
