"""The campaign roster in battle: who fills the player's slots, and what survivors take home.

Rules (docs/campaign.md):

- The player's units placed in a scenario are slots. In the first battle every slot enlists a
  new roster unit named after its placement.
- Later, a slot is filled by a roster unit of the same type (the player's choice where the
  campaign allows it, otherwise the most experienced), else by a replacement while the
  scenario's replacements last, else it stays empty: losses stay lost. Slots of types the
  campaign attaches to that battle are always filled and never join the roster.
- After a battle, surviving roster units gain experience (up to the campaign's max level);
  destroyed ones leave the roster. A failed battle can be retried with the roster as it was.
- A level adds `accuracy_per_level` x level to the unit's hit chance (as a factor) and
  `spotting_per_level` x level to its spotting skill (stored in the unit's `extra`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from game.battle.setup import BattleSetup, UnitPlacement
from game.battle.start import BattleStart
from game.battle.state import BattleState
from game.battle.units import Veterancy
from game.campaign.campaign_file import Campaign, CampaignScenario
from game.campaign.progress import CampaignState, RosterUnit, ScenarioResult


@dataclass
class Deployment:
    """Which roster unit fills each of the player's slots (object id -> roster id or None)."""

    slots: dict[int, str | None] = field(default_factory=dict)
    attached: set[int] = field(default_factory=set)  # slots filled by attached units
    enlisted: list[str] = field(default_factory=list)  # roster ids created for this battle


class DeploymentError(ValueError):
    """A deployment choice that the rules do not allow; the message says why."""


def player_slots(scenario: BattleSetup, campaign: Campaign) -> list[UnitPlacement]:
    """The player's unit placements of a scenario, in object-id order."""
    return sorted(
        (u for u in scenario.units if u.side is campaign.player_side), key=lambda u: u.object_id
    )


def plan_deployment(
    campaign: Campaign,
    entry: CampaignScenario,
    progress: CampaignState,
    scenario: BattleSetup,
    choices: dict[int, str] | None = None,
) -> Deployment:
    """Fill the scenario's slots from the roster (enlisting units in `progress` as needed)."""
    choices = dict(choices or {})
    if choices and not entry.choose_deployment:
        raise DeploymentError("this scenario does not let you choose the deployment")
    deployment = Deployment()
    first = progress.index == 0 and not progress.roster
    free = {u.id: u for u in progress.roster}
    replacements = entry.replacements
    for slot in player_slots(scenario, campaign):
        if slot.unit_type in entry.attached:
            deployment.slots[slot.object_id] = None
            deployment.attached.add(slot.object_id)
            continue
        if first:
            unit = progress.new_unit(slot.name, slot.unit_type)
            deployment.enlisted.append(unit.id)
            deployment.slots[slot.object_id] = unit.id
            continue
        chosen = choices.pop(slot.object_id, None)
        if chosen is not None:
            if chosen not in free or free[chosen].unit_type != slot.unit_type:
                raise DeploymentError(
                    f"roster unit {chosen} cannot fill the {slot.unit_type} slot '{slot.name}'"
                )
            deployment.slots[slot.object_id] = free.pop(chosen).id
            continue
        same_type = [u for u in free.values() if u.unit_type == slot.unit_type]
        if same_type:
            best = max(same_type, key=lambda u: (u.level, -int(u.id[1:])))
            deployment.slots[slot.object_id] = free.pop(best.id).id
        elif replacements > 0:
            replacements -= 1
            unit = progress.new_unit(slot.name, slot.unit_type)
            deployment.enlisted.append(unit.id)
            deployment.slots[slot.object_id] = unit.id
        else:
            deployment.slots[slot.object_id] = None
    if choices:
        raise DeploymentError(f"no slot with object id(s) {sorted(choices)} in this scenario")
    return deployment


def battle_start(
    scenario: BattleSetup, campaign: Campaign, progress: CampaignState, deployment: Deployment
) -> BattleStart:
    """How a mission's battle starts from the deployment: the player's slots named after the
    roster units that fill them (empty slots left out), each with its experience; KeyError
    for a roster unit the progress does not have."""
    roster = {u.id: u for u in progress.roster}
    names: dict[int, str] = {}
    left_out: list[int] = []
    veterancy: dict[str, Veterancy] = {}
    for unit in scenario.units:
        if unit.side is not campaign.player_side or unit.object_id in deployment.attached:
            continue
        roster_id = deployment.slots.get(unit.object_id)
        if roster_id is None:
            left_out.append(unit.object_id)
            continue
        member = roster[roster_id]
        names[unit.object_id] = member.name
        veterancy[f"u{unit.object_id}"] = Veterancy(
            roster_id=roster_id,
            level=member.level,
            accuracy_bonus=round(member.level * campaign.roster.accuracy_per_level, 6),
            spotting_bonus=round(member.level * campaign.roster.spotting_per_level, 6),
        )
    players = {campaign.player_side.value: "human", campaign.player_side.enemy.value: "ai"}
    return BattleStart(names, tuple(left_out), veterancy, players=players)


def after_battle(
    campaign: Campaign,
    progress: CampaignState,
    deployment: Deployment,
    state: BattleState,
    scenario: BattleSetup,
    score: float,
    advance_on_defeat: bool = False,
) -> CampaignState:
    """Progress after a battle: the result recorded; on victory (or when told to go on) the
    survivors gain experience, the dead leave the roster and the next scenario comes up;
    otherwise the roster stays as it was before the battle, ready for a retry."""
    won = state.winner == campaign.player_side.value
    result = (
        copy.deepcopy(progress)
        if won or advance_on_defeat
        else forget_enlisted(progress, deployment)
    )
    side = campaign.player_side
    result.attempts += 1
    result.results.append(
        ScenarioResult(
            map=scenario.path.name,
            title=scenario.title,
            winner=state.winner or "draw",
            turns=state.turn,
            civilian_casualties=sum(state.civilian_casualties.values()),
            civilians_evacuated=state.evacuated,
            own_losses=state.losses[side],
            enemy_losses=state.losses[side.enemy],
            score=score,
            attempt=result.attempts,
        )
    )
    if not won and not advance_on_defeat:
        return result
    survivors: dict[str, bool] = {}
    for unit in state.units.values():
        if unit.veterancy is not None:
            survivors[unit.veterancy.roster_id] = unit.alive
    kept: list[RosterUnit] = []
    for member in result.roster:
        if member.id not in survivors:
            kept.append(member)  # in reserve this time
        elif survivors[member.id]:
            member.battles += 1
            member.level = min(
                campaign.roster.max_level, member.level + campaign.roster.experience_per_battle
            )
            kept.append(member)
    result.roster = kept
    result.index += 1
    result.attempts = 0
    result.finished = result.index >= len(campaign.scenarios)
    return result


def forget_enlisted(progress: CampaignState, deployment: Deployment) -> CampaignState:
    """Progress without the units a cancelled or failed deployment enlisted."""
    result = copy.deepcopy(progress)
    result.roster = [u for u in result.roster if u.id not in set(deployment.enlisted)]
    return result
