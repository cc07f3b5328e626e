"""Rules of the battle as functions of the state: movement, sight, combat, turns, objectives."""
