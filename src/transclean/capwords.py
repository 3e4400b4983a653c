"""Capitalised words and where they start: the fuzzy pass's candidates, read once per text.

Every capitalised word of a text is a possible damaged name, so the fuzzy pass reads them
all. A regex engine does that at ~10 ms a megabyte, as much as the exact names pass costs
in all; the small C loop in `_capwords.c` does it at ~2. Both follow `CAPITALISED`: the C
loop is given a table of which characters `regex` counts as `\\w` and `\\p{Lu}`, so they
agree by construction (a property test holds them equal). Where the extension is not
built (no C compiler at install time) or TRANSCLEAN_PURE_PYTHON=1 is set, the regex does
the work.
"""

from __future__ import annotations

from functools import cache

import regex

from transclean import compiled as compiled_loops

# A word that starts with a capital (Unicode), hyphen-joined names kept whole (Ivano-Frankivsk,
# Rostov-on-Don; not Kyiv-based). A damaged name that starts in lower case (kHARKIV) is not
# a candidate: rare, and costly to look for.
CAPITALISED = regex.compile(r"\b\p{Lu}\w*(?:-(?:\w+-)?\p{Lu}\w*)*")

_WORD = 1
_UPPER = 2
_BMP = 0x10000


def compiled() -> bool:
    """Is the C loop in use?"""
    return _SCAN is not None


_SCAN = compiled_loops.capitalised_words


# Below this many characters the regex costs less than making the class table (~6 ms,
# once per process): a one-line call (`echo Kiev | transclean`) never makes it.
SHORT = 4_000


@cache
def class_table() -> bytes:
    """For each BMP character, its classes as `regex` sees them: 1 for \\w, 2 for \\p{Lu}."""
    plane = "".join(map(chr, range(_BMP)))
    layers = 0
    for bit, pattern in ((_WORD, r"\w+"), (_UPPER, r"\p{Lu}+")):
        layer = bytearray(_BMP)
        for run in regex.finditer(pattern, plane):
            layer[run.start() : run.end()] = bytes((bit,)) * (run.end() - run.start())
        # Bytes of 0/1 and 0/2 added as big numbers: no carries (every \p{Lu} is \w).
        layers += int.from_bytes(layer, "big")
    return layers.to_bytes(_BMP, "big")


def capitalised_words(text: str) -> tuple[list[str], list[int]]:
    """The words `CAPITALISED` finds in `text`, and where each starts, in text order."""
    if len(text) >= SHORT:
        found = by_loop(text)
        if found is not None:
            return found
    return by_regex(text)


def by_loop(text: str) -> tuple[list[str], list[int]] | None:
    """`capitalised_words` by the C loop alone: None without it, or for a UCS-4 text."""
    return None if _SCAN is None else _SCAN(text, class_table())


def by_regex(text: str) -> tuple[list[str], list[int]]:
    """`capitalised_words` by the regex alone."""
    words: list[str] = []
    starts: list[int] = []
    for match in CAPITALISED.finditer(text):
        words.append(match[0])
        starts.append(match.start())
    return words, starts
