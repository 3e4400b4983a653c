"""The optional C loops (`_capwords.c`, `_doubled.c`, `_wordkeys.c`), or None for each one
that is not here.

A wheel built without a C compiler has none of them, and TRANSCLEAN_PURE_PYTHON=1 turns them
off; their callers then use the regexes and the automaton they stand in for, with the same
results.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

CapitalisedWords = Callable[[str, bytes], "tuple[list[str], list[int]] | None"]
DoubledLowerWords = Callable[[str], list[int]]
FindWordKeys = Callable[
    [str, bytes, tuple[str, ...], bytes, int, bytes], "list[tuple[int, int, int]] | None"
]
BuildWordKeys = Callable[[tuple[str, ...], int], bytes]


def pure_python_asked() -> bool:
    """TRANSCLEAN_PURE_PYTHON=1: neither build nor use the C loops."""
    return os.environ.get("TRANSCLEAN_PURE_PYTHON") == "1"


def _load(module: str, function: str) -> Any:
    """transclean.<module>.<function>, or None when it is not built or not wanted."""
    if pure_python_asked():
        return None
    try:
        return getattr(importlib.import_module(f"transclean.{module}"), function)
    except ImportError:
        return None


capitalised_words: CapitalisedWords | None = _load("_capwords", "capitalised_words")
doubled_lower_words: DoubledLowerWords | None = _load("_doubled", "doubled_lower_words")
find_word_keys: FindWordKeys | None = _load("_wordkeys", "find")
build_word_keys: BuildWordKeys | None = _load("_wordkeys", "build")
