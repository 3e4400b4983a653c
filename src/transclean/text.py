"""Small text facts shared by the passes: what a word character is, case styles."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
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
    # U+0130 (İ) is the one character whose lower case is two characters long. Looking for
    # it first costs ~0.05 ms/MB; lowering the text a second time after finding it, 4 ms.
    low = (text.replace("\u0130", "I") if "\u0130" in text else text).lower()
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


# A DFA scans ~1.6-2x faster than the contiguous NFA (measured on news: 5.5 ms/MB less at
# 24k patterns and at 2.3k) but costs ~6 us a pattern more to build (150 vs 21 ms at 24k),
# and it is rebuilt whenever a cached or pickled Cleaner is loaded. So an automaton asked
# for a DFA scans with the NFA until the scanning the DFA would have saved equals its build
# cost (DFA_CHARS_PER_PATTERN characters per pattern: 26 MB at 24k patterns, 2.5 MB at
# 2.3k), then builds it: a run never pays more than twice the better of the two choices
# (the ski-rental rule), a short run (one CLI call on a line, a test) never builds it, and
# a long one pays once. Small automata (rule triggers) build their DFA at once.
DFA_CHARS_PER_PATTERN = 1_100
LAZY_DFA_PATTERNS = 2_000
_NFA = ahocorasick_rs.Implementation.ContiguousNFA


class Automaton:
    """An Aho-Corasick automaton over fixed patterns that can be pickled (rebuilt on load),
    so a compiled Cleaner can be cached on disk and sent to worker processes."""

    __slots__ = ("_automaton", "_dfa_after", "_scanned", "dfa", "patterns")

    def __init__(self, patterns: Sequence[str], *, dfa: bool = False) -> None:
        self.patterns = tuple(patterns)
        self.dfa = dfa
        lazy = len(self.patterns) >= LAZY_DFA_PATTERNS
        self._dfa_after = len(self.patterns) * DFA_CHARS_PER_PATTERN if lazy else 0
        self._scanned = 0
        # Built on first use: a loaded Cleaner holds automata that a shared scan makes idle.
        self._automaton: ahocorasick_rs.AhoCorasick | None = None

    def _build(
        self, implementation: ahocorasick_rs.Implementation | None
    ) -> ahocorasick_rs.AhoCorasick:
        return ahocorasick_rs.AhoCorasick(
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
        if self._automaton is None:
            first = None
            if self.dfa:
                done = self._scanned >= self._dfa_after
                first = ahocorasick_rs.Implementation.DFA if done else _NFA
            self._automaton = self._build(first)
        if self.dfa and self._scanned < self._dfa_after:
            self._scanned += len(haystack)
            if self._scanned >= self._dfa_after:
                self._automaton = self._build(ahocorasick_rs.Implementation.DFA)
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


def text_order(hit: tuple[int, int, int]) -> tuple[int, int, int]:
    """Sort key that puts (index, start, end) matches in text order: start, end, index."""
    return hit[1], hit[2], hit[0]


class WordBefore:
    """The word that ends right before a position (with spaces between), found by reading
    the text backwards: a pattern anchored at the position matches once, where a forward
    search for `...\\Z` tries every start in the window (0.8 against 3.5 µs a call).

    `backwards` is the pattern as it reads the reversed text; its group 1 is the word. With
    `edge`, it ends in a lookahead for what may not stand before the word, which must see
    the character before the window too: a word cut by the window's edge is no word.
    """

    __slots__ = ("_backwards", "_edge", "_reach")

    def __init__(self, backwards: Any, *, edge: bool, reach: int = 40) -> None:
        self._backwards = backwards
        self._edge = edge
        self._reach = reach

    def find(self, text: str, pos: int) -> tuple[int, int] | None:
        """(start, end) of the word before `pos`, no further back than `reach` characters."""
        low = max(0, pos - self._reach)
        first = low - 1 if self._edge and low > 0 else low
        match = self._backwards.match(text[first:pos][::-1])
        if match is None:
            return None
        start = pos - match.end(1)
        return (start, pos - match.start(1)) if start >= low else None


_LINE_WORD = re.compile(r"[^\W\d_]{2,}")
_DATELINE_FOLLOWER = (",", "(", "\u2014", "\u2013", "-", ":")


def set_in_capitals(text: str, start: int, end: int, names: Spans | None = None) -> bool:
    """Does the layout put the name at [start, end) in capitals, so capitals are correct?

    True in a capitals headline (most neighbouring words on the line, or the word beside it,
    are in capitals), on a line of its own (a heading), in a dateline (KYIV, March 3
    (Reuters) -), in a photo credit (GENYA SAVILOV/AFP), and where a longer word nearby is
    in capitals too (nobody LISTENS to lectures in MOSCOW: emphasis). False mid-sentence in
    ordinary text, where a name in capitals is translation damage (SYRSKYI said) and takes
    its usual spelling. Only words outside `names` (the spans of the names found)
    count as neighbours: a pass changes the case of names, and its decision must not depend
    on what it changes, or cleaning twice would differ from cleaning once.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    if text[start - 1 : start] == "/" or text[end : end + 1] == "/":
        return True
    low, high = max(line_start, start - 60), min(line_end, end + 60)
    left = [m.group() for m in _LINE_WORD.finditer(text, low, start) if not _named(names, m)]
    right = [m.group() for m in _LINE_WORD.finditer(text, end, high) if not _named(names, m)]
    words = left + right
    if not words:
        return True
    if sum(word.isupper() for word in words) * 5 >= len(words) * 3:
        return True
    if (left and left[-1].isupper()) or (right and right[0].isupper()):
        return True  # one of a run of words in capitals (KYIV UNDER FIRE after a sentence)
    if any(len(word) >= 5 and word.isupper() for word in words):
        return True  # capitals for emphasis; short ones (NATO, US) are acronyms
    lead = text[line_start:start]
    return not any(ch.islower() for ch in lead) and text[end:line_end].lstrip().startswith(
        _DATELINE_FOLLOWER
    )


def _named(names: Spans | None, word: re.Match[str]) -> bool:
    return names is not None and names.overlaps(word.start(), word.end())


class Spans:
    """Sorted, merged spans of a text, with an overlap test by binary search (a text can
    hold thousands of names)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Does [start, end) overlap any span?"""
        i = bisect_right(self._starts, start) - 1
        if i >= 0 and self._ends[i] > start:
            return True
        return i + 1 < len(self._starts) and self._starts[i + 1] < end

    def __contains__(self, span: object) -> bool:
        """Is `span` exactly one of the merged spans?"""
        if not isinstance(span, tuple) or len(span) != 2:
            return False
        i = bisect_right(self._starts, span[0]) - 1
        return i >= 0 and (self._starts[i], self._ends[i]) == span


_NAME_PARTS = re.compile(r"[\s\-\u2011]+")


def broken_case(name: str) -> bool:
    """A word of `name` in neither Title, UPPER nor lower case: KyIw, kRAMATORSK, KrYvYi Rih
    (not Rostov-on-Don or Adam delimchanov: each of their words has a case of its own)."""
    return any(
        not (part.istitle() or part.isupper() or part.islower()) for part in _NAME_PARTS.split(name)
    )
