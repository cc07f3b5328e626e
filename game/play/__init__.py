"""Headless play: matches of players stepping a battle, simulate, balance, campaigns."""
