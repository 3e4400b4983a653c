"""The variant export: what it lists is what the names pass does, in formats others read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from transclean import Cleaner
from transclean.edits import apply_edits
from transclean.export import export, surface, synonym_lines, to_synonyms, variant_table
from transclean.passes.names import NamesPass
from transclean.text import fold

CMD = [sys.executable, "-m", "transclean"]


def parse_synonyms(text: str) -> dict[str, str]:
    """A reader of the Solr synonyms format, as Lucene's SolrSynonymParser reads it:
    '\\' escapes the next character, ',' separates terms, '=>' maps, '#' starts a comment."""

    def split(s: str, sep: str) -> list[str]:
        parts, current, i = [], "", 0
        while i < len(s):
            if s.startswith(sep, i):
                parts.append(current)
                current, i = "", i + len(sep)
            elif s[i] == "\\" and i + 1 < len(s):
                current += s[i : i + 2]
                i += 2
            else:
                current += s[i]
                i += 1
        return [*parts, current]

    def unescape(s: str) -> str:
        out, i = "", 0
        while i < len(s):
            if s[i] == "\\" and i + 1 < len(s):
                i += 1
            out += s[i]
            i += 1
        return out.strip()

    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        sides = split(line, "=>")
        assert len(sides) == 2, line
        (canonical,) = [unescape(t) for t in split(sides[1], ",")]
        for variant in split(sides[0], ","):
            table[unescape(variant)] = canonical
    return table


def test_every_exported_variant_alone_becomes_its_canonical(cleaner: Cleaner) -> None:
    table = variant_table(cleaner)
    assert table["Kiev"] == "Kyiv" and table["Kharkov"] == "Kharkiv"
    assert len(table) > 10_000
    names = NamesPass(cleaner.index)
    wrong = {}
    for variant, canonical in table.items():
        out = apply_edits(variant, names.run(variant))
        if out != canonical:
            wrong[variant] = (out, canonical)
    assert not wrong, list(wrong.items())[:10]
    # ...and every variant the names pass applies on its own is exported.
    missing = []
    for target in cleaner.index.targets.values():
        variant = surface(target)
        if variant not in table and apply_edits(variant, names.run(variant)) != variant:
            missing.append(variant)
    assert not missing, missing[:10]


def test_export_leaves_out_what_is_never_applied(cleaner: Cleaner) -> None:
    table = variant_table(cleaner.index)
    index = cleaner.index
    assert all(fold(v) not in index.protected for v in table)
    assert all(fold(v) != fold(c) for v, c in table.items())
    assert all(fold(v) in index.targets for v in table)
    assert not any(ch in v for v in table for ch in "’ʹʼ")  # plain apostrophes


def test_synonyms_round_trip(cleaner: Cleaner) -> None:
    table = variant_table(cleaner)
    text = export(cleaner, "synonyms")
    assert parse_synonyms(text) == table
    (kyiv,) = [line for line in text.splitlines() if line.endswith(" => Kyiv")]
    assert "Kiev" in kyiv.split(" => ")[0].split(", ")
    assert json.loads(export(cleaner, "json")) == table


def test_synonyms_escape_separators() -> None:
    table = {"Kiev, Ukraine": "Kyiv", "A=>B": "Kyiv", "#tag": "Kyiv", "back\\slash": "C, D"}
    assert list(synonym_lines(table)) == [
        "back\\\\slash => C\\, D\n",
        "\\#tag, A\\=>B, Kiev\\, Ukraine => Kyiv\n",
    ]
    assert parse_synonyms(to_synonyms(table)) == table


def test_cli_export_json_and_synonyms_with_a_user_lexicon(tmp_path: Path) -> None:
    lexicon = tmp_path / "town.toml"
    lexicon.write_text(
        '[[entity]]\nid = "zz-town"\nkind = "place"\ncanonical = "Zedville"\n'
        'variants = ["Zeddville", "Zedvil, Old"]\n',
        encoding="utf-8",
    )
    args = ["lexicon", "export", "--no-builtin", "--lexicon", str(lexicon)]
    out = subprocess.run([*CMD, *args], capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"Zedvil, Old": "Zedville", "Zeddville": "Zedville"}
    syn = subprocess.run([*CMD, *args, "--format", "synonyms"], capture_output=True, timeout=120)
    assert syn.stdout == b"Zeddville, Zedvil\\, Old => Zedville\n"
    bad = subprocess.run([*CMD, *args, "--format", "xml"], capture_output=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.decode().count("\n") == 1
