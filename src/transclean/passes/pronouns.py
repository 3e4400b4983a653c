"""The pronouns pass: she/her/he/his/him/herself/himself that mean a country or body become it/its.

Ukrainian and Russian nouns have grammatical gender, so machine translation writes "Ukraine
began her offensive", "the city of Kursk himself", "the US said she had resumed". The pass
rewrites such a pronoun only when its referent is clear in its own sentence: the nearest
name before it is a country, city, region, state body or organisation, and nothing near it
could be a person (a name, a title, a human noun, another she/he), a ship or an animal.
When unsure it leaves the pronoun: a wrong "it" costs more than a missed one.

Cost: one Aho-Corasick scan for referents; only when there is one, one regex scan for
pronouns; only a pronoun with a referent shortly before it in the same sentence gets the
per-hit work (tokenising its sentence and the one before).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from transclean.edits import Edit
from transclean.errors import LexiconError, Problem
from transclean.lexicon import Lexicon
from transclean.resources import builtin_lexicon_dir
from transclean.text import Automaton, bounded, find_all, fold
from transclean.tomlfile import read_toml
from transclean.wordset import WordSet

NAME = "pronouns"
ROLES = ("subject", "possessive", "object", "reflexive")
_FEMININE = frozenset({"she", "her", "herself"})
_PRONOUNS = frozenset({"she", "he", "her", "his", "him", "herself", "himself"})
_PRONOUN = regex.compile(
    r"\b(?:[Hh]erself|HERSELF|[Hh]imself|HIMSELF|[Ss]he|SHE|[Hh]er|HER|[Hh]is|HIS|[Hh]im|HIM"
    r"|[Hh]e|HE)\b"
)
# A sentence (or clause) ends at . ! ? before a capital, a line break, a semicolon or a
# spaced dash: a referent never reaches across one.
_BOUNDARY = regex.compile(
    r"[.!?…]+[\"'”’»)\]]*[ \t]+(?=[\"“'‘«(\[]?[\p{Lu}\d])|[\r\n]+|;[ \t]+|[ \t]+[–—][ \t]+"
)
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*|\S")
_QUOTES_AND_BRACKETS = frozenset('"“”„«»()[]–—')
_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*")
_BODY_ARTICLE = regex.compile(r"\b(?:the|The|THE)[ ]+(?:(\p{Lu}\p{Ll}+)[ ]+)?\Z")
_NEXT_NAME_WORD = regex.compile(r"[ ]\p{Lu}[\p{L}\p{M}'’-]*")
_NAME_AFTER = regex.compile(r"[ ]\p{Lu}")
_REGION = regex.compile(r"[ ](?:region|oblast|Oblast|Region)\b")
_POSSESSIVE = regex.compile(r"['’]s\b")
_MAX_GAP = 160  # characters between a referent and its pronoun
_MAX_BETWEEN = 16  # tokens between them
_WINDOW = 700  # how far back a sentence start is looked for

_CONTEXT_LISTS = (
    "human_nouns",
    "personal_words",
    "vessels",
    "clause_words",
    "prepositions",
    "after_referent",
    "object_followers",
    "reporting_verbs",
    "safe_capitalised",
    "not_given_names",
)
_NAMED_SECTIONS = ("countries", "capitals", "bodies")
_REPORTING_TITLES = frozenset({"said", "says", "told"})
# Token flags (PronounsPass._flags)
_PRONOUN_F = 1
_FEM = 1 << 1
_HUMAN = 1 << 2
_BLOCKS_BETWEEN = 1 << 3  # quotes, brackets, clause words, human nouns
_PREPOSITION = 1 << 4
_REPORTING = 1 << 5
_OBJECT_FOLLOWER = 1 << 6
_PERSONAL = 1 << 7
_VESSEL = 1 << 8
_CAP = 1 << 9
_SAFE_CAP = 1 << 10
_ORDINARY = 1 << 11  # an ordinary English word (fine as a sentence's first word)
_NAME = 1 << 12  # a title, a known person, a given name or surname that is no English word
_NAME_UNLESS_FIRST = 1 << 13  # a given name that is also a word (Will, Grace)
_HEADS = 1 << 14  # after a referent: shows the referent heads its phrase


@dataclass(frozen=True)
class PronounRule:
    """What a pronoun of one role becomes, with the sentences that show it."""

    id: str
    role: str
    pronouns: tuple[str, ...]
    replacement: str
    examples: tuple[tuple[str, str], ...]
    counterexamples: tuple[str, ...]


@dataclass(frozen=True)
class PronounData:
    """Everything in lexicons/pronouns/, validated."""

    rules: tuple[PronounRule, ...]
    named: dict[str, str]  # referent as written -> kind ("a country")
    common_bodies: dict[str, str]  # noun after "the" -> kind
    place_of: dict[str, str]  # "the <noun> of X" -> kind
    not_referents: frozenset[str]
    words: dict[str, frozenset[str]]  # context section -> folded words
    vessel_prefixes: frozenset[str]
    # (file: section, input, expected output); a counterexample's output is its input
    examples: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class _Referent:
    start: int
    end: int
    display: str
    kind: str
    proper: bool  # a proper name written without "the" (Ukraine, Kyiv): "the Kyiv" is a ship


class PronounsPass:
    """Rewrite gendered pronouns whose referent is, beyond doubt, a country, place or body."""

    name = NAME

    def __init__(self, lexicon: Lexicon, data_dir: Path | None = None) -> None:
        data = load_pronoun_data(data_dir)
        self.data = data
        guards = lexicon.guards
        self._english = WordSet(guards.english_words)
        self._given = WordSet(guards.given_names)
        self._surnames = WordSet(s for s in guards.surnames if s not in guards.english_words)
        self._titles = frozenset(guards.name_context_words - _REPORTING_TITLES)
        self._person_tokens = frozenset(
            fold(token)
            for entity in lexicon.entities
            if entity.kind == "person"
            for token in entity.canonical.split()
        )
        self._flag_cache: dict[str, int] = {}
        self._rule_by_role = {rule.role: rule for rule in data.rules}
        self._rule_of = {p: rule for rule in data.rules for p in rule.pronouns}
        w = data.words
        self._human = w["human_nouns"]
        self._personal = w["personal_words"]
        self._vessels = w["vessels"]
        self._clause = w["clause_words"]
        self._prepositions = w["prepositions"]
        self._after_ok = w["after_referent"]
        self._object_followers = w["object_followers"]
        self._reporting = w["reporting_verbs"]
        self._safe_caps = w["safe_capitalised"]
        self._not_given = w["not_given_names"]
        surfaces = self._surfaces(lexicon, data)
        self._keys = sorted(surfaces)
        self._info = [surfaces[k] for k in self._keys]
        self._automaton = Automaton(self._keys, dfa=True)

    # -- building ---------------------------------------------------------------------------

    def _surfaces(self, lexicon: Lexicon, data: PronounData) -> dict[str, tuple[str, str, str]]:
        """Every written form of a referent -> (display name, kind, type: name/the/body/of)."""
        out: dict[str, tuple[str, str, str]] = {}
        blocked = {fold(n) for n in data.not_referents}
        guards = lexicon.guards

        def add(name: str, kind: str, typ: str) -> None:
            if fold(name) in blocked:
                return
            forms = {name, name.upper()}
            if name.startswith("the "):
                forms.add("The" + name[3:])
            for form in forms:
                out.setdefault(form, (name, kind, typ))

        for entity in lexicon.entities:
            if entity.kind not in ("place", "organisation"):
                continue
            key = fold(entity.canonical)
            if (
                key in guards.given_names
                or key in guards.surnames
                or key in guards.english_words
                or key in self._person_tokens
            ):
                continue  # Volodymyr, Lyman, Antonov, Bar: also a person or a word
            kind = "a place" if entity.kind == "place" else "an organisation"
            add(entity.canonical, kind, "name")
        for name, kind in data.named.items():  # the data files win over the lexicon's kinds
            for form in (name, name.upper(), "The" + name[3:] if name.startswith("the ") else ""):
                if form and fold(name) not in blocked:
                    out[form] = (name, kind, "name")
        for noun, kind in data.common_bodies.items():
            for form in (noun, noun.title(), noun.upper()):
                out[form] = (noun, kind, "body")
        for noun, kind in data.place_of.items():
            for article in ("the", "The"):
                for form in (noun, noun.title()):
                    out[f"{article} {form} of "] = (noun, kind, "of")
        return out

    # -- running ----------------------------------------------------------------------------

    @property
    def strings(self) -> tuple[str, ...]:
        """The referent surfaces it looks for (exact case), for a scan shared with others."""
        return tuple(self._keys)

    @property
    def whole_word_strings(self) -> frozenset[int]:
        """Every referent but "the town of " and the like, which a name follows."""
        return frozenset(i for i, (_, _, typ) in enumerate(self._info) if typ != "of")

    def run(self, text: str) -> list[Edit]:
        return self.run_found(text, find_all(self._automaton, text))

    def run_found(self, text: str, found: Sequence[tuple[int, int, int]]) -> list[Edit]:
        """`run`, given where `strings` occur in `text` (index, start, end)."""
        refs = self._referents(text, found)
        if not refs:
            return []
        starts = [r.start for r in refs]
        edits: list[Edit] = []
        converted: set[int] = set()
        for match in _pronouns_after(text, refs):
            start, end = match.span()
            i = bisect_right(starts, start) - 1
            if i < 0:
                continue
            ref = refs[i]
            if ref.end > start or start - ref.end > _MAX_GAP:
                continue
            if _hyphenated(text, start, end) or _BOUNDARY.search(text, ref.end, end):
                continue
            edit = self._decide(text, ref, refs, starts, start, end, converted)
            if edit is not None:
                edits.append(edit)
                converted.add(start)
        return edits

    def _referents(self, text: str, matches: Sequence[tuple[int, int, int]]) -> list[_Referent]:
        """Leftmost-longest referent mentions, whole words, not inside hyphenated words."""
        found: list[_Referent] = []
        for i, start, end in matches:
            display, kind, typ = self._info[i]
            if typ == "of":
                if start > 0 and text[start - 1].isalnum():
                    continue
                name = _CAPITALISED.match(text, end)
                if name is None:
                    continue
                stop = name.end()
                for _ in range(2):  # up to three words: the town of Chasiv Yar
                    more = _NEXT_NAME_WORD.match(text, stop)
                    if more is None:
                        break
                    stop = more.end()
                place = text[name.start() : stop]
                found.append(_Referent(start, stop, place, kind, False))
                continue
            if not bounded(text, start, end) or _hyphenated(text, start, end):
                continue
            if typ == "body":
                # "the government", "the Russian Defence Ministry": only with the article
                article = _BODY_ARTICLE.search(text, max(0, start - 40), start)
                if article is None:
                    continue
                if _NAME_AFTER.match(text, end):
                    continue  # the State Duma, The Government Inspector: a longer name
                demonym = article.group(1)
                if demonym is not None and demonym not in self._safe_caps:
                    continue
                start = article.start()
                found.append(_Referent(start, end, text[start:end], kind, False))
                continue
            proper = typ == "name" and kind != "an organisation" and not display.startswith("the ")
            region = _REGION.match(text, end)
            if proper and region is not None:  # the Kharkiv region, Kursk Oblast
                found.append(
                    _Referent(start, region.end(), text[start : region.end()], "a region", False)
                )
                continue
            found.append(_Referent(start, end, display, kind, proper))
        found.sort(key=lambda r: (r.start, -r.end))
        chosen: list[_Referent] = []
        pos = 0
        for ref in found:
            if ref.start >= pos:
                chosen.append(ref)
                pos = ref.end
        return chosen

    def _decide(
        self,
        text: str,
        ref: _Referent,
        refs: list[_Referent],
        starts: list[int],
        p_start: int,
        p_end: int,
        converted: set[int],
    ) -> Edit | None:
        """The edit for one pronoun, or None when anything leaves room for another referent."""
        word = text[p_start:p_end]
        low = word.lower()
        feminine = low in _FEMININE
        s_start, boundary_start = _sentence_start(text, ref.start)
        s_end = _sentence_end(text, p_end)
        tokens = _tokens(text, s_start, s_end)
        before = [t for t in tokens if t[1] <= ref.start]
        between = [t for t in tokens if t[0] >= ref.end and t[1] <= p_start]
        after = [t for t in tokens if t[0] >= p_end]

        def in_ref(pos: int) -> bool:
            j = bisect_right(starts, pos) - 1
            return j >= 0 and refs[j].start <= pos < refs[j].end

        flags = self._flags
        # The pronoun's role, from the word after it.
        role = self._role(low, after)
        if role is None:
            return None
        rule = self._rule_by_role.get(role)
        if rule is None or low not in rule.pronouns:
            return None
        possessor = bool(_POSSESSIVE.match(text, ref.end))
        if role == "object" and not possessor:
            return None  # "Russia arrested her": never the subject of its own clause
        if role == "subject" and after and flags(after[0][2]) & _REPORTING:
            return None  # "Russia, she said, ...": a speaker

        # The referent stands alone: the head of its phrase, not after a preposition.
        if before:
            prev = before[-1][2]
            f = flags(prev)
            first = len(before) == 1
            reflexive_here = role == "reflexive" and not between
            if f & _PREPOSITION and not reflexive_here:
                return None  # "in Kursk"; but "of the city of Kursk himself" is Kursk's
            if f & _CAP and not (first and f & _ORDINARY):
                return None  # Michael Jordan, Mother Russia, HMS ...
            if ref.proper and prev in ("the", "The", "THE"):
                return None  # the Moskva, the Kursk: a ship
        if not possessor and between and not flags(between[0][2]) & _HEADS:
            return None  # Kyiv residents, the country singer: a modifier, not the referent

        # Nothing between the referent and the pronoun may be another candidate.
        if len(between) > _MAX_BETWEEN:
            return None
        for b_start, _, tok in between:
            f = flags(tok)
            if f & _PRONOUN_F:
                if b_start not in converted:
                    return None
            elif f & _BLOCKS_BETWEEN or (f & _CAP and not f & _SAFE_CAP):
                return None
        # Before the referent: no person, no unknown name, no other she/he.
        for i, (b_start, _, tok) in enumerate(before):
            if in_ref(b_start):
                continue
            f = flags(tok)
            if f & _PRONOUN_F and b_start not in converted:
                return None
            if _person(f, i == 0):
                return None
            if f & _CAP and not f & _SAFE_CAP and not (i == 0 and f & _ORDINARY):
                return None
        # Anywhere in the sentence: words for a person's life, ships, animals; after the
        # pronoun, a person.
        for b_start, _, tok in tokens:
            if flags(tok) & (_PERSONAL | _VESSEL) and not in_ref(b_start):
                return None
        for b_start, _, tok in after:
            if _person(flags(tok), False) and not in_ref(b_start):
                return None
        # The sentence before: a person the pronoun could continue from.
        if s_start > 0 and not self._previous_clear(
            text, boundary_start, s_start, feminine, in_ref, converted
        ):
            return None

        replacement = _case_like(word, rule.replacement)
        reason = f"{word!r} refers to {ref.display} ({ref.kind})"
        return Edit(p_start, p_end, word, replacement, NAME, rule.id, reason)

    def _role(self, low: str, after: list[tuple[int, int, str]]) -> str | None:
        if low in ("she", "he"):
            return "subject"
        if low in ("herself", "himself"):
            return "reflexive"
        if low == "him":
            return "object"
        nxt = after[0][2] if after else ""
        is_word = bool(nxt) and nxt[0].isalnum()
        follower = is_word and bool(self._flags(nxt) & _OBJECT_FOLLOWER)
        if low == "his":
            return "possessive" if is_word and not follower else None
        return "object" if not is_word or follower else "possessive"

    def _flags(self, tok: str) -> int:
        """What one token can be, as bits; memoised (tokens repeat, lists are large)."""
        cached = self._flag_cache.get(tok)
        if cached is not None:
            return cached
        if len(self._flag_cache) > 200_000:
            self._flag_cache.clear()
        value = self._compute_flags(tok)
        self._flag_cache[tok] = value
        return value

    def _compute_flags(self, tok: str) -> int:
        f = fold(tok)
        bare = _bare(f)
        out = 0
        if tok in _QUOTES_AND_BRACKETS:
            out |= _BLOCKS_BETWEEN
        if f in _PRONOUNS:
            out |= _PRONOUN_F | (_FEM if f in _FEMININE else 0)
        if bare in self._human:
            out |= _HUMAN | _BLOCKS_BETWEEN
        if f in self._clause:
            out |= _BLOCKS_BETWEEN
        if f in self._prepositions:
            out |= _PREPOSITION
        if f in self._reporting:
            out |= _REPORTING
        if f in self._object_followers:
            out |= _OBJECT_FOLLOWER
        if (tok.islower() and bare in self._personal) or bare in self._vessels:
            out |= _PERSONAL if bare not in self._vessels else _VESSEL
        if tok in self.data.vessel_prefixes:
            out |= _VESSEL
        if tok[0].isupper():
            out |= _CAP
            if tok in self._safe_caps or _acronym(tok):
                out |= _SAFE_CAP
            if f in self._english and bare not in self._human and f not in self._titles:
                out |= _ORDINARY
            if not (tok in self._safe_caps or tok in self._not_given):
                if f in self._titles or bare in self._person_tokens:
                    out |= _NAME
                elif not (tok.isupper() and len(tok) > 1) and (
                    bare in self._given or bare in self._surnames
                ):
                    out |= _NAME_UNLESS_FIRST if f in self._english else _NAME
        if not tok[0].isalnum():
            if tok not in _QUOTES_AND_BRACKETS or tok in '”"’':
                out |= _HEADS
        elif tok[0].isupper() or tok[0].isdigit():
            if tok in self._safe_caps and tok not in ("Russian", "Ukrainian"):
                out |= _HEADS
        elif f in self._after_ok or f.endswith(("ed", "ly")) or f in _PRONOUNS:
            out |= _HEADS
        return out

    def _previous_clear(
        self,
        text: str,
        boundary_start: int,
        s_start: int,
        feminine: bool,
        in_ref: Callable[[int], bool],
        converted: set[int],
    ) -> bool:
        """No person, ship or unconverted pronoun of the same gender in the sentence before."""
        prev_start, _ = _sentence_start(text, boundary_start)
        for i, (start, _, tok) in enumerate(_tokens(text, prev_start, s_start)):
            f = self._flags(tok)
            if not f & (_PRONOUN_F | _VESSEL | _HUMAN | _NAME | _NAME_UNLESS_FIRST):
                continue
            if in_ref(start):
                continue
            if f & _PRONOUN_F:
                if bool(f & _FEM) == feminine and start not in converted:
                    return False
            elif f & _VESSEL or _person(f, i == 0):
                return False
        return True


def _person(flags: int, first: bool) -> bool:
    """A person named or described: a human noun, a title, a given name, a known person."""
    return bool(flags & (_HUMAN | _NAME)) or (not first and bool(flags & _NAME_UNLESS_FIRST))


# -- small helpers ----------------------------------------------------------------------------


def _hyphenated(text: str, start: int, end: int) -> bool:
    """Part of a hyphenated word (pro-Russia, he-man)?"""
    return (start > 0 and text[start - 1] == "-") or (end < len(text) and text[end] == "-")


def _pronouns_after(text: str, refs: list[_Referent]) -> Iterable[regex.Match[str]]:
    """Pronouns in the stretches just after referents, in order (the rest cannot be edited)."""
    lo = hi = -1
    for ref in refs:
        if ref.end > hi:
            if hi > lo:
                yield from _PRONOUN.finditer(text, lo, hi)
            lo = ref.end
        hi = max(hi, ref.end + _MAX_GAP + 10)
    if hi > lo:
        yield from _PRONOUN.finditer(text, lo, hi)


def _sentence_start(text: str, pos: int) -> tuple[int, int]:
    """Where the sentence holding `pos` starts, and where the boundary before it starts."""
    base = max(0, pos - _WINDOW)
    line = text.rfind("\n", base, pos)
    if line >= 0:
        base = line  # a line break is a boundary: no need to look further back
    last: tuple[int, int] | None = None
    for m in _BOUNDARY.finditer(text, base, pos):
        last = (m.end(), m.start())
    if last is None:
        return base, base
    return last


def _sentence_end(text: str, pos: int) -> int:
    limit = min(len(text), pos + _WINDOW)
    line = text.find("\n", pos, limit)
    if line >= 0:
        limit = line
    m = _BOUNDARY.search(text, pos, limit)
    return m.start() if m else limit


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _bare(folded: str) -> str:
    """A folded word without a possessive ending (minister's -> minister)."""
    return folded[:-2] if folded.endswith("'s") else folded


def _acronym(tok: str) -> bool:
    letters = [ch for ch in tok if ch.isalpha()]
    if any(ch.isdigit() for ch in tok):
        return True
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def _case_like(word: str, replacement: str) -> str:
    if word.isupper() and len(word) > 1:
        return replacement.upper()
    if word[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


# -- loading ----------------------------------------------------------------------------------


def load_pronoun_data(folder: Path | None = None) -> PronounData:
    """Read and validate lexicons/pronouns/*.toml; every problem names file, entry and field."""
    root = folder if folder is not None else builtin_lexicon_dir() / "pronouns"
    problems: list[Problem] = []
    raw = {
        name: read_toml(root / f"{name}.toml", problems)
        for name in ("referents", "context", "rules")
    }
    examples: list[tuple[str, str, str]] = []
    named: dict[str, str] = {}
    common: dict[str, str] = {}
    place_of: dict[str, str] = {}
    not_referents: frozenset[str] = frozenset()
    words: dict[str, frozenset[str]] = {}
    prefixes: frozenset[str] = frozenset()
    rules: list[PronounRule] = []

    path = str(root / "referents.toml")
    ref = raw["referents"]
    if ref is not None:
        known = (*_NAMED_SECTIONS, "common_bodies", "place_of", "not_referents")
        _unknown(ref, known, path, None, problems)
        for section in _NAMED_SECTIONS:
            table = _table(ref, section, path, problems)
            if table is None:
                continue
            _unknown(
                table, ("kind", "names", "examples", "counterexamples"), path, section, problems
            )
            kind = _string(table, "kind", path, section, problems)
            for name in _strings(table, "names", path, section, problems):
                named[name] = kind
            examples += _examples(table, path, section, problems)
        for section, target in (("common_bodies", common), ("place_of", place_of)):
            table = _table(ref, section, path, problems)
            if table is None:
                continue
            _unknown(table, ("nouns", "examples", "counterexamples"), path, section, problems)
            nouns = _table(table, "nouns", path, problems, section)
            for noun, kind in (nouns or {}).items():
                if not isinstance(kind, str) or not kind.strip():
                    problems.append(Problem(path, section, f"nouns.{noun}", "must be a kind"))
                else:
                    target[noun] = kind
            examples += _examples(table, path, section, problems)
        table = _table(ref, "not_referents", path, problems)
        if table is not None:
            _unknown(
                table, ("names", "examples", "counterexamples"), path, "not_referents", problems
            )
            not_referents = frozenset(_strings(table, "names", path, "not_referents", problems))
            examples += _examples(table, path, "not_referents", problems)

    path = str(root / "context.toml")
    ctx = raw["context"]
    if ctx is not None:
        _unknown(ctx, _CONTEXT_LISTS, path, None, problems)
        for section in _CONTEXT_LISTS:
            table = _table(ctx, section, path, problems)
            if table is None:
                continue
            allowed: tuple[str, ...] = ("words", "examples", "counterexamples")
            if section == "vessels":
                allowed += ("prefixes",)
                prefixes = frozenset(_strings(table, "prefixes", path, section, problems))
            _unknown(table, allowed, path, section, problems)
            items = _strings(table, "words", path, section, problems)
            # Capitalised lists are matched as written; the rest folded.
            keep_case = section in ("safe_capitalised", "not_given_names")
            words[section] = frozenset(items if keep_case else (fold(w) for w in items))
            examples += _examples(table, path, section, problems)

    path = str(root / "rules.toml")
    rul = raw["rules"]
    if rul is not None:
        _unknown(rul, ("rule",), path, None, problems)
        entries = rul.get("rule")
        if not isinstance(entries, list) or not entries:
            problems.append(Problem(path, None, "rule", "needs at least one [[rule]] table"))
            entries = []
        seen: set[str] = set()
        for n, entry in enumerate(entries):
            label = f"#{n + 1}"
            if not isinstance(entry, dict):
                problems.append(Problem(path, label, None, "each [[rule]] must be a table"))
                continue
            if isinstance(entry.get("id"), str):
                label = entry["id"]
            fields = ("id", "role", "pronouns", "replacement", "examples", "counterexamples")
            _unknown(entry, fields, path, label, problems)
            rule_id = _string(entry, "id", path, label, problems)
            role = _string(entry, "role", path, label, problems)
            if role and role not in ROLES:
                problems.append(Problem(path, label, "role", f"must be one of {', '.join(ROLES)}"))
            pronouns = _strings(entry, "pronouns", path, label, problems)
            for p in pronouns:
                if p not in _PRONOUNS:
                    problems.append(
                        Problem(path, label, "pronouns", f"{p!r} is not one of {sorted(_PRONOUNS)}")
                    )
            replacement = _string(entry, "replacement", path, label, problems)
            if rule_id in seen:
                problems.append(Problem(path, label, "id", "duplicate rule id"))
            if role in {r.role for r in rules}:
                problems.append(Problem(path, label, "role", f"a second rule for {role!r}"))
            seen.add(rule_id)
            pairs = _examples(entry, path, label, problems)
            examples += pairs
            rules.append(
                PronounRule(
                    rule_id,
                    role,
                    tuple(pronouns),
                    replacement,
                    tuple((i, o) for _, i, o in pairs if i != o),
                    tuple(i for _, i, o in pairs if i == o),
                )
            )
    for section in _CONTEXT_LISTS:
        words.setdefault(section, frozenset())
    if problems:
        raise LexiconError(problems)
    return PronounData(
        tuple(rules), named, common, place_of, not_referents, words, prefixes, tuple(examples)
    )


def _unknown(
    table: dict[str, Any], known: Iterable[str], path: str, entry: str | None, out: list[Problem]
) -> None:
    allowed = set(known)
    for key in table:
        if key not in allowed:
            out.append(Problem(path, entry, key, f"unknown field (known: {', '.join(allowed)})"))


def _table(
    parent: dict[str, Any], key: str, path: str, out: list[Problem], entry: str | None = None
) -> dict[str, Any] | None:
    value = parent.get(key)
    if value is None:
        out.append(Problem(path, entry or key, None if entry is None else key, "missing table"))
        return None
    if not isinstance(value, dict):
        out.append(Problem(path, entry or key, None if entry is None else key, "must be a table"))
        return None
    return value


def _string(table: dict[str, Any], key: str, path: str, entry: str, out: list[Problem]) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        out.append(Problem(path, entry, key, "must be a non-empty string"))
        return ""
    return value


def _strings(
    table: dict[str, Any], key: str, path: str, entry: str, out: list[Problem]
) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list):
        out.append(Problem(path, entry, key, "must be a list of strings"))
        return []
    items = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            out.append(Problem(path, entry, key, f"item {i} must be a non-empty string"))
        else:
            items.append(item)
    return items


def _examples(
    table: dict[str, Any], path: str, entry: str, out: list[Problem]
) -> list[tuple[str, str, str]]:
    """[input, output] pairs and counterexamples (output = input), labelled with their place."""
    where = f"{Path(path).name}: {entry}"
    pairs: list[tuple[str, str, str]] = []
    raw = table.get("examples", [])
    if not isinstance(raw, list):
        out.append(Problem(path, entry, "examples", "must be a list of [input, output] pairs"))
        raw = []
    for i, pair in enumerate(raw):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(s, str) and s for s in pair)
        ):
            out.append(Problem(path, entry, "examples", f"item {i} must be [input, output]"))
        else:
            pairs.append((where, pair[0], pair[1]))
    for text in _strings(
        {"counterexamples": table.get("counterexamples", [])}, "counterexamples", path, entry, out
    ):
        pairs.append((where, text, text))
    return pairs
