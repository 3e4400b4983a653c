"""benchmarks/bench_peers.py works: its quick-mode pieces on ~50 KB (no timing assertions)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

pytest.importorskip("flashtext")
pytest.importorskip("ahocorasick")

import bench_peers  # noqa: E402


def test_bench_peers_quick_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCLEAN_CACHE_DIR", str(tmp_path / "cache"))

    # Every replacing peer does the same exact replacement with the same table.
    table = tmp_path / "table.json"
    table.write_text(
        json.dumps({"Kiev": "Kyiv", "Kharkov": "Kharkiv", "Kiev Oblast": "Kyiv Oblast"})
    )
    text = "They left Kiev for KHARKOV and Kiev Oblast, not Kievan Rus.\n" * 3
    expected = text.replace("Kiev ", "Kyiv ").replace("KHARKOV", "Kharkiv")
    inp = bench_peers.Input.of_text(text)
    for key in ("flashtext", "ac-rs", "ac-rs-dfa", "pyac", "re-sub"):
        build = bench_peers.ENGINES[key].build
        assert build is not None
        assert "".join(build(bench_peers.Spec(key, "", str(table)))(inp)) == expected, key

    # A tiny run of the quick mode's sections, through the worker processes.
    cfg = replace(
        bench_peers.QUICK,
        size_mb=0.05,
        resub_mb=0.01,
        resub_variants=20,
        lexicon_sizes=(200, 400),
        lexicon_mb=0.05,
        sections=("peers", "lexicon"),
        engines=("pipeline", "names", "flashtext", "ac-rs-dfa", "re-sub", "scan", "copy"),
    )
    bench = bench_peers.Bench(cfg, tmp_path)
    rows = bench_peers.run_sections(bench)
    md = bench_peers.report(bench, "test", 0.0, rows)
    for row in rows["peers"]:
        assert row.runs and row.mbps and row.peak_mb, row.key
        assert row.label.split("`")[0] in md
    assert [info["variants"] for info in bench.out["lexicon"]] == [
        pytest.approx(200, abs=10),
        pytest.approx(400, abs=10),
    ]
    verdicts = {t: v for t, _, v in bench_peers.targets(bench.out)}
    assert "names pass ≥ 5x flashtext" in verdicts
    assert "### Targets (issue 5)" in md
