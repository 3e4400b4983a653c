"""Engines for exact replacement: which one should the names pass use?

Replace N known name variants (case-insensitive, whole words only, leftmost-longest) in
real English prose and report MB/s of input per engine, build time, and whether each
engine's output equals the minimal correct reference (ahocorasick-rs, all matches,
word-boundary filter, leftmost-longest).

    PYTHONPATH=src python benchmarks/bench_engines.py [--size-mb 20] [--repeats 5] [--quick]

The variant table is the built-in lexicon's (``Cleaner().index.targets``), padded with
deterministic synthetic Slavic-looking variants to reach N. Results go to stdout and to
``benchmarks/results/engines.md``.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib.metadata
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

import ahocorasick
import ahocorasick_rs
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    build_corpus,
    chunks_of_lines,
    flashtext_replacer,
    replace_leftmost_longest,
    source_paragraphs,
    trap_text,
)

from transclean import Cleaner
from transclean.edits import apply_edits
from transclean.lexicon.index import ROLE_NAME, Target, VariantIndex
from transclean.passes.names import NamesPass
from transclean.text import bounded, lower_same_length

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "engines.md"
QUICK_RESULTS = HERE / "results" / "engines-quick.md"  # a sanity run must not overwrite
ENGLISH_WORDS = HERE.parent / "lexicons" / "keep" / "english_words.txt"
# `regex` named list: a run longer than this is timed on a prefix (for N > 10k: skipped)
SLOW_RUN_S = 60.0
PREFIX_S = 8.0  # ... on a prefix that takes about this long

RunFn = Callable[[Sequence[str]], list[str] | None]

# --------------------------------------------------------------------------------------
# The variant table: real lexicon + synthetic padding
# --------------------------------------------------------------------------------------

# Phonemes of a made-up Ukrainian/Russian name, and how five spelling habits write them.
_ONSETS = [
    "k",
    "kh",
    "h",
    "z",
    "zh",
    "ch",
    "shch",
    "sh",
    "ts",
    "v",
    "b",
    "d",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "hr",
    "kr",
    "pr",
    "st",
    "sv",
    "dr",
    "br",
    "hl",
    "bl",
    "pl",
    "tr",
]
_VOWELS = ["a", "o", "e", "i", "y", "u", "ia", "iu", "ie", "yi"]
_ENDINGS = [
    ["e", "n", "k", "o"],
    ["ch", "u", "k"],
    ["s", "k", "yi"],
    ["o", "v"],
    ["e", "v"],
    ["y", "n"],
    ["ia", "k"],
    ["e", "ts"],
    ["u", "k"],
    ["i", "v", "k", "a"],
    ["s", "k", "e"],
    ["o", "v", "s", "k"],
    ["y", "ch"],
    ["e", "ts", "k", "yi"],
]
_SCHEMES: dict[str, dict[str, str]] = {
    "canonical": {},
    "german": {
        "kh": "ch",
        "zh": "sch",
        "ch": "tsch",
        "shch": "schtsch",
        "sh": "sch",
        "ts": "z",
        "v": "w",
        "z": "s",
        "ia": "ja",
        "iu": "ju",
        "ie": "je",
        "yi": "ji",
        "s": "ss",
    },
    "polish": {
        "kh": "ch",
        "zh": "ż",
        "ch": "cz",
        "shch": "szcz",
        "sh": "sz",
        "ts": "c",
        "v": "w",
        "ia": "ia",
        "iu": "iu",
        "yi": "ij",
        "y": "y",
        "l": "ł",
    },
    "french": {
        "kh": "kh",
        "zh": "j",
        "ch": "tch",
        "shch": "chtch",
        "sh": "ch",
        "u": "ou",
        "iu": "iou",
        "yi": "ï",
        "y": "y",
    },
    "russian": {"h": "g", "hr": "gr", "hl": "gl", "yi": "iy", "ie": "e", "i": "i", "y": "y"},
}
_GIVEN = [
    ["o", "l", "e", "k", "s", "a", "n", "d", "r"],
    ["m", "y", "k", "o", "l", "a"],
    ["s", "e", "r", "h", "i", "i"],
    ["v", "o", "l", "o", "d", "y", "m", "y", "r"],
    ["a", "n", "d", "r", "i", "i"],
    ["y", "u", "l", "i", "ia"],
]
_PLACE_WORDS = ["Raion", "Oblast", "Hromada"]


def _render(phonemes: Sequence[str], scheme: str) -> str:
    table = _SCHEMES[scheme]
    return "".join(table.get(p, p) for p in phonemes).capitalize()


def synthetic_targets(count: int, taken: set[str], seed: int = 0) -> dict[str, Target]:
    """`count` variants of made-up entities, none equal to a key in `taken` or an English word.

    Every entity is spelled by five habits; the canonical spelling is the replacement
    and the other distinct spellings are its variants. Some entities are people (a given
    name variant + surname variant) and some places with a second word, so multi-word
    variants and variants that are a prefix of another variant occur.
    """
    english: set[str] = set()
    if ENGLISH_WORDS.is_file():
        english = {w.strip().lower() for w in ENGLISH_WORDS.read_text("utf-8").splitlines()}
    rng = random.Random(seed)
    out: dict[str, Target] = {}
    serial = 0

    def add(surface: str, replacement: str, entity: str, scheme: str) -> None:
        key = surface.lower()
        if key in taken or key in out or key in english or surface == replacement:
            return
        out[key] = Target(
            replacement, entity, ROLE_NAME, frozenset({surface}), (f"synthetic-{scheme}",)
        )

    while len(out) < count:
        serial += 1
        entity = f"synthetic-{serial}"
        phon = [
            p
            for _ in range(rng.choice((1, 2, 2, 3)))
            for p in (rng.choice(_ONSETS), rng.choice(_VOWELS))
        ]
        phon += rng.choice(_ENDINGS)
        canon = _render(phon, "canonical")
        if canon.lower() in taken or canon.lower() in english:
            continue
        taken.add(canon.lower())
        kind = rng.random()
        for scheme in _SCHEMES:
            variant = _render(phon, scheme)
            add(variant, canon, entity, scheme)
            if kind < 0.15:  # a person: given name + surname
                given = rng.choice(_GIVEN)
                add(
                    f"{_render(given, scheme)} {variant}",
                    f"{_render(given, 'canonical')} {canon}",
                    entity,
                    scheme,
                )
            elif kind < 0.22:  # a place with a second word: "X" and "X Raion" both variants
                word = _PLACE_WORDS[serial % len(_PLACE_WORDS)]
                add(f"{variant} {word}", f"{canon} {word}", entity, scheme)
    keys = sorted(out)
    rng.shuffle(keys)
    return {k: out[k] for k in sorted(keys[:count])}


@dataclass
class Table:
    n: int
    index: VariantIndex
    real: int
    synthetic: int

    @cached_property
    def pairs(self) -> dict[str, str]:
        """Case-folded variant -> replacement."""
        return {k: t.replacement for k, t in self.index.targets.items()}

    @cached_property
    def surfaces(self) -> list[str]:
        return [sorted(t.forms)[0] for _, t in sorted(self.index.targets.items())]


def load_real_index() -> tuple[VariantIndex | None, str]:
    """The built-in lexicon's index; retried once after a minute (others may be editing it)."""
    for attempt in (1, 2):
        try:
            return Cleaner().index, "built-in lexicon"
        except Exception as exc:  # the lexicon may be half-written right now
            problem = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            if attempt == 1:
                print(f"Cleaner() failed ({problem}); retrying in 60 s", file=sys.stderr)
                time.sleep(60)
    return None, f"Cleaner() failed ({problem}): synthetic variants only"


def make_table(real: VariantIndex | None, n: int) -> Table:
    real_targets: dict[str, Target] = {}
    if real:  # all of them, or a seeded sample spread over the alphabet
        keys = sorted(real.targets)
        if len(keys) > n:
            keys = sorted(random.Random(n).sample(keys, n))
        real_targets = {k: real.targets[k] for k in keys}
    synth = (
        synthetic_targets(n - len(real_targets), set(real_targets)) if n > len(real_targets) else {}
    )
    index = VariantIndex(
        targets={**real_targets, **synth},
        protected=real.protected if real else frozenset(),
        given_names=real.given_names if real else frozenset(),
    )
    return Table(n, index, len(real_targets), len(synth))


# --------------------------------------------------------------------------------------
# Engines. Each `build(table)` returns a function over a list of ~1 MB chunks.
# --------------------------------------------------------------------------------------


def build_names_pass(table: Table) -> RunFn:
    names = NamesPass(table.index)

    def run(chunks: Sequence[str]) -> list[str]:
        return [apply_edits(c, names.run(c)) for c in chunks]

    return run


def build_ac_rs(table: Table) -> RunFn:
    pairs = table.pairs
    keys = sorted(pairs)
    replacements = [pairs[k] for k in keys]
    automaton = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)

    def one(text: str) -> str:
        low = lower_same_length(text)
        hits = [
            (s, e, replacements[i])
            for i, s, e in automaton.find_matches_as_indexes(low, overlapping=True)
            if bounded(text, s, e)
        ]
        return replace_leftmost_longest(text, hits)

    def run(chunks: Sequence[str]) -> list[str]:
        return [one(c) for c in chunks]

    return run


def build_ac_rs_dfa(table: Table) -> RunFn:
    pairs = table.pairs
    keys = sorted(pairs)
    replacements = [pairs[k] for k in keys]
    automaton = ahocorasick_rs.AhoCorasick(
        keys,
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA,
    )

    def one(text: str) -> str:
        low = lower_same_length(text)
        hits = [
            (s, e, replacements[i])
            for i, s, e in automaton.find_matches_as_indexes(low, overlapping=True)
            if bounded(text, s, e)
        ]
        return replace_leftmost_longest(text, hits)

    def run(chunks: Sequence[str]) -> list[str]:
        return [one(c) for c in chunks]

    return run


def build_pyahocorasick(table: Table) -> RunFn:
    automaton = ahocorasick.Automaton()
    for key, after in table.pairs.items():
        automaton.add_word(key, (len(key), after))
    automaton.make_automaton()

    def one(text: str) -> str:
        low = lower_same_length(text)
        hits = []
        for last, (length, after) in automaton.iter(low):
            start = last + 1 - length
            if bounded(text, start, last + 1):
                hits.append((start, last + 1, after))
        return replace_leftmost_longest(text, hits)

    def run(chunks: Sequence[str]) -> list[str]:
        return [one(c) for c in chunks]

    return run


_Trie = dict[str, "_Trie"]


def trie_pattern(keys: Sequence[str]) -> str:
    """One regular expression for `keys`, shaped like their trie; longer matches tried first."""
    trie: _Trie = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a key

    def emit(node: _Trie) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        if len(alts) == 1 and len(alts[0]) == 1:
            return alts[0] + "?"
        return f"(?:{'|'.join(alts)})" + ("?" if end else "")

    return emit(trie)


def build_re_trie(table: Table) -> RunFn:
    pairs = table.pairs
    pattern = re.compile(r"\b(?:" + trie_pattern(sorted(pairs)) + r")\b", re.IGNORECASE)

    def repl(m: re.Match[str]) -> str:
        found = m.group()
        return pairs.get(found.lower(), found)

    def run(chunks: Sequence[str]) -> list[str]:
        return [pattern.sub(repl, c) for c in chunks]

    return run


def build_regex_list(table: Table) -> RunFn:
    pairs = table.pairs
    pattern = regex.compile(r"\b\L<names>\b", names=sorted(pairs), flags=regex.IGNORECASE)

    def repl(m: regex.Match[str]) -> str:
        found = m.group()
        return pairs.get(found.lower(), found)

    def run(chunks: Sequence[str]) -> list[str]:
        return [pattern.sub(repl, c) for c in chunks]

    return run


def build_flashtext(table: Table) -> RunFn:
    line = flashtext_replacer(table.pairs)

    def run(chunks: Sequence[str]) -> list[str]:
        return ["\n".join(line(x) for x in c.split("\n")) for c in chunks]

    return run


def build_floor_regex(table: Table) -> RunFn:
    pattern = regex.compile(r"\b[A-Z]\w+")

    def run(chunks: Sequence[str]) -> None:
        for c in chunks:
            pattern.findall(c)

    return run


def build_floor_re(table: Table) -> RunFn:
    pattern = re.compile(r"\b[A-Z]\w+")

    def run(chunks: Sequence[str]) -> None:
        for c in chunks:
            pattern.findall(c)

    return run


def build_ceiling(table: Table) -> RunFn:
    def run(chunks: Sequence[str]) -> None:
        for c in chunks:
            len(c.lower())

    return run


@dataclass(frozen=True)
class Engine:
    key: str
    label: str
    build: Callable[[Table], RunFn]
    replaces: bool = True


REFERENCE = "ac-rs"
FLASHTEXT = "flashtext"
REGEX_LIST = "regex-list"
ENGINES = [
    Engine(
        "names",
        "transclean `NamesPass` (ahocorasick-rs + case style, guards, edits)",
        build_names_pass,
    ),
    Engine(
        REFERENCE, "ahocorasick-rs, all matches + boundary filter + leftmost-longest", build_ac_rs
    ),
    Engine(
        "ac-rs-dfa",
        "the same, ahocorasick-rs with `implementation=Implementation.DFA`",
        build_ac_rs_dfa,
    ),
    Engine(
        "pyac", "pyahocorasick `iter` + boundary filter + leftmost-longest", build_pyahocorasick
    ),
    Engine(
        "re-trie",
        "`re`, one trie-shaped pattern `\\b(?:trie)\\b` + dict, IGNORECASE",
        build_re_trie,
    ),
    Engine(REGEX_LIST, "`regex` `\\b\\L<names>\\b` + dict, IGNORECASE", build_regex_list),
    Engine(FLASHTEXT, "flashtext `replace_keywords`, one call per line", build_flashtext),
    Engine(
        "floor-regex",
        "floor: `regex` `\\b[A-Z]\\w+` findall, no replacement",
        build_floor_regex,
        replaces=False,
    ),
    Engine(
        "floor-re",
        "floor: `re` `\\b[A-Z]\\w+` findall, no replacement",
        build_floor_re,
        replaces=False,
    ),
    Engine("ceiling", "ceiling: `str.lower()` + `len`", build_ceiling, replaces=False),
]


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    engine: Engine
    n: int
    build_s: float | None = None
    times: list[float] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)  # what is timed (the corpus or a prefix)
    mb: float = 0.0
    mismatches: int | None = None
    note: str = ""

    @property
    def mbps(self) -> float | None:
        return self.mb / statistics.median(self.times) if self.times else None


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def mismatches(reference: str, output: str) -> int:
    """Lines whose output differs from the reference's."""
    ref_lines = reference.split("\n")
    out_lines = output.split("\n")
    if len(ref_lines) != len(out_lines):
        return max(len(ref_lines), len(out_lines))
    return sum(a != b for a, b in zip(ref_lines, out_lines, strict=True))


def utf8_mb(chunks: Sequence[str]) -> float:
    return sum(len(c.encode("utf-8")) for c in chunks) / 1_000_000


def hit_counts(table: Table, chunks: Sequence[str]) -> tuple[int, int]:
    """(all Aho-Corasick matches, those that are whole words) in `chunks`."""
    automaton = ahocorasick_rs.AhoCorasick(sorted(table.pairs))
    raw = bounded_hits = 0
    for c in chunks:
        hits = automaton.find_matches_as_indexes(lower_same_length(c), overlapping=True)
        raw += len(hits)
        bounded_hits += sum(bounded(c, s, e) for _, s, e in hits)
    return raw, bounded_hits


@dataclass
class Result:
    table: Table
    rows: list[Row]
    mb: float
    raw_hits: int
    word_hits: int


def bench_n(
    n: int,
    real: VariantIndex | None,
    size_mb: float,
    check_size_mb: float,
    repeats: int,
    only: set[str] | None,
) -> Result:
    table = make_table(real, n)
    print(
        f"\n## N = {n:,}: {table.real:,} real variants + {table.synthetic:,} synthetic", flush=True
    )
    chunks = chunks_of_lines(build_corpus(size_mb, table.surfaces, seed=0))
    mb = utf8_mb(chunks)
    raw_hits, word_hits = hit_counts(table, chunks)
    print(
        f"  corpus {mb:.1f} MB in {len(chunks)} chunks; Aho-Corasick matches "
        f"{raw_hits / mb:,.0f}/MB, of which whole words {word_hits / mb:,.0f}/MB",
        flush=True,
    )
    check = build_corpus(check_size_mb, table.surfaces, density=0.02, seed=n) + trap_text(
        table.surfaces, seed=n
    )
    check_chunks = chunks_of_lines(check, 100_000)
    rows: list[Row] = []
    runs: dict[str, RunFn] = {}
    reference = ""
    for engine in sorted(ENGINES, key=lambda e: e.key != REFERENCE):  # the reference first
        if only and engine.key not in only and engine.key != REFERENCE:
            continue
        row = Row(engine, n, chunks=chunks, mb=mb)
        rows.append(row)
        build_s, run = timed(partial(engine.build, table))
        row.build_s = build_s
        assert callable(run)
        if engine.key == REGEX_LIST:
            # Slow at large N: estimate one run from a 100 kB probe; time a prefix, or skip.
            probe = chunks_of_lines(chunks[0], 100_000)[:1]
            probe_s, _ = timed(partial(run, probe))
            speed = utf8_mb(probe) / probe_s
            if mb / speed > SLOW_RUN_S and n > 10_000:
                row.note = f"skipped (one run ~{mb / speed:.0f} s)"
                print(f"  {engine.key:12} build {build_s:6.2f} s   {row.note}", flush=True)
                continue
            if mb / speed > SLOW_RUN_S:
                row.chunks = chunks_of_lines(chunks[0], int(PREFIX_S * speed * 1_000_000))[:1]
                row.mb = utf8_mb(row.chunks)
                row.note = f"timed on the first {row.mb:.2f} MB; full run ~{mb / speed:.0f} s"
        if engine.replaces:
            _, out = timed(partial(run, check_chunks))
            assert isinstance(out, list)
            text = "".join(out)
            if engine.key == REFERENCE:
                reference = text
                row.mismatches = 0
            else:
                row.mismatches = mismatches(reference, text)
        runs[engine.key] = run
        print(
            f"  {engine.key:12} build {build_s:6.2f} s   mismatching lines "
            f"{'-' if row.mismatches is None else row.mismatches}  {row.note}",
            flush=True,
        )
    rows.sort(key=lambda row: ENGINES.index(row.engine))
    for r in range(repeats):
        for row in rows:
            run = runs.get(row.engine.key)
            if run is None:
                continue
            seconds, _ = timed(partial(run, row.chunks))
            row.times.append(seconds)
        print(
            f"  repeat {r + 1}/{repeats}: "
            + ", ".join(
                f"{row.engine.key} {row.mb / row.times[-1]:.1f}" for row in rows if row.times
            )
            + " MB/s",
            flush=True,
        )
    for row in rows:
        row.chunks = []
    return Result(table, rows, mb, raw_hits, word_hits)


def fmt(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def markdown(results: Sequence[Result], check_note: str) -> str:
    lines = [
        "| engine | N | build s | MB/s | × flashtext | × ahocorasick-rs | mismatching lines |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        by_key = {row.engine.key: row.mbps for row in res.rows}
        flash = by_key.get(FLASHTEXT)
        ref = by_key.get(REFERENCE)
        for row in res.rows:
            speed = row.mbps
            mm = (
                "n/a"
                if not row.engine.replaces
                else ("—" if row.mismatches is None else str(row.mismatches))
            )
            shown = fmt(speed) if speed else row.note
            if speed and row.note:
                shown += f" ({row.note})"
            lines.append(
                f"| {row.engine.label} | {res.table.n // 1000}k | {fmt(row.build_s)} | {shown} | "
                f"{fmt(speed / flash) if speed and flash else '—'} | "
                f"{fmt(speed / ref) if speed and ref else '—'} | {mm} |"
            )
    lines += [
        "",
        check_note,
        "",
        "| N | real variants | synthetic | corpus MB | Aho-Corasick matches / MB "
        "| of which whole words / MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        lines.append(
            f"| {res.table.n // 1000}k | {res.table.real:,} | {res.table.synthetic:,} | "
            f"{res.mb:.1f} | {res.raw_hits / res.mb:,.0f} | "
            f"{res.word_hits / res.mb:,.0f} |"
        )
    return "\n".join(lines)


def environment() -> str:
    versions = []
    for dist in ("ahocorasick-rs", "pyahocorasick", "flashtext", "regex", "transclean"):
        try:
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed as a distribution)")
    return (
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n"
        f"- machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}), "
        f"{platform.machine()}, {platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()} ({platform.python_implementation()})\n"
        f"- packages: {', '.join(versions)}\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved runs (default 5)")
    parser.add_argument(
        "--sizes", default="1000,10000,50000", help="variant-table sizes N, comma separated"
    )
    parser.add_argument("--quick", action="store_true", help="2 MB, 1 repeat: a sanity run")
    parser.add_argument("--only", default="", help="engine keys to run (the reference always)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"Markdown results file (default {RESULTS.relative_to(HERE.parent)}"
        f"; with --quick {QUICK_RESULTS.relative_to(HERE.parent)})",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.size_mb, args.repeats = 2.0, 1
    if args.output is None:
        args.output = QUICK_RESULTS if args.quick else RESULTS
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = {s.strip() for s in args.only.split(",") if s.strip()} or None

    started = time.perf_counter()
    real, real_note = load_real_index()
    n_real = len(real.targets) if real else 0
    source, paragraphs = source_paragraphs()
    print(
        f"prose: {source} ({len(paragraphs):,} paragraphs); variant table: {real_note}, "
        f"{n_real:,} real variants, padded with synthetic variants to reach each N"
    )
    results = [
        bench_n(n, real, args.size_mb, 0.2 if not args.quick else 0.05, args.repeats, only)
        for n in sizes
    ]
    check_lines = (
        "Mismatching lines: lines of a small check corpus (0.2 MB of the same prose at 2% "
        "variant density, plus boundary traps from `corpus.trap_text`) where the engine's "
        "output differs from the ahocorasick-rs reference; n/a for rows that do not replace."
    )
    table_md = markdown(results, check_lines)
    padding = "; ".join(
        f"N={r.table.n:,}: {r.table.real:,} real + {r.table.synthetic:,} synthetic" for r in results
    )
    mb = results[0].mb if results else 0.0
    header = (
        "# Engines for exact replacement: results\n\n"
        f"Generated by `python benchmarks/bench_engines.py --size-mb {args.size_mb:g} "
        f"--repeats {args.repeats}`"
        f"{' --quick' if args.quick else ''} in {time.perf_counter() - started:.0f} s.\n\n"
        + environment()
        + f"- corpus: {mb:.1f} MB of {source}, paragraphs shuffled and repeated (the same "
        "prose for every N), the N-table's variants injected at 0.6% of tokens "
        "(`benchmarks/corpus.py`, seed 0); processed in chunks of ~1 MB of whole lines\n"
        f"- variant table: {real_note} ({n_real:,} variants), padded with synthetic "
        f"Slavic-looking variants: {padding}\n"
        f"- MB/s: input MB / median of {args.repeats} interleaved runs, one process\n\n"
    )
    print()
    print(table_md)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(header + table_md + "\n", encoding="utf-8")
    print(f"\nwritten to {args.output} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
