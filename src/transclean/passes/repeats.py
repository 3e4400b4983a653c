"""The repeats pass: a word that translation wrote twice ("her surprise surprise Kursk") once.

English doubles words on purpose far more often than a reader notices: grammar (had had,
that that, what it is is), names and titles (Walla Walla, Duran Duran, The The), emphasis
(a long long time), sounds and interjections (bye bye, ha ha), mentions in quotes, code.
So the pass acts only on the shape that translation produces and English does not: a
lowercase ordinary content word doubled on one line with only spaces between, in front of
the word it modifies (or a doubled past verb of saying: "said said"). Everything it knows
about words lives in lexicons/repeats/ (allowed phrases, word classes, rule examples).

A doubled function word ("the the") is a typing slip, which edited English has too; the
default pass leaves it, and `RepeatsPass.builtin(typos=True)` repairs the safe ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from transclean.compiled import doubled_lower_words
from transclean.edits import Edit
from transclean.errors import LexiconError, Problem
from transclean.resources import builtin_lexicon_dir
from transclean.text import fold
from transclean.tomlfile import read_toml
from transclean.wordset import WordSet

NAME = "repeats"
CLASSES = ("function_words", "typo_words", "emphatic", "sounds", "past_verbs")
_CONJUNCTIONS = frozenset(("and", "or", "nor", "but"))

# Supersets of the pairs below, scanned fast: ASCII semantics (non-ASCII characters count as
# word characters inside a word), possessive so a failed comparison never backtracks. A pair
# whose first letter is not ASCII (élan élan) is never found: a handful of loanwords.
# A word character of the prefilters: [A-Za-z0-9_'\x80-\U0010ffff], written as what it is
# not (the other ASCII characters): a class with the whole of Unicode in it took ~2 ms to
# compile, at every start.
_W = r"[^\x00-&(-/:-@\[-^`{-\x7f]"
_PREFILTER = re.compile(rf"\b([A-Za-z]{_W}*+)[ \t]++\1(?![A-Za-z0-9_'])", re.IGNORECASE | re.ASCII)
# Without typos, only a pair of the same lowercase word can be edited, and a pattern that
# starts with a fixed character is searched for at C speed where one that starts with \b is
# tried at every position: so one pattern finds the pairs after a space, another those after
# any other character that can end a word (rare in prose), and a third tries the text's
# start. Together 2x faster than _PREFILTER (measured on news-like prose: 13 vs 19 ms/MB).
_SAME_LOWER_PAIR = rf"([a-z]{_W}*+)[ \t]++\1(?![A-Za-z0-9_'])"
_AFTER_SPACE = re.compile(" " + _SAME_LOWER_PAIR, re.ASCII)
# Any character but a space, a letter, a digit, ' or - (or a control other than \t\n\r\v\f).
_AFTER_OTHER = re.compile(rf"[^\x00-\x08\x0e-\x1f '\-0-9A-Za-z\x7f]{_SAME_LOWER_PAIR}", re.ASCII)
_AT_START = re.compile(_SAME_LOWER_PAIR, re.ASCII)
# The exact pair: a word (starting with a letter), spaces or tabs, the same word again.
_PAIR = re.compile(r"(?<![\w'’\-])([^\W\d_][\w'’]*)[ \t]+(\1)(?![\w'’\-])", re.IGNORECASE)
# The word that follows the pair, with only spaces or tabs between.
_FOLLOWING = re.compile(r"[ \t]+([^\W_][\w'’]*)")
# The nearest word before / after, across punctuation and spaces but not a line break.
_PREVIOUS = re.compile(r"([\w'’]+)[^\w\n]*\Z")
_NEXT = re.compile(r"[^\w\n]*([\w'’]+)")
_WORDS_BEFORE = re.compile(r"[\w'’]+")
# Characters that make the neighbourhood code rather than prose.
_CODE = frozenset("`_=/\\@#$<>{}[]|~^%&*+.")
_CODE_AFTER = frozenset("`_=/\\@#$<>{}[]|~^%&*+(")
_FREE_RELATIVE = frozenset({"what", "whatever"})


@dataclass(frozen=True)
class Allowed:
    """A doubled phrase that is real English; `pattern` finds it, its group `pair` the pair.

    Kept as an expression and flags and compiled on first use (re caches it): compiling all of
    them on every load of a cached Cleaner took ~10 ms, and most are never needed."""

    words: str
    reason: str
    examples: tuple[str, ...]
    source: str
    expression: str  # the pattern's source, and its flags
    flags: int

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.expression, self.flags)


@dataclass(frozen=True)
class Rule:
    """A structural rule of the pass, carried as data so its examples are tested."""

    id: str
    description: str
    examples: tuple[tuple[str, str], ...]
    counterexamples: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class RepeatsData:
    """Everything the pass knows, read from lexicons/repeats/*.toml."""

    allowed: tuple[Allowed, ...]
    classes: dict[str, frozenset[str]]
    rules: tuple[Rule, ...]


class RepeatsPass:
    """Drop the second copy of an accidentally doubled word, keeping every real doubling."""

    name = NAME

    def __init__(
        self, data: RepeatsData, vocabulary: frozenset[str], *, typos: bool = False
    ) -> None:
        self._vocabulary = WordSet(vocabulary)
        self._function = data.classes.get("function_words", frozenset())
        self._typos = data.classes.get("typo_words", frozenset()) if typos else frozenset()
        self._emphatic = data.classes.get("emphatic", frozenset()) | data.classes.get(
            "sounds", frozenset()
        )
        self._verbs = data.classes.get("past_verbs", frozenset())
        self._allowed: dict[str, list[Allowed]] = {}
        for entry in data.allowed:
            self._allowed.setdefault(_pair_word(entry.words), []).append(entry)
        self.data = data

    @classmethod
    def builtin(
        cls, vocabulary: Iterable[str] | None = None, *, typos: bool = False
    ) -> RepeatsPass:
        """The pass from the shipped lexicons; `vocabulary` defaults to keep/english_words.txt."""
        root = builtin_lexicon_dir()
        data = load_repeats(sorted((root / "repeats").glob("*.toml")))
        if vocabulary is None:
            vocabulary = _read_words(root / "keep" / "english_words.txt")
        words = frozenset(fold(w) for w in vocabulary)
        # The guards' own set when it is folded already: one copy in memory and in the cache.
        return cls(data, vocabulary if words == vocabulary else words, typos=typos)

    @classmethod
    def from_files(
        cls, paths: Sequence[Path | str], vocabulary: Iterable[str], *, typos: bool = False
    ) -> RepeatsPass:
        """The pass from a user's own data files (all of them: nothing built in is added)."""
        data = load_repeats([Path(p) for p in paths])
        return cls(data, frozenset(fold(w) for w in vocabulary), typos=typos)

    def run(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        done = 0
        # The ASCII prefilters find a superset of the pairs the pass can edit at 50-80 MB/s;
        # the exact Unicode pattern then runs on the lines they flag only.
        for start in self._flagged(text):
            if start < done:
                continue
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
            done = line_end
            for match in _PAIR.finditer(text, line_start, line_end):
                edit = self._judge(text, match, line_start, line_end)
                if edit is not None:
                    edits.append(edit)
        return edits

    def _flagged(self, text: str) -> list[int]:
        """Where a pair the pass might edit starts (a superset), in text order."""
        if self._typos:  # "The the": the case of the two copies may differ
            return [hit.start(1) for hit in _PREFILTER.finditer(text)]
        if doubled_lower_words is not None:
            return doubled_lower_words(text)  # the same test, in C (~1 against ~12 ms/MB)
        return flagged_by_regex(text)

    def _judge(
        self, text: str, match: re.Match[str], line_start: int, line_end: int
    ) -> Edit | None:
        """The edit for one doubled pair, or None when the doubling may be on purpose."""
        first, second = match.group(1), match.group(2)
        word = fold(first)
        start, end = match.start(1), match.end(2)
        function = word in self._function
        if not second.islower():
            return None  # names, titles, headings: Walla Walla, The The, SURPRISE SURPRISE
        if first != second and not (
            function and first == second.capitalize() and _sentence_start(text, start)
        ):
            return None  # "Surprise surprise", "Knock knock"; only "The the" is a slip
        if function:
            if word not in self._typos:
                return None
        elif word not in self._vocabulary or word in self._emphatic:
            return None
        following = _FOLLOWING.match(text, end)
        if following is None:
            return None  # the pair ends its phrase, line or sentence
        if word in _CONJUNCTIONS and fold(following.group(1)) in _CONJUNCTIONS:
            return None  # "the operators and and or": words mentioned, not used
        if not function and word not in self._verbs and fold(following.group(1)) in self._function:
            return None  # "an instance instance of": the pair may be a noun and a name
        if self._on_purpose(text, word, start, end, line_start, line_end):
            return None
        second_start = match.start(2)
        gap = match.end(1)
        kind = "function" if function else "content"
        return Edit(
            gap,
            end,
            text[gap:end],
            "",
            NAME,
            f"doubled-{kind}-word",
            f"the word {first!r} is written twice ({text[start:end]!r}); "
            f"the second copy at {second_start} is dropped",
        )

    def _on_purpose(
        self, text: str, word: str, start: int, end: int, line_start: int, line_end: int
    ) -> bool:
        """Context that shows the doubling is deliberate: a run, a quote, code, an idiom."""
        if start > 0 and text[start - 1] in _CODE:
            return True
        if end < len(text) and text[end] in _CODE_AFTER:
            return True
        before = _PREVIOUS.search(text, max(line_start, start - 80), start)
        if before is not None and fold(before.group(1)) == word:
            return True  # a third copy: a chant, a song, a sound
        after = _NEXT.match(text, end, line_end)
        if after is not None and fold(after.group(1)) == word:
            return True
        head = text[max(line_start, start - 2000) : start]
        if _quoted(head):
            return True
        recent = _WORDS_BEFORE.findall(text, max(line_start, start - 60), start)[-3:]
        if any(fold(w) in _FREE_RELATIVE for w in recent):
            return True  # "what it is is", "whatever he did did"
        patterns = self._allowed.get(word)
        if patterns:
            for entry in patterns:
                window = entry.pattern.finditer(
                    text, max(line_start, start - 200), min(line_end, end + 200)
                )
                for found in window:
                    if found.start("pair") == start:
                        return True
        return False


def flagged_by_regex(text: str) -> list[int]:
    """Where the lower-case pairs the pass might edit start, by the three ASCII patterns (a
    superset, in text order): what `transclean._doubled` does in C, where it is built."""
    starts = [hit.start(1) for hit in _AFTER_SPACE.finditer(text)]
    starts += [hit.start(1) for hit in _AFTER_OTHER.finditer(text)]
    if _AT_START.match(text):
        starts.append(0)
    return sorted(starts)


def _sentence_start(text: str, start: int) -> bool:
    """Does a sentence start at `start` (line start, or after . ! ? and spaces)?"""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i == 0 or text[i - 1] in "\n.!?"


def _quoted(head: str) -> bool:
    """Is the end of `head` (a line up to the pair) inside a quotation?"""
    if head.count('"') % 2:
        return True
    for opening, closing in (("“", "”"), ("«", "»"), ("„", "“")):
        if head.rfind(opening) > head.rfind(closing):
            return True
    left = head.rfind("‘")
    if left >= 0:
        rest = head[left + 1 :]
        # A closing ’ that is not an apostrophe (a letter on both sides) ends the quote.
        closed = any(
            ch == "’"
            and not (0 < i < len(rest) - 1 and rest[i - 1].isalpha() and rest[i + 1].isalpha())
            for i, ch in enumerate(rest)
        )
        if not closed:
            return True
    return False


def _pair_word(words: str) -> str:
    """The doubled word of an allowed phrase (validated to exist)."""
    tokens = words.split()
    for a, b in pairwise(tokens):
        if fold(a) == fold(b):
            return fold(a)
    raise ValueError(f"no doubled word in {words!r}")


def _allowed_pattern(words: str) -> tuple[str, int]:
    """Whole words, any spaces between; the named group `pair` is the doubled pair."""
    tokens = words.split()
    parts: list[str] = []
    paired = False
    i = 0
    while i < len(tokens):
        if not paired and i + 1 < len(tokens) and fold(tokens[i]) == fold(tokens[i + 1]):
            parts.append(f"(?P<pair>{re.escape(tokens[i])}[ \\t]+{re.escape(tokens[i + 1])})")
            paired = True
            i += 2
        else:
            parts.append(re.escape(tokens[i]))
            i += 1
    body = r"[ \t]+".join(parts).replace("'", "['’]")
    # A phrase written in lower case matches in any case; one with capitals (The The, the
    # band) only as written, so that it does not also protect the slip "the the".
    flags = re.IGNORECASE if words == words.lower() else 0
    return rf"(?<![\w'’\-]){body}(?![\w'’])", flags


def _read_words(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


# --- loading -------------------------------------------------------------------------

_ALLOWED_FIELDS = ("words", "reason", "examples")
_RULE_FIELDS = ("id", "description", "examples", "counterexamples")
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


def load_repeats(paths: Sequence[Path]) -> RepeatsData:
    """Read and validate the data files; raise LexiconError naming every problem found."""
    problems: list[Problem] = []
    allowed: list[Allowed] = []
    classes: dict[str, set[str]] = {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in paths:
        data = read_toml(path, problems)
        if data is None:
            continue
        for key, value in data.items():
            if key == "allowed":
                for i, raw in enumerate(_tables(value, path, key, problems)):
                    entry = _allowed(raw, i, path, problems)
                    if entry is None:
                        continue
                    folded = " ".join(fold(w) for w in entry.words.split())
                    if folded in seen:
                        problems.append(
                            Problem(
                                str(path),
                                entry.words,
                                "words",
                                f"listed twice (also in {seen[folded]})",
                            )
                        )
                        continue
                    seen[folded] = str(path)
                    allowed.append(entry)
            elif key == "rule":
                for i, raw in enumerate(_tables(value, path, key, problems)):
                    rule = _rule(raw, i, path, problems)
                    if rule is not None:
                        rules.append(rule)
            elif key in CLASSES:
                words = _word_class(value, path, key, problems)
                classes.setdefault(key, set()).update(words)
            else:
                known = ", ".join(("[[allowed]]", "[[rule]]", *(f"[{c}]" for c in CLASSES)))
                problems.append(Problem(str(path), key, None, f"unknown table (known: {known})"))
    if problems:
        raise LexiconError(problems)
    return RepeatsData(
        allowed=tuple(allowed),
        classes={k: frozenset(v) for k, v in classes.items()},
        rules=tuple(rules),
    )


def _tables(value: Any, path: Path, key: str, problems: list[Problem]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(Problem(str(path), key, None, f"write each entry as a [[{key}]] table"))
        return []
    return value


def _string(
    raw: dict[str, Any], key: str, path: Path, label: str, problems: list[Problem]
) -> str | None:
    if key not in raw:
        problems.append(Problem(str(path), label, key, "missing required field"))
        return None
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(str(path), label, key, "must be a non-empty string"))
        return None
    return value


def _strings(
    value: Any, path: Path, label: str, key: str, problems: list[Problem]
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(Problem(str(path), label, key, "must be a list of non-empty strings"))
        return ()
    return tuple(value)


def _unknown(
    raw: dict[str, Any], known: Sequence[str], path: Path, label: str, problems: list[Problem]
) -> bool:
    bad = [k for k in raw if k not in known]
    for key in bad:
        problems.append(
            Problem(str(path), label, key, f"unknown field (known: {', '.join(known)})")
        )
    return bool(bad)


def _allowed(
    raw: dict[str, Any], index: int, path: Path, problems: list[Problem]
) -> Allowed | None:
    label = raw["words"] if isinstance(raw.get("words"), str) else f"#{index + 1}"
    before = len(problems)
    _unknown(raw, _ALLOWED_FIELDS, path, label, problems)
    words = _string(raw, "words", path, label, problems)
    reason = _string(raw, "reason", path, label, problems)
    examples = _strings(raw.get("examples", []), path, label, "examples", problems)
    if words is not None:
        tokens = words.split()
        if any(not re.fullmatch(r"[^\W\d_][\w'’]*", t) for t in tokens):
            problems.append(
                Problem(
                    str(path),
                    label,
                    "words",
                    "only words and spaces (punctuation already stops the pass)",
                )
            )
        elif sum(fold(a) == fold(b) for a, b in pairwise(tokens)) != 1:
            problems.append(
                Problem(str(path), label, "words", "must hold exactly one doubled word")
            )
    if len(problems) > before or words is None or reason is None:
        return None
    expression, flags = _allowed_pattern(words)
    return Allowed(words, reason, examples, str(path), expression, flags)


def _rule(raw: dict[str, Any], index: int, path: Path, problems: list[Problem]) -> Rule | None:
    label = raw["id"] if isinstance(raw.get("id"), str) else f"#{index + 1}"
    before = len(problems)
    _unknown(raw, _RULE_FIELDS, path, label, problems)
    rule_id = _string(raw, "id", path, label, problems)
    description = _string(raw, "description", path, label, problems)
    if rule_id is not None and not _RULE_ID.match(rule_id):
        problems.append(
            Problem(str(path), label, "id", "must be lowercase letters, digits and '-'")
        )
    examples: list[tuple[str, str]] = []
    raw_examples = raw.get("examples", [])
    if not isinstance(raw_examples, list):
        problems.append(
            Problem(str(path), label, "examples", "must be a list of [input, output] pairs")
        )
    else:
        for i, pair in enumerate(raw_examples):
            if isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
                examples.append((pair[0], pair[1]))
            else:
                problems.append(
                    Problem(
                        str(path), label, "examples", f"item {i} must be a pair [input, output]"
                    )
                )
    counter = _strings(raw.get("counterexamples", []), path, label, "counterexamples", problems)
    if len(problems) > before or rule_id is None or description is None:
        return None
    return Rule(rule_id, description, tuple(examples), counter, str(path))


def _word_class(value: Any, path: Path, key: str, problems: list[Problem]) -> list[str]:
    if not isinstance(value, dict):
        problems.append(Problem(str(path), key, None, f"write the class as a [{key}] table"))
        return []
    before = len(problems)
    _unknown(value, ("reason", "words"), path, key, problems)
    _string(value, "reason", path, key, problems)
    words = _strings(value.get("words"), path, key, "words", problems) if "words" in value else ()
    if "words" not in value:
        problems.append(Problem(str(path), key, "words", "missing required field"))
    for word in words:
        if word != fold(word) or not re.fullmatch(r"[^\W\d_][\w']*", word):
            problems.append(
                Problem(
                    str(path), key, "words", f'{word!r}: one lowercase word, apostrophe as "\'"'
                )
            )
    return [] if len(problems) > before else list(words)
