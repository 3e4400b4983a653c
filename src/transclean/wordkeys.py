"""Where fixed keys stand in a text as whole words: the names pass's scan.

An Aho-Corasick automaton finds every match, inside longer words too, and its scan slows as
it grows: its states stop fitting in the caches (measured: 9.5 ms/MB at 1.6k names, 21 at
62k). A name is wanted only as whole words, so the C loop in `_wordkeys.c` hashes the text
word by word and looks a slice up only where a bit filter says some key starts so: ~4.5
ms/MB whatever the number of keys. It finds the matches that start and end at word
boundaries of the text it reads. The automaton stays the fallback (no C compiler,
TRANSCLEAN_PURE_PYTHON=1, a key that starts with a non-word character, a text beyond the
BMP); it finds those matches and more, and the caller keeps the whole-word ones either
way. A property test holds the two equal.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from transclean import compiled as compiled_loops
from transclean.text import Automaton, is_word_char, lower_same_length

_FIND = compiled_loops.find_word_keys
_BUILD = compiled_loops.build_word_keys
_BMP = 0x10000
_NOT_ALNUM = re.compile(r"\W")
# The one character that str.lower() folds by its context (a word's final capital sigma
# becomes ς, any other σ): a text that holds it is folded by `lower_same_length` itself.
_CAPITAL_SIGMA = "\u03a3"
_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"  # the loop's own order


def compiled() -> bool:
    """Is the C loop in use?"""
    return _FIND is not None


@cache
def word_table() -> bytes:
    """For each BMP character, 1 if `transclean.text.is_word_char` says it continues a word."""
    is_word = is_word_char.__wrapped__  # not through its cache: 65k one-off calls
    return bytes(map(is_word, map(chr, range(_BMP))))


@cache
def fold_table() -> bytes:
    """For each BMP character, the one `lower_same_length` makes of it, as the C loop's
    native 16-bit units: what it reads a text through instead of a folded copy."""
    plane = lower_same_length(_plane())  # one character each, in place
    sigma = ord(_CAPITAL_SIGMA)
    return _units(plane[:sigma] + lower_same_length(_CAPITAL_SIGMA) + plane[sigma + 1 :])


@cache
def identity_table() -> bytes:
    """The fold table that reads a text as it is (each character its own fold)."""
    return _units(_plane())


def _plane() -> str:
    return "".join(map(chr, range(_BMP)))


def _units(plane: str) -> bytes:
    return plane.encode(_UTF16, "surrogatepass")  # BMP: one 16-bit unit a character


def key_prefixes(keys: Iterable[str]) -> tuple[str, ...]:
    """The prefixes of keys that end before one of the key's non-word characters ("kryvyi" of
    "kryvyi rih", "berezan" of "berezan'"): where the scan must read on past a word."""
    found: dict[str, None] = {}
    for key in keys:
        if key.isalnum():
            continue  # one word: the key is its only prefix that ends a word
        # Every character that is not a word character is a \W of `re` (which is
        # alphanumerics and '_'); the marks among those continue a word all the same.
        for cut in _NOT_ALNUM.finditer(key):
            if cut.start() and not is_word_char(cut.group()):
                found[key[: cut.start()]] = None
    return tuple(found)


class _KeyTable:
    """What the C loop reads: the keys and their prefixes, the table made from them, which
    characters continue a word, and how each character folds."""

    __slots__ = ("folds", "strings", "table", "words")

    def __init__(self, strings: tuple[str, ...], table: bytes, words: bytes, folds: bytes) -> None:
        self.strings = strings
        self.table = table
        self.words = words
        self.folds = folds

    @classmethod
    def build(cls, keys: tuple[str, ...], prefixes: tuple[str, ...]) -> _KeyTable:
        assert _BUILD is not None
        strings = keys + prefixes
        return cls(strings, _BUILD(strings, len(keys)), word_table(), fold_table())


class WordKeys:
    """Fixed keys, found where they stand as whole words of the text they are looked for in,
    or of its case fold (the names pass gives case-folded keys)."""

    __slots__ = ("_automaton", "_longest", "_prefixes", "_table", "keys")

    def __init__(
        self,
        keys: Sequence[str],
        *,
        dfa: bool = False,
        prefixes: Sequence[str] | None = None,
        longest: int | None = None,
        table: _KeyTable | None = None,
    ) -> None:
        self.keys = tuple(keys)
        # Found once, when the lexicon is compiled (and cached with it): ~25 ms at 60k keys.
        self._prefixes = key_prefixes(self.keys) if prefixes is None else tuple(prefixes)
        # The loop starts reading at word starts only, so a key that starts with a non-word
        # character (none in the shipped lexicon: a user's "(Kiev)") leaves the work to the
        # automaton: the longest key is then 0, which the loop is never given.
        if longest is None:
            usable = all(key and is_word_char(key[0]) for key in self.keys)
            longest = max(map(len, self.keys), default=0) if usable else 0
        self._longest = longest
        # The fallback; it builds itself on its first scan (transclean.text.Automaton), which
        # costs ~25 ms at 24k keys: a text the loop reads never builds it.
        self._automaton = Automaton(self.keys, dfa=dfa)
        # Made with the keys (~5 ms at 60k keys, and ~7 ms for the word table once per
        # process) and cached with them, so even a one-line text is read by the loop.
        if table is None and _FIND is not None and _BUILD is not None and longest:
            table = _KeyTable.build(self.keys, self._prefixes)
        self._table = table

    def __reduce__(self) -> tuple[Callable[..., WordKeys], tuple[Any, ...]]:
        """Pickled as what the compiled lexicon found (keys, prefixes, the longest key that
        the loop may read) and the loop's tables, which load as fast as bytes do."""
        table = self._table
        state = None if table is None else (table.table, table.words, table.folds)
        return (_rebuild, (self.keys, self._automaton.dfa, self._prefixes, self._longest, state))

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(key index, start, end) for the keys in `text`: every one that stands as whole
        words (no word character either side), perhaps with others that do not."""
        found = self._by_loop(text, folded=False)
        return self._automaton.find_all(text) if found is None else found

    def find_folded(self, text: str) -> list[tuple[int, int, int]]:
        """`find(lower_same_length(text))`, the loop reading each character as its fold
        where it can: no folded copy of the text is made (~3.5 ms/MB)."""
        found = None if _CAPITAL_SIGMA in text else self._by_loop(text, folded=True)
        return self.find(lower_same_length(text)) if found is None else found

    def _by_loop(self, text: str, *, folded: bool) -> list[tuple[int, int, int]] | None:
        """The whole-word matches by the C loop, in `text` or in its fold, or None where it
        does not do the work."""
        table = self._table
        if _FIND is None or table is None:
            return None
        folds = table.folds if folded else identity_table()
        return _FIND(text, table.table, table.strings, table.words, self._longest, folds)


def _rebuild(
    keys: tuple[str, ...],
    dfa: bool,
    prefixes: tuple[str, ...],
    longest: int,
    state: tuple[bytes, bytes, bytes] | None,
) -> WordKeys:
    # A table made where the loop was built is of no use where it is not (the pure-Python
    # switch): then there is none.
    table = None
    if state is not None and _FIND is not None:
        table = _KeyTable(keys + prefixes, *state)
    return WordKeys(keys, dfa=dfa, prefixes=prefixes, longest=longest, table=table)
