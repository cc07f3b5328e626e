"""The battle: the setup it starts from and its mutable state."""
