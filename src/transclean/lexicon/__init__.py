"""Lexicon files: loading, validation, and the variant index built from them."""

from transclean.lexicon.index import Person, Target, VariantIndex, build_index
from transclean.lexicon.load import load_lexicon, read_lexicon
from transclean.lexicon.model import (
    Entity,
    GivenName,
    Guards,
    Lexicon,
    LiteralSurname,
    ProtectedPhrase,
)

__all__ = [
    "Entity",
    "GivenName",
    "Guards",
    "Lexicon",
    "LiteralSurname",
    "Person",
    "ProtectedPhrase",
    "Target",
    "VariantIndex",
    "build_index",
    "load_lexicon",
    "read_lexicon",
]
