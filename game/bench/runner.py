"""`python main.py bench`: named performance measurements on one generated 128x128 city.

Each measurement is a function of a BenchContext returning a dict of named figures; add one by
writing a function and appending it to MEASUREMENTS. Times are medians over repeats; compare
ratios measured in the same run, never absolute times from different machines.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import TextIO

from game.bench.ai_turns import bench_ai
from game.bench.battles import BATTLE_MEASUREMENTS
from game.bench.context import BenchContext, build_context, interleaved_ms, tcod_side_fov
from game.bench.environment import ENVIRONMENT_MEASUREMENTS


def bench_fog(ctx: BenchContext) -> dict[str, float]:
    """Attenuated 2.5D fog of war for a side against tcod's boolean FOV for the same viewers."""
    from game.sim.fog import side_visibility
    from game.sim.line_of_sight import SightWorkspace

    ws = SightWorkspace()  # as a side's fog keeps one
    fog_ms, tcod_ms = interleaved_ms(
        [
            lambda: side_visibility(ctx.grid, ctx.smoke, ctx.viewers, ws=ws),
            lambda: tcod_side_fov(ctx.grid, ctx.viewers),
        ],
        ctx.repeats,
    )
    return {
        "fog_side_ms": round(fog_ms, 4),
        "tcod_fov_side_ms": round(tcod_ms, 4),
        "fog_vs_tcod": round(fog_ms / tcod_ms, 3),
    }


def bench_frame(ctx: BenchContext) -> dict[str, float]:
    """A 1280x720 battle frame (map, fog, smoke, 80 units, HUD), still and panning."""
    from game.bench.frames import frame_figures

    return frame_figures(ctx.ruleset, ctx.smoke, ctx.repeats, ctx.seed)


MEASUREMENTS: list[Callable[[BenchContext], dict[str, float]]] = [
    bench_fog,
    *ENVIRONMENT_MEASUREMENTS,
    bench_frame,
    bench_ai,
    *BATTLE_MEASUREMENTS,
]


def run_bench(repeats: int = 50, seed: int = 7) -> dict[str, float]:
    """Run every measurement on one context; the merged figures by name."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep --json output pure
    ctx = build_context(repeats, seed)
    figures: dict[str, float] = {}
    for measure in MEASUREMENTS:
        figures.update(measure(ctx))
    return figures


def print_bench(figures: dict[str, float], as_json: bool, out: TextIO | None = None) -> None:
    """Print the figures as JSON or as an aligned table (to stdout by default)."""
    out = sys.stdout if out is None else out
    if as_json:
        out.write(json.dumps(figures, indent=2) + "\n")
        return
    width = max((len(k) for k in figures), default=0)
    for name, value in figures.items():
        out.write(f"{name:<{width}}  {value:g}\n")
