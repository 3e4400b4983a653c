"""The passes, in the order they run. Each is built once from the lexicon and its index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from transclean.lexicon import Lexicon, VariantIndex
from transclean.options import Options
from transclean.passes.base import Pass
from transclean.passes.fuzzy import FuzzyPass
from transclean.passes.names import NamesPass
from transclean.passes.pronouns import PronounsPass
from transclean.passes.repeats import RepeatsPass
from transclean.passes.rules import RulesPass
from transclean.passes.script import ScriptPass
from transclean.passes.surnames import SurnamesPass

PassFactory = Callable[[Lexicon, VariantIndex, Options], Pass]

# Order matters: later passes see canonical names (the pronoun pass needs them).
PASSES: dict[str, PassFactory] = {
    "script": lambda lexicon, index, options: ScriptPass(lexicon, index=index),
    "names": lambda lexicon, index, options: NamesPass(index, lexicon),
    "fuzzy": lambda lexicon, index, options: FuzzyPass(lexicon, index),
    "surnames": lambda lexicon, index, options: SurnamesPass(lexicon, index),
    "rules": lambda lexicon, index, options: RulesPass.builtin(
        extra_paths=[Path(p) for p in options.rules]
    ),
    "pronouns": lambda lexicon, index, options: PronounsPass(lexicon),
    "repeats": lambda lexicon, index, options: RepeatsPass.builtin(
        lexicon.guards.english_words, typos=options.typos
    ),
}

__all__ = ["PASSES", "Pass", "PassFactory"]
