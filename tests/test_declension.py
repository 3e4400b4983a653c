"""Case forms as data: every rule's examples, the loader's errors, and the traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner
from transclean.errors import LexiconError
from transclean.lexicon.declension import check_examples, load_declension, load_declensions
from transclean.resources import builtin_lexicon_dir

FOLDER = builtin_lexicon_dir() / "declension"


def test_builtin_rules_load_and_every_example_holds() -> None:
    declensions = load_declensions(FOLDER)
    assert set(declensions) == {"uk", "ru"}
    for declension in declensions.values():
        assert declension.rules
        assert all(rule.examples for rule in declension.rules)
        assert check_examples(declension) == []


def test_first_matching_rule_wins_and_case_is_kept() -> None:
    uk = load_declensions(FOLDER)["uk"]
    assert ("genitive", "Сирського") in uk.decline("Сирський", "surname")
    assert ("genitive", "СИРСЬКОГО") in uk.decline("СИРСЬКИЙ", "surname")
    assert uk.decline("Запоріжжя", "surname") == []  # a place rule does not decline people
    assert uk.decline("Велика", "organisation") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The order of Syrskoho was published.", "The order of Syrskyi was published."),
        ("Residents of Kharkova said", "Residents of Kharkiv said"),
        ("The shipyards of Mykolaieva were hit.", "The shipyards of Mykolaiv were hit."),
        ("The port of Odesy was hit.", "The port of Odesa was hit."),
        ("A letter to Shmyhalia asked for money.", "A letter to Shmyhal asked for money."),
        ("The words of Kostenka were quoted.", "The words of Kostenko were quoted."),
        ("A spokesman for Zelenskogo declined.", "A spokesman for Zelenskyy declined."),
        (
            "The governor of Belgoroda reported shelling.",
            "The governor of Belgorod reported shelling.",
        ),
    ],
)
def test_case_forms_become_the_name(text: str, expected: str) -> None:
    assert Cleaner(passes=["names"]).clean(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ms Lavrova said she would appeal the ruling.",
        "Yulia Lavrova said she would appeal the ruling.",
        "Maria Lvova-Belova, the children's rights commissioner, was named.",
        "Putina is a town in the Peruvian highlands.",
        "Sumy and Cherkasy lie in the north.",
    ],
)
def test_feminine_surnames_and_places_elsewhere_stay(text: str) -> None:
    assert Cleaner().clean(text).text == text


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "uk.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_malformed_rule_names_file_entry_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'language = "uk"\nschemes = ["kmu2010"]\n'
        '[[rule]]\nid = "bad"\napplies_to = ["planet"]\nendings = ["ий"]\nstrip = "ой"\n'
        'cases = { genitive = ["ого"] }\nexamples = [["Сирський", ["Сирського"]]]\n',
    )
    with pytest.raises(LexiconError) as caught:
        load_declension(path)
    fields = {(p.path, p.entry, p.field) for p in caught.value.problems}
    assert (str(path), "bad", "applies_to") in fields
    assert (str(path), "bad", "strip") in fields


def test_a_wrong_example_is_reported(tmp_path: Path) -> None:
    _write(
        tmp_path,
        'language = "uk"\nschemes = ["kmu2010"]\n'
        '[[rule]]\nid = "adj"\napplies_to = ["surname"]\nendings = ["ий"]\nstrip = "ий"\n'
        'cases = { genitive = ["ого"] }\nexamples = [["Сирський", ["Сирськой"]]]\n',
    )
    with pytest.raises(LexiconError) as caught:
        load_declensions(tmp_path)
    assert [(p.entry, p.field) for p in caught.value.problems] == [("adj", "examples")]


def test_broken_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "language = \n")
    with pytest.raises(LexiconError) as caught:
        load_declension(path)
    assert caught.value.problems[0].path == str(path)
