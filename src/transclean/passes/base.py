"""What a pass is: a pure function of text to non-overlapping edits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from transclean.edits import Edit


class Pass(Protocol):
    """A pass sees the text as the passes before it left it, and proposes edits on it."""

    name: str

    def run(self, text: str) -> list[Edit]: ...


@runtime_checkable
class FindsStrings(Protocol):
    """A pass that starts from where fixed strings occur: the Cleaner finds the strings of
    all such passes in one scan (transclean.scan) and hands each pass its matches."""

    name: str

    @property
    def strings(self) -> tuple[str, ...]: ...

    @property
    def whole_word_strings(self) -> frozenset[int]:
        """The indices of `strings` whose matches the pass keeps only where they stand as
        whole words (`transclean.text.bounded`): a scan may leave their other matches out."""
        ...

    def run(self, text: str) -> list[Edit]: ...

    def run_found(self, text: str, found: Sequence[tuple[int, int, int]]) -> list[Edit]:
        """`run`, given the (index in `strings`, start, end) of every occurrence of
        `strings` in `text`, overlapping ones included, in any order."""
        ...
