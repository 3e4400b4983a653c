"""Load: the CLI on inputs at the edges of what a pipeline sends (issue 6).

    PYTHONPATH=src python benchmarks/bench_load.py [--quick] [--only NAME] [--keep DIR]

Each case writes an input file into a temporary folder (streamed, never held whole), runs
`python -m transclean FILE` in a child process with its output read back through a hash,
and reports the wall time, the throughput and the child's peak memory (ru_maxrss from
wait4, so only that process). Correctness: every input repeats one small unit, so the
expected output is the library's cleaning of that unit repeated; the output's byte count
and SHA-256 must equal the expected ones (a mismatch names the first differing offset).

Cases:
  single-line   one 50 MB line of news sentences, no line break (one text for the cleaner)
  gigabyte      1 GB of real prose (tests/data/prose) with a line of names every 20 lines
  tiny-lines    a million short lines (names, words, blank lines)
  cyrillic      one 20 MB line of Cyrillic words only (meant to stay Cyrillic: unchanged)
  mixed-line    one 20 MB line of English sentences with Cyrillic names (transliterated)
  variants      20 MB of nothing but the lexicon's variant spellings, one per line

--quick divides every size by about 20 (a smoke run: about a minute).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROSE = ROOT / "tests" / "data" / "prose"
sys.path.insert(0, str(ROOT / "src"))

from transclean import Cleaner, default_cleaner  # noqa: E402

MB = 1 << 20
BLOCK = 4 * MB


@dataclass
class Case:
    name: str
    what: str
    unit: bytes  # the input is this unit repeated
    size: int  # bytes of input (a whole number of units, at least one)


@dataclass
class Outcome:
    case: Case
    seconds: float
    peak_mb: float
    in_bytes: int
    out_bytes: int
    expected_bytes: int
    correct: bool
    note: str
    exit_code: int


def _news_sentences() -> list[str]:
    return [
        "Shelling in Kiev and Kharkov overnight, said Kirill Budanov.",
        "Officials in Odessa said the Nikolaev offensive had stalled.",
        "Ukraine began her surprise surprise attack near Sudzhha.",
        "Kremlin Press Office/Anadolu through Getty Images",
        "President Zelenskiy met General Alexander Syrsky in Zaporozhye.",
        "The ordinary sentence about the weather stays as it is.",
    ]


def unit_single_line() -> bytes:
    # Sentences joined by spaces, ending in a space: the repeats never touch a name twice.
    return (" ".join(_news_sentences()) + " ").encode()


def unit_prose() -> bytes:
    prose = b"".join(p.read_bytes() for p in sorted(PROSE.glob("*.txt")))
    lines = prose.splitlines(keepends=True)
    out = bytearray()
    # A blank line before and after each line of names: the pronouns pass reads the sentence
    # before (across one line break), and the CLI's chunk boundaries fall between lines,
    # so without them the expected output (the unit's cleaning, repeated) would depend on
    # where the 1 MB chunks are cut. See the notes on chunk boundaries.
    names = [b"\n" + s.encode() + b"\n\n" for s in _news_sentences()]
    for i, line in enumerate(lines):
        out += line
        if i % 20 == 0:
            out += names[(i // 20) % len(names)]
    if not out.endswith(b"\n"):
        out += b"\n"
    return bytes(out)


def unit_tiny_lines() -> bytes:
    lines = ["Kiev", "ok", "", "Kharkov said.", "x", "Odessa", "KIEV", "a b", "Lvov", "-"]
    return "".join(f"{line}\n" for line in lines).encode()


def unit_cyrillic() -> bytes:
    words = "Київ Харків Одеса Запоріжжя Суджа Олександр Сирський Москва Курськ Дніпро"
    return (words + " ").encode()


def unit_mixed() -> bytes:
    return "Officials in Київ said the Харків offensive had stalled near Суджа. ".encode()


def unit_variants(cleaner: Cleaner) -> bytes:
    forms = sorted({f for t in cleaner.index.targets.values() for f in t.forms})
    return "".join(f"{form}\n" for form in forms).encode()


def _sized(unit: bytes, size: int) -> int:
    return max(1, size // len(unit)) * len(unit)


def cases(quick: bool) -> list[Case]:
    scale = 20 if quick else 1
    cleaner = default_cleaner()
    made = [
        ("single-line", "one 50 MB line, no line break", unit_single_line(), 50 * MB),
        ("gigabyte", "1 GB of prose with names", unit_prose(), 1024 * MB),
        ("tiny-lines", "a million tiny lines", unit_tiny_lines(), 0),
        ("cyrillic", "one 20 MB line of Cyrillic only", unit_cyrillic(), 20 * MB),
        ("mixed-line", "one 20 MB line of English with Cyrillic names", unit_mixed(), 20 * MB),
        ("variants", "20 MB of variant spellings only", unit_variants(cleaner), 20 * MB),
    ]
    out = []
    for name, what, unit, size in made:
        if name == "tiny-lines":
            size = (1_000_000 // unit.count(b"\n")) * len(unit)
        size = size // scale
        if quick:
            what = what.replace("50 MB", "2.5 MB").replace("1 GB", "51 MB")
            what = what.replace("a million", "50,000").replace("20 MB", "1 MB")
        out.append(Case(name, what, unit, _sized(unit, size)))
    return out


def write_input(case: Case, path: Path) -> None:
    repeats = case.size // len(case.unit)
    per_block = max(1, BLOCK // len(case.unit))
    with path.open("wb") as out:
        done = 0
        while done < repeats:
            n = min(per_block, repeats - done)
            out.write(case.unit * n)
            done += n


def expected_digest(case: Case, cleaner: Cleaner) -> tuple[int, str, bytes]:
    """Byte count and SHA-256 of the unit's cleaning repeated, and the cleaned unit."""
    text = case.unit.decode("utf-8", "surrogateescape")
    cleaned = cleaner.clean(text).text.encode("utf-8", "surrogateescape")
    repeats = case.size // len(case.unit)
    digest = hashlib.sha256()
    per_block = max(1, BLOCK // len(cleaned))
    done = 0
    while done < repeats:
        n = min(per_block, repeats - done)
        digest.update(cleaned * n)
        done += n
    return len(cleaned) * repeats, digest.hexdigest(), cleaned


def run_case(
    case: Case, folder: Path, cleaner: Cleaner, progress: Callable[[str], None]
) -> Outcome:
    path = folder / f"{case.name}.txt"
    progress(f"{case.name}: writing {case.size / MB:.1f} MB")
    write_input(case, path)
    expected_bytes, expected_hex, cleaned_unit = expected_digest(case, cleaner)
    progress(f"{case.name}: running the CLI")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "transclean", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    digest = hashlib.sha256()
    out_bytes = 0
    first_diff: int | None = None
    unit_len = len(cleaned_unit)
    while True:
        block = proc.stdout.read(BLOCK)
        if not block:
            break
        if first_diff is None:
            first_diff = _first_difference(block, out_bytes, cleaned_unit, unit_len)
        digest.update(block)
        out_bytes += len(block)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    path.unlink()
    correct = out_bytes == expected_bytes and digest.hexdigest() == expected_hex
    note = ""
    if proc.returncode != 0:
        note = f"exit {proc.returncode}: {err.decode(errors='replace').strip()[:200]}"
    elif not correct:
        note = f"output differs from the expected first at byte {first_diff}"
    return Outcome(
        case,
        seconds,
        usage.ru_maxrss / 1024,
        case.size,
        out_bytes,
        expected_bytes,
        correct,
        note,
        proc.returncode,
    )


def _first_difference(block: bytes, offset: int, unit: bytes, unit_len: int) -> int | None:
    """The first offset in `block` (at `offset` of the output) that differs from the unit
    repeated, or None."""
    start = offset % unit_len
    expected = (unit * (len(block) // unit_len + 2))[start : start + len(block)]
    if block == expected:
        return None
    for i, (a, b) in enumerate(zip(block, expected, strict=False)):
        if a != b:
            return offset + i
    return offset + min(len(block), len(expected))


def report(outcomes: list[Outcome], quick: bool) -> str:
    rows = [
        "| case | input | wall s | MB/s | peak RSS MB | output bytes | correct |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        mbps = o.in_bytes / MB / o.seconds if o.seconds else 0.0
        ok = "yes" if o.correct else f"NO ({o.note})"
        rows.append(
            f"| {o.case.name}: {o.case.what} | {o.in_bytes / MB:.1f} MB | {o.seconds:.1f} | "
            f"{mbps:.1f} | {o.peak_mb:.0f} | {o.out_bytes:,} (expected {o.expected_bytes:,}) | "
            f"{ok} |"
        )
    head = f"bench_load ({'quick' if quick else 'full'} sizes), Python {sys.version.split()[0]}, "
    head += f"{os.cpu_count()} CPUs, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    return head + "\n\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="about 1/20 of the sizes")
    parser.add_argument("--only", action="append", default=[], help="run only this case")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    args = parser.parse_args(argv)
    cleaner = default_cleaner()
    chosen = [c for c in cases(args.quick) if not args.only or c.name in args.only]
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="bench_load.") as tmp:
        for case in chosen:
            outcome = run_case(case, Path(tmp), cleaner, lambda m: print(m, file=sys.stderr))
            print(
                f"{case.name}: {outcome.seconds:.1f} s, peak {outcome.peak_mb:.0f} MB, "
                f"{'correct' if outcome.correct else 'WRONG ' + outcome.note}",
                file=sys.stderr,
            )
            outcomes.append(outcome)
    table = report(outcomes, args.quick)
    print(table)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")
    return 0 if all(o.correct for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
