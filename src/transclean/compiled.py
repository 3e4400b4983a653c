"""The optional C loops (`_capwords.c`, `_doubled.c`), or None for each one that is not here.

A wheel built without a C compiler has neither, and TRANSCLEAN_PURE_PYTHON=1 turns them
off; their callers then use the regexes they stand in for, with the same results.
"""

from __future__ import annotations

import os
from collections.abc import Callable

CapitalisedWords = Callable[[str, bytes], "tuple[list[str], list[int]] | None"]
DoubledLowerWords = Callable[[str], list[int]]


def pure_python_asked() -> bool:
    """TRANSCLEAN_PURE_PYTHON=1: neither build nor use the C loops."""
    return os.environ.get("TRANSCLEAN_PURE_PYTHON") == "1"


def _capitalised_words() -> CapitalisedWords | None:
    if pure_python_asked():
        return None
    try:
        from transclean._capwords import capitalised_words
    except ImportError:
        return None
    return capitalised_words


def _doubled_lower_words() -> DoubledLowerWords | None:
    if pure_python_asked():
        return None
    try:
        from transclean._doubled import doubled_lower_words
    except ImportError:
        return None
    return doubled_lower_words


capitalised_words = _capitalised_words()
doubled_lower_words = _doubled_lower_words()
