"""Benchmark input: real English prose with name variants injected, deterministic per seed.

The prose comes from the first source that exists:

1. ``tests/data/prose/*.txt`` (fortune entries and Python documentation paragraphs),
2. Debian's fortune files (``/usr/share/games/fortunes/*``),
3. the Python HTML documentation (``/usr/share/doc/python3*/``), paragraphs taken out of
   ``<p>`` elements with ``html.parser``.

Paragraphs are shuffled and repeated (reshuffled on every round) until the requested size
is reached. Then each word token is replaced by a randomly chosen variant with probability
``density``, so about ``density`` of all tokens are lexicon variants.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROSE_DIR = ROOT / "tests" / "data" / "prose"
FORTUNES_DIR = Path("/usr/share/games/fortunes")
PYDOC_GLOB = "/usr/share/doc/python3*"

_WORD = re.compile(r"[A-Za-z][a-z]+")  # ordinary or capitalised words that a variant may replace
_MAX_SOURCE_BYTES = 4_000_000


def _paragraphs(text: str) -> list[str]:
    """Fortune entries (split on '%' lines) or blank-line separated paragraphs."""
    sep = re.compile(r"\n%\n") if "\n%\n" in text else re.compile(r"\n[ \t]*\n")
    paragraphs = []
    for part in sep.split(text):
        part = part.strip("\n")
        if part.strip() and part.strip() != "%":
            paragraphs.append(part)
    return paragraphs


class _ParagraphText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.current: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self.depth:
            self.depth -= 1
            if not self.depth:
                text = " ".join("".join(self.current).split())
                if len(text.split()) >= 4:
                    self.paragraphs.append(text)
                self.current = []

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)


def _html_paragraphs(paths: Iterable[Path]) -> list[str]:
    out: list[str] = []
    size = 0
    for path in paths:
        parser = _ParagraphText()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        for p in parser.paragraphs:
            out.append(p)
            size += len(p)
        if size > _MAX_SOURCE_BYTES:
            break
    return out


@lru_cache(maxsize=1)
def source_paragraphs() -> tuple[str, tuple[str, ...]]:
    """(description of the source, paragraphs of real English prose)."""
    files = sorted(PROSE_DIR.glob("*.txt"))
    if files:
        paras = [p for f in files for p in _paragraphs(f.read_text(encoding="utf-8"))]
        if paras:
            return f"{PROSE_DIR.relative_to(ROOT)}/*.txt ({len(files)} files)", tuple(paras)
    if FORTUNES_DIR.is_dir():
        paras = []
        for f in sorted(FORTUNES_DIR.iterdir()):
            if f.is_file() and not f.suffix and not f.is_symlink():
                try:
                    paras.extend(_paragraphs(f.read_text(encoding="utf-8")))
                except UnicodeDecodeError:
                    continue
        if paras:
            return str(FORTUNES_DIR), tuple(paras)
    pages = sorted(
        p for d in sorted(Path("/").glob(PYDOC_GLOB.lstrip("/"))) for p in d.rglob("*.html")
    )
    paras = _html_paragraphs(pages)
    if paras:
        return f"{PYDOC_GLOB}/**/*.html", tuple(paras)
    raise RuntimeError("no English prose found (tests/data/prose, fortunes, python3 docs)")


def inject(paragraph: str, variants: Sequence[str], density: float, rng: random.Random) -> str:
    """Replace each word token by a random variant with probability `density`."""
    if not variants or density <= 0:
        return paragraph
    parts: list[str] = []
    pos = 0
    for m in _WORD.finditer(paragraph):
        if rng.random() < density:
            parts.append(paragraph[pos : m.start()])
            parts.append(variants[rng.randrange(len(variants))])
            pos = m.end()
    if not parts:
        return paragraph
    parts.append(paragraph[pos:])
    return "".join(parts)


def build_corpus(size_mb: float, variants: list[str], density: float = 0.006, seed: int = 0) -> str:
    """About `size_mb` MB (UTF-8) of real prose with `variants` injected at `density` of tokens.

    Deterministic given the arguments. Paragraphs are separated by a blank line; the
    result ends with a newline.
    """
    _, paragraphs = source_paragraphs()
    rng = random.Random(seed)  # paragraph order: the same prose for any `variants`
    pick = random.Random(f"inject-{seed}")  # where variants go and which
    target = int(size_mb * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        order = list(paragraphs)
        rng.shuffle(order)
        for p in order:
            p = inject(p, variants, density, pick)
            out.append(p)
            size += len(p.encode("utf-8")) + 2
            if size >= target:
                break
    return "\n\n".join(out) + "\n"


# Words of the war news the lexicon is for: the fuzzy and topic passes react to them.
TOPIC_WORDS = ("Ukraine", "Russian", "shelling", "drones", "troops", "Kremlin", "oblast")


def news_words(table: Mapping[str, str], seed: int = 0) -> list[str]:
    """Words to inject for news-like text, from an exact-variant table {variant: canonical}.

    Canonical names, variants and damaged spellings (a canonical name with one letter
    doubled) in news proportions 6:3:1, plus topic words (~12%): text translated from
    Ukrainian or Russian mostly spells names right, some the old or German way, and a
    few with a typo, so every pass has the work it has on real news.
    """
    rng = random.Random(seed)
    canonical = sorted(set(table.values()))
    variants = sorted(table)
    if not canonical:
        return list(TOPIC_WORDS)
    damaged = []
    for name in rng.sample(canonical, min(300, len(canonical))):
        i = rng.randrange(1, len(name)) if len(name) > 1 else 1
        damaged.append(name[:i] + name[i - 1] + name[i:])
    return (
        rng.choices(canonical, k=600)
        + rng.choices(variants, k=300)
        + damaged[:100]
        + list(TOPIC_WORDS) * 20
    )


def documents(text: str, size: int = 4_000) -> list[str]:
    """`text` cut into article-sized documents of about `size` characters at blank lines.

    Joined back together they give `text` again (each document keeps its trailing blank
    line), so the results of cleaning them one by one can be compared with a whole run.
    """
    return _cut(text, size, "\n\n")


def chunks_of_lines(text: str, chunk_bytes: int = 1_000_000) -> list[str]:
    """Split `text` into chunks of about `chunk_bytes` characters, each ending at a line end."""
    return _cut(text, chunk_bytes, "\n")


def _cut(text: str, size: int, separator: str) -> list[str]:
    """`text` in pieces of at least `size` characters, each ending just after `separator`
    (the last piece: wherever the text ends); joined, they give `text` again."""
    pieces: list[str] = []
    pos = 0
    while pos < len(text):
        cut = text.find(separator, pos + size)
        end = len(text) if cut < 0 else cut + len(separator)
        pieces.append(text[pos:end])
        pos = end
    return pieces


def flashtext_replacer(pairs: Mapping[str, str]) -> Callable[[str], str]:
    """flashtext's case-insensitive replacement over `pairs`, for one line at a time (on
    one large string it goes quadratic: PERF-NOTES.md)."""
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for variant, canonical in pairs.items():
        kp.add_keyword(variant, canonical)

    def line(text: str) -> str:
        try:
            return str(kp.replace_keywords(text))
        except IndexError:  # flashtext fails when lower() changes the length (İ, ẞ, ligatures)
            return text

    return line


def trap_text(variants: Sequence[str], seed: int = 0, count: int = 200) -> str:
    """Lines that test word-boundary and leftmost-longest handling around variants.

    Each line puts a variant where a correct engine must replace it (start and end of a
    line, before "'s", in brackets) or must not (followed by a non-ASCII letter, a
    combining mark, a digit or '_', preceded by a letter), behind characters whose lower
    case is longer than one character, and, for variants that are a prefix of a longer
    variant plus a space, the longer one broken by a trailing letter.
    """
    rng = random.Random(seed)
    if not variants:
        return ""
    picks = [variants[rng.randrange(len(variants))] for _ in range(count)]
    lines: list[str] = []
    for v in picks:
        lines.append(f"{v} met {v}'s envoy ({v}). Then {v}")
        lines.append(f"Not whole words: {v}ä {v}é {v}ĭ {v}ł {v}2 {v}_x x{v} é{v} {v}\u0301 end")
        lines.append(f"İstanbul and ẞ then {v}; ﬁnally {v}.")
    folded = {v.lower(): v for v in variants}
    longer = [v for v in variants if " " in v and v.lower().rsplit(" ", 1)[0] in folded]
    for v in sorted(longer)[:count]:
        lines.append(f"Longer broken: {v}x, longer whole: {v}, prefix: {v.rsplit(' ', 1)[0]}.")
    return "\n".join(lines) + "\n"


def replace_leftmost_longest(text: str, hits: list[tuple[int, int, str]]) -> str:
    """Whole-word (start, end, replacement) hits -> text, leftmost-longest first: how every
    raw engine in the benchmarks turns its matches into output."""
    hits.sort(key=lambda h: (h[0], -h[1]))
    parts: list[str] = []
    pos = 0
    for start, end, after in hits:
        if start < pos:
            continue
        parts += (text[pos:start], after)
        pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)
