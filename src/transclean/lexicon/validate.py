"""`transclean lexicon validate`: every problem in user files, errors and warnings."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from transclean.errors import Problem
from transclean.lexicon.index import build_index
from transclean.lexicon.load import read_lexicon
from transclean.lexicon.model import Lexicon


@lru_cache(maxsize=1)
def _builtin_support() -> Lexicon:
    """The built-in lexicon, read once per process: its schemes and guards are lent to user
    files that bring none (reading it takes about a second)."""
    return read_lexicon(builtin=True)[0]


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Load `paths` on their own; borrow the built-in schemes and guards if they bring none."""
    lexicon, problems = read_lexicon(paths, builtin=False)
    if not lexicon.schemes or not lexicon.guards.english_words:
        support = _builtin_support()
        lexicon = dataclasses.replace(
            lexicon,
            schemes=lexicon.schemes or support.schemes,
            guards=lexicon.guards if lexicon.guards.english_words else support.guards,
        )
    if any(p.severity == "error" for p in problems):
        return problems
    index, errors = build_index(lexicon)
    return problems + errors + list(index.warnings)
