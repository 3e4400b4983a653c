"""Real English prose (Debian fortunes, the Python documentation) comes out byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner

PROSE = sorted((Path(__file__).parent / "data" / "prose").glob("*.txt"))


def test_corpus_is_present() -> None:
    assert sum(p.stat().st_size for p in PROSE) > 3_000_000


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_unchanged(cleaner: Cleaner, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = cleaner.clean(text)
    shown = [
        (e.before, e.after, text[max(0, e.start - 40) : e.end + 20]) for e in result.edits[:10]
    ]
    assert not result.edits, shown
    assert result.text == text


# The corpus's genuine typing slips (a function word written twice: "show the the
# article"): the only edits that --typos makes there.
KNOWN_SLIPS = {
    "fortunes_1.txt": ["per per", "the the", "the the", "the the"],
    "fortunes_2.txt": ["for for", "the the"],
    "fortunes_3.txt": ["at at"],
    "python_docs_1.txt": ["the the"],
}


@pytest.fixture(scope="module")
def typos_cleaner() -> Cleaner:
    return Cleaner(typos=True)


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_with_typos_changes_only_its_slips(typos_cleaner: Cleaner, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = typos_cleaner.clean(text)
    slips = [text[e.start - len(e.before) + 1 : e.end].lower() for e in result.edits]
    assert all(e.rule == "doubled-function-word" for e in result.edits)
    assert sorted(slips) == sorted(KNOWN_SLIPS.get(path.name, []))
