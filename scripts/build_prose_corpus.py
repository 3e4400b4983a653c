#!/usr/bin/env python3
"""Regenerate ``tests/data/prose/``: real English prose that transclean must leave unchanged.

    python scripts/build_prose_corpus.py [--check]

Sources (Debian packages, read from their installed files):

* ``fortunes`` / ``fortunes-min``: ``/usr/share/games/fortunes/*`` (plain-text cookie files;
  ``.dat`` index files and ``.u8`` symlinks skipped; there is no offensive ``off/`` directory
  in these packages, and it would be skipped if present).
* ``python3-doc`` (-> ``python3.11-doc``): HTML pages under ``/usr/share/doc/python3-doc/html``,
  converted to plain text with :mod:`html.parser`, one paragraph (``<p>``) per block.

Output files are UTF-8 with ``\\n`` newlines, each at most ``MAX_FILE_BYTES``:

* ``fortunes_N.txt``: one fortune per entry, entries separated by a line holding ``%``
  (the fortune file format), each entry exactly as in the source file.
* ``python_docs_N.txt``: paragraphs separated by one blank line; whitespace inside a
  paragraph collapsed to single spaces (HTML whitespace is not significant).
* ``SOURCES.md``: source packages, versions, licences, sizes.

Entries are left out when transclean is *meant* to change them (so they cannot serve as
"must come out unchanged" text): Cyrillic letters, spellings of Ukrainian / Russian names
that transclean rewrites (``Kiev``, ``Kharkov``, ``Odessa``, ``Zelensky``...), control
characters (fortune "overstriking" with backspaces), mojibake (ftfy's ``is_bad``: the
script pass repairs it) and text that is not valid UTF-8.
Output is deterministic (sorted inputs, no timestamps).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "prose"

FORTUNE_DIR = Path("/usr/share/games/fortunes")
PYDOC_DIR = Path("/usr/share/doc/python3-doc/html")

MAX_FILE_BYTES = 1_000_000
#: Byte budget for the Python documentation text (fortunes are taken whole).
PYDOC_BUDGET = 1_000_000

#: Fortune files not used: ASCII art is not prose; translate-me is mostly Latin;
#: ethnic and men-women are stereotype jokes we do not want in a test corpus.
FORTUNE_SKIP = frozenset({"art", "ascii-art", "translate-me", "ethnic", "men-women"})

#: Python documentation sections used, in this order, until the budget is spent.
PYDOC_SECTIONS = ("tutorial", "howto", "faq", "reference", "extending", "using", "library")

#: Text that transclean is designed to rewrite; an entry containing any of it is skipped.
REWRITTEN = re.compile(
    r"[\u0400-\u04ff]"  # Cyrillic
    r"|\b(?:Kiev|Kiew|Kijev|Kharkov|Odessa|Lvov|Lwow|Dnepr|Dniepr|Dnepropetrovsk"
    r"|Zaporozh\w*|Lugansk|Nikolaev|Chernigov|Zhitomir|Rovno|Chernobyl|Donbass"
    r"|Zelensk\w*|Zelenskiy|Klichko|Yanukovich)\b"
    r"|\bthe Ukraine\b",
    re.IGNORECASE,
)
#: C0 controls except tab and newline, DEL, and C1 controls (a sign of mojibake).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

try:
    from ftfy.badness import is_bad as looks_like_mojibake
except ImportError:  # pragma: no cover - build-time requirement
    sys.exit("build_prose_corpus.py needs ftfy (pip install ftfy): it filters out mojibake")


# ---------------------------------------------------------------------------


def deb_version(pkg: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg], check=True, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def acceptable(text: str) -> bool:
    return (
        bool(text.strip())
        and not CONTROL.search(text)
        and not REWRITTEN.search(text)
        and not looks_like_mojibake(text)
    )


# ---------------------------------------------------------------------------
# fortunes
# ---------------------------------------------------------------------------


def fortune_files() -> list[Path]:
    out = []
    for path in sorted(FORTUNE_DIR.iterdir()):
        if path.is_dir() or path.is_symlink() or path.suffix in {".dat", ".u8"}:
            continue  # off/ (offensive) would be a directory; .u8 are symlinks
        if path.name in FORTUNE_SKIP:
            continue
        out.append(path)
    return out


def fortune_entries(path: Path, stats: dict[str, int]) -> Iterator[str]:
    raw = path.read_bytes()
    for chunk in re.split(rb"(?m)^%\n", raw):
        if not chunk.strip():
            continue
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError:
            stats["skipped_not_utf8"] += 1
            continue
        if not text.endswith("\n"):
            text += "\n"
        if not acceptable(text):
            stats["skipped_filtered"] += 1
            continue
        stats["entries"] += 1
        yield text


# ---------------------------------------------------------------------------
# Python documentation
# ---------------------------------------------------------------------------


class ParagraphExtractor(HTMLParser):
    """Collects the text of ``<p>`` elements inside the page body (not nav, not footer)."""

    SKIP_CLASSES = frozenset({"sphinxsidebar", "related", "footer", "headerlink", "highlight"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skip, is_body)
        self._buf: list[str] | None = None

    def _skipping(self) -> bool:
        return any(skip for _, skip, _ in self._stack)

    def _in_body(self) -> bool:
        return any(body for _, _, body in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        skip = bool(classes & self.SKIP_CLASSES) or tag in {"script", "style", "pre"}
        if tag in {"br", "img", "hr", "meta", "link", "input", "wbr"}:
            return  # void elements
        self._stack.append((tag, skip, a.get("role") == "main" or "body" in classes))
        if tag == "p" and self._in_body() and not self._skipping():
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        # pop to the matching tag (HTML from Sphinx is well formed; be lenient anyway)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        if tag == "p" and self._buf is not None:
            text = " ".join("".join(self._buf).split())
            if text:
                self.paragraphs.append(text)
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None and not self._skipping():
            self._buf.append(data)


def pydoc_pages() -> list[Path]:
    pages: list[Path] = []
    for section in PYDOC_SECTIONS:
        pages.extend(sorted((PYDOC_DIR / section).glob("*.html")))
    return pages


def pydoc_paragraphs(stats: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(page, paragraph) pairs in page order."""
    for page in pydoc_pages():
        parser = ParagraphExtractor()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        stats["pages"] += 1
        for para in parser.paragraphs:
            if len(para.split()) < 4:  # captions, "Note", lone identifiers
                stats["skipped_short"] += 1
                continue
            if not acceptable(para):
                stats["skipped_filtered"] += 1
                continue
            yield str(page.relative_to(PYDOC_DIR)), para


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def chunk(blocks: Iterable[str], sep: str, limit: int) -> list[str]:
    """Join blocks with ``sep`` into strings of at most ``limit`` UTF-8 bytes."""
    files: list[str] = []
    cur: list[str] = []
    size = 0
    sep_len = len(sep.encode("utf-8"))
    for block in blocks:
        n = len(block.encode("utf-8"))
        if cur and size + sep_len + n > limit:
            files.append(sep.join(cur))
            cur, size = [], 0
        size += (sep_len if cur else 0) + n
        cur.append(block)
    if cur:
        files.append(sep.join(cur))
    return files


def render() -> tuple[dict[str, str], dict[str, object]]:
    fstats = {"entries": 0, "skipped_filtered": 0, "skipped_not_utf8": 0}
    used_fortune_files = fortune_files()
    fortunes = [e for p in used_fortune_files for e in fortune_entries(p, fstats)]
    # entries already end in "\n"; the separator line is "%\n"
    fortune_texts = chunk(fortunes, "%\n", MAX_FILE_BYTES)

    pstats = {"pages": 0, "skipped_short": 0, "skipped_filtered": 0}
    paras: list[str] = []
    pages_used: list[str] = []
    used = 0
    for page, para in pydoc_paragraphs(pstats):
        n = len(para.encode("utf-8")) + 2
        if used + n > PYDOC_BUDGET:
            break
        paras.append(para + "\n")
        used += n
        if not pages_used or pages_used[-1] != page:
            pages_used.append(page)
    pydoc_texts = chunk(paras, "\n", MAX_FILE_BYTES)

    files: dict[str, str] = {}
    for i, text in enumerate(fortune_texts, 1):
        files[f"fortunes_{i}.txt"] = text
    for i, text in enumerate(pydoc_texts, 1):
        files[f"python_docs_{i}.txt"] = text
    info: dict[str, object] = {
        "fortune_files": [p.name for p in used_fortune_files],
        "fortunes": fstats,
        "fortune_paragraphs": len(fortunes),
        "pydoc": pstats,
        "pydoc_paragraphs": len(paras),
        "pydoc_pages_used": pages_used,
    }
    return files, info


def sources_md(files: dict[str, str], info: dict[str, object]) -> str:
    v = {p: deb_version(p) for p in ("fortunes", "fortunes-min", "python3-doc", "python3.11-doc")}
    rows = "\n".join(
        f"| `{name}` | {len(text.encode('utf-8')):,} | {text.count(chr(10)):,} |"
        for name, text in files.items()
    )
    total = sum(len(t.encode("utf-8")) for t in files.values())
    pages = info["pydoc_pages_used"]
    fortune_names = info["fortune_files"]
    assert isinstance(pages, list) and isinstance(fortune_names, list)
    first_last = f"`{pages[0]}` ... `{pages[-1]}`" if pages else "none"
    return f"""# Prose corpus for the no-change tests

Real English prose that transclean must return byte-for-byte unchanged. Generated; do not
edit by hand. Regenerate with

    python scripts/build_prose_corpus.py          # writes the files
    python scripts/build_prose_corpus.py --check  # exits 1 if the files on disk are stale

| file | bytes | lines |
|---|---:|---:|
{rows}
| **total** | **{total:,}** | |

## fortunes_N.txt

- **Source:** Debian packages `fortunes` {v["fortunes"]} and `fortunes-min`
  {v["fortunes-min"]} (`/usr/share/games/fortunes/`), from fortune-mod 1.99.1.
- **Format:** the fortune format: entries separated by a line holding only `%`; each entry
  is byte-for-byte as in its source file.
- **Files used:** {", ".join(f"`{n}`" for n in fortune_names)}
  (skipped: `.dat` indexes, `.u8` symlinks, `{"`, `".join(sorted(FORTUNE_SKIP))}`;
  the offensive `off/` set is not installed and would be skipped).
- **Entries:** {info["fortunes"]}
- **Licence:** fortune-mod is under the BSD licence (University of California); the
  cookie files are collected quotations and jokes of many authors, distributed by Debian
  in `main` (see `/usr/share/doc/fortunes/copyright`).

## python_docs_N.txt

- **Source:** Debian package `python3-doc` {v["python3-doc"]} ->
  `python3.11-doc` {v["python3.11-doc"]}: the Python 3.11 documentation in HTML
  (`/usr/share/doc/python3-doc/html/`).
- **Method:** pages of the sections {", ".join(f"`{s}/`" for s in PYDOC_SECTIONS)} in that
  order (sorted within a section), until {PYDOC_BUDGET:,} bytes; the text of each `<p>`
  element of the page body (navigation, footer, code blocks skipped), parsed with the
  standard library's `html.parser`, whitespace collapsed, one paragraph per line,
  paragraphs separated by a blank line. Paragraphs of fewer than 4 words are dropped.
  Pages used: {len(pages)}, {first_last}.
- **Paragraphs:** {info["pydoc_paragraphs"]:,}; {info["pydoc"]}
- **Licence:** Python documentation, Copyright Python Software Foundation, under the PSF
  License Agreement for Python 3.11 (which covers the documentation); see
  `/usr/share/doc/python3.11/copyright` and https://docs.python.org/3.11/license.html.

## What was left out

Entries that transclean is *meant* to change cannot be "must stay unchanged" text, so
entries / paragraphs are dropped when they contain Cyrillic letters, a spelling of a
Ukrainian or Russian name that transclean rewrites (`Kiev`, `Kharkov`, `Odessa`, `Lvov`,
`Zelensky`, `the Ukraine`, ... — see `REWRITTEN` in the script), control characters
(backspace "overstriking" in old fortune files), mojibake as detected by
`ftfy.badness.is_bad` (ftfy {metadata.version("ftfy")}; transclean's script pass repairs
mojibake, e.g. curly quotes encoded twice in the `computers` file) or bytes that are not UTF-8.
Text is otherwise kept as is, including deliberate oddities (doubled words in jokes,
"she" for ships and countries in old quotations): a no-change test that fails on one of
them points at a precision bug or at a case the test should list as an expected edit.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if files are stale")
    args = ap.parse_args(argv)

    files, info = render()
    files["SOURCES.md"] = sources_md(files, info)

    stale = []
    if args.check:
        for name, text in files.items():
            path = OUT / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        extra = {p.name for p in OUT.glob("*.txt")} - set(files)
        stale.extend(sorted(extra))
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.txt"):
            if old.name not in files:
                old.unlink()
        for name, text in files.items():
            (OUT / name).write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {(OUT / name).relative_to(ROOT)}: {len(text.encode('utf-8')):,} bytes")
    for key, val in info.items():
        if key != "pydoc_pages_used":
            print(f"  {key}: {val}")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
