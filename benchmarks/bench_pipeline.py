"""Throughput of transclean's passes on news-like text: names alone, names + fuzzy, all.

    PYTHONPATH=src python benchmarks/bench_pipeline.py [--size-mb 10] [--repeats 3]

The corpus is real English prose (benchmarks/corpus.py) with lexicon names injected at
news-like density: canonical names, transliteration variants and damaged spellings
(a doubled letter), plus topic words, so the fuzzy pass has the work it has on real news.
Each configuration cleans the corpus in ~1 MB chunks of whole lines, one process; "cold"
is the first run of a fresh Cleaner (empty memo), "warm" the median of the repeats.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus, chunks_of_lines

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
    print("| configuration | build s | cold MB/s | warm MB/s | x names only (warm) |")
    print("|---|---:|---:|---:|---:|")
    names_warm = None
    for label, passes in CONFIGS.items():
        t0 = time.perf_counter()
        cleaner = Cleaner(passes=passes)
        build = time.perf_counter() - t0
        cold = megabytes / run(cleaner, chunks)
        warm = megabytes / statistics.median(run(cleaner, chunks) for _ in range(args.repeats))
        names_warm = names_warm or warm
        print(f"| {label} | {build:.2f} | {cold:.1f} | {warm:.1f} | {warm / names_warm:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
