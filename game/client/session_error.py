"""The error a battle or campaign session raises when it cannot be started or loaded."""


class SessionError(Exception):
    """A battle that cannot be started or loaded; the message is for the player."""
