from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "aleppo-2016-12-13.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pipeline():
    import marsad

    return marsad.load()


@pytest.fixture(scope="session")
def seed_doc(pipeline, seed_text):
    return pipeline(seed_text, published="2016-12-13")
