"""Fuzzing the loaders (issue 6): lexicon and rule files written by hypothesis.

Valid files, files with one mistake put at a known place (a wrong type at every field, a
missing or unknown field, a duplicate id, a conflicting written variant, an empty or huge
string, a catastrophic regex), broken TOML and random bytes. Every loader path a user has
(`read_lexicon`, `load_lexicon`, `build_index`, `Cleaner(lexicons=..., rules=...)`,
`transclean lexicon validate`) either accepts the file or raises `LexiconError` /
`TranscleanError`; a problem names the file, and for a mistake put in an entry, that entry
and field. Nothing else is raised and nothing hangs: each example runs under a hypothesis
deadline and a watchdog that kills the run (with a traceback) if an example never returns.
"""

from __future__ import annotations

import faulthandler
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
import regex
import strategies as S
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from transclean import Cleaner, LexiconError, Problem, TranscleanError
from transclean.lexicon import build_index, load_lexicon, read_lexicon
from transclean.lexicon.validate import validate_paths
from transclean.passes.rules import RulesPass, load_rules

# An example that takes longer than this fails; one that never returns kills the run.
DEADLINE = timedelta(seconds=30)
WATCHDOG = 120.0
FUZZ = settings(
    max_examples=max(10, settings.default.max_examples // 2),
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The passes that read the lexicon's own data (the others load their own files).
LEXICON_PASSES = ["script", "names", "fuzzy", "surnames"]


@contextmanager
def watchdog(seconds: float = WATCHDOG) -> Iterator[None]:
    """Dump every thread's stack and exit if the block runs longer than `seconds`."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


# ---------------------------------------------------------------------------------------
# Writing TOML


class Raw(str):
    """TOML text written as is (a date-time, a broken value)."""


def _string(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key(key: str) -> str:
    """A bare key where TOML allows one (as people write them), else a quoted one."""
    return (
        key
        if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
        else _string(key)
    )


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_doc(doc: dict[str, Any]) -> str:
    """Scalars first, then [tables], then [[arrays of tables]]."""
    head, tables = [], []
    for key, value in doc.items():
        if isinstance(value, dict) and not isinstance(value, Raw):
            tables.append(f"[{_key(key)}]")
            tables += [f"{_key(k)} = {toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                tables.append(f"[[{_key(key)}]]")
                tables += [f"{_key(k)} = {toml_value(v)}" for k, v in item.items()]
        else:
            head.append(f"{_key(key)} = {toml_value(value)}")
    return "\n".join([*head, *tables]) + "\n"


# ---------------------------------------------------------------------------------------
# Values of every type

_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "str": st.text(max_size=8),
    "int": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(allow_nan=True, allow_infinity=True),
    "bool": st.booleans(),
    "datetime": st.sampled_from([Raw("1979-05-27T07:32:00Z"), Raw("07:32:00"), Raw("1979-05-27")]),
    "table": st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    "list_int": st.lists(st.integers(), min_size=1, max_size=3),
    "list_list": st.just([["a", "b", "c"]]),
    "list_table": st.just([{"a": 1}]),
    "list_mixed": st.just(["ok", 1]),
    "list_blank": st.just(["ok", "  "]),
    "list_empty_str": st.just([""]),
}
_STR_LIST_OK = st.lists(st.text(min_size=1, max_size=8).filter(str.strip), max_size=3)


def wrong_value(kind: str) -> st.SearchStrategy[Any]:
    """A value that is not a valid `kind`: str, nonblank (str), strs (non-blank strings),
    texts (non-empty strings), pairs ([input, output] lists), bool, table."""
    bad = {
        "str": ["int", "float", "bool", "datetime", "table", "list_int", "list_mixed"],
        "nonblank": ["int", "bool", "table", "list_int"],
        "strs": [
            "str",
            "int",
            "float",
            "bool",
            "datetime",
            "table",
            "list_int",
            "list_list",
            "list_table",
            "list_mixed",
            "list_blank",
            "list_empty_str",
        ],
        "texts": [
            "str",
            "int",
            "float",
            "bool",
            "datetime",
            "table",
            "list_int",
            "list_list",
            "list_table",
            "list_mixed",
            "list_empty_str",
        ],
        "pairs": ["str", "int", "table", "list_int", "list_mixed", "list_table"],
        "bool": ["str", "int", "float", "datetime", "table", "list_int"],
        "table": ["str", "int", "float", "bool", "list_int"],
    }[kind]
    values = [_SCALARS[k] for k in bad]
    if kind == "nonblank":
        values.append(st.sampled_from(["", "   ", "\t"]))
    if kind == "pairs":
        values.append(st.sampled_from([[["only one"]], [["a", "b", "c"]], [[1, 2]], [[]]]))
    return st.one_of(values)


# ---------------------------------------------------------------------------------------
# Lexicon files

_CYR_WORDS = ["Київ", "Сирський", "Олександр", "Мороз", "Свічка", "Харків", "Щорс", "Юрій"]
_CYR_WORDS += ["Ївга", "Єнакієве", "Ґорґани", "Дмитро", "Москва", "Суджа", "Хиїщ"]

# Fields as lexicons/README.md documents them: kind of value, required.
ENTITY = {
    "id": ("nonblank", True),
    "kind": ("nonblank", True),
    "canonical": ("nonblank", True),
    "country": ("str", False),
    "uk": ("strs", False),
    "ru": ("strs", False),
    "variants": ("strs", False),
    "accepted": ("strs", False),
    "literal": ("strs", False),
    "titles": ("strs", False),
    "lookalikes": ("strs", False),
    "examples": ("pairs", False),
    "counterexamples": ("strs", False),
}
PHRASE = {"text": ("nonblank", True), "reason": ("nonblank", True)}
GIVEN = {
    "uk": ("nonblank", False),
    "ru": ("nonblank", False),
    "sex": ("nonblank", True),
    "english": ("strs", False),
    "shared": ("strs", False),
}
SURNAME = {
    "uk": ("nonblank", False),
    "ru": ("nonblank", False),
    "canonical": ("nonblank", True),
    "literal": ("strs", True),
    "canonical_ru": ("nonblank", False),
    "feminine_uk": ("nonblank", False),
    "feminine_ru": ("nonblank", False),
    "canonical_f": ("nonblank", False),
    "canonical_f_ru": ("nonblank", False),
    "not_before": ("strs", False),
    "why": ("nonblank", False),
    "examples": ("pairs", False),
    "counterexamples": ("strs", False),
}
SPECS = {"entity": ENTITY, "phrase": PHRASE, "given": GIVEN, "surname": SURNAME}


def cyrillic(words: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_CYR_WORDS), min_size=words, max_size=words).map(" ".join)


def latin_word(prefix: str) -> st.SearchStrategy[str]:
    """A capitalised made-up word that no other generated word contains."""
    return st.text("aeiouklmnrstvz", min_size=3, max_size=8).map(lambda s: prefix + s)


@st.composite
def entity(draw: st.DrawFn, i: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["person", "place", "organisation"]))
    words = 2 if kind == "person" else 1
    out: dict[str, Any] = {
        "id": f"fz-{i}-{kind[:3]}",
        "kind": kind,
        "canonical": draw(latin_word(f"Qx{i}"))
        + (" " + draw(latin_word(f"Zy{i}")) if words == 2 else ""),
    }
    if draw(st.booleans()):
        out["country"] = draw(st.sampled_from(["UA", "RU", "BY", "", "??"]))
    if draw(st.booleans()):
        out["uk"] = draw(st.lists(cyrillic(words), min_size=1, max_size=2))
    if draw(st.booleans()):
        out["ru"] = draw(st.lists(cyrillic(words), min_size=1, max_size=2))
    if draw(st.booleans()):
        out["variants"] = draw(st.lists(latin_word(f"Vq{i}x"), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        out["accepted"] = [draw(latin_word(f"Ac{i}x"))]
    if kind == "person" and draw(st.booleans()):
        out["literal"] = [draw(st.sampled_from(["candle", "Frost", "Miller"])) + f"{i}"]
        out["titles"] = ["General"]
    if draw(st.booleans()):
        out["lookalikes"] = [draw(latin_word(f"Lk{i}x"))]
    if draw(st.booleans()):
        out["counterexamples"] = ["Nothing to see here."]
    return out


@st.composite
def given_name(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"sex": draw(st.sampled_from(["m", "f"]))}
    for key in draw(st.sampled_from([["uk"], ["ru"], ["uk", "ru"]])):
        out[key] = draw(st.sampled_from(["Олександр", "Юрій", "Дмитро", "Ївга"]))
    if draw(st.booleans()):
        out["english"] = ["Alexander"]
    return out


@st.composite
def surname(draw: st.DrawFn, i: int) -> dict[str, Any]:
    return {
        "uk": draw(st.sampled_from(["Мороз", "Свічка", "Коваль"])),
        "canonical": draw(latin_word(f"Sn{i}")),
        "literal": [draw(latin_word(f"Lt{i}"))],
        "why": "a test surname",
    }


@st.composite
def lexicon_doc(draw: st.DrawFn) -> dict[str, Any]:
    """A valid lexicon file: entities, maybe phrases, given names and literal surnames."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["meta"] = {"source": "hypothesis", "license": "MIT"}
    n = draw(st.integers(1, 4))
    doc["entity"] = [draw(entity(i)) for i in range(n)]
    if draw(st.booleans()):
        doc["phrase"] = [{"text": "chicken Qxland", "reason": "a dish"}]
    if draw(st.booleans()):
        doc["given"] = [draw(given_name())]
    if draw(st.booleans()):
        doc["surname"] = [draw(surname(i)) for i in range(draw(st.integers(1, 2)))]
    return doc


@dataclass(frozen=True)
class Expect:
    """Where the mistake is: the entry's label and the field the error must name."""

    entry: str | None
    field: str | None
    words: str = ""


def _label(table: str, raw: dict[str, Any], index: int) -> str:
    keys = {"entity": ["id"], "phrase": ["text"]}.get(table, ["canonical", "uk", "ru"])
    for key in keys:
        if isinstance(raw.get(key), str):
            return str(raw[key])
    return f"#{index + 1}"


@st.composite
def broken_lexicon(draw: st.DrawFn) -> tuple[dict[str, Any], Expect | None]:
    """A lexicon file with one mistake, and where the error must point."""
    doc = draw(lexicon_doc())
    mistake = draw(
        st.sampled_from(
            [
                "wrong type",
                "missing",
                "unknown field",
                "duplicate id",
                "conflict",
                "not cyrillic",
                "person one word",
                "bad kind",
                "bad id",
                "bad sex",
                "structure",
                "huge",
                "no cyrillic form",
            ]
        )
    )
    tables = [t for t in SPECS if doc.get(t)]
    table = draw(st.sampled_from(tables))
    k = draw(st.integers(0, len(doc[table]) - 1))
    raw = doc[table][k]
    entities = doc["entity"]
    if mistake == "wrong type":
        fld = draw(st.sampled_from(sorted(SPECS[table])))
        raw[fld] = draw(wrong_value(SPECS[table][fld][0]))
        return doc, Expect(_label(table, raw, k), fld)
    if mistake == "missing":
        required = [f for f, (_, req) in SPECS[table].items() if req]
        fld = draw(st.sampled_from(required))
        raw.pop(fld, None)
        return doc, Expect(_label(table, raw, k), fld, "missing")
    if mistake == "unknown field":
        fld = draw(st.sampled_from(["colour", "Canonical", "variant", "", " id", "ид"]))
        raw[fld] = "x"
        return doc, Expect(_label(table, raw, k), fld, "unknown")
    if mistake == "duplicate id" and len(entities) > 1:
        entities[-1]["id"] = entities[0]["id"]
        return doc, Expect(entities[0]["id"], "id", "duplicate")
    if mistake == "conflict" and len(entities) > 1:
        same = "Vqsamevariant"
        entities[0].setdefault("variants", []).append(same)
        entities[-1].setdefault("variants", []).append(same)
        return doc, Expect(None, "variants", "two canonical names")
    if mistake == "not cyrillic":
        entities[0]["uk"] = ["Kyiv"]
        return doc, Expect(entities[0]["id"], "uk", "Cyrillic")
    if mistake == "person one word":
        entities[0].update(kind="person", ru=["Сирський"])
        return doc, Expect(entities[0]["id"], "ru", "Given Surname")
    if mistake == "bad kind":
        entities[0]["kind"] = draw(st.sampled_from(["planet", "Person", "", "place "]))
        return doc, Expect(entities[0]["id"], "kind")
    if mistake == "bad id":
        entities[0]["id"] = draw(st.sampled_from(["Bad Id", "-x", "", "ид", "a_b", "x\ny"]))
        return doc, Expect(entities[0]["id"], "id")
    if mistake == "bad sex" and doc.get("given"):
        doc["given"][0]["sex"] = draw(st.sampled_from(["x", "M", "male", ""]))
        return doc, Expect(_label("given", doc["given"][0], 0), "sex")
    if mistake == "no cyrillic form" and doc.get("surname"):
        doc["surname"][0].pop("uk", None)
        return doc, Expect(_label("surname", doc["surname"][0], 0), "uk", "Cyrillic form")
    if mistake == "structure":
        key = draw(st.sampled_from(["entity", "meta", "phrase", "flavour", "given"]))
        doc[key] = draw(st.one_of(_SCALARS["int"], _SCALARS["str"], _SCALARS["list_int"]))
        if isinstance(doc[key], list) and key in SPECS:  # an array, but not of tables
            return doc, Expect("#1", None, "must be a table")
        return doc, Expect(None, key)
    if mistake == "huge":  # valid, only large: must load without a hang
        entities[0]["canonical"] = "Qx" + "a" * draw(st.sampled_from([10_000, 100_000]))
        entities[0]["variants"] = ["Vqhuge" + "o" * 50_000, *entities[0].get("variants", [])]
        entities[0]["uk"] = [" ".join(["Харків"] * 2000)] if entities[0]["kind"] != "person" else []
        if not entities[0]["uk"]:
            del entities[0]["uk"]
        return doc, None
    return doc, None


def _write(folder: Path, text: str | bytes, name: str = "extra.toml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _check_problems(problems: list[Problem], paths: list[Path]) -> None:
    """Each problem names one of the files (or the folder) it comes from."""
    names = {str(p) for p in paths}
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path in names or any(
            problem.path.startswith(n.rstrip("/") + "/") for n in names
        ), (problem, names)
        assert problem.severity in ("error", "warning")
        assert str(problem).startswith(problem.path)


def _load_everywhere(paths: list[Path], text: str = "") -> list[Problem]:
    """Every loader path on `paths`; the errors (none if all accept). Only documented
    exceptions may come out, and they must agree with each other."""
    _, problems = read_lexicon(paths, builtin=False)
    _check_problems(problems, paths)
    errors = [p for p in problems if p.severity == "error"]
    try:
        lexicon = load_lexicon(paths, builtin=False)
    except LexiconError as exc:
        assert errors and exc.problems == errors
        index_errors: list[Problem] = []
    else:
        assert not errors
        _, index_errors = build_index(lexicon)
        _check_problems(index_errors, paths)
    validated = validate_paths(paths)
    _check_problems(validated, paths)
    all_errors = errors + index_errors
    try:
        cleaner = Cleaner(paths, builtin=False, passes=LEXICON_PASSES)
    except LexiconError as exc:
        assert all_errors or [p for p in validated if p.severity == "error"]
        _check_problems(exc.problems, paths)
        return all_errors or exc.problems
    result = cleaner.clean(text)
    assert result.input == text
    return all_errors


@given(lexicon_doc())
@FUZZ
def test_valid_lexicon_files_load(doc: dict[str, Any]) -> None:
    words = [v for e in doc["entity"] for v in e.get("variants", [])]
    text = " ".join(f"In {w.upper()}, {w} and {w.lower()} said." for w in words)
    with TemporaryDirectory() as tmp, watchdog():
        path = _write(Path(tmp), toml_doc(doc))
        errors = _load_everywhere([path], text)
        assert not errors, errors
        cleaner = Cleaner([path], builtin=False, passes=["names"])
        result = cleaner.clean(text)
        for e in doc["entity"]:
            for variant in e.get("variants", []):
                assert variant not in result.text or variant in e["canonical"]


@given(broken_lexicon())
@FUZZ
@example(({"entity": [{"id": "x", "kind": "place", "canonical": 3}]}, Expect("x", "canonical")))
@example(({"entity": [{"id": 5, "kind": "place", "canonical": "X"}]}, Expect("#1", "id")))
@example(
    ({"entity": [{"id": "x", "kind": "place", "canonical": "X", "uk": [[]]}]}, Expect("x", "uk"))
)
@example(({"entity": [1, 2]}, Expect("#1", None)))
@example(({"meta": [], "entity": []}, Expect(None, "meta")))
def test_broken_lexicon_files_name_file_entry_field(
    case: tuple[dict[str, Any], Expect | None],
) -> None:
    doc, expect = case
    with TemporaryDirectory() as tmp, watchdog():
        path = _write(Path(tmp), toml_doc(doc))
        errors = _load_everywhere([path], "Kiev and Kharkov, Qxland and Vqsamevariant.")
        if expect is None:
            return
        assert errors, f"no error for a mistake at {expect}"
        assert any(
            str(path) == p.path
            and (expect.entry is None or p.entry == expect.entry)
            and p.field == expect.field
            and expect.words in p.message
            for p in errors
        ), (expect, [str(p) for p in errors])
        # The CLI's `lexicon validate` says the same, one problem a line, exit 2.
        code, out, err = S.run_cli(["lexicon", "validate", "--quiet", str(path)])
        assert code == 2 and "Traceback" not in err
        report = out.decode()
        assert str(path) in report
        assert regex.fullmatch(r"[1-9]\d* errors, \d+ warnings", report.rstrip().splitlines()[-1])
        if expect.field is not None:
            assert f"field {expect.field!r}" in report


@given(lexicon_doc(), st.integers(0, 10_000), st.binary(min_size=1, max_size=8))
@FUZZ
def test_broken_toml_and_bytes(doc: dict[str, Any], at: int, junk: bytes) -> None:
    text = toml_doc(doc).encode()
    at %= len(text) + 1
    mangled = [
        text[:at] + junk + text[at:],  # inserted bytes: often invalid UTF-8 or TOML
        text[:at] + text[at + len(junk) :],  # a cut
        text[:at],  # a truncated file
        junk,
    ]
    with TemporaryDirectory() as tmp, watchdog():
        for i, data in enumerate(mangled):
            path = _write(Path(tmp), data, f"m{i}.toml")
            _load_everywhere([path])
            path.unlink()


@given(lexicon_doc(), lexicon_doc())
@FUZZ
def test_duplicate_ids_across_files_in_a_folder(a: dict[str, Any], b: dict[str, Any]) -> None:
    b["entity"][0]["id"] = a["entity"][0]["id"]
    with TemporaryDirectory() as tmp, watchdog():
        folder = Path(tmp)
        _write(folder, toml_doc(a), "a.toml")
        (folder / "sub").mkdir()
        _write(folder, toml_doc(b), "sub/b.toml")
        errors = _load_everywhere([folder])
        assert any(
            p.entry == a["entity"][0]["id"] and p.field == "id" and "duplicate" in p.message
            for p in errors
        )


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    for paths in ([missing], [folder]):
        _load_everywhere(paths)
    with pytest.raises(LexiconError) as caught:
        Cleaner([missing], builtin=False)
    assert str(missing) in str(caught.value)


# ---------------------------------------------------------------------------------------
# Rule files

RULE = {
    "id": ("nonblank", True),
    "pattern": ("nonblank", True),
    "replacement": ("str", True),
    "reason": ("nonblank", True),
    "examples": ("pairs", True),
    "counterexamples": ("texts", True),
    "case_sensitive": ("bool", False),
    "match_case": ("bool", False),
    "conditions": ("table", False),
    "triggers": ("texts", False),
}
CATASTROPHIC = [r"(a+)+$", r"(a|aa)+$", r"(?:a+)+b", r"(a|a)+$", r"(\w+\s?)+$"]


def _slow_rule() -> dict[str, Any]:
    return {
        "id": "slow-rule",
        "pattern": r"(a|aa)+$",
        "replacement": "Z",
        "reason": "catastrophic on purpose",
        "examples": [["aa", "Z"]],
        "counterexamples": ["Nothing."],
    }


# Text on which each of them backtracks for ever.
SLOW_TEXT = "a" * 5000 + "!\n" + "x" * 5000 + "!"


@st.composite
def rule(draw: st.DrawFn, i: int) -> dict[str, Any]:
    """A literal rule that works: `qz<word>` becomes `wv<word>`, with its own examples."""
    word = draw(st.text("abcdefgh", min_size=1, max_size=6))
    before, after = f"qz{i}{word}", f"wv{i}{word}"
    out: dict[str, Any] = {
        "id": f"fz-rule-{i}",
        "pattern": rf"\b{before}\b",
        "replacement": after,
        "reason": "a fuzzed rule",
        "examples": [[f"Then {before} came.", f"Then {after} came."]],
        "counterexamples": ["Nothing here."],
    }
    if draw(st.booleans()):
        out["triggers"] = [before]
    if draw(st.booleans()):
        out["case_sensitive"] = draw(st.booleans())
    if draw(st.booleans()):
        out["conditions"] = {"max_line_length": draw(st.integers(40, 200))}
    return out


@st.composite
def rules_doc(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {"rule": [draw(rule(i)) for i in range(draw(st.integers(1, 3)))]}
    if draw(st.booleans()):
        doc["lists"] = {"fz_agency": ["Qzwire", "Qz Photo"]}
    return doc


_REGEX_BITS = st.sampled_from(
    [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "|",
        "*",
        "+",
        "?",
        ".",
        "^",
        "$",
        "\\",
        "a",
        "b",
        "-",
        ",",
        "1",
        "2",
        "<",
        ">",
        "=",
        "!",
        ":",
        "P",
        "p",
        "N",
        "g",
        "k",
        "(?",
        "\\g<",
        "{fz_",
        "(?R)",
        "(?P<n>",
        "\\p{",
        "\\N{",
        "(?<=",
        "(?i)",
        "(?x)",
        "#",
        " ",
        "\n",
        "\\1",
    ]
)


@st.composite
def broken_rules(draw: st.DrawFn) -> tuple[dict[str, Any], Expect | None]:
    doc = draw(rules_doc())
    rules = doc["rule"]
    k = draw(st.integers(0, len(rules) - 1))
    raw = rules[k]
    mistake = draw(
        st.sampled_from(
            [
                "wrong type",
                "missing",
                "unknown field",
                "duplicate id",
                "placeholder",
                "random pattern",
                "bad template",
                "example fails",
                "counter changes",
                "again",
                "lists",
                "catastrophic",
                "huge",
                "bad condition",
                "trigger newline",
            ]
        )
    )
    label = _label("entity", raw, k)
    if mistake == "wrong type":
        fld = draw(st.sampled_from(sorted(RULE)))
        raw[fld] = draw(wrong_value(RULE[fld][0]))
        return doc, Expect(_label("entity", raw, k), fld)
    if mistake == "missing":
        fld = draw(st.sampled_from([f for f, (_, req) in RULE.items() if req]))
        del raw[fld]
        return doc, Expect(_label("entity", raw, k), fld, "missing")
    if mistake == "unknown field":
        raw["flags"] = "i"
        return doc, Expect(label, "flags", "unknown")
    if mistake == "duplicate id" and len(rules) > 1:
        rules[-1]["id"] = rules[0]["id"]
        return doc, Expect(rules[0]["id"], "id", "duplicate")
    if mistake == "placeholder":
        raw["pattern"] = r"\b{nolist}\b"
        return doc, Expect(label, "pattern", "unknown list placeholder")
    if mistake == "random pattern":
        raw["pattern"] = "".join(draw(st.lists(_REGEX_BITS, min_size=1, max_size=12)))
        return doc, Expect(label, None)
    if mistake == "bad template":
        raw["replacement"] = draw(st.sampled_from([r"\g<nope>", r"\9", r"\g<", "\\"]))
        return doc, Expect(label, "replacement")
    if mistake == "example fails":
        raw["examples"] = [["Then nothing came.", "Then something came."]]
        return doc, Expect(label, "examples")
    if mistake == "counter changes":
        raw["counterexamples"] = list(raw["examples"][0][:1])
        return doc, Expect(label, "counterexamples")
    if mistake == "again":  # the output would change again
        before = raw["examples"][0][0].split()[1]
        raw["replacement"] = before + before
        raw["examples"] = [[f"Then {before} came.", f"Then {before}{before} came."]]
        raw["pattern"] = before
        return doc, Expect(label, "examples")
    if mistake == "lists":
        doc["lists"] = draw(
            st.sampled_from(
                [{"Bad-Name": ["x"]}, {"fz": []}, {"fz": "x"}, {"fz": [1]}, {"fz": ["", "x"]}]
            )
        )
        return doc, Expect(None, None)
    if mistake == "catastrophic":  # its own example backtracks: an error, in bounded time
        raw["pattern"] = draw(st.sampled_from(CATASTROPHIC))
        raw["examples"] = [["a" * 3000 + "!" + "x" * 3000, "y"]]
        raw.pop("triggers", None)
        return doc, Expect(label, None)
    if mistake == "huge":
        raw["pattern"] = draw(st.sampled_from(["x" * 200_000, "(?:ab){0,1000}" * 50, "a{100000}"]))
        return doc, Expect(label, None)
    if mistake == "bad condition":
        raw["conditions"] = draw(
            st.sampled_from(
                [
                    {"max_line_length": 0},
                    {"max_line_length": True},
                    {"min": 3},
                    {"max_line_length": "9"},
                ]
            )
        )
        return doc, Expect(label, "conditions")
    if mistake == "trigger newline":
        raw["triggers"] = ["a\nb"]
        return doc, Expect(label, "triggers")
    return doc, None


def _where(problems: list[Problem]) -> list[tuple[str, str | None, str | None]]:
    return [(p.path, p.entry, p.field) for p in problems]


def _load_rules_everywhere(path: Path) -> list[Problem]:
    start = time.monotonic()
    try:
        load_rules([path])
    except LexiconError as exc:
        problems = exc.problems
    else:
        problems = []
    # Each rule's examples run under the time limit: loading is bounded by it.
    assert time.monotonic() - start < 60
    _check_problems(problems, [path])
    try:
        cleaner = Cleaner(builtin=False, passes=["rules"], rules=[path])
    except LexiconError as exc:
        assert problems and _where(exc.problems) == _where(problems)
    else:
        assert not problems
        try:
            cleaner.clean("Then nothing came.\n" + SLOW_TEXT[:200])
        except TranscleanError as exc:  # a slow pattern names its file and rule
            assert str(path) in str(exc)
    code, out, err = S.run_cli(["lexicon", "validate", str(path)])
    assert code == (2 if problems else 0), (out, err)
    assert "Traceback" not in err
    return problems


@given(rules_doc())
@FUZZ
def test_valid_rule_files_load(doc: dict[str, Any]) -> None:
    with TemporaryDirectory() as tmp, watchdog():
        path = _write(Path(tmp), toml_doc(doc))
        assert not _load_rules_everywhere(path)
        cleaner = Cleaner(builtin=False, passes=["rules"], rules=[path])
        for r in doc["rule"]:
            source, expected = r["examples"][0]
            assert cleaner.clean(source).text == expected


@given(broken_rules())
@FUZZ
@example(({"rule": [{**_slow_rule(), "pattern": "("}]}, Expect("slow-rule", "pattern")))
@example(({"rule": [1]}, Expect("#1", None)))
@example(({"rule": {"id": "x"}}, Expect(None, "rule")))
@example(({"lists": [], "rule": []}, Expect(None, "lists")))
def test_broken_rule_files_name_file_rule_field(case: tuple[dict[str, Any], Expect | None]) -> None:
    doc, expect = case
    with TemporaryDirectory() as tmp, watchdog():
        path = _write(Path(tmp), toml_doc(doc))
        problems = _load_rules_everywhere(path)
        if expect is None or (expect.entry is None and expect.field is None and not problems):
            return
        assert problems, f"no error for a mistake at {expect}"
        assert any(
            p.path == str(path)
            and (expect.entry is None or p.entry == expect.entry)
            and (expect.field is None or p.field == expect.field)
            and expect.words in p.message
            for p in problems
        ), (expect, [str(p) for p in problems])


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_user_pattern_stops_at_the_time_limit(tmp_path: Path, pattern: str) -> None:
    # Its examples are harmless, so the file loads; a hostile text then hits the limit,
    # which must end the scan with an error naming the file and the rule, not hang. A
    # harmless rule scanned in the same alternation is not blamed.
    slow = {**_slow_rule(), "pattern": pattern, "examples": [[_short_match(pattern), "Z"]]}
    fine = {**_slow_rule(), "id": "fine-rule", "pattern": r"\bqqq\b", "examples": [["qqq", "Z"]]}
    path = _write(tmp_path, toml_doc({"rule": [fine, slow]}), "slow.toml")
    limit = 0.2
    with watchdog():
        rules = RulesPass(load_rules([path], timeout=limit), timeout=limit)
        start = time.process_time()
        with pytest.raises(TranscleanError) as caught:
            rules.run(SLOW_TEXT)
        spent = time.process_time() - start
    message = str(caught.value)
    assert str(path) in message and "slow-rule" in message and "time limit" in message
    assert "fine-rule" not in message
    # The limit is per text plus per million characters, counted by the regex module in
    # CPU time (under load the wall time is longer); naming the rule scans it alone again.
    assert spent < 3 * limit * (1 + len(SLOW_TEXT) / 1e6) + 0.5, spent


def _short_match(pattern: str) -> str:
    for text in ("aab", "aa", "a", "xxy", "ab", "a b"):
        match = regex.compile(pattern).fullmatch(text)
        if match is not None:
            return text
    raise AssertionError(pattern)


def test_catastrophic_pattern_through_the_cli(tmp_path: Path) -> None:
    path = _write(tmp_path, toml_doc({"rule": [_slow_rule()]}), "slow.toml")
    code, out, err = S.run_cli(["--rules", str(path), "--only", "rules"], SLOW_TEXT.encode())
    assert code == 2 and out == b""
    assert err.count("\n") == 1 and str(path) in err and "slow-rule" in err


@pytest.mark.parametrize("header", ["[[ rule ]]", '[["rule"]]'])
def test_lexicon_validate_recognises_every_rule_file(tmp_path: Path, header: str) -> None:
    text = toml_doc({"rule": [_slow_rule()]}).replace("[[rule]]", header)
    path = _write(tmp_path, text, "house.toml")
    load_rules([path])  # the rules loader accepts it
    code, out, _ = S.run_cli(["lexicon", "validate", str(path)])
    assert code == 0, out.decode()


def test_a_lexicon_file_that_mentions_mapping_is_not_a_scheme(tmp_path: Path) -> None:
    # A single file is a scheme only with a top-level [mapping] table: the word in a
    # comment or a reason used to turn a lexicon file into a broken scheme file.
    doc = {"entity": [{"id": "x-town", "kind": "place", "canonical": "Xtown"}]}
    doc["entity"][0]["variants"] = ["Xtaun"]
    doc["phrase"] = [{"text": "mapping Xtaun", "reason": "a mapping of streets"}]
    path = _write(tmp_path, "# mapping of a test place\n" + toml_doc(doc))
    assert not _load_everywhere([path], "In Xtaun.")
    assert Cleaner([path], builtin=False, passes=["names"]).clean("In Xtaun.").text == "In Xtown."
