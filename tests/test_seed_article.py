"""The real damaged article in shared/seeds: every transliteration variant fixed, nothing else.

The garbles (Sudzhha, Syskyi, KyIw) belong to the fuzzy pass and are not touched here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner

SEED = Path(__file__).resolve().parent / "data" / "seed_article.txt"

EXPECTED_NAME_EDITS = [("Krasylnikov", "Krasylnykov")]

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
    "Dmytro",
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


def test_variants_fixed_and_nothing_else(cleaner: Cleaner, article: str) -> None:
    result = cleaner.clean(article)
    names = [(e.before, e.after) for e in result.edits if e.pass_name == "names"]
    assert names == EXPECTED_NAME_EDITS


def test_correct_names_untouched(cleaner: Cleaner, article: str) -> None:
    result = cleaner.clean(article)
    for name in CORRECT_NAMES:
        assert article.count(name) == result.text.count(name) or name == "Krasylnykov", name
    for edit in result.edits:
        assert not any(edit.before == n for n in CORRECT_NAMES)
