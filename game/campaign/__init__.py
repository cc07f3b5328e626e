"""Campaigns: the campaign file, progress, the roster carried between missions, validation."""
