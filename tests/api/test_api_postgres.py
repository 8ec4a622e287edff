"""The same API over a real PostgreSQL store (MARSAD_TEST_PG, started by scripts/test.sh):
reads, filters, search, entity pages, ingest and the dashboard pages."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_support import TOKEN, load_record

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server() -> Iterator[Any]:
    base = os.environ.get("MARSAD_TEST_PG")
    if not base:
        pytest.skip("MARSAD_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server)")
    import psycopg

    from marsad.api import create_app
    from marsad.api.server import ServerThread
    from marsad.document import Document
    from marsad.store import open_store

    schema = f"api_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        with open_store(url) as store:
            store.add_documents([Document.from_dict(load_record())])
        with ServerThread(create_app(store_url=url, token=TOKEN)) as server:
            yield server
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_reads_and_filters_on_postgres(pg_server: Any) -> None:
    with httpx.Client(base_url=pg_server.url, timeout=120) as c:
        assert c.get("/health").json()["documents"] == 1
        assert c.get("/documents/fixture-1").json()["quotes"] == load_record()["quotes"]
        assert [
            e["type"] for e in c.get("/events", params={"type": "PROTEST"}).json()["items"]
        ] == ["PROTEST"]
        assert [e["type"] for e in c.get("/events", params={"place": "بيروت"}).json()["items"]] == [
            "PROTEST"
        ]
        assert c.get("/search", params={"q": "بيروت"}).json()["total"] == 1
        person = c.get("/entities", params={"type": "PER"}).json()["items"][0]
        assert len(c.get(f"/entities/{person['key']}").json()["quotes"]) == 2
        assert c.get("/stats").json()["backend"] == "postgres"
        for path in (
            "/ui/",
            "/ui/documents/fixture-1",
            "/ui/events",
            "/ui/timeline",
            "/ui/map",
            "/ui/entities",
        ):
            assert c.get(path).status_code == 200, path


def test_ingest_on_postgres(pg_server: Any) -> None:
    text = "وقّع وزيرا خارجية البلدين اتفاقا للتعاون الاقتصادي في العاصمة القطرية الدوحة."
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=pg_server.url, timeout=300) as c:
        first = c.post(
            "/documents", json={"text": text, "published": "2025-01-02"}, headers=auth
        ).json()
        again = c.post(
            "/documents", json={"text": text, "published": "2025-01-02"}, headers=auth
        ).json()
        assert first["results"][0]["status"] == "added"
        assert again["results"][0]["status"] == "duplicate"
        assert c.get(f"/documents/{first['results'][0]['id']}").json()["text"] == text
