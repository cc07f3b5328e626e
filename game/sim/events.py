"""Event values: what a command did (moved, fired, hit, destroyed, ...) for the client and log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """One thing that happened: a kind (e.g. "hit") and JSON-safe details."""

    kind: str
    text: str  # a one-line description for the message log
    data: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict."""
        return {"kind": self.kind, "text": self.text, "data": self.data}
