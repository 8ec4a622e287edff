"""The seed article's time expressions (issue acceptance) through the real pipeline."""

from __future__ import annotations


def _times(doc):
    return {(t.text, t.type, t.value) for t in doc.times}


def test_seed_times(seed_doc):
    got = _times(seed_doc)
    assert ("الأربعاء 14 كانون الاول", "DATE", "2016-12-14") in got
    assert ("اليوم", "DATE", "2016-12-13") in got
    assert ("الساعة الـ12 من ظهر اليوم", "TIME", "2016-12-13T12:00") in got


def test_offsets_point_into_original(seed_doc):
    for t in seed_doc.times:
        assert seed_doc.text[t.start : t.end] == t.text
        assert t.id.startswith("t")


def test_no_anchor_gives_underspecified_values(pipeline):
    doc = pipeline("يجتمع الوزراء الأربعاء 14 كانون الاول في أنقرة.")
    assert [(t.text, t.value) for t in doc.times] == [("الأربعاء 14 كانون الاول", "XXXX-12-14")]


def test_month_names_inside_words_are_not_dates(pipeline):
    doc = pipeline("أدان ارتكاب المجازر وقال إن الأب مارس ضغوطا على ابنه.", published="2016-12-13")
    assert doc.times == []


def test_year_window_setting():
    import marsad

    text = "وقعت الحادثة في 3 مارس قرب الحدود"
    near = marsad.load(pipeline=("sentences", "tokens", "times"))
    short = marsad.load(pipeline=("sentences", "tokens", "times"), timex_year_window_months=1)
    assert [t.value for t in near(text, published="2016-12-13").times] == ["2017-03-03"]
    assert [t.value for t in short(text, published="2016-12-13").times] == ["2016-03-03"]
