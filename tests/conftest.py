"""Shared fixtures: one default cleaner for the whole session (building it is the slow part)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from transclean import Cleaner, default_cleaner

# Hypothesis profiles: "ci" (the default) keeps the whole suite fast on 2 cores; "thorough"
# (HYPOTHESIS_PROFILE=thorough python -m pytest) runs ~30x the examples, for release checks.
# Heavier properties (processes, the CLI, loader fuzzing) take a fraction of max_examples.
# No deadline: timings on shared CI machines vary too much (the loader fuzzers set their
# own per-example deadline and a watchdog). print_blob: a failure prints the @reproduce_failure
# blob, so a CI failure can be replayed locally.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
LEXICONS = ROOT / "lexicons"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return default_cleaner()


def pytest_configure(config: pytest.Config) -> None:
    """Cleaners built by the tests (at collection too: test modules build one on import) and
    the CLI processes they start cache their builds in a folder of this run, never in the
    user's ~/.cache."""
    if "TRANSCLEAN_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="transclean-test-cache-")
        os.environ["TRANSCLEAN_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.add_cleanup(lambda: os.environ.pop("TRANSCLEAN_CACHE_DIR", None))
