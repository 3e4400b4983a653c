"""The passes, in the order they run. Each is built once from the lexicon and its index."""

from __future__ import annotations

from collections.abc import Callable

from transclean.lexicon import Lexicon, VariantIndex
from transclean.passes.base import Pass
from transclean.passes.fuzzy import FuzzyPass
from transclean.passes.names import NamesPass
from transclean.passes.repeats import RepeatsPass
from transclean.passes.surnames import SurnamesPass

PassFactory = Callable[[Lexicon, VariantIndex], Pass]

# Order matters: later passes see canonical names (the pronoun pass needs them).
PASSES: dict[str, PassFactory] = {
    "names": lambda lexicon, index: NamesPass(index),
    "fuzzy": FuzzyPass,
    "surnames": lambda lexicon, index: SurnamesPass(lexicon, index.protected),
    "repeats": lambda lexicon, index: RepeatsPass.builtin(lexicon.guards.english_words),
}

__all__ = ["PASSES", "Pass", "PassFactory"]
