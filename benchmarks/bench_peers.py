"""transclean against what its users would otherwise run: same input, same variants.

    python benchmarks/bench_peers.py           # full run: 20 MB + scaling runs (~10 min, 2 cores)
    python benchmarks/bench_peers.py --quick   # smoke run: small sizes (< 1 min)
    python benchmarks/bench_peers.py --sections peers,startup --size-mb 50
    python benchmarks/bench_peers.py --profile 10   # pyinstrument profile of the pipeline

Input: real English prose (``benchmarks/corpus.py``) with names injected at news-like
density (1% of tokens: canonical names, variants and damaged spellings, 6:3:1, plus topic
words). The exact-variant table ``{variant: canonical}`` is what transclean exports for
other tools; flashtext and the raw Aho-Corasick engines get exactly that table.

Every measurement runs in a fresh child process (this script re-invoked with
``--worker``), so peak memory (``ru_maxrss``) is per engine and one engine cannot warm
another's caches; engines are interleaved over ``--repeats`` rounds and the median is
reported. Results go to ``benchmarks/results/peers.{md,json}`` (``peers-quick.*`` with
``--quick``). Targets from issue 5 are reported as pass/fail, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import importlib.metadata
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    build_corpus,
    chunks_of_lines,
    documents,
    flashtext_replacer,
    news_words,
    replace_leftmost_longest,
    source_paragraphs,
)

if TYPE_CHECKING:
    from transclean import Cleaner
    from transclean.lexicon.index import Target

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
DENSITY = 0.01  # share of word tokens replaced by a name (of which 30% variants)
CHUNK = 1_000_000  # the CLI cleans ~1 MB blocks of whole lines
ARTICLE = 4_000  # characters per document for clean_many
SECTIONS = ("peers", "lexicon", "size", "workers", "startup", "memory")

# --------------------------------------------------------------------------------------
# The exported variant table and the lexicons of N variants
# --------------------------------------------------------------------------------------


def variant_table(cleaner: Cleaner) -> dict[str, str]:
    """The exact-variant table {variant: canonical} of `cleaner`, as exported for other tools.

    Uses ``transclean.export.variant_table`` when the package has it; otherwise every
    spelling (case as its source wrote it) of every target of the cleaner's index.
    """
    try:
        from transclean.export import variant_table as exported
    except ImportError:  # a transclean from before the export
        pass
    else:
        return dict(exported(cleaner))
    return {
        form: target.replacement
        for _, target in sorted(cleaner.index.targets.items())
        for form in sorted(target.forms)
    }


def folded_pairs(table: Mapping[str, str]) -> dict[str, str]:
    """{case-folded variant: canonical}: the keys a case-insensitive engine matches."""
    from transclean.text import fold

    return {fold(k): v for k, v in sorted(table.items())}


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a TOML basic string


def write_lexicon(
    folder: Path, n: int, real: Mapping[str, Target], seed: int = 0
) -> tuple[int, int]:
    """A lexicon folder whose index has about `n` variants; (real, synthetic) counts.

    The built-in lexicon's data (schemes, guard lists, protected phrases) is copied; its
    entities are replaced by one file of place-like entities whose `variants` are a seeded
    sample of `real` (the built-in index's targets), padded with synthetic Slavic-looking names
    (``bench_engines.synthetic_targets``) when `n` is larger than the built-in index.
    Load it with ``Cleaner(lexicons=[folder], builtin=False)``.
    """
    from bench_engines import synthetic_targets

    from transclean.resources import builtin_lexicon_dir
    from transclean.text import fold

    keys = sorted(real)
    if len(keys) > n:
        keys = sorted(random.Random(n).sample(keys, n))
    targets = {k: real[k] for k in keys}
    synthetic = synthetic_targets(n - len(targets), set(targets), seed) if n > len(targets) else {}
    by_canonical: dict[str, set[str]] = {}
    for target in [*targets.values(), *synthetic.values()]:
        by_canonical.setdefault(target.replacement, set()).update(target.forms)
    canon_keys = {fold(c): c for c in by_canonical}
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(builtin_lexicon_dir(), folder, ignore=shutil.ignore_patterns("entities"))
    lines = [
        "[meta]",
        f'source = "bench_peers.py: {len(targets)} variants of the built-in index and '
        f'{len(synthetic)} synthetic ones"',
        "",
    ]
    for i, (canonical, forms) in enumerate(sorted(by_canonical.items())):
        kept = sorted(
            f for f in forms if f != canonical and canon_keys.get(fold(f), canonical) == canonical
        )
        if not kept:
            continue
        lines += [
            "[[entity]]",
            f'id = "bench-{i}"',
            'kind = "place"',
            f"canonical = {_toml_str(canonical)}",
            f"variants = [{', '.join(map(_toml_str, kept))}]",
            "",
        ]
    (folder / "entities").mkdir()
    (folder / "entities" / "bench.toml").write_text("\n".join(lines), encoding="utf-8")
    return len(targets), len(synthetic)


# --------------------------------------------------------------------------------------
# Engines, run inside a worker process. `build(spec)` returns a function over the input.
# --------------------------------------------------------------------------------------


@dataclass
class Spec:
    """What a worker process measures."""

    engine: str
    input: str  # corpus file (UTF-8)
    table: str = ""  # JSON {variant: canonical}
    limit_mb: float | None = None  # use only this much of the input (whole lines)
    lexicons: list[str] = field(default_factory=list)
    builtin: bool = True
    workers: int = 1
    max_variants: int | None = None  # a seeded sample of the table (naive re.sub)
    output: str = os.devnull  # for the engines that write a file
    # A corpus cleaned after the build and before the clock starts: the state of a long run
    # (memos full of the words seen), measured on text the warm-up did not contain.
    warm_up: str = ""
    # How often the process tree's memory is sampled. Each sample reads /proc/*/smaps_rollup
    # of every process: every 50 ms that took ~7% of this 2-core machine from a run using
    # both cores (a `-j 2` row: 2.22 s against 2.06 s sampled every 0.5 s).
    sample_s: float = 0.05


class Input:
    """The corpus as the engines see it: text, ~1 MB chunks of lines, article documents."""

    def __init__(self, path: str, limit_mb: float | None = None, *, load: bool = True) -> None:
        with open(path, "rb") as f:
            data = f.read() if limit_mb is None else f.read(int(limit_mb * 1_000_000))
        if limit_mb is not None and len(data) == int(limit_mb * 1_000_000):
            data = data[: data.rfind(b"\n") + 1] or data
        self.path = path
        self.mb = len(data) / 1_000_000
        # A streaming row (copy) reads the file itself: nothing held in memory for it.
        self.text = data.decode("utf-8") if load else ""
        del data
        self.chunks = chunks_of_lines(self.text, CHUNK)  # as the CLI feeds a Cleaner

    @cached_property
    def articles(self) -> list[str]:
        """The text as article-sized documents, as a corpus of articles would be."""
        return documents(self.text, ARTICLE)

    @classmethod
    def of_text(cls, text: str) -> Input:
        """An input held in memory only (for tests; the file-based rows cannot use it)."""
        inp = cls.__new__(cls)
        inp.path, inp.text = "", text
        inp.mb = len(text.encode("utf-8")) / 1_000_000
        inp.chunks = chunks_of_lines(text, CHUNK)
        return inp


# An engine run: the cleaned text of each chunk ([] for the rows that do not replace).
Run = Callable[[Input], list[str]]


def _table(spec: Spec) -> dict[str, str]:
    table: dict[str, str] = json.loads(Path(spec.table).read_text("utf-8"))
    if spec.max_variants is not None and len(table) > spec.max_variants:
        keys = sorted(random.Random(spec.max_variants).sample(sorted(table), spec.max_variants))
        table = {k: table[k] for k in keys}
    return table


def _cleaner(spec: Spec, passes: Sequence[str] | None = None) -> Cleaner:
    from transclean import Cleaner

    return Cleaner(spec.lexicons, builtin=spec.builtin, passes=passes)


def build_pipeline(spec: Spec) -> Run:
    cleaner = _cleaner(spec)
    return lambda inp: [cleaner.clean(c).text for c in inp.chunks]


def build_names(spec: Spec) -> Run:
    cleaner = _cleaner(spec, ["names"])
    return lambda inp: [cleaner.clean(c).text for c in inp.chunks]


def build_clean_many(spec: Spec) -> Run:
    cleaner = _cleaner(spec)
    return lambda inp: [r.text for r in cleaner.clean_many(inp.articles, workers=spec.workers)]


def build_flashtext(spec: Spec) -> Run:
    line = flashtext_replacer(_table(spec))

    def run(inp: Input) -> list[str]:
        return ["\n".join(line(x) for x in c.split("\n")) for c in inp.chunks]

    return run


def _build_ac_rs(spec: Spec, dfa: bool) -> Run:
    import ahocorasick_rs

    from transclean.text import bounded, lower_same_length

    pairs = folded_pairs(_table(spec))
    keys = list(pairs)
    after = [pairs[k] for k in keys]
    automaton = ahocorasick_rs.AhoCorasick(
        keys,
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA if dfa else None,
    )

    def one(text: str) -> str:
        found = automaton.find_matches_as_indexes(lower_same_length(text), overlapping=True)
        return replace_leftmost_longest(
            text, [(s, e, after[i]) for i, s, e in found if bounded(text, s, e)]
        )

    return lambda inp: [one(c) for c in inp.chunks]


def build_ac_rs(spec: Spec) -> Run:
    return _build_ac_rs(spec, dfa=False)


def build_ac_rs_dfa(spec: Spec) -> Run:
    return _build_ac_rs(spec, dfa=True)


def build_pyac(spec: Spec) -> Run:
    import ahocorasick

    from transclean.text import bounded, lower_same_length

    automaton = ahocorasick.Automaton()
    for key, canonical in folded_pairs(_table(spec)).items():
        automaton.add_word(key, (len(key), canonical))
    automaton.make_automaton()

    def one(text: str) -> str:
        hits = []
        for last, (length, canonical) in automaton.iter(lower_same_length(text)):
            if bounded(text, last + 1 - length, last + 1):
                hits.append((last + 1 - length, last + 1, canonical))
        return replace_leftmost_longest(text, hits)

    return lambda inp: [one(c) for c in inp.chunks]


def build_re_sub(spec: Spec) -> Run:
    subs = [
        (re.compile(r"\b" + re.escape(v) + r"\b", re.IGNORECASE), c)
        for v, c in folded_pairs(_table(spec)).items()
    ]

    def one(text: str) -> str:
        for pattern, canonical in subs:
            text = pattern.sub(canonical.replace("\\", r"\\"), text)
        return text

    return lambda inp: [one(c) for c in inp.chunks]


def build_scan(spec: Spec) -> Run:
    import regex

    word = regex.compile(r"\w+")

    def run(inp: Input) -> list[str]:
        for c in inp.chunks:
            word.findall(c)
        return []

    return run


def build_copy(spec: Spec) -> Run:
    """Read ~1 MB blocks of lines, decode, encode, write: what any Python filter does."""

    def run(inp: Input) -> list[str]:
        left = int(inp.mb * 1_000_000)  # the same bytes the other engines get
        with open(inp.path, "rb") as src, open(spec.output, "wb") as dst:
            pending = b""
            while left > 0:
                block = src.read(min(CHUNK, left))
                if not block:
                    break
                left -= len(block)
                pending += block
                cut = pending.rfind(b"\n") + 1
                dst.write(pending[:cut].decode("utf-8").encode("utf-8"))
                pending = pending[cut:]
            dst.write(pending)
        return []

    return run


@dataclass(frozen=True)
class Engine:
    key: str
    label: str
    build: Callable[[Spec], Run] | None  # None: not a worker engine (the CLI)
    replaces: bool = True
    in_memory: bool = True  # runs on the input held in memory (False: reads the file)


ENGINES = {
    e.key: e
    for e in [
        Engine(
            "pipeline", "transclean `Cleaner().clean`, all passes, ~1 MB chunks", build_pipeline
        ),
        Engine("cli", "transclean CLI `transclean < in > out`, all passes, with start-up", None),
        Engine("names", "transclean names pass alone, `Cleaner(passes=['names'])`", build_names),
        Engine("flashtext", "flashtext `replace_keywords`, line by line", build_flashtext),
        Engine(
            "ac-rs-dfa",
            "raw ahocorasick-rs DFA: whole words, leftmost-longest, replace",
            build_ac_rs_dfa,
        ),
        Engine("ac-rs", "raw ahocorasick-rs default (NFA): the same", build_ac_rs),
        Engine("pyac", "raw pyahocorasick `iter`: the same", build_pyac),
        Engine("re-sub", "naive: one `re.sub(r'\\bvariant\\b', ...)` per variant", build_re_sub),
        Engine("scan", "floor: `regex` `\\w+` findall, no replacement", build_scan, replaces=False),
        Engine(
            "copy",
            "ceiling: read, decode, encode, write (Python, file to file)",
            build_copy,
            replaces=False,
            in_memory=False,
        ),
        Engine("clean-many", "transclean `clean_many(articles, workers=N)`", build_clean_many),
    ]
}
FLASHTEXT, RAW_AC = "flashtext", "ac-rs-dfa"
WARMED = " warmed"  # a row measured after a warm-up run on other text (Spec.warm_up)
# The lexicon section's rows, and whether each is warmed first: a fresh process cleaning
# 10 MB pays for its first look at every word; a long run has paid for most of them.
LEXICON_ROWS = (
    ("pipeline", False),
    ("pipeline" + WARMED, True),
    ("names", False),
    ("names" + WARMED, True),
    (FLASHTEXT, False),
    (RAW_AC, False),
)


def _mb(kb: int) -> float:
    return kb / 1024  # ru_maxrss is in KiB on Linux


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished children (clean_many's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def worker(spec: Spec) -> dict[str, Any]:
    """Measure one engine once in this (fresh) process: build, one timed run, peak memory."""
    engine = ENGINES[spec.engine]
    assert engine.build is not None
    inp = Input(spec.input, spec.limit_mb, load=engine.in_memory)
    if spec.engine == "clean-many":
        _ = inp.articles  # split before the clock starts, like the chunks
    loaded = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    t0 = time.perf_counter()
    run = engine.build(spec)
    build_s = time.perf_counter() - t0
    if spec.warm_up:
        run(Input(spec.warm_up))
    # The garbage of the build and the warm-up is theirs to collect: left to the collector,
    # a collection of it can land in the timed run (measured: ~50 ms in a 0.2 s run).
    gc.collect()
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    out = run(inp)
    seconds = time.perf_counter() - t0
    return {
        "engine": spec.engine,
        "mb": inp.mb,
        "build_s": build_s,
        "seconds": seconds,
        "cpu_s": _cpu_s() - cpu0,
        "output_chars": sum(map(len, out)),
        "rss_loaded_mb": loaded,
        "peak_mb": _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    }


# --------------------------------------------------------------------------------------
# Child processes: wall time, ru_maxrss, and the RSS of the whole process tree
# --------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.scandir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task.name}/children") as f:
                kids.extend(int(x) for x in f.read().split())
    except OSError:
        pass
    return kids


def _rss_pss(pid: int) -> tuple[float, float] | None:
    """(RSS, PSS) of one process in MB, or None when it is gone."""
    rss = pss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                    break
    except (OSError, ValueError, IndexError):
        return None
    return rss, pss


def tree_memory(root: int) -> tuple[float, float, int]:
    """(RSS MB, PSS MB, processes) summed over the descendants of `root` (not `root`).

    The RSS sum counts pages shared by forked workers once per process; PSS divides
    each shared page among the processes that map it, so its sum is the real total.
    """
    rss = pss = 0.0
    count = 0
    todo = _children(root)
    while todo:
        pid = todo.pop()
        got = _rss_pss(pid)
        if got is None:
            continue
        rss, pss, count = rss + got[0], pss + got[1], count + 1
        todo.extend(_children(pid))
    return rss, pss, count


class TreeSampler(threading.Thread):
    """Peak memory of a process tree, sampled every `interval` s."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.rss_peak_mb = self.pss_peak_mb = 0.0
        self.procs = 0
        self.samples: list[tuple[float, float]] = []  # (seconds since start, PSS MB)
        self.done = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.done.is_set():
            rss, pss, procs = tree_memory(self.pid)
            if procs:
                self.rss_peak_mb = max(self.rss_peak_mb, rss)
                self.pss_peak_mb = max(self.pss_peak_mb, pss)
                self.procs = max(self.procs, procs)
                self.samples.append((time.perf_counter() - start, pss))
            self.done.wait(self.interval)


# A small launcher between this (large) process and the measured one: a child's ru_maxrss
# starts from the RSS of the process it was forked from (Linux keeps the high-water mark
# across fork and exec), so forking the measured command from a ~10 MB interpreter keeps
# its peak honest. It also times the command without its own start-up.
_LAUNCHER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    cpu = usage.ru_utime + usage.ru_stime  # with the workers it waited for
    f.write(f"{time.perf_counter() - t0} {usage.ru_maxrss} {cpu}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass
class Child:
    wall_s: float  # from fork to exit of the command
    returncode: int
    maxrss_mb: float  # ru_maxrss of the command's own process
    cpu_s: float  # user + system CPU seconds of the command and the children it waited for
    tree_rss_mb: float  # sampled peak of the RSS sum over the command and its descendants
    tree_pss_mb: float  # the same, PSS: shared pages counted once
    procs: int  # most processes seen at once
    stdout: str
    stderr: str
    samples: list[tuple[float, float]] = field(default_factory=list)


def run_child(
    cmd: Sequence[str],
    stdin: str | None = None,
    stdout: str | None = None,
    feed: Callable[[IO[bytes]], None] | None = None,
    env: Mapping[str, str] | None = None,
    interval: float = 0.05,
) -> Child:
    """Run `cmd`; stdin from a file or from `feed` (a thread writing to a pipe)."""
    with contextlib.ExitStack() as stack:
        fin: Any = (
            subprocess.PIPE
            if feed
            else (stack.enter_context(open(stdin, "rb")) if stdin else subprocess.DEVNULL)
        )
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="child-")))
        out_path = stdout or str(tmp / "stdout")
        stats = tmp / "stats"
        fout = stack.enter_context(open(out_path, "wb"))
        ferr = stack.enter_context(open(tmp / "stderr", "w+b"))
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, str(stats), *cmd],
            stdin=fin,
            stdout=fout,
            stderr=ferr,
            env=dict(env) if env is not None else None,
        )
        sampler = TreeSampler(proc.pid, interval)
        sampler.start()
        feeder = None
        if feed is not None:
            assert proc.stdin is not None
            pipe = proc.stdin

            def pump() -> None:
                with contextlib.suppress(BrokenPipeError), pipe:
                    feed(pipe)

            feeder = threading.Thread(target=pump, daemon=True)
            feeder.start()
        proc.wait()
        sampler.done.set()
        sampler.join()
        if feeder is not None:
            feeder.join()
        ferr.seek(0)
        err = ferr.read().decode("utf-8", "replace")
        fout.close()
        text = "" if stdout else Path(out_path).read_text("utf-8", "replace")
        wall, maxrss, cpu = (
            [*stats.read_text().split(), "0", "0", "0"] if stats.exists() else ["0", "0", "0"]
        )[:3]
    return Child(
        float(wall),
        proc.returncode,
        _mb(int(maxrss)),
        float(cpu),
        sampler.rss_peak_mb,
        sampler.pss_peak_mb,
        sampler.procs,
        text,
        err,
        sampler.samples,
    )


def run_worker(spec: Spec) -> dict[str, Any]:
    """`worker(spec)` in a fresh process; its JSON plus the tree's peak and processes."""
    child = run_child(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(asdict(spec))],
        interval=spec.sample_s,
    )
    if child.returncode != 0:
        raise RuntimeError(f"worker {spec.engine} failed ({child.returncode}):\n{child.stderr}")
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    result.update(
        wall_s=child.wall_s,
        peak_mb=child.maxrss_mb,
        tree_rss_mb=child.tree_rss_mb,
        tree_pss_mb=child.tree_pss_mb,
        procs=child.procs,
    )
    return result


def transclean_cmd() -> list[str]:
    """The `transclean` script installed next to this Python (not a pyenv-style shim on
    PATH, which adds ~0.1 s of shell to every start), else `python -m transclean`."""
    beside = Path(sys.executable).parent / "transclean"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    exe = shutil.which("transclean")
    return [exe] if exe else [sys.executable, "-m", "transclean"]


def cli_flags() -> str:
    """`transclean --help`, to see which options this version has."""
    done = subprocess.run(
        [*transclean_cmd(), "--help"], capture_output=True, text=True, check=False
    )
    return done.stdout


def has_jobs_flag() -> bool:
    return bool(re.search(r"(^|\s)-j\b", cli_flags()))


def run_cli(spec: Spec, extra: Sequence[str] = ()) -> dict[str, Any]:
    """`transclean [extra] < input > output`, timed from start-up to exit."""
    src = spec.input
    tmp: Any = None
    if spec.limit_mb is not None:
        inp = Input(spec.input, spec.limit_mb)
        with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as tmp:
            tmp.write(inp.text.encode("utf-8"))
        src = tmp.name
    try:
        mb = Path(src).stat().st_size / 1_000_000
        cmd = [*transclean_cmd(), *extra]
        for path in spec.lexicons:
            cmd += ["--lexicon", path]
        if not spec.builtin:
            cmd.append("--no-builtin")
        child = run_child(cmd, stdin=src, stdout=spec.output, interval=spec.sample_s)
    finally:
        if tmp is not None:
            os.unlink(tmp.name)
    if child.returncode != 0:
        raise RuntimeError(f"transclean {' '.join(extra)} failed: {child.stderr[-2000:]}")
    return {
        "engine": "cli",
        "mb": mb,
        "build_s": None,
        "seconds": child.wall_s,
        "peak_mb": child.maxrss_mb,
        "tree_rss_mb": child.tree_rss_mb,
        "tree_pss_mb": child.tree_pss_mb,
        "procs": child.procs,
        "wall_s": child.wall_s,
        "cpu_s": child.cpu_s,
    }


def measure(spec: Spec, extra: Sequence[str] = ()) -> dict[str, Any]:
    return run_cli(spec, extra) if spec.engine == "cli" else run_worker(spec)


# --------------------------------------------------------------------------------------
# Rows: several rounds of one measurement, summarised
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    available: bool = True

    @property
    def mb(self) -> float:
        return float(self.runs[0]["mb"]) if self.runs else 0.0

    @property
    def seconds(self) -> float | None:
        return statistics.median(r["seconds"] for r in self.runs) if self.runs else None

    @property
    def mbps(self) -> float | None:
        s = self.seconds
        return self.mb / s if s else None

    @property
    def cpu_s(self) -> float | None:
        cpus = [r["cpu_s"] for r in self.runs if r.get("cpu_s")]
        return statistics.median(cpus) if cpus else None

    @property
    def cpu_mbps(self) -> float | None:
        """MB per CPU second (user + system, workers included): steadier than MB/s when
        other programs compete for the cores, but blind to parallel speed-up."""
        cpus = [r["cpu_s"] for r in self.runs if r.get("cpu_s")]
        return self.mb / statistics.median(cpus) if cpus else None

    @property
    def build_s(self) -> float | None:
        builds = [r["build_s"] for r in self.runs if r.get("build_s") is not None]
        return statistics.median(builds) if builds else None

    @property
    def peak_mb(self) -> float | None:
        """ru_maxrss of the measured process (the main one, when it has workers)."""
        return max((float(r["peak_mb"]) for r in self.runs), default=None)

    @property
    def tree_pss_mb(self) -> float | None:
        """Sampled peak of the PSS summed over the process and its workers."""
        return max((float(r.get("tree_pss_mb") or 0) for r in self.runs), default=None)

    @property
    def procs(self) -> int:
        return max((int(r.get("procs", 1)) for r in self.runs), default=0)

    def summary(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "note": self.note,
            "available": self.available,
            "mb": self.mb,
            "seconds": self.seconds,
            "mbps": self.mbps,
            "cpu_mbps": self.cpu_mbps,
            "build_s": self.build_s,
            "peak_mb": self.peak_mb,
            "tree_pss_mb": self.tree_pss_mb,
            "procs": self.procs,
            "runs": self.runs,
        }


def rounds(
    rows: Sequence[tuple[Row, Spec, Sequence[str]]],
    repeats: int,
    title: str,
    once: Sequence[str] = (),
) -> None:
    """Measure every row `repeats` times, interleaved; keys in `once` only in round 1."""
    for r in range(repeats):
        for row, spec, extra in rows:
            if not row.available or (r and row.key in once):
                continue
            result = measure(spec, extra)
            row.runs.append(result)
            print(
                f"  [{title} {r + 1}/{repeats}] {row.key:<22} {result['mb']:6.1f} MB "
                f"{result['seconds']:7.2f} s  {result['mb'] / result['seconds']:8.2f} MB/s  "
                f"peak {result['peak_mb']:6.0f}"
                " MB",
                flush=True,
            )


def fmt(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}"


def cell(text: str) -> str:
    """Text for a Markdown table cell: a '|' would end the cell."""
    return text.replace("|", "\\|")


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


# --------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------


@dataclass
class Config:
    size_mb: float = 20.0
    repeats: int = 3
    lexicon_sizes: tuple[int, ...] = (1_000, 10_000, 50_000)
    lexicon_mb: float = 10.0
    input_sizes: tuple[float, ...] = (10.0, 20.0, 50.0)
    size_repeats: int = 2
    workers_mb: float = 50.0
    stream_mb: float = 1_000.0
    resub_variants: int = 1_000
    resub_mb: float = 1.0
    startup_runs: int = 5
    sections: tuple[str, ...] = SECTIONS
    engines: tuple[str, ...] = ()  # peers section: only these (empty: all)


QUICK = Config(
    size_mb=1.0,
    repeats=1,
    lexicon_sizes=(1_000, 5_000),
    lexicon_mb=0.5,
    input_sizes=(0.5, 1.0),
    size_repeats=1,
    workers_mb=1.0,
    stream_mb=5.0,
    resub_variants=200,
    resub_mb=0.1,
    startup_runs=2,
)


@dataclass
class Bench:
    """Shared state of a run: the temp folder, the corpus file, the exported table."""

    cfg: Config
    tmp: Path
    table: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)  # the built-in index's
    table_path: str = ""
    corpus_path: str = ""
    corpus_mb: float = 0.0
    out: dict[str, Any] = field(default_factory=dict)

    def setup(self) -> None:
        from transclean import Cleaner

        t0 = time.perf_counter()
        cleaner = Cleaner(passes=["names"])
        self.table = variant_table(cleaner)
        self.targets = dict(cleaner.index.targets)
        self.table_path = str(self.tmp / "table.json")
        Path(self.table_path).write_text(json.dumps(self.table, ensure_ascii=False), "utf-8")
        biggest = max([self.cfg.size_mb, self.cfg.workers_mb, *self.cfg.input_sizes])
        self.corpus_path = str(self.tmp / "corpus.txt")
        text = build_corpus(biggest, news_words(self.table), density=DENSITY, seed=0)
        Path(self.corpus_path).write_text(text, "utf-8")
        self.corpus_mb = len(text.encode("utf-8")) / 1e6
        source, paragraphs = source_paragraphs()
        self.out["setup"] = {
            "variants": len(self.table),
            "folded_variants": len(folded_pairs(self.table)),
            "canonical_names": len(set(self.table.values())),
            "prose": f"{source} ({len(paragraphs):,} paragraphs)",
            "corpus_mb": self.corpus_mb,
            "seconds": time.perf_counter() - t0,
        }
        print(
            f"setup: {len(self.table):,} exported variants; corpus {self.corpus_mb:.1f} MB "
            f"from {source} ({time.perf_counter() - t0:.1f} s)",
            flush=True,
        )

    def spec(self, engine: str, **kw: Any) -> Spec:
        return Spec(engine, self.corpus_path, self.table_path, **kw)

    # ---- the main table --------------------------------------------------------------

    def peers(self) -> list[Row]:
        cfg = self.cfg
        out = str(self.tmp / "out.txt")
        size = cfg.size_mb
        plan: list[tuple[Row, Spec, Sequence[str]]] = []
        for key, engine in ENGINES.items():
            if key == "clean-many" or (cfg.engines and key not in cfg.engines):
                continue
            row = Row(key, engine.label)
            spec = self.spec(key, limit_mb=size, output=out)
            if key == "re-sub":
                spec = replace(spec, limit_mb=cfg.resub_mb, max_variants=cfg.resub_variants)
                row.note = (
                    f"{cfg.resub_variants:,} variants (of {len(self.table):,}) on the "
                    f"first {cfg.resub_mb:g} MB, one run"
                )
            plan.append((row, spec, ()))
        rounds(plan, cfg.repeats, "peers", once=("re-sub",))
        rows = [row for row, _, _ in plan]
        self.out["peers"] = [r.summary() for r in rows]
        return rows

    # ---- lexicon size -----------------------------------------------------------------

    def lexicon(self) -> list[dict[str, Any]]:
        from transclean import Cleaner

        cfg = self.cfg
        out: list[dict[str, Any]] = []
        plan: list[tuple[Row, Spec, Sequence[str]]] = []
        for n in cfg.lexicon_sizes:
            folder = self.tmp / f"lexicon-{n}"
            real, synthetic = write_lexicon(folder, n, self.targets)
            t0 = time.perf_counter()
            cleaner = Cleaner([folder], builtin=False, passes=["names"])
            build = time.perf_counter() - t0
            table = variant_table(cleaner)
            table_path = self.tmp / f"table-{n}.json"
            table_path.write_text(json.dumps(table, ensure_ascii=False), "utf-8")
            corpus = self.tmp / f"corpus-{n}.txt"
            corpus.write_text(
                build_corpus(cfg.lexicon_mb, news_words(table), density=DENSITY, seed=0), "utf-8"
            )
            warm = self.tmp / f"warm-{n}.txt"  # the same make of text, other paragraphs
            warm.write_text(
                build_corpus(cfg.lexicon_mb, news_words(table), density=DENSITY, seed=1), "utf-8"
            )
            info: dict[str, Any] = {
                "n": n,
                "real": real,
                "synthetic": synthetic,
                "variants": len(table),
                "index_keys": len(cleaner.index.targets),
                "names_build_s": build,
                "rows": {},
            }
            print(
                f"lexicon N={n:,}: {len(table):,} variants ({real:,} real, {synthetic:,} "
                f"synthetic), names-only Cleaner built in {build:.1f} s",
                flush=True,
            )
            for key, warm_up in LEXICON_ROWS:
                engine = key.removesuffix(WARMED)
                spec = Spec(
                    engine,
                    str(corpus),
                    str(table_path),
                    lexicons=[str(folder)],
                    builtin=False,
                    warm_up=str(warm) if warm_up else "",
                )
                row = Row(f"{key}@{n}", ENGINES[engine].label)
                info["rows"][key] = row
                plan.append((row, spec, ()))
            out.append(info)
        rounds(plan, cfg.repeats, "lexicon")
        for info in out:
            info["rows"] = {k: r.summary() for k, r in info["rows"].items()}
        self.out["lexicon"] = out
        return out

    # ---- input size -------------------------------------------------------------------

    def size(self) -> list[dict[str, Any]]:
        cfg = self.cfg
        plan: list[tuple[Row, Spec, Sequence[str]]] = []
        for mb in cfg.input_sizes:
            for key in ("pipeline", "names"):
                plan.append(
                    (Row(f"{key}@{mb:g}MB", ENGINES[key].label), self.spec(key, limit_mb=mb), ())
                )
        rounds(plan, cfg.size_repeats, "size")
        out = [{**row.summary(), "key": row.key.split("@")[0]} for row, _, _ in plan]
        self.out["size"] = out
        return out

    # ---- workers ----------------------------------------------------------------------

    def workers(self) -> list[Row]:
        cfg = self.cfg
        jobs = has_jobs_flag()
        plan: list[tuple[Row, Spec, Sequence[str]]] = []
        out = str(self.tmp / "out-workers.txt")
        # The library rows on the side-by-side size: ~4 kB articles are slower per MB than
        # 1 MB chunks, and 50 MB of them would take minutes.
        # Their memory is sampled every 0.5 s (Spec.sample_s): what is timed here is the
        # speed-up, and the memory section measures the peak of a long run.
        for w in (1, 2):
            row = Row(f"clean-many-{w}", f"`Cleaner().clean_many(articles, workers={w})`")
            spec = self.spec("clean-many", limit_mb=cfg.size_mb, workers=w, sample_s=0.5)
            plan.append((row, spec, ()))
        for w in (1, 2):
            row = Row(f"cli-j{w}", f"CLI `transclean -j {w} < in > out`")
            if not jobs:
                row.available = False
                row.note = "not available: this transclean has no -j option"
            spec = self.spec("cli", limit_mb=cfg.workers_mb, output=out, sample_s=0.5)
            plan.append((row, spec, ("-j", str(w))))
        # Large inputs: one round fewer (a run of 50 MB takes ~10 s per row).
        rounds(plan, cfg.repeats if cfg.workers_mb <= 20 else max(1, cfg.repeats - 1), "workers")
        rows = [row for row, _, _ in plan]
        many2 = rows[1]
        if many2.runs and many2.procs <= 1:
            many2.note = (
                "ran in one process: clean_many has no parallel path yet "
                "(no worker process was seen)"
            )
        self.out["workers"] = [r.summary() for r in rows]
        return rows

    # ---- start-up ---------------------------------------------------------------------

    def startup(self) -> dict[str, Any]:
        cfg = self.cfg
        cache = self.tmp / "startup-cache"
        env = {**os.environ, "TRANSCLEAN_CACHE_DIR": str(cache)}
        kiev = self.tmp / "kiev.txt"
        kiev.write_text("Kiev\n", "utf-8")

        def once(cmd: Sequence[str]) -> Child:
            child = run_child(cmd, stdin=str(kiev), env=env, interval=0.01)
            if child.returncode != 0:
                raise RuntimeError(f"{cmd} failed: {child.stderr[-2000:]}")
            return child

        py = [sys.executable]
        res: dict[str, Any] = {}
        res["python -c pass"] = statistics.median(
            once([*py, "-c", "pass"]).wall_s for _ in range(cfg.startup_runs)
        )
        res["python -c 'import transclean'"] = statistics.median(
            once([*py, "-c", "import transclean"]).wall_s for _ in range(cfg.startup_runs)
        )
        shutil.rmtree(cache, ignore_errors=True)
        cold = once(transclean_cmd())
        warm = [once(transclean_cmd()) for _ in range(cfg.startup_runs)]
        res["echo Kiev | transclean (cold: empty cache dir)"] = cold.wall_s
        res["echo Kiev | transclean (warm: median)"] = statistics.median(c.wall_s for c in warm)
        res["output"] = warm[-1].stdout.strip()
        res["cache_files"] = (
            sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file())
            if cache.exists()
            else []
        )
        res["peak_mb"] = max(c.maxrss_mb for c in warm)
        self.out["startup"] = res
        for k, v in res.items():
            print(f"  [startup] {k}: {v}", flush=True)
        return res

    # ---- memory while streaming ---------------------------------------------------------

    def memory(self) -> dict[str, Any]:
        cfg = self.cfg
        jobs = 2 if has_jobs_flag() else 1
        total = int(cfg.stream_mb * 1_000_000)
        data = Path(self.corpus_path).read_bytes()

        def feed(pipe: IO[bytes]) -> None:
            sent = 0
            while sent < total:
                block = data[: total - sent]
                pipe.write(block)
                sent += len(block)

        cmd = [*transclean_cmd(), *(["-j", str(jobs)] if jobs > 1 else [])]
        print(f"  [memory] streaming {cfg.stream_mb:g} MB through {' '.join(cmd)} ...", flush=True)
        child = run_child(cmd, stdout=os.devnull, feed=feed, interval=0.2)
        if child.returncode != 0:
            raise RuntimeError(f"streaming failed: {child.stderr[-2000:]}")
        half = child.wall_s / 2
        first = max((mb for t, mb in child.samples if t <= half), default=0.0)
        second = max((mb for t, mb in child.samples if t > half), default=0.0)
        res = {
            "stream_mb": total / 1e6,
            "jobs": jobs,
            "wall_s": child.wall_s,
            "mbps": total / 1e6 / child.wall_s,
            "tree_pss_mb": child.tree_pss_mb,
            "tree_rss_mb": child.tree_rss_mb,
            "main_maxrss_mb": child.maxrss_mb,
            "procs": child.procs,
            "peak_first_half_mb": first,
            "peak_second_half_mb": second,
            "note": "" if jobs == 2 else "-j is not available: streamed with one process",
        }
        self.out["memory"] = res
        print(f"  [memory] {res}", flush=True)
        return res


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def peers_table(rows: Sequence[Row]) -> list[str]:
    by = {r.key: r for r in rows}
    flash, raw = by.get(FLASHTEXT), by.get(RAW_AC)
    lines = [
        "| row | MB | build s | MB/s | × flashtext | × raw AC | MB per CPU-s | "
        "× flashtext (CPU) | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    flash_mbps = flash.mbps if flash else None
    raw_mbps = raw.mbps if raw else None
    flash_cpu = flash.cpu_mbps if flash else None
    for r in rows:
        label = r.label + (f" ({r.note})" if r.note else "")
        lines.append(
            f"| {cell(label)} | {fmt(r.mb, 1)} | {fmt(r.build_s)} | {fmt(r.mbps)} | "
            f"{fmt(ratio(r.mbps, flash_mbps))} | {fmt(ratio(r.mbps, raw_mbps))} | "
            f"{fmt(r.cpu_mbps)} | {fmt(ratio(r.cpu_mbps, flash_cpu))} | "
            f"{fmt(r.peak_mb, 0)} |"
        )
    return lines


def _mbps(summary: Mapping[str, Any]) -> float | None:
    value = summary.get("mbps")
    return float(value) if value else None


def lexicon_table(infos: Sequence[Mapping[str, Any]]) -> list[str]:
    keys = [key for key, _ in LEXICON_ROWS]
    lines = [
        "| variants (real + synthetic) | all passes MB/s | all passes, warmed | "
        "names pass MB/s | names pass, warmed | flashtext MB/s | raw AC MB/s | "
        "names × flashtext | pipeline build s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for info in infos:
        speeds = [_mbps(info["rows"][k]) for k in keys]
        names, flash = _mbps(info["rows"]["names"]), _mbps(info["rows"][FLASHTEXT])
        lines.append(
            f"| {info['variants']:,} ({info['real']:,} + {info['synthetic']:,}) | "
            + " | ".join(fmt(s) for s in speeds)
            + f" | {fmt(ratio(names, flash))} | "
            f"{fmt(info['rows']['pipeline']['build_s'])} |"
        )
    if len(infos) > 1:
        first, last = infos[0], infos[-1]
        for what, field_ in (("MB/s", "mbps"), ("MB per CPU-s", "cpu_mbps")):
            cells = [
                fmt(ratio(last["rows"][k].get(field_), first["rows"][k].get(field_))) + "x"
                for k in keys
            ]
            lines.append(f"| largest / smallest, {what} | {' | '.join(cells)} | | |")
    return lines


def _per_mb(r: Mapping[str, Any], by_cpu: bool = False) -> float | None:
    """Seconds (wall, or CPU) per MB of a size row."""
    speed = r.get("cpu_mbps" if by_cpu else "mbps")
    return 1 / speed if speed else None


def _marginals(rows: Sequence[Mapping[str, Any]]) -> dict[int, float]:
    """Seconds per MB that each size row added over the next smaller row of its kind: the
    cost of each further MB, which a fixed start (memos filling, tables made) does not
    blur as it does the average."""
    out: dict[int, float] = {}
    last: dict[str, Mapping[str, Any]] = {}
    for i, r in enumerate(rows):
        before = last.get(r["key"])
        if before is not None and r["seconds"] and before["seconds"] and r["mb"] > before["mb"]:
            out[i] = (r["seconds"] - before["seconds"]) / (r["mb"] - before["mb"])
        last[r["key"]] = r
    return out


def size_table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = [
        "| row | MB | seconds | s per MB | / smallest's | CPU-s per MB | / smallest's "
        "| s per further MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base: dict[tuple[str, bool], float] = {}
    marginals = _marginals(rows)
    for i, r in enumerate(rows):
        cells = []
        for by_cpu in (False, True):
            per = _per_mb(r, by_cpu)
            if per:
                base.setdefault((r["key"], by_cpu), per)
            cells.append(f"{fmt(per, 3)} | {fmt(ratio(per, base.get((r['key'], by_cpu))))}")
        lines.append(
            f"| {cell(r['label'])} | {fmt(r['mb'], 1)} | {fmt(r['seconds'])} | "
            f"{' | '.join(cells)} | {fmt(marginals.get(i), 3)} |"
        )
    return lines


def workers_table(rows: Sequence[Row]) -> list[str]:
    lines = [
        "| row | MB | MB/s | × 1 worker | CPU s, all processes | × 1 worker's | processes seen | "
        "peak MB, main process | peak PSS MB, all processes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, r in enumerate(rows):
        base = rows[i - 1] if i % 2 else r
        label = r.label + (f" ({r.note})" if r.note else "")
        if not r.available:
            lines.append(f"| {cell(label)} | — | — | — | — | — | — | — | — |")
            continue
        lines.append(
            f"| {cell(label)} | {fmt(r.mb, 1)} | {fmt(r.mbps)} | {fmt(ratio(r.mbps, base.mbps))} | "
            f"{fmt(r.cpu_s)} | {fmt(ratio(r.cpu_s, base.cpu_s))} | "
            f"{r.procs} | {fmt(r.peak_mb, 0)} | {fmt(r.tree_pss_mb, 0)} |"
        )
    return lines


def _cpu_median(summary: Mapping[str, Any]) -> float | None:
    cpus = [r["cpu_s"] for r in summary.get("runs", []) if r.get("cpu_s")]
    return statistics.median(cpus) if cpus else None


def targets(out: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of issue 5 that this run measured."""
    res: list[tuple[str, str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")

    peers = {r["key"]: r for r in out.get("peers", [])}
    speed = {k: r["mbps"] for k, r in peers.items()}
    cpu = {k: r.get("cpu_mbps") for k, r in peers.items()}
    flash, raw = speed.get(FLASHTEXT), speed.get(RAW_AC)

    def times(key: str, base: str) -> tuple[float, str]:
        """The wall-time ratio, and how it reads with the CPU-time ratio beside it."""
        x = speed[key] / speed[base]
        by_cpu = ratio(cpu.get(key), cpu.get(base))
        return x, f"{x:.2f}x" + (f" (by CPU time {by_cpu:.2f}x)" if by_cpu else "")

    if "names" in speed and flash and raw:
        x, shown = times("names", FLASHTEXT)
        res.append(("names pass ≥ 5x flashtext", shown, verdict(x >= 5)))
        y, shown = times("names", RAW_AC)
        res.append(
            ("names pass ≥ 0.5x raw Aho-Corasick (ahocorasick-rs DFA)", shown, verdict(y >= 0.5))
        )
    for key, what in (("pipeline", "`Cleaner().clean`"), ("cli", "CLI, with start-up")):
        if key in speed and flash:
            x, shown = times(key, FLASHTEXT)
            res.append(
                (
                    f"all passes ({what}) ≥ 1.5x flashtext (goal 2x)",
                    shown,
                    verdict(x >= 1.5) + (" (goal met)" if x >= 2 else ""),
                )
            )
    lex = out.get("lexicon", [])
    if len(lex) > 1:
        for key in ("names", "names" + WARMED, "pipeline", "pipeline" + WARMED):
            if key not in lex[0]["rows"]:
                continue  # a results file from before the warmed rows
            speeds = [_mbps(info["rows"][key]) for info in lex]
            cpus = [float(info["rows"][key].get("cpu_mbps") or 0) for info in lex]
            if all(speeds):
                lo, hi = min(s for s in speeds if s), max(s for s in speeds if s)
                ns = f"{lex[0]['variants']:,} to {lex[-1]['variants']:,} variants"
                shown = f"slowest / fastest = {lo / hi:.2f}"
                if all(cpus):
                    shown += f" (by CPU time {min(cpus) / max(cpus):.2f})"
                res.append(
                    (f"{key}: throughput within 20% over {ns}", shown, verdict(lo / hi >= 0.8))
                )
    sizes = out.get("size", [])
    marginals = _marginals(sizes)
    for key in ("pipeline", "names"):
        mine = [(i, r) for i, r in enumerate(sizes) if r["key"] == key and r["seconds"]]
        if len(mine) > 1:
            # Linear: time = a fixed start + the same cost for each further MB. The average
            # s/MB falls as the start is spread thinner; growth would show as each further
            # MB costing more than the ones before it.
            walls = [_per_mb(r) or 0.0 for _, r in mine]
            steps = [marginals[i] for i, _ in mine if i in marginals]
            shown = f"s/MB {walls[0]:.3f} → {walls[-1]:.3f}"
            ok = walls[-1] <= 1.2 * walls[0]
            if len(steps) > 1 and min(steps) > 0:
                spread = max(steps) / min(steps)
                shown += (
                    f"; each further MB {min(steps):.3f}-{max(steps):.3f} s ({spread:.2f}x), "
                    f"the last step {steps[-1] / steps[0]:.2f}x the first"
                )
                ok = ok and steps[-1] <= 1.2 * steps[0]
            res.append(
                (
                    f"{key}: time linear in input size "
                    f"({fmt(mine[0][1]['mb'], 1)}-{fmt(mine[-1][1]['mb'], 1)} MB)",
                    shown,
                    verdict(ok),
                )
            )
    work = {r["key"]: r for r in out.get("workers", [])}
    j1, j2 = work.get("cli-j1"), work.get("cli-j2")
    if j1 and j2:
        if j1["available"] and j1["mbps"] and j2["mbps"]:
            x = j2["mbps"] / j1["mbps"]
            shown = f"{x:.2f}x"
            overhead = ratio(_cpu_median(j2), _cpu_median(j1))
            if overhead:
                # Two workers on two idle cores, perfectly balanced, could not beat this.
                shown += f" (CPU time {overhead:.2f}x -j 1's: at best {2 / overhead:.2f}x)"
            res.append((f"-j 2 ≥ 1.6x -j 1 (CLI, {j1['mb']:.0f} MB)", shown, verdict(x >= 1.6)))
        else:
            res.append(("-j 2 ≥ 1.6x -j 1 (CLI)", "no -j option", verdict(False)))
    m1, m2 = work.get("clean-many-1"), work.get("clean-many-2")
    if m1 and m2 and m1["mbps"] and m2["mbps"]:
        x = m2["mbps"] / m1["mbps"]
        res.append((f"(no target) clean_many workers=2 vs 1 ({m1['mb']:.0f} MB)", f"{x:.2f}x", "—"))
    start = out.get("startup")
    if start:
        warm = start["echo Kiev | transclean (warm: median)"]
        res.append(
            ("`echo Kiev | transclean` < 0.3 s, warm cache", f"{warm:.2f} s", verdict(warm < 0.3))
        )
    mem = out.get("memory")
    if mem:
        what = f"{mem['stream_mb']:,.0f} MB streamed with -j {mem['jobs']}"
        ok = mem["tree_pss_mb"] < 400
        note = "" if mem["stream_mb"] >= 1000 and mem["jobs"] == 2 else " (not the 1 GB -j 2 run)"
        res.append(
            (
                "1 GB with -j 2 < 400 MB peak",
                f"{mem['tree_pss_mb']:.0f} MB (PSS, all processes), {what}",
                verdict(ok) + note,
            )
        )
    return res


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def environment() -> dict[str, str]:
    versions = {}
    for dist in ("transclean", "ahocorasick-rs", "pyahocorasick", "flashtext", "regex"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    load = os.getloadavg()
    return {
        "date": f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} "
        f"{platform.release()}, {_cpu_model()}",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min, at the end)",
    }


def report(
    bench: Bench,
    command: str,
    elapsed: float,
    rows: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
) -> str:
    out, cfg = bench.out, bench.cfg
    env = env or environment()
    md = [f"Generated by `{command}` in {elapsed:.0f} s.", ""]
    md += [f"- {k}: {v}" for k, v in env.items()]
    if "setup" in out:
        s = out["setup"]
        md.append(
            f"- input: {s['prose']}, shuffled and repeated, names injected at "
            f"{DENSITY:.0%} of tokens (canonical : variant : damaged = 6 : 3 : 1, plus "
            f"topic words); variant table: {s['variants']:,} exported variants "
            f"({s['folded_variants']:,} case-folded) of {s['canonical_names']:,} names"
        )
    md.append(
        "- MB/s: UTF-8 MB of input / median wall time of the interleaved runs, each run "
        "in a fresh process; build time and start-up not included except in the CLI rows"
    )
    md.append("")
    if "peers" in rows:
        md += [f"### Side by side ({cfg.size_mb:g} MB, median of {cfg.repeats})", ""]
        md += [*peers_table(rows["peers"]), ""]
    if "lexicon" in out:
        md += [f"### Lexicon size ({cfg.lexicon_mb:g} MB each, median of {cfg.repeats})", ""]
        md += [*lexicon_table(out["lexicon"]), ""]
    if "size" in out:
        md += [f"### Input size (median of {cfg.size_repeats})", ""]
        md += [*size_table(out["size"]), ""]
    if "workers" in rows:
        md += ["### Workers", "", *workers_table(rows["workers"]), ""]
    if "startup" in out:
        md += ["### Start-up (`echo Kiev | transclean`)", "", "| what | seconds |", "|---|---:|"]
        md += [
            f"| {cell(k)} | {v:.3f} |"
            for k, v in out["startup"].items()
            if isinstance(v, float) and k != "peak_mb"
        ]
        cached = out["startup"]["cache_files"]
        kinds = sorted({name.split("-")[0] for name in cached})
        md += [
            "",
            f"Output: `{out['startup']['output']}`; files in the cache dir after these runs: "
            f"{len(cached)} ({', '.join(kinds) or 'none'}).",
            "",
        ]
    if "memory" in out:
        m = out["memory"]
        md += [
            "### Memory while streaming",
            "",
            "| input | -j | MB/s | peak PSS, all processes | the same, first half / "
            "second half of the run | peak RSS sum | main process ru_maxrss | processes |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            f"| {m['stream_mb']:,.0f} MB on stdin | {m['jobs']} | {fmt(m['mbps'])} | "
            f"{m['tree_pss_mb']:.0f} MB | {m['peak_first_half_mb']:.0f} / "
            f"{m['peak_second_half_mb']:.0f} MB | {m['tree_rss_mb']:.0f} MB | "
            f"{m['main_maxrss_mb']:.0f} MB | {m['procs']} |",
            "",
        ]
        if m["note"]:
            md += [m["note"], ""]
    found = targets(out)
    if found:
        md += ["### Targets (issue 5)", "", "| target | measured | verdict |", "|---|---|---|"]
        md += [*(f"| {cell(t)} | {cell(m)} | {v} |" for t, m, v in found), ""]
    return "\n".join(md)


# --------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------


def profile(size_mb: float, output: Path) -> str:
    """pyinstrument profile of `Cleaner().clean` over `size_mb` MB: time per pass and the
    functions with most self time inside each pass. Writes `output` (Markdown) and the
    full call tree next to it."""
    from pyinstrument import Profiler

    from transclean import Cleaner

    table = variant_table(Cleaner(passes=["names"]))
    chunks = chunks_of_lines(build_corpus(size_mb, news_words(table), density=DENSITY), CHUNK)
    cleaner = Cleaner()
    profiler = Profiler(interval=0.001)
    t0 = time.perf_counter()
    profiler.start()
    for c in chunks:
        cleaner.clean(c)
    session = profiler.stop()
    wall = time.perf_counter() - t0
    root = session.root_frame()
    assert root is not None
    total = root.time
    per_pass: dict[str, float] = {}
    self_times: dict[str, dict[str, float]] = {}

    def walk(frame: Any, owner: str) -> None:
        path = (frame.file_path or "").replace("\\", "/")
        name = frame.function or "?"
        if owner == "(outside passes)" and "/transclean/passes/" in path and name == "run":
            owner = Path(path).stem
            per_pass[owner] = per_pass.get(owner, 0.0) + frame.time
        # pyinstrument keeps a frame's own samples in a synthetic "[self]" leaf child.
        kids = [c for c in frame.children if not c.is_synthetic_leaf]
        own = frame.time - sum(c.time for c in kids)
        if own > 0:
            where = f"{name} ({Path(path).name}:{frame.line_no})" if path else name
            bucket = self_times.setdefault(owner, {})
            bucket[where] = bucket.get(where, 0.0) + own
        for child in kids:
            walk(child, owner)

    walk(root, "(outside passes)")
    mb = sum(len(c.encode("utf-8")) for c in chunks) / 1e6
    md = [
        f"Profile of `Cleaner().clean` (all passes) over {mb:.1f} MB in ~1 MB chunks, "
        f"pyinstrument 1 ms sampling: {wall:.1f} s wall ({mb / wall:.2f} MB/s under the "
        "profiler). Percentages are of all samples.",
        "",
        "| pass | % time | top functions by self time (% of all) |",
        "|---|---:|---|",
    ]
    outside = total - sum(per_pass.values())
    for name, t in sorted(
        [*per_pass.items(), ("(outside passes)", outside)], key=lambda kv: -kv[1]
    ):
        top = sorted(self_times.get(name, {}).items(), key=lambda kv: -kv[1])[:6]
        cells = "; ".join(f"`{f}` {100 * s / total:.1f}" for f, s in top)
        md.append(f"| {name} | {100 * t / total:.1f} | {cells} |")
    text = "\n".join(md) + "\n"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, "utf-8")
    output.with_suffix(".txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), "utf-8"
    )
    return text


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def run_sections(bench: Bench) -> dict[str, Any]:
    """Run the configured sections; the Row objects by section (the rest is in bench.out)."""
    rows: dict[str, Any] = {}
    bench.setup()
    for name in bench.cfg.sections:
        print(f"\n## {name}", flush=True)
        t0 = time.perf_counter()
        rows[name] = getattr(bench, name)()
        bench.out.setdefault("seconds", {})[name] = time.perf_counter() - t0
    return rows


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    """A temporary folder, also holding transclean's disk cache for the run (so that a
    benchmark neither uses nor fills the user's cache)."""
    saved = os.environ.get("TRANSCLEAN_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="transclean-bench-") as tmp:
        os.environ["TRANSCLEAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            yield Path(tmp)
        finally:
            if saved is None:
                os.environ.pop("TRANSCLEAN_CACHE_DIR", None)
            else:
                os.environ["TRANSCLEAN_CACHE_DIR"] = saved


def render(payload: Mapping[str, Any]) -> str:
    """The Markdown report of a saved results payload (after a change to the tables)."""
    config: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in payload["config"].items()
    }
    bench = Bench(Config(**config), Path("."))
    bench.out = {k: payload[k] for k in ("setup", *SECTIONS, "seconds") if k in payload}
    rows: dict[str, Any] = {name: payload[name] for name in SECTIONS if name in payload}
    for name in ("peers", "workers"):
        if name in payload:
            rows[name] = [
                Row(r["key"], r["label"], r["runs"], r["note"], r["available"])
                for r in payload[name]
            ]
    return report(bench, payload["command"], payload["elapsed_s"], rows, payload["environment"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join((__doc__ or "").splitlines()[1:]),
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run (< 1 min)")
    parser.add_argument("--size-mb", type=float, help="input of the side-by-side table (20)")
    parser.add_argument("--repeats", type=int, help="interleaved rounds (3)")
    parser.add_argument("--lexicon-sizes", help="variants per lexicon, e.g. 1000,10000,50000")
    parser.add_argument("--input-sizes", help="MB, e.g. 10,20,50")
    parser.add_argument("--workers-mb", type=float, help="input of the workers rows (50)")
    parser.add_argument("--stream-mb", type=float, help="MB streamed for peak memory (1000)")
    parser.add_argument("--sections", help=f"comma separated, of {','.join(SECTIONS)}")
    parser.add_argument("--engines", help=f"peers rows only, of {','.join(ENGINES)}")
    parser.add_argument(
        "--profile",
        type=float,
        metavar="MB",
        help="only profile the full pipeline over MB of input (pyinstrument)",
    )
    parser.add_argument("--output", type=Path, help="results file stem (results/peers)")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="only rewrite the .md of a results .json"
    )
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(Spec(**json.loads(args.worker)))))
        return 0
    if args.render:
        md = render(json.loads(args.render.read_text("utf-8")))
        args.render.with_suffix(".md").write_text(md, "utf-8")
        print(md)
        return 0
    if args.profile:
        print(profile(args.profile, RESULTS / "profile-pipeline.md"))
        return 0
    cfg = replace(QUICK) if args.quick else Config()
    if args.size_mb:
        cfg.size_mb = args.size_mb
    if args.repeats:
        cfg.repeats = cfg.size_repeats = args.repeats
    if args.lexicon_sizes:
        cfg.lexicon_sizes = tuple(int(x) for x in args.lexicon_sizes.split(","))
    if args.input_sizes:
        cfg.input_sizes = tuple(float(x) for x in args.input_sizes.split(","))
    if args.workers_mb:
        cfg.workers_mb = args.workers_mb
    if args.stream_mb:
        cfg.stream_mb = args.stream_mb
    if args.sections:
        cfg.sections = tuple(s for s in args.sections.split(",") if s)
        unknown = set(cfg.sections) - set(SECTIONS)
        if unknown:
            parser.error(f"unknown sections {sorted(unknown)}")
    if args.engines:
        cfg.engines = tuple(args.engines.split(","))
    stem = args.output or RESULTS / ("peers-quick" if args.quick else "peers")
    command = "python benchmarks/bench_peers.py " + " ".join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    with workdir() as tmp:
        bench = Bench(cfg, tmp)
        rows = run_sections(bench)
    elapsed = time.perf_counter() - started
    md = report(bench, command.strip(), elapsed, rows)
    print("\n" + md)
    stem.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{stem}.md").write_text(md, "utf-8")
    payload = {
        "command": command.strip(),
        "elapsed_s": elapsed,
        "config": asdict(cfg),
        "environment": environment(),
        **bench.out,
        "targets": [
            dict(zip(("target", "measured", "verdict"), t, strict=True)) for t in targets(bench.out)
        ],
    }
    Path(f"{stem}.json").write_text(json.dumps(payload, indent=1, default=str), "utf-8")
    print(f"\nwritten to {stem}.md and {stem}.json ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
