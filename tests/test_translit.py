"""Transliteration schemes: every shipped sample, the engine's rules, and loader errors."""

from __future__ import annotations

import pickle
import random
import time
from pathlib import Path
from typing import Any

import pytest

from transclean.errors import LexiconError
from transclean.translit import Scheme, iter_words, load_scheme, load_schemes

SCHEME_DIR = Path(__file__).resolve().parents[1] / "lexicons" / "schemes"
SCHEMES = load_schemes(SCHEME_DIR)


def _sample_cases() -> list[Any]:
    cases = []
    for path in sorted(SCHEME_DIR.glob("*.toml")):
        scheme = SCHEMES[path.stem]
        for i, (cyr, latin) in enumerate(scheme.samples, start=1):
            cases.append(pytest.param(scheme.name, cyr, latin, id=f"{scheme.name}-{i}-{latin}"))
    return cases


def _alt_cases() -> list[Any]:
    cases = []
    for scheme in SCHEMES.values():
        for i, (cyr, wanted) in enumerate(scheme.alternative_samples, start=1):
            cases.append(pytest.param(scheme.name, cyr, wanted, id=f"{scheme.name}-alt{i}"))
    return cases


@pytest.mark.parametrize(("name", "cyrillic", "latin"), _sample_cases())
def test_sample_reproduces(name: str, cyrillic: str, latin: str) -> None:
    assert SCHEMES[name].transliterate(cyrillic) == latin


@pytest.mark.parametrize(("name", "cyrillic", "wanted"), _alt_cases())
def test_alternative_sample_present(name: str, cyrillic: str, wanted: tuple[str, ...]) -> None:
    every = SCHEMES[name].transliterate_all(cyrillic)
    assert set(wanted) <= every


def test_every_scheme_has_enough_real_samples() -> None:
    for scheme in SCHEMES.values():
        assert len(scheme.samples) >= 8, scheme.name
        assert scheme.language in ("uk", "ru")
        assert scheme.title and scheme.source


def test_required_schemes_present() -> None:
    required = {
        "kmu2010",
        "bgn_pcgn_ru",
        "ru_based_uk",
        "icao_uk",
        "wikipedia_ru",
        "iso9_uk",
        "iso9_ru",
        "scholarly_uk",
        "scholarly_ru",
        "german_uk",
        "german_ru",
        "french_uk",
        "french_ru",
        "polish_uk",
        "polish_ru",
        "simplified_endings_uk",
        "simplified_endings_ru",
    }
    assert required <= set(SCHEMES)


# -- case, passthrough, apostrophes ----------------------------------------------------------


KMU = SCHEMES["kmu2010"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Щука", "Shchuka"),
        ("ЩУКА", "SHCHUKA"),
        ("щука", "shchuka"),
        ("Я", "Ya"),
        ("ЗГОРАНИ", "ZGHORANY"),
        ("Згорани", "Zghorany"),
        ("МакДональд", "MakDonald"),
        ("ЄНАКІЄВЕ", "YENAKIIEVE"),
        ("Олександр СИРСЬКИЙ", "Oleksandr SYRSKYI"),
    ],
)
def test_case_handling(text: str, expected: str) -> None:
    assert KMU.transliterate(text) == expected


def test_non_cyrillic_passes_through() -> None:
    text = "Kyiv, 24 Feb — it’s “Київ” (Kiev) & Харків's 'quotes' ok."
    assert KMU.transliterate(text) == "Kyiv, 24 Feb — it’s “Kyiv” (Kiev) & Kharkiv's 'quotes' ok."
    assert KMU.transliterate("plain ASCII text") == "plain ASCII text"
    assert KMU.transliterate("") == ""


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc"])
def test_apostrophes_inside_words(apostrophe: str) -> None:
    assert KMU.transliterate(f"Знам{apostrophe}янка") == "Znamianka"
    assert KMU.transliterate(f"Мар{apostrophe}їне") == "Marine"
    assert KMU.transliterate(f"ЗНАМ{apostrophe}ЯНКА") == "ZNAMIANKA"
    assert SCHEMES["iso9_uk"].transliterate(f"Знам{apostrophe}янка") == "Znam’ânka"


def test_apostrophe_outside_word_is_a_quote() -> None:
    # A quote before a word does not join it: я is word-initial there.
    assert KMU.transliterate("'Яготин'") == "'Yahotyn'"
    assert KMU.transliterate("’Юрій’") == "’Yurii’"


def test_kmu_position_rules() -> None:
    assert KMU.transliterate("Юрій") == "Yurii"  # ю initial, й final
    assert KMU.transliterate("Корюківка") == "Koriukivka"  # ю inside
    assert KMU.transliterate("Їжакевич Кадиївка") == "Yizhakevych Kadyivka"
    assert KMU.transliterate("Йосипівка Стрий") == "Yosypivka Stryi"
    assert KMU.transliterate("Єнакієве") == "Yenakiieve"
    assert KMU.transliterate("Ярошенко-Яготин") == "Yaroshenko-Yahotyn"  # each part a word
    assert KMU.transliterate("Розгон") == "Rozghon"
    assert KMU.transliterate("Тернопіль") == "Ternopil"  # ь dropped


def test_nfd_input_is_normalised() -> None:
    decomposed = "Андрии\u0306 Киі\u0308в"  # й and ї written with combining marks
    assert KMU.transliterate(decomposed) == "Andryi Kyiv"


def test_unknown_cyrillic_letters_pass_through() -> None:
    # ы is not Ukrainian: the Ukrainian scheme leaves it for the script pass to judge.
    assert KMU.transliterate("мы") == "mы"


def test_transliterate_all_contains_primary() -> None:
    rng = random.Random(7)
    alphabet = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёъыэ'АБВГЕЄЖЗИІЇЙКОЩЮЯЫ -"
    for scheme in SCHEMES.values():
        for cyr, _ in scheme.samples:
            assert scheme.transliterate(cyr) in scheme.transliterate_all(cyr)
        for _ in range(200):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
            assert scheme.transliterate(text) in scheme.transliterate_all(text)


def test_simplified_endings() -> None:
    uk = SCHEMES["simplified_endings_uk"]
    assert {
        "Zelensky",
        "Zelenskiy",
        "Zelenskyi",
        "Zelenskyy",
        "Zelenski",
        "Zelenskii",
    } <= uk.transliterate_all("Зеленський")
    assert {"Oleksiy", "Oleksii", "Olexiy"} <= uk.transliterate_all("Олексій")
    assert {"Yuliya", "Yuliia", "Yulia"} <= uk.transliterate_all("Юлія")
    both = uk.transliterate_all("Олексій Зеленський")
    assert "Oleksii Zelenskyy" in both and "Olexiy Zelensky" in both
    assert "ZELENSKIY" in uk.transliterate_all("ЗЕЛЕНСЬКИЙ")
    ru = SCHEMES["bgn_pcgn_ru"]
    assert ru.transliterate("Зеленский") == "Zelenskiy"
    assert {"Zelensky", "Zelenski"} <= ru.transliterate_all("Зеленский")


def _by_word(scheme: Scheme, text: str) -> str:
    """The exact path: each Cyrillic word on its own."""
    out: list[str] = []
    prev = 0
    for m in iter_words(text):
        out += [text[prev : m.start()], scheme._word_match(m)]
        prev = m.end()
    return "".join(out) + text[prev:]


def test_fast_path_matches_word_by_word() -> None:
    """The whole-text fast path and the exact word-by-word path must agree everywhere."""
    rng = random.Random(11)
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёъыэ"
    alphabet = letters + letters.upper() + "'’ʼ -.,xZ"
    for scheme in SCHEMES.values():
        for _ in range(400):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
            assert scheme.transliterate(text) == _by_word(scheme, text), (scheme.name, text)


def test_transliterate_many_matches_single() -> None:
    names = ["Олександр Сирський", "Київ", "", "ЩУКА", "Знам'янка"]
    for scheme in SCHEMES.values():
        assert scheme.transliterate_many(names) == [scheme.transliterate(n) for n in names]
    assert KMU.transliterate_many([]) == []
    assert KMU.transliterate_many(["a\nb", "Київ"]) == ["a\nb", "Kyiv"]


def test_scheme_is_immutable_hashable_picklable() -> None:
    clone = pickle.loads(pickle.dumps(KMU))
    assert clone == KMU and hash(clone) == hash(KMU)
    assert clone.transliterate("Київ") == "Kyiv"
    with pytest.raises(AttributeError):
        KMU.name = "other"  # type: ignore[misc]
    assert isinstance(KMU, Scheme)


def test_speed_fifty_thousand_names() -> None:
    rng = random.Random(3)
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
    names = [
        " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 10))).capitalize()
            for _ in range(2)
        )
        for _ in range(50_000)
    ]
    start = time.perf_counter()
    KMU.transliterate_many(names)
    assert time.perf_counter() - start < 1.0


# -- malformed files -------------------------------------------------------------------------


GOOD = """
name = "{name}"
language = "uk"
title = "Test"
source = "test"
samples = [["Київ", "Kyiv"]]

[mapping]
"к" = "k"
"и" = "y"
"ї" = "i"
"в" = "v"
"""


def _write(tmp_path: Path, text: str, name: str = "broken") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(LexiconError) as info:
        load_scheme(path)
    return str(info.value)


def test_good_minimal_file_loads(tmp_path: Path) -> None:
    scheme = load_scheme(_write(tmp_path, GOOD.format(name="broken")))
    assert scheme.name == "broken" and scheme.transliterate("Київ") == "Kyiv"


def test_bad_toml(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, 'name = "broken"\nlanguage = \n'))
    assert "broken.toml" in message and "TOML" in message and "line" in message


def test_missing_language(tmp_path: Path) -> None:
    text = GOOD.format(name="broken").replace('language = "uk"\n', "")
    message = _error(_write(tmp_path, text))
    assert "broken.toml" in message and "'scheme'" in message and "'language'" in message


def test_bad_language(tmp_path: Path) -> None:
    text = GOOD.format(name="broken").replace('language = "uk"', 'language = "be"')
    message = _error(_write(tmp_path, text))
    assert "'language'" in message and "be" in message


def test_mapping_value_not_a_string(tmp_path: Path) -> None:
    text = GOOD.format(name="broken").replace('"в" = "v"', '"в" = 3')
    message = _error(_write(tmp_path, text))
    assert "broken.toml" in message and "'mapping'" in message and "'в'" in message
    assert "string" in message


def test_unknown_key(tmp_path: Path) -> None:
    text = GOOD.format(name="broken").replace('source = "test"', 'source = "test"\nsorce = "x"')
    message = _error(_write(tmp_path, text))
    assert "broken.toml" in message and "'scheme'" in message and "'sorce'" in message
    assert "unknown key" in message


def test_unknown_key_in_rule(tmp_path: Path) -> None:
    text = GOOD.format(name="broken") + '\n[[rule]]\nletters = "к"\nvalue = "c"\nafterr = "а"\n'
    message = _error(_write(tmp_path, text))
    assert "'rule 1'" in message and "'afterr'" in message


def test_failing_sample(tmp_path: Path) -> None:
    text = GOOD.format(name="broken").replace(
        'samples = [["Київ", "Kyiv"]]', 'samples = [["Київ", "Kyiv"], ["Київ", "Kiev"]]'
    )
    message = _error(_write(tmp_path, text))
    assert "broken.toml" in message and "'sample 2'" in message and "'samples'" in message
    assert "Kiev" in message and "Kyiv" in message


def test_name_must_match_file(tmp_path: Path) -> None:
    message = _error(_write(tmp_path, GOOD.format(name="other")))
    assert "'name'" in message and "other" in message


def test_bad_keys_and_values(tmp_path: Path) -> None:
    text = (
        GOOD.format(name="broken")
        + '"kk" = "x"\n'
        + '\n[sequence_mapping]\n"зГ" = "zgh"\n'
        + '\n[prev_mapping]\n"абв" = "x"\n'
        + '\n[ending_mapping]\n"ий" = "ий"\n'
        + '\n[alternative_endings]\n"ий" = "y"\n'
    )
    message = _error(_write(tmp_path, text))
    for part in ("'kk'", "'зГ'", "'абв'", "'ending_mapping'", "'alternative_endings'"):
        assert part in message


def test_load_schemes_reports_all_files(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.format(name="one").replace('"в" = "v"', '"в" = 1'), name="one")
    _write(tmp_path, "not toml [", name="two")
    _write(tmp_path, GOOD.format(name="fine"), name="fine")
    with pytest.raises(LexiconError) as info:
        load_schemes(tmp_path)
    message = str(info.value)
    assert "one.toml" in message and "two.toml" in message and "fine.toml" not in message
    assert len(info.value.problems) == 2


def test_load_schemes_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LexiconError):
        load_schemes(tmp_path / "nope")
