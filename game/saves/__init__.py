"""Save games: versioned JSON files written atomically, read back with clear messages."""
