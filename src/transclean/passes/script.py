"""The script pass: repair the letters themselves before any name is looked at.

It runs first, in three stages whose edits are composed into one list in input coordinates:

1. **Mojibake.** UTF-8 read as Windows-1252/Latin-1 (``Zelenskyyâ€™s``, ``CafÃ©``) is
   repaired by ``ftfy.fix_encoding`` with every other ftfy fix switched off (quotes,
   dashes, line breaks, width and normal form are left as they are), one whitespace-free
   token at a time so that each repair is an edit with exact offsets. UTF-8 read as
   Windows-1251 (``РљРёС—РІ``), which ftfy does not undo on a short token, is one round
   trip through ftfy's ``sloppy-windows-1251`` codec, kept only when it yields Ukrainian or
   Russian letters. A closing quote whose last byte was lost (``â€`` after an open ``“``)
   becomes ``”``.
2. **Look-alike letters.** A word that mixes Latin and Cyrillic letters becomes one
   script, using ``lexicons/script/homoglyphs.toml``: ``Kyіv`` (Cyrillic і) -> ``Kyiv``;
   ``Kиїв`` (Latin K) -> ``Київ``, which stage 3 then handles.
3. **Cyrillic words in English text.** A known entity's Cyrillic form (nominative, or a
   case form from ``lexicons/script/case_forms.toml``) becomes its canonical name; any
   other Cyrillic word is transliterated, by KMU 2010 when its letters (or its
   neighbours') say Ukrainian, by BGN/PCGN when they say Russian. Cyrillic that is meant
   to be Cyrillic (a run of several words, a mostly Cyrillic line, a quotation, a
   bracketed gloss, a word mentioned "in Ukrainian"; ``lexicons/script/meant.toml``) is
   left alone unless the pass is built with ``transliterate_all=True``.

Plain ASCII costs one ``str.isascii``; other text one C-level regex scan unless it holds
Cyrillic or a mojibake-looking pair.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from transclean.edits import Edit, apply_edits, compose
from transclean.errors import LexiconError, Problem
from transclean.lexicon import Lexicon, VariantIndex
from transclean.resources import builtin_lexicon_dir
from transclean.text import bounded, fold
from transclean.tomlfile import read_toml
from transclean.translit import Scheme, iter_words, load_scheme

NAME = "script"


# Only the encoding repair: everything ftfy would otherwise normalise stays as written.
@lru_cache(maxsize=1)
def _ftfy() -> Any:
    """ftfy and the config above, imported on the first suspected mojibake (it costs
    ~25 ms of start-up); importing ftfy.bad_codecs registers the sloppy codecs."""
    import ftfy
    import ftfy.bad_codecs

    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


# What bytes 0x80-0xBF (UTF-8 continuation bytes) look like when read as Windows-1252 and
# as Windows-1251: a lead byte's character followed by one of these is the mark of mojibake.
def _sloppy(data: bytes, page: str) -> str:
    """`data.decode("sloppy-windows-<page>")` without importing ftfy: the code page, with
    the bytes it leaves undefined read as Latin-1, as ftfy's sloppy codecs do."""
    return "".join(bytes([b]).decode(f"cp{page}", errors="ignore") or chr(b) for b in data)


_CONT_1252 = _sloppy(bytes(range(0x80, 0xC0)), "1252")
_CONT_1251 = _sloppy(bytes(range(0x80, 0xC0)), "1251")
_LATIN_HINT = "[\u00c2-\u00f4][" + re.escape(_CONT_1252) + "]"
# Р and С are lead bytes D0/D1 (a Cyrillic word is a string of such pairs: two in a row
# are asked for, since real words like Сімферополь start with one); вЂ is E2 80 (’ “ — ...).
_CP1251_HINT = "(?:[РС][" + re.escape(_CONT_1251) + "]){2}|вЂ"
# Every non-ASCII text gets one scan for these characters (a single class: the C engine
# skips to them fast); a hit is then checked in Python.
_FIRST = re.compile("[\u00c2-\u00f4\u0400-\u052f]")
_CONT_1252_SET = frozenset(_CONT_1252)
_MOJIBAKE = re.compile(_LATIN_HINT + "|" + _CP1251_HINT)
_LATIN_LEAD = re.compile("[\u00c2-\u00f4]")
_CP1251 = re.compile(_CP1251_HINT)
_PIECE_CHARS = {
    page: frozenset(_sloppy(bytes(range(0x21, 0x100)), page)) | {"\ufffd"}
    for page in ("1252", "1251")
}
_TOKEN_BEFORE = re.compile(r"[^ \t\r\n]{0,64}\Z")
_TOKEN_AFTER = re.compile(r"[^ \t\r\n]{0,64}")
_CODE_MARK = re.compile(r"://|www\.|[@#/\\=_<>{}|]")
# A closing ” (E2 80 9D) whose last byte was dropped or replaced by U+FFFD.
_LOSSY_QUOTE = re.compile("â€\ufffd?(?![" + re.escape(_CONT_1252) + "])")
_OPEN_QUOTE = re.compile("“|â€œ|”|â€\x9d|â€\ufffd?(?![" + re.escape(_CONT_1252) + "])")

_CYRILLIC = re.compile("[\u0400-\u052f]")
# A Latin letter beside a Cyrillic one; the word around it is then taken whole.
_ADJACENT = regex.compile(r"\p{Latin}\p{M}*\p{Cyrillic}|\p{Cyrillic}\p{M}*\p{Latin}")
_WORD_AT = regex.compile(r"[\p{L}\p{M}]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_LATIN_WORD = re.compile(r"[^\W\d_\u0400-\u052f]+")
_NOT_CYRILLIC = re.compile("[^\u0400-\u052f]+")
_CYR_LETTER = regex.compile(r"\p{Cyrillic}")
_LATIN_LETTER = regex.compile(r"\p{Latin}")
# Words of a run: only spaces, a hyphen or a dash between them (a comma or a full stop
# ends the run: "in Київ, Харків" is two names, not a Cyrillic phrase).
_RUN_GAP = re.compile(r"[ \t\u00a0]*[-–—]?[ \t\u00a0]*")

_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэёъЫЭЁЪ")
_UK_RU = frozenset(
    "абвгдежзийклмнопрстуфхцчшщьюя" + "абвгдежзийклмнопрстуфхцчшщьюя".upper() + "іїєґыэёъ"
) | frozenset("ІЇЄҐЫЭЁЪ")
_APOSTROPHES = "'’ʼ`"
_VOWELS = frozenset("аеєиіїоуюяыэё")
_OPENERS = {"«": "»", "“": "”", "„": "“”", "(": ")", "[": "]", '"': '"'}
_QUOTE_CHARS = re.compile(r"[«»“”„()\[\]\"]")
_CODEC_TITLE = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "windows-1252": "Windows-1252",
    "sloppy-windows-1251": "Windows-1251",
    "windows-1251": "Windows-1251",
    "macroman": "Mac Roman",
    "cp437": "code page 437",
    "sloppy-windows-1250": "Windows-1250",
}
_SCHEME_FOR = {"uk": "kmu2010", "ru": "bgn_pcgn_ru"}
_SCHEME_TITLE = {"kmu2010": "KMU 2010", "bgn_pcgn_ru": "BGN/PCGN"}


# -- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EndingRule:
    """Make case forms of a nominative word by swapping its ending (case_forms.toml)."""

    id: str
    language: str
    kinds: tuple[str, ...]
    ending: str
    forms: tuple[tuple[str, str], ...]  # (case label, ending)
    after: str = ""
    not_after: str = ""
    not_last_vowel: str = ""
    examples: tuple[tuple[str, str], ...] = ()
    counterexamples: tuple[tuple[str, str], ...] = ()

    def apply(self, word: str) -> dict[str, str] | None:
        """The case forms of `word` (label -> form), or None when the rule does not fit."""
        low = word.lower()
        if not low.endswith(self.ending) or len(low) <= len(self.ending) + 1:
            return None
        stem = word[: len(word) - len(self.ending)]
        before = stem[-1].lower()
        if self.after and before not in self.after:
            return None
        if before in self.not_after:
            return None
        vowels = [c for c in stem.lower() if c in _VOWELS]
        if not vowels or (self.not_last_vowel and vowels[-1] in self.not_last_vowel):
            return None
        upper = word.isupper()
        return {case: stem + (end.upper() if upper else end) for case, end in self.forms}


@dataclass(frozen=True)
class ScriptData:
    """Everything the script pass reads from lexicons/script/."""

    cyr_to_lat: dict[str, str]
    rules: tuple[EndingRule, ...]
    extra_forms: tuple[tuple[str, tuple[str, ...]], ...]  # (canonical, Cyrillic forms)
    min_run_words: int
    line_share: float
    mention_before: tuple[str, ...]
    mention_after: tuple[str, ...]
    examples: tuple[tuple[str, str, str], ...]  # (file, input, output)
    counterexamples: tuple[tuple[str, str], ...]  # (file, text)


class _Reader:
    """Field access that records every problem with its file, entry and field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: Path, entry: str | None, fld: str | None, message: str) -> None:
        self.problems.append(Problem(str(path), entry, fld, message))

    def known_tables(self, data: dict[str, Any], path: Path, known: tuple[str, ...]) -> None:
        """Every top-level key must be one this file is known to have."""
        for key in sorted(set(data) - set(known)):
            self.error(path, None, key, f"unknown top-level key (known: {', '.join(known)})")

    def load(self, path: Path) -> dict[str, Any]:
        return read_toml(path, self.problems) or {}

    def string(
        self, data: dict[str, Any], path: Path, entry: str | None, fld: str, default: str | None
    ) -> str:
        value = data.get(fld, default)
        if not isinstance(value, str):
            what = "missing" if value is None else f"must be a string, not {type(value).__name__}"
            self.error(path, entry, fld, what)
            return ""
        return value

    def strings(self, data: dict[str, Any], path: Path, entry: str | None, fld: str) -> list[str]:
        value = data.get(fld, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.error(path, entry, fld, "must be a list of non-empty strings")
            return []
        return list(value)

    def pairs(
        self, data: dict[str, Any], path: Path, entry: str | None, fld: str
    ) -> list[tuple[str, str]]:
        value = data.get(fld, [])
        ok = isinstance(value, list) and all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v)
            for v in value
        )
        if not ok:
            self.error(path, entry, fld, "must be a list of [input, output] string pairs")
            return []
        return [(a, b) for a, b in value]


def _cyrillic_only(text: str, extra: str = "") -> bool:
    return all(c in _UK_RU or c in extra for c in text)


def _scheme(lexicon: Lexicon, name: str) -> Scheme:
    """The lexicon's scheme `name`, or the built-in one when the lexicon has none (a Cleaner
    built with `builtin=False` from a user's entities still transliterates Cyrillic)."""
    found = lexicon.schemes.get(name)
    return found if found is not None else _builtin_scheme(name)


@cache
def _builtin_scheme(name: str) -> Scheme:
    return load_scheme(builtin_lexicon_dir() / "schemes" / f"{name}.toml")


def load_script_data(directory: Path | None = None) -> ScriptData:
    """Read and check homoglyphs.toml, case_forms.toml and meant.toml; raise LexiconError
    naming the file, entry and field of every problem."""
    root = directory if directory is not None else builtin_lexicon_dir() / "script"
    r = _Reader()
    examples: list[tuple[str, str, str]] = []
    counter: list[tuple[str, str]] = []

    path = root / "homoglyphs.toml"
    data = r.load(path)
    r.known_tables(data, path, ("meta", "description", "pairs", "examples", "counterexamples"))
    pairs = data.get("pairs", {})
    cyr_to_lat: dict[str, str] = {}
    if not isinstance(pairs, dict) or not pairs:
        r.error(path, None, "pairs", "must be a table of Cyrillic letter = Latin letter")
    else:
        seen: dict[str, str] = {}
        for key, value in pairs.items():
            if len(key) != 1 or not _CYR_LETTER.match(key):
                r.error(path, key, "pairs", "key must be one Cyrillic letter")
            elif not isinstance(value, str) or len(value) != 1 or not _LATIN_LETTER.match(value):
                r.error(path, key, "pairs", "value must be one Latin letter")
            elif value in seen:
                r.error(path, key, "pairs", f"Latin {value!r} already paired with {seen[value]!r}")
            else:
                seen[value] = key
                cyr_to_lat[key] = value
    examples += [(path.name, a, b) for a, b in r.pairs(data, path, None, "examples")]
    counter += [(path.name, t) for t in r.strings(data, path, None, "counterexamples")]

    path = root / "case_forms.toml"
    data = r.load(path)
    r.known_tables(data, path, ("meta", "description", "rule", "form"))
    rules: list[EndingRule] = []
    raw_rules = data.get("rule", [])
    for i, raw in enumerate(raw_rules if isinstance(raw_rules, list) else []):
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        entry = label or f"rule #{i + 1}"
        if not isinstance(raw, dict):
            r.error(path, entry, None, "each [[rule]] must be a table")
            continue
        language = r.string(raw, path, entry, "language", None)
        if language and language not in ("uk", "ru"):
            r.error(path, entry, "language", "must be 'uk' or 'ru'")
        kinds = r.strings(raw, path, entry, "kinds")
        if not kinds or any(k not in ("place", "person") for k in kinds):
            r.error(path, entry, "kinds", "must list 'place' and/or 'person'")
        ending = r.string(raw, path, entry, "ending", None)
        if not _cyrillic_only(ending):
            r.error(path, entry, "ending", "must be Cyrillic letters (or empty)")
        texts = {f: r.string(raw, path, entry, f, "") for f in ("after", "not_after")}
        last_vowel = r.string(raw, path, entry, "not_last_vowel", "")
        forms = raw.get("forms")
        form_items: list[tuple[str, str]] = []
        if not isinstance(forms, dict) or not forms:
            r.error(path, entry, "forms", "must be a table of case label = ending")
        else:
            for case, end in forms.items():
                if not isinstance(end, str) or not end or not _cyrillic_only(end):
                    r.error(path, entry, "forms", f"{case}: must be a Cyrillic ending")
                else:
                    form_items.append((case, end))
        unknown = set(raw) - {
            "id", "language", "kinds", "ending", "after", "not_after", "not_last_vowel",
            "forms", "examples", "counterexamples",
        }  # fmt: skip
        for key in sorted(unknown):
            r.error(path, entry, key, "unknown field")
        if label is None:
            r.error(path, entry, "id", "missing")
        rules.append(
            EndingRule(
                id=entry,
                language=language,
                kinds=tuple(kinds),
                ending=ending,
                forms=tuple(form_items),
                after=texts["after"],
                not_after=texts["not_after"],
                not_last_vowel=last_vowel,
                examples=tuple(r.pairs(raw, path, entry, "examples")),
                counterexamples=tuple(r.pairs(raw, path, entry, "counterexamples")),
            )
        )
    extra: list[tuple[str, tuple[str, ...]]] = []
    raw_forms = data.get("form", [])
    for i, raw in enumerate(raw_forms if isinstance(raw_forms, list) else []):
        entry = f"form #{i + 1}"
        if not isinstance(raw, dict):
            r.error(path, entry, None, "each [[form]] must be a table")
            continue
        canonical = r.string(raw, path, entry, "canonical", None)
        entry = canonical or entry
        forms_list = r.strings(raw, path, entry, "forms")
        for form in forms_list:
            if not _cyrillic_only(form, " -" + _APOSTROPHES):
                r.error(path, entry, "forms", f"{form!r}: must be Cyrillic")
        extra.append((canonical, tuple(forms_list)))

    path = root / "meant.toml"
    data = r.load(path)
    r.known_tables(
        data,
        path,
        (
            "meta",
            "description",
            "min_run_words",
            "line_share",
            "before",
            "after",
            "examples",
            "counterexamples",
        ),
    )
    min_run = data.get("min_run_words", 3)
    if not isinstance(min_run, int) or min_run < 2:
        r.error(path, None, "min_run_words", "must be an integer >= 2")
        min_run = 3
    share = data.get("line_share", 0.5)
    if not isinstance(share, int | float) or not 0 < share <= 1:
        r.error(path, None, "line_share", "must be a number in (0, 1]")
        share = 0.5
    before = r.strings(data, path, None, "before")
    after = r.strings(data, path, None, "after")
    examples += [(path.name, a, b) for a, b in r.pairs(data, path, None, "examples")]
    counter += [(path.name, t) for t in r.strings(data, path, None, "counterexamples")]

    if r.problems:
        raise LexiconError(r.problems)
    return ScriptData(
        cyr_to_lat=cyr_to_lat,
        rules=tuple(rules),
        extra_forms=tuple(extra),
        min_run_words=min_run,
        line_share=float(share),
        mention_before=tuple(fold(p) for p in before),
        mention_after=tuple(fold(p) for p in after),
        examples=tuple(examples),
        counterexamples=tuple(counter),
    )


# -- the pass -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """What a Cyrillic form stands for."""

    canonical: str
    form: str  # the Cyrillic form as the data writes it (for case checks and reasons)
    inflected: bool  # a made form: trusted only when it is the whole Cyrillic run
    how: str  # for the reason: "the Cyrillic form", "a case form", "the surname"


@dataclass(frozen=True)
class _Run:
    """Adjacent Cyrillic words (spans) and the bounds of their line."""

    words: list[tuple[int, int]]
    line_start: int
    line_end: int


class ScriptPass:
    """Mojibake, look-alike letters and stray Cyrillic words, in that order."""

    name = NAME

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        transliterate_all: bool = False,
        data: ScriptData | None = None,
        index: VariantIndex | None = None,
    ) -> None:
        self._data = data if data is not None else load_script_data()
        # How many letters the names pass adds to a Latin word it respells (Ahtyrka ->
        # Okhtyrka: one), so that a line's share of Cyrillic is counted as that pass will
        # leave it and a second run decides as the first did.
        self._respelled: dict[str, int] = {}
        for key, target in index.targets.items() if index is not None else ():
            if _LATIN_WORD.fullmatch(key):
                growth = len(_NOT_LETTERS.sub("", target.replacement)) - len(key)
                if growth:
                    self._respelled[key] = growth
        self._transliterate_all = transliterate_all
        self._cyr_to_lat = self._data.cyr_to_lat
        self._lat_to_cyr = {v: k for k, v in self._data.cyr_to_lat.items()}
        self._schemes: dict[str, Scheme] = {
            lang: _scheme(lexicon, name) for lang, name in _SCHEME_FOR.items()
        }
        self._targets = _build_targets(lexicon, self._data)
        self._max_words = max((k.count(" ") + k.count("-") + 1 for k in self._targets), default=1)
        before = "|".join(re.escape(p) for p in sorted(self._data.mention_before, key=len))
        after = "|".join(re.escape(p) for p in sorted(self._data.mention_after, key=len))
        self._mention_before = (
            re.compile(r"(?:^|\W)(?:" + before + r")[ \t]*[,:]?[ \t]*\Z") if before else None
        )
        self._mention_after = (
            re.compile(r"[ \t]*[,:]?[ \t]*(?:" + after + r")(?:\W|$)") if after else None
        )

    # -- public -----------------------------------------------------------------------

    def run(self, text: str) -> list[Edit]:
        if text.isascii():
            return []
        first = _FIRST.search(text)
        if first is None:
            return []
        has_cyrillic = _CYRILLIC.search(text, first.start()) is not None
        moji = self._mojibake(text, first.start(), has_cyrillic)
        text1 = apply_edits(text, moji) if moji else text
        if not (has_cyrillic or (moji and _CYRILLIC.search(text1))):
            return moji
        looks = self._lookalikes(text1)
        text2 = apply_edits(text1, looks) if looks else text1
        edits = compose(text, moji, text1, looks)
        cyr = self._cyrillic(text2)
        return compose(text, edits, text2, cyr)

    # -- stage 1: mojibake ------------------------------------------------------------

    def _hints(self, text: str, pos: int, has_cyrillic: bool) -> list[tuple[int, str]]:
        """Where mojibake may start, and which code page it was read as: a Latin lead
        character followed by a continuation character (checked in Python: real text has
        few such leads), and the Windows-1251 patterns when the text has Cyrillic at all."""
        found: list[tuple[int, str]] = []
        while (m := _LATIN_LEAD.search(text, pos)) is not None:
            pos = m.end()
            if pos < len(text) and text[pos] in _CONT_1252_SET:
                found.append((m.start(), "1252"))
        if has_cyrillic:
            found += [(m.start(), "1251") for m in _CP1251.finditer(text)]
            found.sort()
        return found

    def _mojibake(
        self, text: str, pos: int, has_cyrillic: bool, *, check: bool = True
    ) -> list[Edit]:
        """Each hint's piece: the longest run around it of characters the code page has
        (no whitespace but no-break space), so its bounds do not depend on where the
        search started, and a second run sees the same pieces."""
        found: list[Edit] = []
        done = {"1252": 0, "1251": 0}
        for hint, page in self._hints(text, pos, has_cyrillic):
            if hint < done[page]:
                continue
            chars = _PIECE_CHARS[page]
            start, end = hint, hint
            while start > 0 and text[start - 1] in chars:
                start -= 1
            while end < len(text) and text[end] in chars:
                end += 1
            done[page] = end
            found += self._piece(text, start, end, check=check)
        # Pieces of the two code pages may overlap: the first edit at a place wins.
        found.sort(key=lambda e: (e.start, e.end))
        edits: list[Edit] = []
        for edit in found:
            if not edits or edit.start >= edits[-1].end:
                edits.append(edit)
        return edits

    def _piece(self, text: str, start: int, end: int, *, check: bool) -> list[Edit]:
        """The repairs of one piece; kept only when the repaired piece is stable (a second
        look finds nothing more to decode: garbled garbage stays as it is)."""
        found: list[Edit] = []
        pos = start
        for q in _LOSSY_QUOTE.finditer(text, start, end):
            found += self._repair(text, pos, q.start())
            if self._inside_quote(text, q.start()):
                found.append(
                    Edit(
                        q.start(),
                        q.end(),
                        q.group(),
                        "”",
                        NAME,
                        "mojibake-lost-byte",
                        "a closing quote ” in UTF-8 read as Windows-1252, its last byte"
                        " lost; an opening “ comes before it on the line",
                    )
                )
            pos = q.end()
        found += self._repair(text, pos, end)
        if not found or not check:
            return found
        local = [Edit(e.start - start, e.end - start, e.before, e.after, "", "", "") for e in found]
        repaired = apply_edits(text[start:end], local)
        has_cyrillic = _CYRILLIC.search(repaired) is not None
        return [] if self._mojibake(repaired, 0, has_cyrillic, check=False) else found

    def _repair(self, text: str, start: int, end: int) -> list[Edit]:
        """One token's encoding repair as a tight edit (common prefix and suffix cut)."""
        piece = text[start:end]
        if not _MOJIBAKE.search(piece):
            return []
        fixed, rule, codec = _decode(piece)
        if fixed == piece:
            return []
        head = 0
        while head < min(len(piece), len(fixed)) and piece[head] == fixed[head]:
            head += 1
        tail = 0
        while tail < min(len(piece), len(fixed)) - head and piece[-1 - tail] == fixed[-1 - tail]:
            tail += 1
        before = piece[head : len(piece) - tail]
        after = fixed[head : len(fixed) - tail]
        return [
            Edit(
                start + head,
                end - tail,
                before,
                after,
                NAME,
                rule,
                f"UTF-8 text read as {codec} (mojibake), repaired with ftfy",
            )
        ]

    @staticmethod
    def _inside_quote(text: str, pos: int) -> bool:
        """An opening “ (or its mojibake) is the last double quote before `pos` on its line."""
        line_start = text.rfind("\n", 0, pos) + 1
        last = None
        for m in _OPEN_QUOTE.finditer(text, line_start, pos):
            last = m.group()
        return last in ("“", "â€œ")

    # -- stage 2: look-alike letters --------------------------------------------------

    def _lookalikes(self, text: str) -> list[Edit]:
        edits: list[Edit] = []
        pos = 0
        while (adj := _ADJACENT.search(text, pos)) is not None:
            start = adj.start()
            while start > 0 and _is_letter(text[start - 1]):
                start -= 1
            m = _WORD_AT.match(text, start)
            assert m is not None
            pos = max(m.end(), adj.end())
            if _in_code(text, m.start(), m.end()):
                continue
            word = m.group()
            cyr = _CYR_LETTER.findall(word)
            lat = _LATIN_LETTER.findall(word)
            to_latin = all(c in self._cyr_to_lat for c in cyr)
            to_cyr = all(c in self._lat_to_cyr for c in lat)
            if to_latin and (not to_cyr or len(lat) > len(cyr)):
                after = "".join(self._cyr_to_lat.get(c, c) for c in word)
                rule, script, letters = "lookalike-latin", "Latin", cyr
            elif to_cyr and (not to_latin or len(cyr) > len(lat)):
                after = "".join(self._lat_to_cyr.get(c, c) for c in word)
                rule, script, letters = "lookalike-cyrillic", "Cyrillic", lat
            else:
                continue
            shown = ", ".join(sorted(set(letters)))
            other = "Cyrillic" if script == "Latin" else "Latin"
            edits.append(
                Edit(
                    m.start(),
                    m.end(),
                    word,
                    after,
                    NAME,
                    rule,
                    f"a {script} word holding {other} look-alike letters ({shown})",
                )
            )
        return edits

    # -- stage 3: Cyrillic words ------------------------------------------------------

    def _cyrillic(self, text: str) -> list[Edit]:
        runs = self._runs(text)
        if not runs:
            return []
        # A run that is one name will be replaced by Latin letters; the line's share of
        # Cyrillic is counted as after that replacement, so a second run decides alike.
        wholes = [self._target(text, r.words[0][0], r.words[-1][1], whole_run=True) for r in runs]
        named: dict[int, tuple[int, int]] = {}
        for run, whole in zip(runs, wholes, strict=True):
            if whole is not None:
                gone, added = named.get(run.line_start, (0, 0))
                span = text[run.words[0][0] : run.words[-1][1]]
                named[run.line_start] = (
                    gone + len(_NOT_CYRILLIC.sub("", span)),
                    added + sum(c.isalpha() for c in whole[1]),
                )
        edits: list[Edit] = []
        lines = _Lines(text)
        for run, whole in zip(runs, wholes, strict=True):
            self._decide(text, run, whole, named, lines, edits)
        return edits

    def _runs(self, text: str) -> list[_Run]:
        """Adjacent Cyrillic words, grouped; lines of Cyrillic alone are skipped whole."""
        runs: list[_Run] = []
        words: list[tuple[int, int]] = []
        last_end = -1
        line_start, line_end = 0, -1  # the line of the last word seen
        skip = False  # that line has no Latin letter: Cyrillic text, left whole
        for m in iter_words(text):
            start, end = m.span()
            if start > line_end:
                if words:
                    runs.append(_Run(words, line_start, line_end))
                    words = []
                line_start = text.rfind("\n", 0, start) + 1
                found = text.find("\n", start)
                line_end = len(text) if found < 0 else found
                if not self._transliterate_all:
                    line = text[line_start:line_end]
                    skip = len(_NOT_LETTERS.sub("", line)) == len(_NOT_CYRILLIC.sub("", line))
            if skip:
                continue
            if not bounded(text, start, end):
                if words:
                    runs.append(_Run(words, line_start, line_end))
                    words = []
                continue
            if words and _RUN_GAP.fullmatch(text, last_end, start) is None:
                runs.append(_Run(words, line_start, line_end))
                words = []
            words.append((start, end))
            last_end = end
        if words:
            runs.append(_Run(words, line_start, line_end))
        return runs

    def _decide(
        self,
        text: str,
        run: _Run,
        whole: tuple[_Target, str] | None,
        named: dict[int, tuple[int, int]],
        lines: _Lines,
        edits: list[Edit],
    ) -> None:
        """Decide what one run of adjacent Cyrillic words becomes, and add its edits."""
        words = run.words
        run_start, run_end = words[0][0], words[-1][1]
        letters = text[run_start:run_end]
        if not all(c in _UK_RU or c in _APOSTROPHES or not c.isalpha() for c in letters):
            return  # another language's Cyrillic (Serbian, Belarusian...), or damage
        if _in_code(text, run_start, run_end):
            return
        if not self._transliterate_all and self._meant(text, run, whole, named, lines):
            return
        language, evidence = _language(letters)
        i = 0
        while i < len(words):
            matched = False
            for j in range(min(len(words), i + self._max_words) - 1, i - 1, -1):
                s, e = words[i][0], words[j][1]
                found = self._target(text, s, e, whole_run=(i == 0 and j == len(words) - 1))
                if found is None:
                    continue
                target, after = found
                edits.append(
                    Edit(
                        s,
                        e,
                        text[s:e],
                        after,
                        NAME,
                        "cyrillic-entity",
                        f"{target.how} of {target.canonical} ({target.form}) left in English text",
                    )
                )
                i = j + 1
                matched = True
                break
            if matched:
                continue
            s, e = words[i]
            edit = self._transliterate(text, s, e, language, evidence)
            if edit is not None:
                edits.append(edit)
            i += 1

    def _target(
        self, text: str, start: int, end: int, *, whole_run: bool
    ) -> tuple[_Target, str] | None:
        """The entity that text[start:end] names, with the replacement in its case style."""
        span = text[start:end]
        target = self._targets.get(fold(span))
        if target is None or (target.inflected and not whole_run):
            return None
        letters = [c for c in span if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            form_caps = all(c.isupper() for c in target.form if c.isalpha())
            return target, target.canonical if form_caps else target.canonical.upper()
        words, forms = span.split(), target.form.split()
        if len(words) != len(forms) or any(
            w[0].isupper() != f[0].isupper() for w, f in zip(words, forms, strict=True)
        ):
            return None
        return target, target.canonical

    def _meant(
        self,
        text: str,
        run: _Run,
        whole: tuple[_Target, str] | None,
        named: dict[int, tuple[int, int]],
        lines: _Lines,
    ) -> bool:
        """Cyrillic that the writer meant: a mostly Cyrillic line, a quotation or bracket,
        a word mentioned as a word, or a run of several words that is not one name."""
        start, end = run.words[0][0], run.words[-1][1]
        line_start, line_end = run.line_start, run.line_end
        counts = lines.counts.get(line_start)
        if counts is None:
            line = text[line_start:line_end]
            respelled = self._respelled
            growth = sum(respelled.get(fold(w), 0) for w in _LATIN_WORD.findall(line))
            counts = (len(_NOT_CYRILLIC.sub("", line)), len(_NOT_LETTERS.sub("", line)) + growth)
            lines.counts[line_start] = counts
        gone, added = named.get(line_start, (0, 0))
        cyrillic, total = counts[0] - gone, counts[1] - gone + added
        # A mostly Cyrillic line is Cyrillic text; a name in it is replaced only when the
        # line has English words too ("Володимир Зеленський met the delegation."), and the
        # names count as already replaced.
        if whole is None and cyrillic > self._data.line_share * total:
            return True
        if lines.quoted(line_start, start):
            return True
        prefix = fold(text[max(line_start, start - 40) : start])
        if self._mention_before is not None and self._mention_before.search(prefix):
            return True
        suffix = fold(text[end : min(line_end, end + 40)])
        if self._mention_after is not None and self._mention_after.match(suffix):
            return True
        n_words = len(text[start:end].split())
        return whole is None and n_words >= self._data.min_run_words

    def _transliterate(
        self, text: str, start: int, end: int, language: str, evidence: bool
    ) -> Edit | None:
        word = text[start:end]
        letters = set(word)
        if letters & _UK_ONLY and letters & _RU_ONLY:
            return None  # no real word has both
        lang = "uk" if letters & _UK_ONLY else "ru" if letters & _RU_ONLY else language
        scheme = self._schemes[lang]
        after = scheme.transliterate(word)
        if after == word or _CYRILLIC.search(after):
            return None
        why = "Ukrainian letters" if lang == "uk" else "Russian letters"
        own = letters & (_UK_ONLY if lang == "uk" else _RU_ONLY)
        if own:
            reason = f"{why} ({', '.join(sorted(own))})"
        elif evidence:
            reason = f"{why} in the same phrase"
        else:
            reason = "no letter says Russian, so Ukrainian (the default)"
        return Edit(
            start,
            end,
            word,
            after,
            NAME,
            f"cyrillic-{scheme.name}",
            f"a Cyrillic word left in English text, transliterated by"
            f" {_SCHEME_TITLE.get(scheme.name, scheme.name)}: {reason}",
        )


# -- helpers ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _decode(piece: str) -> tuple[str, str, str]:
    """(repaired piece, rule, code page it was read as); the piece itself when no repair
    is sure. Memoised: the same damaged tokens recur (â€™s, â€œ)."""
    ftfy, config = _ftfy()
    fixed, steps = ftfy.fix_encoding_and_explain(piece, config)
    codecs = [param for action, param in steps or () if action == "encode"]
    codec = ", then ".join(_CODEC_TITLE.get(c, c) for c in codecs) or "a one-byte code page"
    rule = "mojibake"
    if fixed == piece:
        fixed, rule, codec = _from_cp1251(piece), "mojibake-cp1251", "Windows-1251"
    if fixed.count("\ufffd") > piece.count("\ufffd"):
        return piece, "", ""
    return fixed, rule, codec


def _in_code(text: str, start: int, end: int) -> bool:
    """The span is part of a URL, an address, a hashtag or a path (not prose to repair), or
    of mojibake that stage 1 could not undo (its letters are no word to transliterate)."""
    before = _TOKEN_BEFORE.search(text, max(0, start - 64), start)
    after = _TOKEN_AFTER.match(text, end)
    token = text[before.start() if before else start : after.end() if after else end]
    return _CODE_MARK.search(token) is not None or _MOJIBAKE.search(token) is not None


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"


def _from_cp1251(piece: str) -> str:
    """UTF-8 read as Windows-1251, undone with ftfy's codec: kept only when every letter it
    yields is Ukrainian/Russian Cyrillic or ASCII (real Cyrillic words never decode so)."""
    try:
        _ftfy()  # registers the codec
        fixed = piece.encode("sloppy-windows-1251").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return piece
    letters = [c for c in fixed if c.isalpha() and not c.isascii()]
    if len(letters) < 2 or not all(c in _UK_RU for c in letters):
        return piece
    if any(not c.isascii() and not c.isalpha() and not "\u2010" <= c <= "\u205f" for c in fixed):
        return piece
    return fixed


def _language(letters: str) -> tuple[str, bool]:
    """The run's language from its letters, and whether a letter said so: Russian only when
    a Russian-only letter is there and no Ukrainian-only one (Ukrainian news is the domain,
    so Ukrainian by default)."""
    chars = set(letters)
    if chars & _RU_ONLY and not chars & _UK_ONLY:
        return "ru", True
    return "uk", bool(chars & _UK_ONLY)


class _Lines:
    """What the runs of one text ask about their lines, answered once per line: the counts
    of Cyrillic and of all letters, and the quotes and brackets open before a run. Runs come
    in text order, so the quote scan of a line goes on from where the last run stopped (a
    long line with many runs is read once, not once per run)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.counts: dict[int, tuple[int, int]] = {}
        self._line = -1
        self._pos = 0
        self._stack: list[str] = []

    def quoted(self, line_start: int, start: int) -> bool:
        """The run at `start` sits inside quotation marks or brackets that open before it on
        its line (an unclosed opener counts too: "Kyiv (Київ" is still a gloss)."""
        if line_start != self._line or start < self._pos:
            self._line, self._pos, self._stack = line_start, line_start, []
        stack = self._stack
        for m in _QUOTE_CHARS.finditer(self.text, self._pos, start):
            ch = m.group()
            if stack and ch in _OPENERS[stack[-1]]:
                stack.pop()
            elif ch in _OPENERS:
                stack.append(ch)
        self._pos = start
        return bool(stack)


def _build_targets(lexicon: Lexicon, data: ScriptData) -> dict[str, _Target]:
    """Folded Cyrillic form -> target. Nominative forms win over made ones; a made form
    that two different canonical names claim is dropped."""
    nominative: dict[str, set[str]] = {}
    made: dict[str, set[str]] = {}
    sample: dict[tuple[str, str], tuple[str, str]] = {}

    def add(table: dict[str, set[str]], form: str, canonical: str, how: str) -> None:
        key = fold(form)
        table.setdefault(key, set()).add(canonical)
        sample.setdefault((key, canonical), (form, how))

    rules_for: Callable[[str, str], Iterable[EndingRule]] = lambda lang, kind: (  # noqa: E731
        rule for rule in data.rules if rule.language == lang and kind in rule.kinds
    )

    def inflect(word: str, lang: str, kind: str) -> dict[str, str]:
        for rule in rules_for(lang, kind):
            forms = rule.apply(word)
            if forms is not None:
                return forms
        return {}

    for entity in lexicon.entities:
        for lang, forms in (("uk", entity.uk), ("ru", entity.ru)):
            for form in forms:
                add(nominative, form, entity.canonical, "the Cyrillic form")
                words = form.split()
                if entity.kind == "person" and len(words) >= 2:
                    canon_words = entity.canonical.split()
                    if len(canon_words) < 2:
                        continue
                    surname = canon_words[-1]
                    add(made, words[-1], surname, "the surname")
                    given = inflect(words[0], lang, "person")
                    for case, sur in inflect(words[-1], lang, "person").items():
                        add(made, sur, surname, "a case form of the surname")
                        if case in given and len(words) == 2:
                            add(made, f"{given[case]} {sur}", entity.canonical, "a case form")
                elif entity.kind == "place" and len(words) == 1 and "-" not in form:
                    for case_form in inflect(form, lang, "place").values():
                        add(made, case_form, entity.canonical, "a case form")
    for canonical, forms in data.extra_forms:
        for form in forms:
            add(made, form, canonical, "a listed form")
    targets: dict[str, _Target] = {}
    for key, canon in made.items():
        if len(canon) == 1 and key not in nominative:
            (c,) = canon
            form, how = sample[(key, c)]
            targets[key] = _Target(c, form, inflected=True, how=how)
    for key, canon in nominative.items():
        if len(canon) == 1:
            (c,) = canon
            form, how = sample[(key, c)]
            targets[key] = _Target(c, form, inflected=False, how=how)
    return targets
