"""Static rules loaded from data files: terrain kinds, weapons and unit types."""
