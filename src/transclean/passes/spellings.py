"""The lexicon's single-word spellings, and which of them lie near a word (OSA distance).

Damage rarely reaches the first letter, and a spelling more than `reach` letters longer or
shorter than a word is more than `reach` edits from it, so a word is compared with the
spellings of its first letter and length band only. That is still a few hundred spellings
with a large lexicon (~40k spellings: ~85 µs a word), so the words a text brings for the
first time are compared all at once: rapidfuzz's `cdist` compares many words with many
spellings ~6x faster a pair than one `extract` call a word. Both ways give the same
spellings in the same order (a property test holds them equal).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from types import ModuleType
from typing import Any

Near = list[tuple[str, int]]  # (spelling, distance), nearest first, then in band order

# Fewer comparisons than this are made one word at a time: `cdist` saves ~50 ns a pair but
# needs numpy (~50 ms to import, once), which a one-line text or a small lexicon (~60
# spellings a band) should not pay for.
BATCH_PAIRS = 200_000
# Below this many spellings (the shipped lexicon has ~7k) a text's new words never add up
# to BATCH_PAIRS comparisons, and listing them ahead costs ~1.5 ms/MB for nothing.
BATCH_SPELLINGS = 10_000
_ROWS = 64  # words a `cdist` call compares at most (its matrix: ~1 MB)
_WIDEST = 2  # lengths by which the shortest reaches of a call's words may differ


@cache
def _rapidfuzz() -> tuple[ModuleType, Callable[..., Any]]:
    """rapidfuzz's `process` and its OSA distance, imported on first use: a start-up never
    compares two words (~17 ms). (An import statement in each caller cost ~0.3 µs a call.)"""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return process, OSA.distance


def osa_distance(word: str, other: str) -> int:
    """Edits from one word to the other, a swap of neighbours counting as one."""
    return int(_rapidfuzz()[1](word, other))


class Spellings:
    """Spellings banded by first letter, each band in (length, spelling) order."""

    __slots__ = ("_bands", "_count", "_lengths")

    def __init__(self, spellings: Iterable[str]) -> None:
        self._bands: dict[str, list[str]] = {}
        ordered = sorted(set(spellings), key=lambda s: (len(s), s))
        for spelling in ordered:
            self._bands.setdefault(spelling[0], []).append(spelling)
        self._lengths = {first: [len(s) for s in band] for first, band in self._bands.items()}
        self._count = len(ordered)

    @property
    def batches(self) -> bool:
        """Are a text's new words worth listing ahead, to be compared in batches?"""
        return self._count >= BATCH_SPELLINGS

    def _span(self, first: str, shortest: int, longest: int) -> tuple[int, int]:
        """The slice of the band of `first` whose spellings are shortest..longest long."""
        lengths = self._lengths.get(first, [])
        return bisect_left(lengths, shortest), bisect_right(lengths, longest)

    def near(self, word: str, reach: int) -> Near:
        """The spellings at most `reach` edits from `word` (which is not empty)."""
        low, high = self._span(word[0], len(word) - reach, len(word) + reach)
        if low == high:
            return []
        band = self._bands[word[0]]
        process, osa = _rapidfuzz()
        # `extract` orders by distance, then by position in the choices.
        found = process.extract(word, band[low:high], scorer=osa, score_cutoff=reach, limit=None)
        return [(spelling, int(distance)) for spelling, distance, _ in found]

    def near_many(self, words: Sequence[tuple[str, int]]) -> list[Near]:
        """`near(word, reach)` for each (word, reach), compared in batches where that pays."""
        pairs = 0
        for word, reach in words:
            low, high = self._span(word[0], len(word) - reach, len(word) + reach)
            pairs += high - low
        if pairs < BATCH_PAIRS:
            return [self.near(word, reach) for word, reach in words]
        return self.batched(words)

    def batched(self, words: Sequence[tuple[str, int]], rows_at_most: int = _ROWS) -> list[Near]:
        """`near(word, reach)` for each (word, reach), compared with `cdist`: the words of a
        first letter, by length, at most `rows_at_most` a call, each call with the spellings
        of the lengths its words reach."""
        import numpy as np

        process, osa = _rapidfuzz()

        out: list[Near] = [[] for _ in words]
        by_first: dict[str, list[int]] = {}
        for i, (word, _) in enumerate(words):
            by_first.setdefault(word[0], []).append(i)
        for first, group in by_first.items():
            band = self._bands.get(first)
            if band is None:
                continue
            group.sort(key=lambda i: len(words[i][0]))
            for rows in _runs(group, words, rows_at_most):
                low, high = self._span(
                    first,
                    min(len(words[i][0]) - words[i][1] for i in rows),
                    max(len(words[i][0]) + words[i][1] for i in rows),
                )
                if low == high:
                    continue
                reaches = np.array([words[i][1] for i in rows])
                distances = process.cdist(
                    [words[i][0] for i in rows],
                    band[low:high],
                    scorer=osa,
                    score_cutoff=int(reaches.max()),
                    dtype=np.int32,
                )
                # Within its reach is within its length band too (a distance is at least
                # the difference in length). Nearest first, then in band order.
                row, column = np.nonzero(distances <= reaches[:, None])
                distance = distances[row, column]
                order = np.lexsort((column, distance, row))
                for r, c, d in zip(row[order], column[order], distance[order], strict=True):
                    out[rows[r]].append((band[low + int(c)], int(d)))
        return out


def _runs(
    group: list[int], words: Sequence[tuple[str, int]], rows_at_most: int
) -> Iterable[list[int]]:
    """The words of `group` (sorted by length) cut into runs whose length bands overlap
    mostly, so that a call compares few words with spellings out of their reach."""
    run: list[int] = []
    shortest = 0
    for i in group:
        word, reach = words[i]
        if run and (len(run) >= rows_at_most or len(word) - reach > shortest + _WIDEST):
            yield run
            run = []
        if not run:
            shortest = len(word) - reach
        run.append(i)
    if run:
        yield run
