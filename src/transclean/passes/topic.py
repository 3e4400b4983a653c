"""Is a passage about Ukraine, Russia or the war? Weak evidence for a repair needs it."""

from __future__ import annotations

from collections.abc import Iterable

from transclean.text import Automaton, Spans, bounded, lower_same_length, set_in_capitals

# Characters either side of a word in which a topic word must stand.
REACH = 400


class TopicWords:
    """Whole-word, case-insensitive look-up of the topic words (lexicons/keep/topic_words.txt)."""

    __slots__ = ("_automaton",)

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton = Automaton(sorted(words))

    def near(self, text: str, start: int, end: int, reach: int = REACH) -> bool:
        """A topic word other than text[start:end] within `reach` characters of it."""
        left, right = max(0, start - reach), min(len(text), end + reach)
        window = lower_same_length(text[left:right])
        skip = (start - left, end - left)
        return any(
            (s, e) != skip and bounded(window, s, e) for _, s, e in self._automaton.find_all(window)
        )

    def capitals_stay(
        self, text: str, start: int, end: int, names: Spans, letters: int, *, exact: bool
    ) -> bool:
        """Does a name in capitals at [start, end), of `letters` letters, keep them? Yes for
        fewer than four (an acronym), where the layout sets capitals (see set_in_capitals),
        and for an exact spelling of four letters with no topic word near: the MENA region
        is not the town of Mena. Otherwise capitals mid-sentence are damage."""
        if letters < 4 or set_in_capitals(text, start, end, names):
            return True
        return exact and letters == 4 and not self.near(text, start, end)
