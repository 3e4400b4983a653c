"""Lexicon files: loading, validation, and the variant index built from them."""

from transclean.lexicon.index import Person, Target, VariantIndex, build_index
from transclean.lexicon.load import load_lexicon, read_lexicon
from transclean.lexicon.model import Entity, Guards, Lexicon, ProtectedPhrase

__all__ = [
    "Entity",
    "Guards",
    "Lexicon",
    "Person",
    "ProtectedPhrase",
    "Target",
    "VariantIndex",
    "build_index",
    "load_lexicon",
    "read_lexicon",
]
