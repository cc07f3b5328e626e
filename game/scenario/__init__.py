"""Scenarios: reading Tiled maps safely, validating them, and turning them into battle data."""
