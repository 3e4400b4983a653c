"""The shared scan: matches carried over edits are the matches a new scan would find, and a
Cleaner that shares the scan gives what running each pass on its own gives."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import cleaner, hostile_text, news_text

from transclean import Cleaner, scan
from transclean.edits import Edit, apply_edits
from transclean.passes.base import FindsStrings
from transclean.scan import SharedStrings
from transclean.text import Automaton, bounded, is_word_char

# Word characters, a mark, a non-word character and a space; the emoji makes a text UCS-4,
# which the word-by-word look-up leaves to its automaton.
ALPHABET = "ab c\u00e9\u0301-\U0001f600"
pieces = st.text(alphabet=ALPHABET, max_size=6)


def fresh(strings: SharedStrings, text: str, name: str) -> list[tuple[int, int, int]]:
    return strings.scan(text).of(name)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A text and sorted, non-overlapping edits on it: replacements, deletions, insertions."""
    text = draw(st.text(alphabet=ALPHABET, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        after = draw(pieces)
        if text[start:end] != after:
            edits.append(Edit(start, end, text[start:end], after, "test", "r", "why"))
    return text, edits


STRINGS_OF = st.dictionaries(
    st.sampled_from(["one", "two"]),
    st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), max_size=6),
    min_size=1,
)


@given(
    STRINGS_OF,
    st.lists(edited(), min_size=1, max_size=3),
    st.sets(st.integers(0, 5)),
    st.booleans(),
)
@example({"one": ["ab"]}, [("ab", []), ("ab", [Edit(2, 2, "", "a", "t", "r", "w")])], {0}, True)
@example({"one": ["ab"]}, [("cab", []), ("cab", [Edit(0, 1, "c", "", "t", "r", "w")])], {0}, True)
def test_matches_after_edits_are_a_new_scans(
    strings_of: dict[str, list[str]],
    rounds: list[tuple[str, list[Edit]]],
    whole: set[int],
    wordwise: bool,
) -> None:
    """Also with whole-word strings looked up word by word: an edit beside such a match
    (a letter written after `ab`, a letter before it deleted) decides whether it stands."""
    whole_words = {name: whole for name in strings_of}
    strings = SharedStrings(strings_of, whole_words, wordwise_at=0 if wordwise else 10**9)
    text = rounds[0][0]
    matches = strings.scan(text)
    for _, edits in rounds:
        # Each round's edits are redrawn on the current text's length.
        edits = [e for e in edits if e.end <= len(text)]
        edits = [Edit(e.start, e.end, text[e.start : e.end], e.after, "t", "r", "w") for e in edits]
        changed = apply_edits(text, edits)
        matches = matches.after(changed, edits)
        text = changed
        for name in strings_of:
            assert matches.of(name) == fresh(strings, text, name)


@given(STRINGS_OF, st.text(alphabet=ALPHABET, max_size=40), st.sets(st.integers(0, 5)))
def test_whole_word_strings_are_found_where_they_stand_as_whole_words(
    strings_of: dict[str, list[str]], text: str, whole: set[int]
) -> None:
    """Looked up word by word, a string that every pass wants as whole words is found where
    it stands so; every other string, everywhere; as each pass's own automaton finds them."""
    strings = SharedStrings(strings_of, {name: whole for name in strings_of}, wordwise_at=0)
    matches = strings.scan(text)
    for name, patterns in strings_of.items():
        mine = Automaton(patterns).find_all(text)
        wanted = [hit for hit in mine if _wanted(strings_of, whole, text, patterns[hit[0]], hit)]
        assert matches.of(name) == sorted(wanted, key=lambda hit: (hit[1], hit[2], hit[0]))


def _wanted(
    strings_of: dict[str, list[str]],
    whole: set[int],
    text: str,
    string: str,
    hit: tuple[int, int, int],
) -> bool:
    """Is this match of `string` one to find: a pass wants it everywhere, it does not start
    a word (so the automaton keeps it), or it stands as whole words?"""
    everywhere = any(
        other == string and j not in whole
        for others in strings_of.values()
        for j, other in enumerate(others)
    )
    return everywhere or not is_word_char(string[0]) or bounded(text, hit[1], hit[2])


def test_matches_after_a_known_case() -> None:
    strings = SharedStrings({"p": ["she", "her", "Kyiv"], "q": ["her", "Kyiv region"]})
    text = "Kiev said her Kiev region"
    edits = [
        Edit(0, 4, "Kiev", "Kyiv", "names", "x", "y"),
        Edit(14, 18, "Kiev", "Kyiv", "names", "x", "y"),
    ]
    changed = apply_edits(text, edits)
    matches = strings.scan(text).after(changed, edits)
    assert matches.of("p") == [(2, 0, 4), (1, 10, 13), (2, 14, 18)]
    assert matches.of("q") == [(0, 10, 13), (1, 14, 25)]
    assert matches.of("p") == fresh(strings, changed, "p")


def _one_by_one(text: str) -> str:
    """Every pass on its own scan, as before the scan was shared."""
    current = text
    built = cleaner()
    for step in built._passes:
        found = step.run(current)
        found = [e for e in found if e.score is None or e.score >= built.options.min_score]
        current = apply_edits(current, found)
    return current


def test_the_default_cleaner_shares_the_scan() -> None:
    built = cleaner()
    sharing = [p.name for p in built._passes if isinstance(p, FindsStrings)]
    assert sharing == ["surnames", "rules", "pronouns"]
    assert built._shared is not None


@given(st.one_of(news_text(), hostile_text()))
def test_shared_scan_cleans_as_each_pass_alone(text: str) -> None:
    assert cleaner().clean(text).text == _one_by_one(text)


@cache
def _looked_up_word_by_word() -> Cleaner:
    """The default cleaner, its whole-word strings looked up word by word as a large
    lexicon's are (the shipped one has too few)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan, "WORDWISE_STRINGS", 0)
        built = Cleaner(cache=False)
    assert built._shared is not None and built._shared.strings._words is not None
    return built


@given(st.one_of(news_text(), hostile_text()))
def test_whole_words_looked_up_word_by_word_clean_as_the_automaton_does(text: str) -> None:
    assert _looked_up_word_by_word().clean(text) == cleaner().clean(text)


def test_shared_scan_on_a_text_every_sharing_pass_edits() -> None:
    text = (
        "Ivan Frost met Olena Moroz in Kyiv. Ukraine said she will not yield, and "
        "the photo came through Getty Images. Ukraine and her allies met."
    )
    assert cleaner().clean(text).text == _one_by_one(text)
