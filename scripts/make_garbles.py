"""Generate a held-out set of garbled names from the built-in lexicon (seeded, reproducible).

Hand-written dev sets stop being held out once the code is tuned on them; this one is drawn
afresh from the lexicon with a new seed whenever needed. Each line is
``input<TAB>expected<TAB>family`` (the format of tests/data/fuzzy_dev.tsv), so
scripts/score_names.py scores it:

    PYTHONPATH=src python scripts/make_garbles.py --seed 7 --per-family 60 > /tmp/garbles.tsv
    PYTHONPATH=src python scripts/score_names.py --dev /tmp/garbles.tsv \
        --traps tests/data/fuzzy_traps.txt

Families: double (a letter doubled), drop (one dropped), swap (two neighbours swapped),
substitute (one replaced by a neighbour on the keyboard), case (mid-sentence capitals or
broken case), headline (capitals headline with one edit), given (a person's given name
damaged beside the correct surname). The first letter is never damaged: OCR and
translation damage rarely reach it, and the fuzzy pass bands its search by it.
"""

from __future__ import annotations

import argparse
import random
import sys

from transclean import Cleaner
from transclean.text import fold

PLACE_TEMPLATES = (
    "Officials in {} said the water supply had been restored.",
    "Russian forces shelled {} overnight, the regional governor said.",
    "The road to {} was cut by drone strikes on Tuesday.",
    "Residents who fled {} described days without electricity.",
    "A convoy of aid trucks reached {} on Friday morning.",
)
PERSON_TEMPLATES = (
    "{} said the decision had been agreed with the allies.",
    "In a statement on Monday, {} denied the reports.",
    "The interview with {} was broadcast on national television.",
    "Journalists asked {} about the prisoner exchange.",
)
HEADLINES = ("{} UNDER FIRE", "{} DENIES THE REPORTS", "TALKS WITH {} STALL")
KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def _neighbour(ch: str, rng: random.Random) -> str:
    rows = KEYBOARD.split()
    for row in rows:
        i = row.find(ch.lower())
        if i >= 0:
            options = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return rng.choice(options)
    return ch


def garble(word: str, family: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    if family == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    if family == "drop":
        return word[:i] + word[i + 1 :]
    if family == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if family == "substitute":
        new = _neighbour(word[i], rng)
        return word[:i] + new + word[i + 1 :]
    raise ValueError(family)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-family", type=int, default=50)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    cleaner = Cleaner()
    guards = cleaner.lexicon.guards
    common = guards.english_words | guards.given_names | guards.surnames

    def usable(word: str) -> bool:
        return len(word) >= 5 and word.isalpha() and fold(word) not in common

    places = sorted(
        e.canonical for e in cleaner.lexicon.entities if e.kind == "place" and usable(e.canonical)
    )
    people = sorted(
        (e.canonical.rsplit(" ", 1)[0], e.canonical.rsplit(" ", 1)[1])
        for e in cleaner.lexicon.entities
        if e.kind == "person" and " " in e.canonical and usable(e.canonical.rsplit(" ", 1)[1])
    )
    rows: list[tuple[str, str, str]] = []
    for family in ("double", "drop", "swap", "substitute"):
        for _ in range(args.per_family):
            if rng.random() < 0.5:
                name = rng.choice(places)
                template = rng.choice(PLACE_TEMPLATES)
                bad = garble(name, family, rng)
                rows.append((template.format(bad), template.format(name), family))
            else:
                given, surname = rng.choice(people)
                template = rng.choice(PERSON_TEMPLATES)
                bad = garble(surname, family, rng)
                rows.append(
                    (
                        template.format(f"{given} {bad}"),
                        template.format(f"{given} {surname}"),
                        family,
                    )
                )
    for _ in range(args.per_family):
        name = rng.choice(places)
        template = rng.choice(PLACE_TEMPLATES)
        if rng.random() < 0.5:
            bad = name.upper()
        else:
            bad = "".join(ch.upper() if rng.random() < 0.4 else ch.lower() for ch in name)
            bad = bad[0].upper() + bad[1:] if rng.random() < 0.5 else bad
        if bad != name:
            rows.append((template.format(bad), template.format(name), "case"))
    for _ in range(args.per_family):
        name = rng.choice(places)
        template = rng.choice(HEADLINES)
        bad = garble(name, rng.choice(("double", "drop", "swap")), rng).upper()
        rows.append((template.format(bad), template.format(name.upper()), "headline"))
    for _ in range(args.per_family):
        given, surname = rng.choice(people)
        if len(given) < 5 or " " in given:
            continue
        template = rng.choice(PERSON_TEMPLATES)
        bad = garble(given, rng.choice(("double", "drop", "swap", "substitute")), rng)
        rows.append(
            (template.format(f"{bad} {surname}"), template.format(f"{given} {surname}"), "given")
        )
    for text, expected, family in rows:
        if text != expected:
            sys.stdout.write(f"{text}\t{expected}\t{family}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
