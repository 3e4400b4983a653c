"""Transliteration schemes as data: Cyrillic -> Latin, one TOML file per scheme.

transclean needs every spelling a Ukrainian or Russian name takes in real English text,
so each scheme is a small table (see ``lexicons/schemes/README.md``) compiled once into a
per-letter ``str.translate`` table plus one regex of the few context rules. Words are
transliterated lower-case and the source word's case style is put back afterwards, which
keeps the tables lower-case only and makes ЩУКА -> SHCHUKA and Щука -> Shchuka fall out.
"""

from __future__ import annotations

import itertools
import pathlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import regex  # type: ignore[import-untyped,unused-ignore]

from transclean.errors import LexiconError, Problem
from transclean.tomlfile import read_toml

__all__ = [
    "Rule",
    "Scheme",
    "iter_words",
    "load_builtin_schemes",
    "load_scheme",
    "load_schemes",
]

LANGUAGES = frozenset({"uk", "ru"})

#: Every apostrophe look-alike seen inside Ukrainian words; a scheme maps them all with "'".
APOSTROPHES = "'\u2019\u02bc`"

_APOS = "[" + "".join(regex.escape(c) for c in APOSTROPHES) + "]"
# A Cyrillic word: Cyrillic letters and combining marks, with apostrophes only *between*
# letters (Знам'янка is one word, so я there is not word-initial).
_WORD_RE = regex.compile(r"\p{Cyrillic}(?:[\p{Cyrillic}\p{Mn}]|" + _APOS + r"(?=\p{Cyrillic}))*")
_MN_RE = regex.compile(r"\p{Mn}")
# Word edges as lookarounds, so one pattern serves a whole text and a single word alike.
_END = r"(?!\p{Cyrillic})(?!" + _APOS + r"\p{Cyrillic})"
_IN_WORD_APOS = _APOS + r"(?<=\p{Cyrillic}" + _APOS + r")(?=\p{Cyrillic})"
_UC = r"(?:\p{Lu}(?<=\p{Cyrillic}))"  # property first: cheap to reject
# A word that starts with two capitals (ЩУКА, ЗНАМ'ЯНКА): all-caps output needs the whole
# word. Every pattern starts with its letters and checks context behind them, so the regex
# engine can skip quickly to the few places a rule could apply.
_CAPS_WORD = (
    _UC
    + r"(?<!\p{Cyrillic}"
    + _UC
    + r")(?<!\p{Cyrillic}"
    + _APOS
    + _UC
    + ")"
    + _APOS
    + "?"
    + _UC
    + r"(?:\p{Cyrillic}|"
    + _APOS
    + r"(?=\p{Cyrillic}))*"
)
_KEY_RE = regex.compile(r"^(?:\p{Cyrillic}|')+$")
_CYRILLIC_RE = regex.compile(r"\p{Cyrillic}")

#: More outputs than this per text in ``transliterate_all`` are cut (the primary stays).
MAX_ALTERNATIVES = 256
_CACHE_LIMIT = 200_000

_TABLES = (
    "mapping",
    "start_mapping",
    "sequence_mapping",
    "prev_mapping",
    "next_mapping",
    "ending_mapping",
)
_ALT_TABLES = ("alternative_mapping", "alternative_endings")
_TOP_KEYS = frozenset(
    {"name", "language", "title", "source", "description", "samples", "alternative_samples"}
    | set(_TABLES)
    | set(_ALT_TABLES)
    | {"rule"}
)
_RULE_KEYS = frozenset({"letters", "value", "after", "before", "alternatives"})


@dataclass(frozen=True)
class Rule:
    """One context rule: write ``letters`` as ``value`` where the neighbours fit.

    ``after``/``before`` are sets of letters (as a string) allowed right before/after the
    match; ``^`` in ``after`` means "at the start of the word", ``$`` in ``before`` "at the
    end", ``'`` an apostrophe inside the word; ``None`` means anything. A rule with
    ``primary=False`` never changes ``transliterate``: it only offers its
    ``alternatives`` to ``transliterate_all``.
    """

    letters: str
    value: str
    after: str | None = None
    before: str | None = None
    alternatives: tuple[str, ...] = ()
    primary: bool = True
    origin: str = "rule"

    def pattern(self) -> str:
        """The regex for this rule; context is lookarounds (never consumed), either case."""
        body = "".join(_either_case(c) for c in self.letters)
        out = body
        if self.after is not None:
            out += _lookbehind(self.after, body)
        if self.before is not None:
            out += _lookahead(self.before)
        return out

    def specificity(self) -> int:
        """More context wins over less when two rules match the same letters."""
        return (self.after is not None) + (self.before is not None)


def _escape(text: str) -> str:
    escaped: str = regex.escape(text)
    return escaped


def _either_case(c: str) -> str:
    up = c.upper()
    if up != c and len(up) == 1:
        return "[" + _escape(c) + _escape(up) + "]"
    return _escape(c)


def _letter_class(chars: str) -> str:
    both = "".join(dict.fromkeys(chars + chars.upper()))
    return "[" + "".join(regex.escape(c) for c in both) + "]"


def _lookbehind(after: str, body: str) -> str:
    """Context before ``body``, checked after matching it (see _CAPS_WORD)."""
    letters = after.replace("^", "").replace("'", "")
    parts = []
    if "^" in after:
        parts.append(r"(?<!\p{Cyrillic}" + body + r")(?<!\p{Cyrillic}" + _APOS + body + ")")
    if "'" in after:
        parts.append(r"(?<=\p{Cyrillic}" + _APOS + body + ")")
    if letters:
        parts.append("(?<=" + _letter_class(letters) + body + ")")
    return "(?:" + "|".join(parts) + ")"


def _lookahead(before: str) -> str:
    letters = before.replace("$", "").replace("'", "")
    parts = []
    if "$" in before:
        parts.append(_END)
    if "'" in before:
        parts.append(r"(?=" + _APOS + r"\p{Cyrillic})")
    if letters:
        parts.append("(?=" + _letter_class(letters) + ")")
    return "(?:" + "|".join(parts) + ")"


def _ordered(rules: Iterable[Rule]) -> list[Rule]:
    """Longest letters first, then most context: leftmost-first alternation does the rest."""
    return sorted(rules, key=lambda r: (-len(r.letters), -r.specificity()))


def _alternation(rules: list[Rule]) -> regex.Pattern[str] | None:
    if not rules:
        return None
    return regex.compile("|".join("(" + r.pattern() + ")" for r in rules))


@dataclass(frozen=True)
class _Compiled:
    """What a scheme needs at run time; built once per Scheme, never pickled."""

    word_table: dict[int, str]  # lower-case letters and apostrophes (inside a word)
    text_table: dict[int, str]  # both cases, no apostrophes (they are rules in text_re)
    char_map: dict[str, str]
    word_re: regex.Pattern[str] | None  # primary rules; group i -> values[i]
    values: tuple[str, ...]
    alts: tuple[tuple[str, ...], ...]
    text_re: regex.Pattern[str]  # group 1: an all-caps word; then the rules; then "'"
    text_values: tuple[str, ...]
    text_values_cap: tuple[str, ...]
    alt_re: regex.Pattern[str] | None  # alternative-only rules
    alt_values: tuple[tuple[str, ...], ...]
    any_alt_re: regex.Pattern[str] | None  # anything that has an alternative
    cache: dict[str, str] = field(default_factory=dict)
    cache_all: dict[str, frozenset[str]] = field(default_factory=dict)


def _compile(mapping: Mapping[str, str], rules: Iterable[Rule]) -> _Compiled:
    char_map = {k: v for k, v in mapping.items() if k != "'"}
    word_table = {ord(k): v for k, v in char_map.items()}
    text_table = dict(word_table)
    for k, v in char_map.items():
        up = k.upper()
        if up != k and len(up) == 1:
            text_table[ord(up)] = _capitalise(v)
    if "'" in mapping:
        for a in APOSTROPHES:
            char_map[a] = mapping["'"]
            word_table[ord(a)] = mapping["'"]
    all_rules = list(rules)
    primary = _ordered(r for r in all_rules if r.primary)
    alt_only = _ordered(r for r in all_rules if not r.primary)
    text_parts = ["(" + _CAPS_WORD + ")", *("(" + r.pattern() + ")" for r in primary)]
    text_values = ["", "", *(r.value for r in primary)]
    if "'" in mapping:
        text_parts.append("(" + _IN_WORD_APOS + ")")
        text_values.append(mapping["'"])
    with_alts = [r for r in primary if r.alternatives] + alt_only
    return _Compiled(
        word_table=word_table,
        text_table=text_table,
        char_map=char_map,
        word_re=_alternation(primary),
        values=("", *(r.value for r in primary)),
        alts=((), *(r.alternatives for r in primary)),
        text_re=regex.compile("|".join(text_parts)),
        text_values=tuple(text_values),
        text_values_cap=tuple(_capitalise(v) for v in text_values),
        alt_re=_alternation(alt_only),
        alt_values=((), *(r.alternatives for r in alt_only)),
        any_alt_re=_alternation(with_alts),
    )


@dataclass(frozen=True)
class Scheme:
    """A transliteration scheme: immutable, hashable, picklable; compiled on creation."""

    name: str
    language: str
    title: str
    samples: tuple[tuple[str, str], ...] = ()
    source: str = ""
    description: str = ""
    mapping: tuple[tuple[str, str], ...] = ()
    rules: tuple[Rule, ...] = ()
    alternative_samples: tuple[tuple[str, tuple[str, ...]], ...] = ()
    _compiled: _Compiled | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Compiled here, so that a scheme that does not compile fails where it is made.
        object.__setattr__(self, "_compiled", _compile(dict(self.mapping), self.rules))

    def __reduce__(self) -> tuple[Callable[..., Scheme], tuple[Any, ...]]:
        """Pickle the data only. The compiled tables are rebuilt on first use: a cleaner
        loaded from the cache for text without Cyrillic never needs them (~10 ms each)."""
        return (_unpickled, tuple(getattr(self, f.name) for f in fields(self) if f.init))

    @property
    def _c(self) -> _Compiled:
        compiled = self._compiled
        if compiled is None:  # two threads may both compile it: the same tables either way
            compiled = _compile(dict(self.mapping), self.rules)
            object.__setattr__(self, "_compiled", compiled)
        return compiled

    # -- public API ---------------------------------------------------------------------

    def transliterate(self, text: str) -> str:
        """The scheme's primary Latin form of ``text``; non-Cyrillic passes through.

        Fast path: one regex pass for the context rules (and all-caps words), then one
        ``str.translate`` whose table already holds the capitalised value for each
        capital letter. Text with combining marks (NFD input, stress marks) goes word by
        word, normalised to NFC.
        """
        if _MN_RE.search(text):
            by_word: str = _WORD_RE.sub(self._word_match, text)
            return by_word
        c = self._c
        replaced: str = c.text_re.sub(self._text_match, text)
        return replaced.translate(c.text_table)

    def transliterate_many(self, texts: Iterable[str]) -> list[str]:
        """``transliterate`` for many short texts (names) in one pass: the startup path."""
        items = list(texts)
        if any("\n" in t for t in items):
            return [self.transliterate(t) for t in items]
        out = self.transliterate("\n".join(items)).split("\n")
        return out if items else []

    def transliterate_all(self, text: str) -> frozenset[str]:
        """Primary plus alternative outputs (ending variants etc.); always has the primary.

        Words are independent (no rule looks past a word), so each word with an
        alternative contributes its own forms and the text's forms are their product,
        cut at MAX_ALTERNATIVES.
        """
        primary = self.transliterate(text)
        c = self._c
        has_mn = _MN_RE.search(text) is not None
        if c.any_alt_re is None or (not has_mn and c.any_alt_re.search(text) is None):
            return frozenset({primary})
        gaps: list[str] = []
        options: list[list[str]] = []
        pos = 0
        for m in _WORD_RE.finditer(text):
            word = m.group()
            gaps.append(text[pos : m.start()])
            first = self._word(word) if has_mn else self.transliterate(word)
            if has_mn or c.any_alt_re.search(word) is not None:
                options.append([first, *sorted(self._word_all(word) - {first})])
            else:
                options.append([first])
            pos = m.end()
        tail = text[pos:]
        results = {primary}
        for combo in itertools.islice(itertools.product(*options), MAX_ALTERNATIVES):
            results.add(_join(gaps, list(combo), tail))
        return frozenset(results)

    # -- words ----------------------------------------------------------------------------

    def _text_match(self, m: regex.Match[str]) -> str:
        i = m.lastindex or 0
        if i == 1:
            return self._word(m.group())
        c = self._c
        return c.text_values_cap[i] if m.group()[0].isupper() else c.text_values[i]

    def _word_match(self, m: regex.Match[str]) -> str:
        return self._word(m.group())

    def _lower(self, low: str) -> str:
        """Primary form of a lower-case word."""
        c = self._c
        if c.word_re is None:
            return low.translate(c.word_table)
        parts: list[str] = []
        pos = 0
        for m in c.word_re.finditer(low):
            s = m.start()
            if s > pos:
                parts.append(low[pos:s].translate(c.word_table))
            parts.append(c.values[m.lastindex or 0])
            pos = m.end()
        parts.append(low[pos:].translate(c.word_table))
        return "".join(parts)

    def _word(self, word: str) -> str:
        """Primary form of one Cyrillic word, memoised (the slow, exact path)."""
        cache = self._c.cache
        hit = cache.get(word)
        if hit is not None:
            return hit
        key = _nfc(word)
        low = key.lower()
        style = _case_style(key, low)
        if style == "lower":
            out = self._lower(low)
        elif style == "upper":
            out = self._lower(low).upper()
        else:
            out = _render(key, self._pieces(low))
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache[word] = out
        return out

    def _pieces(self, low: str) -> list[tuple[int, int, str]]:
        """(start, end, latin) for each rule match and each other letter of ``low``."""
        c = self._c
        pieces: list[tuple[int, int, str]] = []
        pos = 0
        matches = c.word_re.finditer(low) if c.word_re is not None else iter(())
        for m in matches:
            s, e = m.span()
            pieces.extend((i, i + 1, c.char_map.get(low[i], low[i])) for i in range(pos, s))
            pieces.append((s, e, c.values[m.lastindex or 0]))
            pos = e
        pieces.extend((i, i + 1, c.char_map.get(low[i], low[i])) for i in range(pos, len(low)))
        return pieces

    def _sites(self, low: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """Spans of ``low`` that have alternative outputs, non-overlapping, left to right."""
        c = self._c
        sites: list[tuple[int, int, tuple[str, ...]]] = []
        if c.word_re is not None:
            for m in c.word_re.finditer(low):
                alts = c.alts[m.lastindex or 0]
                if alts:
                    sites.append((m.start(), m.end(), alts))
        if c.alt_re is not None:
            for m in c.alt_re.finditer(low):
                s, e = m.span()
                if all(e <= s2 or s >= e2 for s2, e2, _ in sites):
                    sites.append((s, e, c.alt_values[m.lastindex or 0]))
        sites.sort()
        return sites

    def _word_all(self, word: str) -> frozenset[str]:
        """Every form of one word: the primary, and each mix of the alternatives."""
        cache = self._c.cache_all
        hit = cache.get(word)
        if hit is not None:
            return hit
        result = {self._word(word)}
        key = _nfc(word)
        low = key.lower()
        sites = self._sites(low)
        if sites:
            pieces = self._pieces(low)
            style = _case_style(key, low)

            def cased(start: int, text: str) -> str:
                if style == "upper":
                    return text.upper()
                if style == "mixed" and key[start].isupper():
                    return _capitalise(text)
                return text

            rendered = [cased(s, out) for s, _, out in pieces]
            # Each usable site covers a run of whole pieces [i, j): swap that run.
            spans: list[tuple[int, int, list[str]]] = []
            for start, end, alts in sites:
                inside = [k for k, (s, e, _) in enumerate(pieces) if s >= start and e <= end]
                straddles = any(s < start < e or s < end < e for s, e, _ in pieces)
                if inside and not straddles:
                    spans.append((inside[0], inside[-1] + 1, [cased(start, a) for a in alts]))
            choices: list[list[str | None]] = [[None, *alts] for _, _, alts in spans]
            for combo in itertools.islice(itertools.product(*choices), MAX_ALTERNATIVES):
                parts: list[str] = []
                k = 0
                for (i, j, _), choice in zip(spans, combo, strict=True):
                    if choice is None:
                        continue
                    parts.extend(rendered[k:i])
                    parts.append(choice)
                    k = j
                parts.extend(rendered[k:])
                result.add("".join(parts))
        out = frozenset(result)
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        cache[word] = out
        return out


def _unpickled(*values: Any) -> Scheme:
    """A pickled scheme, its tables left to be compiled on first use (`Scheme._c`)."""
    scheme = Scheme.__new__(Scheme)
    for f, value in zip((f for f in fields(Scheme) if f.init), values, strict=True):
        object.__setattr__(scheme, f.name, value)
    object.__setattr__(scheme, "_compiled", None)
    return scheme


def _join(gaps: list[str], words: list[str], tail: str) -> str:
    return "".join(g + w for g, w in zip(gaps, words, strict=True)) + tail


def _nfc(word: str) -> str:
    """NFC, so и + combining breve is й and tables list each letter once."""
    if unicodedata.is_normalized("NFC", word):
        return word
    return unicodedata.normalize("NFC", word)


def _case_style(word: str, low: str) -> str:
    """lower, upper (two or more capitals, no small letters) or mixed (incl. Title)."""
    if word == low:
        return "lower"
    if word == word.upper() and sum(ch.isupper() for ch in word) > 1:
        return "upper"
    return "mixed"


def _capitalise(text: str) -> str:
    """Upper-case the first letter only (Shch, not SHCH; keeps a leading mark in place)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def _render(word: str, pieces: list[tuple[int, int, str]]) -> str:
    """Title and mixed case: a piece is capitalised when its first source letter is."""
    return "".join(_capitalise(out) if word[s].isupper() else out for s, _, out in pieces)


# -- loading ---------------------------------------------------------------------------------


class _Collector:
    """Gathers every problem in one file so the user can fix them in one round."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = str(path)
        self.problems: list[Problem] = []

    def add(self, entry: str | None, fld: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, entry, fld, message))


def _is_key(text: str) -> bool:
    return bool(_KEY_RE.match(text)) and text == text.lower()


def _check_letters(col: _Collector, entry: str, fld: str, text: str, allow: str = "") -> bool:
    stripped = "".join(ch for ch in text if ch not in allow)
    if (stripped or not allow) and not _is_key(stripped):
        col.add(entry, fld, f'{text!r}: must be lower-case Cyrillic letters or "\'"')
        return False
    return True


def _check_value(col: _Collector, entry: str, fld: str, value: str) -> bool:
    """Latin output only: a Cyrillic letter in a value would be transliterated again."""
    if _CYRILLIC_RE.search(value):
        col.add(entry, fld, f"{value!r}: the Latin value must not contain Cyrillic letters")
        return False
    return True


def _string_table(col: _Collector, data: Mapping[str, Any], name: str) -> dict[str, str]:
    raw = data.get(name)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        col.add(name, None, f"must be a table of letters -> Latin, not {type(raw).__name__}")
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            col.add(name, key, f"value must be a string, not {type(value).__name__}")
            continue
        if not _check_letters(col, name, key, key):
            continue
        if name == "mapping" and len(key) != 1:
            col.add(name, key, "mapping keys are single letters; use sequence_mapping for more")
            continue
        if name in ("prev_mapping", "next_mapping") and len(key) != 2:
            col.add(name, key, "keys are exactly two letters (previous+letter / letter+next)")
            continue
        written = str(key)
        if name == "prev_mapping":
            written = key[1:]
        elif name in ("next_mapping", "mapping"):
            written = key[:1] if name == "next_mapping" else ""
        if "'" in written:
            col.add(name, key, 'an apostrophe is written by mapping "\'"; use it only as context')
            continue
        if not _check_value(col, name, key, value):
            continue
        out[key] = value
    return out


def _list_table(col: _Collector, data: Mapping[str, Any], name: str) -> dict[str, tuple[str, ...]]:
    raw = data.get(name)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        col.add(name, None, f"must be a table of letters -> lists, not {type(raw).__name__}")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for key, value in raw.items():
        if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            col.add(name, key, "value must be a non-empty list of strings")
            continue
        if not _check_letters(col, name, key, key):
            continue
        if "'" in key:
            col.add(name, key, 'an apostrophe is written by mapping "\'"; use it only as context')
            continue
        if all(_check_value(col, name, key, v) for v in value):
            out[key] = tuple(value)
    return out


def _rules_from_tables(
    strings: dict[str, dict[str, str]], lists: dict[str, dict[str, tuple[str, ...]]]
) -> list[Rule]:
    """The iuliia-style tables are shorthand for context rules; spell them out."""
    rules: list[Rule] = []
    for k, v in strings["start_mapping"].items():
        rules.append(Rule(k, v, after="^", origin="start_mapping"))
    for k, v in strings["sequence_mapping"].items():
        rules.append(Rule(k, v, origin="sequence_mapping"))
    for k, v in strings["prev_mapping"].items():
        rules.append(Rule(k[1], v, after=k[0], origin="prev_mapping"))
    for k, v in strings["next_mapping"].items():
        rules.append(Rule(k[0], v, before=k[1], origin="next_mapping"))
    for k, v in strings["ending_mapping"].items():
        rules.append(Rule(k, v, before="$", origin="ending_mapping"))
    for k, alts in lists["alternative_mapping"].items():
        rules.append(Rule(k, "", alternatives=alts, primary=False, origin="alternative_mapping"))
    for k, alts in lists["alternative_endings"].items():
        rules.append(
            Rule(k, "", before="$", alternatives=alts, primary=False, origin="alternative_endings")
        )
    return rules


def _rule_entries(col: _Collector, data: Mapping[str, Any]) -> list[Rule]:
    raw = data.get("rule")
    if raw is None:
        return []
    if not isinstance(raw, list):
        col.add("rule", None, "must be an array of tables ([[rule]])")
        return []
    rules: list[Rule] = []
    for i, item in enumerate(raw, start=1):
        entry = f"rule {i}"
        if not isinstance(item, dict):
            col.add(entry, None, "must be a table")
            continue
        ok = True
        for key in item:
            if key not in _RULE_KEYS:
                col.add(entry, key, f"unknown key (allowed: {', '.join(sorted(_RULE_KEYS))})")
                ok = False
        letters, value = item.get("letters"), item.get("value")
        for fld, val in (("letters", letters), ("value", value)):
            if val is None:
                col.add(entry, fld, "required field is missing")
                ok = False
            elif not isinstance(val, str):
                col.add(entry, fld, f"must be a string, not {type(val).__name__}")
                ok = False
        if isinstance(letters, str):
            if not _check_letters(col, entry, "letters", letters):
                ok = False
            elif "'" in letters:
                col.add(entry, "letters", 'an apostrophe is written by mapping "\'" only')
                ok = False
        if isinstance(value, str) and not _check_value(col, entry, "value", value):
            ok = False
        after, before = item.get("after"), item.get("before")
        for fld, val, anchor in (("after", after, "^"), ("before", before, "$")):
            if val is None:
                continue
            if not isinstance(val, str) or not val:
                col.add(entry, fld, "must be a non-empty string of letters")
                ok = False
            elif not _check_letters(col, entry, fld, val, allow=anchor):
                ok = False
        alts = item.get("alternatives", [])
        if not (isinstance(alts, list) and all(isinstance(a, str) for a in alts)):
            col.add(entry, "alternatives", "must be a list of strings")
            ok = False
        elif not all(_check_value(col, entry, "alternatives", a) for a in alts):
            ok = False
        if ok:
            assert isinstance(letters, str) and isinstance(value, str)
            rules.append(Rule(letters, value, after, before, tuple(alts), origin=entry))
    return rules


def _samples(col: _Collector, data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    raw = data.get("samples")
    if raw is None:
        col.add("scheme", "samples", "required field is missing")
        return ()
    if not isinstance(raw, list) or not raw:
        col.add("scheme", "samples", "must be a non-empty list of [cyrillic, latin] pairs")
        return ()
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(raw, start=1):
        if (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(p, str) and p for p in pair)
        ):
            out.append((pair[0], pair[1]))
        else:
            col.add(f"sample {i}", "samples", "must be a pair of non-empty strings [cyr, latin]")
    return tuple(out)


def _alternative_samples(
    col: _Collector, data: Mapping[str, Any]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    raw = data.get("alternative_samples")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        col.add("scheme", "alternative_samples", "must be a list of [cyrillic, [latin, ...]]")
        return ()
    out: list[tuple[str, tuple[str, ...]]] = []
    for i, pair in enumerate(raw, start=1):
        if (
            isinstance(pair, list)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], list)
            and pair[1]
            and all(isinstance(p, str) for p in pair[1])
        ):
            out.append((pair[0], tuple(pair[1])))
        else:
            col.add(
                f"alternative sample {i}",
                "alternative_samples",
                "must be [cyrillic, [latin, ...]]",
            )
    return tuple(out)


def _header(col: _Collector, data: Mapping[str, Any], stem: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in sorted(set(data) - _TOP_KEYS):
        col.add("scheme", key, f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})")
    for key in ("name", "language", "title", "source", "description"):
        val = data.get(key)
        if val is None:
            if key != "description":
                col.add("scheme", key, "required field is missing")
            continue
        if not isinstance(val, str) or not val.strip():
            col.add("scheme", key, f"must be a non-empty string, not {val!r}")
            continue
        out[key] = val
    if "name" in out and out["name"] != stem:
        col.add("scheme", "name", f"{out['name']!r} must equal the file name stem {stem!r}")
    if "language" in out and out["language"] not in LANGUAGES:
        col.add("scheme", "language", f"{out['language']!r}: must be one of {sorted(LANGUAGES)}")
    return out


def load_scheme(path: pathlib.Path) -> Scheme:
    """Read, validate and compile one scheme file; every problem is reported at once."""
    path = pathlib.Path(path)
    col = _Collector(path)
    problems: list[Problem] = []
    data = read_toml(path, problems)
    if data is None:
        raise LexiconError(problems)

    head = _header(col, data, path.stem)
    strings = {name: _string_table(col, data, name) for name in _TABLES}
    lists = {name: _list_table(col, data, name) for name in _ALT_TABLES}
    rules = _rules_from_tables(strings, lists) + _rule_entries(col, data)
    samples = _samples(col, data)
    alt_samples = _alternative_samples(col, data)
    if col.problems:
        raise LexiconError(col.problems)

    scheme = Scheme(
        name=head["name"],
        language=head["language"],
        title=head["title"],
        samples=samples,
        source=head["source"],
        description=head.get("description", ""),
        mapping=tuple(sorted(strings["mapping"].items())),
        rules=tuple(rules),
        alternative_samples=alt_samples,
    )
    for i, (cyr, expected) in enumerate(samples, start=1):
        got = scheme.transliterate(cyr)
        if got != expected:
            col.add(f"sample {i}", "samples", f"{cyr!r} gives {got!r}, expected {expected!r}")
    for i, (cyr, wanted) in enumerate(alt_samples, start=1):
        every = scheme.transliterate_all(cyr)
        missing = [w for w in wanted if w not in every]
        if missing:
            col.add(
                f"alternative sample {i}",
                "alternative_samples",
                f"{cyr!r}: {missing} not among {sorted(every)}",
            )
    if col.problems:
        raise LexiconError(col.problems)
    return scheme


def load_schemes(directory: pathlib.Path) -> dict[str, Scheme]:
    """Every ``*.toml`` in ``directory``, by name; problems in all files are raised together."""
    directory = pathlib.Path(directory)
    if not directory.is_dir():
        raise LexiconError(Problem(str(directory), None, None, "scheme folder not found"))
    schemes: dict[str, Scheme] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            scheme = load_scheme(path)
        except LexiconError as exc:
            problems.extend(exc.problems)
            continue
        schemes[scheme.name] = scheme
    if problems:
        raise LexiconError(problems)
    return schemes


def load_builtin_schemes() -> dict[str, Scheme]:
    """The schemes shipped in ``lexicons/schemes``."""
    from transclean.resources import builtin_lexicon_dir

    return load_schemes(builtin_lexicon_dir() / "schemes")


def iter_words(text: str) -> Iterator[regex.Match[str]]:
    """The Cyrillic words of ``text`` as the schemes see them (apostrophes inside)."""
    words: Iterator[regex.Match[str]] = _WORD_RE.finditer(text)
    return words
