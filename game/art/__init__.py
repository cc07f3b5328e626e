"""Tools that draw the tilesets and unit counters (pygame surfaces, PNG and .tsx files)."""
