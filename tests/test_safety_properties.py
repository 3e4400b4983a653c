"""Safety properties (issue 6): what cleaning guarantees for any text, checked with hypothesis.

`test_properties.py` states the basic invariants on simple news-like text; this module runs
them, and more, on realistic text built from the whole lexicon (every variant, Cyrillic form,
given name, literal surname, rule trigger and evaluation sentence, in every case style) and on
hostile text (combining marks, right-to-left text, zero-width characters, emoji, lone
surrogates, control characters, very long tokens), and drives the CLI's byte path in process.

Properties:
- idempotence: cleaning the output changes nothing;
- purity: a text's result does not depend on what the cleaner cleaned before;
- text with nothing to act on (no variant, rule trigger, pronoun or candidate) is unchanged;
- edits: `before` is the input at the span, sorted, never overlapping, and replay gives the
  output; suggestions are placed the same way;
- the offset map: monotone both ways, one to one outside edits, and inverse there;
- `clean_many` with 1 and 2 workers equals cleaning one by one, in order;
- the CLI: every byte outside an edit comes out as it went in (invalid UTF-8, NUL, CR, CRLF,
  a missing final newline), `--explain` replays to the cleaned output, and `-j 2` and JSON
  Lines mode give the same results (when the CLI has them);
- no public function raises anything but the documented errors.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import strategies as S
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import cli_help, run_cli
from test_properties import _check_result

import transclean
import transclean.cli as cli
from transclean import Cleaner, LexiconError, Result, TranscleanError
from transclean.edits import Edit, apply_edits

_CLEANER = S.cleaner()
# Heavier properties (processes, the CLI twice per example) run fewer examples.
_FEW = max(5, settings.default.max_examples // 4)


def _surrogates(text: str) -> set[str]:
    return {ch for ch in text if "\udc80" <= ch <= "\udcff"}


# ---------------------------------------------------------------------------------------
# Edits and the offset map


def check_edits_and_offsets(text: str, result: Result) -> None:
    """Everything `test_properties._check_result` checks, and the rest of the offset map."""
    _check_result(text, result)
    edits = result.edits
    assert list(edits) == sorted(edits, key=lambda e: (e.start, e.end))
    for e in (*edits, *result.suggestions):
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.before
    for s in result.suggestions:
        assert s.score is not None
    # No edit adds or removes a line break (the streaming diff pairs lines one to one).
    for e in edits:
        for brk in ("\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"):
            assert e.before.count(brk) == e.after.count(brk), e
    # Unchanged regions map one to one, and back.
    inside = [False] * (len(text) + 1)
    deletion_start = set()
    for e in edits:
        for o in range(e.start + 1, e.end):
            inside[o] = True
        if e.after == "":
            deletion_start.add(e.start)
    shift = 0
    k = 0
    for offset in range(len(text) + 1):
        while k < len(edits) and edits[k].end <= offset:
            shift += len(edits[k].after) - (edits[k].end - edits[k].start)
            k += 1
        if inside[offset]:
            continue
        out = result.input_to_output(offset)
        assert out == offset + shift, (offset, out, shift)
        back = result.output_to_input(out)
        if offset in deletion_start:
            assert back in (offset, next(e.end for e in edits if e.start == offset))
        else:
            assert back == offset, (offset, out, back)
    # Output offsets: monotone, inside the input, and unchanged output maps one to one.
    out_inside = [False] * (len(result.text) + 1)
    shift = 0
    for e in edits:
        out_start = e.start + shift
        # An insertion's output start maps back to its input point, which maps forward
        # past the insertion: only its end is a one-to-one point.
        first = out_start if e.start == e.end else out_start + 1
        for o in range(first, out_start + len(e.after)):
            out_inside[o] = True
        shift += len(e.after) - (e.end - e.start)
    previous = 0
    for out in range(len(result.text) + 1):
        back = result.output_to_input(out)
        assert previous <= back <= len(text)
        previous = back
        if not out_inside[out]:
            assert result.input_to_output(back) == out, (out, back)


@given(S.news_text())
def test_edits_and_offsets_on_news(text: str) -> None:
    check_edits_and_offsets(text, _CLEANER.clean(text))


@given(S.hostile_text())
@example("Kiev\u0301 Kharkov\u200b Odessa\u202e ﻿Lvov 😀Kiev " + "Kiev" * 2000)
@example("\udcff Kiev \udc80\u0301 \x00 KIEV\r\nKharkov\r")
def test_edits_and_offsets_on_hostile_text(text: str) -> None:
    check_edits_and_offsets(text, _CLEANER.clean(text))


def test_offsets_outside_the_text_are_a_value_error() -> None:
    result = _CLEANER.clean("Kiev")
    for bad in (-1, 5):
        with pytest.raises(ValueError):
            result.input_to_output(bad)
        with pytest.raises(ValueError):
            result.output_to_input(bad)


# ---------------------------------------------------------------------------------------
# Idempotence and purity


def _known_gap(first: Result, second: Result) -> bool:
    """Two idempotence gaps, now closed (each has a test below), still recognised so that
    a regression of either is reported by its own test rather than by the property:

    1. the fuzzy pass repairs a surname after a variant of the person's given name
       (Sergueï Axionov -> Sergueï Aksyonov) and only a second run's names pass sees the
       full name;
    2. the case style of a repair depends on the case of its neighbours (is this a line in
       capitals?), and a repair changes the neighbours: KHARKOV CERKASY OBLAST -> KHARKIV
       Cherkasy Oblast -> Kharkiv Cherkasy Oblast. A second run only changes letter case.
    """
    spans = [
        (first.input_to_output(e.start), first.input_to_output(e.end))
        for e in first.edits
        if "fuzzy" in e.pass_name
    ]

    def explained(e: Edit) -> bool:
        full_name = e.pass_name == "names" and any(e.start <= a and b <= e.end for a, b in spans)
        return full_name or e.before.casefold() == e.after.casefold()

    return bool(second.edits) and all(explained(e) for e in second.edits)


def _check_idempotent(text: str) -> None:
    first = _CLEANER.clean(text)
    second = _CLEANER.clean(first.text)
    if second.text != first.text and _known_gap(first, second):
        return
    assert second.text == first.text, (first.edits, second.edits)


@given(S.news_text())
def test_idempotent_on_news(text: str) -> None:
    _check_idempotent(text)


@given(S.hostile_text())
def test_idempotent_on_hostile_text(text: str) -> None:
    _check_idempotent(text)


@pytest.mark.parametrize("text", ["Sergueï Axionov", "Aleksandr B\u0301astrikin"])
def test_idempotent_fuzzy_surname_after_variant_given_name(text: str) -> None:
    once = _CLEANER.clean(text).text
    assert _CLEANER.clean(once).text == once


@pytest.mark.parametrize("text", ["KHARKOV CERKASY OBLAST", "AHASIEN CERKASY OBLAST,"])
def test_idempotent_case_style_of_names_in_capitals(text: str) -> None:
    once = _CLEANER.clean(text).text
    assert _CLEANER.clean(once).text == once


@pytest.mark.parametrize("text", ["Ahtyrka борислав.", "Odessa борислав.", "Kiev борислав."])
def test_idempotent_cyrillic_share_of_a_line_the_names_pass_respells(text: str) -> None:
    """Half Cyrillic, half a variant the names pass respells with another number of
    letters (Ahtyrka -> Okhtyrka): the line's share is counted as that pass leaves it, so
    the second run does not transliterate what the first left (found by the thorough
    profile)."""
    once = _CLEANER.clean(text).text
    assert _CLEANER.clean(once).text == once


@given(st.lists(S.news_text(), min_size=1, max_size=4), S.any_text())
def test_result_does_not_depend_on_history(history: list[str], text: str) -> None:
    before = _CLEANER.clean(text)
    for other in history:
        _CLEANER.clean(other)
    after = _CLEANER.clean(text)
    assert (after.text, after.edits, after.suggestions) == (
        before.text,
        before.edits,
        before.suggestions,
    )


# ---------------------------------------------------------------------------------------
# Nothing to act on: nothing changes


@given(S.safe_text())
def test_text_without_triggers_is_byte_identical(text: str) -> None:
    result = _CLEANER.clean(text)
    assert result.text == text, result.edits
    assert not result.edits and not result.suggestions


@given(st.lists(st.sampled_from(sorted(S.pools()["canonical"])), min_size=1, max_size=6))
def test_canonical_names_in_headline_caps_are_unchanged(names: list[str]) -> None:
    # Headline capitals of correct names: "KYIV, KHARKIV AND ODESA" stays as it is.
    names = [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]]
    for text in (" / ".join(names), " / ".join(n.upper() for n in names)):
        result = _CLEANER.clean(text)
        assert result.text == text, result.edits


# ---------------------------------------------------------------------------------------
# Long lines: linear time (a line is one text for the CLI, however long)


def _pass(name: str) -> Any:
    return next(p for p in _CLEANER._passes if p.name == name)


def test_rules_pass_is_linear_on_one_long_line() -> None:
    # Every "through" on the line was placed on its line by a scan back to the line start,
    # and every credit-rule match re-read the whole line: 8 MB ran out of the time limit.
    unit = "Kremlin Press Office/Anadolu through Getty Images said the offensive stalled. "
    text = unit * (8_000_000 // len(unit))
    start = time.process_time()
    assert _pass("rules").run(text) == []  # the credit rule wants a line of 120 at most
    assert time.process_time() - start < 5


def test_script_pass_is_linear_on_one_long_line() -> None:
    # The quotes-and-brackets check rescanned the line for every Cyrillic run: 1 MB of
    # English with Cyrillic names on one line took 40 s.
    unit = "Officials in Київ said the Харків offensive had stalled near Суджа. "
    text = unit * (1_000_000 // len(unit))
    start = time.process_time()
    edits = _pass("script").run(text)
    assert time.process_time() - start < 10
    assert len(edits) == 3 * (1_000_000 // len(unit))


# ---------------------------------------------------------------------------------------
# Many texts at once


def _as_tuple(result: Result) -> tuple[Any, ...]:
    return (result.input, result.text, result.edits, result.suggestions)


@pytest.mark.parametrize("workers", [1, 2])
def test_clean_many_equals_one_by_one(workers: int) -> None:
    @settings(max_examples=_FEW if workers > 1 else settings.default.max_examples)
    @given(st.lists(S.any_text(), max_size=12))
    def check(texts: list[str]) -> None:
        got = [_as_tuple(r) for r in _CLEANER.clean_many(iter(texts), workers=workers)]
        assert got == [_as_tuple(_CLEANER.clean(t)) for t in texts]

    check()


def test_clean_many_streams_a_generator_in_order() -> None:
    texts = (f"{i} Kiev {'Kharkov ' * (i % 7)}" for i in range(3000))
    results = _CLEANER.clean_many(texts, workers=2)
    for i, result in enumerate(results):
        assert result.text == f"{i} Kyiv {'Kharkiv ' * (i % 7)}"
    assert i == 2999


# ---------------------------------------------------------------------------------------
# Errors: only the documented ones


_NOT_STR = st.one_of(
    st.binary(max_size=10),
    st.integers(),
    st.none(),
    st.floats(),
    st.lists(st.text(max_size=3), max_size=2),
    st.builds(bytearray, st.binary(max_size=5)),
)


@given(_NOT_STR)
def test_non_str_is_a_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        transclean.clean(value)
    with pytest.raises(TypeError):
        _CLEANER.clean(value)
    with pytest.raises(TypeError):
        list(_CLEANER.clean_many(["Kiev", value]))


def test_non_str_in_clean_many_with_workers_is_a_type_error() -> None:
    # The error raised in a worker process comes back as the same TypeError.
    for value in (b"Kiev", 5, None):
        with pytest.raises(TypeError):
            list(_CLEANER.clean_many(["Kiev", value, "Kharkov"], workers=2))


@given(S.any_text())
def test_clean_function_matches_cleaner(text: str) -> None:
    assert transclean.clean(text) == _CLEANER.clean(text).text


@given(
    passes=st.one_of(
        st.none(), st.lists(st.sampled_from([*_CLEANER.passes, "nope", "", "NAMES"]), max_size=4)
    ),
    skip=st.lists(st.sampled_from([*_CLEANER.passes, "x", " names"]), max_size=3),
    min_score=st.one_of(st.floats(allow_nan=True), st.sampled_from([0.0, 1.0, 0.8])),
)
@settings(max_examples=_FEW)
def test_cleaner_options_raise_only_transclean_errors(
    passes: list[str] | None, skip: list[str], min_score: float
) -> None:
    # Cleaner() costs about a second; only check the arguments that are refused early
    # and build the ones that are accepted with --no-builtin.
    try:
        cleaner = Cleaner(builtin=False, passes=passes, skip=skip, min_score=min_score)
    except TranscleanError:
        return
    assert 0.0 <= min_score <= 1.0
    cleaner.clean("Kiev said she said said.")


# ---------------------------------------------------------------------------------------
# The CLI in this process: bytes in, bytes out


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _replay_explain(data: bytes, rows: list[dict[str, Any]]) -> str:
    """Apply the applied edits that --explain printed, placed by line and column."""
    text = data.decode("utf-8", "surrogateescape")
    starts = _line_starts(text)
    edits = []
    for row in rows:
        if not row.get("applied", True):
            continue
        at = starts[row["line"] - 1] + row["col"] - 1
        before, after = row["before"], row["after"]
        assert text[at : at + len(before)] == before, (row, text[at : at + len(before)])
        edits.append((at, at + len(before), after))
    edits.sort()
    parts, pos = [], 0
    for start, end, after in edits:
        assert start >= pos, "overlapping edits"
        parts += [text[pos:start], after]
        pos = end
    return "".join([*parts, text[pos:]])


def _explain_rows(out: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.decode("utf-8", "surrogateescape").splitlines()]


@given(S.hostile_bytes())
@example(b"\xff\xfe Kiev \xc3\x28 caf\xc3\xa9 \xed\xa0\x80\nKharkov\r\n\x00 Kiev\n")
@example(b"Kiev\r\n\tKharkov  \r\nno final newline Odessa\xff")
@example("Kyіv \udcff\udc80 в Києві".encode("utf-8", "surrogateescape"))
@settings(max_examples=_FEW * 2)
def test_cli_preserves_every_byte_outside_edits(data: bytes) -> None:
    code, cleaned, err = run_cli([], data)
    assert (code, err) == (0, "")
    code, explained, err = run_cli(["--explain"], data)
    assert (code, err) == (0, "")
    rows = _explain_rows(explained)
    # Invalid bytes (lone surrogates after decoding) are never part of an edit.
    for row in rows:
        assert not _surrogates(row["before"]) and not _surrogates(row["after"]), row
    replayed = _replay_explain(data, rows)
    assert replayed.encode("utf-8", "surrogateescape") == cleaned
    # Binary data: from the first line block holding a NUL byte on, nothing changes.
    if b"\x00" in data:
        line_start = data.rfind(b"\n", 0, data.index(b"\x00")) + 1
        assert cleaned.endswith(data[line_start:])
    if not rows:
        assert cleaned == data


def test_cli_output_does_not_depend_on_chunk_boundaries() -> None:
    """The pronouns pass reads the sentence before across a line break: the line right
    after a chunk boundary keeps it (the chunk is cleaned with the text before it)."""
    context = b"A man walked to the Master.\n"
    line = b"Ukraine began her surprise attack near Sudzha.\n"
    filler = b"Nothing to see here at all.\n"
    chunk = getattr(cli, "CHUNK", 1 << 20)
    n, pad = divmod(chunk - len(context), len(filler))
    prefix = filler * (n - 1) + b"y" * (len(filler) + pad - 1) + b"\n" + context
    assert len(prefix) == chunk  # the first chunk ends right after `context`
    data = prefix + line
    expected = _CLEANER.clean(data.decode()).text.encode()
    assert expected.endswith(context + line)  # "her" may mean the man: left alone
    code, out, _ = run_cli([], data)
    assert code == 0 and out == expected


# Lines whose cleaning reads the line before: a pronoun whose sentence before names a
# person (left alone), a weak fuzzy match whose topic words stand a line away.
_LEANING_LINES = st.sampled_from(
    (
        "A man walked to the Master.\nUkraine began her surprise attack near Sudzha.",
        "Ukraine began its offensive.\nShe said her troops held Sudzha.",
        "Russian drones hit the oblast overnight.\nSumyy was quiet by morning.",
        "The recipe came from a cook in Lyon.\nSumyy was quiet by morning.",
    )
)


@given(
    st.lists(st.one_of(S.news_text(), _LEANING_LINES), min_size=2, max_size=12).map("\n".join),
    st.integers(16, 600),
    st.sampled_from((3_000, cli.CONTEXT)),
)
@settings(max_examples=_FEW)
def test_cli_cleans_as_one_text_whatever_the_chunks(text: str, size: int, context: int) -> None:
    """Chunks of `size` bytes, each cleaned with `context` bytes either side: the output is
    the whole input cleaned as one text."""
    data = text.encode("utf-8", "surrogateescape")
    expected = _CLEANER.clean(data.decode("utf-8", "surrogateescape")).text
    small = functools.partial(cli.iter_line_chunks, size=size)
    with (
        mock.patch.object(cli, "iter_line_chunks", small),
        mock.patch.object(cli, "CONTEXT", context),
    ):
        code, out, _ = run_cli([], data)
    assert code == 0
    assert out == expected.encode("utf-8", "surrogateescape")


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
@given(S.hostile_bytes().filter(lambda b: b"\x00" not in b))
@example(b"a\nKiev\r\nb\nc\nd\ne\nf\ng\nh\ni\nOdessa")
@example(b"\xff Kiev\r\r\nno newline at the end: Kharkov")
@settings(max_examples=_FEW)
def test_cli_diff_applies_with_patch(data: bytes) -> None:
    code, cleaned, _ = run_cli([], data)
    code, diff, err = run_cli(["--diff"], data)
    assert (code, err) == (0, "")
    if cleaned == data:
        assert diff == b""
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "news.txt"
        target.write_bytes(data)
        done = subprocess.run(
            ["patch", "-s", "--binary", str(target)], input=diff, capture_output=True, timeout=60
        )
        assert done.returncode == 0, (done.stdout, done.stderr, diff)
        assert target.read_bytes() == cleaned


@given(S.hostile_bytes())
@settings(max_examples=_FEW)
def test_cli_check_counts_and_exit_codes(data: bytes) -> None:
    _, explained, _ = run_cli(["--explain"], data)
    applied = [r for r in _explain_rows(explained) if r.get("applied", True)]
    code, checked, err = run_cli(["--check"], data)
    assert err == ""
    assert code == (1 if applied else 0)
    lines = checked.decode("utf-8", "surrogateescape").splitlines()
    assert sum(": " in line and "(suggestion" not in line for line in lines) >= len(applied)


@given(S.hostile_bytes())
@settings(max_examples=_FEW)
def test_cli_jobs_gives_the_same_bytes(data: bytes) -> None:
    if "--jobs" not in cli_help() and "-j" not in cli_help():
        pytest.skip("the CLI has no -j yet")
    for mode in ([], ["--explain"], ["--check"]):
        assert run_cli([*mode, "-j", "2"], data) == run_cli(mode, data)


@given(st.lists(S.news_text(hostile=True), min_size=1, max_size=6), st.booleans())
@settings(max_examples=_FEW)
def test_cli_jsonl_field_equals_library(texts: list[str], ascii_only: bool) -> None:
    if "--jsonl" not in cli_help():
        pytest.skip("the CLI has no --jsonl yet")
    # A lone surrogate can only travel as a \udcxx escape: raw, it is invalid UTF-8.
    ascii_only = ascii_only or any(_surrogates(t) for t in texts)
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=ascii_only) for i, t in enumerate(texts)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    code, out, err = run_cli(["--jsonl", "--field", "text"], data)
    assert code == 0, err
    # Split on line feeds only: the JSON may hold U+2028 or U+0085 unescaped.
    rows = [json.loads(line) for line in out.decode("utf-8").split("\n") if line]
    assert [r["id"] for r in rows] == list(range(len(texts)))
    assert [r["text"] for r in rows] == [_CLEANER.clean(t).text for t in texts]
    if "--jobs" in cli_help():
        assert run_cli(["--jsonl", "--field", "text", "-j", "2"], data) == (code, out, err)


_FLAGS = [
    "--check",
    "--diff",
    "--explain",
    "--typos",
    "--only",
    "--skip",
    "names",
    "fuzzy,rules",
    "--min-score",
    "0.5",
    "2",
    "nan",
    "-",
    "--in-place",
    "--no-such-flag",
    "--lexicon",
    "/nonexistent/x.toml",
    str(S.DATA / "prose"),
    "--rules",
    "lexicon",
    "validate",
    "translit",
    "--scheme",
    "kmu2010",
    "--list",
    "-j",
    "0",
    "-1",
    "--jsonl",
    "--field",
    "text",
    "--quiet",
    "Київ",
    "\udcff",
    "",
]


@given(st.lists(st.sampled_from(_FLAGS), max_size=5), S.hostile_bytes())
@settings(max_examples=_FEW * 2)
def test_cli_never_raises(argv: list[str], data: bytes) -> None:
    try:
        code, _, err = run_cli(argv, data)
    except SystemExit as exc:  # --help and --version only
        assert exc.code == 0
        return
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("transclean") or err.count("\n") >= 1


def test_cleaner_with_one_path_as_a_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = tmp_path / "a.toml"
    lexicon.write_text(
        '[[entity]]\nid = "x-town"\nkind = "place"\ncanonical = "Xtown"\nvariants = ["Xtaun"]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    try:
        cleaner = Cleaner("a.toml", builtin=False, passes=["names"])  # mypy accepts a str
    except TypeError:
        return
    assert cleaner.options.lexicons == ("a.toml",)
    assert cleaner.clean("In Xtaun.").text == "In Xtown."


def test_cli_bad_lexicon_is_a_lexicon_error() -> None:
    # The library raises the documented error for a missing file; the CLI prints it.
    with pytest.raises(LexiconError):
        Cleaner(["/nonexistent/lexicon.toml"], builtin=False)
    code, out, err = run_cli(["--no-builtin", "--lexicon", "/nonexistent/x.toml"], b"Kiev\n")
    assert code == 2 and out == b"" and "/nonexistent/x.toml" in err


def test_apply_edits_rejects_overlap() -> None:
    result = _CLEANER.clean("Kiev and Kharkov")
    first, second = result.edits
    with pytest.raises(ValueError):
        apply_edits(result.input, [second, first])
    assert all(a.end <= b.start for a, b in pairwise(result.edits))
