"""Cleaner: built once from lexicons and options, then cheap to call on many texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from transclean.edits import Edit, Result, apply_edits, compose, locate_in_input
from transclean.errors import LexiconError, TranscleanError
from transclean.lexicon import Lexicon, VariantIndex, build_index, load_lexicon
from transclean.passes import PASSES, Pass

# Fuzzy repairs scoring below this are suggested, not applied: one edit in a word of four
# letters or more, two in nine or more, three in fourteen (see passes.fuzzy.similarity).
DEFAULT_MIN_SCORE = 0.8


@dataclass(frozen=True)
class Options:
    """Everything that decides what a Cleaner does; one object, so it can be cached and shipped."""

    lexicons: tuple[str, ...] = ()
    builtin: bool = True
    passes: tuple[str, ...] = tuple(PASSES)
    min_score: float = DEFAULT_MIN_SCORE


def _check_passes(names: Iterable[str]) -> None:
    unknown = [n for n in names if n not in PASSES]
    if unknown:
        raise TranscleanError(
            f"unknown pass {', '.join(map(repr, unknown))} (known: {', '.join(PASSES)})"
        )


class Cleaner:
    """Compiles the lexicon into passes once; `clean` then runs them on one text."""

    __slots__ = ("_passes", "index", "lexicon", "options")

    lexicon: Lexicon
    index: VariantIndex
    options: Options
    _passes: tuple[Pass, ...]

    def __init__(
        self,
        lexicons: Sequence[str | Path] = (),
        *,
        builtin: bool = True,
        passes: Sequence[str] | None = None,
        skip: Sequence[str] = (),
        min_score: float = DEFAULT_MIN_SCORE,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise TranscleanError(f"min_score must be between 0 and 1, not {min_score}")
        chosen = tuple(passes) if passes is not None else tuple(PASSES)
        _check_passes((*chosen, *skip))
        enabled = tuple(name for name in PASSES if name in chosen and name not in skip)
        options = Options(tuple(str(p) for p in lexicons), builtin, enabled, min_score)
        lexicon = load_lexicon(options.lexicons, builtin=builtin)
        index, errors = build_index(lexicon)
        if errors:
            raise LexiconError(errors)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "lexicon", lexicon)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "_passes", tuple(PASSES[n](lexicon, index) for n in enabled))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Cleaner is immutable: build a new one")

    @property
    def passes(self) -> tuple[str, ...]:
        return self.options.passes

    def clean(self, text: str) -> Result:
        """Run every enabled pass; edits come back in input coordinates."""
        if not isinstance(text, str):
            raise TypeError(f"clean() takes str, not {type(text).__name__}")
        current = text
        edits: list[Edit] = []
        suggestions: list[Edit] = []
        min_score = self.options.min_score
        for step in self._passes:
            found = step.run(current)
            if not found:
                continue
            unsure = [e for e in found if e.score is not None and e.score < min_score]
            if unsure:
                suggestions.extend(locate_in_input(text, edits, unsure))
                found = [e for e in found if e.score is None or e.score >= min_score]
            if found:
                edits = compose(text, edits, current, found)
                current = apply_edits(current, found)
        return Result(text, current, tuple(edits), tuple(suggestions))

    def clean_many(self, texts: Iterable[str], workers: int = 1) -> Iterator[Result]:
        """Results in input order, one text at a time (the parallel path comes later)."""
        del workers  # accepted for a stable signature; one process for now
        for text in texts:
            yield self.clean(text)
