"""The fuzzy pass: damaged names next to the traps that look like them."""

from __future__ import annotations

import pytest

from transclean import Cleaner

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
