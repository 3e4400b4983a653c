"""WordSet answers membership as the frozenset it replaces would, before and after pickling."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from transclean.wordset import _MEMO_LIMIT as MEMO_LIMIT
from transclean.wordset import WordSet

words = st.text(min_size=0, max_size=12)


@given(st.frozensets(words, max_size=60), st.lists(words, max_size=30))
def test_membership_is_the_frozensets(members: frozenset[str], others: list[str]) -> None:
    wordset = WordSet(members)
    loaded = pickle.loads(pickle.dumps(wordset))
    for word in [*members, *others]:
        assert (word in wordset) == (word in members)
        assert (word in loaded) == (word in members)
    assert len(wordset) == len(loaded) == len(members)


def test_real_vocabulary_and_near_misses() -> None:
    vocabulary = ["kyiv", "kharkiv", "zaporizhzhia", "syrskyi", "ohne", "straße", "київ"]
    wordset = WordSet(vocabulary)
    assert all(word in wordset for word in vocabulary)
    for near in ["kyi", "kyivv", "Kyiv", "kharkov", "strasse", "киев", "", "ky iv"]:
        assert near not in wordset


def test_lone_surrogates_and_non_strings() -> None:
    """Undecodable input bytes reach the passes as lone surrogates; they are plain words."""
    wordset = WordSet(["ab\udcffc"])
    assert "ab\udcffc" in wordset
    assert "ab\udcfec" not in wordset
    assert 3 not in wordset
    assert None not in wordset


def test_memo_is_bounded_and_answers_stay_right() -> None:
    wordset = WordSet(["kept"])
    for i in range(MEMO_LIMIT + 10):
        assert f"w{i}" not in wordset
    assert len(wordset._seen) <= MEMO_LIMIT
    assert "kept" in wordset
    assert "kept" in wordset  # answered from the memo the second time


def test_pickle_is_compact() -> None:
    """The point of the class: a 320k-word vocabulary pickles to 8 bytes a word."""
    members = [f"word{i}" for i in range(10_000)]
    assert len(pickle.dumps(WordSet(members))) < 8 * len(members) + 200
