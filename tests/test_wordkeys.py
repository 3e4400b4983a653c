"""The names pass's word-by-word look-up (`_wordkeys.c`) agrees with the automaton it
stands in for: the same whole-word matches, whatever the keys and the text."""

from __future__ import annotations

import pickle
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import COMBINING, LONE_SURROGATES

from transclean import Cleaner, wordkeys
from transclean.passes.names import NamesPass
from transclean.text import Automaton, bounded, is_word_char, lower_same_length
from transclean.wordkeys import WordKeys, key_prefixes

needs_c = pytest.mark.skipif(not wordkeys.compiled(), reason="the C loop is not built here")

# Keys and texts from a few letters and the characters where the loop turns: word ends
# inside a key (space, apostrophe, hyphen, comma), word characters that are not letters
# (digits, '_', a combining mark), a key that is a prefix of another, Cyrillic (UCS-2).
LETTERS = st.sampled_from(("a", "b", "ab", "ba", "я", "x\u0301", "7", "_"))
SEPARATORS = st.sampled_from((" ", "'", "-", ", ", ".", "'s"))
KEYS = st.lists(
    st.builds(
        lambda first, rest: first + "".join(sep + word for sep, word in rest),
        LETTERS,
        st.lists(st.tuples(SEPARATORS, LETTERS), max_size=2),
    ).map(lambda key: key + "'" if key.endswith("a'") else key),
    min_size=1,
    max_size=8,
    unique=True,
)
NOISE = st.one_of(
    LETTERS,
    SEPARATORS,
    st.sampled_from(("\n", "\t", "ʹ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", *COMBINING)),
    LONE_SURROGATES,
)


def expected(keys: tuple[str, ...], text: str) -> set[tuple[int, int, int]]:
    """The automaton's matches that stand as whole words: what the caller keeps."""
    return {hit for hit in Automaton(keys).find_all(text) if bounded(text, hit[1], hit[2])}


def found_by_loop(words: WordKeys, text: str) -> set[tuple[int, int, int]]:
    hits = words._by_loop(text, folded=False)
    assert hits is not None  # the loop read it, whatever its length
    assert all(bounded(text, start, end) for _, start, end in hits)
    assert sorted(hits, key=lambda hit: hit[1:]) == words.find(text)
    return set(hits)


@needs_c
@given(KEYS, st.lists(st.one_of(st.sampled_from(("a", "ab", "ba b", "ab'")), NOISE)))
@example(["kryvyi", "kryvyi rih", "berezan'", "x, y"], list("kryvyi rih berezan' x, y x,y"))
@example(["a", "a b", "a b c"], ["a b c", " ", "a b", "-", "a b cd", " ", "a", "_"])
@example(["я", "яa"], ["я", "яa", "яaa", " ", "я\u0301"])
def test_the_loop_finds_the_whole_word_matches_the_automaton_finds(
    keys: list[str], parts: list[str]
) -> None:
    text = " ".join(parts)
    words = WordKeys(keys)
    assert found_by_loop(words, text) == expected(words.keys, text)


@needs_c
@pytest.mark.parametrize(
    ("keys", "text", "hits"),
    [
        (["kyiv"], "kyiv kyivan xkyiv kyiv", {(0, 0, 4), (0, 18, 22)}),
        (["kryvyi", "kryvyi rih"], "kryvyi rih", {(0, 0, 6), (1, 0, 10)}),  # a key and more
        (["kryvyi rih"], "kryvyi rihx kryvyi  rih", set()),  # a word longer, two spaces
        (["berezan'"], "berezan' berezan'x berezan", {(0, 0, 8)}),  # ends in an apostrophe
        (["a, b"], "a, b a,b", {(0, 0, 4)}),  # two non-word characters in a row
        (["київ"], "київ, kyiv", {(0, 0, 4)}),  # a UCS-2 text
        (["kyiv"], "Kyiv", set()),  # no case folding here: the caller folds
        (["ab"], "a" * 50 + " ab", {(0, 51, 53)}),  # a word longer than any key
    ],
)
def test_examples(keys: list[str], text: str, hits: set[tuple[int, int, int]]) -> None:
    assert found_by_loop(WordKeys(keys), text) == hits


@needs_c
def test_a_text_beyond_the_bmp_goes_to_the_automaton() -> None:
    text = "kyiv 😀 " * 10
    assert {s for _, s, _ in WordKeys(["kyiv"]).find(text)} == set(range(0, len(text), 7))


@needs_c
def test_a_key_that_starts_with_a_non_word_character_leaves_it_to_the_automaton() -> None:
    words = WordKeys(["(kiev)", "kiev"])
    assert words._by_loop(" (kiev) kiev", folded=False) is None
    assert set(words.find(" (kiev) kiev")) >= {(0, 1, 7), (1, 8, 12)}


@needs_c
@pytest.mark.parametrize("text", ["kyiv", "kyiv київ"])  # the key's kind, and another kind
def test_a_hash_match_is_checked_against_the_characters(text: str) -> None:
    """Two strings with one 64-bit hash are not known, so the table is made for `kyiv` and
    read with `kyix` in its place: the hash matches the text, the characters do not."""
    from transclean._wordkeys import build, find

    table, classes, same = build(("kyiv",), 1), wordkeys.word_table(), wordkeys.identity_table()
    assert find(text, table, ("kyiv",), classes, 4, same) == [(0, 0, 4)]
    assert find(text, table, ("kyix",), classes, 4, same) == []


@needs_c
def test_a_bad_table_is_an_error() -> None:
    from transclean._wordkeys import build, find

    same = wordkeys.identity_table()
    with pytest.raises(ValueError, match="not a table"):
        find("kyiv", b"\x00" * 8, ("kyiv",), wordkeys.word_table(), 4, same)
    with pytest.raises(ValueError, match="65536 bytes"):
        find("kyiv", build(("kyiv",), 1), ("kyiv",), b"\x00", 4, same)
    with pytest.raises(ValueError, match="131072 bytes"):
        find("kyiv", build(("kyiv",), 1), ("kyiv",), wordkeys.word_table(), 4, b"\x00" * 8)
    with pytest.raises(ValueError, match="given twice"):
        build(("kyiv", "kyiv"), 2)
    with pytest.raises(ValueError, match="built from 1 strings, not 2"):
        find("kyiv", build(("kyiv",), 1), ("kyiv", "kyiv oblast"), wordkeys.word_table(), 4, same)


# Characters whose fold differs from them: capitals (one that folds to two characters,
# which `lower_same_length` keeps one), a capital sigma (folded by its context), and marks
# read as an apostrophe, two of which are letters that fold to a non-word character.
CAPITALS = st.sampled_from(
    ("A", "B", "AB", "Я", "X\u0301", "\u0130", "\u03a3", "’", "ʼ", "ʼAB", "ABʹ", "AʹB")
)


@needs_c
@given(KEYS, st.lists(st.one_of(CAPITALS, NOISE, st.sampled_from(("a", "ab", "ba b", "ab'")))))
@example(["ab'"], ["AB", "’", " ", "ab", "ʼ"])
@example(["ab", "b"], ["ʼab", "aʹb"])  # letters that fold to an apostrophe, before a word
@example(["a", "abc"], ["AʹB"])  # and after one: the word ends there
@example(["σa", "a"], ["\u03a3", "A", " ", "A", "\u03a3"])
@example(["i"], ["\u0130", " ", "I"])
def test_the_loop_reads_a_text_as_its_fold(keys: list[str], parts: list[str]) -> None:
    """Reading each character through the fold table finds what reading the folded copy
    of the text finds, in the same order."""
    text = " ".join(parts)
    words = WordKeys(keys)
    assert words.find_folded(text) == words.find(lower_same_length(text))


def test_the_fold_table_is_lower_same_length() -> None:
    table = wordkeys.fold_table()
    units = [int.from_bytes(table[2 * i : 2 * i + 2], sys.byteorder) for i in range(0x10000)]
    assert [i for i in range(0x10000) if units[i] != ord(lower_same_length(chr(i)))] == []


def test_the_word_table_is_is_word_char() -> None:
    table = wordkeys.word_table()
    assert len(table) == 0x10000
    assert [i for i in range(0x10000) if table[i] != is_word_char(chr(i))] == []


def test_prefixes_end_before_a_non_word_character_of_the_key() -> None:
    assert key_prefixes(["kryvyi rih", "berezan'", "ki\u0301ev", "a, b", "a b c"]) == (
        "kryvyi",
        "berezan",
        "a",
        "a,",
        "a b",
    )


def test_pickled_with_its_prefixes_and_tables() -> None:
    words = WordKeys(["kryvyi rih", "kyiv"], dfa=True)
    copy = pickle.loads(pickle.dumps(words))
    assert copy.keys == words.keys and copy._prefixes == ("kryvyi",)
    assert copy._automaton.dfa
    text = "in kyiv and kryvyi rih"
    assert copy.find(text) == words.find(text) == [(1, 3, 7), (0, 12, 22)]
    if wordkeys.compiled():  # the tables travel as made: no second build on load
        assert copy._table is not None and words._table is not None
        for part in ("table", "words", "folds"):
            assert getattr(copy._table, part) == getattr(words._table, part)
        assert copy._automaton._automaton is None  # the automaton was never needed


@needs_c
def test_a_table_pickled_where_the_loop_is_not_used_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = pickle.dumps(WordKeys(["kyiv"]))
    monkeypatch.setattr(wordkeys, "_FIND", None)
    copy = pickle.loads(data)
    assert copy._table is None and copy.find("in kyiv") == [(0, 3, 7)]


def test_the_names_pass_is_the_same_without_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    cleaner = Cleaner(passes=["names"], cache=False)
    names = cleaner._passes[0]
    assert isinstance(names, NamesPass)
    lines = [
        "Police in LUHANSK said Kiev and Kharkov, Kryvyi Rih and Bila Tserkva held.",
        "Chicken Kiev, Kievan Rus and kRAMATORSK; Zaporozhye oblast; Khar'kov, Kharʹkov.",
        "SHELLING IN DONETSK. Kiev-based file_Kiev_2 www.kiev.ua Sergei Fedorov scored.",
        "Київ and Kyjiw; Ms Lavrova and Lavrov met in Odessa, Berdiansk and Berdyans'k.",
    ]
    text = "\n".join(lines * 40)
    with_loop = names.run(text)
    monkeypatch.setattr(wordkeys, "_FIND", None)
    without = names.run(text)
    assert with_loop == without and len(with_loop) > 100
