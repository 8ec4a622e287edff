"""Offsets stay exact on any input; odd inputs never raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marsad

PIECES = [
    "الأربعاء", "14", "١٤", "كانون الأول", "ديسمبر", "2016", "هـ", "الساعة", "الـ12", "من",
    "ظهر", "اليوم", "أمس", "منذ", "ثلاثة", "أيام", "نحو", "100", "الف", "مدني", "عشرات",
    "القتلى", "أكثر من", "مئة", "ألف", "شخص", "،", ".", "(", ")", "\u200f", "ـ", "ً", "/",
    "10:30", "آب", "مارس", "بالمئة", "%", "٫", "٬", "ﻻ", " ", "\n",
]  # fmt: skip


@pytest.fixture(scope="module")
def nlp():
    return marsad.load(pipeline=("sentences", "tokens", "times", "quantities"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25),
    st.sampled_from([None, "2016-12-13", "2015-07-21T10:00:00Z"]),
)
def test_offsets_exact_on_random_text(nlp, parts, published):
    text = " ".join(parts)
    if not text.strip():
        return
    doc = nlp(text, published=published)
    for item in doc.times + doc.quantities:
        assert doc.text[item.start : item.end] == item.text
        assert item.start < item.end


def test_marks_inside_expressions(nlp):
    text = "وصل الوفد غداً الساعةَ العاشرةَ صباحاً في ١٤/١٢/٢٠١٦ ومعه نحو ١٠٠ ألف\u200f دولار"
    doc = nlp(text, published="2016-12-13")
    for item in doc.times + doc.quantities:
        assert text[item.start : item.end] == item.text
    assert any(t.value == "2016-12-14" for t in doc.times)
    assert any(q.value == 100000 and q.category == "money" for q in doc.quantities)


def test_long_repetitive_text_is_processed(nlp):
    text = "قتل 5 أشخاص الأحد 11 كانون الأول. " * 2000
    doc = nlp(text, published="2016-12-13")
    assert len(doc.times) == 2000
    assert len(doc.quantities) == 2000


@pytest.mark.parametrize("published", ["0001-01-01", "1800-01-01", "2200-05-05", "9999-12-31"])
def test_far_anchors_never_fail(nlp, published):
    text = "في 12 ربيع الأول قبل عامين وبعد 3 أيام الأسبوع المقبل والعام المقبل غدا الأحد"
    doc = nlp(text, published=published)
    assert not doc.warnings
    assert len(doc.times) >= 5
