"""The surnames pass on text with many table surnames: edits in text order, no overlap."""

from __future__ import annotations

from transclean import Cleaner


def test_several_surnames_in_one_text(cleaner: Cleaner) -> None:
    # Found in the order of the table's words (Wolf before Frost), not of the text.
    text = "Ivan Frost met Mykola Wolf.\nVasyl Smith said so.\n"
    result = cleaner.clean(text)
    assert result.text == "Ivan Moroz met Mykola Vovk.\nVasyl Koval said so.\n"
    assert [e.start for e in result.edits] == sorted(e.start for e in result.edits)
