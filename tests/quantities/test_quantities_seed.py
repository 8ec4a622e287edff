"""The seed article's quantities (issue acceptance) through the real pipeline."""

from __future__ import annotations


def _q(doc, text):
    hits = [q for q in doc.quantities if q.text == text]
    assert hits, f"{text!r} not found in {[q.text for q in doc.quantities]}"
    return hits[0]


def test_seed_quantities(seed_doc):
    q = _q(seed_doc, "أكثر من مئة ألف شخص")
    assert (q.value, q.min, q.max, q.approx, q.category) == (100000, 100000, None, True, "people")
    q = _q(seed_doc, "نحو 100 الف مدني")
    assert (q.value, q.min, q.max, q.approx, q.category) == (100000, None, None, True, "people")
    q = _q(seed_doc, "100 طفل")
    assert (q.value, q.min, q.max, q.approx, q.category) == (100, 100, 100, False, "people")
    q = _q(seed_doc, "مئات الجثث")
    assert (q.value, q.min, q.max, q.category) == (None, 200, 999, "killed")
    q = _q(seed_doc, "عشرات الناشطين")
    assert (q.value, q.min, q.max, q.category) == (None, 20, 99, "people")


def test_offsets_and_no_dates(seed_doc):
    for q in seed_doc.quantities:
        assert seed_doc.text[q.start : q.end] == q.text
    assert not any("14" in q.text or "12" in q.text for q in seed_doc.quantities)
