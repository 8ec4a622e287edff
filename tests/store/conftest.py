"""Store fixtures: ``store_url``/``store`` run a test on a real SQLite file and on a real
PostgreSQL server (a fresh schema per test in MARSAD_TEST_PG; skipped only without it)."""

from __future__ import annotations

import os
import uuid

import pytest

from marsad.store import open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "corpus.db")
        return
    base = os.environ.get("MARSAD_TEST_PG")
    if not base:
        pytest.skip("MARSAD_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def pipeline():
    """Sentences and tokens only: the store tests write the other layers by hand (the store
    keeps whatever a Document carries), so they do not move with the extractors."""
    import marsad

    return marsad.load(pipeline=["sentences", "tokens"])


@pytest.fixture(scope="session")
def full_pipeline():
    import marsad

    return marsad.load()
