"""Case forms of names (Сирський -> Сирського): rules as data in lexicons/declension/.

Machine translation sometimes transliterates a declined name instead of the nominative
("the order of Syrskoho"). The rules say, by the nominative's ending, how a place or a
surname declines; the index transliterates the forms and treats them as variants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from transclean.errors import LexiconError, Problem
from transclean.tomlfile import read_toml

KINDS = ("place", "surname")
_Report = Callable[[str | None, str, str], None]  # (entry, field, message)


@dataclass(frozen=True)
class DeclensionRule:
    id: str
    applies_to: frozenset[str]
    endings: tuple[str, ...]
    strip: str
    cases: tuple[tuple[str, tuple[str, ...]], ...]  # case name -> endings added to the stem
    examples: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Declension:
    """One language's rules, and the schemes that spell its case forms in Latin."""

    language: str
    schemes: tuple[str, ...]
    rules: tuple[DeclensionRule, ...]
    source: str

    def decline(self, word: str, kind: str) -> list[tuple[str, str]]:
        """(case, form) for each case form of `word`, a single Cyrillic word, by the first
        rule for `kind` whose ending it has (case-insensitively); [] when none applies."""
        lower = word.lower()
        for rule in self.rules:
            if kind not in rule.applies_to or not lower.endswith(rule.endings):
                continue
            stem = word[: len(word) - len(rule.strip)] if rule.strip else word
            upper = word.isupper() and len(word) > 1
            forms = []
            for case, endings in rule.cases:
                for ending in endings:
                    form = stem + (ending.upper() if upper else ending)
                    if form != word and len(form) > 1:
                        forms.append((case, form))
            return forms
        return []


def load_declension(path: Path) -> Declension:
    """Read and check one language's rules; every problem names file, rule and field."""
    problems: list[Problem] = []
    data = read_toml(path, problems)
    if data is None:
        raise LexiconError(problems)
    where = str(path)

    def problem(entry: str | None, fld: str, message: str) -> None:
        problems.append(Problem(where, entry, fld, message))

    unknown = set(data) - {"language", "schemes", "rule"}
    for key in sorted(unknown):
        problem(None, key, "unknown field (expected language, schemes, rule)")
    language = data.get("language")
    if language not in ("uk", "ru"):
        problem(None, "language", f"must be 'uk' or 'ru', not {language!r}")
    schemes = _strings(data.get("schemes"), lambda m: problem(None, "schemes", m))
    rules: list[DeclensionRule] = []
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        problem(None, "rule", "must be an array of tables ([[rule]])")
        raw_rules = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_rules, 1):
        if not isinstance(raw, dict):
            problem(f"rule {n}", "rule", "must be a table")
            continue
        rule = _rule(raw, n, problem)
        if rule is None:
            continue
        if rule.id in seen:
            problem(rule.id, "id", "duplicate rule id")
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        raise LexiconError(problems)
    return Declension(str(language), tuple(schemes), tuple(rules), where)


def _rule(raw: dict[str, Any], n: int, problem: _Report) -> DeclensionRule | None:
    rule_id = raw.get("id")
    entry = rule_id if isinstance(rule_id, str) and rule_id else f"rule {n}"
    ok = True

    def bad(fld: str, message: str) -> None:
        nonlocal ok
        ok = False
        problem(entry, fld, message)

    if not isinstance(rule_id, str) or not rule_id:
        bad("id", "missing or not a string")
    for key in sorted(set(raw) - {"id", "applies_to", "endings", "strip", "cases", "examples"}):
        bad(key, "unknown field")
    applies = _strings(raw.get("applies_to"), lambda m: bad("applies_to", m))
    for kind in applies:
        if kind not in KINDS:
            bad("applies_to", f"{kind!r} is not one of {', '.join(KINDS)}")
    endings = _strings(raw.get("endings"), lambda m: bad("endings", m))
    strip = raw.get("strip", "")
    if not isinstance(strip, str):
        bad("strip", "must be a string")
        strip = ""
    elif any(not e.endswith(strip) for e in endings):
        bad("strip", f"{strip!r} must be the end of every ending")
    cases: list[tuple[str, tuple[str, ...]]] = []
    raw_cases = raw.get("cases")
    if not isinstance(raw_cases, dict) or not raw_cases:
        bad("cases", "must be a table of case name = [endings]")
    else:
        for case, value in raw_cases.items():
            field_name = f"cases.{case}"
            forms = _strings(value, partial(bad, field_name), allow_empty=True)
            cases.append((str(case), tuple(forms)))
    examples: list[tuple[str, tuple[str, ...]]] = []
    raw_examples = raw.get("examples", [])
    if not isinstance(raw_examples, list) or not raw_examples:
        bad("examples", "must be a non-empty list of [nominative, [forms...]]")
    else:
        for i, example in enumerate(raw_examples, 1):
            if (
                not isinstance(example, list)
                or len(example) != 2
                or not isinstance(example[0], str)
                or not isinstance(example[1], list)
                or not all(isinstance(f, str) for f in example[1])
            ):
                bad("examples", f"example {i} must be [nominative, [forms...]]")
                continue
            examples.append((example[0], tuple(example[1])))
    if not ok:
        return None
    return DeclensionRule(
        str(rule_id), frozenset(applies), tuple(endings), strip, tuple(cases), tuple(examples)
    )


def _strings(value: Any, bad: Callable[[str], None], *, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or not value:
        bad("must be a non-empty list of strings")
        return []
    if not all(isinstance(v, str) and (allow_empty or v) for v in value):
        bad("every item must be a non-empty string" if not allow_empty else "items: strings")
        return []
    return list(value)


def check_examples(declension: Declension) -> list[Problem]:
    """Each rule's examples, declined by the whole rule set (so rule order is tested too)."""
    problems: list[Problem] = []
    for rule in declension.rules:
        kind = sorted(rule.applies_to)[0]
        for nominative, expected in rule.examples:
            got = [form for _, form in declension.decline(nominative, kind)]
            want = [form for form in expected if form != nominative]
            if got != want:
                problems.append(
                    Problem(
                        declension.source,
                        rule.id,
                        "examples",
                        f"{nominative} declines to {got}, expected {want}",
                    )
                )
    return problems


def load_declensions(folder: Path) -> dict[str, Declension]:
    """Every language's rules in `folder` (uk.toml, ru.toml), all problems raised together."""
    found: dict[str, Declension] = {}
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            declension = load_declension(path)
        except LexiconError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_examples(declension))
        found[declension.language] = declension
    if problems:
        raise LexiconError(problems)
    return found
