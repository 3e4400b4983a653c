"""One scan for the passes that look for fixed strings in the text as it stands.

The surnames, rules and pronouns passes each looked for their own strings with an
Aho-Corasick automaton, and each scan of a megabyte cost ~5 ms whatever the number of
strings (most of it is reading the text). Since they run one after another on a text that
the passes between them change in a few places only, one automaton over all their strings
scans the text once (`SharedStrings.scan`), and after each pass the matches are carried
over its edits (`Matches.after`): kept and moved where the text is unchanged, found again
in a small window around each edit.

Most of those strings are place names that the pronouns pass wants only as whole words, one
per place of the lexicon. Past a few thousand of them the automaton slows (its states stop
fitting in the caches: 12-17 ms/MB at 25k strings, against ~6 at 2k) and the DFA that
would be faster takes 0.2 s and ~90 MB to build. So once there are WORDWISE_STRINGS of
them, they are looked up word by word (`transclean.wordkeys`: ~5 ms/MB at any count) and
the automaton keeps the others.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from transclean.edits import Edit
from transclean.text import Automaton, bounded, is_word_char, text_order
from transclean.wordkeys import WordKeys

Hit = tuple[int, int, int]  # (index of the string in its pass's list, start, end)

# Strings wanted only as whole words, from this many on, are looked up word by word.
# Measured in the cleaner: at 1.8k of them (a 1k-variant lexicon) one automaton scans in
# 7.4-9.5 ms/MB, the look-up and an automaton for the rest in 9.9-11.8; at 25k (50k
# variants) the automaton takes 17-19 ms/MB until its DFA pays (27 MB on), the look-up
# 11.2-11.6. The 3.2k of a 10k-variant lexicon stay with the automaton.
WORDWISE_STRINGS = 8_000


class SharedStrings:
    """The strings of several passes, and which pass each string serves: an automaton finds
    them, or a word-by-word look-up those that every pass using them wants as whole words."""

    __slots__ = ("_automaton", "_longest", "_loose", "_owners", "_words")

    def __init__(
        self,
        strings: Mapping[str, Sequence[str]],
        whole_words: Mapping[str, Collection[int]] | None = None,
        *,
        wordwise_at: int | None = None,
    ) -> None:
        """`whole_words`: for a pass, the indices of its strings that it keeps only where
        they stand as whole words (`transclean.text.bounded`); the others lose nothing
        if the scan finds only those matches."""
        owners: dict[str, list[tuple[str, int]]] = {}
        whole: dict[str, bool] = {}
        for name, patterns in strings.items():
            kept = (whole_words or {}).get(name, ())
            for i, pattern in enumerate(patterns):
                owners.setdefault(pattern, []).append((name, i))
                whole[pattern] = whole.get(pattern, True) and i in kept
        # The look-up starts at word starts (see WordKeys): a string that starts otherwise
        # stays with the automaton.
        wordwise = sorted(p for p, w in whole.items() if w and p and is_word_char(p[0]))
        if len(wordwise) < (WORDWISE_STRINGS if wordwise_at is None else wordwise_at):
            wordwise = []
        loose = sorted(set(owners).difference(wordwise))
        union = loose + wordwise  # a hit's index: the automaton's, or after the loose ones
        self._owners = [tuple(owners[p]) for p in union]
        self._longest = max((len(p) for p in union), default=0)
        self._loose = len(loose)
        self._automaton = Automaton(loose, dfa=True)
        self._words = WordKeys(wordwise) if wordwise else None

    def scan(self, text: str) -> Matches:
        """Every match of every string in `text` (of a whole-word string, those that stand
        as whole words)."""
        return Matches(self, self._find(text, 0, len(text)))

    def _find(self, text: str, low: int, high: int) -> list[tuple[int, int, int]]:
        """The matches that lie in text[low:high], in the offsets of `text`."""
        piece = text[low:high]
        found = self._automaton.find_all(piece)
        if low:
            found = [(k, start + low, end + low) for k, start, end in found]
        if self._words is not None:
            # Where the piece is cut out of a longer text, its edges are word boundaries
            # that the text may not have; and the automaton that stands in for the loop
            # (no C loop) finds matches inside words too. The text decides.
            loose = self._loose
            found.extend(
                (k + loose, start + low, end + low)
                for k, start, end in self._words.find(piece)
                if bounded(text, start + low, end + low)
            )
        return found

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
        # A whole-word string's match also depends on the characters either side of it
        # (an edit next to it may join it to a word, or free it): those count as its own.
        loose = strings._loose
        reach = strings._longest
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
            if k >= loose and (
                (j and edits[j - 1].end == start) or (j < len(edits) and edits[j].start == end)
            ):
                continue
            kept.append((k, start + shifts[j], end + shifts[j]))
        # New matches across each edited span (or, whole words, beside it), found in a
        # window around it.
        seen = set(kept)
        found = kept
        for e, shift in zip(edits, shifts, strict=False):
            new_start = e.start + shift
            new_end = new_start + len(e.after)
            low = max(0, new_start - reach)
            high = min(len(text), new_end + reach)
            for k, start, end in strings._find(text, low, high):
                if k >= loose:
                    near = start <= new_end and end >= new_start
                else:
                    near = _crosses(start, end, new_start, new_end)
                if near and (k, start, end) not in seen:
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
