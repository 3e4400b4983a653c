"""The lexicon as plain immutable data, after loading and validation."""

from __future__ import annotations

from dataclasses import dataclass, field

from transclean.translit import Scheme

KINDS = ("person", "place", "organisation")


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation and everything known about how it is spelled."""

    id: str
    kind: str
    canonical: str
    source: str  # the file it came from, for messages
    country: str | None = None
    uk: tuple[str, ...] = ()
    ru: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    lookalikes: tuple[str, ...] = ()
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProtectedPhrase:
    """Text that is correct as written and must never be edited (chicken Kiev)."""

    text: str
    reason: str
    source: str


@dataclass(frozen=True)
class GivenName:
    """A Ukrainian/Russian given name in Cyrillic; its Latin spellings come from the schemes."""

    uk: str | None
    ru: str | None
    sex: str  # "m" or "f"
    english: tuple[str, ...]  # news forms no scheme makes (Alexander)
    shared: tuple[str, ...]  # spellings that are also ordinary Western names (Anna, Mark)
    source: str


@dataclass(frozen=True)
class LiteralSurname:
    """A surname that is also a word, so translation turns it into English (Мороз: Frost)."""

    uk: str | None
    ru: str | None
    canonical: str
    literal: tuple[str, ...]
    source: str
    canonical_ru: str | None = None
    feminine_uk: str | None = None
    feminine_ru: str | None = None
    canonical_f: str | None = None
    canonical_f_ru: str | None = None
    not_before: tuple[str, ...] = ()
    why: str = ""
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guards:
    """Vocabularies that veto generated variants: English words and names from elsewhere.

    All keys are folded with `transclean.text.fold`.
    """

    english_words: frozenset[str] = frozenset()
    world_places: dict[str, str] = field(default_factory=dict)  # name -> "CC,CC" country codes
    given_names: frozenset[str] = frozenset()
    surnames: frozenset[str] = frozenset()
    frequent_names: frozenset[str] = frozenset()  # frequent in English text, not dictionary words
    name_context_words: frozenset[str] = frozenset()  # titles and ranks, never given names
    topic_words: frozenset[str] = frozenset()  # words that put a passage in the news domain
    surname_endings: frozenset[str] = frozenset()  # -ov, -enko, -sky: a surname, not a place
    female_titles: frozenset[str] = frozenset()  # Ms, Mrs: Ms Lavrova is not Lavrov


@dataclass(frozen=True)
class Lexicon:
    entities: tuple[Entity, ...]
    phrases: tuple[ProtectedPhrase, ...]
    schemes: dict[str, Scheme]
    guards: Guards
    given_names: tuple[GivenName, ...] = ()
    literal_surnames: tuple[LiteralSurname, ...] = ()
