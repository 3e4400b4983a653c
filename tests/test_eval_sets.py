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
