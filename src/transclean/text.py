"""Small text facts shared by the passes: what a word character is, case styles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import ahocorasick_rs

_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=4096)
def is_word_char(ch: str) -> bool:
    """Letters and digits of any script, '_' and combining marks continue a word."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is whole words: no word character touches either side."""
    if start > 0 and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end]))


# Marks that text uses for an apostrophe, or for the soft sign in transliteration (ʹ):
# matching treats them all as "'", so Khar'kov, Khar’kov and Kharʹkov are one spelling.
APOSTROPHES = "’ʼʹ`′‘"


def same_apostrophes(text: str) -> str:
    """Every apostrophe-like mark as "'" (same length; case kept)."""
    for mark in APOSTROPHES:  # str.replace is C-fast; str.translate runs at ~15 MB/s
        if mark in text:
            text = text.replace(mark, "'")
    return text


def fold(text: str) -> str:
    """The one folding used for lexicon keys and guard lists (matches `lower_same_length`)."""
    return same_apostrophes(text.lower())


def lower_same_length(text: str) -> str:
    """`fold(text)` with offsets kept: characters whose lower case is longer stay as they are."""
    low = text.lower()
    if len(low) != len(text):
        # U+0130 (İ) is the one character whose lower case is two characters long.
        low = text.replace("\u0130", "I").lower()
        if len(low) != len(text):
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return same_apostrophes(low)


def title_words(text: str) -> str:
    """Capitalise each word's first letter, leaving the rest alone (kyiv oblast -> Kyiv Oblast)."""
    out = []
    start = True
    for ch in text:
        out.append(ch.upper() if start and ch.isalpha() else ch)
        start = ch in " -\u2011"
    return "".join(out)


class Automaton:
    """An Aho-Corasick automaton over fixed patterns that can be pickled (rebuilt on load),
    so a compiled Cleaner can be cached on disk and sent to worker processes."""

    __slots__ = ("_automaton", "dfa", "patterns")

    def __init__(self, patterns: Sequence[str], *, dfa: bool = False) -> None:
        self.patterns = tuple(patterns)
        self.dfa = dfa
        # The DFA form scans ~1.5x faster for more build time and memory (benchmarks/).
        implementation = ahocorasick_rs.Implementation.DFA if dfa else None
        self._automaton = ahocorasick_rs.AhoCorasick(
            list(self.patterns) or ["\x00"],
            matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=implementation,
        )

    def __reduce__(self) -> tuple[Callable[[tuple[str, ...], bool], Automaton], tuple[Any, ...]]:
        return (_rebuild_automaton, (self.patterns, self.dfa))

    def find_all(self, haystack: str) -> list[tuple[int, int, int]]:
        """Every (pattern, start, end) match, overlapping ones included.

        The automaton cannot encode lone surrogates (undecodable input bytes kept by
        `surrogateescape`), so those are masked with a same-length placeholder first.
        """
        if not self.patterns:
            return []
        try:
            return self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        except UnicodeEncodeError:
            masked = _SURROGATE.sub("\ufffd", haystack)
            return self._automaton.find_matches_as_indexes(masked, overlapping=True)


def _rebuild_automaton(patterns: tuple[str, ...], dfa: bool) -> Automaton:
    return Automaton(patterns, dfa=dfa)


def find_all(automaton: Automaton, haystack: str) -> list[tuple[int, int, int]]:
    """Every (pattern, start, end) match of `automaton` in `haystack`, overlapping included."""
    return automaton.find_all(haystack)


def find_words(text: str, words: Sequence[str]) -> list[tuple[int, int, int]]:
    """Whole-word occurrences of `words` (exact case) in `text`: (word index, start, end),
    in text order."""
    if not words:
        return []
    automaton = Automaton(words)
    hits = [(i, s, e) for i, s, e in automaton.find_all(text) if bounded(text, s, e)]
    return sorted(hits, key=lambda hit: (hit[1], hit[2], hit[0]))
