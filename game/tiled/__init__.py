"""Safe reading and writing of Tiled TMX/TSX files; no game rules."""
