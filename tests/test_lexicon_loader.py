"""A malformed lexicon gives a clear error naming the file, the entry and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner, LexiconError
from transclean.lexicon import read_lexicon
from transclean.lexicon.validate import validate_paths


def _write(tmp_path: Path, text: str, name: str = "extra.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path]) if p.severity == "error"]


GOOD = """
[[entity]]
id = "test-place"
kind = "place"
canonical = "Testopil"
country = "UA"
uk = ["Тестопіль"]
ru = ["Тестополь"]
variants = ["Testopol'"]
"""


def test_good_file_loads_and_generates_variants(tmp_path: Path) -> None:
    cleaner = Cleaner([_write(tmp_path, GOOD)])
    assert cleaner.clean("Shelling near Testopol overnight.").text == (
        "Shelling near Testopil overnight."
    )
    assert cleaner.clean("TESTOPOL").text == "TESTOPIL"


@pytest.mark.parametrize(
    ("text", "entry", "field", "words"),
    [
        ("[[entity]\nid=", None, None, "not valid TOML"),
        ('[[entity]]\nid = "x"\nkind = "place"\n', "x", "canonical", "missing required field"),
        ('[[entity]]\nid = "x"\nkind = "planet"\ncanonical = "X"\n', "x", "kind", "must be one of"),
        (
            '[[entity]]\nid = "x"\nkind = "place"\ncanonical = 3\n',
            "x",
            "canonical",
            "must be a str",
        ),
        ('[[entity]]\nid = "x"\nkind = "place"\ncanonical = "X"\nuk = "Х"\n', "x", "uk", "list"),
        (
            '[[entity]]\nid = "x"\nkind = "place"\ncanonical = "X"\nuk = ["X"]\n',
            "x",
            "uk",
            "Cyrillic",
        ),
        (
            '[[entity]]\nid = "x"\nkind = "place"\ncanonical = "X"\ncolour = "red"\n',
            "x",
            "colour",
            "unknown field",
        ),
        (
            '[[entity]]\nid = "Bad Id"\nkind = "place"\ncanonical = "X"\n',
            "Bad Id",
            "id",
            "lowercase",
        ),
        (
            '[[entity]]\nid = "x"\nkind = "person"\ncanonical = "A B"\nuk = ["Сирський"]\n',
            "x",
            "uk",
            "Given Surname",
        ),
        (
            '[[entity]]\nid = "x"\nkind = "place"\ncanonical = "X"\nexamples = [["a"]]\n',
            "x",
            "examples",
            "pair",
        ),
        ('[[phrase]]\ntext = "chicken Kiev"\n', "chicken Kiev", "reason", "missing"),
        ("flavour = 1\n", None, "flavour", "unknown top-level key"),
    ],
)
def test_malformed_files_name_file_entry_field(
    tmp_path: Path, text: str, entry: str | None, field: str | None, words: str
) -> None:
    path = _write(tmp_path, text)
    errors = _errors(path)
    assert errors, "expected an error"
    message = errors[0]
    assert str(path) in message
    if entry is not None:
        assert f"entry {entry!r}" in message
    if field is not None:
        assert f"field {field!r}" in message
    assert words in message
    with pytest.raises(LexiconError) as caught:
        Cleaner([path])
    assert str(path) in str(caught.value)


def test_written_variant_for_two_canonicals_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
[[entity]]
id = "a-town"
kind = "place"
canonical = "Aville"
variants = ["Samevar"]

[[entity]]
id = "b-town"
kind = "place"
canonical = "Bville"
variants = ["Samevar"]
""",
    )
    errors = _errors(path)
    assert any("'samevar' maps to two canonical names" in e and "a-town" in e for e in errors)
    with pytest.raises(LexiconError):
        Cleaner([path])


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "one.toml")
    _write(tmp_path, GOOD, "two.toml")
    errors = _errors(tmp_path)
    assert any("duplicate id" in e and "test-place" in e for e in errors)


def test_generated_collision_is_a_warning_not_an_error(tmp_path: Path) -> None:
    # Both entities' Russian forms transliterate alike but the canonical names differ.
    path = _write(
        tmp_path,
        """
[[entity]]
id = "first"
kind = "place"
canonical = "Pershe"
ru = ["Общее"]

[[entity]]
id = "second"
kind = "place"
canonical = "Druhe"
ru = ["Общее"]
""",
    )
    problems = validate_paths([path])
    assert not [p for p in problems if p.severity == "error"]
    assert any(p.severity == "warning" and "ambiguous" in p.message for p in problems)
    cleaner = Cleaner([path], builtin=True)
    assert cleaner.clean("Obshcheye").text == "Obshcheye"


def test_missing_lexicon_path_is_an_error(tmp_path: Path) -> None:
    _, problems = read_lexicon([tmp_path / "nope.toml"], builtin=False)
    assert problems and "no such file" in str(problems[0])
