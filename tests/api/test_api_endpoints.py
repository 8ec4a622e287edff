"""The HTTP API over a real server and a real SQLite store: every endpoint, its filters,
pagination, coded errors, the token, limits and CORS."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from api_support import TOKEN, load_record, seed_store

from marsad.api import create_app
from marsad.api.server import ServerThread
from marsad.settings import Settings

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/marsad/schema/document.schema.json").read_text(
        "utf-8"
    )
)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    return body["error"]


# service -----------------------------------------------------------------------------------
def test_health_answers_without_token(client: httpx.Client) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == 1
    assert body["version"]


def test_openapi_lists_every_endpoint_and_the_record_schema(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/extract",
        "/documents",
        "/documents/{doc_id}",
        "/search",
        "/events",
        "/entities",
        "/entities/{key}",
        "/stories",
        "/stats",
        "/health",
    ):
        assert path in paths, path
    assert "Document" in spec["components"]["schemas"]
    ref = spec["paths"]["/extract"]["post"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]["$ref"]
    assert ref == "#/components/schemas/Document"
    assert not any(p.startswith("/ui") for p in paths)  # the dashboard is not API


def test_unknown_path_and_method_are_coded(client: httpx.Client) -> None:
    assert_error(client.get("/no/such/path"), 404, "E505")
    assert_error(client.delete("/events"), 405, "E507")


# extract -----------------------------------------------------------------------------------
def test_extract_returns_a_valid_record_with_true_offsets(
    client: httpx.Client, seed_text: str
) -> None:
    r = client.post("/extract", json={"text": seed_text, "published": "2016-12-13", "title": "حلب"})
    assert r.status_code == 200, r.text
    record = r.json()
    jsonschema.validate(record, SCHEMA)
    assert record["text"] == seed_text
    assert record["meta"]["published"] == "2016-12-13"
    for layer in ("mentions", "times", "quantities"):
        for item in record[layer]:
            assert seed_text[item["start"] : item["end"]] == item["text"]
    assert client.get("/health").json()["documents"] == 1  # nothing was stored


def test_extract_refuses_bad_input_with_codes(client: httpx.Client) -> None:
    assert_error(client.post("/extract", json={"text": "   "}), 422, "E102")
    err = assert_error(client.post("/extract", json={"text": 5}), 422, "E504")
    assert err["detail"][0]["loc"] == ["body", "text"]
    assert_error(client.post("/extract", json={"txt": "نص"}), 422, "E504")
    assert_error(
        client.post("/extract", content=b"{not json", headers={"content-type": "application/json"}),
        422,
        "E504",
    )


def test_body_size_limit_on_declared_and_streamed_bodies(client: httpx.Client) -> None:
    big = b'{"text": "' + "ن".encode() * 3_000_000 + b'"}'  # 6 MB > 5 MB default
    assert_error(
        client.post("/extract", content=big, headers={"content-type": "application/json"}),
        413,
        "E502",
    )

    def chunks():  # no Content-Length: the server must count
        yield b'{"text": "'
        for _ in range(60):
            yield "ن".encode() * 50_000
        yield b'"}'

    assert_error(
        client.post("/extract", content=chunks(), headers={"content-type": "application/json"}),
        413,
        "E502",
    )
    assert client.get("/health").status_code == 200  # the server is fine afterwards


# writes ------------------------------------------------------------------------------------
def test_writes_need_the_token(client: httpx.Client) -> None:
    body = {"text": "قال الرئيس إن الاجتماع سيعقد غدا."}
    r = client.post("/documents", json=body)
    assert_error(r, 401, "E501")
    assert r.headers["www-authenticate"] == "Bearer"
    assert_error(
        client.post("/documents", json=body, headers={"Authorization": "Bearer wrong"}), 401, "E501"
    )
    assert_error(
        client.post("/documents", json=body, headers={"Authorization": TOKEN}), 401, "E501"
    )


def test_ingest_batch_one_bad_item_never_fails_the_rest(client: httpx.Client) -> None:
    good = {
        "text": "تظاهر مئات الطلاب في مدينة الإسكندرية أمس احتجاجا على رفع الرسوم.",
        "published": "2025-05-02",
        "source": "batch-test",
    }
    r = client.post("/documents", json=[good, {"text": ""}, good], headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    statuses = [x["status"] for x in out["results"]]
    assert statuses == ["added", "rejected", "duplicate"]
    assert out["results"][1]["error"]["code"] == "E102"
    assert out["added"] == 1
    doc_id = out["results"][0]["id"]
    stored = client.get(f"/documents/{doc_id}").json()
    assert stored["text"] == good["text"]
    assert stored["meta"]["source"] == "batch-test"
    # the {documents: [...]} form and a single object are accepted too
    r = client.post("/documents", json={"documents": [good]}, headers=AUTH)
    assert r.json()["results"][0]["status"] == "duplicate"


def test_batch_size_is_limited(client: httpx.Client) -> None:
    items = [{"text": f"نص رقم {i}"} for i in range(Settings().api_max_batch + 1)]
    assert_error(client.post("/documents", json=items, headers=AUTH), 422, "E504")


def test_without_a_configured_token_writes_are_disabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    with ServerThread(create_app(store_url=str(tmp_path / "c.db"))) as s:
        r = httpx.post(
            s.url + "/documents",
            json={"text": "نص"},
            headers={"Authorization": "Bearer anything"},
            timeout=120,
        )
        assert_error(r, 403, "E503")


def test_token_from_environment_and_read_protection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_API_TOKEN", "env-secret")
    settings = Settings().with_overrides(api_read_requires_token=True)
    with ServerThread(create_app(settings, str(tmp_path / "c.db"))) as s:
        assert_error(httpx.get(timeout=120, url=s.url + "/events"), 401, "E501")
        assert (
            httpx.get(
                timeout=120, url=s.url + "/events", headers={"Authorization": "Bearer env-secret"}
            ).status_code
            == 200
        )
        assert httpx.get(timeout=120, url=s.url + "/health").status_code == 200
        # the dashboard's cookie counts for reads, never for writes
        cookies = {"marsad_token": "env-secret"}
        assert httpx.get(timeout=120, url=s.url + "/events", cookies=cookies).status_code == 200
        assert (
            httpx.get(
                timeout=120, url=s.url + "/events", cookies={"marsad_token": "nope"}
            ).status_code
            == 401
        )
        r = httpx.post(timeout=120, url=s.url + "/documents", json={"text": "نص"}, cookies=cookies)
        assert_error(r, 401, "E501")


# reading -----------------------------------------------------------------------------------
def test_get_document_returns_the_stored_record(
    client: httpx.Client, fixture_record: dict[str, Any]
) -> None:
    record = client.get("/documents/fixture-1").json()
    jsonschema.validate(record, SCHEMA)
    for key in ("text", "mentions", "entities", "quotes", "events", "times", "quantities"):
        assert record[key] == fixture_record[key], key
    err = assert_error(client.get("/documents/no-such-id"), 404, "E404")
    assert "no-such-id" in err["detail"]


def test_events_filters(client: httpx.Client) -> None:
    def types(**params: str) -> list[str]:
        r = client.get("/events", params=params)
        assert r.status_code == 200, r.text
        return sorted(
            e["type"] for e in r.json()["items"] if e["evidence"][0]["doc_id"] == "fixture-1"
        )

    assert types() == ["PROTEST", "REJECT"]
    assert types(type="PROTEST") == ["PROTEST"]
    assert types(type="AGREE") == []
    assert types(status="asserted") == ["PROTEST", "REJECT"]
    assert types(status="planned") == []
    assert types(place="بيروت") == ["PROTEST"]
    assert types(place="LBN") == ["PROTEST"]
    assert types(country="jor") == ["REJECT"]  # an actor's country
    assert types(entity="Amman") == ["REJECT"]
    assert types(date_from="2025-03-03", date_to="2025-03-03") == ["PROTEST", "REJECT"]
    assert types(date_from="2025-03-04") == []
    protest = client.get("/events", params={"type": "PROTEST", "doc_id": "fixture-1"}).json()[
        "items"
    ][0]
    assert protest["location"]["name"] == "بيروت"
    assert protest["evidence"][0]["text"] == "وتظاهر نحو 200 شخص أمام السفارة"
    assert_error(client.get("/events", params={"type": "RIOT"}), 422, "E504")
    assert_error(client.get("/events", params={"date_from": "3/3/2025"}), 422, "E504")
    assert_error(client.get("/events", params={"country": "Jordan"}), 422, "E504")


def test_events_csv(client: httpx.Client) -> None:
    r = client.get("/events", params={"type": "PROTEST", "format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    fixture_rows = [row for row in rows if row["doc_id"] == "fixture-1"]
    assert len(fixture_rows) == 1
    assert fixture_rows[0]["type"] == "PROTEST"
    assert fixture_rows[0]["place"] == "بيروت"
    assert fixture_rows[0]["evidence"] == "وتظاهر نحو 200 شخص أمام السفارة"


def test_pagination(client: httpx.Client) -> None:
    first = client.get("/events", params={"limit": 1, "doc_id": "fixture-1"}).json()
    assert first["total"] == 2 and len(first["items"]) == 1 and first["offset"] == 0
    second = client.get(first["next"]).json()
    assert second["offset"] == 1 and len(second["items"]) == 1 and second["next"] is None
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert_error(client.get("/events", params={"limit": 0}), 422, "E504")
    assert_error(
        client.get("/events", params={"limit": Settings().api_max_page_size + 1}), 422, "E504"
    )
    assert_error(client.get("/entities", params={"offset": -1}), 422, "E504")


def test_search_entities_stories_stats(client: httpx.Client) -> None:
    hits = client.get("/search", params={"q": "بيروت"}).json()
    assert hits["total"] >= 1
    hit = next(h for h in hits["items"] if h["id"] == "fixture-1")
    record = load_record()
    s = hit["sentence"]
    assert record["text"][s["start"] : s["end"]] == s["text"]
    assert client.get("/search", params={"q": "كلمةغيرموجودةابدا"}).json()["total"] == 0

    ents = client.get("/entities", params={"type": "PER"}).json()["items"]
    khatib = next(e for e in ents if e["name_en"] == "Samer al-Khatib")
    profile = client.get(f"/entities/{khatib['key']}").json()
    assert profile["roles"][0]["title"] == "وزير الخارجية"
    assert sorted(q["text"] for q in profile["quotes"]) == [
        '"نحن مع الحل السياسي"',
        "إن عمّان ترفض أي تهجير",
    ]
    assert {c["name"] for c in profile["cooccurring"]} >= {"بيروت", "عمّان"}
    amman = next(
        e
        for e in client.get("/entities", params={"q": "عمان"}).json()["items"]
        if e["name_en"] == "Amman"
    )
    assert [e["type"] for e in client.get(f"/entities/{amman['key']}").json()["events"]] == [
        "REJECT"
    ]
    assert_error(client.get("/entities/PER:nobody at all"), 404, "E505")

    assert client.get("/stories", params={"min_size": 1}).json()["total"] >= 1
    stats = client.get("/stats").json()
    assert stats["counts"]["documents"] >= 1
    assert stats["event_types"]["PROTEST"] >= 1


def test_store_failure_is_a_coded_503_without_trace(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-store.db"
    bad.write_bytes(b"this is not a database file at all" * 100)
    with ServerThread(create_app(store_url=str(bad))) as s:
        r = httpx.get(timeout=120, url=s.url + "/stats")
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "E401"
        assert "Traceback" not in r.text and "sqlite3" not in r.text
        page = httpx.get(timeout=120, url=s.url + "/ui/events")  # a person gets a page
        assert page.status_code == 503 and "E401" in page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "Traceback" not in page.text
        health = httpx.get(timeout=120, url=s.url + "/health").json()
        assert health["status"].startswith("store unavailable")


def test_cors_is_off_by_default_and_configurable(client: httpx.Client, tmp_path: Path) -> None:
    r = client.get("/events", headers={"Origin": "http://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    settings = Settings().with_overrides(api_cors_origins=["http://dash.example"])
    with ServerThread(create_app(settings, str(tmp_path / "c.db"))) as s:
        r = httpx.get(timeout=120, url=s.url + "/health", headers={"Origin": "http://dash.example"})
        assert r.headers["access-control-allow-origin"] == "http://dash.example"
        r = httpx.get(timeout=120, url=s.url + "/health", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in r.headers


def test_untrusted_article_is_escaped_in_the_html(client: httpx.Client) -> None:
    text = 'تظاهر طلاب <script>alert("x")</script> في "><img src=x onerror=alert(1)> دمشق.'
    r = client.post(
        "/documents",
        json={"text": text, "title": "<b>عنوان</b>", "url": "javascript:alert(1)"},
        headers=AUTH,
    )
    doc_id = r.json()["results"][0]["id"]
    html = client.get(f"/ui/documents/{doc_id}").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>عنوان" not in html
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    )
    assert 'href="javascript:' not in html
    csp = client.get(f"/ui/documents/{doc_id}").headers["content-security-policy"]
    assert "script-src 'self'" in csp


def test_seeded_fixture_store(tmp_path: Path) -> None:
    """seed_store stores records as given (the helper the browser tests rely on)."""
    db = tmp_path / "x.db"
    seed_store(db, [load_record()])
    from marsad.store import open_store

    with open_store(str(db)) as store:
        assert store.get_record("fixture-1")["quotes"] == load_record()["quotes"]


def test_a_busy_extractor_answers_503_not_a_hang(tmp_path: Path) -> None:
    settings = Settings().with_overrides(api_extract_wait_seconds=0.2)
    app = create_app(settings, str(tmp_path / "c.db"))
    with ServerThread(app) as s:
        lock = app.state.service.extract_slots
        lock.acquire()  # another document is being extracted
        try:
            r = httpx.post(
                timeout=120,
                url=s.url + "/extract",
                json={"text": "قال الوزير إن الاجتماع سيعقد غدا."},
            )
        finally:
            lock.release()
        assert_error(r, 503, "E508")
        assert r.headers["retry-after"] == "5"
        ok = httpx.post(
            timeout=120, url=s.url + "/extract", json={"text": "قال الوزير إن الاجتماع سيعقد غدا."}
        )
        assert ok.status_code == 200


def test_extraction_in_worker_processes_gives_the_same_record(
    tmp_path: Path, seed_text: str
) -> None:
    settings = Settings().with_overrides(api_extract_processes=1)
    body = {"text": seed_text, "published": "2016-12-13", "id": "seed"}
    with ServerThread(create_app(settings, str(tmp_path / "c.db"), token=TOKEN)) as s:
        in_worker = httpx.post(timeout=300, url=s.url + "/extract", json=body).json()
        r = httpx.post(timeout=300, url=s.url + "/documents", json=body, headers=AUTH)
        assert r.json()["results"][0]["status"] == "added"
        assert (
            httpx.get(timeout=60, url=s.url + "/search", params={"q": "هولاند"}).json()["total"]
            == 1
        )
    with ServerThread(create_app(store_url=str(tmp_path / "d.db"))) as s:
        in_thread = httpx.post(timeout=300, url=s.url + "/extract", json=body).json()
    assert in_worker == in_thread
