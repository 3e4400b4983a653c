"""Throughput of transclean's passes on news-like text: names alone, names + fuzzy, all.

    PYTHONPATH=src python benchmarks/bench_pipeline.py [--size-mb 10] [--repeats 3] [--no-cli]

The corpus is real English prose (benchmarks/corpus.py) with lexicon names injected at
news-like density: canonical names, transliteration variants and damaged spellings
(a doubled letter), plus topic words, so the fuzzy pass has the work it has on real news.
Each configuration cleans the corpus in ~1 MB chunks of whole lines, one process. "Cold"
is the first run of a fresh Cleaner: empty memos, and automata that scan with their NFA
until their DFA would pay for itself (transclean.text.DFA_CHARS_PER_PATTERN: ~2.5 MB for
the shared scan; the names pass reads long texts with its C loop, or with an automaton
that needed ~26 MB). "Steady" is the state of a long run: a Cleaner whose automata are DFAs
from the start, run once to fill its memos, then the median of the repeats. Comparing
configurations in the same state matters: a pass that switched to its DFA halfway through
the repeats would make any ratio to it meaningless. A second table runs the same
configurations through the `transclean` command, as a user would (wall time, everything
included).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, chunks_of_lines

import transclean.text as text_module
from transclean import Cleaner

CONFIGS = {
    "names only": ["names"],
    "names + fuzzy": ["names", "fuzzy"],
    "all passes (default)": None,
}


def news_words(cleaner: Cleaner, seed: int = 0) -> list[str]:
    """Canonical names, variants and damaged spellings, in news proportions (6:3:1)."""
    rng = random.Random(seed)
    canonical = sorted({e.canonical for e in cleaner.lexicon.entities})
    variants = sorted({f for t in cleaner.index.targets.values() for f in t.forms})
    damaged = []
    for name in rng.sample(canonical, 300):
        i = rng.randrange(1, len(name))
        damaged.append(name[:i] + name[i - 1] + name[i:])
    topic = ["Ukraine", "Russian", "shelling", "drones", "troops", "Kremlin", "oblast"]
    return rng.choices(canonical, k=600) + rng.choices(variants, k=300) + damaged[:100] + topic * 20


def run(cleaner: Cleaner, chunks: list[str]) -> float:
    start = time.perf_counter()
    for chunk in chunks:
        cleaner.clean(chunk)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=10.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--density",
        type=float,
        default=0.01,
        help="share of tokens replaced by names (default 0.01)",
    )
    parser.add_argument(
        "--no-cli", dest="cli", action="store_false", help="skip the command-line rows"
    )
    args = parser.parse_args()

    base = Cleaner()
    text = build_corpus(args.size_mb, news_words(base), density=args.density)
    chunks = chunks_of_lines(text)
    megabytes = len(text.encode("utf-8")) / 1e6
    print(
        f"# transclean pipeline throughput, {time.strftime('%Y-%m-%d')}, "
        f"python {platform.python_version()}, {megabytes:.1f} MB news-like text, "
        f"names at {args.density:.1%} of tokens\n"
    )
    print(
        "| configuration | build s | cold MB/s | × names only (cold) "
        "| steady MB/s | × names only (steady) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    names: tuple[float, float] | None = None
    default_switch = text_module.DFA_CHARS_PER_PATTERN
    for label, passes in CONFIGS.items():
        t0 = time.perf_counter()
        cleaner = Cleaner(passes=passes)
        build = time.perf_counter() - t0
        cold = megabytes / run(cleaner, chunks)
        text_module.DFA_CHARS_PER_PATTERN = 0  # read when the automata are made
        try:
            steady_cleaner = Cleaner(passes=passes)
        finally:
            text_module.DFA_CHARS_PER_PATTERN = default_switch
        run(steady_cleaner, chunks)
        times = [run(steady_cleaner, chunks) for _ in range(args.repeats)]
        steady = megabytes / statistics.median(times)
        names = names or (cold, steady)
        print(
            f"| {label} | {build:.2f} | {cold:.1f} | {cold / names[0]:.2f} "
            f"| {steady:.1f} | {steady / names[1]:.2f} |"
        )
    if args.cli:
        print_cli_rows(text, megabytes, args.repeats)
    return 0


def print_cli_rows(text: str, megabytes: float, repeats: int) -> None:
    """The same configurations through the command a user runs (`transclean --only ...`,
    a file in, /dev/null out): start-up, cache load, reading, decoding and writing count."""
    print()
    print("| command (wall time, median) | MB/s | × names only |")
    print("|---|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "news.txt"
        source.write_text(text, encoding="utf-8")
        first: float | None = None
        for label, passes in CONFIGS.items():
            command = [sys.executable, "-m", "transclean", str(source)]
            if passes is not None:
                command[3:3] = ["--only", ",".join(passes)]
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)  # fills the cache
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
                times.append(time.perf_counter() - t0)
            speed = megabytes / statistics.median(times)
            first = first or speed
            shown = " ".join(command[3:-1]) or "(all passes)"
            print(f"| `transclean {shown}`: {label} | {speed:.1f} | {speed / first:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
