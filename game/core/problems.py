"""Problems found in a scenario: one line each, saying where, what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from game.core.values import TilePos


@dataclass(frozen=True)
class Problem:
    """One problem (or, with `warning`, something valid but suspicious) in a map file."""

    file: str
    message: str
    layer: str = ""
    obj_name: str = ""
    obj_id: int | None = None
    tile: TilePos | None = None
    warning: bool = False
    fix: str = ""  # how to fix it; empty when the message says it after "; "

    def parts(self) -> tuple[str, str]:
        """(what is wrong, how to fix it): the explicit fix, or the message split at its
        first "; " (the messages say "what is wrong; do this")."""
        if self.fix:
            return self.message, self.fix
        what, _, fix = self.message.partition("; ")
        return what, fix

    def __str__(self) -> str:
        where: list[str] = []
        if self.layer:
            where.append(f"layer '{self.layer}'")
        if self.obj_id is not None or self.obj_name:
            label = f"object '{self.obj_name}'" if self.obj_name else "object"
            if self.obj_id is not None:
                label += f" (id {self.obj_id})"
            where.append(label)
        text = ", ".join(where)
        if self.tile is not None:
            text = f"{text} at tile {self.tile}" if text else f"at tile {self.tile}"
        prefix = f"{self.file}: " + ("warning: " if self.warning else "")
        message = f"{self.message}; {self.fix}" if self.fix else self.message
        return f"{prefix}{text}: {message}" if text else f"{prefix}{message}"


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """ "did you mean 'x'?" for the known name closest to a misspelled one, or ""."""
    names = list(known)
    folded = {name.casefold(): name for name in names}
    match = folded.get(value.strip().casefold())
    if match is None:
        close = difflib.get_close_matches(value, names, n=1, cutoff=cutoff)
        if not close:
            close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=cutoff)
            close = [folded[c] for c in close]
        match = close[0] if close else None
    return f"did you mean '{match}'?" if match is not None and match != value else ""


class ScenarioError(Exception):
    """A map could not be loaded; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class ProblemLog:
    """Collects problems for one file; `fatal` raises at once with everything so far."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def error(self, message: str, **where: object) -> None:
        """Record an error (the map will be refused)."""
        self.items.append(Problem(self.file, message, **where))  # type: ignore[arg-type]

    def warn(self, message: str, **where: object) -> None:
        """Record a warning (the map still loads)."""
        self.items.append(Problem(self.file, message, warning=True, **where))  # type: ignore[arg-type]

    def fatal(self, message: str, **where: object) -> ScenarioError:
        """Record an error and return the ScenarioError to raise (loading cannot go on)."""
        self.error(message, **where)
        return ScenarioError(self.items)

    @property
    def errors(self) -> list[Problem]:
        """The problems that refuse the map."""
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not."""
        return [p for p in self.items if p.warning]
