"""JSON Lines mode: clean chosen string fields of each line and keep everything else.

A line where nothing changes comes out byte for byte. In a line that changes, only the
cleaned string literals are replaced where they stand: other fields, key order, spacing,
number formats and escapes elsewhere stay as they were. A new literal is written as
`json.dumps(value, ensure_ascii=False)` (letters as they are), or with `\\u` escapes where
the old literal was ASCII with `\\u` escapes, keeping the file's style.

Fields are dotted paths (`meta.title`; `\\.` for a dot inside a key). A field whose value
is a list of strings has each string cleaned; a list of objects on the way is walked
(`messages.content` reaches the content of every message). Missing fields and values
that are not strings are left alone. A blank line passes through. A line that is not
valid UTF-8 JSON is reported with its number, or passed through with `keep_bad`.

Lines are located with a small walker over the raw text rather than `json.loads`, so the
position of every string literal is known; values off the chosen paths are skipped with
the C decoder, so the walker accepts exactly what `json.loads` accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.decoder import JSONDecodeError
from typing import TYPE_CHECKING

from transclean.edits import Edit
from transclean.errors import TranscleanError

if TYPE_CHECKING:
    from transclean.cleaner import Cleaner

FieldPath = tuple[str, ...]

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # the C string scanner


def parse_field(spec: str) -> FieldPath:
    """`meta.title` -> ("meta", "title"); a backslash escapes the next character, so
    `a\\.b` is the one key "a.b"."""
    path: list[str] = []
    part: list[str] = []
    chars = iter(spec)
    for ch in chars:
        if ch == "\\":
            part.append(next(chars, "\\"))
        elif ch == ".":
            path.append("".join(part))
            part = []
        else:
            part.append(ch)
    path.append("".join(part))
    if not all(path):
        raise TranscleanError(f"bad --field {spec!r}: key names joined by dots, like meta.title")
    return tuple(path)


@dataclass(frozen=True)
class JsonlSpec:
    """What to clean in each line; small and picklable, it travels with every block."""

    fields: tuple[FieldPath, ...]
    keep_bad: bool = False
    report: bool = False  # collect every edit with its line, column and field


@dataclass(frozen=True)
class Literal:
    """A string literal at a chosen field: line[start:end] is the literal, quotes included."""

    field: str
    start: int
    end: int
    value: str


class BadJson(ValueError):
    """A line that is not valid JSON; the message names the column."""


def find_fields(line: str, fields: Sequence[FieldPath], start: int = 0) -> list[Literal]:
    """The string literals at `fields` in one JSON text, in line order."""
    out: list[Literal] = []
    try:
        end = _value(line, _ws(line, start), frozenset(fields), "", out, False)
        tail = _ws(line, end)
        if tail != len(line):
            raise JSONDecodeError("Extra data", line, tail)
    except JSONDecodeError as exc:
        raise BadJson(f"{exc.msg} (column {exc.pos + 1})") from None
    except RecursionError:
        raise BadJson("nested too deeply") from None
    return out


def _ws(s: str, i: int) -> int:
    match = _WS.match(s, i)
    return i if match is None else match.end()


def _skip(s: str, i: int) -> int:
    return int(_DECODER.raw_decode(s, i)[1])


def _value(
    s: str, i: int, paths: frozenset[FieldPath], label: str, out: list[Literal], in_list: bool
) -> int:
    ch = s[i : i + 1]
    if ch == '"':
        value, end = scanstring(s, i + 1)
        if () in paths:
            out.append(Literal(label, i, end, value))
        return int(end)
    deeper = frozenset(p for p in paths if p)
    if ch == "{" and deeper:
        return _object(s, i, deeper, label, out)
    if ch == "[" and not in_list:
        return _array(s, i, paths, label, out)
    return _skip(s, i)


def _object(s: str, i: int, paths: frozenset[FieldPath], label: str, out: list[Literal]) -> int:
    i = _ws(s, i + 1)
    if s[i : i + 1] == "}":
        return i + 1
    while True:
        if s[i : i + 1] != '"':
            raise JSONDecodeError("Expecting property name enclosed in double quotes", s, i)
        key, i = scanstring(s, i + 1)
        i = _ws(s, i)
        if s[i : i + 1] != ":":
            raise JSONDecodeError("Expecting ':' delimiter", s, i)
        i = _ws(s, i + 1)
        sub = frozenset(p[1:] for p in paths if p[0] == key)
        name = f"{label}.{key}" if label else key
        i = _value(s, i, sub, name, out, False) if sub else _skip(s, i)
        i = _ws(s, i)
        ch = s[i : i + 1]
        if ch == "}":
            return i + 1
        if ch != ",":
            raise JSONDecodeError("Expecting ',' delimiter", s, i)
        i = _ws(s, i + 1)


def _array(s: str, i: int, paths: frozenset[FieldPath], label: str, out: list[Literal]) -> int:
    i = _ws(s, i + 1)
    if s[i : i + 1] == "]":
        return i + 1
    k = 0
    while True:
        i = _ws(s, _value(s, i, paths, f"{label}[{k}]", out, True))
        ch = s[i : i + 1]
        if ch == "]":
            return i + 1
        if ch != ",":
            raise JSONDecodeError("Expecting ',' delimiter", s, i)
        i = _ws(s, i + 1)
        k += 1


def raw_offset(line: str, literal: Literal, offset: int) -> int:
    """Where character `offset` of the decoded value sits in the line (escapes counted)."""
    i = literal.start + 1
    if "\\" not in line[i : literal.end]:
        return i + offset
    for _ in range(offset):
        if line[i] != "\\":
            i += 1
        elif line[i + 1] != "u":
            i += 2
        elif (
            0xD800 <= int(line[i + 2 : i + 6], 16) < 0xDC00
            and line[i + 6 : i + 8] == "\\u"
            and 0xDC00 <= int(line[i + 8 : i + 12], 16) < 0xE000
        ):
            i += 12  # an escaped surrogate pair decodes to one character
        else:
            i += 6
    return i


def literal_for(old: str, value: str) -> str:
    """The JSON string literal for `value`, in the style of the literal it replaces."""
    if old.isascii() and "\\u" in old:
        return json.dumps(value)
    new = json.dumps(value, ensure_ascii=False)
    try:
        new.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a \ud800 escape) needs its escape
        return json.dumps(value)
    return new


@dataclass(frozen=True)
class Row:
    """One edit (or suggestion) for --check/--explain: where in the file, and which field."""

    line: int
    col: int
    field: str
    edit: Edit
    applied: bool


@dataclass(frozen=True)
class BadLine:
    line: int
    message: str


@dataclass(frozen=True)
class BlockResult:
    """What cleaning a block of lines gave; `out` is None when no byte changed."""

    out: bytes | None
    edits: int
    rows: tuple[Row, ...] = ()
    bad: tuple[BadLine, ...] = ()
    stopped: bool = False  # a bad line and no keep_bad: `out` holds only the lines before it


def clean_line(
    cleaner: Cleaner, line: str, number: int, spec: JsonlSpec, rows: list[Row]
) -> tuple[str | None, int]:
    """(the new line or None if unchanged, the number of edits); raises BadJson."""
    start = 1 if number == 1 and line.startswith("\ufeff") else 0
    literals = find_fields(line, spec.fields, start)
    parts: list[str] = []
    pos = 0
    edits = 0
    for literal in literals:
        result = cleaner.clean(literal.value)
        if spec.report:
            found = [(e, True) for e in result.edits] + [(e, False) for e in result.suggestions]
            for edit, applied in sorted(found, key=lambda row: (row[0].start, row[0].end)):
                col = raw_offset(line, literal, edit.start) + 1
                rows.append(Row(number, col, literal.field, edit, applied))
        if result.edits:
            edits += len(result.edits)
            parts.append(line[pos : literal.start])
            parts.append(literal_for(line[literal.start : literal.end], result.text))
            pos = literal.end
    if not parts:
        return None, 0
    parts.append(line[pos:])
    return "".join(parts), edits


def clean_block(cleaner: Cleaner, item: tuple[bytes, int, JsonlSpec]) -> BlockResult:
    """Clean a block of whole lines whose first is line number `first` (runs in a worker)."""
    block, first, spec = item
    pieces = block.split(b"\n")
    out: list[bytes] = []
    rows: list[Row] = []
    bad: list[BadLine] = []
    edits = 0
    changed = False
    for n, raw in enumerate(pieces):
        last = n == len(pieces) - 1
        if last and not raw:
            break
        number = first + n
        new: str | None = None
        problem: str | None = None
        if raw.strip():  # a blank line passes through
            try:
                new, count = clean_line(cleaner, raw.decode("utf-8"), number, spec, rows)
                edits += count
            except UnicodeDecodeError as exc:
                problem = f"not valid UTF-8 (byte {exc.start + 1})"
            except BadJson as exc:
                problem = f"not valid JSON: {exc}"
        if problem is not None:
            bad.append(BadLine(number, problem))
            if not spec.keep_bad:
                return BlockResult(b"".join(out), edits, tuple(rows), tuple(bad), stopped=True)
        if new is not None:
            changed = True
            out.append(new.encode("utf-8"))
        else:
            out.append(raw)
        if not last:
            out.append(b"\n")
    return BlockResult(b"".join(out) if changed else None, edits, tuple(rows), tuple(bad))


def blocks(chunks: Iterable[bytes], spec: JsonlSpec) -> Iterator[tuple[bytes, int, JsonlSpec]]:
    """Work items for `clean_block`: each block of whole lines with its first line number."""
    number = 1
    for chunk in chunks:
        yield chunk, number, spec
        number += chunk.count(b"\n")
