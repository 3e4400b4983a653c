"""The held-out evaluation sets, as regression guards (numbers: tests/data/*_eval_README.md).

The thresholds sit just under the measured scores, and the trap lines that change are
listed by name, so any new false edit fails the suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transclean import Cleaner

DATA = Path(__file__).resolve().parent / "data"

# Trap lines that change today, each a known and reported false edit.
KNOWN_FALSE_EDITS = {"Soviet cosmonaut Andriyan Nikolayev flew aboard Vostok 3."}


def _dev(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, expected = line.split("\t")[:2]
            rows.append((source, expected))
    return rows


def _traps(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("dev", "floor"), [("names_dev.tsv", 0.95), ("fuzzy_dev.tsv", 0.84)])
def test_dev_set_accuracy(cleaner: Cleaner, dev: str, floor: float) -> None:
    rows = _dev(dev)
    correct = sum(cleaner.clean(source).text == expected for source, expected in rows)
    assert correct / len(rows) >= floor, f"{correct}/{len(rows)}"


@pytest.mark.parametrize("traps", ["names_traps.txt", "fuzzy_traps.txt"])
def test_traps_unchanged(cleaner: Cleaner, traps: str) -> None:
    changed = {line for line in _traps(traps) if cleaner.clean(line).text != line}
    assert changed <= KNOWN_FALSE_EDITS, sorted(changed - KNOWN_FALSE_EDITS)


def test_generated_garbles_across_the_lexicon(cleaner: Cleaner) -> None:
    """Garbles drawn afresh from the lexicon (scripts/make_garbles.py, a seed not used
    while tuning): at least 85% repaired, as issue 3 asks of unseen garbles."""
    import contextlib
    import importlib.util
    import io

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_garbles.py"
    spec = importlib.util.spec_from_file_location("make_garbles", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main(["--seed", "101", "--per-family", "20"])
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert len(rows) > 120
    correct = sum(cleaner.clean(text).text == expected for text, expected, _ in rows)
    assert correct / len(rows) >= 0.85, f"{correct}/{len(rows)}"
