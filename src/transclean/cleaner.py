"""Cleaner: built once from lexicons and options, then cheap to call on many texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from transclean.edits import Edit, Result, apply_edits, compose, locate_in_input
from transclean.errors import LexiconError, TranscleanError
from transclean.lexicon import Lexicon, VariantIndex, build_index, load_lexicon
from transclean.options import DEFAULT_MIN_SCORE, Options
from transclean.passes import PASSES, Pass


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
        rules: Sequence[str | Path] = (),
        typos: bool = False,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise TranscleanError(f"min_score must be between 0 and 1, not {min_score}")
        chosen = tuple(passes) if passes is not None else tuple(PASSES)
        _check_passes((*chosen, *skip))
        enabled = tuple(name for name in PASSES if name in chosen and name not in skip)
        options = Options(
            lexicons=tuple(str(p) for p in lexicons),
            rules=tuple(str(p) for p in rules),
            builtin=builtin,
            passes=enabled,
            min_score=min_score,
            typos=typos,
        )
        lexicon = load_lexicon(options.lexicons, builtin=builtin)
        index, errors = build_index(lexicon)
        if errors:
            raise LexiconError(errors)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "lexicon", lexicon)
        object.__setattr__(self, "index", index)
        built = tuple(PASSES[n](lexicon, index, options) for n in enabled)
        object.__setattr__(self, "_passes", built)

    @classmethod
    def from_options(cls, options: Options) -> Cleaner:
        """The Cleaner that `options` describes (how worker processes rebuild it)."""
        return cls(
            options.lexicons,
            builtin=options.builtin,
            passes=options.passes or None,
            min_score=options.min_score,
            rules=options.rules,
            typos=options.typos,
        )

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
        """Results in input order; `workers` > 1 spreads the texts over processes."""
        from transclean.batch import clean_many

        return clean_many(self, texts, workers=workers)
