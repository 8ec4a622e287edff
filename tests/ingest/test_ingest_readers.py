"""Readers for every input format, directories and globs, and the ingest loop's report."""

from __future__ import annotations

import gzip
import io

import orjson
import pytest

from marsad.ingest import expand_paths, ingest, read_path, read_paths
from marsad.store import open_store

ARTICLE = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة."
PARAGRAPHS = (
    "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة الساحلية بسعة مئتي سرير، "
    "وقالت إن المستشفى سيخدم سكان القرى المجاورة الذين كانوا يقطعون مسافات طويلة للعلاج.",
    "وأضاف المتحدث باسم الوزارة أن العمل في المشروع استمر ثلاث سنوات بتمويل من الحكومة "
    "ومنظمات دولية، وأن الطواقم الطبية تلقت تدريبا خاصا على الأجهزة الحديثة.",
)


@pytest.fixture(scope="module")
def pipeline():
    """Sentences and tokens only: these tests write the layers they need by hand."""
    import marsad

    return marsad.load(pipeline=["sentences", "tokens"])


def records(path, **kw):
    items = list(read_path(str(path), **kw))
    return [i.record for i in items if i.record], [i for i in items if i.error]


def test_text_utf8_and_windows_1256(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    (rec,), errs = records(p, source="وكالة")
    assert rec == {"text": ARTICLE, "source": "وكالة"} and not errs
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(ARTICLE.encode("cp1256"))
    (rec,), _ = records(legacy)
    assert rec["text"] == ARTICLE


def test_undecodable_bytes_are_a_coded_error(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(b"\xff\xfe\x00\xd8" + bytes(range(128, 256)) * 3 + b"\x00")
    recs, (err,) = records(p)
    assert not recs and err.error.code == "E101" and str(p) in err.error.message


def test_jsonl_problems_keep_their_line_and_do_not_stop_the_file(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes(
        orjson.dumps({"id": "1", "text": ARTICLE, "date": "2024-01-02"})
        + b"\n{broken\n"
        + orjson.dumps({"id": "3", "title": "no text"})
        + b"\n\n"
        + orjson.dumps({"content": ARTICLE, "source": "s"})
        + b"\n"
    )
    recs, errs = records(p)
    assert [r.get("id") for r in recs] == ["1", None]
    assert recs[0]["published"] == "2024-01-02" and recs[1]["source"] == "s"
    assert [(e.origin, e.error.code) for e in errs] == [(f"{p}:2", "E104"), (f"{p}:3", "E105")]
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(p.read_bytes()))
    assert len(records(gz)[0]) == 2


def test_json_array(tmp_path):
    p = tmp_path / "a.json"
    p.write_bytes(
        orjson.dumps([{"text": ARTICLE}, {"text": PARAGRAPHS[0], "url": "http://x.example/1"}])
    )
    recs, errs = records(p)
    assert len(recs) == 2 and recs[1]["url"] == "http://x.example/1" and not errs


def test_csv_finds_common_column_names(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(
        'Headline,Body,Date,Link\n"عنوان أول","'
        + ARTICLE
        + '",2024-05-01,http://x.example/1\n"عنوان ثان",,2024-05-02,\n',
        encoding="utf-8",
    )
    recs, errs = records(p)
    assert recs == [
        {
            "title": "عنوان أول",
            "text": ARTICLE,
            "published": "2024-05-01",
            "url": "http://x.example/1",
        }
    ]
    assert [(e.origin, e.error.code) for e in errs] == [(f"{p}:3", "E105")]


def test_csv_column_mapping_and_tsv(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(f"nass;masdar;tarikh\n{ARTICLE};وكالة;2024-05-01\n", encoding="utf-8")
    recs, errs = records(p, columns={"text": "nass", "source": "MASDAR", "published": "tarikh"})
    assert recs == [{"text": ARTICLE, "source": "وكالة", "published": "2024-05-01"}] and not errs
    _, (err,) = records(p)
    assert err.error.code == "E110" and "nass" in err.error.message
    _, (err,) = records(p, columns={"text": "missing"})
    assert err.error.code == "E110"
    t = tmp_path / "a.tsv"
    t.write_text(f"id\ttext\n7\t{ARTICLE}\n", encoding="utf-8")
    assert records(t)[0] == [{"id": "7", "text": ARTICLE}]


def html_page(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<html lang="ar"><head><meta charset="{charset}"><title>افتتاح مستشفى جديد</title>'
        '<meta property="og:site_name" content="صحيفة المدينة">'
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
        '<body><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav>'
        f"<article><h1>افتتاح مستشفى جديد</h1>{body}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(html_page("windows-1256").encode("cp1256"))
    (rec,), errs = records(p)
    assert not errs
    assert PARAGRAPHS[0] in rec["text"] and PARAGRAPHS[1] in rec["text"]
    assert "جميع الحقوق محفوظة" not in rec["text"] and "الرئيسية" not in rec["text"]
    assert rec["title"] == "افتتاح مستشفى جديد"
    assert rec["source"] == "صحيفة المدينة"
    assert rec["published"].startswith("2024-03-05")


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>أخبار المدينة</title><link>http://news.example/</link>
<item><title>الخبر الأول</title><link>http://news.example/1</link><guid>n-1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>ملخص قصير</description>
<content:encoded><![CDATA[<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>]]></content:encoded></item>
<item><title>الخبر الثاني</title><link>http://news.example/2</link>
<description>&lt;p&gt;{ARTICLE}&lt;/p&gt;</description></item>
<item><title>بلا نص</title><link>http://news.example/3</link></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة الأنباء</title>
<entry><title>خبر</title><id>urn:x:1</id><link href="http://atom.example/1"/>
<updated>2024-03-06T08:30:00Z</updated><content type="html">&lt;p&gt;{ARTICLE}&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_and_atom_feeds(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(RSS, encoding="utf-8")
    recs, errs = records(p)
    assert len(recs) == 2
    first, second = recs
    assert first["text"] == PARAGRAPHS[0] + "\n" + PARAGRAPHS[1]  # full content beats the summary
    assert first["title"] == "الخبر الأول" and first["url"] == "http://news.example/1"
    assert first["published"].startswith("2024-03-05") and first["source"] == "أخبار المدينة"
    assert first["id"] == "n-1"
    assert second["text"] == ARTICLE
    assert [(e.origin, e.error.code) for e in errs] == [(f"{p}#3", "E105")]
    a = tmp_path / "feed.xml"
    a.write_text(ATOM, encoding="utf-8")
    (rec,), _ = records(a)
    assert rec["text"] == ARTICLE and rec["url"] == "http://atom.example/1"
    assert rec["published"].startswith("2024-03-06") and rec["source"] == "وكالة الأنباء"
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>x</title></channel></rss>", encoding="utf-8")
    _, (err,) = records(broken)
    assert err.error.code == "E111"


def test_warc_archives(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    for name, gz in (("crawl.warc.gz", True), ("crawl.warc", False)):
        buf = io.BytesIO()
        w = WARCWriter(buf, gzip=gz)
        page = html_page().encode("utf-8")
        for url, status, ctype, payload in (
            ("http://paper.example/a", "200 OK", "text/html; charset=utf-8", page),
            (
                "http://paper.example/missing",
                "404 Not Found",
                "text/html",
                b"<html>not found</html>",
            ),
            ("http://paper.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=headers,
                )
            )
        w.write_record(
            w.create_warc_record(
                "http://paper.example/plain.txt",
                "resource",
                payload=io.BytesIO(ARTICLE.encode("utf-8")),
                length=len(ARTICLE.encode("utf-8")),
                warc_content_type="text/plain; charset=utf-8",
            )
        )
        p = tmp_path / name
        p.write_bytes(buf.getvalue())
        recs, errs = records(p)
        assert not errs
        assert [r["url"] for r in recs] == [
            "http://paper.example/a",
            "http://paper.example/plain.txt",
        ]
        assert PARAGRAPHS[0] in recs[0]["text"] and recs[1]["text"] == ARTICLE
        assert recs[1]["source"] == "paper.example"


def test_directories_globs_and_missing_paths(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "b.jsonl").write_bytes(orjson.dumps({"text": PARAGRAPHS[0]}) + b"\n")
    (root / "notes.md").write_text("# not an article", encoding="utf-8")
    (root / ".hidden" / "c.txt").write_text(PARAGRAPHS[1], encoding="utf-8")
    (tmp_path / "empty").mkdir()
    found = [p for p, err in expand_paths([str(root)])]
    assert found == [str(root / "a.txt"), str(root / "sub" / "b.jsonl")]
    texts = [i.record["text"] for i in read_paths([str(tmp_path / "in" / "**" / "*.jsonl")])]
    assert texts == [PARAGRAPHS[0]]
    errors = [
        i.error.code
        for i in read_paths(
            [str(tmp_path / "nothing.txt"), str(tmp_path / "no*.csv"), str(tmp_path / "empty")]
        )
    ]
    assert errors == ["E113", "E113", "E113"]


def test_ingest_reports_every_problem_and_skips_what_is_stored(tmp_path, pipeline):
    good = tmp_path / "good.jsonl"
    good.write_bytes(
        b"".join(
            orjson.dumps(r) + b"\n"
            for r in (
                {"id": "a", "text": ARTICLE, "source": "s1"},
                {"id": "b", "text": PARAGRAPHS[0], "source": "s1"},
                {"id": "a-again", "text": ARTICLE, "source": "s1"},  # same content: stored once
                {"id": "empty", "text": "   "},
            )
        )
        + b"{bad json\n"
    )
    page = tmp_path / "page.html"
    page.write_text(html_page(), encoding="utf-8")
    store = open_store(tmp_path / "c.db")
    try:
        report = ingest(
            store,
            [str(good), str(page), str(tmp_path / "missing.txt")],
            pipeline=pipeline,
            batch_size=2,
            published="2024-01-01",
        )
        assert (report.read, report.added, report.skipped, report.failed) == (7, 3, 1, 3)
        assert sorted((p["origin"], p["code"]) for p in report.problems) == [
            (f"{good}:4", "E102"),
            (f"{good}:5", "E104"),
            (str(tmp_path / "missing.txt"), "E113"),
        ]
        assert store.get_record("a")["meta"]["published"] == "2024-01-01"
        html_doc = store.search("مستشفى")["hits"][0]
        assert html_doc["published"].startswith("2024-03-05")  # the page's own date wins
        again = ingest(store, [str(good), str(page)], pipeline=pipeline)
        assert again.added == 0 and again.skipped == 4
        assert store.stats()["counts"]["documents"] == 3
    finally:
        store.close()


@pytest.mark.parametrize("n_process", [2])
def test_ingest_with_worker_processes(tmp_path, pipeline, n_process):
    p = tmp_path / "many.jsonl"
    p.write_bytes(
        b"".join(
            orjson.dumps({"id": f"d{i}", "text": f"{ARTICLE} رقم {i}."}) + b"\n" for i in range(12)
        )
    )
    with open_store(tmp_path / "c.db") as store:
        report = ingest(store, [str(p)], pipeline=pipeline, n_process=n_process, batch_size=5)
        assert report.added == 12 and report.failed == 0
        assert {r["id"] for r in store.iter_records()} == {f"d{i}" for i in range(12)}
