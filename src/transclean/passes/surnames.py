"""The surnames pass: a surname that translation turned into a word, after a Slavic given name.

`Ivan Frost` was Іван Мороз: machine translation translated the surname. The table of such
surnames (lexicons/keep/literal_surnames.toml) is applied only right after a Ukrainian or
Russian given name whose spelling is not also an ordinary Western name (so Robert Frost,
Maria Miller and Mark King stay), and only to a capitalised word (a frost is weather).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from transclean.edits import Edit
from transclean.lexicon import Lexicon, LiteralSurname, VariantIndex
from transclean.text import Automaton, WordBefore, bounded, fold, text_order

NAME = "surnames"
# The word before a position, read backwards: (?<![\w'’-])([\p{L}\p{M}]+)[ \t]+\Z forwards.
_PREV_WORD = WordBefore(regex.compile(r"[ \t]+([\p{L}\p{M}]+)(?![\w'’-])"), edge=True)
_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}\p{M}]+)")


class SurnamesPass:
    """Restore translated surnames from the table, after an unambiguous Slavic given name."""

    name = NAME

    def __init__(self, lexicon: Lexicon, index: VariantIndex) -> None:
        self._protected = index.protected
        self._given = index.slavic_given
        self._table: dict[str, LiteralSurname] = {
            fold(word): entry for entry in lexicon.literal_surnames for word in entry.literal
        }
        self._forms = sorted(
            {form for word in self._table for form in (word.title(), word.upper())}
        )
        self._automaton = Automaton(self._forms)

    @property
    def strings(self) -> tuple[str, ...]:
        """The words it looks for (exact case), for a scan shared with other passes."""
        return tuple(self._forms)

    @property
    def whole_word_strings(self) -> frozenset[int]:
        """All of them: a surname counts only as a whole word."""
        return frozenset(range(len(self._forms)))

    def run(self, text: str) -> list[Edit]:
        return self.run_found(text, self._automaton.find_all(text))

    def run_found(self, text: str, found: Sequence[tuple[int, int, int]]) -> list[Edit]:
        """`run`, given where `strings` occur in `text` (index, start, end; in any order)."""
        edits: list[Edit] = []
        for i, start, end in sorted(found, key=text_order):
            if not bounded(text, start, end):
                continue
            word = self._forms[i]
            prev = _PREV_WORD.find(text, start)
            if prev is None:
                continue
            given = text[prev[0] : prev[1]]
            kinds = self._given.get(fold(given))
            if not kinds or not (given.istitle() or (given.isupper() and word.isupper())):
                continue
            if f"{fold(given)} {fold(word)}" in self._protected:
                continue  # a real person of that name (Alexei Miller of Gazprom)
            entry = self._table[fold(word)]
            after_word = _NEXT_WORD.match(text, end)
            if after_word and fold(after_word.group(1)) in {fold(w) for w in entry.not_before}:
                continue
            surname = _surname(entry, kinds)
            if word.isupper():
                surname = surname.upper()
            cyrillic = entry.uk or entry.ru
            edits.append(
                Edit(
                    start,
                    end,
                    word,
                    surname,
                    NAME,
                    f"surname-{fold(entry.canonical)}",
                    f"the surname {cyrillic} translated as {word!r} after the given name {given}",
                )
            )
        return edits


def _surname(entry: LiteralSurname, kinds: frozenset[tuple[str, str]]) -> str:
    """The form that agrees with the given name: Russian spelling, feminine where it differs."""
    languages = {language for language, _ in kinds}
    russian = "ru" in languages and "uk" not in languages
    feminine = all(sex == "f" for _, sex in kinds)
    if feminine and russian and entry.canonical_f_ru:
        return entry.canonical_f_ru
    if feminine and entry.canonical_f:
        return entry.canonical_f
    if russian and entry.canonical_ru:
        return entry.canonical_ru
    return entry.canonical
