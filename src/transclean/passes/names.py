"""The names pass: exact variant spellings become canonical, whole words only.

One Aho-Corasick automaton holds every variant and every protected phrase (case-folded),
so a text costs one C-level scan plus Python work proportional to the hits. All matches
are collected, filtered (word boundaries, case style, protection, context), and only then
is the leftmost-longest set chosen: choosing first would let a longer match that fails a
check hide a shorter one that passes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from transclean.edits import Edit
from transclean.lexicon.index import ROLE_NAME, ROLE_SURNAME, Target, VariantIndex
from transclean.text import (
    Automaton,
    bounded,
    find_all,
    fold,
    lower_same_length,
    same_apostrophes,
    title_words,
)

NAME = "names"
_URLISH = re.compile(r"://|www\.|[@#]|\.(?:com|org|net|ua|ru|html?|php)\b", re.IGNORECASE)
# Identifiers and codes: KIEV-2022-0042, file_Kiev_2, 12/Kiev (not a wire slug: UPDATE 2-KIEV)
_CODE_AFTER = re.compile(r"[-_/]\d")
_CODE_BEFORE = re.compile(r"\d[_/]\Z")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*)\.?[ \t]+\Z")


class NamesPass:
    """Replace exact variants of known names with their canonical spelling."""

    name = NAME

    def __init__(self, index: VariantIndex) -> None:
        keys = sorted(index.targets) + sorted(index.protected - index.targets.keys())
        self._targets: list[Target | None] = [index.targets.get(k) for k in keys]
        self._surfaces: list[frozenset[str]] = [
            frozenset(same_apostrophes(f) for f in t.forms | {title_words(f) for f in t.forms})
            if t
            else frozenset()
            for t in self._targets
        ]
        self._protected = [k in index.protected for k in keys]
        self._given_names = index.given_names
        # The DFA form scans 1.5x faster than the default for 0.1 s more build time and
        # ~30 MB at 17k spellings (measured; benchmarks/README.md).
        self._automaton = Automaton(keys, dfa=True) if keys else None

    def run(self, text: str) -> list[Edit]:
        if self._automaton is None:
            return []
        hits = find_all(self._automaton, lower_same_length(text))
        if not hits:
            return []
        shields: list[tuple[int, int]] = []
        candidates: list[tuple[int, int, str, Target]] = []
        for i, start, end in hits:
            if not bounded(text, start, end):
                continue
            if self._protected[i]:
                shields.append((start, end))
            target = self._targets[i]
            if target is None:
                continue
            after = self._replacement(text[start:end], i, target)
            if after is None or self._urlish(text, start, end):
                continue
            # After a given name a single word is a surname: Sergei Fedorov the hockey player,
            # Prince Georgy Lvov, the cosmonaut Andriyan Nikolayev.
            single = target.role in (ROLE_SURNAME, ROLE_NAME) and " " not in target.replacement
            if single and self._other_persons_given(text, start, target):
                continue
            candidates.append((start, end, after, target))
        if shields:
            covered = _merge(shields)
            starts = [s for s, _ in covered]
            candidates = [c for c in candidates if not _overlaps(covered, starts, c[0], c[1])]
        candidates.sort(key=lambda c: (c[0], -c[1]))
        edits: list[Edit] = []
        pos = 0
        for start, end, after, target in candidates:
            if start < pos:
                continue
            pos = end
            before = text[start:end]
            if after != before:
                edits.append(Edit(start, end, before, after, NAME, target.entity_id, target.reason))
        return edits

    def _replacement(self, surface: str, i: int, target: Target) -> str | None:
        """The canonical name in the surface's case style, or None for a style we do not touch."""
        if same_apostrophes(surface) in self._surfaces[i]:
            return target.replacement
        if surface.isupper() and sum(ch.isalpha() for ch in surface) > 1:
            return target.replacement.upper()
        return None  # lower case or mixed case: a URL slug, code, or a garble for the fuzzy pass

    @staticmethod
    def _urlish(text: str, start: int, end: int) -> bool:
        left = start
        while left > 0 and start - left < 256 and not text[left - 1].isspace():
            left -= 1
        right = end
        while right < len(text) and right - end < 256 and not text[right].isspace():
            right += 1
        if _URLISH.search(text, left, right) or _CODE_AFTER.match(text, end):
            return True
        return bool(_CODE_BEFORE.search(text, max(0, start - 2), start))

    def _other_persons_given(self, text: str, start: int, target: Target) -> bool:
        """A surname right after someone else's given name is that someone (Sergei Fedorov)."""
        match = _PREV_WORD.search(text, max(0, start - 40), start)
        if match is None:
            return False
        word = match.group(1)
        if not word[0].isupper():
            return False
        word = fold(word)
        return word in self._given_names and word not in target.own_given


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(covered: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Does [start, end) overlap any merged span? (binary search: texts have many shields)"""
    i = bisect_right(starts, start) - 1
    if i >= 0 and covered[i][1] > start:
        return True
    return i + 1 < len(covered) and covered[i + 1][0] < end
