"""The package type-checks under mypy --strict and passes ruff, as the style guide requires."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_mypy_strict() -> None:
    out = _run("mypy", "--strict", "src/transclean")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff() -> None:
    if shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0:
        pytest.fail("ruff is not installed: pip install '.[test]'")
    names = ("src", "tests", "scripts", "benchmarks", "hatch_build.py")
    folders = [f for f in names if (ROOT / f).exists()]
    out = _run("ruff", "check", *folders)
    assert out.returncode == 0, out.stdout + out.stderr


def test_wheel_ships_lexicons_and_py_typed() -> None:
    import transclean
    from transclean.resources import builtin_lexicon_dir

    assert (Path(transclean.__file__).parent / "py.typed").is_file()
    lexicons = builtin_lexicon_dir()
    assert (lexicons / "schemes" / "kmu2010.toml").is_file()
    assert list((lexicons / "entities").glob("*.toml"))
