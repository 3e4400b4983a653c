"""The fuzzy pass: damaged names that no scheme produces (Sudzhha, SYKSKI, KyIw, Dmyl Krasylnykov).

Candidates are capitalised or oddly cased words that are not ordinary English words, not
correct spellings, and not names known from elsewhere in the world. Each distinct candidate
is compared once (memoised) with the single-word spellings of the lexicon by optimal string
alignment distance (swaps count as one edit), within its length band; a repair needs a
clear margin over the nearest spelling of any other entity. The score is the similarity
(1 - distance / length); below the cleaner's `min_score` the repair is only suggested.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Container, Iterable
from dataclasses import dataclass
from itertools import chain, compress
from typing import NamedTuple, TypeVar, cast

import regex

from transclean.capwords import CAPITALISED, capitalised_words
from transclean.edits import Edit
from transclean.lexicon import Entity, Lexicon, Person, VariantIndex
from transclean.lexicon.index import ROLE_NAME, ROLE_SURNAME
from transclean.passes.spellings import Near, Spellings, osa_distance
from transclean.passes.topic import TopicWords
from transclean.text import (
    APOSTROPHES,
    Spans,
    WordBefore,
    broken_case,
    fold,
    set_in_capitals,
)
from transclean.wordset import WordSet

NAME = "fuzzy"
MIN_LENGTH = 4
SUGGEST_FLOOR = 0.6  # below this similarity nothing is even suggested
GIVEN_FLOOR = 0.5  # a given name beside its person's surname: weaker evidence suffices
# A surname after a known given name: a given name (Oleg) is shared by millions, so the
# surname must be close on its own (two edits in nine letters), unlike a given name beside
# a surname, which is most of the evidence.
SURNAME_FLOOR = 0.75
CONTEXT = 400  # characters either side in which a topic word or known name must stand
# A match this close (one edit in seven letters or more) needs no context; a weaker one
# must stand in a passage about Ukraine, Russia or the war. A damaged given name beside its
# person's surname needs none: the surname is the context.
SURE = 0.875
_MEMO_LIMIT = 200_000
_UNSEEN = object()  # not in the memo (a thread may clear it at any time)
T = TypeVar("T")

_NEXT_WORD = regex.compile(r"[ \t]+([\p{L}\p{M}]+)(?![\w])")
# The word before a position, read backwards: (?<![\w])([\p{L}\p{M}]+)[ \t]+\Z forwards.
_PREV_WORD = WordBefore(regex.compile(r"[ \t]+([\p{L}\p{M}]+)(?!\w)"), edge=True)


def similarity(distance: int, length: int) -> float:
    """1 - distance / (length + 1): one edit in a four-letter word scores 0.8, two edits need
    nine letters. The extra character of slack keeps short words from scoring too low."""
    return round(1 - distance / (length + 1), 3)


def similarity_of(word: str, other: str) -> float:
    """The similarity of two words (OSA distance over the longer one's length)."""
    return similarity(osa_distance(word, other), max(len(word), len(other)))


@dataclass(frozen=True, slots=True)
class Match:
    """The nearest lexicon spelling of a token, and how sure the match is."""

    replacement: str
    entity_id: str
    key: str
    score: float
    swapped_short: bool = False  # one letter changed in a word of five letters or fewer


class _Facts(NamedTuple):
    """What a located word is, whatever stands around it."""

    folded: str
    surname_of: list[Person] | None  # the people whose surname it is
    given_of: list[Person] | None  # the people whose given name it is
    found: Match | None  # its nearest lexicon spelling, unless none or spelled right
    pairable: bool  # could be one damaged word of a two-word name (not known, not short)
    before_literal: bool  # could be a damaged given name before a surname translated as a word

    @property
    def could_edit(self) -> bool:
        """Could the word lead to an edit with no damaged name beside it?"""
        return self.found is not None or self.pairable or self.before_literal


class FuzzyPass:
    """Repair damaged single-word names, and damaged given names beside a known surname."""

    name = NAME

    def __init__(self, lexicon: Lexicon, index: VariantIndex) -> None:
        keys: dict[str, tuple[str, str] | None] = {}

        def add(key: str, replacement: str, entity_id: str) -> None:
            known = keys.get(key, (replacement, entity_id))
            keys[key] = None if known is None or known[0] != replacement else known

        for key, target in index.targets.items():
            if target.role in (ROLE_NAME, ROLE_SURNAME) and " " not in key and not target.declined:
                add(key, target.replacement, target.entity_id)
        for entity in lexicon.entities:
            word = entity.canonical.split()[-1] if entity.kind == "person" else entity.canonical
            if " " not in word:
                add(fold(word), word, entity.id)
        self._keys = {k: v for k, v in keys.items() if v is not None and len(k) >= MIN_LENGTH - 1}
        self._spellings = Spellings(self._keys)

        guards = lexicon.guards
        correct = {
            w for e in lexicon.entities for n in (e.canonical, *e.accepted) for w in _words(fold(n))
        }
        protected_words = {w for phrase in index.protected for w in _words(phrase)}
        lookalikes = {w for e in lexicon.entities for n in e.lookalikes for w in _words(fold(n))}
        # Two-word names (Velyka Novosilka, Ukrainska Pravda): a damaged word is compared with
        # the other half of the names whose remaining word stands beside it, spelled right.
        self._pairs: dict[tuple[int, str], list[tuple[str, Entity]]] = {}
        for entity in lexicon.entities:
            parts = entity.canonical.split()
            if entity.kind != "person" and len(parts) == 2:
                first, second = (fold(p) for p in parts)
                self._pairs.setdefault((1, second), []).append((first, entity))
                self._pairs.setdefault((0, first), []).append((second, entity))
        self._pair_words = Spellings(w for options in self._pairs.values() for w, _ in options)
        # Places elsewhere are guards; Ukraine's own (the lexicon lists every Ukrainian city,
        # and the gazetteer's Ukrainian entries are their old spellings, like Kyiw) are not.
        elsewhere = {
            name
            for name, cc in guards.world_places.items()
            if cc.strip(",") != "UA" and set(cc.split(",")) != {"UA"}
        }
        self._known = WordSet(
            guards.english_words
            | guards.given_names
            | guards.surnames
            | guards.frequent_names
            | elsewhere
            | correct
            | protected_words
            | lookalikes
            | guards.name_context_words
        )
        self._given_names = WordSet(guards.given_names - guards.name_context_words)
        self._first_names = WordSet(index.given_names)  # without English words: In, On, May
        self._female_titles = guards.female_titles
        self._topic = TopicWords(guards.topic_words)
        # Ukrainian/Russian given names as schemes spell them (not shared Western names).
        self._slavic = frozenset(
            spelling
            for spelling, kinds in index.slavic_given.items()
            if any(language != "en" for language, _ in kinds)
        )
        self._people = {person.entity_id: person for person in index.people}
        self._exact = index.targets
        self._by_surname: dict[str, list[Person]] = {}
        self._by_literal: dict[str, list[Person]] = {}
        self._by_given: dict[str, list[Person]] = {}
        for person in index.people:
            self._by_surname.setdefault(fold(person.surname), []).append(person)
            for word in person.literals:
                self._by_literal.setdefault(word, []).append(person)
            for given in person.givens:
                if " " not in given:
                    self._by_given.setdefault(given, []).append(person)
        # A surname translated as a word (candle) is looked for only after a capitalised
        # word that could be a damaged given name of one of those people (Olexisiy): such
        # words are rare, where the words themselves (frost, miller) fill English prose.
        self._literal_forms = frozenset(
            form for word in self._by_literal for form in (word, word.title(), word.upper())
        )
        self._literal_givens: dict[str, tuple[str, ...]] = {}
        for people in self._by_literal.values():
            for person in people:
                for given in person.givens:
                    known = self._literal_givens.get(given[0], ())
                    if given not in known:
                        self._literal_givens[given[0]] = (*known, given)
        self._memo: dict[str, Match | None] = {}
        self._token_facts: dict[str, _Facts] = {}
        self._given_verdicts: dict[str, bool] = {}
        self._surname_verdicts: dict[str, bool] = {}
        self._endings = guards.surname_endings
        self._places = frozenset(e.id for e in lexicon.entities if e.kind != "person")
        # Words seen, and those of them that could lead to an edit (memoised as two sets, so
        # a text's distinct words are sorted by set operations in C, not a Python loop). One
        # attribute holds both, replaced (never cleared) when full, so that a thread always
        # reads a matching pair.
        self._verdicts: tuple[set[str], set[str]] = (set(), set())
        self._mentions: dict[str, bool] = {}  # word -> does it show the topic (memoised)
        self._correct_surfaces = frozenset(
            w
            for e in lexicon.entities
            for n in (e.canonical, *e.accepted)
            for w in (*_words(n), *n.split())
        )

    # -- single tokens ---------------------------------------------------------------

    def nearest(self, token: str) -> Match | None:
        """The lexicon spelling a damaged token most likely stands for (memoised)."""
        if token in self._correct_surfaces:
            return None  # spelled as a correct name is spelled (MediaZona, an accepted form)
        key = fold(token)
        memo = self._memo.get(key, _UNSEEN)
        if memo is _UNSEEN:
            found = _kept(self._memo, key, self._search(key))
        else:
            found = cast("Match | None", memo)
        if found is not None and found.swapped_short and not broken_case(token):
            # One letter changed in a short word makes another word (Deek is not DTEK)
            # unless the case shows damage too (KyIw); a letter doubled or dropped is fine.
            return None
        return found

    def _reach(self, key: str) -> int:
        """How many edits from `key` a spelling is searched for (0: no search)."""
        if key in self._keys or key in self._known or len(key) < MIN_LENGTH:
            return 0
        return _reach_of(key)

    def _search_ahead(self, words: Iterable[str]) -> None:
        """Compare at once the words that `nearest` would compare one by one (a text's new
        words that set look-ups leave undecided)."""
        pending: dict[str, int] = {}
        for word in words:
            if word in self._correct_surfaces:
                continue  # `nearest` returns None for it unsearched
            key = fold(word)
            if key not in pending and key not in self._memo:
                reach = self._reach(key)
                if reach:
                    pending[key] = reach
        searched = list(pending.items())
        for (key, _), near in zip(searched, self._spellings.near_many(searched), strict=True):
            _kept(self._memo, key, self._search(key, near))

    def _search(self, key: str, near: Near | None = None) -> Match | None:
        """The match for `key`, from the spellings `near` it if they were searched already
        (for a key `_reach` searches)."""
        exact = self._keys.get(key)
        if exact is not None:
            return Match(exact[0], exact[1], key, 1.0)
        if near is None:
            reach = self._reach(key)
            if not reach:
                return None
            near = self._spellings.near(key, reach)
        best: dict[str, tuple[int, str, str]] = {}  # replacement -> (distance, key, entity)
        for choice, distance in near:
            replacement, entity_id = self._keys[choice]
            if replacement not in best or distance < best[replacement][0]:
                best[replacement] = (distance, choice, entity_id)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: item[1][0])
        replacement, (distance, choice, entity_id) = ranked[0]
        if len(ranked) > 1 and ranked[1][1][0] <= distance:
            return None  # no clear margin over another entity
        if self._unlike(key, choice, entity_id, distance):
            return None
        score = similarity(distance, max(len(key), len(choice)))
        if score < SUGGEST_FLOOR:
            return None
        short = len(key) <= 5 and len(key) == len(choice) and distance == 1
        return Match(replacement, entity_id, choice, score, short)

    def _unlike(self, key: str, choice: str, entity_id: str, distance: int) -> bool:
        """Shapes of damage that are really other words (guards, each with its example)."""
        if key.startswith(choice) and key[len(choice) :] in _DERIVED:
            return True  # a word formed from the name: Kievan, Odessans
        if entity_id in self._places:
            ending = self._surname_ending(key)
            if ending and not choice.endswith(ending):
                return True  # a surname is not a place: Kiselev is not Kyselivka
        return False

    def _surname_ending(self, key: str) -> str | None:
        for size in range(min(6, len(key) - 2), 1, -1):
            if key[-size:] in self._endings:
                return key[-size:]
        return None

    # -- the pass --------------------------------------------------------------------

    def run(self, text: str) -> list[Edit]:
        # Work on distinct words first: a text costs one read of its capitalised words plus
        # set look-ups; only the occurrences of the few words that could lead to an edit are
        # then checked.
        seen, worth = self._verdicts
        if len(seen) >= _MEMO_LIMIT:
            seen, worth = self._verdicts = (set(), set())
        words, starts = capitalised_words(text)
        distinct = set(words)
        undecided = []  # new words whose verdict needs their nearest spelling
        for word in distinct - seen:
            # Words with digits or '_' are never names (the scan's shape keeps it fast).
            verdict = self._worth_unsearched(word) if _is_letters(word) else False
            if verdict is None:
                undecided.append(word)
                continue
            if verdict:
                worth.add(word)
            seen.add(word)  # after `worth`: a word in `seen` has its verdict in `worth`
        if self._spellings.batches:
            self._search_ahead(undecided)
        for word in undecided:
            if self._worth_searched(word):
                worth.add(word)
            seen.add(word)
        edits: list[Edit] = []
        targets = distinct & worth
        if not targets:
            return edits
        located = list(compress(range(len(words)), map(targets.__contains__, words)))
        passage = _Passage(text, words, starts, located)
        for k in located:
            edits.extend(self._located(passage, k))
        # A weak match needs a mention near it, and a word this pass repairs may become one
        # (Oleksanrd -> Oleksandr): a second run would see it. So the words repaired into
        # mentions count as mentions, and the words that lacked one are checked again,
        # until nothing changes: cleaning twice gives what cleaning once gave.
        while passage.unsure:
            repaired = self._repaired_mentions(passage, edits) - passage.mentioned
            if not repaired:
                break
            passage.mentioned |= repaired
            spots = sorted(starts[i] for i in repaired)  # each within CONTEXT of its word?
            retry = [
                k for k in passage.unsure if _near_any(spots, starts[k], CONTEXT + len(words[k]))
            ]
            passage.unsure = [k for k in passage.unsure if k not in retry]
            for k in retry:
                edits.extend(self._located(passage, k))
        return _non_overlapping(edits)

    def _located(self, passage: _Passage, k: int) -> list[Edit]:
        """The edits around the located word `k` of the passage's word list."""
        text, words, starts = passage.text, passage.words, passage.starts
        word, start = words[k], starts[k]
        end = start + len(word)
        facts = self._facts(word)
        # A damaged given name or surname beside a located name is itself a capitalised
        # word: the one before or after it in `words`, with only spaces between. Whose
        # given name may stand before the word, and whose surname after it:
        given_of_whom = (
            facts.surname_of
            if k > 0
            and _spaced(text, starts[k - 1] + len(words[k - 1]), start)
            and self._may_be_given(words[k - 1])
            else None
        )
        surname_of_whom = (
            facts.given_of
            if k + 1 < len(words)
            and _spaced(text, end, starts[k + 1])
            and self._may_be_surname(words[k + 1])
            else None
        )
        if given_of_whom is None and surname_of_whom is None and not facts.could_edit:
            return []
        passage.current = k
        return self._check(passage, start, end, facts, given_of_whom, surname_of_whom)

    def _repaired_mentions(self, passage: _Passage, edits: list[Edit]) -> set[int]:
        """The capitalised words (indices) that `edits` turn into mentions."""
        found: set[int] = set()
        for edit in edits:
            if any(self._mention(word) for word in CAPITALISED.findall(edit.after)):
                found.update(passage.indices_within(edit.start, edit.end))
        return found

    def _worth_unsearched(self, token: str) -> bool | None:
        """Could this word lead to an edit anywhere? The answer where set look-ups give it;
        None where its nearest spelling must be searched first (`_worth_searched`)."""
        folded = fold(token)
        if folded in self._by_surname or folded in self._by_given:
            return True  # a damaged given name or surname may stand beside it
        if folded in self._known and folded not in self._keys:
            return False  # an English word or a name from elsewhere: none of what follows
        if self._before_literal(folded):
            return True  # a surname translated as a word may follow it (Olexisiy candle)
        if len(token) < MIN_LENGTH:
            return False
        return None

    def _worth_searched(self, token: str) -> bool:
        """Could this word, which `_worth_unsearched` left undecided, lead to an edit?"""
        folded = fold(token)
        found = self.nearest(token)
        if found is None:
            # Perhaps one damaged word of a two-word name (Verkhovno Rada).
            if folded in self._known or len(folded) < MIN_LENGTH:
                return False
            return bool(self._pair_words.near(folded, _reach_of(folded)))
        return not self._exact_surface(token, folded) and (
            found.score < 1.0 or found.replacement != token
        )

    def _facts(self, token: str) -> _Facts:
        """What a located word is, whatever stands around it (memoised: a corpus names the
        same people again and again)."""
        facts = self._token_facts.get(token)
        if facts is None:
            folded = fold(token)
            found = self.nearest(token) if len(token) >= MIN_LENGTH else None
            if found is not None and self._exact_surface(token, folded):
                found = None
            facts = _Facts(
                folded,
                self._by_surname.get(folded),
                self._by_given.get(folded),
                found,
                len(folded) >= MIN_LENGTH and folded not in self._known,
                self._before_literal(folded),
            )
            _kept(self._token_facts, token, facts)
        return facts

    def _check(
        self,
        passage: _Passage,
        start: int,
        end: int,
        facts: _Facts,
        given_of_whom: list[Person] | None,
        surname_of_whom: list[Person] | None,
    ) -> list[Edit]:
        """Edits around one located word: a damaged given name of `given_of_whom` before it,
        a damaged surname of `surname_of_whom` after it, or the word itself."""
        text = passage.text
        if _part_of_apostrophe_word(text, start, end):
            return []  # Zaporozh'ye: the word goes on past the apostrophe
        token = text[start:end]
        folded, _, _, found, pairable, before_literal = facts
        edits: list[Edit] = []
        if given_of_whom is not None:
            edits.extend(self._given_before(text, start, given_of_whom, None))
        if surname_of_whom is not None:
            edits.extend(self._surname_after(text, end, surname_of_whom))
        if before_literal:
            edits.extend(self._literal_after(text, end))
        if pairable:
            pair = self._in_pair(passage, start, end, folded)
            if pair is not None:  # the neighbouring word is evidence too: the pair decides
                return [*edits, pair] if isinstance(pair, Edit) else edits
        if found is None:
            return edits
        if self._someone_else(text, start, found):
            return edits
        if found.score < SURE and not self._context_near(passage, start, end):
            return edits  # a weaker match needs the passage to be about our entities
        after = self._styled(text, start, end, token, found, passage.names)
        if after != token:
            first, full = self._with_given(text, start, found.replacement, found.entity_id)
            if first != start:
                after = full.upper() if token.isupper() else full
            edits.append(self._edit(first, end, text[first:end], after, found, "damaged"))
        return edits

    def _in_pair(self, passage: _Passage, start: int, end: int, folded: str) -> Edit | bool | None:
        """`Urainsk Pravda`, `Velyka Novoilka`: one damaged word of a two-word name (a word
        that is not known and not short: `_Facts.pairable`).

        None when no two-word name fits; False when one fits but too weakly to repair here
        (then the word is not repaired alone either: Urainsk is not the town Ukrainsk).
        """
        text = passage.text
        best: tuple[float, Entity, int, int] | None = None
        runner_up = 0.0
        nxt = _NEXT_WORD.match(text, end)
        prev = _PREV_WORD.find(text, start)
        sides = []
        # A soft sign written as a final apostrophe (Oblastʹ) is not damage.
        bare = folded.rstrip("'")
        if nxt is not None:
            key = (1, fold(nxt.group(1)).rstrip("'"))
            sides.append((self._pairs.get(key, []), start, nxt.end(1)))
        if prev is not None:
            key = (0, fold(text[prev[0] : prev[1]]).rstrip("'"))
            sides.append((self._pairs.get(key, []), prev[0], end))
        for options, span_start, span_end in sides:
            for other, entity in options:
                if other == bare:
                    return None  # this word is spelled right; nothing to repair here
                if other[0] != folded[0]:
                    continue
                score = similarity_of(bare, other)
                if best is None or score > best[0]:
                    runner_up = best[0] if best is not None else 0.0
                    best = (score, entity, span_start, span_end)
                elif score > runner_up:
                    runner_up = score
        if best is None or best[0] < SUGGEST_FLOOR or runner_up >= best[0]:
            return None
        score, entity, span_start, span_end = best
        if score < SURE and not self._context_near(passage, start, end):
            return False
        match = Match(entity.canonical, entity.id, "", score)
        before = text[span_start:span_end]
        after = entity.canonical
        if before.isupper() and set_in_capitals(text, span_start, span_end, passage.names):
            after = after.upper()  # CERKASY OBLAST in a capitals headline stays in capitals
        return self._edit(
            span_start, span_end, before, after, match, "damaged word of a two-word name"
        )

    def _is_mention(self, folded: str) -> bool:
        """A capitalised word that shows the passage is about our entities: a correct,
        unambiguous name from the lexicon, or a Ukrainian/Russian given name."""
        return (folded in self._keys and folded not in self._known) or folded in self._slavic

    def _context_near(self, passage: _Passage, start: int, end: int) -> bool:
        """Is the passage about Ukraine, Russia or the war? A topic word, a known name or a
        Slavic given name, other than the word itself, within CONTEXT characters."""
        text = passage.text
        mentions, words, mentioned = self._mentions, passage.words, passage.mentioned
        for k in passage.indices_near(start, end, CONTEXT):
            verdict = mentions.get(words[k])
            if verdict is None:
                verdict = self._mention(words[k])
            if verdict or k in mentioned:
                return True
        if self._topic.near(text, start, end, CONTEXT):
            return True
        passage.unsure.append(passage.current)
        return False

    def _mention(self, word: str) -> bool:
        """Is this capitalised word a mention (see _is_mention)? Memoised per word."""
        verdict = self._mentions.get(word)
        if verdict is None:
            verdict = _kept(self._mentions, word, self._is_mention(fold(word)))
        return verdict

    def _someone_else(self, text: str, start: int, found: Match) -> bool:
        """After another person's given name a word is that person's surname (Marvin Minsky,
        Ralph Kiner), never a place and never our person's damaged surname."""
        m = _PREV_WORD.find(text, start)
        if m is None or not text[m[0]].isupper():
            return False
        given = fold(text[m[0] : m[1]])
        person = self._people.get(found.entity_id)
        if person is not None and given in self._female_titles:
            return True  # Ms Lavrova is a woman, not Lavrov in the genitive
        if given not in self._first_names:
            return False
        return person is None or given not in person.givens

    def _exact_surface(self, token: str, folded: str) -> bool:
        """An exact variant in Title or UPPER case that the names pass chose to leave."""
        return folded in self._exact and (token.istitle() or token.isupper())

    def _may_be_given(self, word: str) -> bool:
        """Could `_given_before` take this capitalised word (its last part, as the word
        before a position is read) for a damaged given name? Memoised."""
        verdict = self._given_verdicts.get(word)
        if verdict is None:
            unknown = self._unknown(word.rpartition("-")[2], self._given_names)
            verdict = _kept(self._given_verdicts, word, unknown)
        return verdict

    def _may_be_surname(self, word: str) -> bool:
        """Could `_surname_after` take this capitalised word (its first part, as the word
        after a position is read) for a damaged surname? Memoised."""
        verdict = self._surname_verdicts.get(word)
        if verdict is None:
            unknown = self._unknown(word.partition("-")[0], self._keys)
            verdict = _kept(self._surname_verdicts, word, unknown)
        return verdict

    def _unknown(self, part: str, names: Container[str]) -> bool:
        """Neither an ordinary word nor one of `names` (or not plain letters: let the
        check that reads the text decide)."""
        folded = fold(part)
        return not part.isalpha() or not (folded in self._known or folded in names)

    def _given_before(
        self, text: str, surname_start: int, people: list[Person], literal: tuple[int, int] | None
    ) -> Iterable[Edit]:
        """`Dmyl Krasylnykov`: a damaged given name right before a person's surname."""
        m = _PREV_WORD.find(text, surname_start)
        if m is None:
            return []
        given = text[m[0] : m[1]]
        folded = fold(given)
        if not given[0].isupper() or folded in self._known or folded in self._given_names:
            return []
        if any(folded in p.givens or folded == fold(p.given) for p in people):
            return []  # a correct or known spelling: the names pass decides those
        scored = []
        for person in people:
            sims = [similarity_of(folded, g) for g in person.givens if g[0] == folded[0]]
            if sims:
                scored.append((max(sims), person))
        if not scored:
            return []
        scored.sort(key=lambda s: -s[0])
        closeness, person = scored[0]
        if closeness < GIVEN_FLOOR or (len(scored) > 1 and scored[1][0] >= closeness):
            return []
        # The person's surname beside it is most of the evidence; the spelling adds the rest.
        score = 0.8 + 0.2 * closeness
        start, end = m
        after = person.given
        reason = f"damaged given name beside the surname of {person.canonical}"
        if literal is not None:
            end = literal[1]
            after = person.canonical
            reason = (
                f"damaged given name and the surname translated as a word; "
                f"the person is {person.canonical}"
            )
        match = Match(after, person.entity_id, "", round(score, 3))
        return [self._edit(start, end, text[start:end], after, match, reason)]

    def _before_literal(self, folded: str) -> bool:
        """Could this word (its last part, after a hyphen) be a damaged given name of a person
        whose surname translation turns into a word? What `_given_before` asks of it, for
        any of those people."""
        word = folded.rpartition("-")[2]
        near = word and any(
            given != word and similarity_of(word, given) >= GIVEN_FLOOR
            for given in self._literal_givens.get(word[0], ())
        )
        return bool(near) and word not in self._known and word not in self._given_names

    def _literal_after(self, text: str, given_end: int) -> Iterable[Edit]:
        """`Olexisiy candle`: a surname translated as a word, after a damaged given name."""
        m = _NEXT_WORD.match(text, given_end)
        if m is None or m.group(1) not in self._literal_forms:
            return []
        people = self._by_literal[fold(m.group(1))]
        return self._given_before(text, m.start(1), people, (m.start(1), m.end(1)))

    def _surname_after(self, text: str, given_end: int, people: list[Person]) -> list[Edit]:
        """`Valerii Zaluzyi`: a damaged surname right after a given name of a known person."""
        m = _NEXT_WORD.match(text, given_end)
        if m is None:
            return []
        surname = m.group(1)
        folded = fold(surname)
        if not surname[0].isupper() or folded in self._known or folded in self._keys:
            return []  # a known word or a spelling the names pass has decided
        if _part_of_apostrophe_word(text, m.start(1), m.end(1)):
            return []
        scored = sorted(
            (
                (similarity_of(folded, fold(p.surname)), p)
                for p in people
                if fold(p.surname)[0] == folded[0]
            ),
            key=lambda s: -s[0],
        )
        if not scored:
            return []
        closeness, person = scored[0]
        if closeness < SURNAME_FLOOR or (len(scored) > 1 and scored[1][0] >= closeness):
            return []
        match = Match(person.surname, person.entity_id, "", round(0.8 + 0.2 * closeness, 3))
        reason = f"damaged surname after the given name of {person.canonical}"
        start, after = self._with_given(text, m.start(1), person.surname, person.entity_id)
        if surname.isupper() and len(surname) > 1:
            after = after.upper()
        return [self._edit(start, m.end(1), text[start : m.end(1)], after, match, reason)]

    def _with_given(self, text: str, start: int, surname: str, entity_id: str) -> tuple[int, str]:
        """A given name in another spelling (Sergueï) before a repaired surname makes a
        variant the names pass would change on a second run: change the whole name now.
        (start, replacement) of the edit."""
        given = _PREV_WORD.find(text, start)
        if given is not None:
            full = self._exact.get(fold(f"{text[given[0] : given[1]]} {surname}"))
            if full is not None and full.entity_id == entity_id:
                return given[0], full.replacement
        return start, surname

    def _styled(
        self, text: str, start: int, end: int, token: str, found: Match, names: Spans
    ) -> str:
        """Capitals stay where the layout sets them (a headline, a dateline); a name in
        capitals mid-sentence (SYKSKI added, Police in LUHANSK said) gets the canonical
        spelling."""
        replacement = found.replacement
        if not token.isupper():
            return replacement
        exact = found.score == 1.0
        if self._topic.capitals_stay(text, start, end, names, len(token), exact=exact):
            return replacement.upper()
        return replacement

    @staticmethod
    def _edit(start: int, end: int, before: str, after: str, match: Match, why: str) -> Edit:
        spelled = f" (nearest spelling {match.key!r})" if match.key else ""
        return Edit(
            start,
            end,
            before,
            after,
            NAME,
            match.entity_id,
            f"{why}{spelled}; canonical is {match.replacement}",
            match.score,
        )


def _reach_of(key: str) -> int:
    """How many edits a spelling within the suggestion floor may be from `key`."""
    return int(len(key) * (1 - SUGGEST_FLOOR))


def _part_of_apostrophe_word(text: str, start: int, end: int) -> bool:
    """True for `Zaporozh` in Zaporozh'ye or `Artagnan` in D'Artagnan; not for Kyiv's."""
    marks = "'" + APOSTROPHES
    if start >= 2 and text[start - 1] in marks and text[start - 2].isalpha():
        return True
    if end + 1 < len(text) and text[end] in marks and text[end + 1].isalpha():
        tail = end + 1
        while tail < len(text) and text[tail].isalpha():
            tail += 1
        return text[end + 1 : tail] not in ("s", "S")
    return False


def _words(name: str) -> list[str]:
    """The words of a name, split at spaces and hyphens (Novhorod-Siverskyi)."""
    return name.replace("-", " ").replace("\u2011", " ").split()


# Endings that make a people or an adjective of a place name (not damage, not a case ending).
_DERIVED = frozenset(("an", "ans", "ian", "ians", "ite", "ites", "er", "ers", "ese"))


def _is_letters(word: str) -> bool:
    """Letters (and combining marks), in hyphen-joined parts."""
    return all(
        part.isalpha() or all(ch.isalpha() or unicodedata.category(ch)[0] == "M" for ch in part)
        for part in word.split("-")
    )


def _kept(memo: dict[str, T], key: str, value: T) -> T:
    """`value`, kept in `memo` under `key`; a full memo starts again (a corpus can hold
    millions of distinct words)."""
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _near_any(spots: list[int], position: int, reach: int) -> bool:
    """Is any of the sorted `spots` within `reach` of `position`?"""
    i = bisect_left(spots, position - reach)
    return i < len(spots) and spots[i] <= position + reach


def _spaced(text: str, end: int, start: int) -> bool:
    """Only spaces or tabs (at least one) between two words."""
    return end < start and not text[end:start].strip(" \t")


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    # Longest first, then the surest, then by text: the choice must not depend on the order
    # in which words were found (set order changes with Python's hash seed).
    edits.sort(key=lambda e: (e.start, -(e.end - e.start), -(e.score or 0.0), e.after))
    out: list[Edit] = []
    for edit in edits:
        if out and edit.start < out[-1].end:
            continue
        out.append(edit)
    return out


class _Passage:
    """One text being checked: its capitalised words, where they start, which of them are
    located names (whose spans a case decision may need: worked out on demand), and, while
    the pass runs, which word it is checking, which checks lacked a mention near them, and
    which words its repairs turn into mentions."""

    __slots__ = ("_located", "_names", "current", "mentioned", "starts", "text", "unsure", "words")

    def __init__(self, text: str, words: list[str], starts: list[int], located: list[int]) -> None:
        self.text = text
        self.words = words
        self.starts = starts
        self._located = located
        self._names: Spans | None = None
        self.current = -1  # the located word being checked
        self.unsure: list[int] = []  # located words whose check found no mention near
        self.mentioned: set[int] = set()  # words that this pass's repairs make mentions

    @property
    def names(self) -> Spans:
        if self._names is None:
            words, starts = self.words, self.starts
            self._names = Spans((starts[k], starts[k] + len(words[k])) for k in self._located)
        return self._names

    def indices_near(self, start: int, end: int, reach: int) -> Iterable[int]:
        """The capitalised words that start within `reach` characters before `start` or
        after `end` (the word at start..end left out)."""
        starts = self.starts
        before = bisect_left(starts, start - reach)
        at = bisect_left(starts, start)
        after = bisect_left(starts, end, at)
        return chain(range(before, at), range(after, bisect_left(starts, end + reach, after)))

    def indices_within(self, start: int, end: int) -> range:
        """The capitalised words that start in [start, end)."""
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))
