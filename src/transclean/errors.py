"""Errors that transclean raises on purpose, each naming where the problem is."""

from __future__ import annotations

from dataclasses import dataclass


class TranscleanError(Exception):
    """Base class: every error the library raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in a data file: which file, which entry, which field, what is wrong."""

    path: str
    entry: str | None
    field: str | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.path
        if self.entry is not None:
            where += f": entry {self.entry!r}"
        if self.field is not None:
            where += f": field {self.field!r}"
        return f"{where}: {self.severity}: {self.message}"


class LexiconError(TranscleanError):
    """A lexicon, scheme or rule file is malformed or contradicts itself.

    Carries every problem found, so a user can fix a file in one round.
    """

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[LexiconError], tuple[list[Problem]]]:
        """Pickles with its problems (a worker process sends it to its parent)."""
        return (type(self), (self.problems,))

    @classmethod
    def at(cls, path: str, entry: str | None, field: str | None, message: str) -> LexiconError:
        return cls(Problem(str(path), entry, field, message))
