"""The real damaged article in shared/seeds: every name variant and garble fixed, nothing else.

KASK (for Kursk, two edits in four letters) is too far to repair safely and stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner

SEED = Path(__file__).resolve().parent / "data" / "seed_article.txt"

EXPECTED = [
    ("KyIw", "Kyiv", "fuzzy"),
    ("Kosthenko", "Kostenko", "fuzzy"),
    ("Syskyi", "Syrskyi", "fuzzy"),
    ("SYKSKI", "Syrskyi", "fuzzy"),  # mid-sentence capitals: the canonical spelling
    ("Sudzhha", "Sudzha", "fuzzy"),
    ("Dmyl", "Dmytro", "fuzzy"),  # beside his surname
    ("Krasylnikov", "Krasylnykov", "names"),
    ("Olexisiy candle", "Oleksii Svichka", "fuzzy"),  # the surname Svichka, translated
    ("Sudzhha", "Sudzha", "fuzzy"),
]

CORRECT_NAMES = [
    "Kyiv",
    "Kursk",
    "Sudzha",
    "Putin",
    "Volodymyr Zelenskyy",
    "Valery Gerasimov",
    "Roman",
    "Kostenko",
    "Oleksandr",
    "Krasylnykov",
    "Marco Rubio",
    "Suspilne",
    "Jake Epstein",
    "Donald Trump",
    "Moscow",
    "Kremlin",
    "Getty Images",
    "Reuters",
]


@pytest.fixture(scope="module")
def article() -> str:
    return SEED.read_text(encoding="utf-8")


def test_names_fixed_and_nothing_else(cleaner: Cleaner, article: str) -> None:
    result = cleaner.clean(article)
    name_edits = [
        (e.before, e.after, e.pass_name) for e in result.edits if e.pass_name in ("names", "fuzzy")
    ]
    assert name_edits == EXPECTED


def test_correct_names_untouched(cleaner: Cleaner, article: str) -> None:
    result = cleaner.clean(article)
    for edit in result.edits:
        assert not any(name in edit.before for name in CORRECT_NAMES), edit
    for name in CORRECT_NAMES:
        assert result.text.count(name) >= article.count(name), name


ARTEFACTS = [
    ("through", "via", "rules"),  # Social media through Reuters (a credit line)
    ("fatigue", "fatigues", "rules"),  # Dressed in military fatigue
    ("his ", "", "rules"),  # shaking his hands with
    ("through", "via", "rules"),  # Kremlin Press Office/Anadolu through Getty Images
    ("her", "its", "pronouns"),  # Ukraine began her surprise ...
    (" surprise", "", "repeats"),  # ... surprise surprise Kursk
    ("himself", "itself", "pronouns"),  # the city of Kursk himself
    ("she", "it", "pronouns"),  # the US said Monday that she had resumed
]


def test_artefacts_fixed_and_nothing_else(cleaner: Cleaner, article: str) -> None:
    result = cleaner.clean(article)
    artefacts = [
        (e.before, e.after, e.pass_name)
        for e in result.edits
        if e.pass_name in ("rules", "pronouns", "repeats", "script")
    ]
    assert artefacts == ARTEFACTS
    assert "Ukraine began its surprise Kursk in early August" in result.text
    assert "the city of Kursk itself" in result.text
    assert "Social media via Reuters" in result.text
    assert cleaner.clean(result.text).text == result.text


def test_names_pass_alone_fixes_the_variant_only(article: str) -> None:
    result = Cleaner(passes=["names"]).clean(article)
    assert [(e.before, e.after) for e in result.edits] == [("Krasylnikov", "Krasylnykov")]
