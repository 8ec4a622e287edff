"""The store suite: every test runs on a real SQLite file AND a real PostgreSQL server
(MARSAD_TEST_PG, started by scripts/test.sh; the postgres case skips only without it).

Layers the store must keep are written by hand on texts written for these tests (the store
stores whatever the Document carries); sentences and tokens come from marsad.load().
"""

from __future__ import annotations

import sqlite3

import pytest

from marsad.document import Actor, Document, Entity, Event, Geo, Mention, Quantity, Span, Time
from marsad.errors import MarsadError
from marsad.store import content_hash, open_store, pipeline_version


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


ATTACK = (
    "قصفت طائرات حربية روسية أحياء في مدينة حلب يوم الثلاثاء، ما أسفر عن مقتل 12 مدنيا. "
    "وقال وزير الخارجية التركي مولود جاويش أوغلو إن أنقرة تدين الهجوم على المدنيين."
)
MEETING = (
    "التقى وزير الخارجية التركي مولود جاويش أوغلو نظيره الروسي في موسكو يوم الخميس. "
    "وبحث الوزيران الوضع الإنساني في سوريا وسبل وقف إطلاق النار."
)


def annotated(
    pipeline, text: str, *, source: str, published: str, doc_id: str | None = None
) -> Document:
    """A document of ``text`` with hand-written entities, a time, a quantity and an event."""
    doc = pipeline(text, source=source, published=published, id=doc_id)
    doc.mentions, doc.entities, doc.times, doc.quantities, doc.events = [], [], [], [], []
    for surface, typ, kb, country, geo in (
        ("روسية", "NORP", None, "RUS", None),
        ("حلب", "GPE", "Q41183", "SYR", Geo(36.2, 37.16, "city", 170063)),
        ("مولود جاويش أوغلو", "PER", "Q380599", "TUR", None),
        ("موسكو", "GPE", "Q649", "RUS", Geo(55.75, 37.62, "city", 524901)),
    ):
        if surface not in text:
            continue
        s, e = span(text, surface)
        mid, eid = doc.new_id("m"), doc.new_id("e")
        doc.mentions.append(Mention(mid, s, e, surface, typ, "name", eid))
        doc.entities.append(Entity(eid, typ, surface, None, kb, country, geo=geo, mentions=[mid]))
    by_name = {e.name: e for e in doc.entities}
    if "يوم الثلاثاء" in text:
        s, e = span(text, "يوم الثلاثاء")
        doc.times.append(Time(doc.new_id("t"), s, e, text[s:e], "DATE", "2016-12-13"))
    if "12 مدنيا" in text:
        s, e = span(text, "12 مدنيا")
        doc.quantities.append(
            Quantity(doc.new_id("q"), s, e, text[s:e], 12, 12, None, False, "مدني", "killed")
        )
    if "قصفت" in text:
        first = doc.sentences[0]
        doc.events.append(
            Event(
                doc.new_id("v"),
                "ASSAULT",
                Span(first.start, first.end),
                mode="aerial",
                source=[Actor(by_name["روسية"].id, "طائرات حربية روسية", "RUS", "MIL")],
                target=[Actor(None, "المدنيين", None, "CVL")],
                location=by_name["حلب"].id,
                time=doc.times[0].id if doc.times else None,
                cameo="195",
            )
        )
    if "التقى" in text:
        first = doc.sentences[0]
        doc.events.append(
            Event(
                doc.new_id("v"),
                "CONSULT",
                Span(first.start, first.end),
                mode="meet",
                source=[Actor(by_name["مولود جاويش أوغلو"].id, "مولود جاويش أوغلو", "TUR", "GOV")],
                target=[Actor(None, "نظيره الروسي", "RUS", "GOV")],
                location=by_name["موسكو"].id,
                cameo="043",
            )
        )
    return doc


# ---------------------------------------------------------------------------------------------


def test_roundtrip_keeps_the_full_record_and_fills_layer_tables(store, pipeline):
    doc = annotated(pipeline, ATTACK, source="وكالة أ", published="2016-12-13")
    result = store.add_documents([doc])
    assert result.added == [doc.id] and not result.skipped and not result.problems
    assert store.get_record(doc.id) == doc.to_dict()
    again = store.get_document(doc.id)
    assert again is not None and again.to_dict() == doc.to_dict()
    counts = store.stats()["counts"]
    assert counts["documents"] == 1
    assert counts["mentions"] == len(doc.mentions) == 3
    assert counts["entities"] == 3
    assert counts["times"] == 1 and counts["quantities"] == 1
    assert counts["events"] == 1 and counts["event_actors"] == 2
    assert store.get_record("no-such-id") is None


def test_ingest_is_idempotent_by_content(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    b = annotated(pipeline, MEETING, source="A", published="2016-12-15")
    assert len(store.add_documents([a, b]).added) == 2
    again = store.add_documents([annotated(pipeline, ATTACK, source="A", published="2016-12-13")])
    assert again.added == [] and again.skipped == [a.id]
    # the same text from another outlet is another document (it counts as another source)
    copy = annotated(pipeline, ATTACK, source="B", published="2016-12-13")
    res = store.add_documents([copy])
    assert len(res.added) == 1 and res.added[0] != a.id
    assert store.known_hashes(
        [content_hash(ATTACK, "A", None), content_hash(ATTACK, "C", None)]
    ) == {content_hash(ATTACK, "A", None)}
    # a caller's id already used by another text is refused with a code, not overwritten
    clash = pipeline("نص آخر مختلف تماما عن الخبر الأول.", id=b.id, source="A")
    res = store.add_documents([clash])
    assert res.added == [] and res.problems[0]["code"] == "E405"
    assert store.stats()["counts"]["documents"] == 3


def test_a_failing_batch_leaves_nothing(store, pipeline):
    good = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    bad = annotated(pipeline, MEETING, source="A", published="2016-12-15")
    bad.mentions.append(bad.mentions[0])  # duplicate (doc_id, id): the insert fails
    with pytest.raises(Exception):  # noqa: B017 - the driver's own integrity error
        store.add_documents([good, bad])
    assert store.stats()["counts"]["documents"] == 0
    assert store.stats()["counts"]["mentions"] == 0
    assert store.add_documents([good]).added == [good.id]


def test_search_normalises_arabic_and_handles_clitics(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    b = annotated(pipeline, MEETING, source="B", published="2016-12-15")
    store.add_documents([a, b])
    # hamza and diacritics in the query, none in the text (and the reverse)
    assert [h["id"] for h in store.search("أحْياء")["hits"]] == [a.id]
    assert [h["id"] for h in store.search("انقره")["hits"]] == [a.id]
    # a word found inside a clitic-attached form: "وبحث" → "بحث"
    assert [h["id"] for h in store.search("بحث")["hits"]] == [b.id]
    assert {h["id"] for h in store.search("التركي")["hits"]} == {a.id, b.id}
    assert [h["id"] for h in store.search('"وزير الخارجية" -موسكو')["hits"]] == [a.id]
    assert {h["id"] for h in store.search("حلب OR موسكو")["hits"]} == {a.id, b.id}
    assert [h["id"] for h in store.search("موسك*")["hits"]] == [b.id]
    assert store.search("كلمةغيرموجودة")["total"] == 0
    with pytest.raises(MarsadError) as err:
        store.search("-حلب")
    assert err.value.code == "E408"


def test_search_returns_the_matching_sentence_with_offsets(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    store.add_documents([a])
    hit = store.search("تدين")["hits"][0]
    s = hit["sentence"]
    assert ATTACK[s["start"] : s["end"]] == s["text"]
    assert "تدين" in s["text"] and "قصفت" not in s["text"]
    assert hit["source"] == "A" and hit["published"] == "2016-12-13"


def test_search_filters(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    b = annotated(pipeline, MEETING, source="B", published="2016-12-15")
    store.add_documents([a, b])

    def ids(**f):
        return {h["id"] for h in store.search("التركي", **f)["hits"]}

    assert ids(date_from="2016-12-14") == {b.id}
    assert ids(date_to="2016-12-13") == {a.id}
    assert ids(date_from="2016-12-01", date_to="2016-12-31") == {a.id, b.id}
    assert ids(source="A") == {a.id}
    assert ids(source=["A", "B"]) == {a.id, b.id}
    assert ids(entity="حلب") == {a.id}  # by name
    assert ids(entity="Q649") == {b.id}  # by KB id
    assert ids(event_type="CONSULT") == {b.id}
    assert ids(country="SYR") == {a.id}
    assert ids(entity="مولود جاويش اوغلو") == {a.id, b.id}  # another spelling of the name
    assert {h["id"] for h in store.documents(source="B")} == {b.id}
    with pytest.raises(MarsadError):
        store.search("حلب", colour="red")


def test_events_merge_across_articles_with_counts_and_evidence(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    b = annotated(
        pipeline, ATTACK + " وأضاف أن بلاده تتابع الوضع.", source="B", published="2016-12-14"
    )
    m = annotated(pipeline, MEETING, source="B", published="2016-12-15")
    store.add_documents([a, b, m])
    result = store.events()
    assert result["total"] == 2
    top = result["events"][0]
    assert top["type"] == "ASSAULT" and top["date"] == "2016-12-13"  # the event's own day
    assert top["num_articles"] == 2 and top["num_sources"] == 2 and top["num_mentions"] == 2
    assert {e["doc_id"] for e in top["evidence"]} == {a.id, b.id}
    for e in top["evidence"]:
        doc_text = store.get_record(e["doc_id"])["text"]
        assert doc_text[e["start"] : e["end"]] == e["text"]
    assert top["fatalities"] == 12
    assert top["location"]["name"] == "حلب" and top["location"]["country"] == "SYR"
    assert top["source"][0]["country"] == "RUS"
    assert [e["type"] for e in store.events(event_type="CONSULT")["events"]] == ["CONSULT"]
    assert store.events(country="TUR")["total"] == 1  # an actor's country
    assert store.events(date_from="2016-12-14")["total"] == 1
    assert store.events(entity="Q380599")["events"][0]["type"] == "CONSULT"


def test_corpus_entities_and_cooccurrence(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    m = annotated(pipeline, MEETING, source="B", published="2016-12-15")
    store.add_documents([a, m])
    ents = {e["key"]: e for e in store.entities()["entities"]}
    minister = ents["Q380599"]
    assert minister["n_documents"] == 2 and minister["n_mentions"] == 2
    assert minister["first_seen"] == "2016-12-13" and minister["last_seen"] == "2016-12-15"
    assert minister["name"] == "مولود جاويش أوغلو" and minister["country"] == "TUR"
    assert "NORP:روسيه" in ents  # no KB id: type and normalised name
    detail = store.entity("Q380599")
    co = {c["key"]: c["n_documents"] for c in detail["cooccurring"]}
    assert co == {"Q41183": 1, "Q649": 1, "NORP:روسيه": 1}
    assert {d["id"] for d in detail["documents"]} == {a.id, m.id}
    assert store.entities(type="GPE")["total"] == 2
    assert [e["key"] for e in store.entities(query="موس")["entities"]] == ["Q649"]
    assert store.entity("nothing") is None


def test_near_duplicates_form_stories(store, pipeline, seed_text):
    first = pipeline(seed_text, source="وكالة أ", published="2016-12-13")
    edited = seed_text.replace("الأربعاء", "يوم الأربعاء", 1).replace("رفيع", "رفيع المستوى", 1)
    second = pipeline(
        edited + "\nوتابعت الوكالة تغطية الحدث.", source="وكالة ب", published="2016-12-13"
    )
    other = pipeline(MEETING, source="وكالة ب", published="2016-12-15")
    store.add_documents([first])
    store.add_documents([second, other])
    stories = store.stories()["stories"]
    assert len(stories) == 1
    assert stories[0]["n_documents"] == 2 and stories[0]["n_sources"] == 2
    assert {d["id"] for d in stories[0]["documents"]} == {first.id, second.id}
    assert store.stories(min_size=1)["total"] == 2
    assert store.stats()["stories"] == 1
    assert {h["id"] for h in store.search("", story=stories[0]["id"])["hits"]} == {
        first.id,
        second.id,
    }


def test_seed_twice_from_two_sources_is_one_story_with_merged_events(
    store, full_pipeline, seed_text
):
    """Acceptance: the seed article from two outlets with small edits forms one story and,
    once the events layer produces events, its events merge with NumSources = 2."""
    a = full_pipeline(seed_text, source="outlet-a", published="2016-12-13")
    edited = seed_text.replace("من جهته،", "من جانبه،", 1) + "\n(تحرير: وكالة ب)"
    b = full_pipeline(edited, source="outlet-b", published="2016-12-13")
    store.add_documents([a, b])
    stories = store.stories()["stories"]
    assert len(stories) == 1 and stories[0]["n_sources"] == 2
    if not a.events:
        pytest.xfail("the events layer produces no events yet; merging is asserted once it does")
    merged = store.events(story=stories[0]["id"])["events"]
    assert any(e["num_sources"] == 2 and e["num_articles"] == 2 for e in merged)


def test_delete_and_stats(store, pipeline):
    a = annotated(pipeline, ATTACK, source="A", published="2016-12-13")
    b = annotated(pipeline, MEETING, source="B", published="2016-12-15")
    store.add_documents([a, b])
    stats = store.stats()
    assert stats["backend"] in ("sqlite", "postgres") and stats["schema_version"] >= 1
    assert stats["sources"] == {"A": 1, "B": 1}
    assert stats["event_types"] == {"ASSAULT": 1, "CONSULT": 1}
    assert stats["first_day"] == "2016-12-13" and stats["last_day"] == "2016-12-15"
    assert stats["size_bytes"] > 0
    assert store.delete_document(a.id) is True
    assert store.delete_document(a.id) is False
    assert store.search("حلب")["total"] == 0
    assert store.stats()["counts"]["mentions"] == len(b.mentions)


def test_reprocess_re_extracts_documents_of_another_pipeline_version(store, pipeline):
    import marsad

    texts = [ATTACK, MEETING]
    docs = [pipeline(t, source="A", published="2016-12-13") for t in texts]
    store.add_documents(docs, pipeline_version="0.0.1+old")
    # a narrower pipeline is a different version: both documents are re-extracted by it
    small = marsad.load(pipeline=["sentences"])
    assert pipeline_version(small) != pipeline_version(pipeline)
    assert store.stale_count(pipeline_version(small)) == 2
    assert store.reprocess(small, batch_size=1) == 2
    assert store.stale_count(pipeline_version(small)) == 0
    assert store.reprocess(small) == 0
    assert store.reprocess(small, force=True) == 2
    for d in docs:
        record = store.get_record(d.id)
        assert record["text"] == d.text and record["meta"]["source"] == "A"
    assert store.search("موسكو")["total"] == 1


def test_reopening_keeps_data_and_schema(store_url, pipeline):
    with open_store(store_url) as s:
        s.add_documents([pipeline(ATTACK, source="A")])
        version = s.stats()["schema_version"]
    with open_store(store_url) as s:
        assert s.stats()["counts"]["documents"] == 1
        assert s.stats()["schema_version"] == version


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(MarsadError) as err:
        open_store(str(path))
    assert err.value.code == "E401"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(MarsadError) as err:
        open_store(str(garbage))
    assert err.value.code == "E401"


def test_unsupported_url_is_refused():
    with pytest.raises(MarsadError) as err:
        open_store("mysql://localhost/db")
    assert err.value.code == "E402"


def test_listing_puts_undated_documents_last_on_both_backends(store, pipeline):
    undated = pipeline(MEETING, source="A")
    old = pipeline(ATTACK, source="A", published="2016-12-13")
    new = pipeline(ATTACK + " وتابعت.", source="B", published="2016-12-20")
    store.add_documents([undated, old, new])
    assert [d["id"] for d in store.documents()] == [new.id, old.id, undated.id]


def test_two_writers_adding_the_same_articles_store_each_once(store_url, pipeline):
    import threading

    docs = [pipeline(f"{ATTACK} تحديث رقم {i}.", source="A") for i in range(30)]
    stores = [open_store(store_url), open_store(store_url)]
    results, errors = [], []

    def write(s):
        try:
            results.append(s.add_documents(docs))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors
        assert sorted(len(r.added) + len(r.skipped) for r in results) == [30, 30]
        assert sum(len(r.added) for r in results) == 30
        assert stores[0].stats()["counts"]["documents"] == 30
    finally:
        for s in stores:
            s.close()
