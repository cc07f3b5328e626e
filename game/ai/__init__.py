"""Computer players: they read one side's view of the battle and return commands."""
