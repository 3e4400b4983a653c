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
