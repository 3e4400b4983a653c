"""transclean: repair English text damaged by machine translation."""

from __future__ import annotations

from functools import lru_cache

from transclean.cleaner import Cleaner
from transclean.edits import Edit, Result
from transclean.errors import LexiconError, Problem, TranscleanError
from transclean.options import Options

__version__ = "0.1.0"


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The built-in lexicon with every pass, built on first use and shared."""
    return Cleaner()


def clean(text: str) -> str:
    """Clean one text with the built-in lexicon and every pass."""
    return default_cleaner().clean(text).text


__all__ = [
    "Cleaner",
    "Edit",
    "LexiconError",
    "Options",
    "Problem",
    "Result",
    "TranscleanError",
    "__version__",
    "clean",
    "default_cleaner",
]
