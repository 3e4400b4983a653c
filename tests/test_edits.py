"""Edits, replay and the offset map: the bookkeeping every pass relies on."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transclean.edits import Edit, Result, apply_edits, compose


def _edit(text: str, start: int, end: int, after: str, name: str = "p") -> Edit:
    return Edit(start, end, text[start:end], after, name, "r", "why")


def test_apply_edits_replays() -> None:
    text = "Kiev and Kharkov"
    edits = [_edit(text, 0, 4, "Kyiv"), _edit(text, 9, 16, "Kharkiv")]
    assert apply_edits(text, edits) == "Kyiv and Kharkiv"


def test_apply_edits_rejects_overlap() -> None:
    text = "abcdef"
    with pytest.raises(ValueError):
        apply_edits(text, [_edit(text, 0, 3, "x"), _edit(text, 2, 4, "y")])


def test_offsets_map_both_ways() -> None:
    text = "in Kiev today"
    result = Result(text, "in Kyiv today", (_edit(text, 3, 7, "Kyiv"),))
    assert result.input_to_output(0) == 0
    assert result.input_to_output(8) == 8
    assert result.output_to_input(8) == 8
    short = Result("a Zaporozhye b", "a Zp b", (Edit(2, 12, "Zaporozhye", "Zp", "p", "r", "w"),))
    assert short.input_to_output(13) == 5
    assert short.output_to_input(5) == 13
    assert short.input_to_output(7) == 4  # inside the edit: clamped to the replacement
    with pytest.raises(ValueError):
        short.input_to_output(99)


def test_compose_separate_spans_map_to_input() -> None:
    text = "Kiev near Kharkov"
    first = [_edit(text, 0, 4, "Kyiv City")]
    mid = apply_edits(text, first)
    second = [_edit(mid, 15, 22, "Kharkiv", "q")]
    merged = compose(text, first, mid, second)
    assert [(e.start, e.end, e.before, e.after) for e in merged] == [
        (0, 4, "Kiev", "Kyiv City"),
        (10, 17, "Kharkov", "Kharkiv"),
    ]
    assert apply_edits(text, merged) == apply_edits(mid, second)


def test_compose_overlapping_spans_merge() -> None:
    text = "the Kiev region"
    first = [_edit(text, 4, 8, "Kyiv")]
    mid = apply_edits(text, first)
    second = [_edit(mid, 4, 15, "Kyiv Oblast", "q")]
    merged = compose(text, first, mid, second)
    assert len(merged) == 1
    assert merged[0].before == "Kiev region"
    assert merged[0].after == "Kyiv Oblast"
    assert merged[0].pass_name == "p+q"


@st.composite
def _texts_with_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="abc \n", max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if edits and a < edits[-1].end:
            continue
        edits.append(_edit(text, a, b, draw(st.text(alphabet="XYZ", max_size=4))))
    return text, edits


@given(_texts_with_edits(), st.data())
def test_compose_replays_like_sequential_application(
    case: tuple[str, list[Edit]], data: st.DataObject
) -> None:
    text, first = case
    mid = apply_edits(text, first)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(mid)), max_size=6)))
    second: list[Edit] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if second and a < second[-1].end:
            continue
        second.append(_edit(mid, a, b, data.draw(st.text(alphabet="QR", max_size=3)), "q"))
    final = apply_edits(mid, second)
    merged = compose(text, first, mid, second)
    for e in merged:
        assert text[e.start : e.end] == e.before
    assert all(a.end <= b.start for a, b in pairwise(merged))
    assert apply_edits(text, merged) == final
    result = Result(text, final, tuple(merged))
    previous = 0
    for offset in range(len(text) + 1):
        mapped = result.input_to_output(offset)
        assert previous <= mapped <= len(final)
        previous = mapped
