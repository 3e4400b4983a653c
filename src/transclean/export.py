"""The exact-variant table, for use outside transclean: JSON, or a search-engine synonyms file.

Variants are stored case-folded; each is exported in the surface form its source spelled
(capitalised where a source wrote it so), with every apostrophe-like mark (’ ʹ ʼ) as "'",
since the names pass treats them all as one. Left out: variants the names pass never
applies on their own: those holding a protected phrase (`Denys Shmyhal'` holds the
correct `Denys Shmyhal`, and a trailing apostrophe may be a closing quote) and those that
differ from the canonical name only in case (`Nova poshta`). Guarded spellings never
reach the index at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from transclean.cleaner import Cleaner
from transclean.lexicon.index import Target, VariantIndex
from transclean.text import Automaton, bounded, fold, same_apostrophes, title_words

FORMATS = ("json", "synonyms")


def surface(target: Target) -> str:
    """One spelling for a case-folded variant: as a source wrote it, capitalised if any
    source capitalised it, with plain apostrophes."""
    forms = {same_apostrophes(form) for form in target.forms}
    return min(forms, key=lambda form: (form != title_words(form), form))


def variant_table(source: Cleaner | VariantIndex) -> dict[str, str]:
    """{variant: canonical} for every variant the names pass applies, sorted by variant."""
    index = source.index if isinstance(source, Cleaner) else source
    shields = Automaton(sorted(index.protected))
    table: dict[str, str] = {}
    for key, target in index.targets.items():
        if key == fold(target.replacement):
            continue
        if any(bounded(key, start, end) for _, start, end in shields.find_all(key)):
            continue  # the names pass never edits inside a protected phrase
        table[surface(target)] = target.replacement
    return dict(sorted(table.items()))


def to_json(table: Mapping[str, str]) -> str:
    """The table as one JSON object, one entry a line, letters letters kept as they are."""
    return json.dumps(table, ensure_ascii=False, indent=2) + "\n"


def _escape(term: str) -> str:
    """A term for the Solr synonyms format, where ',' separates terms, '=>' maps, '\\'
    escapes and a line starting with '#' is a comment."""
    return "".join("\\" + ch if ch in "\\,=#" else ch for ch in term)


def synonym_lines(table: Mapping[str, str]) -> Iterable[str]:
    """`Kiev, Kiew, Kijów => Kyiv`: one line per canonical name, in Solr/Elasticsearch/
    OpenSearch explicit-mapping form (variants replaced by the canonical name)."""
    by_canonical: dict[str, list[str]] = {}
    for variant, canonical in table.items():
        by_canonical.setdefault(canonical, []).append(variant)
    for canonical in sorted(by_canonical):
        variants = sorted(by_canonical[canonical])
        yield f"{', '.join(map(_escape, variants))} => {_escape(canonical)}\n"


def to_synonyms(table: Mapping[str, str]) -> str:
    return "".join(synonym_lines(table))


def export(source: Cleaner | VariantIndex, fmt: str) -> str:
    """The variant table in `fmt` (one of FORMATS)."""
    table = variant_table(source)
    if fmt == "json":
        return to_json(table)
    if fmt == "synonyms":
        return to_synonyms(table)
    raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
