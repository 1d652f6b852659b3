"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def seed_document() -> Path | None:
    """The seed live blog the project was created from, when it is beside the repo."""
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    return seeds[0] if seeds else None


@pytest.fixture
def seed_path() -> Path:
    """The seed live blog (outside the repo, when present); skips the test without it."""
    seed = seed_document()
    if seed is None:
        pytest.skip(f"no seed document in {SEEDS} (it lives beside the repo, not in it)")
    return seed
