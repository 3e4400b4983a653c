"""Cleaning many texts: in order, with bounded memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transclean.cleaner import Cleaner
    from transclean.edits import Result


def clean_many(cleaner: Cleaner, texts: Iterable[str], *, workers: int = 1) -> Iterator[Result]:
    """One text at a time in this process (the parallel path is still to come)."""
    del workers
    for text in texts:
        yield cleaner.clean(text)
