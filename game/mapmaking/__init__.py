"""Tools that build the shipped maps and the Tiled project file."""
