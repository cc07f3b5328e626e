"""The coalition AI: for AI-against-AI play, balance runs, and as the player's optional ally.

It reads only the coalition's view (game/ai/view.py). Each of its phases:

- Snipers (and ATGM teams, when a roof adds to the screen) go forward early to the roofs
  that see most of the approach roads (the screen), re-posted as the front moves, and go
  on overwatch there with a sector over the road they watch, keeping their shots for car
  bombs.
- Infantry and vehicles advance by bounds toward the objectives: near known enemies,
  half of them move while the other half shoots or watches, alternating by turn; they
  stop in cover, route around known enemy fire, and clear the objective's buildings by
  going for the enemies last seen in it. A group holds each hold objective.
- A spotted car bomb is an alert (raised again when one is spotted mid-phase): everyone who
  can shoots it (snipers and ATGMs first; one without a shot goes where it has the best),
  units near it leave for cover out of its blast, units within its next drive come no
  nearer to it, and the rest keep advancing; no move ends within the blast radius (+ a
  margin) of a known car bomb, and routes go around it. A car bomb whose driver is dead is
  left alone.
- Holders search a hold area: its tiles no own unit sees are visited. A few units take an
  optional capture area when it is close and lightly held and the mandatory ones are
  nearly done.
- The bulldozer pushes berms across the roads car bombs would take to the coalition's
  ground (the known car bomb's route when there is one; near the assault when nothing is
  held).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from game.ai.difficulty import STANDARD, Difficulty
from game.ai.tactics import (
    PhasePlayer,
    Step,
    best_shot,
    building_tiles,
    follow,
    hazard_mask,
    near_count,
    reachable_arrays,
    road_mask,
    route_field,
    weapon_ready,
)
from game.ai.view import Contact, SideView, side_sight, sight_windows
from game.battle.setup import Objective, ObjectiveKind
from game.battle.units import Sector, UnitState
from game.commands import BuildBerm, Command, Fire, Move, Ok, Overwatch
from game.commands.special import berm_gid
from game.core.values import MoveClass, Side, TilePos
from game.sim import combat
from game.sim.line_of_sight import visibility_between
from game.sim.movement import terrain_enterable

HOLD_GROUP = 2  # units that hold each hold objective
BOUND_RANGE = 10.0  # units this close to a known enemy advance by bounds
SCREEN_CANDIDATES = 40  # roofs examined for each sniper's screen post
SCREEN_VISIBILITY = 0.3  # a road tile counts as watched at this visibility
BERM_RANGE = (3.0, 9.0)  # AP from the defended ground at which berms are pushed up
POST_REACH_TURNS = 3  # a screen post at most this many turns' walk away
SNIPER_STANDOFF = 12.0  # a sniper without a post stays this many AP behind the goal
EXIT_MARGIN = 2  # exit units set off this many turns before they must
POST_FRONT = 14.0  # and at most this many AP beyond the defended ground
REPOST_SLACK = 8.0  # a post this much further than POST_FRONT from the front is given up
SCREEN_ROLES = ("sniper",)  # roles posted on the screen (ATGM posts cost Al-Bakr's west point)
ANTI_BOMB_ROLES = ("sniper", "atgm")  # roles that shoot a car bomb before anything else
SCREEN_RESERVE_SHOTS = 2  # shots a screen unit on its post keeps for car bombs
BOMB_POST_REACH = 0.67  # share of its weapon's range within which a post on a car bomb is taken
BOMB_POST_CANDIDATES = 80  # tiles examined for it (nearest first)
BOMB_POST_RISK = 0.15  # odds given up to stay out of the car bomb's next drive
BOMB_POST_WALK = 0.005  # odds given up per AP walked
SECTOR_SLACK = 10.0  # degrees added on each side of a screen sector
BLAST_MARGIN = 2.0  # tiles beyond a known car bomb's blast radius no move ends in
DRIVE_CAP = 40.0  # wheeled AP: a tile farther from a car bomb counts as this far
BLAST_COST = 20.0  # extra route cost of a tile within that reach
OPTIONAL_GROUP = 2  # units sent to take a cheap optional capture area
OPTIONAL_RANGE = 24.0  # AP: an optional area at most this far from them counts as close
OPTIONAL_DEFENDERS = 1  # known enemies in it at most: lightly held
OPTIONAL_MIN_FREE = 4  # free assault units needed before a group is sent


def _centre(tiles: list[TilePos]) -> TilePos:
    """The tile nearest the mean of some tiles."""
    return TilePos(
        round(sum(p.x for p in tiles) / len(tiles)), round(sum(p.y for p in tiles) / len(tiles))
    )


def _zeros(view: SideView) -> np.ndarray:
    return np.zeros(view.state.grid.gid.shape, np.float64)


def _is_car_bomb(view: SideView, contact: Contact) -> bool:
    return "detonate" in view.state.ruleset.units[contact.type_id].actions


class CoalitionAI(PhasePlayer):
    """Plays the coalition: call `next_command(state)` until it returns EndTurn."""

    def __init__(self, side: Side = Side.COALITION, level: Difficulty | str = STANDARD) -> None:
        super().__init__(side, level)
        self.posts: dict[str, TilePos] = {}
        self.roles: dict[str, str] = {}
        self.goals: dict[str, list[TilePos]] = {}
        self.alert: list[Contact] = []
        self.danger = np.zeros((1, 1), bool)
        self.bomb_drive = np.zeros((1, 1))  # wheeled AP from the nearest alert car bomb
        self.berm: TilePos | None = None
        self.bounding: set[str] = set()
        self.approach = np.zeros((1, 1), bool)
        self.approach_dist = np.zeros((1, 1))  # wheeled AP from the defended ground
        self.sheltered: set[str] = set()

    # --- the phase plan -------------------------------------------------------------------

    def plan(self, view: SideView) -> list[str]:
        """Roles, goals, the car-bomb alert and the berm; snipers and anti-armour act first."""
        self._raise_alert(view, self._bombs_in_sight(view))
        self.sheltered.clear()
        self._assign(view)
        self.berm = self._berm_site(view)

        def rank(unit: UnitState) -> tuple[int, str]:
            role = self.roles.get(unit.id, "")
            order = {"sniper": 0, "atgm": 1, "hold": 2, "assault": 3}.get(role, 4)
            return (order, unit.id)

        return [u.id for u in sorted(view.own, key=rank)]

    def update(self, view: SideView) -> None:
        """A car bomb spotted (or stopped, or lost from sight) during the phase: the alert
        and its reach anew. The alert is the car bombs in sight, as at the phase's start; a
        remembered one keeps only its blast radius (+ margin) clear (`_blast_zone`)."""
        alert = self._bombs_in_sight(view)
        if [(c.id, c.pos) for c in alert] != [(c.id, c.pos) for c in self.alert]:
            self._raise_alert(view, alert)

    def _bombs_in_sight(self, view: SideView) -> list[Contact]:
        """The car bombs the side sees now that still drive (the alert)."""
        return [c for c in view.spotted if _is_car_bomb(view, c) and not c.stopped]

    def _raise_alert(self, view: SideView, alert: list[Contact]) -> None:
        """Set the alert and its reach: `danger`, (H, W) bool, the tiles an alert car bomb's
        blast could reach next phase; `bomb_drive`, per tile, the wheeled AP the nearest one
        needs to drive there (infinite off its ground: a house beside its road counts as out
        of its drive)."""
        state = view.state
        self.alert = alert
        self.danger = np.zeros(state.grid.gid.shape, bool)
        self.bomb_drive = np.full(state.grid.gid.shape, np.inf)
        for bomb in alert:
            reach = route_field(state, MoveClass.WHEELED, [bomb.pos]).dist
            ap = state.ruleset.units[bomb.type_id].ap
            self.danger |= near_count(reach <= ap, math.ceil(state.rules.blast_radius)) > 0
            self.bomb_drive = np.minimum(self.bomb_drive, reach)

    def _blast_zone(self, view: SideView) -> np.ndarray:
        """(H, W) bool: tiles within the blast radius + BLAST_MARGIN of a known live car bomb
        (seen now or remembered): no move ends there."""
        state = view.state
        h, w = state.grid.height_tiles, state.grid.width
        out = np.zeros((h, w), bool)
        reach = state.rules.blast_radius + BLAST_MARGIN
        ys, xs = np.ogrid[0:h, 0:w]
        for bomb in view.contacts:
            if _is_car_bomb(view, bomb) and not bomb.stopped:
                out |= (xs - bomb.pos.x) ** 2 + (ys - bomb.pos.y) ** 2 <= reach * reach
        return out

    def threat_cost(self, view: SideView) -> np.ndarray:
        """Known enemy fire and snipers (as both AIs), and the reach of known car bombs."""
        return super().threat_cost(view) + BLAST_COST * self._blast_zone(view)

    def _objective_tiles(self, view: SideView, kinds: tuple[ObjectiveKind, ...]) -> list[TilePos]:
        state = view.state
        return sorted(
            {
                p
                for o in state.objectives
                if o.side is self.side
                and o.kind in kinds
                and state.objective_status.get(o.object_id) == "pending"
                for p in o.tiles
            }
        )

    def _assign(self, view: SideView) -> None:
        """Roles: sniper screen, anti-armour, bulldozer, jammer, hold groups, an exit group
        when it is time, and the assault group on the nearest capture area (mandatory
        objectives before optional ones)."""
        state = view.state
        self.roles.clear()
        self.goals.clear()
        pending = [
            o
            for o in state.objectives
            if o.side is self.side and state.objective_status.get(o.object_id) == "pending"
        ]
        own = view.own
        centre = _centre([u.pos for u in own]) if own else TilePos(0, 0)

        def order(o: Objective) -> tuple[bool, float, int]:
            return (not o.mandatory, combat.distance(centre, _centre(sorted(o.tiles))), o.object_id)

        holds = sorted((o for o in pending if o.kind is ObjectiveKind.HOLD), key=order)
        captures = sorted(
            (o for o in pending if o.kind in (ObjectiveKind.CAPTURE, ObjectiveKind.DESTROY)),
            key=order,
        )
        exits = sorted((o for o in pending if o.kind is ObjectiveKind.EXIT), key=order)
        rest: list[UnitState] = []
        for unit in own:
            utype = state.ruleset.units[unit.type_id]
            if utype.has_role("sniper"):
                self.roles[unit.id] = "sniper"
            elif "build_berm" in unit.actions:
                self.roles[unit.id] = "engineer"
            elif any(w.anti_armour for w in utype.weapons):
                self.roles[unit.id] = "atgm"
            elif utype.jam_radius > 0:
                self.roles[unit.id] = "jammer"
            else:
                rest.append(unit)
        others = bool(captures or exits)
        seen = side_sight(state, self.side) if holds else None
        for objective in holds:
            tiles = sorted(objective.tiles)
            mid = _centre(tiles)
            holders = sorted(rest, key=lambda u: (combat.distance(u.pos, mid), u.id))
            search = self._search_tiles(view, objective, seen)
            for i, unit in enumerate(holders[:HOLD_GROUP] if others else holders):
                self.roles[unit.id] = "hold"
                self.goals[unit.id] = search if search and i == 0 else tiles
            rest = [u for u in rest if u.id not in self.roles]
        must_capture = any(o.mandatory for o in captures)
        for objective in exits:
            rest = self._assign_exit(view, objective, rest, must_capture)
        hold_tiles = sorted({p for o in holds for p in o.tiles})
        mandatory = [o for o in captures if o.mandatory]
        if len(mandatory) <= 1 and len(rest) >= OPTIONAL_MIN_FREE:
            for objective in (o for o in captures if not o.mandatory):
                rest = self._assign_optional(view, objective, rest)
        if captures:
            area = captures[0].tiles
            inside = [c.pos for c in view.contacts if c.pos in area]
            targets = inside or sorted(area)
        elif exits:
            targets = sorted(exits[0].tiles)
        else:
            targets = hold_tiles or [c.pos for c in view.contacts]
        for unit in rest:
            self.roles[unit.id] = "assault"
            self.goals[unit.id] = targets
        for unit in own:
            if self.roles[unit.id] in ("atgm", "jammer", "engineer", "sniper"):
                self.goals[unit.id] = hold_tiles or targets
        assault = sorted(uid for uid, role in self.roles.items() if role == "assault")
        self.bounding = {
            uid for i, uid in enumerate(assault) if i % 2 == state.turn % 2 or len(assault) == 1
        }
        self._screen_posts(view, hold_tiles or targets)

    def _search_tiles(
        self, view: SideView, objective: Objective, seen: np.ndarray | None
    ) -> list[TilePos]:
        """A hold area's tiles to search: enemies last seen inside, else the tiles of it no
        own unit sees now (a hidden enemy there would keep it from being held)."""
        inside = sorted(c.pos for c in view.contacts if c.pos in objective.tiles)
        if inside or seen is None or view.state.objective_progress.get(objective.object_id, 0):
            return inside  # a hold counting up (public) has no enemy hidden inside
        enterable = terrain_enterable(view.state, MoveClass.FOOT)
        return [p for p in sorted(objective.tiles) if not seen[p.y, p.x] and enterable[p.y, p.x]]

    def _assign_optional(
        self, view: SideView, objective: Objective, rest: list[UnitState]
    ) -> list[UnitState]:
        """Send the units nearest an optional capture area when it is close to them and
        lightly held as far as the side knows; return the units still free."""
        if len(rest) < OPTIONAL_MIN_FREE:
            return rest
        tiles = sorted(objective.tiles)
        inside = [c.pos for c in view.contacts if c.pos in objective.tiles]
        if len(inside) > OPTIONAL_DEFENDERS:
            return rest
        dist = self.field(view, MoveClass.FOOT, tiles, "plain", lambda: _zeros(view)).dist
        near = sorted(
            (u for u in rest if dist[u.pos.y, u.pos.x] <= OPTIONAL_RANGE),
            key=lambda u: (float(dist[u.pos.y, u.pos.x]), u.id),
        )[:OPTIONAL_GROUP]
        if len(near) < OPTIONAL_GROUP:
            return rest
        for unit in near:
            self.roles[unit.id] = "assault"
            self.goals[unit.id] = inside or tiles
        return [u for u in rest if u.id not in self.roles]

    def _assign_exit(
        self, view: SideView, objective: Objective, rest: list[UnitState], must_capture: bool
    ) -> list[UnitState]:
        """Send the units nearest an exit area when its turn has come (no mandatory capture
        left, or just enough turns left to get there); return the units still free."""
        state = view.state
        needed = objective.count - state.objective_progress.get(objective.object_id, 0)
        if needed <= 0 or not rest:
            return rest
        tiles = sorted(objective.tiles)
        turns: dict[str, float] = {}
        for unit in rest:
            move_class = state.unit_type(unit.id).move
            dist = self.field(view, move_class, tiles, "plain", lambda: _zeros(view)).dist
            turns[unit.id] = float(dist[unit.pos.y, unit.pos.x]) / max(1.0, unit.ap)
        chosen = sorted(rest, key=lambda u: (turns[u.id], u.id))[: needed + 1]
        slowest = max(turns[u.id] for u in chosen)
        left = state.turn_limit - state.turn + 1
        if must_capture and left > math.ceil(slowest) + EXIT_MARGIN:
            return rest
        for unit in chosen:
            self.roles[unit.id] = "exit"
            self.goals[unit.id] = tiles
        return [u for u in rest if u.id not in self.roles]

    # --- sniper screen ----------------------------------------------------------------------

    def _screen_posts(self, view: SideView, defended: list[TilePos]) -> None:
        """Pick for each screen unit (snipers first) the roof that watches most approach
        roads not yet watched; give up posts that no longer watch any or that the front
        has left behind."""
        state = view.state
        screen = sorted(
            (u for u in view.own if self.roles.get(u.id) in SCREEN_ROLES),
            key=lambda u: (SCREEN_ROLES.index(self.roles[u.id]), u.id),
        )
        occupied = view.known_occupied()
        if not screen or not defended:
            self.posts.clear()
            return
        approach = self._approach(view, defended)
        self.approach = approach
        near_front = route_field(state, MoveClass.FOOT, defended).dist
        watched = np.zeros(approach.shape, bool)
        for uid, post in list(self.posts.items()):
            unit = state.units[uid]
            seen = (
                self._watched(view, post, unit, approach)
                if unit.on_map and self.roles.get(uid) in SCREEN_ROLES
                else watched
            )
            if (
                not unit.on_map
                or self.roles.get(uid) not in SCREEN_ROLES
                or (post in occupied and post != unit.pos)
                or not building_tiles(state)[post.y, post.x]
                or not (seen & ~watched).any()
                or near_front[post.y, post.x] > POST_FRONT + REPOST_SLACK
            ):
                del self.posts[uid]
            else:
                watched |= seen
        missing = [u for u in screen if u.id not in self.posts]
        if not missing:
            return
        roofs = building_tiles(state) & (state.grid.height >= 2) & (near_front <= POST_FRONT)
        roofs &= view.fire_map() == 0  # not under known enemy fire
        near_roads = near_count(approach, 6)
        for unit in missing:
            walk = route_field(state, MoveClass.FOOT, [unit.pos]).dist
            utype = state.ruleset.units[unit.type_id]
            limit = POST_REACH_TURNS * utype.ap
            ok = roofs & (walk <= limit)
            for post in self.posts.values():
                ok[post.y, post.x] = False
            for pos in occupied - {unit.pos}:
                ok[pos.y, pos.x] = False
            ys, xs = np.nonzero(ok)
            if len(xs) == 0:
                continue
            order = np.lexsort((walk[ys, xs], -near_roads[ys, xs]))[:SCREEN_CANDIDATES]
            posts = [TilePos(int(xs[i]), int(ys[i])) for i in order]
            seen_from = self._watched_many(view, posts, unit, approach)
            best: tuple[int, float, TilePos] | None = None
            for post, seen in zip(posts, seen_from, strict=True):
                # the farther out a watched road tile, the earlier the warning: weigh each
                # by its drive to the defended ground
                early = float(self.approach_dist[seen & ~watched].sum())
                key = (round(early), -float(walk[post.y, post.x]), post)
                if best is None or key[:2] > best[:2]:
                    best = key
            if best is None or best[0] == 0:
                continue
            self.posts[unit.id] = best[2]
            watched |= self._watched(view, best[2], unit, approach)

    def _approach(self, view: SideView, defended: list[TilePos]) -> np.ndarray:
        """(H, W) bool: road tiles 2-40 wheeled AP from the defended ground, on the enemy's
        side of the own units (the roads a car bomb would come by)."""
        state = view.state
        roads = road_mask(state)
        approach_field = route_field(state, MoveClass.WHEELED, defended).dist
        self.approach_dist = approach_field
        approach = roads & (approach_field >= 2.0) & (approach_field <= 40.0)
        enemy_side = [c.pos for c in view.contacts] + self._objective_tiles(
            view, (ObjectiveKind.CAPTURE, ObjectiveKind.DESTROY)
        )
        if enemy_side and view.own:  # the roads on the enemy's side, not those behind
            toward = route_field(state, MoveClass.WHEELED, enemy_side).dist
            rear = route_field(state, MoveClass.WHEELED, [u.pos for u in view.own]).dist
            approach &= toward < rear + 4.0
        return approach

    def _sector(self, view: SideView, unit: UnitState) -> Sector | None:
        """The covered arc over the approach road tiles a screen unit sees from where it
        stands, within its longest weapon's reach (None: it sees none)."""
        state = view.state
        if self.approach.shape != state.grid.gid.shape:
            return None
        reach = max((w.range for w in state.unit_type(unit.id).weapons), default=0)
        seen = self._watched(view, unit.pos, unit, self.approach)
        ys, xs = np.nonzero(seen)
        far = np.hypot(xs - unit.pos.x, ys - unit.pos.y)
        keep = (far <= reach) & (far > 0)
        if not keep.any():
            return None
        return screen_sector(
            unit.pos, xs[keep], ys[keep], state.grid.width, state.grid.height_tiles
        )

    def _watched_many(
        self, view: SideView, posts: list[TilePos], unit: UnitState, approach: np.ndarray
    ) -> list[np.ndarray]:
        """(H, W) bool per post: approach road tiles a unit standing there would see."""
        state = view.state
        sight = state.ruleset.units[unit.type_id].sight
        out = []
        for x0, y0, vis in sight_windows(state, posts, sight, view.ws):
            seen = np.zeros(approach.shape, bool)
            h, w = vis.shape
            seen[y0 : y0 + h, x0 : x0 + w] = vis >= SCREEN_VISIBILITY
            out.append(seen & approach)
        return out

    def _watched(
        self, view: SideView, post: TilePos, unit: UnitState, approach: np.ndarray
    ) -> np.ndarray:
        """(H, W) bool: approach road tiles a unit on `post` would see."""
        return self._watched_many(view, [post], unit, approach)[0]

    # --- berms ------------------------------------------------------------------------------

    def _berm_site(self, view: SideView) -> TilePos | None:
        """A road tile on a car bomb's way to the defended ground, at berm range from it."""
        state = view.state
        dozers = [u for u in view.own if u.actions.get("build_berm", 0) != 0]
        bombs = [c for c in view.contacts if _is_car_bomb(view, c) and not c.stopped]
        defended = self._objective_tiles(view, (ObjectiveKind.HOLD,)) or [
            u.pos for u in view.own if self.roles.get(u.id) == "hold"
        ]
        if not defended and bombs:  # nothing held: cover the assault from the known car bomb
            defended = [u.pos for u in view.own if self.roles.get(u.id) == "assault"]
        if not dozers or not defended or berm_gid(state) is None:
            return None
        dist = route_field(state, MoveClass.WHEELED, defended)
        ground = np.isin(state.grid.terrain, state.ruleset.terrain_indices("berm_ground"))
        lo, hi = BERM_RANGE
        ok = ground & (dist.dist >= lo) & (dist.dist <= hi) & road_mask(state)
        for pos in view.known_occupied():
            ok[pos.y, pos.x] = False
        for pos, n in state.civilians.items():
            if n:
                ok[pos.y, pos.x] = False
        at = dozers[0].pos
        if bombs:
            for bomb in bombs:
                move_class = state.ruleset.units[bomb.type_id].move
                path = follow(state, bomb.pos, move_class, dist, math.inf, occupied=set())
                on_route = [p for p in path if ok[p.y, p.x]]
                if on_route:
                    return min(
                        on_route,
                        key=lambda p: (combat.distance(p, at), -float(dist.dist[p.y, p.x])),
                    )
        # no car bomb known: the narrowest road entry nearest the enemy's ground
        enemy = [c.pos for c in view.contacts] or self._objective_tiles(
            view, (ObjectiveKind.CAPTURE, ObjectiveKind.DESTROY)
        )
        if not enemy:
            return None
        wheeled = terrain_enterable(state, MoveClass.WHEELED)
        width = near_count(wheeled, 1)
        from_enemy = route_field(state, MoveClass.WHEELED, enemy).dist
        ys, xs = np.nonzero(ok & (width <= 6))
        if len(xs) == 0:
            return None
        i = int(np.argmin(from_enemy[ys, xs] + 0.3 * np.hypot(xs - at.x, ys - at.y)))
        return TilePos(int(xs[i]), int(ys[i]))

    def _engineer(self, view: SideView, unit: UnitState) -> Command | None:
        site = self.berm
        if site is None or unit.actions.get("build_berm", 0) == 0:
            return None
        if max(abs(site.x - unit.pos.x), abs(site.y - unit.pos.y)) == 1:
            self.berm = None
            return BuildBerm(unit.id, site)
        if unit.moved_this_phase:
            return None
        around = [
            TilePos(site.x + dx, site.y + dy)
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            if (dx or dy) and view.state.grid.in_bounds(site.x + dx, site.y + dy)
        ]
        field = self.field(view, view.state.unit_type(unit.id).move, around)
        move = self.move_along(view, unit, field, unit.ap)
        if isinstance(move, Move) and self._toward_bomb(view, unit.pos, move.dest):
            return None  # its berm can wait: no dozer drives up to a live car bomb
        return move

    # --- decisions ------------------------------------------------------------------------

    def _priority(self, view: SideView) -> Callable[[UnitState], float]:
        state = view.state

        def weight(target: UnitState) -> float:
            utype = state.ruleset.units[target.type_id]
            if "detonate" in utype.actions:
                return 0.0 if target.driver_killed else 6.0  # a stopped car bomb is let be
            value = 1.0
            if self.level.focus_fire:
                value *= 1.0 + (utype.hp - target.hp) / max(1, utype.hp)
            if utype.has_role("priority_target"):
                value *= 1.5
            return value

        return weight

    def _fire(self, view: SideView, unit: UnitState) -> Fire | None:
        """The best shot; a sniper or ATGM team keeps its car-bomb round (shot_reserve) for
        its overwatch unless the shot is at a car bomb."""
        if not view.spotted:
            return None
        shot = best_shot(view.state, unit, view.spotted_units(), self._priority(view))
        if shot is None or self.roles.get(unit.id) not in ANTI_BOMB_ROLES:
            return shot
        return self._keeping(view, unit, shot, self.shot_reserve(view, unit))

    def _keeping(self, view: SideView, unit: UnitState, shot: Fire, keep: float) -> Fire | None:
        """The shot, if it is at a car bomb or leaves `keep` AP; else None."""
        state = view.state
        cost = next(w.ap for w in state.unit_type(unit.id).weapons if w.id == shot.weapon)
        target = state.units.get(next((c.id for c in view.spotted if c.pos == shot.target), ""))
        bomb = target is not None and "detonate" in state.ruleset.units[target.type_id].actions
        return shot if bomb or unit.ap - cost >= keep else None

    def _screen_fire(self, view: SideView, unit: UnitState) -> Command | None:
        """A screen unit's shot; on its post it keeps SCREEN_RESERVE_SHOTS of its dearest
        weapon for car bombs (reaction fire in the enemy phase), elsewhere one."""
        shot = self._fire(view, unit)
        if shot is None or self.posts.get(unit.id) != unit.pos:
            return shot
        weapons = view.state.unit_type(unit.id).weapons
        return self._keeping(view, unit, shot, SCREEN_RESERVE_SHOTS * max(w.ap for w in weapons))

    def _fire_at_bombs(self, view: SideView, unit: UnitState) -> Command | None:
        """Alert: a shot at a driving car bomb, and nothing else."""
        bombs = [view.state.units[c.id] for c in self.alert if c.seen_now]
        if not bombs:
            return None
        return best_shot(view.state, unit, bombs, lambda _: 1.0)

    def _take_cover(self, view: SideView, unit: UnitState) -> Command | None:
        """Alert: a unit near a known car bomb (its blast radius + BLAST_MARGIN) leaves for
        cover out of the blast (out of the reach of its next drive if it can); one only in
        that reach steps into cover on its way, never back."""
        state = view.state
        blast = self._blast_zone(view)
        if not self.alert or not self.danger[unit.pos.y, unit.pos.x]:
            return None
        xs, ys, cost = reachable_arrays(state, unit, unit.ap - state.rules.overwatch_min_ap)
        safe = ~self.danger[ys, xs]
        clear = ~blast[ys, xs]
        roofs = building_tiles(state)[ys, xs]
        cover = state.grid.cover[ys, xs]
        values = 20.0 * clear + 10.0 * safe + 2.0 * roofs + 2.0 * cover - 0.1 * cost
        goals = self.goals.get(unit.id, [])
        if not blast[unit.pos.y, unit.pos.x]:
            if not goals:
                return None
            dist = self.field(view, state.unit_type(unit.id).move, goals).dist[ys, xs]
            on_way = 2.0 * roofs + 2.0 * cover - 0.1 * cost
            values = np.where(dist <= dist[0] + 1e-9, on_way, -np.inf)  # no step back
        i = int(np.argmax(values))
        if i == 0 or values[i] <= values[0] + 1.0:
            return None
        self.sheltered.add(unit.id)
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _bomb_post(self, view: SideView, unit: UnitState) -> Command | None:
        """Alert: a sniper or ATGM team without a shot at a seen car bomb moves, keeping the
        AP of a shot, to the tile outside its blast (+ margin) that sees it within its
        weapon's near reach with the best odds of stopping it this phase (less a little for
        a tile within the bomb's next drive and for each AP walked)."""
        state = view.state
        bombs = [c for c in self.alert if c.seen_now]
        if not bombs or unit.moved_this_phase:
            return None
        bomb = min(bombs, key=lambda c: combat.distance(c.pos, unit.pos))
        ready = [w for w in state.unit_type(unit.id).weapons if weapon_ready(unit, w)]
        if not ready:
            return None
        weapon = max(ready, key=lambda w: w.range)
        sight = state.ruleset.units[unit.type_id].sight
        xs, ys, cost = reachable_arrays(state, unit, unit.ap - weapon.ap)
        dist = np.hypot(xs - bomb.pos.x, ys - bomb.pos.y)
        ok = (dist <= weapon.range * BOMB_POST_REACH) & ~self._blast_zone(view)[ys, xs]
        risky = self.danger[ys, xs]
        order = np.lexsort((cost, ~ok))[:BOMB_POST_CANDIDATES]
        best: tuple[float, TilePos] | None = None
        for i in order:
            if not ok[i] or i == 0:
                continue
            tile = TilePos(int(xs[i]), int(ys[i]))
            vis = visibility_field_at(view, tile, bomb.pos, sight)
            if vis <= SCREEN_VISIBILITY:
                continue
            odds = vis * combat.range_factor(state.rules, float(dist[i]), weapon.range)
            shots = int((unit.ap - float(cost[i])) // weapon.ap)  # this phase, after the walk
            hit = odds * weapon.accuracy * state.rules.moved_factor
            chance = 1.0 - (1.0 - hit) ** shots
            value = chance - BOMB_POST_RISK * float(risky[i]) - BOMB_POST_WALK * float(cost[i])
            if best is None or value > best[0]:
                best = (value, tile)
        return None if best is None else Move(unit.id, best[1])

    def _tile_scores(self, view: SideView) -> np.ndarray:
        state = view.state
        score = 3.0 * state.grid.cover.astype(np.float64) + 1.0 * building_tiles(state)
        score -= 10.0 * hazard_mask(state) + 1e6 * self._blast_zone(view)
        return score - 0.5 * self.level.threat_weight * view.fire_map() - 4.0 * self.danger

    def shot_reserve(self, view: SideView, unit: UnitState) -> float:
        """AP to keep for a shot: a sniper or ATGM team keeps its car-bomb weapon's (a
        precision or anti-armour round) for its overwatch whether or not enemies are in view,
        so a car bomb that drives in meets that weapon, not a rifle; others as the base."""
        base = super().shot_reserve(view, unit)
        if self.roles.get(unit.id) not in ANTI_BOMB_ROLES:
            return base
        stoppers = [
            w.ap
            for w in view.state.unit_type(unit.id).weapons
            if (w.anti_armour or w.precision > 0) and weapon_ready(unit, w)
        ]
        return max(base, float(max(stoppers, default=0)))

    def _move(self, view: SideView, unit: UnitState) -> Command | None:
        state = view.state
        role = self.roles.get(unit.id, "assault")
        move_class = state.unit_type(unit.id).move
        if unit.id in self.sheltered:
            return None
        post = self.posts.get(unit.id)
        if role == "sniper" or (role in SCREEN_ROLES and post is not None):
            if post == unit.pos:
                return None
            shot = max((w.ap for w in state.unit_type(unit.id).weapons), default=0)
            if post is None:  # no roof watches the roads: follow the advance, from behind
                goals = self.goals.get(unit.id, [])
                if not goals or best_shot(state, unit, view.spotted_units(), self._priority(view)):
                    return None
                field = self.field(view, move_class, goals)
                if field.dist[unit.pos.y, unit.pos.x] <= SNIPER_STANDOFF:
                    return None
                return self.move_along(view, unit, field, unit.ap - shot)
            field = self.field(view, move_class, [post])
            return self.move_along(view, unit, field, unit.ap - shot)
        if role == "engineer":
            return None
        goals = self.goals.get(unit.id, [])
        if not goals:
            return None
        if role == "assault" and unit.id not in self.bounding:
            near = any(combat.distance(c.pos, unit.pos) <= BOUND_RANGE for c in view.contacts)
            if (
                near
                and best_shot(state, unit, view.spotted_units(), self._priority(view)) is not None
            ):
                return None  # the other half bounds; this one covers it (it has a shot)
        field = self.field(view, move_class, goals)
        here = float(field.dist[unit.pos.y, unit.pos.x])
        scores = self._tile_scores(view)
        if here <= 0.0 or (role == "hold" and unit.pos in field.goals):
            if role == "hold":
                inside = np.zeros(scores.shape, bool)
                for p in field.goals:
                    inside[p.y, p.x] = True
                return self._best_tile(view, unit, np.where(inside, scores, -1e9), 4.0)
            return None
        budget = unit.ap - self.shot_reserve(view, unit)
        if budget <= 0:
            return None
        move = self.move_along(view, unit, field, budget, stop_score=0.5 * scores)
        if isinstance(move, Move) and self._toward_bomb(view, unit.pos, move.dest):
            return None  # it waits until the car bomb is stopped (others shoot it)
        return move

    def _toward_bomb(self, view: SideView, start: TilePos, dest: TilePos) -> bool:
        """Whether a move ends within a known car bomb's blast (+ margin), or, from within
        an alert car bomb's reach, ends nearer it by road."""
        if self._blast_zone(view)[dest.y, dest.x]:
            return True
        if not self.danger[start.y, start.x]:
            return False
        drive = self.bomb_drive
        return bool(drive[dest.y, dest.x] < min(drive[start.y, start.x], DRIVE_CAP))

    def _best_tile(
        self, view: SideView, unit: UnitState, scores: np.ndarray, budget: float
    ) -> Command | None:
        xs, ys, cost = reachable_arrays(view.state, unit, min(budget, unit.ap))
        values = scores[ys, xs] - 0.05 * cost
        i = int(np.argmax(values))
        if i == 0 or values[i] <= values[0] + 0.25:
            return None
        return Move(unit.id, TilePos(int(xs[i]), int(ys[i])))

    def _overwatch(self, view: SideView, unit: UnitState) -> Command | None:
        state = view.state
        if not isinstance(Overwatch(unit.id).validate(state), Ok):
            return None
        role = self.roles.get(unit.id)
        if role == "assault" and unit.id in self.bounding and not view.contacts and not self.alert:
            return None  # nothing known ahead: keep moving next phase, no need to watch
        if role in SCREEN_ROLES and self.posts.get(unit.id) == unit.pos:
            sector = self._sector(view, unit)
            if sector is not None and isinstance(Overwatch(unit.id, sector).validate(state), Ok):
                return Overwatch(unit.id, sector)
        return Overwatch(unit.id)

    def steps(self, unit: UnitState) -> list[Step]:
        """Fire at a car bomb or the best target; take cover on alert; move; fire; watch."""
        role = self.roles.get(unit.id, "assault")
        if role == "engineer":
            return [(self._engineer, True)]  # armoured: its answer to an alert is the berm
        first: list[Step] = []
        if role in ANTI_BOMB_ROLES:
            first = [
                (self._fire_at_bombs, True),
                (self._bomb_post, False),
                (self._fire_at_bombs, True),
            ]
        if role == "sniper" or (role in SCREEN_ROLES and unit.id in self.posts):
            # to its post first (on alert: shoot first), then shoot, watch its sector
            fire: Step = (self._screen_fire, True)
            move: list[Step] = [*first, (self._move, False)]
            if self.posts.get(unit.id) in (None, unit.pos):
                move = [*first, fire, (self._move, False)]
            return [*move, fire, (self._overwatch, False)]
        # the same steps whether or not an alert is up (it may be raised mid-phase)
        cover: Step = (self._take_cover, False)
        shots: list[Step] = [(self._fire, True)]
        return [*first, cover, (self._move, False), *shots, (self._overwatch, False)]


def visibility_field_at(view: SideView, src: TilePos, dst: TilePos, sight: int) -> float:
    """Visibility of `dst` from a unit standing on `src` (for the ATGM's post)."""
    return float(visibility_between(view.state.grid, view.state.smoke, src, dst, sight))


def screen_sector(
    origin: TilePos, xs: np.ndarray, ys: np.ndarray, width: int, height: int
) -> Sector:
    """The narrowest sector from `origin` (SECTOR_SLACK degrees wider on each side) that
    covers the tiles (xs, ys); all round to the farthest one when its axis leaves the map."""
    dx, dy = xs - origin.x, ys - origin.y
    bearings = np.arctan2(dy, dx)
    axis = math.atan2(float(np.sin(bearings).sum()), float(np.cos(bearings).sum()))
    half = float(np.abs(np.remainder(bearings - axis + math.pi, math.tau) - math.pi).max())
    reach = float(np.hypot(dx, dy).max())
    toward = TilePos(
        origin.x + round(reach * math.cos(axis)), origin.y + round(reach * math.sin(axis))
    )
    inside = 0 <= toward.x < width and 0 <= toward.y < height and toward != origin
    tiles = [TilePos(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]
    if inside:
        sector = Sector(toward, min(360.0, round(math.degrees(2 * half) + 2 * SECTOR_SLACK, 1)))
        while sector.width < 360 and not all(sector.covers(origin, t) for t in tiles):
            sector = Sector(toward, min(360.0, sector.width + 5.0))  # rounding of `toward`
        if all(sector.covers(origin, t) for t in tiles):
            return sector
    farthest = int(np.argmax(np.hypot(dx, dy)))
    return Sector(tiles[farthest], 360.0)
