"""transclean: repair English text damaged by machine translation.

The names below load on first use (PEP 562), so `import transclean` is cheap and the
command line can install its interrupt handling before the heavy modules load.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transclean.cleaner import Cleaner
    from transclean.edits import Edit, Result
    from transclean.errors import LexiconError, Problem, TranscleanError
    from transclean.options import Options

__version__ = "0.1.0"

_LAZY = {
    "Cleaner": "transclean.cleaner",
    "Edit": "transclean.edits",
    "Result": "transclean.edits",
    "LexiconError": "transclean.errors",
    "Problem": "transclean.errors",
    "TranscleanError": "transclean.errors",
    "Options": "transclean.options",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'transclean' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The built-in lexicon with every pass, built on first use and shared."""
    from transclean.cleaner import Cleaner

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
