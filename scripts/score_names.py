"""Score the default cleaner on the held-out names evaluation set.

Reads ``tests/data/names_dev.tsv`` (``input<TAB>expected[<TAB>family]``) and
``tests/data/names_traps.txt`` (sentences that must come out unchanged), runs
``Cleaner().clean(text)`` on every line and reports, per spelling family and overall:

- lines fully correct (output == expected);
- name-level recall: expected token changes (input -> expected) that the cleaner made;
- name-level precision: token changes the cleaner made that match the expected output
  (on the dev set alone, and with every change on a trap line counted as wrong);

followed by every failing dev line (input, got, expected, edits) and every false edit on
the traps. Token changes come from a word-level diff (``difflib``), so "Alexander Syrsky"
-> "Oleksandr Syrskyi" counts as two changes, and a half-fixed name scores one of two.

Usage::

    PYTHONPATH=src python scripts/score_names.py [--json] [--dev PATH] [--traps PATH]

The exit code is always 0: this is a measurement, not a gate.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transclean import Cleaner

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEV = ROOT / "tests" / "data" / "names_dev.tsv"
DEFAULT_TRAPS = ROOT / "tests" / "data" / "names_traps.txt"

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")

Change = tuple[int, int, str]  # (first input token, end input token, replacement text)


@dataclass(frozen=True)
class DevLine:
    lineno: int
    text: str
    expected: str
    family: str


@dataclass
class Tally:
    lines: int = 0
    correct: int = 0
    expected_changes: int = 0
    made_changes: int = 0
    matched_changes: int = 0

    def add(self, other: Tally) -> None:
        self.lines += other.lines
        self.correct += other.correct
        self.expected_changes += other.expected_changes
        self.made_changes += other.made_changes
        self.matched_changes += other.matched_changes

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "lines_correct": self.correct,
            "line_accuracy": _ratio(self.correct, self.lines),
            "expected_changes": self.expected_changes,
            "made_changes": self.made_changes,
            "matched_changes": self.matched_changes,
            "recall": _ratio(self.matched_changes, self.expected_changes),
            "precision": _ratio(self.matched_changes, self.made_changes),
        }


@dataclass
class Failure:
    line: DevLine
    got: str
    edits: list[str]
    error: str | None = None


@dataclass
class TrapResult:
    lines: int = 0
    unchanged: int = 0
    false_changes: int = 0
    false_edits: list[tuple[int, str, str, list[str]]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def changes(before: str, after: str) -> set[Change]:
    """Token-level replacements that turn `before` into `after`, keyed by input position."""
    a, b = tokens(before), tokens(after)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: set[Change] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.add((i1, i2, "".join(b[j1:j2])))
    return out


def read_dev(path: Path) -> list[DevLine]:
    lines: list[DevLine] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if len(cols) < 2:
            raise SystemExit(f"{path}:{lineno}: expected input<TAB>expected[<TAB>family]")
        family = cols[2].strip() if len(cols) > 2 and cols[2].strip() else "untagged"
        lines.append(DevLine(lineno, cols[0], cols[1], family))
    return lines


def read_traps(path: Path) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip() and not raw.startswith("#"):
            out.append((lineno, raw))
    return out


def describe_edits(edits: Iterable[Any]) -> list[str]:
    described: list[str] = []
    for e in edits:
        rule = getattr(e, "rule", "") or ""
        pass_name = getattr(e, "pass_name", "") or ""
        where = f"{pass_name}:{rule}" if pass_name else rule
        described.append(f"{e.before!r} -> {e.after!r} @{e.start}-{e.end} [{where}]")
    return described


def run_clean(cleaner: Cleaner, text: str) -> tuple[str, list[str], str | None]:
    try:
        result = cleaner.clean(text)
    except Exception as exc:  # a crash is a failure of that line, not of the run
        return text, [], f"{type(exc).__name__}: {exc}"
    return result.text, describe_edits(result.edits), None


def score(
    cleaner: Cleaner, dev: Sequence[DevLine], traps: Sequence[tuple[int, str]]
) -> tuple[dict[str, Tally], list[Failure], TrapResult]:
    families: dict[str, Tally] = {}
    failures: list[Failure] = []
    for line in dev:
        got, edits, error = run_clean(cleaner, line.text)
        expected = changes(line.text, line.expected)
        made = changes(line.text, got)
        tally = families.setdefault(line.family, Tally())
        tally.lines += 1
        tally.expected_changes += len(expected)
        tally.made_changes += len(made)
        tally.matched_changes += len(expected & made)
        if got == line.expected and error is None:
            tally.correct += 1
        else:
            failures.append(Failure(line, got, edits, error))

    trap_result = TrapResult()
    for lineno, text in traps:
        got, edits, error = run_clean(cleaner, text)
        trap_result.lines += 1
        if error is not None:
            trap_result.errors.append((lineno, text, error))
        if got == text:
            trap_result.unchanged += 1
        else:
            trap_result.false_changes += len(changes(text, got))
            trap_result.false_edits.append((lineno, text, got, edits))
    return families, failures, trap_result


def summary(families: dict[str, Tally], traps: TrapResult) -> dict[str, Any]:
    overall = Tally()
    for tally in families.values():
        overall.add(tally)
    made_all = overall.made_changes + traps.false_changes
    return {
        "families": {name: families[name].as_dict() for name in sorted(families)},
        "overall": overall.as_dict(),
        "traps": {
            "lines": traps.lines,
            "unchanged": traps.unchanged,
            "lines_with_false_edits": len(traps.false_edits),
            "false_changes": traps.false_changes,
            "errors": len(traps.errors),
        },
        "precision_with_traps": _ratio(overall.matched_changes, made_all),
    }


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def print_report(
    numbers: dict[str, Any], failures: Sequence[Failure], traps: TrapResult, out: Any
) -> None:
    header = f"{'family':<12} {'lines':>6} {'correct':>8} {'line%':>7} {'recall':>7} {'prec':>7}"
    print(header, file=out)
    print("-" * len(header), file=out)
    rows = [*numbers["families"].items(), ("OVERALL", numbers["overall"])]
    for name, row in rows:
        print(
            f"{name:<12} {row['lines']:>6} {row['lines_correct']:>8} "
            f"{_pct(row['line_accuracy']):>7} {_pct(row['recall']):>7} "
            f"{_pct(row['precision']):>7}",
            file=out,
        )
    t = numbers["traps"]
    print(file=out)
    print(
        f"traps: {t['unchanged']}/{t['lines']} unchanged, "
        f"{t['lines_with_false_edits']} lines with false edits "
        f"({t['false_changes']} false token changes), {t['errors']} errors",
        file=out,
    )
    print(
        f"precision including trap edits: {_pct(numbers['precision_with_traps'])}",
        file=out,
    )

    print(f"\n=== dev failures ({len(failures)}) ===", file=out)
    for f in failures:
        print(f"\n[{f.line.family}] line {f.line.lineno}", file=out)
        print(f"  input:    {f.line.text}", file=out)
        print(f"  got:      {f.got}", file=out)
        print(f"  expected: {f.line.expected}", file=out)
        if f.error:
            print(f"  error:    {f.error}", file=out)
        for e in f.edits:
            print(f"  edit:     {e}", file=out)

    print(f"\n=== false edits on traps ({len(traps.false_edits)} lines) ===", file=out)
    for lineno, text, got, edits in traps.false_edits:
        print(f"\nline {lineno}", file=out)
        print(f"  input: {text}", file=out)
        print(f"  got:   {got}", file=out)
        for e in edits:
            print(f"  edit:  {e}", file=out)
    for lineno, text, error in traps.errors:
        print(f"\nline {lineno} raised {error}\n  input: {text}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--traps", type=Path, default=DEFAULT_TRAPS)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)

    dev = read_dev(args.dev)
    traps = read_traps(args.traps)
    cleaner = Cleaner()
    families, failures, trap_result = score(cleaner, dev, traps)
    numbers = summary(families, trap_result)
    if args.json:
        json.dump(numbers, sys.stdout, indent=2)
        print()
    else:
        print_report(numbers, failures, trap_result, sys.stdout)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `| head`: the reader has seen enough
        sys.stderr.close()
        sys.exit(0)
