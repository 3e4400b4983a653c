"""The rules pass: the engine, the shipped rules with their examples, and the traps beside them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from transclean.edits import Edit, apply_edits
from transclean.errors import LexiconError, TranscleanError
from transclean.passes.rules import RulesPass, builtin_rules_dir, load_rules

DATA = Path(__file__).resolve().parent / "data"
PROSE = sorted((DATA / "prose").glob("*.txt"))
PASS = RulesPass.builtin()
RULES = list(PASS.rules)


def fix(text: str, rules_pass: RulesPass = PASS) -> str:
    edits = rules_pass.run(text)
    check_edits(text, edits)
    return apply_edits(text, edits)


def check_edits(text: str, edits: list[Edit]) -> None:
    pos = 0
    for edit in edits:
        assert edit.start >= pos, "edits overlap or are unsorted"
        assert text[edit.start : edit.end] == edit.before
        assert edit.pass_name == "rules" and edit.reason and edit.before != edit.after
        pos = edit.end


# --- the shipped rules ---------------------------------------------------------------


def test_shipped_rules_are_documented_and_tested() -> None:
    assert len(RULES) >= 10
    for rule in RULES:
        assert len(rule.examples) >= 2, rule.id
        assert len(rule.counterexamples) >= 2, rule.id
        assert rule.triggers, f"{rule.id}: shipped rules carry triggers (speed)"
        assert rule.id in (builtin_rules_dir() / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "expected"),
    [pair for rule in RULES for pair in rule.examples],
)
def test_examples_with_all_rules(source: str, expected: str) -> None:
    out = fix(source)
    assert out == expected
    assert PASS.run(out) == [], "a fixed text must not trigger the pass again"


@pytest.mark.parametrize("text", [c for rule in RULES for c in rule.counterexamples])
def test_counterexamples_with_all_rules(text: str) -> None:
    assert PASS.run(text) == []


SEED_EXPECTED = [
    ("through", "via", "credit-via-agency"),  # Social media through Reuters
    ("fatigue", "fatigues", "military-fatigues"),  # Dressed in military fatigue,
    ("his ", "", "shake-hands-no-possessive"),  # shaking his hands with Valery Gerasimov
    ("through", "via", "credit-via-agency"),  # Kremlin Press Office/Anadolu through Getty Images
]


def test_seed_article_items_and_nothing_else() -> None:
    text = (DATA / "seed_article.txt").read_text(encoding="utf-8")
    edits = PASS.run(text)
    check_edits(text, edits)
    assert [(e.before, e.after, e.rule) for e in edits] == SEED_EXPECTED
    out = apply_edits(text, edits)
    for line in (
        "Social media via Reuters\n",
        "Kremlin Press Office/Anadolu via Getty Images\n",
        "is seen shaking hands with Valery Gerasimov",
        "Dressed in military fatigues, he told",
    ):
        assert line in out
    assert PASS.run(out) == []


@pytest.mark.parametrize("path", PROSE, ids=lambda p: p.name)
def test_prose_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    edits = PASS.run(text)
    assert not edits, [(e.before, e.after, text[max(0, e.start - 60) : e.end + 20]) for e in edits]


def test_prose_throughput() -> None:
    """Measured ~120-260 MB/s; the floor only catches a pass that lost its trigger scan."""
    text = "".join(p.read_text(encoding="utf-8") for p in PROSE)
    start = time.perf_counter()
    PASS.run(text)
    rate = len(text.encode()) / (time.perf_counter() - start) / 1e6
    assert rate > 15, f"{rate:.1f} MB/s"


def _dev() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "rules_dev.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, expected = line.split("\t")[:2]
            rows.append((source, expected))
    return rows


def _traps() -> list[str]:
    lines = (DATA / "rules_traps.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def test_dev_set() -> None:
    rows = _dev()
    assert len(rows) >= 60
    missed = [(s, fix(s)) for s, e in rows if fix(s) != e]
    assert len(missed) <= len(rows) * 0.05, missed


def test_traps() -> None:
    traps = _traps()
    assert len(traps) >= 60
    assert [t for t in traps if PASS.run(t)] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # line ends and the end of the text are both credit-line ends
        (
            "Caption.\r\nSocial media through Reuters\r\n",
            "Caption.\r\nSocial media via Reuters\r\n",
        ),
        ("Social media through Reuters", "Social media via Reuters"),
        ("A\n\nLibkos through AP\n\nB", "A\n\nLibkos via AP\n\nB"),
        # case kept by match_case
        ("GOT under fire", "GOT under fire"),
        ("Got under fire, they fell back.", "Came under fire, they fell back."),
        ("PRIME-MINISTER", "PRIME MINISTER"),
    ],
)
def test_shapes(source: str, expected: str) -> None:
    assert fix(source) == expected


def test_credit_needs_a_short_line() -> None:
    long_credit = " ".join(["Name"] * 9) + " through Reuters"
    assert fix(long_credit) == long_credit.replace("through", "via")
    prose_line = "Social media " + "x" * 120 + " through Reuters"
    assert PASS.run(prose_line) == []


# --- the engine: loading and validation ------------------------------------------------

GOOD_RULE = """
[[rule]]
id = "{id}"
pattern = '''{pattern}'''
replacement = "{replacement}"
reason = "test"
examples = [{examples}]
counterexamples = [{counterexamples}]
{extra}
"""


def write_rule(
    tmp: Path,
    name: str = "user.toml",
    id: str = "colour",
    pattern: str = r"\bcolor\b",
    replacement: str = "colour",
    examples: str = '["a color", "a colour"]',
    counterexamples: str = '"colorful"',
    extra: str = "",
    head: str = "",
) -> Path:
    path = tmp / name
    body = GOOD_RULE.format(
        id=id,
        pattern=pattern,
        replacement=replacement,
        examples=examples,
        counterexamples=counterexamples,
        extra=extra,
    )
    path.write_text(head + body, encoding="utf-8")
    return path


def problems_of(paths: list[Path]) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(LexiconError) as info:
        load_rules(paths)
    return [(p.entry, p.field, p.message) for p in info.value.problems]


def test_user_rules_load_and_run(tmp_path: Path) -> None:
    path = write_rule(tmp_path)
    user = RulesPass(load_rules([path]))
    assert fix("The color red, and color.", user) == "The colour red, and colour."
    both = RulesPass.builtin(extra_paths=[path])
    text = "A color photo.\nSocial media through Reuters\n"
    assert fix(text, both) == "A colour photo.\nSocial media via Reuters\n"


def test_user_rules_use_builtin_lists(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        pattern=r"(?<=by ){agency}(?= staff)",
        replacement="an agency",
        examples='["taken by Reuters staff", "taken by an agency staff"]',
        counterexamples='"taken by Reuters"',
        id="agency-staff",
    )
    rules = load_rules([builtin_rules_dir(), path])
    assert fix("shot by AFP staff", RulesPass(rules)) == "shot by an agency staff"


@pytest.mark.parametrize(
    ("kwargs", "entry", "field", "message"),
    [
        ({"pattern": r"(?P<x"}, "colour", "pattern", "does not compile"),
        ({"pattern": r"\bcolor{nolist}"}, "colour", "pattern", "unknown list placeholder"),
        ({"replacement": r"\\g<nogroup>"}, "colour", "replacement", "not a valid template"),
        ({"examples": '["a color", "a colr"]'}, "colour", "examples", "expected 'a colr'"),
        ({"examples": '["a color", "a color"]'}, "colour", "examples", "input equals output"),
        ({"examples": '["a color"]'}, "colour", "examples", "pair"),
        ({"examples": ""}, "colour", "examples", "at least one"),
        ({"counterexamples": '"one color"'}, "colour", "counterexamples", "changes to"),
        ({"counterexamples": "3"}, "colour", "counterexamples", "must be a non-empty string"),
        ({"id": "Bad Id"}, "Bad Id", "id", "ids are"),
        ({"extra": "colour = true"}, "colour", "colour", "unknown field"),
        ({"extra": 'case_sensitive = "no"'}, "colour", "case_sensitive", "must be bool"),
        ({"extra": "conditions = { max_width = 3 }"}, "colour", "conditions", "unknown condition"),
        ({"extra": "triggers = []"}, "colour", "triggers", "at least one"),
        ({"extra": 'triggers = ["{nolist}"]'}, "colour", "triggers", "unknown list"),
        (
            {"pattern": "ab", "replacement": "aab", "examples": '["ab", "aab"]'},
            "colour",
            "examples",
            "would change again",
        ),
    ],
)
def test_validation_names_file_rule_and_field(
    tmp_path: Path, kwargs: dict[str, str], entry: str, field: str, message: str
) -> None:
    path = write_rule(tmp_path, **kwargs)
    problems = problems_of([path])
    assert any(e == entry and f == field and message in m for e, f, m in problems), problems
    with pytest.raises(LexiconError) as info:
        load_rules([path])
    assert str(path) in str(info.value)


def test_missing_fields(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rule]]\nid = "half"\npattern = "x"\n', encoding="utf-8")
    fields = {f for e, f, m in problems_of([path]) if e == "half" and m == "missing"}
    assert fields == {"replacement", "reason", "examples", "counterexamples"}


def test_duplicate_ids_and_lists_across_files(tmp_path: Path) -> None:
    lists = '[lists]\nthings = ["a"]\n'
    first = write_rule(tmp_path, name="a.toml", head=lists)
    second = write_rule(tmp_path, name="b.toml", head=lists)
    problems = problems_of([first, second])
    assert ("colour", "id", f"duplicate id; first defined in {first}") in problems
    assert any(e == "lists.things" and "already declared" in m for e, f, m in problems)


def test_unknown_table_and_bad_toml(tmp_path: Path) -> None:
    path = write_rule(tmp_path, head="[rules]\nx = 1\n")
    assert any(f == "rules" and "unknown table" in m for e, f, m in problems_of([path]))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[rule]\n", encoding="utf-8")
    assert any("not valid TOML" in m for e, f, m in problems_of([broken]))


def test_catastrophic_pattern_fails_clearly(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        id="slow",
        pattern=r"(?:a|aa)+b",
        replacement="x",
        examples='["aab", "x"]',
        counterexamples='"c"',
    )
    slow = RulesPass(load_rules([path], timeout=0.2), timeout=0.2)
    start = time.monotonic()
    with pytest.raises(TranscleanError) as info:
        slow.run("a" * 60)
    assert time.monotonic() - start < 10
    assert "'slow'" in str(info.value) and str(path) in str(info.value)


def test_catastrophic_example_is_a_load_error(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        id="slow",
        pattern=r"(?:a|aa)+b",
        replacement="x",
        examples='["aab", "x"]',
        counterexamples='"' + "a" * 60 + '"',
    )
    with pytest.raises(LexiconError) as info:
        load_rules([path], timeout=0.2)
    assert any(p.entry == "slow" and p.field == "pattern" for p in info.value.problems)


def test_leftmost_first_then_rule_order(tmp_path: Path) -> None:
    path = tmp_path / "order.toml"
    path.write_text(
        """
[[rule]]
id = "long"
pattern = 'bc d'
replacement = 'X'
reason = "t"
examples = [["bc d", "X"]]
counterexamples = ["bcd"]

[[rule]]
id = "short"
pattern = 'ab'
replacement = 'Y'
reason = "t"
examples = [["ab", "Y"]]
counterexamples = ["a b"]

[[rule]]
id = "same-start"
pattern = 'bc'
replacement = 'Z'
reason = "t"
triggers = ["bc"]
examples = [["bc", "Z"]]
counterexamples = ["b c"]
""",
        encoding="utf-8",
    )
    rules = RulesPass(load_rules([path]))
    # "ab" starts first and wins; "bc d" then cannot overlap it, "bc" neither.
    assert fix("abc d", rules) == "Yc d"
    # at one position the rule listed first wins ("long" before "same-start")
    assert fix("xbc d", rules) == "xX"
    assert fix("xbc e", rules) == "xZ e"


def test_inline_flags_and_backreferences_scan_alone(tmp_path: Path) -> None:
    path = tmp_path / "flags.toml"
    path.write_text(
        """
[[rule]]
id = "loud"
pattern = '(?i)\\bkyiv\\b'
replacement = 'Kyiv'
reason = "t"
examples = [["KYIV", "Kyiv"]]
counterexamples = ["Kyiv"]

[[rule]]
id = "double"
pattern = '\\b(\\w+) \\1\\b'
replacement = '\\1'
reason = "t"
examples = [["the the", "the"]]
counterexamples = ["the then"]

[[rule]]
id = "plain"
pattern = '\\bteh\\b'
replacement = 'the'
reason = "t"
examples = [["teh", "the"]]
counterexamples = ["Teh"]
""",
        encoding="utf-8",
    )
    rules = RulesPass(load_rules([path]))
    assert fix("kyiv: teh the the Teh", rules) == "Kyiv: the the Teh"


def test_matches_stay_on_one_line(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        pattern=r"color\s+red",
        replacement="red",
        examples='["color  red", "red"]',
        counterexamples='"color\\nred"',
    )
    assert PASS.run("") == []
    assert fix("color\nred color red", RulesPass(load_rules([path]))) == "color\nred red"


def test_case_insensitive_rules_share_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "nocase.toml"
    path.write_text(
        """
[[rule]]
id = "kiev"
pattern = '\\bkiev\\b'
replacement = 'Kyiv'
reason = "t"
case_sensitive = false
examples = [["KIEV", "Kyiv"], ["kiev", "Kyiv"]]
counterexamples = ["Kievan"]

[[rule]]
id = "odessa"
pattern = '\\bodessa\\b'
replacement = 'Odesa'
reason = "t"
case_sensitive = false
examples = [["ODESSA", "Odesa"]]
counterexamples = ["Odessan"]
""",
        encoding="utf-8",
    )
    rules = RulesPass(load_rules([path]))
    assert fix("Kiev and ODESSA, Kievan", rules) == "Kyiv and Odesa, Kievan"


def test_dev_outputs_are_fixed_points() -> None:
    assert [e for _, e in _dev() if PASS.run(e)] == []
