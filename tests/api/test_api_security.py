"""API security on a real server over a real SQLite file AND a real PostgreSQL server
(MARSAD_TEST_PG): injection strings in every filter and path parameter change nothing and
never give a 500, writes need the right token (compared in constant time), bodies are
limited, no error shows a stack trace, and one client cannot hold every extraction slot."""

from __future__ import annotations

import inspect
import json
import os
import threading
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from api_support import TOKEN, load_record

from marsad.api import create_app
from marsad.api.server import ServerThread
from marsad.api.service import Service
from marsad.document import Document
from marsad.errors import MarsadError
from marsad.settings import Settings
from marsad.store import open_store

AUTH = {"Authorization": f"Bearer {TOKEN}"}
INJECTIONS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE documents; --',
    "'); DELETE FROM documents; --",
    "%' UNION SELECT id, text FROM documents --",
    "%",
    "_",
    "*",
    "\\",
    "\x00",
    "abc\x00' OR 1=1 --",
    "1; SELECT pg_sleep(5)",
    "$1",
    "%s",
    "?",
    "سامر' OR 1=1 --",
]
TEXT_FILTERS = ["source", "entity", "date_from", "date_to", "country"]
ENDPOINTS = {
    "/events": [*TEXT_FILTERS, "type", "status", "place", "doc_id", "format"],
    "/search": [*TEXT_FILTERS, "q"],
    "/entities": [*TEXT_FILTERS, "q", "type"],
    "/documents": TEXT_FILTERS,
    "/stories": [*TEXT_FILTERS, "min_size"],
}
LIST_KEY = {"/events": "items", "/search": "items", "/entities": "items"}


def _postgres_url() -> Iterator[str]:
    base = os.environ.get("MARSAD_TEST_PG")
    if not base:
        pytest.skip("MARSAD_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request, tmp_path_factory) -> Iterator[tuple[str, Any]]:
    """(store URL, running server) over a store holding the fixture record."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(tmp_path_factory.mktemp("security") / "corpus.db")])
    else:
        urls = _postgres_url()
    url = next(urls)
    with open_store(url) as store:
        store.add_documents([Document.from_dict(load_record())])
    try:
        with ServerThread(create_app(store_url=url, token=TOKEN)) as server:
            yield url, server
    finally:
        next(urls, None)  # drops the PostgreSQL schema


@pytest.fixture()
def client(backend) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=backend[1].url, timeout=60) as c:
        yield c


def snapshot(url: str) -> dict[str, Any]:
    with open_store(url) as store:
        stats = store.stats()
        return {"counts": stats["counts"], "record": store.get_record("fixture-1")}


def assert_clean(response: httpx.Response) -> None:
    """Never a 500, always JSON, and no trace of the server's insides in an error."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json"), response.text
        body = response.json()
        assert body["error"]["code"].startswith("E") and body["error"]["message"]
    # (the caller's own input may come back in "detail", JSON-encoded: that is no leak)
    for leak in ("Traceback", 'File "', '.py"', "psycopg", "sqlite3.", "line "):
        assert leak not in response.text, response.text[:2000]


def test_injection_strings_in_every_filter(backend, client) -> None:
    url, _ = backend
    before = snapshot(url)
    all_docs = client.get("/documents").json()["total"]
    all_entities = client.get("/entities").json()["total"]
    assert all_docs == 1 and all_entities > 0
    totals = {"/entities": all_entities, "/events": client.get("/events").json()["total"]}
    for path, params in ENDPOINTS.items():
        for name in params:
            for value in INJECTIONS:
                r = client.get(path, params={name: value})
                assert_clean(r)
                assert r.status_code in (200, 422), (path, name, value, r.text)
                if r.status_code == 422:
                    assert r.json()["error"]["code"] in ("E504", "E408"), r.text
                    continue
                page = r.json()
                # sane: never more than the whole corpus, and a filter that names a stored
                # value (source, entity, document, place, name prefix) matches none of these
                assert page["total"] <= totals.get(path, all_docs), (path, name, value)
                if name in ("source", "entity", "doc_id", "place") or (
                    path == "/entities" and name == "q"
                ):
                    assert page["total"] == 0, (path, name, value, page)
    assert snapshot(url) == before


def test_injection_strings_in_path_parameters(backend, client) -> None:
    url, _ = backend
    before = snapshot(url)
    for value in [*INJECTIONS, "../../etc/passwd", "fixture-1' --", "x" * 5000]:
        for path in ("/documents/", "/entities/", "/ui/documents/"):
            r = client.get(path + quote(value, safe=""))
            assert r.status_code in (404, 422), (path, value, r.status_code, r.text[:300])
            if not path.startswith("/ui/"):
                assert_clean(r)
                assert r.json()["error"]["code"] in ("E404", "E505", "E504")
            else:
                assert "Traceback" not in r.text
    assert client.get("/documents/fixture-1").status_code == 200
    assert snapshot(url) == before


def test_search_syntax_is_not_sql(backend, client) -> None:
    for q in ('"unclosed phrase', "a OR OR b", "-", "--", "*", "NEAR(a b)", "col:value", "^x"):
        r = client.get("/search", params={"q": q})
        assert_clean(r)
        assert r.status_code in (200, 422), (q, r.text)


def test_writes_need_the_right_token(backend, client) -> None:
    url, _ = backend
    before = snapshot(url)
    body = {"text": "قال الوزير إن المحادثات ستستأنف.", "id": "written"}
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Authorization": f"Bearer {TOKEN.upper()}"},
        {"Authorization": "Bearer ' OR 1=1 --"},
        {"Authorization": "Bearer \u00e9t\u00e9".encode("utf-8")},
    ):
        r = client.post("/documents", json=body, headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert_clean(r)
        assert r.json()["error"]["code"] == "E501"
        assert r.headers.get("www-authenticate") == "Bearer"
    assert snapshot(url) == before


def test_the_token_is_compared_in_constant_time() -> None:
    # the timing itself cannot be measured reliably in a test: check the code path
    source = inspect.getsource(Service.check_token)
    assert "hmac.compare_digest(" in source or "secrets.compare_digest(" in source
    assert "== self.token" not in source and "!= self.token" not in source
    service = Service(Settings(), "unused.db", "s3cret")
    service.check_token("Bearer s3cret", write=True)
    for given in ("Bearer s3cre", "Bearer s3cretx", "Bearer S3CRET", "Bearer s3cret\x00"):
        with pytest.raises(MarsadError) as info:
            service.check_token(given, write=True)
        assert info.value.code == "E501"


def test_body_size_limit(backend, client) -> None:
    limit = Settings().api_max_body_bytes
    big = {"text": "ع" * (limit // 2 + 10)}
    for path, headers in (("/documents", AUTH), ("/extract", {})):
        r = client.post(path, json=big, headers=headers)
        assert r.status_code == 413, r.text[:300]
        assert_clean(r)
        assert r.json()["error"]["code"] == "E502"


def test_malformed_bodies_are_coded_without_trace(backend, client) -> None:
    url, _ = backend
    before = snapshot(url)
    for content in (b"{", b"\xff\xfe", b"null", b'{"text": 5}', b"[" * 10_000):
        r = client.post(
            "/documents",
            content=content,
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert r.status_code in (400, 422), (content[:20], r.text[:300])
        assert r.json()["error"]["code"] == "E504"
        assert_clean(r)
    # one article the store cannot hold: refused alone, coded, and the batch goes on
    items = [
        {"id": "surrogate", "text": "\ud800 قال الوزير"},
        {"id": "nul", "text": "قال الوزير\x00 إن المحادثات ستستأنف"},
    ]
    # ensure_ascii: the lone surrogate travels as the JSON escape \\ud800
    r = client.post(
        "/documents",
        content=json.dumps(items).encode(),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    assert_clean(r)
    results = {x["id"]: x for x in r.json()["results"]}
    assert results["surrogate"]["status"] == "rejected"
    assert results["surrogate"]["error"]["code"] in ("E101", "E409")
    with open_store(url) as store:
        assert store.get_record("surrogate") is None
        nul = store.get_record("nul")
        if backend[0].startswith("postgresql://"):
            assert nul is None and results["nul"]["error"]["code"] == "E409"
        else:  # SQLite keeps the text exactly as sent
            assert nul is not None and "\x00" in nul["text"]
            store.delete_document("nul")
    assert snapshot(url) == before


def test_one_client_cannot_hold_every_extraction_slot(tmp_path) -> None:
    settings = Settings(api_max_concurrent_per_client=1, api_extract_processes=0)
    app = create_app(settings, store_url=str(tmp_path / "corpus.db"), token=TOKEN)
    service = app.state.service
    release = threading.Event()
    entered = threading.Semaphore(0)

    def slow_extract(fields: dict[str, Any]) -> Any:
        # stands in for a long article; the limit is what is under test, not extraction
        entered.release()
        release.wait(30)
        raise MarsadError("E102", "test article")

    service.extract = slow_extract
    results: dict[str, httpx.Response] = {}

    def post(name: str, local: str) -> None:
        transport = httpx.HTTPTransport(local_address=local)
        with httpx.Client(base_url=server.url, transport=transport, timeout=60) as c:
            results[name] = c.post("/extract", json={"text": "نص"})

    with ServerThread(app) as server:
        first = threading.Thread(target=post, args=("first", "127.0.0.1"))
        first.start()
        assert entered.acquire(timeout=30)
        # the same client again: refused at once with a coded 429
        with httpx.Client(base_url=server.url, timeout=60) as c:
            again = c.post("/extract", json={"text": "نص"})
            assert again.status_code == 429, again.text
            assert again.json()["error"]["code"] == "E509"
            assert again.headers.get("retry-after")
            assert_clean(again)
            # reads are not limited
            assert c.get("/health").status_code == 200
        # another client is not blocked by the first one's requests
        other = threading.Thread(target=post, args=("other", "127.0.0.2"))
        other.start()
        assert entered.acquire(timeout=30)
        release.set()
        first.join(30)
        other.join(30)
        assert results["first"].json()["error"]["code"] == "E102"
        assert results["other"].json()["error"]["code"] == "E102"
        # the slot is free again
        with httpx.Client(base_url=server.url, timeout=60) as c:
            assert c.post("/extract", json={"text": "نص"}).json()["error"]["code"] == "E102"
