"""The one configuration object: everything that decides what a Cleaner does."""

from __future__ import annotations

from dataclasses import dataclass

# Fuzzy repairs scoring below this are suggested, not applied: one edit in a word of four
# letters or more, two in nine or more, three in fourteen (see passes.fuzzy.similarity).
DEFAULT_MIN_SCORE = 0.8


@dataclass(frozen=True)
class Options:
    """Hashable and picklable, so a Cleaner can be rebuilt from it in another process."""

    lexicons: tuple[str, ...] = ()  # extra lexicon files or folders
    rules: tuple[str, ...] = ()  # extra artefact-rule files or folders
    builtin: bool = True  # load the built-in lexicon
    passes: tuple[str, ...] = ()  # the enabled passes in order; empty means all
    min_score: float = DEFAULT_MIN_SCORE
    # Also collapse doubled function words (the the, of of). Off by default: real English
    # prose has such typing slips, and they are not translation damage.
    typos: bool = False
