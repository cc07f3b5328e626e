"""The rules' compiled loops (numba: sight, spotting, move ranges), prepared before play.

The first run on a machine compiles them (a few seconds) and caches the machine code on disk
beside the modules (or in NUMBA_CACHE_DIR); later runs load it in a fraction of a second.
The client shows a note while this happens, and `bench` reports it as `jit_warmup_s`.
"""

from __future__ import annotations

import time

from game.sim import route_kernels, sight_kernels


def prepare() -> float:
    """Compile or load every compiled loop now; the seconds it took."""
    start = time.perf_counter()
    sight_kernels.warm_up()
    route_kernels.warm_up()
    return time.perf_counter() - start
