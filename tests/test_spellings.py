"""The fuzzy pass's search for spellings near a word: compared in batches (`cdist`) or one
word at a time (`extract`), the same spellings come back in the same order."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from transclean import Cleaner
from transclean.passes import spellings
from transclean.passes.spellings import Spellings

# Few letters, so that words lie near many spellings and ties in distance are common.
WORD = st.text(alphabet="kyivaeo", min_size=1, max_size=12)


@given(
    st.lists(WORD, min_size=1, max_size=40),
    st.lists(st.tuples(WORD, st.integers(min_value=1, max_value=5)), max_size=30),
)
@example(["kyiv", "kiev", "kyev", "kyvi", "kiyv"], [("kyiv", 2), ("kiyv", 1), ("kaav", 2)])
@example(["ka", "kaaaaaaa", "kyiv"], [("k", 1), ("kaaaa", 3), ("o", 2)])  # bands at the ends
def test_batches_find_what_one_by_one_finds(known: list[str], words: list[tuple[str, int]]) -> None:
    found = Spellings(known)
    one_by_one = [found.near(word, reach) for word, reach in words]
    assert found.batched(words) == one_by_one
    assert found.batched(words, rows_at_most=3) == one_by_one  # several calls a letter


def test_nearest_first_then_in_band_order() -> None:
    found = Spellings(["kyiv", "kiev", "kyev", "kyvi", "kiyv", "kyivv"])
    assert found.near("kyiv", 2) == [
        ("kyiv", 0),
        ("kiyv", 1),
        ("kyev", 1),
        ("kyvi", 1),
        ("kyivv", 1),
        ("kiev", 2),
    ]


def test_the_fuzzy_pass_is_the_same_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Ukraine said Sudzhha fell. SYKSKI added that KyIw and Ivano-Frankivvsk held, "
        "while Mykolaiiv, Zaporizhzhhia, Kramatorrsk and Bakhmutt were shelled. "
        "Guido, Weizenbaum, Saberhagen and Rochefoucauld were not.\n"
    ) * 3
    alone = Cleaner(passes=["names", "fuzzy"], cache=False).clean(text)
    monkeypatch.setattr(spellings, "BATCH_PAIRS", 0)
    batched = Cleaner(passes=["names", "fuzzy"], cache=False).clean(text)
    assert batched == alone
    assert "Sudzha" in alone.text and "Kramatorsk" in alone.text and "Guido" in alone.text
