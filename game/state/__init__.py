"""The mutable battle state: per-tile numpy layers, units, sides, counters."""
