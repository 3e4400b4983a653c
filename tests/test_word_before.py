"""WordBefore reads backwards what a forward search for `...\\Z` finds: same word, same span."""

from __future__ import annotations

import re

import regex
from hypothesis import given
from hypothesis import strategies as st

from transclean.passes import fuzzy, names, surnames
from transclean.text import WordBefore

# Each pass's word-before pattern as it read forwards before it was reversed.
FORWARD = [
    (fuzzy._PREV_WORD, regex.compile(r"(?<![\w])([\p{L}\p{M}]+)[ \t]+\Z")),
    (surnames._PREV_WORD, regex.compile(r"(?<![\w'’-])([\p{L}\p{M}]+)[ \t]+\Z")),
    (names._PREV_WORD, re.compile(r"([^\W\d_][\w'’-]*)\.?[ \t]+\Z")),
]

PIECES = st.sampled_from(
    ["a", "Z", "ж", "Ї", "é", "e\u0301", "\u0301", "7", "_", "'", "’", "-", ".", " ", "  ", "\t",
     "\n", ",", "Sergei", "Olexisiy", "Dr.", "anti-Kyiv", "D'Artagnan", "x" * 45, "y" * 39,
     "Ж" * 40]
)  # fmt: skip


def forward(pattern: re.Pattern[str], text: str, pos: int) -> tuple[int, int] | None:
    m = pattern.search(text, max(0, pos - 40), pos)
    return None if m is None else (m.start(1), m.end(1))


@given(st.lists(PIECES, max_size=20), st.data())
def test_backwards_equals_forwards(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    for backwards, pattern in FORWARD:
        assert backwards.find(text, pos) == forward(pattern, text, pos)


def test_examples() -> None:
    finder = fuzzy._PREV_WORD
    text = "met Dmyl Krasylnykov"
    assert finder.find(text, text.index("Krasylnykov")) == (4, 8)
    assert finder.find("x1 Kyiv", 3) is None  # a digit before: not a letters-only word
    assert finder.find("Kyiv", 0) is None
    # A word the 40-character window cuts is no word; one that fits it is.
    long_word = "a" * 45 + " Kyiv"
    assert finder.find(long_word, len(long_word) - 4) is None
    assert WordBefore(finder._backwards, edge=True, reach=50).find(long_word, 46) == (0, 45)
    assert names._PREV_WORD.find("Prof. Nikolayev", 6) == (0, 4)
