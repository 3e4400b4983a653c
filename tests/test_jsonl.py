"""JSON Lines mode: only the chosen string fields change, and nothing else in the line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transclean import Cleaner, TranscleanError
from transclean.jsonl import (
    BadJson,
    FieldPath,
    JsonlSpec,
    clean_block,
    find_fields,
    literal_for,
    parse_field,
    raw_offset,
)

CMD = [sys.executable, "-m", "transclean"]


def run(args: list[str], data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], input=data, capture_output=True, timeout=120)


def spec(*fields: str, keep_bad: bool = False, report: bool = False) -> JsonlSpec:
    return JsonlSpec(tuple(parse_field(f) for f in fields), keep_bad=keep_bad, report=report)


def block(cleaner: Cleaner, data: bytes, *fields: str, **kw: bool) -> bytes:
    result = clean_block(cleaner, (data, 1, spec(*fields, **kw)))
    assert not result.stopped
    return data if result.out is None else result.out


# -- fields ---------------------------------------------------------------------------


def test_parse_field() -> None:
    assert parse_field("text") == ("text",)
    assert parse_field("meta.title") == ("meta", "title")
    assert parse_field("a\\.b.c") == ("a.b", "c")
    for bad in ("", "a..b", ".a", "a."):
        with pytest.raises(TranscleanError):
            parse_field(bad)


def test_nested_fields_lists_and_other_values(cleaner: Cleaner) -> None:
    line = (
        b'{"id": 7, "text": "Kiev", "meta": {"title": "Kharkov", "n": 1.50}, '
        b'"tags": ["Lvov", 3, null, ["Kiev"]], "count": 5, "msgs": [{"content": "Odessa"}, '
        b'{"content": {"x": "Kiev"}}], "other": "Kiev"}\n'
    )
    out = block(cleaner, line, "text", "meta.title", "tags", "count", "missing.x", "msgs.content")
    assert out == (
        b'{"id": 7, "text": "Kyiv", "meta": {"title": "Kharkiv", "n": 1.50}, '
        b'"tags": ["Lviv", 3, null, ["Kiev"]], "count": 5, "msgs": [{"content": "Odesa"}, '
        b'{"content": {"x": "Kiev"}}], "other": "Kiev"}\n'
    )


def test_unchanged_lines_are_byte_for_byte(cleaner: Cleaner) -> None:
    data = (
        b'{ "text" : "Kyiv \\u00e9\\/" ,"b":[1e5, -0.0]}\r\n'
        b"\n"
        b"   \n"
        b'{"text": 5}\n'
        b'{"nope": "Kiev"}\n'
        b"[1, 2]\n"
        b'"Kiev"'
    )
    result = clean_block(cleaner, (data, 1, spec("text")))
    assert result.out is None and result.edits == 0 and not result.bad


def test_a_changed_line_differs_only_inside_the_string(cleaner: Cleaner) -> None:
    line = b'{ "z":1.0,  "text" :"Kiev \\u2014 \\"Kharkov\\"\\n",\t"a":  [ ]}\r\n'
    out = block(cleaner, line, "text")
    assert out == b'{ "z":1.0,  "text" :"Kyiv \\u2014 \\"Kharkiv\\"\\n",\t"a":  [ ]}\r\n'
    uni = '{"text": "Kiev — Київ", "é": "ü"}\n'.encode()
    assert block(cleaner, uni, "text") == '{"text": "Kyiv — Kyiv", "é": "ü"}\n'.encode()


def test_escape_style_is_kept() -> None:
    assert literal_for('"Ki\\u0065v \\u2014"', "Kyiv —") == '"Kyiv \\u2014"'
    assert literal_for('"Kiev —"', "Kyiv —") == '"Kyiv —"'
    assert literal_for('"\\ud800 Kiev"', "\ud800 Kyiv") == '"\\ud800 Kyiv"'


def test_report_columns_are_in_the_raw_line(cleaner: Cleaner) -> None:
    line = '{"a": "\\u00e9\\ud83d\\ude00\\n", "text": "x\\u00e9\\"\\ud83d\\ude00 Kiev"}'
    result = clean_block(cleaner, (line.encode() + b"\n", 41, spec("text", report=True)))
    (row,) = result.rows
    assert (row.line, row.field, row.edit.before, row.applied) == (41, "text", "Kiev", True)
    assert line[row.col - 1 : row.col + 3] == "Kiev"
    assert row.edit.start == 5  # in the field's decoded value


def test_first_line_may_start_with_a_bom(cleaner: Cleaner) -> None:
    data = b'\xef\xbb\xbf{"text": "Kiev"}\n{"text": "Kiev"}\n'
    assert block(cleaner, data, "text") == b'\xef\xbb\xbf{"text": "Kyiv"}\n{"text": "Kyiv"}\n'


def test_bad_lines_stop_or_pass(cleaner: Cleaner) -> None:
    data = b'{"text": "Kiev"}\n{"text": "Kiev",}\n{"text": "\xff"}\n{"text": "Lvov"}'
    stopped = clean_block(cleaner, (data, 10, spec("text")))
    assert stopped.stopped and stopped.out == b'{"text": "Kyiv"}\n'
    assert [b.line for b in stopped.bad] == [11]
    assert "column 17" in stopped.bad[0].message
    kept = clean_block(cleaner, (data, 10, spec("text", keep_bad=True)))
    assert not kept.stopped and [b.line for b in kept.bad] == [11, 12]
    assert "UTF-8" in kept.bad[1].message
    assert kept.out == b'{"text": "Kyiv"}\n{"text": "Kiev",}\n{"text": "\xff"}\n{"text": "Lviv"}'


# -- the walker accepts what json.loads accepts, and finds what a lookup finds ---------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "text", "é", "a.b", ""]), inner, max_size=4)
    ),
    max_leaves=12,
)
PATHS: list[FieldPath] = [("a",), ("text",), ("a", "b"), ("b", "text"), ("é",), ("a.b",)]


def lookup(value: Any, paths: frozenset[FieldPath], label: str, in_list: bool) -> list[Any]:
    """What find_fields should find, computed on the parsed value."""
    out: list[Any] = []
    if isinstance(value, str):
        if () in paths:
            out.append((label, value))
    elif isinstance(value, dict):
        deeper = {p for p in paths if p}
        for key, item in value.items():
            sub = frozenset(p[1:] for p in deeper if p[0] == key)
            if sub:
                out += lookup(item, sub, f"{label}.{key}" if label else key, False)
    elif isinstance(value, list) and not in_list:
        for k, item in enumerate(value):
            out += lookup(item, paths, f"{label}[{k}]", True)
    return out


@given(
    JSON,
    st.sampled_from([(", ", ": "), (",", ":"), (" ,  ", " :\t")]),
    st.booleans(),
)
def test_walker_finds_what_a_lookup_finds(value: Any, separators: Any, ascii_only: bool) -> None:
    line = json.dumps(value, separators=separators, ensure_ascii=ascii_only)
    found = [(lit.field, lit.value) for lit in find_fields(line, PATHS)]
    assert found == lookup(value, frozenset(PATHS), "", False)
    for lit in find_fields(line, PATHS):
        assert json.loads(line[lit.start : lit.end]) == lit.value


@given(JSON, st.integers(min_value=0), st.sampled_from(["", "x", ",", "]", "}", '"', " ", "{"]))
def test_walker_rejects_what_json_loads_rejects(value: Any, where: int, junk: str) -> None:
    line = json.dumps(value)
    cut = where % (len(line) + 1)
    broken = line[:cut] + junk + line[cut + 1 :]
    try:
        json.loads(broken)
        valid = True
    except ValueError:
        valid = False
    try:
        find_fields(broken, PATHS)
        found = True
    except BadJson:
        found = False
    assert found == valid, broken


def test_raw_offset_without_escapes() -> None:
    line = '{"text": "in Kiev"}'
    (lit,) = find_fields(line, [("text",)])
    assert line[raw_offset(line, lit, 3) :].startswith("Kiev")


# -- the command line -------------------------------------------------------------------


def test_cli_jsonl_cleans_fields_and_keeps_the_rest(tmp_path: Path) -> None:
    data = (
        b'{"text": "Officials in Kiev said.", "meta": {"title": "Kharkov"}, "id": "Kiev"}\n'
        b'{"text": ["Lvov", "fine", 3], "meta": null}\r\n'
        b'{"other": 1}\n'
        b"\n"
        b'{"text": "Odessa"}'
    )
    out = run(["--jsonl", "--field", "text", "--field", "meta.title"], data)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        b'{"text": "Officials in Kyiv said.", "meta": {"title": "Kharkiv"}, "id": "Kiev"}\n'
        b'{"text": ["Lviv", "fine", 3], "meta": null}\r\n'
        b'{"other": 1}\n'
        b"\n"
        b'{"text": "Odesa"}'
    )
    check = run(["--jsonl", "--field", "text", "--field", "meta.title", "--check"], data)
    assert check.returncode == 1
    lines = data.decode().splitlines()

    def col(n: int, word: str) -> int:
        return lines[n - 1].index(word) + 1

    assert check.stdout.decode().splitlines() == [
        f"<stdin>:1:{col(1, 'Kiev')}: text: ua-city-kyiv: Kiev -> Kyiv",
        f"<stdin>:1:{col(1, 'Kharkov')}: meta.title: ua-city-kharkiv: Kharkov -> Kharkiv",
        f"<stdin>:2:{col(2, 'Lvov')}: text[0]: ua-city-lviv: Lvov -> Lviv",
        f"<stdin>:5:{col(5, 'Odessa')}: text: ua-city-odesa: Odessa -> Odesa",
    ]
    explain = run(["--jsonl", "--field", "text", "--explain"], data)
    rows = [json.loads(line) for line in explain.stdout.decode().splitlines()]
    assert [(r["line"], r["col"], r["field"], r["start"]) for r in rows] == [
        (1, col(1, "Kiev"), "text", 13),
        (2, col(2, "Lvov"), "text[0]", 0),
        (5, col(5, "Odessa"), "text", 0),
    ]


def test_cli_bad_line_is_an_error_naming_the_line(tmp_path: Path) -> None:
    f = tmp_path / "data.jsonl"
    original = b'{"text": "Kiev"}\n{"text": "Kharkov"}\n{"text": oops}\n{"text": "Lvov"}\n'
    f.write_bytes(original)
    out = run(["--jsonl", "--field", "text", str(f)])
    assert out.returncode == 2
    assert out.stderr.decode().startswith(f"transclean: error: {f}:3: not valid JSON")
    assert out.stdout == b'{"text": "Kyiv"}\n{"text": "Kharkiv"}\n'
    in_place = run(["--jsonl", "--field", "text", "--in-place", str(f)])
    assert in_place.returncode == 2 and f"{f}:3:" in in_place.stderr.decode()
    assert f.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["data.jsonl"]


def test_cli_keep_bad_passes_bad_lines_through(tmp_path: Path) -> None:
    data = b'{"text": "Kiev"}\nnot json\n{"text": "Lvov"}\n'
    out = run(["--jsonl", "--field", "text", "--keep-bad"], data)
    assert out.returncode == 0
    assert out.stdout == b'{"text": "Kyiv"}\nnot json\n{"text": "Lviv"}\n'
    assert "1 line that is not valid JSON" in out.stderr.decode()
    assert "line 2" in out.stderr.decode()
    quiet = run(["--jsonl", "--field", "text", "--keep-bad", "-q"], data)
    assert quiet.stdout == out.stdout and quiet.stderr == b""


def test_cli_jsonl_with_workers_is_identical(tmp_path: Path) -> None:
    lines = [
        json.dumps({"i": i, "text": f"Shelling in Kiev and Kharkov, day {i}.", "x": "Lvov"})
        for i in range(60_000)
    ]
    lines[30_000] = "{broken"
    f = tmp_path / "big.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8")
    args = ["--jsonl", "--field", "text", "--keep-bad", "--only", "names", str(f)]
    one, two = run(args), run(["-j", "2", *args])
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr and b"line 30001" in one.stderr
    assert one.stdout.count(b"Kyiv") == 59_999 and b'"x": "Lvov"' in one.stdout


def test_cli_jsonl_usage_errors() -> None:
    for args in (["--field", "text"], ["--jsonl"], ["--keep-bad"], ["--jsonl", "--field", "a..b"]):
        out = run(args, b"{}\n")
        assert out.returncode == 2, args
        assert out.stderr.decode().count("\n") == 1
