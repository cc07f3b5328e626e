"""The `ai_turn_ms` bench figure: one AI phase of 40 units on the generated 128x128 city.

Each side gets 40 units (ISIL: fighters, snipers, RPG and drone teams, car bombs on roads;
the coalition: infantry, CTS, snipers, vehicles, ATGM and jammer teams, a bulldozer) facing
each other across the middle of the map, with objectives in the north. A fresh AI plays a
whole phase on a copy of the battle; only the time spent deciding (`next_command`) counts,
not the rules applying the commands. Medians over a few repeats.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from game.core.values import MoveClass, Side, TilePos

if TYPE_CHECKING:
    from game.ai.tactics import PhasePlayer
    from game.battle.state import BattleState
    from game.bench.context import BenchContext

UNITS_PER_SIDE = 40
AI_REPEATS = 5  # whole phases are long: a few repeats give a stable median
ISIL_MIX = (
    ("isil_fighters", 24),
    ("isil_sniper", 4),
    ("rpg_team", 4),
    ("drone_team", 3),
    ("vbied", 5),
)
COALITION_MIX = (
    ("infantry", 12),
    ("cts", 10),
    ("sniper", 4),
    ("humvee", 4),
    ("fedpol_vehicle", 3),
    ("atgm", 4),
    ("jammer", 2),
    ("bulldozer", 1),
)


def bench_battle(ctx: BenchContext) -> BattleState:
    """A 128x128 city battle with 40 units a side, ISIL to move."""
    from game.battle.setup import AiRole, Objective, ObjectiveKind, UnitPlacement
    from game.battle.state import PHASE_OVER
    from game.mapmaking.city_generator import (
        generate_layout,
        layout_gids,
        read_catalogue,
        tile_table,
    )
    from game.scenario.model import Scenario
    from game.sim.turns import new_battle

    size = ctx.grid.width
    catalogue = read_catalogue()
    layout = generate_layout(size, size, ctx.seed)
    gids = layout_gids(layout, catalogue)
    tiles = tile_table(catalogue, ctx.ruleset)
    grid = tiles.grid(gids)
    rng = np.random.default_rng(ctx.seed)
    placements: list[UnitPlacement] = []
    taken: set[TilePos] = set()

    def place(side: Side, mix: tuple[tuple[str, int], ...], rows: slice) -> None:
        for type_id, count in mix:
            utype = ctx.ruleset.units[type_id]
            ok = np.isfinite(grid.move_cost(utype.move))
            if utype.move is not MoveClass.FOOT:
                ok &= np.isfinite(grid.move_cost(MoveClass.WHEELED))
            band = np.zeros_like(ok)
            band[rows, :] = True
            ys, xs = np.nonzero(ok & band)
            for i in rng.permutation(len(xs)):
                if count == 0:
                    break
                pos = TilePos(int(xs[i]), int(ys[i]))
                if pos in taken:
                    continue
                taken.add(pos)
                count -= 1
                role = AiRole.VBIED_STRIKE if type_id == "vbied" else AiRole.DEFAULT
                if type_id == "isil_fighters" and len(placements) % 3 == 0:
                    role = AiRole.HOLD
                placements.append(
                    UnitPlacement(len(placements) + 1, "", type_id, side, pos, ai_role=role)
                )

    place(Side.ISIL, ISIL_MIX, slice(size // 4, size // 2))
    place(Side.COALITION, COALITION_MIX, slice(size // 2, size // 2 + size // 5))
    north = frozenset(TilePos(x, y) for x in range(size // 3, 2 * size // 3) for y in range(8, 24))
    middle = frozenset(
        TilePos(x, y) for x in range(size // 2 - 3, size // 2 + 3) for y in range(60, 66)
    )
    objectives = [
        Objective(1001, "Clear the north", ObjectiveKind.CAPTURE, Side.COALITION, north, 100, True),
        Objective(1002, "Hold the middle", ObjectiveKind.HOLD, Side.COALITION, middle, 50, True, 3),
    ]
    scenario = Scenario(
        path=Path("bench-city.tmx"),
        file_hash=f"bench-{ctx.seed}",
        title="Bench city",
        briefing="",
        date="2016-11-19",
        player_side=Side.COALITION,
        turn_limit=20,
        wind_direction=315.0,
        wind_strength=1.0,
        width=size,
        height=size,
        tile_size=32,
        tilesets=[],
        layers=[],
        tiles=tiles,
        grid=grid,
        kind_gid={},
        units=placements,
        objectives=objectives,
        events=[],
    )
    state = new_battle(scenario, ctx.ruleset, ctx.seed)
    state.smoke[:] = ctx.smoke
    from game.commands import EndTurn, execute

    execute(state, EndTurn(Side.COALITION))
    assert state.phase != PHASE_OVER
    return state


def phase_ms(state: BattleState, player: PhasePlayer) -> float:
    """Milliseconds the player spends deciding one whole phase (played on a copy, through the
    one Match loop; only the player's deciding is timed)."""
    from game.commands import EndTurn
    from game.play.match import Match, StateBattle

    battle = state.clone()
    side = battle.side_to_move
    assert side is not None
    match = Match(StateBattle(battle), {side: player})
    spent = 0.0
    while not battle.over and battle.side_to_move is side:
        start = time.perf_counter()
        command = match.next_command()
        spent += time.perf_counter() - start
        if isinstance(command, EndTurn):
            break
        match.apply(command)
    return spent * 1000.0


def bench_ai(ctx: BenchContext) -> dict[str, float]:
    """ai_turn_ms: the ISIL AI's phase (standard, hard, veteran) with 40 units on 128x128."""
    from game.ai.coalition import CoalitionAI
    from game.ai.isil import IsilAI
    from game.ai.veteran import VeteranAI

    state = bench_battle(ctx)
    repeats = max(1, min(ctx.repeats, AI_REPEATS))
    standard = [phase_ms(state, IsilAI(Side.ISIL, "standard")) for _ in range(repeats)]
    hard = [phase_ms(state, IsilAI(Side.ISIL, "hard")) for _ in range(repeats)]
    veteran = [phase_ms(state, VeteranAI(Side.ISIL, "veteran")) for _ in range(repeats)]
    coalition_state = state.clone()
    from game.commands import EndTurn, execute

    execute(coalition_state, EndTurn(Side.ISIL))
    coalition = [phase_ms(coalition_state, CoalitionAI(Side.COALITION)) for _ in range(repeats)]
    return {
        "ai_turn_ms": round(statistics.median(standard), 2),
        "ai_turn_hard_ms": round(statistics.median(hard), 2),
        "ai_turn_veteran_ms": round(statistics.median(veteran), 2),
        "ai_turn_coalition_ms": round(statistics.median(coalition), 2),
    }
