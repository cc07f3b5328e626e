"""Problems found in a scenario: one line each, saying where, what is wrong and how to fix it."""

from __future__ import annotations

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
        return f"{prefix}{text}: {self.message}" if text else f"{prefix}{self.message}"


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
