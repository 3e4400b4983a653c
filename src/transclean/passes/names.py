"""The names pass: exact variant spellings become canonical, whole words only.

One table holds every variant and every protected phrase (case-folded), looked up word by
word (transclean.wordkeys), so a text costs one C-level scan plus Python work proportional
to the hits. All matches are collected, filtered (word boundaries, case style, protection,
context), and only then is the leftmost-longest set chosen: choosing first would let a
longer match that fails a check hide a shorter one that passes.
"""

from __future__ import annotations

import re

from transclean.edits import Edit
from transclean.lexicon import Lexicon
from transclean.lexicon.index import ROLE_NAME, ROLE_SURNAME, Target, VariantIndex
from transclean.lexicon.model import Guards
from transclean.passes.spellings import osa_distance
from transclean.passes.topic import TopicWords
from transclean.text import (
    Spans,
    WordBefore,
    bounded,
    broken_case,
    fold,
    is_word_char,
    same_apostrophes,
    set_in_capitals,
    title_words,
)
from transclean.wordkeys import WordKeys
from transclean.wordset import WordSet

NAME = "names"
# The source of a correct spelling that was found in broken case or capitals mid-sentence.
RECASE_SOURCE = "recase"
_URLISH = re.compile(r"://|www\.|[@#]|\.(?:com|org|net|ua|ru|html?|php)\b", re.IGNORECASE)
# Identifiers and codes: KIEV-2022-0042, file_Kiev_2, 12/Kiev (not a wire slug: UPDATE 2-KIEV)
_CODE_AFTER = re.compile(r"[-_/]\d")
_CODE_BEFORE = re.compile(r"\d[_/]\Z")
# The word before a position, read backwards: ([^\W\d_][\w'’-]*)\.?[ \t]+\Z forwards.
_PREV_WORD = WordBefore(re.compile(r"[ \t]+\.?([\w'’-]*[^\W\d_])"), edge=False)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


class NamesPass:
    """Replace exact variants of known names with their canonical spelling."""

    name = NAME

    def __init__(self, index: VariantIndex, lexicon: Lexicon | None = None) -> None:
        guards = lexicon.guards if lexicon is not None else Guards()
        self._topic = TopicWords(guards.topic_words)
        # Correct spellings too, so that one in broken case or in capitals mid-sentence
        # (kRAMATORSK, Police in LUHANSK said) is found in the same scan.
        recase = _canonical_targets(lexicon, guards.english_words) if lexicon else {}
        recase = {k: t for k, t in recase.items() if k not in index.targets}
        keys = sorted(index.targets) + sorted(
            (index.protected | recase.keys()) - index.targets.keys()
        )
        self._targets: list[Target | None] = [index.targets.get(k) or recase.get(k) for k in keys]
        self._surfaces: list[frozenset[str]] = [
            frozenset(same_apostrophes(f) for f in t.forms | {title_words(f) for f in t.forms})
            if t
            else frozenset()
            for t in self._targets
        ]
        self._protected = [k in index.protected for k in keys]
        self._recase_only = [k in recase for k in keys]
        self._given_names = WordSet(index.given_names)
        self._places = frozenset(
            e.id for e in (lexicon.entities if lexicon else ()) if e.kind == "place"
        )
        # A known person's surname (folded) -> the folded spellings of their given names.
        self._givens_of: dict[str, frozenset[str]] = {}
        for person in index.people:
            key = fold(person.surname)
            self._givens_of[key] = self._givens_of.get(key, frozenset()) | person.givens
        self._female_titles = guards.female_titles
        # Found word by word by a hash look-up (a C loop), whose cost does not grow with
        # the lexicon; the automaton that stands in for it takes a DFA when that pays.
        self._keys = WordKeys(keys, dfa=True) if keys else None

    def run(self, text: str) -> list[Edit]:
        if self._keys is None:
            return []
        hits = self._keys.find_folded(text)
        if not hits:
            return []
        shields: list[tuple[int, int]] = []
        candidates: list[tuple[int, int, str, Target]] = []
        recased: list[tuple[int, int, str, Target]] = []  # correct names in broken case
        names = _NameSpans(text, hits)
        protected, targets, recase_only = self._protected, self._targets, self._recase_only
        size = len(text)
        for i, start, end in hits:
            # Whole words only (`bounded`, inlined: ~2,500 hits/MB of news).
            if (start and is_word_char(text[start - 1])) or (
                end < size and is_word_char(text[end])
            ):
                continue
            if protected[i]:
                shields.append((start, end))
            target = targets[i]
            if target is None:
                continue
            if recase_only[i] and text[start:end] in target.forms:
                continue  # the usual case: a correct name, correctly spelled
            after = self._replacement(text, start, end, i, target, names)
            if after is None or self._urlish(text, start, end):
                continue
            # After a given name a single word is a surname: Sergei Fedorov the hockey player,
            # Prince Georgy Lvov, the cosmonaut Andriyan Nikolayev.
            single = target.role in (ROLE_SURNAME, ROLE_NAME) and " " not in target.replacement
            if single and self._other_persons_given(text, start, target):
                continue
            if target.entity_id in self._places and self._given_damaged(text, start, end):
                continue  # Romn Abramovich: a damaged given name, not the town Romny
            wanted = recased if self._recase_only[i] and self._protected[i] else candidates
            wanted.append((start, end, after, target))
        if shields:
            covered = Spans(shields)
            candidates = [c for c in candidates if not covered.overlaps(c[0], c[1])]
            # A protected correct name may change case, unless a longer protected text holds it.
            candidates.extend(c for c in recased if (c[0], c[1]) in covered)
        candidates.sort(key=lambda c: (c[0], -c[1]))
        edits: list[Edit] = []
        pos = 0
        for start, end, after, target in candidates:
            if start < pos:
                continue
            pos = end
            before = text[start:end]
            if after != before:
                reason = target.reason
                if target.sources == (RECASE_SOURCE,):
                    reason = f"a correct name in broken case or capitals mid-sentence: {after}"
                edits.append(Edit(start, end, before, after, NAME, target.entity_id, reason))
        return edits

    def _replacement(
        self, text: str, start: int, end: int, i: int, target: Target, names: _NameSpans
    ) -> str | None:
        """The canonical name in the surface's case style, or None for a style we do not touch.

        Capitals stay capitals where the layout sets them (a headline, a dateline); in an
        ordinary sentence a name in capitals (Police in LUHANSK said) or in broken case
        (kRAMATORSK, KrYvYi Rih) is damage and takes the canonical spelling.
        """
        surface = text[start:end]
        if same_apostrophes(surface) in self._surfaces[i]:
            return target.replacement
        letters = sum(ch.isalpha() for ch in surface)
        if surface.isupper() and letters > 1:
            canonical_caps = target.replacement.upper()
            if target.replacement == canonical_caps:
                return canonical_caps  # a name written in capitals (NATO)
            if self._topic.capitals_stay(text, start, end, names.spans(), letters, exact=True):
                return canonical_caps
            return target.replacement
        if letters >= 4 and broken_case(surface):
            if set_in_capitals(text, start, end, names.spans()):
                return target.replacement.upper()
            return target.replacement
        return None  # lower case: a URL slug, code, or a garble for the fuzzy pass

    @staticmethod
    def _urlish(text: str, start: int, end: int) -> bool:
        left = start
        while left > 0 and start - left < 256 and not text[left - 1].isspace():
            left -= 1
        right = end
        while right < len(text) and right - end < 256 and not text[right].isspace():
            right += 1
        if _URLISH.search(text, left, right) or _CODE_AFTER.match(text, end):
            return True
        return bool(_CODE_BEFORE.search(text, max(0, start - 2), start))

    def _given_damaged(self, text: str, start: int, end: int) -> bool:
        """Is this place spelling one letter or two from a given name of the person whose
        surname comes next? Then it is that given name, damaged (Romn Abramovich), and the
        fuzzy pass repairs it; In Kiev Zelensky met... is still Kyiv."""
        word = _NEXT_WORD.match(text, end)
        if word is None:
            return False
        givens = self._givens_of.get(fold(word.group(1)))
        if not givens:
            return False
        surface = fold(text[start:end])
        return any(osa_distance(surface, given) <= 2 for given in givens)

    def _other_persons_given(self, text: str, start: int, target: Target) -> bool:
        """A surname right after someone else's given name is that someone (Sergei Fedorov)."""
        span = _PREV_WORD.find(text, start)
        if span is None:
            return False
        word = text[span[0] : span[1]]
        if not word[0].isupper():
            return False
        word = fold(word)
        if target.role == ROLE_SURNAME and word in self._female_titles:
            return True  # Ms Lavrova is a woman, not Lavrov in the genitive
        return word in self._given_names and word not in target.own_given


def _canonical_targets(lexicon: Lexicon, english_words: frozenset[str]) -> dict[str, Target]:
    """Each entity's canonical name (and a person's surname alone), folded -> a Target that
    only changes case. Names that are also English words are left out (the MENA region)."""
    found: dict[str, Target] = {}
    for entity in lexicon.entities:
        spellings = [(entity.canonical, entity.canonical, ROLE_NAME)]
        spellings += [(accepted, entity.canonical, ROLE_NAME) for accepted in entity.accepted]
        if entity.kind == "person" and " " in entity.canonical:
            surname = entity.canonical.split()[-1]
            spellings.append((surname, surname, ROLE_SURNAME))
        for spelling, replacement, role in spellings:
            key = fold(spelling)
            if key in english_words or len(key) < 4:
                continue
            known = found.get(key)
            if known is None:
                forms = frozenset((spelling, replacement))
                found[key] = Target(replacement, entity.id, role, forms, (RECASE_SOURCE,))
            elif known.entity_id == entity.id:  # Mediazona, and MediaZona as accepted
                found[key] = known._replace(forms=known.forms | {spelling})
    return found


class _NameSpans:
    """Where the names found in a text stand, worked out only if a case decision needs it."""

    __slots__ = ("_hits", "_spans", "_text")

    def __init__(self, text: str, hits: list[tuple[int, int, int]]) -> None:
        self._text = text
        self._hits = hits
        self._spans: Spans | None = None

    def spans(self) -> Spans:
        if self._spans is None:
            text = self._text
            self._spans = Spans((s, e) for _, s, e in self._hits if bounded(text, s, e))
        return self._spans
