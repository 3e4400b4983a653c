"""Cleaner: built once from lexicons and options, then cheap to call on many texts."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from transclean.cache import Keys, active_dir, keys_for, load, paused_gc, store
from transclean.edits import Edit, Result, apply_edits, compose, locate_in_input
from transclean.errors import LexiconError, TranscleanError
from transclean.lexicon import Lexicon, VariantIndex, build_index, load_lexicon
from transclean.options import DEFAULT_MIN_SCORE, Options
from transclean.passes import PASSES, Pass
from transclean.passes.base import FindsStrings
from transclean.scan import Matches, SharedStrings

_LAZY = threading.RLock()  # one thread loads a Cleaner's lexicon; the others wait for it


def _fresh_lock() -> None:
    """A forked child starts with a free lock, even if a thread of its parent held it."""
    global _LAZY
    _LAZY = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_lock)


def _check_passes(names: Iterable[str]) -> None:
    unknown = [n for n in names if n not in PASSES]
    if unknown:
        raise TranscleanError(
            f"unknown pass {', '.join(map(repr, unknown))} (known: {', '.join(PASSES)})"
        )


def _paths(paths: Sequence[str | Path] | str | Path) -> tuple[str, ...]:
    """One path or many: Cleaner("news.toml") means that file, not its letters."""
    if isinstance(paths, str | Path):
        return (str(paths),)
    return tuple(str(p) for p in paths)


class Cleaner:
    """Compiles the lexicon into passes once; `clean` then runs them on one text.

    A build is cached on disk (`transclean.cache`): with the same inputs, a later Cleaner
    loads the compiled passes instead of rebuilding them, and reads `lexicon` and `index`
    only when asked for them. `cache=False` (or TRANSCLEAN_NO_CACHE=1) always builds.
    """

    __slots__ = ("_cache", "_index", "_keys", "_lexicon", "_passes", "_shared", "options")

    options: Options
    _passes: tuple[Pass, ...]
    _lexicon: Lexicon | None
    _index: VariantIndex | None
    _cache: Path | None  # the cache folder, or None when caching is off
    _keys: Keys | None
    _shared: _SharedScan | None

    def __init__(
        self,
        lexicons: Sequence[str | Path] | str | Path = (),
        *,
        builtin: bool = True,
        passes: Sequence[str] | None = None,
        skip: Sequence[str] = (),
        min_score: float = DEFAULT_MIN_SCORE,
        rules: Sequence[str | Path] | str | Path = (),
        typos: bool = False,
        cache: bool = True,
    ) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise TranscleanError(f"min_score must be between 0 and 1, not {min_score}")
        chosen = tuple(passes) if passes is not None else tuple(PASSES)
        _check_passes((*chosen, *skip))
        enabled = tuple(name for name in PASSES if name in chosen and name not in skip)
        options = Options(
            lexicons=_paths(lexicons),
            rules=_paths(rules),
            builtin=builtin,
            passes=enabled,
            min_score=min_score,
            typos=typos,
        )
        self._start(options, cache)
        built = self._load_passes(enabled)
        if built is None:
            lexicon, index = self._lexicon_and_index(store_built=False)
            with paused_gc():
                built = tuple(PASSES[n](lexicon, index, options) for n in enabled)
            self._store("cleaner", built)
        self._set_passes(built)

    def _set_passes(self, passes: tuple[Pass, ...]) -> None:
        self._set("_passes", passes)
        self._set("_shared", _SharedScan.of(passes))

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)

    def _start(self, options: Options, cache: bool) -> None:
        """Everything but the passes: options, where the cache is, the keys of this build."""
        folder = active_dir(cache)
        self._set("options", options)
        self._set("_cache", folder)
        self._set("_keys", keys_for(options) if folder is not None else None)
        self._set("_lexicon", None)
        self._set("_index", None)

    def _store(self, kind: str, value: object) -> None:
        """Cache what was just built, unless an input changed while it was being built (then
        it may match neither the old key nor the new one)."""
        if self._cache is None or self._keys is None:
            return
        if keys_for(self.options) == self._keys:
            key = self._keys.cleaner if kind == "cleaner" else self._keys.lexicon
            store(self._cache, kind, key, value)

    def _load_passes(self, enabled: tuple[str, ...]) -> tuple[Pass, ...] | None:
        """The cached passes for these options, if a whole and matching entry exists."""
        if self._cache is None or self._keys is None:
            return None
        built = load(self._cache, "cleaner", self._keys.cleaner)
        if (
            isinstance(built, tuple)
            and len(built) == len(enabled)
            and all(getattr(p, "name", None) == n for p, n in zip(built, enabled, strict=True))
        ):
            return built
        return None

    def _lexicon_and_index(self, *, store_built: bool = True) -> tuple[Lexicon, VariantIndex]:
        """Load (from the cache, else the lexicon files) and keep the lexicon and its index.

        A build for the passes does not write the lexicon entry (pickling it would add ~0.2 s
        to every first run); the first caller of `lexicon`/`index` on a Cleaner served by the
        cache does, for the callers after it.
        """
        with _LAZY:
            if self._lexicon is not None and self._index is not None:
                return self._lexicon, self._index
            folder, keys = self._cache, self._keys
            found = load(folder, "lexicon", keys.lexicon) if folder and keys else None
            if (
                isinstance(found, tuple)
                and len(found) == 2
                and isinstance(found[0], Lexicon)
                and isinstance(found[1], VariantIndex)
            ):
                lexicon, index = found
            else:
                with paused_gc():
                    lexicon = load_lexicon(self.options.lexicons, builtin=self.options.builtin)
                    index, errors = build_index(lexicon)
                if errors:
                    raise LexiconError(errors)
                if store_built:
                    self._store("lexicon", (lexicon, index))
            self._set("_lexicon", lexicon)
            self._set("_index", index)
            return lexicon, index

    @property
    def lexicon(self) -> Lexicon:
        """The loaded lexicon (read from the cache on first use after a cached start)."""
        lexicon = self._lexicon
        return lexicon if lexicon is not None else self._lexicon_and_index()[0]

    @property
    def index(self) -> VariantIndex:
        """The variant index (read from the cache on first use after a cached start)."""
        index = self._index
        return index if index is not None else self._lexicon_and_index()[1]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its built passes (not the lexicon, which is reloaded on demand), so
        a Cleaner can be sent to another process as it is."""
        return (_unpickle, (self.options, self._passes, self._cache is not None))

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
        shared = self._shared
        matches: Matches | None = None  # the shared scan's matches in `current`
        for n, step in enumerate(self._passes):
            if shared is not None and n in shared.users:
                if matches is None:
                    matches = shared.strings.scan(current)
                found = cast(FindsStrings, step).run_found(current, matches.of(step.name))
            else:
                found = step.run(current)
            if not found:
                continue
            unsure = [e for e in found if e.score is not None and e.score < min_score]
            if unsure:
                suggestions.extend(locate_in_input(text, edits, unsure))
                found = [e for e in found if e.score is None or e.score >= min_score]
            if found:
                edits = compose(text, edits, current, found)
                changed = apply_edits(current, found)
                if matches is not None:
                    # Carried over the edits while a later pass needs them.
                    later = shared is not None and n < shared.last
                    matches = matches.after(changed, found) if later else None
                current = changed
        return Result(text, current, tuple(edits), tuple(suggestions))

    def clean_many(self, texts: Iterable[str], workers: int = 1) -> Iterator[Result]:
        """Results in input order; `workers` > 1 spreads the texts over processes."""
        from transclean.batch import clean_many

        return clean_many(self, texts, workers=workers)


def _unpickle(options: Options, passes: tuple[Pass, ...], cache: bool) -> Cleaner:
    cleaner = Cleaner.__new__(Cleaner)
    cleaner._start(options, cache)
    cleaner._set_passes(passes)
    return cleaner


class _SharedScan:
    """Which passes share one scan for their strings (transclean.scan), and the scanner."""

    __slots__ = ("last", "strings", "users")

    def __init__(self, users: dict[int, FindsStrings]) -> None:
        self.users = frozenset(users)
        self.last = max(users)
        self.strings = SharedStrings(
            {p.name: p.strings for p in users.values()},
            {p.name: p.whole_word_strings for p in users.values()},
        )

    @classmethod
    def of(cls, passes: tuple[Pass, ...]) -> _SharedScan | None:
        """Worth it for two passes or more; None otherwise (each scans on its own)."""
        users = {n: p for n, p in enumerate(passes) if isinstance(p, FindsStrings)}
        return cls(users) if len(users) > 1 else None
