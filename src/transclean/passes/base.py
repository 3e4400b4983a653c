"""What a pass is: a pure function of text to non-overlapping edits."""

from __future__ import annotations

from typing import Protocol

from transclean.edits import Edit


class Pass(Protocol):
    """A pass sees the text as the passes before it left it, and proposes edits on it."""

    name: str

    def run(self, text: str) -> list[Edit]: ...
