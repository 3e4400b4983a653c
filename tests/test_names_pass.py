"""The names pass: targets next to their traps."""

from __future__ import annotations

import pytest

from transclean import Cleaner

FIXED = [
    # case styles and word shapes
    ("KIEV UNDER FIRE", "KYIV UNDER FIRE"),
    ("Kiev's mayor spoke.", "Kyiv's mayor spoke."),
    ("Kiev’s mayor spoke.", "Kyiv’s mayor spoke."),
    ("pro-Kiev forces", "pro-Kyiv forces"),
    ("the Kiev-based outlet", "the Kyiv-based outlet"),
    ("(Kharkov)", "(Kharkiv)"),
    ("Kharkov, Odessa and Nikolaev", "Kharkiv, Odesa and Mykolaiv"),
    # schemes
    ("Selenskyj traf Scholz.", "Zelenskyy traf Scholz."),
    ("near Saporischschja", "near Zaporizhzhia"),
    ("near Charkiw", "near Kharkiv"),
    ("in Zaporozhye", "in Zaporizhzhia"),
    ("in Gorlovka", "in Horlivka"),
    ("President Zelenskiy said", "President Zelenskyy said"),
    ("ZELENSKY'S PLAN", "ZELENSKYY'S PLAN"),
    ("Minister Shoygu", "Minister Shoigu"),
    # full names: given name repaired only together with the surname
    ("Kirill Budanov, head of intelligence", "Kyrylo Budanov, head of intelligence"),
    ("Valery Zaluzhny said", "Valerii Zaluzhnyi said"),
    ("Mikhail Fedorov, the digital minister", "Mykhailo Fedorov, the digital minister"),
    ("Vladimir Zelensky spoke", "Volodymyr Zelenskyy spoke"),
    ("VLADIMIR ZELENSKY", "VOLODYMYR ZELENSKYY"),
    # places of several words, regions
    ("Kharkovskaya oblast", "Kharkiv Oblast"),
    ("Verkhovnaya Rada", "Verkhovna Rada"),
    # literal translation of a surname beside the person's given name
    ("Oleksiy candle will take over.", "Oleksii Svichka will take over."),
    # a correct name in capitals mid-sentence, or in broken case, is damage
    (
        "Police in LUHANSK said three people were detained.",
        "Police in Luhansk said three people were detained.",
    ),
    ("Vyacheslav GLADKOV met the commanders.", "Vyacheslav Gladkov met the commanders."),
    ("Police in kRAMATORSK said", "Police in Kramatorsk said"),
    (
        "on the outskirts of KrYvYi Rih, the staff said",
        "on the outskirts of Kryvyi Rih, the staff said",
    ),
    ("Air raid sirens sounded in LVIV overnight.", "Air raid sirens sounded in Lviv overnight."),
    ("MOSCOW UNDER FIRE\nPolice in LUHANSK said", "MOSCOW UNDER FIRE\nPolice in Luhansk said"),
    # Unicode punctuation as boundaries
    ("«Kiev»", "«Kyiv»"),
    ("Kiev—Kharkov", "Kyiv—Kharkiv"),
]

UNCHANGED = [
    # the correct spellings
    "Kyiv, Kharkiv, Odesa, Mykolaiv, Zaporizhzhia and Volodymyr Zelenskyy.",
    # inside longer words: Unicode-aware boundaries
    "the Kievan Rus state",
    "Kieväki",
    "Kiev2024",
    "Kiev_news",
    # lower case, URLs, handles, hashtags
    "kiev in lower case",
    "see https://kyivindependent.com/Kiev-news",
    "mail press@Kiev.example",
    "@Kiev_news and #Kiev",
    # a given name alone is too ambiguous to change
    "Kirill said hello.",
    "Alexander arrived.",
    # someone else's given name before a shared surname
    "Sergei Fedorov scored twice.",
    "Sergei Fyodorov scored twice.",
    "Roman Polanski directed it.",
    # look-alike names from elsewhere in the world
    "Alexander Stubb met Kiel, Lugano and Belgrade officials.",
    "Sirius and Syria and Sudan",
    # protected phrases
    "She ordered chicken Kiev.",
    "CHICKEN KIEV",
    "Odessa, Texas is in Ector County.",
    "The Odessa File is a novel.",
    # a literal translation without the person's given name is a word
    "a candle burned in the window",
    "Candle makers met on Monday.",
    # a correct multi-word name is never cut into
    "Staryi Krym",
    # capitals the layout sets: headlines, headings, datelines, credits, emphasis, acronyms
    "LUHANSK UNDER FIRE",
    "Ukraine said on Monday that KYIV UNDER FIRE",
    "LUHANSK\nThe city was shelled.",
    "KYIV, March 3 (Reuters) - Ukraine said on Monday that talks would go on.",
    "KHARKIV, Ukraine \u2014 Missiles struck the city.",
    "Photo: SERGEI SUPINSKY/AFP via Getty Images",
    "nobody really LISTENS to lectures in MOSCOW, either!",
    "The MENA region includes Egypt and Morocco.",
    # an accepted spelling in its own mixed case
    "Reports from MediaZona on Monday.",
]


@pytest.mark.parametrize(("text", "expected"), FIXED)
def test_fixed(cleaner: Cleaner, text: str, expected: str) -> None:
    result = cleaner.clean(text)
    assert result.text == expected
    assert cleaner.clean(result.text).text == result.text


@pytest.mark.parametrize("text", UNCHANGED)
def test_unchanged(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    assert result.text == text
    assert result.edits == ()


def test_edit_explains_itself(cleaner: Cleaner) -> None:
    text = "Officials in Kiev said."
    (edit,) = cleaner.clean(text).edits
    assert (edit.start, edit.end, edit.before, edit.after) == (13, 17, "Kiev", "Kyiv")
    assert edit.pass_name == "names"
    assert edit.rule == "ua-city-kyiv"
    assert "Kyiv" in edit.reason and "spelling" in edit.reason


def test_offsets_map_through_a_length_change(cleaner: Cleaner) -> None:
    text = "Fighting near Zaporozhye today."
    result = cleaner.clean(text)
    assert result.text == "Fighting near Zaporizhzhia today."
    assert result.input_to_output(text.index("today")) == result.text.index("today")
    assert result.output_to_input(result.text.index("today")) == text.index("today")


def test_lone_surrogates_in_library_input(cleaner: Cleaner) -> None:
    text = "\udcff Kiev \udcfe"
    assert cleaner.clean(text).text == "\udcff Kyiv \udcfe"


def test_non_str_input_is_a_type_error(cleaner: Cleaner) -> None:
    with pytest.raises(TypeError):
        cleaner.clean(b"Kiev")  # type: ignore[arg-type]


def test_cleaner_is_immutable(cleaner: Cleaner) -> None:
    with pytest.raises(AttributeError):
        cleaner.options = None  # type: ignore[misc]


def test_passes_can_be_switched_off() -> None:
    assert Cleaner(skip=["names"]).clean("Kiev").text == "Kiev"


def test_dotted_capital_i_keeps_offsets(cleaner: Cleaner) -> None:
    # "İ" lower-cases to two characters; offsets must still line up.
    assert cleaner.clean("İstanbul and Kiev").text == "İstanbul and Kyiv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A place spelling that is a damaged given name of the person whose surname follows
        # is that given name (the fuzzy pass repairs it), not the town Romny.
        ("Romn Abramovich said it.", "Roman Abramovich said it."),
        # A place spelling far from that person's given names is still the place.
        ("In Kiev Zelensky met them.", "In Kyiv Zelenskyy met them."),
        ("Romn is a town in Sumy Oblast.", "Romny is a town in Sumy Oblast."),
    ],
)
def test_place_spelling_before_a_persons_surname(
    cleaner: Cleaner, text: str, expected: str
) -> None:
    assert cleaner.clean(text).text == expected
