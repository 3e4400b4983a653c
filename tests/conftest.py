"""Shared fixtures: one default cleaner for the whole session (building it is the slow part)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from transclean import Cleaner, default_cleaner

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
LEXICONS = ROOT / "lexicons"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return default_cleaner()
