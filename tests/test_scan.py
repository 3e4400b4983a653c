"""The shared scan: matches carried over edits are the matches a new scan would find, and a
Cleaner that shares the scan gives what running each pass on its own gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from strategies import cleaner, hostile_text, news_text

from transclean.edits import Edit, apply_edits
from transclean.passes.base import FindsStrings
from transclean.scan import SharedStrings

ALPHABET = "ab c\u00e9\U0001f600"
pieces = st.text(alphabet=ALPHABET, max_size=6)


def fresh(strings: SharedStrings, text: str, name: str) -> list[tuple[int, int, int]]:
    return strings.scan(text).of(name)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    """A text and sorted, non-overlapping edits on it: replacements, deletions, insertions."""
    text = draw(st.text(alphabet=ALPHABET, max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        after = draw(pieces)
        if text[start:end] != after:
            edits.append(Edit(start, end, text[start:end], after, "test", "r", "why"))
    return text, edits


@given(
    st.dictionaries(
        st.sampled_from(["one", "two"]),
        st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), max_size=6),
        min_size=1,
    ),
    st.lists(edited(), min_size=1, max_size=3),
)
def test_matches_after_edits_are_a_new_scans(
    strings_of: dict[str, list[str]], rounds: list[tuple[str, list[Edit]]]
) -> None:
    strings = SharedStrings(strings_of)
    text = rounds[0][0]
    matches = strings.scan(text)
    for _, edits in rounds:
        # Each round's edits are redrawn on the current text's length.
        edits = [e for e in edits if e.end <= len(text)]
        edits = [Edit(e.start, e.end, text[e.start : e.end], e.after, "t", "r", "w") for e in edits]
        changed = apply_edits(text, edits)
        matches = matches.after(changed, edits)
        text = changed
        for name in strings_of:
            assert matches.of(name) == fresh(strings, text, name)


def test_matches_after_a_known_case() -> None:
    strings = SharedStrings({"p": ["she", "her", "Kyiv"], "q": ["her", "Kyiv region"]})
    text = "Kiev said her Kiev region"
    edits = [
        Edit(0, 4, "Kiev", "Kyiv", "names", "x", "y"),
        Edit(14, 18, "Kiev", "Kyiv", "names", "x", "y"),
    ]
    changed = apply_edits(text, edits)
    matches = strings.scan(text).after(changed, edits)
    assert matches.of("p") == [(2, 0, 4), (1, 10, 13), (2, 14, 18)]
    assert matches.of("q") == [(0, 10, 13), (1, 14, 25)]
    assert matches.of("p") == fresh(strings, changed, "p")


def _one_by_one(text: str) -> str:
    """Every pass on its own scan, as before the scan was shared."""
    current = text
    built = cleaner()
    for step in built._passes:
        found = step.run(current)
        found = [e for e in found if e.score is None or e.score >= built.options.min_score]
        current = apply_edits(current, found)
    return current


def test_the_default_cleaner_shares_the_scan() -> None:
    built = cleaner()
    sharing = [p.name for p in built._passes if isinstance(p, FindsStrings)]
    assert sharing == ["surnames", "rules", "pronouns"]
    assert built._shared is not None


@given(st.one_of(news_text(), hostile_text()))
def test_shared_scan_cleans_as_each_pass_alone(text: str) -> None:
    assert cleaner().clean(text).text == _one_by_one(text)


def test_shared_scan_on_a_text_every_sharing_pass_edits() -> None:
    text = (
        "Ivan Frost met Olena Moroz in Kyiv. Ukraine said she will not yield, and "
        "the photo came through Getty Images. Ukraine and her allies met."
    )
    assert cleaner().clean(text).text == _one_by_one(text)
