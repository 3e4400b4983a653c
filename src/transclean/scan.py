"""One scan for the passes that look for fixed strings in the text as it stands.

The surnames, rules and pronouns passes each looked for their own strings with an
Aho-Corasick automaton, and each scan of a megabyte cost ~5 ms whatever the number of
strings (most of it is reading the text). Since they run one after another on a text that
the passes between them change in a few places only, one automaton over all their strings
scans the text once (`SharedStrings.scan`), and after each pass the matches are carried
over its edits (`Matches.after`): kept and moved where the text is unchanged, found again
in a small window around each edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from transclean.edits import Edit
from transclean.text import Automaton, text_order

Hit = tuple[int, int, int]  # (index of the string in its pass's list, start, end)


class SharedStrings:
    """The strings of several passes in one automaton, and which pass each string serves."""

    __slots__ = ("_automaton", "_longest", "_owners")

    def __init__(self, strings: Mapping[str, Sequence[str]]) -> None:
        owners: dict[str, list[tuple[str, int]]] = {}
        for name, patterns in strings.items():
            for i, pattern in enumerate(patterns):
                owners.setdefault(pattern, []).append((name, i))
        union = sorted(owners)
        self._owners = [tuple(owners[p]) for p in union]
        self._longest = max((len(p) for p in union), default=0)
        self._automaton = Automaton(union, dfa=True)

    def scan(self, text: str) -> Matches:
        """Every match of every string in `text`."""
        return Matches(self, self._automaton.find_all(text))

    def _split(self, found: list[tuple[int, int, int]]) -> dict[str, list[Hit]]:
        by_pass: dict[str, list[Hit]] = {}
        owners = self._owners
        for k, start, end in found:
            for name, i in owners[k]:
                by_pass.setdefault(name, []).append((i, start, end))
        for hits in by_pass.values():
            hits.sort(key=text_order)
        return by_pass


class Matches:
    """The matches in one text, per pass (in text order), as a pass's own scan finds them."""

    __slots__ = ("_by_pass", "_found", "_strings")

    def __init__(self, strings: SharedStrings, found: list[tuple[int, int, int]]) -> None:
        self._strings = strings
        self._found = found
        self._by_pass: dict[str, list[Hit]] | None = None

    def of(self, name: str) -> list[Hit]:
        """The (index, start, end) matches of one pass's strings, by start, end, index."""
        if self._by_pass is None:
            self._by_pass = self._strings._split(self._found)
        return self._by_pass.get(name, [])

    def after(self, text: str, edits: Sequence[Edit]) -> Matches:
        """The matches in `text`, which is this text with `edits` (sorted, in this text's
        offsets) applied: the same as scanning `text` again, at the cost of the edits only."""
        if not edits:
            return self
        strings = self._strings
        reach = max(strings._longest - 1, 0)
        # Old matches that touch no edited character stay, moved by the edits before them.
        kept: list[tuple[int, int, int]] = []
        shifts = [0]  # shifts[j]: how far the edits before edits[j] move the text after them
        for e in edits:
            shifts.append(shifts[-1] + e.growth)
        j = 0
        for k, start, end in sorted(self._found, key=lambda m: m[1]):
            while j < len(edits) and edits[j].end <= start:
                j += 1  # edits[j - 1] and those before it are wholly before the match
            if j < len(edits) and _breaks(edits[j], start, end):
                continue
            kept.append((k, start + shifts[j], end + shifts[j]))
        # New matches across each edited span, found in a window around it.
        seen = set(kept)
        found = kept
        automaton = strings._automaton
        for e, shift in zip(edits, shifts, strict=False):
            new_start = e.start + shift
            new_end = new_start + len(e.after)
            low = max(0, new_start - reach)
            high = min(len(text), new_end + reach)
            for k, start, end in automaton.find_all(text[low:high]):
                start += low
                end += low
                if _crosses(start, end, new_start, new_end) and (k, start, end) not in seen:
                    seen.add((k, start, end))
                    found.append((k, start, end))
        return Matches(strings, found)


def _breaks(edit: Edit, start: int, end: int) -> bool:
    """Does `edit` change a character of text[start:end] (or insert text strictly inside)?"""
    return edit.start < end and edit.end > start


def _crosses(start: int, end: int, new_start: int, new_end: int) -> bool:
    """Does a match at [start, end) of the new text hold a character written by the edit
    at [new_start, new_end) (or, for a deletion, span the place where text was removed)?"""
    return start < new_end and end > new_start
