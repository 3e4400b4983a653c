"""Loading and validating lexicon files: every problem names the file, the entry and the field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transclean.errors import LexiconError, Problem
from transclean.lexicon.model import (
    KINDS,
    Entity,
    GivenName,
    Guards,
    Lexicon,
    LiteralSurname,
    ProtectedPhrase,
)
from transclean.resources import builtin_lexicon_dir
from transclean.text import fold
from transclean.tomlfile import read_toml
from transclean.translit import Scheme, load_scheme

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_ENTITY_FIELDS: dict[str, type] = {
    "id": str,
    "kind": str,
    "canonical": str,
    "country": str,
    "uk": list,
    "ru": list,
    "variants": list,
    "accepted": list,
    "literal": list,
    "titles": list,
    "lookalikes": list,
    "examples": list,
    "counterexamples": list,
}
_STRING_LISTS = (
    "uk",
    "ru",
    "variants",
    "accepted",
    "literal",
    "titles",
    "lookalikes",
    "counterexamples",
)
_GUARD_FILES = (
    "english_words.txt",
    "given_names.txt",
    "surnames.txt",
    "frequent_names.txt",
    "name_context_words.txt",
    "topic_words.txt",
    "surname_endings.txt",
    "female_titles.txt",
    "world_places.tsv",
)
# Folders whose files belong to passes that load them themselves.
_OTHER_FOLDERS = ("rules", "styles", "repeats", "pronouns", "script", "declension")


class _Collector:
    """Accumulates problems so that a user sees all of them in one run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: Path | str, entry: str | None, fld: str | None, message: str) -> None:
        self.problems.append(Problem(str(path), entry, fld, message))

    def warning(self, path: Path | str, entry: str | None, fld: str | None, message: str) -> None:
        self.problems.append(Problem(str(path), entry, fld, message, "warning"))


def _walk(root: Path, pattern: str, out: _Collector) -> list[Path]:
    """`root.rglob(pattern)`, sorted; a folder that cannot be read is a problem, not a crash."""
    found: list[Path] = []
    try:
        for path in root.rglob(pattern):
            found.append(path)
    except OSError as exc:
        out.error(root, None, None, f"cannot read folder: {exc}")
    return sorted(found)


def _toml_files(root: Path, out: _Collector) -> list[Path]:
    if root.is_file():
        return [root]
    return [
        p
        for p in _walk(root, "*.toml", out)
        if not any(part in _OTHER_FOLDERS for part in p.relative_to(root).parts[:-1])
    ]


def _string_list(value: Any, path: Path, entry: str, fld: str, out: _Collector) -> tuple[str, ...]:
    if not isinstance(value, list):
        out.error(path, entry, fld, f"must be a list of strings, not {type(value).__name__}")
        return ()
    items: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            out.error(path, entry, fld, f"item {i} must be a string, not {type(item).__name__}")
        elif not item.strip():
            out.error(path, entry, fld, f"item {i} is empty")
        else:
            items.append(item)
    return tuple(items)


def _entity(raw: Any, index: int, path: Path, out: _Collector) -> Entity | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        out.error(path, label, None, "each [[entity]] must be a table")
        return None
    if isinstance(raw.get("id"), str):
        label = raw["id"]
    before = len(out.problems)
    for key in raw:
        if key not in _ENTITY_FIELDS:
            out.error(path, label, key, f"unknown field (known: {', '.join(_ENTITY_FIELDS)})")
    for key in ("id", "kind", "canonical"):
        if key not in raw:
            out.error(path, label, key, "missing required field")
    for key, expected in _ENTITY_FIELDS.items():
        scalar = key not in _STRING_LISTS and key != "examples"
        if scalar and key in raw and not isinstance(raw[key], expected):
            out.error(
                path,
                label,
                key,
                f"must be a {expected.__name__}, not {type(raw[key]).__name__}",
            )
    if isinstance(raw.get("id"), str) and not _ID.match(raw["id"]):
        out.error(path, label, "id", "must be lowercase letters, digits and '-'")
    if isinstance(raw.get("kind"), str) and raw["kind"] not in KINDS:
        out.error(path, label, "kind", f"must be one of {', '.join(KINDS)}, not {raw['kind']!r}")
    if isinstance(raw.get("canonical"), str) and not raw["canonical"].strip():
        out.error(path, label, "canonical", "is empty")
    lists = {
        key: _string_list(raw[key], path, label, key, out) for key in _STRING_LISTS if key in raw
    }
    for key in ("uk", "ru"):
        for form in lists.get(key, ()):
            if not _CYRILLIC.search(form):
                out.error(path, label, key, f"{form!r} has no Cyrillic letters")
    kind = raw.get("kind")
    if kind == "person":
        for key in ("uk", "ru"):
            for form in lists.get(key, ()):
                if len(form.split()) < 2:
                    out.error(path, label, key, f"a person's form is 'Given Surname', got {form!r}")
    elif kind is not None:
        for key in ("literal", "titles"):
            if lists.get(key):
                out.error(path, label, key, "only a person has this field")
    examples: list[tuple[str, str]] = []
    if "examples" in raw:
        value = raw["examples"]
        if not isinstance(value, list):
            out.error(path, label, "examples", "must be a list of [input, output] pairs")
        else:
            for i, pair in enumerate(value):
                if (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and all(isinstance(x, str) for x in pair)
                ):
                    examples.append((pair[0], pair[1]))
                else:
                    out.error(path, label, "examples", f"item {i} must be a pair [input, output]")
    if len(out.problems) > before:
        return None
    return Entity(
        id=raw["id"],
        kind=raw["kind"],
        canonical=raw["canonical"],
        source=str(path),
        country=raw.get("country"),
        examples=tuple(examples),
        **lists,
    )


def _phrase(raw: Any, index: int, path: Path, out: _Collector) -> ProtectedPhrase | None:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        out.error(path, label, None, "each [[phrase]] must be a table")
        return None
    if isinstance(raw.get("text"), str):
        label = raw["text"]
    ok = True
    for key in raw:
        if key not in ("text", "reason"):
            out.error(path, label, key, "unknown field (known: text, reason)")
            ok = False
    for key in ("text", "reason"):
        if key not in raw:
            out.error(path, label, key, "missing required field")
            ok = False
        elif not isinstance(raw[key], str) or not raw[key].strip():
            out.error(path, label, key, "must be a non-empty string")
            ok = False
    return ProtectedPhrase(raw["text"], raw["reason"], str(path)) if ok else None


# Simple record types: field -> (kind, required); kinds: str, strs (list of str), pairs.
_GIVEN_FIELDS = {
    "uk": ("str", False),
    "ru": ("str", False),
    "sex": ("str", True),
    "english": ("strs", False),
    "shared": ("strs", False),
}
_SURNAME_FIELDS = {
    "uk": ("str", False),
    "ru": ("str", False),
    "canonical": ("str", True),
    "literal": ("strs", True),
    "canonical_ru": ("str", False),
    "feminine_uk": ("str", False),
    "feminine_ru": ("str", False),
    "canonical_f": ("str", False),
    "canonical_f_ru": ("str", False),
    "not_before": ("strs", False),
    "why": ("str", False),
    "examples": ("pairs", False),
    "counterexamples": ("strs", False),
}


def _record(
    raw: Any,
    index: int,
    path: Path,
    out: _Collector,
    table: str,
    spec: dict[str, tuple[str, bool]],
) -> dict[str, Any] | None:
    """Check one [[table]] against `spec`; the values, converted to tuples, or None."""
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        out.error(path, label, None, f"each [[{table}]] must be a table")
        return None
    for key in ("canonical", "uk", "ru"):
        if isinstance(raw.get(key), str):
            label = raw[key]
            break
    before = len(out.problems)
    values: dict[str, Any] = {}
    for key in raw:
        if key not in spec:
            out.error(path, label, key, f"unknown field (known: {', '.join(spec)})")
    for key, (kind, required) in spec.items():
        if key not in raw:
            if required:
                out.error(path, label, key, "missing required field")
            continue
        value = raw[key]
        if kind == "str":
            if not isinstance(value, str) or not value.strip():
                out.error(path, label, key, "must be a non-empty string")
            values[key] = value
        elif kind == "strs":
            values[key] = _string_list(value, path, label, key, out)
        elif not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in value
        ):
            out.error(path, label, key, "must be a list of [input, output] pairs")
        else:
            values[key] = tuple((a, b) for a, b in value)
    if "uk" in spec and "uk" not in raw and "ru" not in raw:
        out.error(path, label, "uk", "needs a Cyrillic form: uk, ru or both")
    for key in ("uk", "ru", "feminine_uk", "feminine_ru"):
        if isinstance(raw.get(key), str) and not _CYRILLIC.search(raw[key]):
            out.error(path, label, key, f"{raw[key]!r} has no Cyrillic letters")
    if table == "given" and raw.get("sex") not in ("m", "f", None):
        out.error(path, label, "sex", 'must be "m" or "f"')
    return values if len(out.problems) == before else None


class _Sinks:
    """What the data files of a lexicon hold, as they are read."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.phrases: list[ProtectedPhrase] = []
        self.given: list[GivenName] = []
        self.surnames: list[LiteralSurname] = []


def _data_file(path: Path, data: dict[str, Any], sinks: _Sinks, out: _Collector) -> None:
    known = ("meta", "entity", "phrase", "given", "surname")
    for key in data:
        if key not in known:
            out.error(path, None, key, f"unknown top-level key (known: {', '.join(known)})")
    if "meta" in data and not isinstance(data["meta"], dict):
        out.error(path, None, "meta", "must be a table")
    for key in known[1:]:
        if key not in data:
            continue
        items = data[key]
        if not isinstance(items, list):
            out.error(path, None, key, f"must be an array of tables: [[{key}]]")
            continue
        for i, raw in enumerate(items):
            if key == "entity":
                entity = _entity(raw, i, path, out)
                if entity is not None:
                    sinks.entities.append(entity)
            elif key == "phrase":
                phrase = _phrase(raw, i, path, out)
                if phrase is not None:
                    sinks.phrases.append(phrase)
            elif key == "given":
                values = _record(raw, i, path, out, key, _GIVEN_FIELDS)
                if values is not None:
                    sinks.given.append(
                        GivenName(
                            uk=values.get("uk"),
                            ru=values.get("ru"),
                            sex=values["sex"],
                            english=values.get("english", ()),
                            shared=values.get("shared", ()),
                            source=str(path),
                        )
                    )
            else:
                values = _record(raw, i, path, out, key, _SURNAME_FIELDS)
                if values is not None:
                    values.setdefault("uk", None)
                    values.setdefault("ru", None)
                    sinks.surnames.append(LiteralSurname(source=str(path), **values))


def _read_guard_lines(path: Path, out: _Collector) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.error(path, None, None, f"cannot read: {exc}")
        return []
    return [line for line in map(str.strip, text.splitlines()) if line and line[0] != "#"]


def _guards(roots: Sequence[Path], out: _Collector) -> Guards:
    words: dict[str, set[str]] = {name: set() for name in _GUARD_FILES}
    places: dict[str, str] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for name in _GUARD_FILES:
            for path in _walk(root, name, out):
                lines = _read_guard_lines(path, out)
                if name != "world_places.tsv":
                    words[name].update(fold(line) for line in lines)
                    continue
                for n, line in enumerate(lines, 1):
                    place, tab, countries = line.partition("\t")
                    if not tab or not countries:
                        out.error(path, f"line {n}", "countries", "expected 'name<TAB>CC,CC'")
                        continue
                    key = fold(place)
                    known = places.get(key)
                    places[key] = countries if known is None else f"{known},{countries}"
    return Guards(
        english_words=frozenset(words["english_words.txt"]),
        world_places=places,
        given_names=frozenset(words["given_names.txt"]),
        surnames=frozenset(words["surnames.txt"]),
        frequent_names=frozenset(words["frequent_names.txt"]),
        name_context_words=frozenset(words["name_context_words.txt"]),
        topic_words=frozenset(words["topic_words.txt"]),
        surname_endings=frozenset(words["surname_endings.txt"]),
        female_titles=frozenset(words["female_titles.txt"]),
    )


# A scheme file has a top-level [mapping] table (or `mapping = {...}`): the word alone,
# in a comment or a reason, does not make a lexicon file a scheme.
_MAPPING_TABLE = re.compile(r"^[ \t]*(?:\[[ \t]*mapping[ \t]*\]|mapping[ \t]*=)", re.MULTILINE)


def _is_scheme_file(path: Path, root: Path) -> bool:
    if path.parent.name == "schemes":
        return True
    if not root.is_file():
        return False
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return False  # read_toml reports it
    return _MAPPING_TABLE.search(text) is not None


def read_lexicon(
    paths: Sequence[Path | str] = (), *, builtin: bool = True
) -> tuple[Lexicon, list[Problem]]:
    """Load lexicon folders/files, returning the lexicon and every problem found."""
    out = _Collector()
    roots: list[Path] = [builtin_lexicon_dir()] if builtin else []
    for p in paths:
        path = Path(p)
        if not path.exists():
            out.error(path, None, None, "no such file or directory")
            continue
        roots.append(path)
    sinks = _Sinks()
    schemes: dict[str, Scheme] = {}
    for root in roots:
        for path in _toml_files(root, out):
            if _is_scheme_file(path, root):
                try:
                    scheme = load_scheme(path)
                except LexiconError as exc:
                    out.problems.extend(exc.problems)
                    continue
                schemes[scheme.name] = scheme
                continue
            data = read_toml(path, out.problems)
            if data is not None:
                _data_file(path, data, sinks, out)
    seen: dict[str, Entity] = {}
    for entity in sinks.entities:
        if entity.id in seen:
            out.error(
                entity.source, entity.id, "id", f"duplicate id (also in {seen[entity.id].source})"
            )
        else:
            seen[entity.id] = entity
    lexicon = Lexicon(
        entities=tuple(seen.values()),
        phrases=tuple(sinks.phrases),
        schemes=schemes,
        guards=_guards(roots, out),
        given_names=tuple(sinks.given),
        literal_surnames=tuple(sinks.surnames),
    )
    return lexicon, out.problems


def load_lexicon(paths: Sequence[Path | str] = (), *, builtin: bool = True) -> Lexicon:
    """Load and validate; raise LexiconError naming every error (warnings are not errors)."""
    lexicon, problems = read_lexicon(paths, builtin=builtin)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LexiconError(errors)
    return lexicon
