"""Every example, counter-example and protected phrase in lexicons/ runs as a test.

Like LanguageTool's rule harness, each fixed example is cleaned again to check the fix
does not trigger anything more (idempotence on real data).
"""

from __future__ import annotations

from transclean import Cleaner
from transclean.lexicon import read_lexicon

_LEXICON, _ = read_lexicon(builtin=True)
_EXAMPLES = [(e.id, src, out) for e in _LEXICON.entities for src, out in e.examples]
_COUNTER = [(e.id, text) for e in _LEXICON.entities for text in e.counterexamples]
_PHRASES = [p.text for p in _LEXICON.phrases]


def test_builtin_lexicon_has_data() -> None:
    assert len(_EXAMPLES) > 100 and len(_COUNTER) > 50 and len(_PHRASES) > 20


def _failures(cleaner: Cleaner, cases: list[tuple[str, str, str]]) -> list[str]:
    bad = []
    for entity_id, src, expected in cases:
        got = cleaner.clean(src).text
        if got != expected:
            bad.append(f"{entity_id}: {src!r} -> {got!r}, expected {expected!r}")
        elif cleaner.clean(got).text != got:
            bad.append(f"{entity_id}: fixing {src!r} is not final: {cleaner.clean(got).text!r}")
    return bad


def test_every_example(cleaner: Cleaner) -> None:
    bad = _failures(cleaner, _EXAMPLES)
    assert not bad, "\n".join(bad)


def test_every_counterexample_unchanged(cleaner: Cleaner) -> None:
    bad = _failures(cleaner, [(i, t, t) for i, t in _COUNTER])
    assert not bad, "\n".join(bad)


def test_every_protected_phrase_unchanged(cleaner: Cleaner) -> None:
    variants = [p for p in _PHRASES] + [p.upper() for p in _PHRASES]
    for text in variants:
        sentence = f"They spoke of {text} at length."
        assert cleaner.clean(sentence).text == sentence, text


def test_canonical_names_unchanged(cleaner: Cleaner) -> None:
    bad = []
    for entity in _LEXICON.entities:
        sentence = f"Reports from {entity.canonical} on Monday."
        got = cleaner.clean(sentence).text
        if got != sentence:
            bad.append(f"{entity.id}: {sentence!r} -> {got!r}")
    assert not bad, "\n".join(bad)


def test_accepted_spellings_unchanged(cleaner: Cleaner) -> None:
    bad = []
    for entity in _LEXICON.entities:
        for accepted in entity.accepted:
            sentence = f"Reports from {accepted} on Monday."
            got = cleaner.clean(sentence).text
            if got != sentence:
                bad.append(f"{entity.id}: {sentence!r} -> {got!r}")
    assert not bad, "\n".join(bad)


_SURNAME_EXAMPLES = [
    (f"surname {s.canonical}", src, out)
    for s in _LEXICON.literal_surnames
    for src, out in s.examples
]
_SURNAME_COUNTER = [
    (f"surname {s.canonical}", t, t) for s in _LEXICON.literal_surnames for t in s.counterexamples
]


def test_literal_surname_table_examples(cleaner: Cleaner) -> None:
    assert len(_SURNAME_EXAMPLES) > 40
    bad = _failures(cleaner, _SURNAME_EXAMPLES + _SURNAME_COUNTER)
    assert not bad, "\n".join(bad)
