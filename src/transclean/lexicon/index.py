"""The variant index: every spelling transclean will replace, and why.

Built once per Cleaner. Generated spellings are guarded: one that is an ordinary
English word, a name of another real place or person, or a spelling of a different
entity is held back (reported as a warning) rather than applied. Spellings that a
person wrote are trusted, and only their contradictions are errors.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from transclean.errors import Problem
from transclean.lexicon.declension import Declension, load_declensions
from transclean.lexicon.model import Entity, Lexicon
from transclean.resources import builtin_lexicon_dir
from transclean.text import fold

ROLE_NAME = "name"  # a place or organisation name
ROLE_FULL = "full"  # a person's given name + surname
ROLE_SURNAME = "surname"  # a person's surname alone
ROLE_LITERAL = "literal"  # given name or title + literal translation of the surname
_CASE_SUFFIX = " case)"  # ends the source of a declined form: "kmu2010 (genitive case)"


class Target(NamedTuple):
    """What a variant becomes, and the facts that explain and guard it.

    A named tuple, not a dataclass: a cached Cleaner unpickles ~24k of them at every start,
    and a tuple loads in two thirds of the time (40 -> 27 ms measured)."""

    replacement: str
    entity_id: str
    role: str
    forms: frozenset[str]  # surface forms as spelled by their sources (case kept)
    sources: tuple[str, ...]  # schemes or "lexicon" that produced this spelling
    own_given: frozenset[str] = frozenset()  # surname role: this person's given names, folded

    @property
    def declined(self) -> bool:
        """Only a case form makes this spelling (Kharkova): not a base for fuzzy matching."""
        return all(source.endswith(_CASE_SUFFIX) for source in self.sources)

    @property
    def reason(self) -> str:
        how = ", ".join(self.sources[:3])
        if len(self.sources) > 3:
            how += f" and {len(self.sources) - 3} more schemes"
        how = how.replace("lexicon", "listed in the lexicon")
        if self.role == ROLE_LITERAL:
            return f"literal translation of the surname ({how}); the person is {self.replacement}"
        return f"{how} spelling; canonical is {self.replacement}"


@dataclass(frozen=True)
class Person:
    """A person's name parts, for repairs that need the neighbouring word (Dmyl Krasylnykov)."""

    entity_id: str
    canonical: str
    given: str
    surname: str
    givens: frozenset[str]  # folded spellings of the given name, from every scheme
    literals: frozenset[str]  # folded literal translations of the surname (candle)


@dataclass(frozen=True)
class VariantIndex:
    targets: dict[str, Target]  # case-folded variant -> target
    protected: frozenset[str]  # case-folded text never edited: protected phrases, correct names
    given_names: frozenset[str]  # case-folded given names of anyone (world + lexicon)
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    people: tuple[Person, ...] = ()
    # folded spelling of a Ukrainian/Russian given name -> the (language, sex) it can be;
    # language "en" for a Western news form (Alexander) that no scheme makes
    slavic_given: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)


@dataclass
class _Candidate:
    replacement: str
    entity: Entity
    role: str
    written: bool
    forms: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


def _split_person(name: str) -> tuple[str, str]:
    words = name.split()
    return " ".join(words[:-1]), words[-1]


class _Builder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.by_language: dict[str, list[str]] = {}
        for name, scheme in sorted(lexicon.schemes.items()):
            self.by_language.setdefault(scheme.language, []).append(name)
        self.candidates: dict[str, list[_Candidate]] = {}
        self.warnings: list[Problem] = []
        self.errors: list[Problem] = []
        self.lexicon_given: set[str] = set()
        self.person_given: dict[str, frozenset[str]] = {}
        self.people: list[Person] = []
        # Spellings that must stay as they are: every canonical name and accepted spelling.
        self.keep: dict[str, str] = {}
        # Alternative spellings declared correct: never replaced, whoever generates them.
        self.accepted: set[str] = set()
        self.declensions = _builtin_declensions()

    def _spellings(
        self, forms: Iterable[str], language: str, schemes: Iterable[str] | None = None
    ) -> dict[str, set[str]]:
        """Latin spelling -> schemes that produce it, for each Cyrillic form (by every scheme
        of the language, or by the loaded ones among `schemes`)."""
        names = [
            name
            for name in (self.by_language.get(language, ()) if schemes is None else schemes)
            if name in self.lexicon.schemes
        ]
        out: dict[str, set[str]] = {}
        for form in forms:
            for name in names:
                for spelling in self.lexicon.schemes[name].transliterate_all(form):
                    out.setdefault(spelling, set()).add(name)
        return out

    def _add(
        self, spelling: str, replacement: str, entity: Entity, role: str, source: str, written: bool
    ) -> None:
        key = fold(spelling)
        if key == fold(replacement) and spelling == replacement:
            return
        bucket = self.candidates.setdefault(key, [])
        for cand in bucket:
            if (
                cand.replacement == replacement
                and cand.entity.id == entity.id
                and cand.role == role
            ):
                cand.forms.add(spelling)
                cand.sources.add(source)
                cand.written = cand.written or written
                return
        bucket.append(_Candidate(replacement, entity, role, written, {spelling}, {source}))

    def entity(self, entity: Entity) -> None:
        generated: dict[str, set[str]] = {}
        for language in ("uk", "ru"):
            forms = entity.uk if language == "uk" else entity.ru
            for spelling, schemes in self._spellings(forms, language).items():
                generated.setdefault(spelling, set()).update(schemes)
        self.keep.setdefault(fold(entity.canonical), entity.canonical)
        self.accepted.update(fold(a) for a in entity.accepted)
        if entity.kind == "person":
            self._person(entity, generated)
            return
        for spelling, schemes in generated.items():
            for scheme in schemes:
                self._add(spelling, entity.canonical, entity, ROLE_NAME, scheme, False)
        if entity.kind == "place":
            for spelling, source in self._case_forms(entity, "place"):
                self._add(spelling, entity.canonical, entity, ROLE_NAME, source, False)
        for spelling in entity.variants:
            self._add(spelling, entity.canonical, entity, ROLE_NAME, "lexicon", True)

    def _case_forms(self, entity: Entity, kind: str) -> list[tuple[str, str]]:
        """(Latin spelling, source) of the declined forms of a one-word place name or of a
        person's surname (Сирського: Syrskoho), by lexicons/declension/."""
        found: list[tuple[str, str]] = []
        for language in ("uk", "ru"):
            declension = self.declensions.get(language)
            if declension is None:
                continue
            for form in entity.uk if language == "uk" else entity.ru:
                words = form.split()
                if kind == "place" and len(words) != 1:
                    continue  # Велика Новосілка: both words decline, and rarely leak
                word = words[-1] if words else form
                for case, declined in declension.decline(word, kind):
                    spellings = self._spellings((declined,), language, declension.schemes)
                    for spelling, names in spellings.items():
                        found.extend((spelling, f"{n} ({case}{_CASE_SUFFIX}") for n in names)
        return found

    def _person(self, entity: Entity, generated: dict[str, set[str]]) -> None:
        given, surname = _split_person(entity.canonical)
        givens: dict[str, set[str]] = {given: {"canonical"}} if given else {}
        surnames: dict[str, set[str]] = {}
        for spelling, schemes in generated.items():
            g, s = _split_person(spelling)
            if g:
                givens.setdefault(g, set()).update(schemes)
            surnames.setdefault(s, set()).update(schemes)
        self.keep.setdefault(fold(surname), surname)
        for variant in entity.variants:
            if len(variant.split()) == 1:
                surnames.setdefault(variant, set()).add("lexicon")
            else:
                g, _ = _split_person(variant)
                givens.setdefault(g, set()).add("lexicon")
        own_given = frozenset(fold(g) for g in givens)
        self.person_given[entity.id] = own_given
        self.people.append(
            Person(
                entity.id,
                entity.canonical,
                given,
                surname,
                own_given,
                frozenset(fold(w) for w in entity.literal),
            )
        )
        self.lexicon_given.update(own_given)
        for variant in entity.variants:
            role = ROLE_SURNAME if len(variant.split()) == 1 else ROLE_FULL
            target = surname if role == ROLE_SURNAME else entity.canonical
            self._add(variant, target, entity, role, "lexicon", True)
        for spelling, source in self._case_forms(entity, "surname"):
            self._add(spelling, surname, entity, ROLE_SURNAME, source, False)
        for s, s_sources in surnames.items():
            if s != surname:
                for src in s_sources:
                    self._add(s, surname, entity, ROLE_SURNAME, src, False)
            for g, g_sources in givens.items():
                full = f"{g} {s}"
                if full != entity.canonical:
                    # Name the schemes behind the parts that differ from the canonical name.
                    differing = (s_sources if s != surname else set()) | (
                        g_sources if g != given else set()
                    )
                    for src in sorted(differing - {"canonical"}):
                        self._add(full, entity.canonical, entity, ROLE_FULL, src, False)
        for word in entity.literal:
            for g in givens:
                self._add(f"{g} {word}", entity.canonical, entity, ROLE_LITERAL, "lexicon", True)
            guards = self.lexicon.guards
            if fold(word) in guards.surnames or fold(word) in guards.given_names:
                continue  # General Miller is an American general, not General Melnyk
            for title in entity.titles:
                self._add(
                    f"{title} {word}", f"{title} {surname}", entity, ROLE_LITERAL, "lexicon", True
                )

    def _veto(self, key: str, cand: _Candidate) -> str | None:
        """Why a generated spelling must not be applied without context, or None."""
        guards = self.lexicon.guards
        kept = self.keep.get(key)
        if kept is not None and kept != cand.replacement:
            return f"is the correct spelling of {kept!r}"
        if cand.written:
            return None
        single = " " not in key
        if single and key in guards.english_words:
            return "is an ordinary English word"
        listed = guards.world_places.get(key)
        countries = set(listed.split(",")) if listed else set()
        own = {cand.entity.country} if cand.entity.country else set()
        elsewhere = countries and (cand.role == ROLE_SURNAME or not countries <= own)
        if elsewhere and (single or cand.role == ROLE_NAME):
            return f"is the name of a place in {', '.join(sorted(countries))}"
        if single and cand.role in (ROLE_NAME, ROLE_SURNAME):
            if key in guards.surnames or key in guards.given_names:
                return "is a common given name or surname elsewhere"
            if cand.role == ROLE_SURNAME and key in guards.frequent_names:
                return "is a name frequent in English text, probably someone else's"
        return None

    def finish(self) -> VariantIndex:
        lookalikes = {fold(x) for e in self.lexicon.entities for x in e.lookalikes}
        targets: dict[str, Target] = {}
        for key, bucket in sorted(self.candidates.items()):
            if key in lookalikes or key in self.accepted:
                continue
            live = []
            for cand in bucket:
                why = self._veto(key, cand)
                if why is None:
                    live.append(cand)
                elif cand.written:
                    self.errors.append(
                        Problem(
                            cand.entity.source,
                            cand.entity.id,
                            "variants",
                            f"{sorted(cand.forms)[0]!r} {why}",
                        )
                    )
                else:
                    self.warnings.append(
                        Problem(
                            cand.entity.source,
                            cand.entity.id,
                            None,
                            f"generated spelling {sorted(cand.forms)[0]!r} {why}: not applied",
                            "warning",
                        )
                    )
            replacements = {c.replacement for c in live}
            if len(replacements) > 1:
                written = [c for c in live if c.written]
                if len({c.replacement for c in written}) > 1:
                    names = ", ".join(f"{c.entity.id} -> {c.replacement}" for c in written)
                    for c in written:
                        self.errors.append(
                            Problem(
                                c.entity.source,
                                c.entity.id,
                                "variants",
                                f"{key!r} maps to two canonical names ({names})",
                            )
                        )
                    continue
                names = ", ".join(sorted(f"{c.entity.id} -> {c.replacement}" for c in live))
                for c in live:
                    if not c.written:
                        self.warnings.append(
                            Problem(
                                c.entity.source,
                                c.entity.id,
                                None,
                                f"generated spelling {sorted(c.forms)[0]!r} is ambiguous "
                                f"({names}): "
                                "not applied",
                                "warning",
                            )
                        )
                live = written
            if not live:
                continue
            # Same replacement from several entities (two people surnamed Fedorov): merge.
            first = live[0]
            forms = set().union(*(c.forms for c in live))
            sources = sorted(set().union(*(c.sources for c in live)))
            own_given: frozenset[str] = frozenset()
            if first.role == ROLE_SURNAME:
                own_given = frozenset().union(
                    *(self.person_given.get(c.entity.id, frozenset()) for c in live)
                )
            targets[key] = Target(
                first.replacement,
                first.entity.id
                if len(live) == 1
                else "+".join(sorted({c.entity.id for c in live})),
                first.role,
                frozenset(forms),
                tuple(sources),
                own_given,
            )
        return VariantIndex(
            targets=targets,
            protected=self._protected(),
            given_names=self._given_names(),
            warnings=tuple(self.warnings),
            people=tuple(self.people),
        )

    def _protected(self) -> frozenset[str]:
        """Protected phrases, plus every correct name and look-alike of several words, so
        that a correct name is never cut into (Staryi Krym is not Staryi Crimea; Alexei
        Miller of Gazprom is not Alexei Melnyk)."""
        phrases = {fold(p.text) for p in self.lexicon.phrases}
        for entity in self.lexicon.entities:
            for name in (entity.canonical, *entity.accepted, *entity.lookalikes):
                if " " in name or "-" in name:
                    phrases.add(fold(name))
        return frozenset(phrases)

    def _given_names(self) -> frozenset[str]:
        """Given names that mark a surname as someone else's; English words and titles are not."""
        titles = {fold(w) for e in self.lexicon.entities for t in e.titles for w in t.split()}
        guards = self.lexicon.guards
        # Name lists also hold words (In, Will, May): only a given name that is not an
        # ordinary English word counts, unless a person in the lexicon bears it (Roman).
        names = (guards.given_names - guards.english_words) | self.lexicon_given
        return frozenset(names - guards.name_context_words - titles)


def _spelling_language(scheme: str, language: str) -> str:
    """Which language a given name spelled by `scheme` says the person's name is in. A
    Russian-style reading of a Ukrainian name is Russian; German, French, Polish and
    scholarly spellings say nothing either way ("other")."""
    if scheme.startswith("ru_based"):
        return "ru"
    if scheme.split("_")[0] in ("german", "french", "polish", "iso9", "scholarly"):
        return "other"
    return language


def slavic_given_spellings(lexicon: Lexicon) -> dict[str, frozenset[tuple[str, str]]]:
    """Every spelling of the lexicon's Ukrainian/Russian given names, through every scheme,
    except those that are also ordinary Western names (Anna, Mark) or English words."""
    spellings: dict[str, set[tuple[str, str]]] = {}
    for given in lexicon.given_names:
        for language, form in (("uk", given.uk), ("ru", given.ru)):
            if form is None:
                continue
            for scheme in lexicon.schemes.values():
                if scheme.language == language:
                    tag = _spelling_language(scheme.name, language)
                    for spelling in scheme.transliterate_all(form):
                        spellings.setdefault(fold(spelling), set()).add((tag, given.sex))
        for spelling in given.english:
            spellings.setdefault(fold(spelling), set()).add(("en", given.sex))
    shared = {fold(s) for g in lexicon.given_names for s in g.shared}
    for spelling in shared | lexicon.guards.english_words:
        spellings.pop(spelling, None)
    return {k: frozenset(v) for k, v in spellings.items()}


def build_index(lexicon: Lexicon) -> tuple[VariantIndex, list[Problem]]:
    """The index, and the errors a person wrote (contradictory variants)."""
    builder = _Builder(lexicon)
    for entity in lexicon.entities:
        builder.entity(entity)
    index = dataclasses.replace(builder.finish(), slavic_given=slavic_given_spellings(lexicon))
    return index, builder.errors


@lru_cache(maxsize=1)
def _builtin_declensions() -> dict[str, Declension]:
    """The case-ending rules shipped with the package (lexicons/declension/)."""
    return load_declensions(builtin_lexicon_dir() / "declension")
