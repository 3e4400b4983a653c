"""Where edits are in a stream (line, column), and a streaming unified diff.

Edits never add or remove a line break, so old and new lines pair one to one and a
diff can be written hunk by hunk without holding the file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from typing import BinaryIO

CONTEXT = 3


class LinePositions:
    """Turns offsets in successive chunks into 1-based (line, column)."""

    def __init__(self) -> None:
        self.line = 1  # line number at the start of the current chunk
        self._cache_text: str | None = None
        self._starts: list[int] = [0]

    def locate(self, text: str, offset: int) -> tuple[int, int]:
        if self._cache_text is not text:
            self._cache_text = text
            self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        i = bisect_right(self._starts, offset) - 1
        return self.line + i, offset - self._starts[i] + 1

    def advance(self, text: str) -> None:
        self.line += text.count("\n")
        self._cache_text = None


def _lines(text: str) -> list[str]:
    """Lines as diff and patch see them: each ends at "\n" only. (`str.splitlines` would also
    cut at a lone CR, form feed, U+0085 or U+2028, and a cut without "\n" would be written
    as a line with no newline, which patch rejects in the middle of a file.)"""
    if not text:
        return []
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


class DiffWriter:
    """A unified diff between old and new text fed chunk by chunk."""

    def __init__(self, name: str, out: BinaryIO) -> None:
        self.name = name
        self.out = out
        self.lineno = 0
        self.header_done = False
        self.before: deque[tuple[int, str]] = deque(maxlen=CONTEXT)
        self.hunk: list[tuple[str, str]] | None = None  # (tag, line)
        self.hunk_old_start = 0
        self.gap: list[tuple[int, str]] = []

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8", "surrogateescape"))

    def feed(self, old: str, new: str) -> None:
        old_lines, new_lines = _lines(old), _lines(new)
        if len(old_lines) != len(new_lines):  # an edit joined or split lines: show the block whole
            self._change(old_lines, new_lines)
            return
        for a, b in zip(old_lines, new_lines, strict=True):
            if a == b:
                self._same(a)
            else:
                self._change([a], [b])

    def _same(self, line: str) -> None:
        self.lineno += 1
        if self.hunk is None:
            self.before.append((self.lineno, line))
            return
        self.gap.append((self.lineno, line))
        if len(self.gap) > 2 * CONTEXT:
            self._flush_hunk()

    def _change(self, old_lines: list[str], new_lines: list[str]) -> None:
        if self.hunk is None:
            self.hunk = [(" ", line) for _, line in self.before]
            self.hunk_old_start = self.before[0][0] if self.before else self.lineno + 1
            self.before.clear()
        else:
            self.hunk.extend((" ", line) for _, line in self.gap)
            self.gap = []
        self.hunk.extend(("-", line) for line in old_lines)
        self.hunk.extend(("+", line) for line in new_lines)
        self.lineno += len(old_lines)

    def _flush_hunk(self) -> None:
        if self.hunk is None:
            return
        keep, rest = self.gap[:CONTEXT], self.gap[CONTEXT:]
        self.hunk.extend((" ", line) for _, line in keep)
        if not self.header_done:
            self._write(f"--- a/{self.name}\n+++ b/{self.name}\n")
            self.header_done = True
        old_len = sum(1 for tag, _ in self.hunk if tag != "+")
        new_len = sum(1 for tag, _ in self.hunk if tag != "-")
        new_start = self.hunk_old_start  # line counts never change before a hunk
        self._write(f"@@ -{self.hunk_old_start},{old_len} +{new_start},{new_len} @@\n")
        for tag, line in self.hunk:
            if line.endswith("\n"):
                self._write(tag + line)
            else:
                self._write(tag + line + "\n\\ No newline at end of file\n")
        self.hunk = None
        self.before = deque(rest[-CONTEXT:], maxlen=CONTEXT)
        self.gap = []

    def close(self) -> None:
        self._flush_hunk()
