"""Invariants of cleaning, stated as hypothesis properties over news-like and arbitrary text."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from transclean import Result, default_cleaner
from transclean.edits import apply_edits

_CLEANER = default_cleaner()
_VARIANTS = sorted({form for t in _CLEANER.index.targets.values() for form in t.forms})
_CANONICAL = sorted({e.canonical for e in _CLEANER.lexicon.entities})
_WORDS = [
    "the",
    "said",
    "in",
    "near",
    "of",
    "and",
    "General",
    "President",
    "offensive",
    "Monday",
    "shelling",
    "Oblast",
    "region",
    "forces",
    "a",
    "candle",
    "Kiel",
]
_LITERALS = {w for e in _CLEANER.lexicon.entities for w in e.literal}
_PUNCT = [" ", " ", " ", ", ", ". ", "'s ", "-", "\n", "\r\n", "\t", "’s ", "«", "»", "(", ")"]


def _styled(word: str, style: int) -> str:
    return [word, word.upper(), word.lower(), word.title()][style]


@st.composite
def news_like(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        source = draw(st.sampled_from(["variant", "canonical", "word", "word"]))
        pool = {"variant": _VARIANTS, "canonical": _CANONICAL, "word": _WORDS}[source]
        parts.append(_styled(draw(st.sampled_from(pool)), draw(st.integers(0, 3))))
        parts.append(draw(st.sampled_from(_PUNCT)))
    return "".join(parts)


any_text = st.one_of(news_like(), st.text(max_size=200))


def _check_result(text: str, result: Result) -> None:
    assert result.input == text
    for edit in result.edits:
        assert text[edit.start : edit.end] == edit.before
        assert edit.before != edit.after
    assert all(a.end <= b.start for a, b in pairwise(result.edits))
    assert apply_edits(text, result.edits) == result.text
    previous = 0
    for offset in range(len(text) + 1):
        mapped = result.input_to_output(offset)
        assert previous <= mapped <= len(result.text)
        previous = mapped
    for edit in result.edits:  # edit boundaries map back exactly
        # A deletion leaves one output offset for both its ends: it maps back to the end.
        start = result.output_to_input(result.input_to_output(edit.start))
        assert start == edit.start or (edit.after == "" and start == edit.end)
        assert result.output_to_input(result.input_to_output(edit.end)) == edit.end
    if not result.edits:
        assert result.text == text


@given(any_text)
def test_edits_replay_and_offsets_map_back(text: str) -> None:
    _check_result(text, _CLEANER.clean(text))


@given(any_text)
def test_idempotent(text: str) -> None:
    once = _CLEANER.clean(text).text
    assert _CLEANER.clean(once).text == once


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F, blacklist_categories=("Lu", "Ll")),
            st.sampled_from("—–«»“”‘’…•€£°±§¶†‡\u00a0\u2009\u200b😀🇺🇦١٢٣"),
        ),
        max_size=300,
    )
)
def test_text_without_letters_is_unchanged(text: str) -> None:
    # Symbols outside this alphabet can be mojibake (×˜ is a Hebrew letter read as
    # cp1252), which the script pass rightly repairs.
    result = _CLEANER.clean(text)
    assert result.text == text and not result.edits


@given(st.lists(any_text, max_size=8))
def test_clean_many_equals_one_by_one(texts: list[str]) -> None:
    assert [r.text for r in _CLEANER.clean_many(texts)] == [_CLEANER.clean(t).text for t in texts]


@given(news_like())
def test_canonical_only_text_is_unchanged(text: str) -> None:
    # Rebuild the same shape from canonical names and ordinary words only (not a person's
    # surname translated as a word: "General candle" is a repair, General Svichka).
    words = [w for w in text.split() if w in _CANONICAL or (w in _WORDS and w not in _LITERALS)]
    # A word twice in a row is a doubled word, which the repeats pass rightly collapses.
    words = [w for i, w in enumerate(words) if i == 0 or w.lower() != words[i - 1].lower()]
    sentence = " ".join(words)
    result = _CLEANER.clean(sentence)
    assert result.text == sentence, result.edits
