"""Every export format from a real SQLite store: CSV columns as documented, Parquet read
back by pyarrow and DuckDB with the store's row counts, JSONL records valid against the
schema, PLOVER JSON, CoNLL/BIO with proclitics outside the names, and the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import orjson
import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.document import Actor, Entity, Event, Geo, Mention, Quantity, Span
from marsad.export import ACLED_COLUMNS, GDELT_COLUMNS, TABLES, bio_sentences, export
from marsad.store import open_store

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/marsad/schema/document.schema.json").read_text()
)

STRIKE = "قصفت طائرات حربية أحياء في مدينة حلب، ما أسفر عن مقتل {n} مدنيا وإصابة عشرين آخرين. وقالت روسيا إنها استهدفت مواقع المسلحين."
PROTEST = (
    "تظاهر مئات الطلاب في بيروت احتجاجا على رفع الرسوم الجامعية، وردد المتظاهرون هتافات ضد الحكومة."
)
TALKS = "وبحث وزير الخارجية الأردني أيمن الصفدي مع نظيره المصري في القاهرة الأوضاع في المنطقة."


@pytest.fixture(scope="module")
def pipeline():
    """Sentences and tokens only: these tests write the layers they need by hand."""
    import marsad

    return marsad.load(pipeline=["sentences", "tokens"])


def find(text: str, sub: str) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def add_entity(doc, surface, typ, kb=None, country=None, geo=None):
    s, e = find(doc.text, surface)
    mid, eid = doc.new_id("m"), doc.new_id("e")
    doc.mentions.append(Mention(mid, s, e, surface, typ, "name", eid))
    doc.entities.append(Entity(eid, typ, surface, None, kb, country, geo=geo, mentions=[mid]))
    return eid


def strike(pipeline, n: int, source: str):
    doc = pipeline(
        STRIKE.format(n=n), source=source, published="2016-12-13", url=f"http://{source}.example/1"
    )
    doc.mentions, doc.entities, doc.events, doc.quantities, doc.times = [], [], [], [], []
    aleppo = add_entity(doc, "حلب", "GPE", "Q41183", "SYR", Geo(36.2, 37.16, "city", 170063))
    add_entity(doc, "روسيا", "GPE", "Q159", "RUS")
    s, e = find(doc.text, f"{n} مدنيا")
    doc.quantities.append(
        Quantity(doc.new_id("q"), s, e, doc.text[s:e], n, n, None, False, "مدني", "killed")
    )
    s2, e2 = find(doc.text, "عشرين آخرين")
    doc.quantities.append(
        Quantity(doc.new_id("q"), s2, e2, doc.text[s2:e2], 20, 20, None, False, None, "injured")
    )
    first = doc.sentences[0]
    doc.events.append(
        Event(
            doc.new_id("v"),
            "ASSAULT",
            Span(first.start, first.end),
            mode="aerial",
            source=[Actor(None, "طائرات حربية", None, "MIL")],
            target=[Actor(None, "مدنيا", None, "CVL")],
            location=aleppo,
            cameo="195",
        )
    )
    return doc


def protest(pipeline):
    doc = pipeline(PROTEST, source="C", published="2016-12-14")
    doc.mentions, doc.entities, doc.events = [], [], []
    beirut = add_entity(doc, "بيروت", "GPE", "Q3820", "LBN", Geo(33.89, 35.5, "city", 276781))
    doc.events.append(
        Event(
            doc.new_id("v"),
            "PROTEST",
            Span(0, doc.sentences[0].end),
            mode="demonstrate",
            source=[Actor(None, "مئات الطلاب", "LBN", "EDU")],
            target=[Actor(None, "الحكومة", "LBN", "GOV")],
            location=beirut,
            cameo="141",
        )
    )
    return doc


def talks(pipeline):
    doc = pipeline(TALKS, source="C", published="2016-12-15")
    doc.mentions, doc.entities, doc.events = [], [], []
    add_entity(doc, "أيمن الصفدي", "PER", "Q4356906", "JOR")
    add_entity(doc, "القاهرة", "GPE", "Q85", "EGY")
    return doc


@pytest.fixture
def store(tmp_path, pipeline):
    s = open_store(tmp_path / "corpus.db")
    s.add_documents(
        [strike(pipeline, 12, "A"), strike(pipeline, 15, "B"), protest(pipeline), talks(pipeline)]
    )
    yield s
    s.close()


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_jsonl_records_are_valid_and_complete(store, tmp_path):
    out = tmp_path / "docs.jsonl"
    assert export(store, "jsonl", out) == 4
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert len(records) == 4
    for r in records:
        jsonschema.validate(r, SCHEMA)
        assert r == store.get_record(r["id"])
    assert export(store, "jsonl", out, source="C") == 2


def test_gdelt_csv(store, tmp_path):
    out = tmp_path / "events.csv"
    assert export(store, "gdelt", out) == 2
    columns, rows = read_csv(out)
    assert tuple(columns) == GDELT_COLUMNS
    assault = next(r for r in rows if r["PloverType"] == "ASSAULT")
    assert assault["SQLDATE"] == "20161213" and assault["Year"] == "2016"
    assert (
        assault["NumArticles"] == "2"
        and assault["NumSources"] == "2"
        and assault["NumMentions"] == "2"
    )
    assert (
        assault["EventCode"] == "195"
        and assault["EventRootCode"] == "19"
        and assault["QuadClass"] == "4"
    )
    assert assault["ActionGeo_FullName"] == "حلب" and assault["ActionGeo_CountryCode"] == "SYR"
    assert float(assault["ActionGeo_Lat"]) == pytest.approx(36.2)
    assert assault["SOURCEURL"] == "http://A.example/1"
    assert assault["Actor1Type1Code"] == "MIL" and assault["Actor2Type1Code"] == "CVL"


def test_acled_csv_with_fatalities_from_quantities(store, tmp_path):
    out = tmp_path / "acled.csv"
    assert export(store, "acled", out) == 2
    columns, rows = read_csv(out)
    assert tuple(columns) == ACLED_COLUMNS
    by_type = {r["plover_type"]: r for r in rows}
    a = by_type["ASSAULT"]
    assert a["event_date"] == "2016-12-13" and a["year"] == "2016"
    assert a["event_type"] == "Explosions/Remote violence"
    assert a["fatalities"] == "12"  # the lower of the two reports (12, 15); injuries not counted
    assert a["country"] == "SYR" and a["location"] == "حلب" and a["geo_precision"] == "1"
    assert a["source"] == "A; B" and a["num_sources"] == "2"
    assert a["notes"].startswith("قصفت طائرات حربية")
    assert a["event_id_cnty"].startswith("SYR")
    p = by_type["PROTEST"]
    assert p["event_type"] == "Protests" and p["fatalities"] == "0" and p["country"] == "LBN"
    assert p["actor1"] == "مئات الطلاب" and p["actor2"] == "الحكومة"
    # filters apply to exports
    assert export(store, "acled", out, event_type="PROTEST") == 1


def test_plover_json(store, tmp_path):
    out = tmp_path / "events.json"
    assert export(store, "plover", out) == 2
    events = orjson.loads(out.read_bytes())
    assert {e["event_type"] for e in events} == {"ASSAULT", "PROTEST"}
    a = next(e for e in events if e["event_type"] == "ASSAULT")
    assert (
        a["event_mode"] == "aerial"
        and a["num_articles"] == 2
        and a["location"]["placename"] == "حلب"
    )
    assert len(a["evidence"]) == 2 and all(ev["text"].startswith("قصفت") for ev in a["evidence"])
    empty = tmp_path / "none.json"
    assert export(store, "plover", empty, event_type="AID") == 0
    assert orjson.loads(empty.read_bytes()) == []


def test_parquet_reads_back_with_the_same_row_counts(store, tmp_path):
    import duckdb
    import pyarrow.parquet as pq

    out = tmp_path / "parquet"
    counts = export(store, "parquet", out)
    con = duckdb.connect()
    stored = store.stats()["counts"]
    assert set(counts) == set(TABLES)
    for table in TABLES:
        assert counts[table] == stored[table]
        assert pq.read_table(out / f"{table}.parquet").num_rows == stored[table]
        n = con.execute(f"SELECT COUNT(*) FROM read_parquet('{out / table}.parquet')").fetchall()[
            0
        ][0]
        assert n == stored[table]
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert {d["source"] for d in docs} == {"A", "B", "C"} and all(d["text"] for d in docs)
    merged = con.execute(
        f"SELECT merge_key, COUNT(DISTINCT doc_id) AS n FROM read_parquet('{out}/events.parquet') GROUP BY merge_key ORDER BY n DESC"
    ).fetchall()
    assert [n for _, n in merged] == [2, 1]
    con.close()
    q = pq.read_table(out / "quantities.parquet")
    assert (
        str(q.schema.field("value").type) == "double"
        and str(q.schema.field("char_start").type) == "int64"
    )


def test_conll_bio_keeps_proclitics_outside_names(pipeline, tmp_path):
    text = "وقالت وروسيا إن أيمن الصفدي زار القاهرة."
    doc = pipeline(text)
    doc.mentions, doc.entities = [], []
    add_entity(doc, "روسيا", "GPE")
    add_entity(doc, "أيمن الصفدي", "PER")
    add_entity(doc, "القاهرة", "GPE")
    (sentence,) = bio_sentences(doc.to_dict())
    pairs = [(tok, tag) for tok, tag, _, _ in sentence]
    assert pairs == [
        ("وقالت", "O"),
        ("و", "O"),
        ("روسيا", "B-GPE"),
        ("إن", "O"),
        ("أيمن", "B-PER"),
        ("الصفدي", "I-PER"),
        ("زار", "O"),
        ("القاهرة", "B-GPE"),
        (".", "O"),
    ]
    assert all(text[s:e] == tok for tok, _, s, e in sentence)


def test_conll_export_file(store, tmp_path):
    out = tmp_path / "names.conll"
    assert export(store, "conll", out) == 4
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines.count("-DOCSTART- O") == 4
    tags = [line.split()[-1] for line in lines if line and not line.startswith("-DOCSTART-")]
    assert tags.count("B-GPE") == 6 and tags.count("B-PER") == 1 and tags.count("I-PER") == 1
    assert set(tags) <= {"O", "B-GPE", "B-PER", "I-PER"}


def test_cli_corpus_commands(tmp_path, monkeypatch):
    db = str(tmp_path / "cli.db")
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        orjson.dumps({"id": "p1", "text": PROTEST, "source": "C", "published": "2016-12-14"})
        + b"\n"
        + orjson.dumps({"id": "t1", "text": TALKS, "source": "D", "published": "2016-12-15"})
        + b"\n"
    )
    monkeypatch.setenv("MARSAD_DB", db)
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(src), "-q"])
    assert res.exit_code == 0, res.output
    assert "2 read, 2 added, 0 already stored, 0 failed" in res.output
    res = runner.invoke(cli, ["ingest", str(src), "--db", db, "-q"])
    assert "0 added, 2 already stored" in res.output
    res = runner.invoke(cli, ["search", "الطلاب", "--format", "json"])
    hits = orjson.loads(res.stdout)["hits"]
    assert [h["id"] for h in hits] == ["p1"] and "الطلاب" in hits[0]["sentence"]["text"]
    res = runner.invoke(cli, ["search", "الأوضاع", "--source", "C"])
    assert res.exit_code == 0 and res.output.startswith("0 document(s)")
    res = runner.invoke(cli, ["stats", "--format", "json"])
    assert orjson.loads(res.stdout)["counts"]["documents"] == 2
    assert runner.invoke(cli, ["stats"]).exit_code == 0
    res = runner.invoke(cli, ["events", "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == ",".join(GDELT_COLUMNS)
    for command in (
        ["events"],
        ["entities"],
        ["entities", "--format", "json"],
        ["stories", "--min-size", "1"],
    ):
        assert runner.invoke(cli, command).exit_code == 0, command
    res = runner.invoke(cli, ["entities", "--key", "nothing-like-this"])
    assert res.exit_code == 1 and "no entity" in res.output
    out = tmp_path / "x.csv"
    res = runner.invoke(cli, ["export", "--format", "acled", "-o", str(out)])
    assert res.exit_code == 0 and read_csv(out)[0] == list(ACLED_COLUMNS)
    res = runner.invoke(cli, ["reprocess"])
    assert res.exit_code == 0 and "0 document(s) reprocessed" in res.output
    res = runner.invoke(cli, ["reprocess", "--all"])
    assert "2 document(s) reprocessed" in res.output
