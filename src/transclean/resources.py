"""Where the built-in lexicons live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def builtin_lexicon_dir() -> Path:
    """The `lexicons/` folder shipped inside the wheel (or the checkout's, when run from source)."""
    packaged = Path(__file__).resolve().parent / "lexicons"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "lexicons"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"transclean: built-in lexicons not found at {packaged}")
