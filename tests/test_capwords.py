"""The C loop that reads capitalised words agrees with the regex it stands in for."""

from __future__ import annotations

import shutil
import sysconfig

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import COMBINING, EMOJI, LONE_SURROGATES, ZERO_WIDTH

from transclean import Cleaner, capwords, compiled

# Words and joins where the pattern's branches turn: hyphens (one word or two between
# capitals), case, word characters that are not letters (digits, '_', marks), apostrophes,
# surrogates, and text beyond the BMP (a UCS-4 string).
WORDS = st.one_of(
    st.sampled_from(("Kyiv", "Ivano", "on", "Don", "IPhone", "iPhone", "ŁÓDŹ", "x\u0301")),
    st.sampled_from(("A", "a", "É", "é", "Ǆ", "ǅ", "7", "_", "")),
    st.characters(max_codepoint=0xFFFF),
    st.characters(),
)
JOINS = st.one_of(
    st.sampled_from(("-", "-", "-", " ", "", "'", "’", "--", "\u2011", "\n")),
    st.sampled_from(COMBINING + ZERO_WIDTH + EMOJI),
    LONE_SURROGATES,
)
# Few words and joins, so that hyphen chains (Rostov-on-Don, X-Y-Z, Kyiv--Odesa) are common.
CHAINS = st.tuples(
    st.sampled_from(("Kyiv", "on", "Don", "É", "7", "_", "")), st.sampled_from(("-", "-", " ", ""))
)
TEXTS = st.one_of(st.lists(st.tuples(WORDS, JOINS)), st.lists(CHAINS)).map(
    lambda pairs: "".join(word + join for word, join in pairs)
)

needs_c = pytest.mark.skipif(not capwords.compiled(), reason="the C loop is not built here")


@given(TEXTS)
@example("Rostov-on-Don, Kyiv-on-, Kyiv--Odesa, X-Y-Z, -A a-B, iPhone-Kyiv, É-é-Ž")  # branches
@example("Ǆa ǅa Ⓐa Kyiv_1 Ky7iv Ki\u0301ev \udc80Kyiv Kyiv\u2011Odesa")
def test_the_loop_finds_what_the_regex_finds(text: str) -> None:
    expected = capwords.by_regex(text)
    assert capwords.by_loop(text) in (None, expected)
    assert capwords.capitalised_words(text) == expected
    long = text * (capwords.SHORT // max(len(text), 1) + 1)
    assert capwords.capitalised_words(long) == capwords.by_regex(long)


@needs_c
def test_the_loop_reads_every_bmp_text() -> None:
    assert capwords.by_loop("Kyiv \udc80 Odesa") == (["Kyiv", "Odesa"], [0, 7])
    assert capwords.by_loop("Kyiv 😀") is None  # UCS-4: the regex reads it


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kyiv-based", ["Kyiv"]),
        ("Rostov-on-Don and Ivano-Frankivsk", ["Rostov-on-Don", "Ivano-Frankivsk"]),
        ("iPhone, McDonald's", ["McDonald"]),
        ("X-Y-Z -Q a-B", ["X-Y-Z", "Q", "B"]),
        ("ŁÓDŹ Žilina 3D", ["ŁÓDŹ", "Žilina"]),
        ("Kyiv 😀 Odesa", ["Kyiv", "Odesa"]),  # a UCS-4 text: the regex reads it
        ("", []),
    ],
)
def test_examples(text: str, words: list[str]) -> None:
    found, starts = capwords.capitalised_words(text)
    assert found == words
    assert [text[s : s + len(w)] for w, s in zip(found, starts, strict=True)] == words


def test_capitals_are_word_characters() -> None:
    """The C loop takes a capital for the start of a word: every \\p{Lu} must be \\w."""
    table = capwords.class_table()
    assert len(table) == 0x10000
    assert all(flags & 1 for flags in table if flags & 2)
    assert table[ord("A")] == 3 and table[ord("a")] == 1 and table[ord("-")] == 0


@needs_c
def test_a_bad_table_is_an_error() -> None:
    from transclean._capwords import capitalised_words

    with pytest.raises(ValueError, match="65536 bytes"):
        capitalised_words("Kyiv", b"\x00")


def test_built_where_a_compiler_is() -> None:
    """An install on a machine with a C compiler builds the three loops: a build that silently
    fell back to the regexes and the automaton would cost ~30 ms a megabyte and pass every
    other test."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip("no C compiler: the regex does the work")
    loops = (
        compiled.capitalised_words,
        compiled.doubled_lower_words,
        compiled.find_word_keys,
        compiled.build_word_keys,
    )
    assert all(loop is not None for loop in loops) or compiled.pure_python_asked()


def test_the_fuzzy_pass_is_the_same_without_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Ukraine said Sudzhha fell. SYKSKI added that KyIw and Ivano-Frankivvsk held. "
        "Olexisiy candle and Anna-Olexisiy candle took over; Dmyl Krasylnykov was removed.\n"
    )
    cleaner = Cleaner(passes=["names", "fuzzy"], cache=False)
    compiled = cleaner.clean(text)
    monkeypatch.setattr(capwords, "_SCAN", None)
    fresh = Cleaner(passes=["names", "fuzzy"], cache=False)
    assert fresh.clean(text) == compiled
    assert "Sudzha" in compiled.text and "Oleksii Svichka and Anna-Oleksii Svichka" in compiled.text
