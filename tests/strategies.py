"""Hypothesis strategies for realistic and hostile text, built from the shipped lexicon.

Realistic text is news-like: sentences made of the lexicon's own variants, canonical names,
Cyrillic forms, given names, literal surnames, titles, rule triggers and pronouns, mixed
with English words and punctuation, in every case style a headline or a garble produces.
Hostile text adds what the world sends: combining marks, right-to-left text and controls,
zero-width characters, emoji sequences, lone surrogates (the CLI's surrogateescape path),
control characters and very long tokens, inserted between and inside words.

The pools are computed once from `default_cleaner()` (shared with the rest of the suite).

Also here: `run_cli`, which runs `transclean.cli.main` in this process on bytes (stdin and
stdout patched, one Cleaner build per set of options), so byte-path properties can afford
hundreds of examples.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, suppress
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import strategies as st

import transclean.cli as cli
from transclean import Cleaner, default_cleaner
from transclean.resources import builtin_lexicon_dir

DATA = Path(__file__).resolve().parent / "data"

PRONOUNS = ("she", "her", "herself", "he", "his", "him", "himself", "it", "its", "itself")
SEPARATORS = (
    " ", " ", " ", " ", ", ", ". ", ".\n", "\n", "\r\n", "\t", "  ", " - ", " — ", " – ",
    "'s ", "’s ", " (", ") ", ' "', '" ', " «", "» ", ": ", "; ", "/", "! ", "? ", "... ",
    "-", "\u00a0", "\n\n", "\r", " “", "” ",
)  # fmt: skip
COMBINING = ("\u0301", "\u0300", "\u0308", "\u0327", "\u0306", "\u030c", "\u20dd", "\u0489")
RTL = (
    "مرحبا",
    "שלום",
    "كييف",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u202d",
    "\u202c",
    "\u2067",
    "\u2069",
    "\u061c",
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u180e")
EMOJI = ("😀", "🇺🇦", "🇷🇺", "👩‍👩‍👧", "🏳️‍🌈", "👍🏽", "❤️", "\U0001f9d1\u200d\U0001f692", "🔥")
CONTROLS = ("\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029")
# What `bytes.decode("utf-8", "surrogateescape")` makes of invalid bytes.
LONE_SURROGATES = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)


@cache
def cleaner() -> Cleaner:
    return default_cleaner()


def _lines(path: Path, column: int | None = 0) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t")[column] if column is not None else line)
    return out


@cache
def pools() -> dict[str, tuple[str, ...]]:
    """Word pools from the lexicon, the rules and the evaluation sets."""
    c = cleaner()
    lexicon = c.lexicon
    rules = next((p for p in c._passes if p.name == "rules"), None)
    rule_list = list(getattr(rules, "rules", ()))
    triggers = sorted({t for r in rule_list for t in r.triggers})
    rule_examples = sorted({s for r in rule_list for pair in r.examples for s in pair})
    entity_examples = sorted({s for e in lexicon.entities for pair in e.examples for s in pair})
    sentences = list(entity_examples) + rule_examples
    for name in ("fuzzy_dev.tsv", "names_dev.tsv", "pronouns_dev.tsv", "repeats_dev.tsv"):
        sentences += _lines(DATA / name)
    for name in ("script_dev.tsv", "rules_dev.tsv"):
        sentences += _lines(DATA / name)
    for name in ("fuzzy_traps.txt", "names_traps.txt", "pronouns_traps.txt", "rules_traps.txt"):
        sentences += _lines(DATA / name, None)
    literals = {w for e in lexicon.entities for w in e.literal}
    literals |= {w for s in lexicon.literal_surnames for w in s.literal}
    return {
        "variant": tuple(sorted({f for t in c.index.targets.values() for f in t.forms})),
        "canonical": tuple(sorted({e.canonical for e in lexicon.entities})),
        "accepted": tuple(sorted({a for e in lexicon.entities for a in e.accepted})),
        "cyrillic": tuple(sorted({f for e in lexicon.entities for f in (*e.uk, *e.ru)})),
        "given": tuple(sorted(w.title() for w in c.index.slavic_given)),
        "literal": tuple(sorted(literals)),
        "title": tuple(sorted({t for e in lexicon.entities for t in e.titles})),
        "protected": tuple(sorted(p.text for p in lexicon.phrases)),
        "trigger": tuple(triggers),
        "sentence": tuple(sorted(set(sentences))),
        "english": tuple(sorted(english_words())),
    }


@cache
def english_words() -> frozenset[str]:
    words = _lines(builtin_lexicon_dir() / "keep" / "english_words.txt", None)
    return frozenset(w for w in words if w.isalpha() and w.isascii())


# ---------------------------------------------------------------------------------------
# Case styles


def odd_case(word: str, mask: int) -> str:
    """Each letter upper or lower by the bits of `mask` (KyIw, sYRSKYI)."""
    return "".join(ch.upper() if mask >> (i % 60) & 1 else ch.lower() for i, ch in enumerate(word))


@st.composite
def styled(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(("as is", "as is", "upper", "lower", "title", "capital", "odd")))
    if style == "upper":
        return word.upper()
    if style == "lower":
        return word.lower()
    if style == "title":  # headline caps: every word capitalised
        return " ".join(w[:1].upper() + w[1:] for w in word.split(" "))
    if style == "capital":
        return word[:1].upper() + word[1:]
    if style == "odd":
        return odd_case(word, draw(st.integers(0, 2**60 - 1)))
    return word


# ---------------------------------------------------------------------------------------
# Hostile pieces


def junk() -> st.SearchStrategy[str]:
    """One piece of hostile Unicode."""
    return st.one_of(
        st.sampled_from(COMBINING),
        st.sampled_from(RTL),
        st.sampled_from(ZERO_WIDTH),
        st.sampled_from(EMOJI),
        st.sampled_from(CONTROLS),
        LONE_SURROGATES,
        st.text(min_size=1, max_size=3),  # anything hypothesis likes (no surrogates)
    )


def long_token() -> st.SearchStrategy[str]:
    """A very long token: one letter, a word or a name repeated without a break."""
    seed = st.one_of(
        st.sampled_from(("a", "K", "я", "é", "\u0301", "😀", "-", "'")),
        st.sampled_from(pools()["variant"]),
    )
    return st.builds(lambda s, n: s * n, seed, st.integers(200, 3000)).map(lambda s: s[:5000])


@st.composite
def with_junk_inside(draw: st.DrawFn, word: str) -> str:
    """`word` with one piece of junk inserted at some position (K\u200biev, Kie\u0301v)."""
    if not word:
        return word
    at = draw(st.integers(0, len(word)))
    return word[:at] + draw(junk()) + word[at:]


# ---------------------------------------------------------------------------------------
# Realistic news-like text

_SOURCES = (
    ("variant", 6),
    ("canonical", 3),
    ("english", 6),
    ("given", 2),
    ("literal", 1),
    ("title", 1),
    ("trigger", 2),
    ("pronoun", 2),
    ("cyrillic", 1),
    ("accepted", 1),
    ("protected", 1),
    ("double", 1),
    ("mojibake", 1),
)


def _mojibake(word: str) -> str:
    try:
        return word.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return word.encode("utf-8").decode("latin-1")


@st.composite
def token(draw: st.DrawFn, hostile: bool = False) -> str:
    p = pools()
    source = draw(st.sampled_from([name for name, weight in _SOURCES for _ in range(weight)]))
    if source == "pronoun":
        word = draw(st.sampled_from(PRONOUNS))
    elif source == "double":
        word = draw(st.sampled_from(p["english"] + p["variant"][:200]))
        word = f"{word} {word}"
    elif source == "mojibake":
        word = _mojibake(draw(st.sampled_from(p["cyrillic"] + ("Zelenskyy’s", "café", "“Kyiv”"))))
    else:
        word = draw(st.sampled_from(p[source]))
    word = draw(styled(word))
    if hostile and draw(st.integers(0, 5)) == 0:
        word = draw(with_junk_inside(word))
    return word


@st.composite
def news_sentence(draw: st.DrawFn, hostile: bool = False, max_tokens: int = 14) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, max_tokens))):
        parts.append(draw(token(hostile)))
        parts.append(draw(st.sampled_from(SEPARATORS)))
        if hostile and draw(st.integers(0, 7)) == 0:
            parts.append(draw(junk()))
    return "".join(parts)


@st.composite
def news_text(draw: st.DrawFn, hostile: bool = False) -> str:
    """A few sentences: generated ones and real ones from the evaluation sets, restyled."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            pieces.append(draw(news_sentence(hostile)))
        else:
            sentence = draw(st.sampled_from(pools()["sentence"]))
            if draw(st.integers(0, 3)) == 0:
                sentence = draw(styled(sentence))
            pieces.append(sentence)
        pieces.append(draw(st.sampled_from((" ", "\n", "\r\n", "\n\n", ""))))
    return "".join(pieces)


def hostile_text() -> st.SearchStrategy[str]:
    """News-like text with hostile Unicode between and inside words, or just hostile text."""
    return st.one_of(
        news_text(hostile=True),
        st.text(st.characters(blacklist_categories=()), max_size=300),
        st.lists(st.one_of(junk(), token(True), st.sampled_from(SEPARATORS)), max_size=40).map(
            "".join
        ),
        st.builds(lambda a, b, c: a + b + c, news_sentence(), long_token(), news_sentence()),
    )


def any_text() -> st.SearchStrategy[str]:
    return st.one_of(news_text(), hostile_text())


# ---------------------------------------------------------------------------------------
# Text with nothing for any pass to act on


@cache
def safe_words() -> tuple[str, ...]:
    """English words that no pass acts on: not a variant, trigger, pronoun, name or literal."""
    c = cleaner()
    p = pools()
    banned = set(c.index.targets) | set(c.index.given_names) | set(c.index.slavic_given)
    banned |= {w.lower() for w in PRONOUNS}
    for name in ("trigger", "literal", "title", "canonical", "accepted", "protected"):
        for item in p[name]:
            banned.update(item.lower().replace("-", " ").split())
    return tuple(w for w in p["english"] if w not in banned and len(w) > 1)


_SAFE_SEPARATORS = tuple(s for s in SEPARATORS if s not in ("'s ", "’s "))
_SAFE_JUNK = ("😀", "🇺🇦", "👍🏽", "שלום", "مرحبا", "\u200f", "\u200b", "→", "§", "€", "%", "42")


@st.composite
def safe_text(draw: st.DrawFn) -> str:
    """English words in lower, capitalised and capital styles, punctuation, digits, emoji.

    No two neighbouring words are the same (a doubled word is a repeats-pass trigger).
    """
    words = safe_words()
    parts: list[str] = []
    previous = ""
    for _ in range(draw(st.integers(1, 25))):
        word = draw(st.sampled_from(words))
        if word == previous:
            continue
        previous = word
        style = draw(st.sampled_from(("lower", "lower", "capital", "upper")))
        parts.append({"upper": word.upper(), "capital": word.capitalize()}.get(style, word))
        parts.append(draw(st.sampled_from(_SAFE_SEPARATORS)))
        if draw(st.integers(0, 9)) == 0:
            parts.append(draw(st.sampled_from(_SAFE_JUNK)) + " ")
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# Bytes for the CLI


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Bytes a filter meets: news text, invalid UTF-8, NUL, CRLF, a missing final newline."""
    invalid = st.sampled_from(
        (b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xed\xa0\x80", b"\xf0\x9f", b"\x80", b"\xe2\x82")
    )
    piece = st.one_of(
        news_sentence(hostile=True).map(_encode),
        st.sampled_from(pools()["sentence"]).map(_encode),
        invalid,
        st.binary(max_size=20),
        st.sampled_from((b"\r\n", b"\n", b"\r", b"\x00", b"\t", b"\xef\xbb\xbf")),
    )
    return st.one_of(st.lists(piece, max_size=12).map(b"".join), st.binary(max_size=300))


# ---------------------------------------------------------------------------------------
# The CLI in this process (fast: no interpreter start, and one Cleaner per set of options)


class _MemoCleaner:
    """Stands in for `Cleaner` inside `transclean.cli`: one build per set of arguments."""

    def __init__(self, real: type[Cleaner]) -> None:
        self._real = real
        self._built: dict[str, Cleaner] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> Cleaner:
        if any(args) or kwargs.get("rules") or kwargs.get("lexicons"):
            return self._real(*args, **kwargs)  # user files may change between calls
        key = repr((args, sorted(kwargs.items())))
        if key not in self._built:
            self._built[key] = self._real(*args, **kwargs)
        return self._built[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


_MEMO = _MemoCleaner(Cleaner)


@contextmanager
def _cli_stdio(data: bytes) -> Iterator[tuple[io.BytesIO, io.StringIO]]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    out = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape")
    err = io.StringIO()
    with (
        mock.patch.object(cli, "Cleaner", _MEMO),
        mock.patch.object(sys, "stdin", stdin),
        mock.patch.object(sys, "stdout", stdout),
        redirect_stderr(err),
    ):
        try:
            yield out, err
        finally:
            stdout.flush()


def run_cli(argv: list[str], data: bytes = b"") -> tuple[int, bytes, str]:
    """`transclean.cli.main(argv)` with `data` on stdin: (exit code, stdout bytes, stderr)."""
    with _cli_stdio(data) as (out, err):
        code = cli.main(argv)
        sys.stdout.flush()
        value = out.getvalue()
    return code, value, err.getvalue()


@cache
def cli_help() -> str:
    """The filter's --help text (tests skip what the CLI does not offer yet)."""
    with _cli_stdio(b"") as (out, _):
        with suppress(SystemExit):
            cli.main(["--help"])
        sys.stdout.flush()
        return out.getvalue().decode()
