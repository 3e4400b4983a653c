"""WordSet: a large fixed set of words that loads in a millisecond.

The passes keep vocabularies of up to 320k words (English words, names from elsewhere) only
to ask whether a word is in them. As frozensets they took ~65 ms to unpickle at every start
(string objects, hashing, inserting) and ~30 MB in every process. A WordSet keeps a sorted
array of 64-bit digests instead (2.6 MB, copied in one piece), and remembers the words it
was asked about, since a corpus asks about the same words again and again.

Membership is by digest (CRC-32 and Adler-32 of the UTF-8 bytes side by side: both C-fast,
and unrelated, so the pair does not collide where one would), and a word outside the set is
taken for a member only if its digest equals a member's. With ~50 bits of real spread in the
pair for words, that is about one chance in 10^9 per question against 320k words, and every
use is safe against it: a guard that vetoes an edit would veto one more.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any
from zlib import adler32, crc32

_MEMO_LIMIT = 100_000


def _digest(word: str) -> int:
    data = word.encode("utf-8", "surrogatepass")
    return (crc32(data) << 32) | adler32(data)


def _digests(words: Iterable[str]) -> list[int]:
    """Every word's digest, computed in C over the whole list (~0.2 s for 320k words)."""
    data = [word.encode("utf-8", "surrogatepass") for word in words]
    return [(c << 32) | a for c, a in zip(map(crc32, data), map(adler32, data), strict=True)]


class WordSet:
    """An immutable set of strings that answers `word in words` (and nothing else)."""

    __slots__ = ("_digests", "_seen")

    def __init__(self, words: Iterable[str] = ()) -> None:
        # A repeated digest (a word given twice) does no harm to a binary search.
        self._digests = array("Q", sorted(_digests(words)))
        self._seen: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        seen = self._seen.get(word)
        if seen is None:
            digest = _digest(word)
            at = bisect_left(self._digests, digest)
            seen = at < len(self._digests) and self._digests[at] == digest
            if len(self._seen) >= _MEMO_LIMIT:
                self._seen.clear()
            self._seen[word] = seen
        return seen

    def __len__(self) -> int:
        return len(self._digests)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_digests, (self._digests.tobytes(),))


def _from_digests(data: bytes) -> WordSet:
    words = WordSet.__new__(WordSet)
    words._digests = array("Q")
    words._digests.frombytes(data)
    words._seen = {}
    return words
