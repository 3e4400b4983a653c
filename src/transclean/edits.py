"""Edits, results, and the offset map between input and output.

An edit always speaks in input coordinates, so a user can replay, audit or move
annotations without knowing which pass ran when.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement: `text[start:end] == before` in the input became `after`."""

    start: int
    end: int
    before: str
    after: str
    pass_name: str
    rule: str
    reason: str
    score: float | None = None

    @property
    def growth(self) -> int:
        """How much longer the edit makes the text (negative: shorter)."""
        return len(self.after) - (self.end - self.start)

    def moved(self, offset: int) -> Edit:
        """The same edit `offset` characters further on (back, for a negative offset)."""
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "pass": self.pass_name,
            "rule": self.rule,
            "reason": self.reason,
        }
        if self.score is not None:
            out["score"] = self.score
        return out


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Replay sorted, non-overlapping edits on `text`."""
    parts: list[str] = []
    pos = 0
    for edit in edits:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at {edit.start}")
        parts.append(text[pos : edit.start])
        parts.append(edit.after)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def _joined(a: str, b: str) -> str:
    parts = a.split("+")
    return a if b in parts else f"{a}+{b}"


def compose(
    original: str, earlier: Sequence[Edit], current: str, later: Sequence[Edit]
) -> list[Edit]:
    """Express `later` (made on `current`, the result of `earlier`) in coordinates of `original`.

    Where a later edit touches text an earlier edit wrote, the two merge into one
    edit over the union of their input spans, naming both passes.
    """
    if not later:
        return list(earlier)
    if not earlier:
        return list(later)
    # Output spans of the earlier edits, in `current` coordinates.
    spans: list[
        tuple[int, int, int, Edit]
    ] = []  # (out_start, out_end, kind, edit) kind 0=earlier 1=later
    shift = 0
    for e in earlier:
        out_start = e.start + shift
        spans.append((out_start, out_start + len(e.after), 0, e))
        shift += e.growth
    for e in later:
        spans.append((e.start, e.end, 1, e))
    spans.sort(key=lambda s: (s[0], s[1], s[2]))

    # Group spans that overlap (or that touch at a zero-width insertion point).
    groups: list[list[tuple[int, int, int, Edit]]] = []
    group_end = -1
    for span in spans:
        if groups and (span[0] < group_end or (span[0] == group_end and span[0] == span[1])):
            groups[-1].append(span)
            group_end = max(group_end, span[1])
        else:
            groups.append([span])
            group_end = span[1]

    out_map = _OutputToInput(earlier)
    result: list[Edit] = []
    for group in groups:
        kinds = {s[2] for s in group}
        if kinds == {0}:
            result.extend(s[3] for s in group)
            continue
        if kinds == {1} and len(group) == 1:
            e = group[0][3]
            start = out_map.map(e.start)
            end = out_map.map(e.end)
            result.append(
                Edit(
                    start, end, original[start:end], e.after, e.pass_name, e.rule, e.reason, e.score
                )
            )
            continue
        # Mixed: one edit covering the union, in both coordinates.
        cur_start = min(s[0] for s in group)
        cur_end = max(s[1] for s in group)
        in_start = min([s[3].start for s in group if s[2] == 0] + [out_map.map(cur_start)])
        in_end = max([s[3].end for s in group if s[2] == 0] + [out_map.map_end(cur_end)])
        new_text = apply_edits(
            current[cur_start:cur_end],
            [
                Edit(s[0] - cur_start, s[1] - cur_start, s[3].before, s[3].after, "", "", "")
                for s in group
                if s[2] == 1
            ],
        )
        pass_name, rule, reason = "", "", ""
        score: float | None = None
        for s in sorted(group, key=lambda s: s[2]):
            e = s[3]
            pass_name = _joined(pass_name, e.pass_name) if pass_name else e.pass_name
            rule = _joined(rule, e.rule) if rule else e.rule
            reason = f"{reason}; {e.reason}" if reason else e.reason
            if e.score is not None:
                score = e.score if score is None else min(score, e.score)
        result.append(
            Edit(
                in_start,
                in_end,
                original[in_start:in_end],
                new_text,
                pass_name,
                rule,
                reason,
                score,
            )
        )
    result.sort(key=lambda e: (e.start, e.end))
    return result


def locate_in_input(original: str, earlier: Sequence[Edit], found: Sequence[Edit]) -> list[Edit]:
    """Edits found on the text after `earlier`, placed in `original` without being applied."""
    back = _OutputToInput(earlier)
    placed = []
    for e in found:
        start, end = back.map(e.start), back.map_end(e.end)
        placed.append(
            Edit(start, end, original[start:end], e.after, e.pass_name, e.rule, e.reason, e.score)
        )
    return placed


class _OutputToInput:
    """Maps offsets between the text before `edits` (input) and after them (output)."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self._edits = list(edits)
        self._in_starts = [e.start for e in self._edits]
        self._out_starts: list[int] = []
        shift = 0
        for e in self._edits:
            self._out_starts.append(e.start + shift)
            shift += e.growth

    def map(self, offset: int) -> int:
        """The input offset of an output offset; inside a replacement, its input start side."""
        return self._back(offset, end_side=False)

    def map_end(self, offset: int) -> int:
        """Like `map`, but an offset inside a replacement maps to the input end side."""
        return self._back(offset, end_side=True)

    def _back(self, offset: int, end_side: bool) -> int:
        # The end side looks at the edit that ends at `offset`, the start side at the one
        # that starts there.
        probe = offset - 1 if end_side else offset
        i = bisect_right(self._out_starts, probe) - 1 if probe >= 0 else -1
        if i < 0:
            return offset
        e = self._edits[i]
        out_end = self._out_starts[i] + len(e.after)
        if offset >= out_end:
            return e.end + (offset - out_end)
        if end_side:
            return e.end
        return e.start + min(offset - self._out_starts[i], e.end - e.start)

    def forward(self, offset: int) -> int:
        """The output offset of an input offset: monotone, one to one outside edits."""
        i = bisect_right(self._in_starts, offset) - 1
        if i < 0:
            return offset
        e = self._edits[i]
        out_start = self._out_starts[i]
        if offset < e.end:
            return out_start + min(offset - e.start, len(e.after))
        return out_start + len(e.after) + (offset - e.end)


@dataclass(frozen=True)
class Result:
    """What cleaning one text produced: the text, the edits, and the offset map."""

    input: str
    text: str
    edits: tuple[Edit, ...] = field(default_factory=tuple)
    # Repairs found but not applied (score below the cleaner's min_score), in input coordinates.
    suggestions: tuple[Edit, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    @cached_property
    def _offsets(self) -> _OutputToInput:
        return _OutputToInput(self.edits)

    def input_to_output(self, offset: int) -> int:
        """Where an input offset lands in the output. Monotone; unchanged text maps one to one."""
        if not 0 <= offset <= len(self.input):
            raise ValueError(f"offset {offset} outside the input (0..{len(self.input)})")
        return self._offsets.forward(offset)

    def output_to_input(self, offset: int) -> int:
        """Where an output offset came from in the input. Monotone; inverse on unchanged text."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside the output (0..{len(self.text)})")
        return self._offsets.map(offset)

    def explain(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.edits]


def edits_sorted(edits: Iterable[Edit]) -> list[Edit]:
    return sorted(edits, key=lambda e: (e.start, e.end))
