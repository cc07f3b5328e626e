"""Bench figures of whole battles and compiled code: `battle_ms` (one seeded battle, AI
against AI, on Al-Qadisiyah) and `battle_per_fov` (battle_ms over tcod's side FOV in the same
run, a ratio that cancels the machine's speed), and `jit_warmup_s` (compiling the rules'
loops from an empty cache, in a fresh process) with `jit_cached_s` (loading them again)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from game.core.paths import MAPS_DIR

if TYPE_CHECKING:
    from game.bench.context import BenchContext

BATTLE_MAP = "qadisiyah.tmx"
BATTLE_SEED = 3  # a battle played to the turn limit (14 turns, about 450 commands)
BATTLE_REPEATS = 3  # a battle takes most of a second: a few give a stable median
WARM_UP = "import sys; from game.sim import compiled; sys.stdout.write(repr(compiled.prepare()))"


def bench_battle(ctx: BenchContext) -> dict[str, float]:
    """battle_ms: one full battle (the ISIL AI against the coalition AI) on Al-Qadisiyah,
    loading excluded; battle_per_fov: that over tcod's side FOV, timed around it."""
    from game.bench.context import median_ms, tcod_side_fov
    from game.play.simulate import simulate
    from game.rules.ruleset import load_ruleset
    from game.scenario.loader import load_scenario

    ruleset = load_ruleset()
    scenario = load_scenario(MAPS_DIR / BATTLE_MAP, ruleset)
    times = []
    for _ in range(max(1, min(ctx.repeats, BATTLE_REPEATS)) + 1):  # the first warms up
        start = time.perf_counter()
        simulate(scenario, ruleset, BATTLE_SEED)
        times.append(time.perf_counter() - start)
    battle_ms = statistics.median(times[1:]) * 1000.0
    fov_ms = median_ms(lambda: tcod_side_fov(ctx.grid, ctx.viewers), ctx.repeats)
    return {"battle_ms": round(battle_ms, 1), "battle_per_fov": round(battle_ms / fov_ms, 1)}


def _warm_up_seconds(cache_dir: str | None) -> float:
    """Seconds a fresh process takes to prepare the compiled loops (an empty cache folder:
    compiling them)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", WARM_UP], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip())


def bench_jit(ctx: BenchContext) -> dict[str, float]:
    """jit_warmup_s: compiling every compiled loop from an empty cache (a new machine's
    first start); jit_cached_s: the same from the cache just written (every later start)."""
    with tempfile.TemporaryDirectory(prefix="sbs-numba-") as cache:
        cold = _warm_up_seconds(cache)
        warm = _warm_up_seconds(cache)
    return {"jit_warmup_s": round(cold, 2), "jit_cached_s": round(warm, 3)}


BATTLE_MEASUREMENTS = [bench_battle, bench_jit]
