"""The fuzzy pass: damaged names next to the traps that look like them."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import cleaner as strategies_cleaner
from strategies import hostile_text, news_text

import transclean.passes.fuzzy as fuzzy_module
from transclean import Cleaner
from transclean.passes.fuzzy import FuzzyPass

CONTEXT = "Ukraine said on Monday that "

REPAIRED = [
    ("Sudzhha fell.", "Sudzha fell."),  # doubled letter
    ("Kosthenko spoke.", "Kostenko spoke."),  # inserted letter
    ("Syskyi spoke.", "Syrskyi spoke."),  # dropped letter
    ("the Khrakiv region", "the Kharkiv region"),  # swapped letters
    ("KyIw replied.", "Kyiv replied."),  # odd case
    ("SYKSKI added.", "Syrskyi added."),  # capitals mid-sentence
    ("Dmyl Krasylnykov was removed.", "Dmytro Krasylnykov was removed."),  # beside his surname
    ("Olexisiy candle took over.", "Oleksii Svichka took over."),  # surname as a word
]

UNCHANGED = [
    "Marvin Minsky and Leo Rosten wrote.",  # someone else's given name first
    "Ralph Kiner hit a home run in Kyiv.",
    "Kiel, Lugano and Belgrade sent envoys.",  # places elsewhere
    "Sudan and Syria voted.",
    "NATO, OSCE and the SBU met.",  # acronyms
    "McDonald's and YouTube opened offices.",
    "KYIV UNDER FIRE",  # a correct name in capitals
    "Kyiv, Kharkiv and Sudzha.",  # correct names
    "Olena bought a candle.",  # a literal word without the person's given name
    "Roman Kostenko spoke.",
]


@pytest.mark.parametrize(("text", "expected"), REPAIRED)
def test_repaired(cleaner: Cleaner, text: str, expected: str) -> None:
    result = cleaner.clean(CONTEXT + text)
    assert result.text == CONTEXT + expected
    assert all(
        e.score is not None and e.score >= 0.8 for e in result.edits if e.pass_name == "fuzzy"
    )
    assert cleaner.clean(result.text).text == result.text


@pytest.mark.parametrize("text", UNCHANGED)
def test_unchanged(cleaner: Cleaner, text: str) -> None:
    assert cleaner.clean(CONTEXT + text).text == CONTEXT + text


def test_weak_match_needs_topic_context(cleaner: Cleaner) -> None:
    # One edit in six letters is a weak match: only in a passage about Ukraine or Russia.
    text = "The recipe came from Sumyy, a cook in Lyon."
    assert cleaner.clean(text).text == text
    assert cleaner.clean("Russian drones hit Sumyy.").text == "Russian drones hit Sumy."


def test_close_match_needs_no_context(cleaner: Cleaner) -> None:
    assert cleaner.clean("The centre of Sudzhha was hit.").text == "The centre of Sudzha was hit."


def test_capitals_headline_keeps_capitals(cleaner: Cleaner) -> None:
    assert cleaner.clean("UKRAINE: KHARKIIV UNDER FIRE").text == "UKRAINE: KHARKIV UNDER FIRE"


def test_low_scores_are_suggestions(cleaner: Cleaner) -> None:
    strict = Cleaner(min_score=0.95)
    result = strict.clean(CONTEXT + "Sudzhha fell.")
    assert result.text == CONTEXT + "Sudzhha fell."
    (suggestion,) = result.suggestions
    assert (suggestion.before, suggestion.after, suggestion.score) == ("Sudzhha", "Sudzha", 0.875)
    assert suggestion.start == len(CONTEXT)


def test_memo_makes_repeats_free(cleaner: Cleaner) -> None:
    fuzzy = next(p for p in cleaner._passes if p.name == "fuzzy")
    first = fuzzy.nearest("Sudzhha")  # type: ignore[attr-defined]
    assert first is fuzzy.nearest("SUDZHHA")  # type: ignore[attr-defined]


@st.composite
def _damaged(draw: st.DrawFn, word: str) -> str:
    """The word as written, or with one letter doubled, dropped or swapped, or in capitals."""
    i = draw(st.integers(0, max(len(word) - 2, 0)))
    return draw(
        st.sampled_from(
            (
                word,
                word[: i + 1] + word[i:],
                word[:i] + word[i + 1 :],
                word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :],
                word.upper(),
                word + "7",
            )
        )
    )


@st.composite
def _people_mentioned(draw: st.DrawFn) -> str:
    """Given names and surnames of the lexicon's people, each perhaps damaged, joined by the
    spacing and punctuation that decide whether they stand side by side."""
    people = strategies_cleaner().index.people
    mentions = []
    for _ in range(draw(st.integers(1, 5))):
        person = people[draw(st.integers(0, len(people) - 1))]
        first, last = person.given.split()[-1], person.surname
        if draw(st.booleans()):  # one of the two damaged: the other is evidence for it
            first = draw(_damaged(first))
        else:
            last = draw(_damaged(last))
        prefix = draw(st.sampled_from(("", "Anna-", "Ivano-", "the ", "Mr ", "«")))
        gap = draw(st.sampled_from((" ", "  ", "\t", " \t", "\n", ", ", "-", "'s ")))
        mentions.append(prefix + first + gap + last)
    return draw(st.sampled_from(("Ukraine said ", "", "In Kyiv, "))) + ". ".join(mentions)


@settings(max_examples=settings().max_examples * 4)  # a cheap property; edits are rarer
@given(st.one_of(_people_mentioned(), _people_mentioned(), news_text(), hostile_text()))
def test_neighbours_are_checked_only_where_they_could_matter(text: str) -> None:
    """The pass looks for a damaged given name or surname only beside a located name where
    the capitalised word next to it could be one; reading every neighbour finds the same."""
    fuzzy = next(p for p in strategies_cleaner()._passes if p.name == "fuzzy")
    fast = fuzzy.run(text)
    with (
        mock.patch.object(fuzzy_module, "_spaced", lambda text, end, start: True),
        mock.patch.object(FuzzyPass, "_may_be_given", lambda self, word: True),
        mock.patch.object(FuzzyPass, "_may_be_surname", lambda self, word: True),
    ):
        assert fuzzy.run(text) == fast


def test_a_repair_that_makes_a_mention_counts_as_one(cleaner: Cleaner) -> None:
    """`Motro Sich` is a weak match and needs a mention near it; `Oleksanrd` becomes the
    Ukrainian given name Oleksandr, which is one. A second run would see it: the first
    must count it too, or cleaning twice would differ from cleaning once."""
    text = (
        "Officials at Motro Sich said the work would resume next week. The statement, "
        "signed by Oleksanrd Prokudin, was released shortly after midnight."
    )
    once = cleaner.clean(text).text
    assert "Motor Sich" in once and "Oleksandr Prokudin" in once
    assert cleaner.clean(once).text == once
    # Without the damaged name, nothing near says the passage is about Ukraine.
    alone = "Officials at Motro Sich said the work would resume next week."
    assert cleaner.clean(alone).text == alone
