"""Properties of the text layer and the pipeline on arbitrary text (hypothesis).

For any input: the normalised view's offset map is monotonic and exact (each view character
comes from the original characters it points to, and what it skips is only what
normalisation deletes), tokens never overlap and each maps back to its original characters,
and extraction returns a document whose offsets hold, without a component failing.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.document import span_problems
from marsad.text import normalize, normalize_string, split_sentences, tokenize

# Pieces that stress the text layer: Arabic letters and their variants, diacritics,
# tatweel, presentation forms and ligatures, Persian/Urdu letters, digits of three
# scripts, quotes, brackets, punctuation, spaces, zero-width and bidi controls, Latin,
# emoji (astral plane, joiners), a lone surrogate and the replacement character.
PIECES = list(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىٱ"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
    "ﻻﷲﺍﺏﻙﻼﺒ"
    "پچژگکیےۀہھڈ"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"
    "«»\"'“”‘’()[]{}.,،؛؟!?:;…-–—/%"
    " \n\t\r\u00a0\u2003"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
    "aZé"
    "😀🇸🇾👍🏽"
    "\ud800\ufffd"
) + ["ال", "وال", "لل", "قال ", "وزير", "مليون", "2016", "12.5", "١٢٫٥"]

texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join) | st.text(max_size=80)
FOLDS = st.booleans()


@given(texts, FOLDS, FOLDS)
@settings(max_examples=400, deadline=None)
def test_offset_map_is_monotonic_and_exact(text, fold_ta, fold_alef):
    norm = normalize(text, fold_ta_marbuta=fold_ta, fold_alef_maqsura=fold_alef)
    assert norm.original is text
    if norm.starts is None:
        assert len(norm.text) == len(text)
        assert norm.text == normalize_string(
            text, fold_ta_marbuta=fold_ta, fold_alef_maqsura=fold_alef
        )
        return
    starts, ends, view = list(norm.starts), list(norm.ends), norm.text
    assert len(starts) == len(ends) == len(view)
    assert starts == sorted(starts) and ends == sorted(ends)
    covered = 0
    i = 0
    while i < len(view):
        a, b = starts[i], ends[i]
        assert 0 <= a < b <= len(text)
        j = i
        while j < len(view) and (starts[j], ends[j]) == (a, b):
            j += 1
        # exact: the view characters of this span are the normal form of its original text
        assert view[i:j] == normalize_string(
            text[a:b], fold_ta_marbuta=fold_ta, fold_alef_maqsura=fold_alef
        )
        # what lies between spans is only what normalisation deletes
        assert normalize_string(text[covered:a]) == ""
        covered = b
        i = j
    assert normalize_string(text[covered:]) == ""
    # to_original maps every view span inside the original, in order
    for s in range(len(view) + 1):
        o_start, o_end = norm.to_original(s, len(view))
        assert 0 <= o_start <= o_end <= len(text)


@given(texts)
@settings(max_examples=400, deadline=None)
def test_tokens_never_overlap_and_map_back(text):
    norm = normalize(text)
    tokens = tokenize(text, norm)
    previous_end = 0
    for t in tokens:
        assert previous_end <= t.start < t.end <= len(text)
        previous_end = t.end
        assert text[t.start : t.end] == t.text
        assert t.norm == normalize_string(t.text)
        assert t.start <= t.core_start <= t.stem_start <= t.end
        assert t.stem_start <= t.stem_end <= t.end or t.kind != "word"
        assert t.kind in {"word", "number", "punct", "latin", "symbol"}
    # nothing but space and deleted marks lies outside the tokens
    rest = list(text)
    for t in tokens:
        rest[t.start : t.end] = [""] * (t.end - t.start)
    assert "".join(rest).strip() == "" or normalize_string("".join(rest)).strip() == ""


@given(texts, st.integers(min_value=5, max_value=200))
@settings(max_examples=300, deadline=None)
def test_sentences_are_ordered_trimmed_and_bounded(text, max_chars):
    previous_end = 0
    for s in split_sentences(text, max_chars):
        assert previous_end <= s.start < s.end <= len(text)
        assert s.end - s.start <= max_chars
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        previous_end = s.end


@pytest.fixture(scope="module")
def strict_pipeline():
    import marsad

    return marsad.load(time_budget_seconds=60.0)


@given(texts, st.sampled_from([None, "2016-12-13", "1999-01-01T10:00:00Z", "not a date"]))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_extraction_never_raises_and_offsets_hold(strict_pipeline, text, published):
    doc = strict_pipeline(text, published=published)
    record = doc.to_dict()
    assert span_problems(record) == []
    failures = [w.to_dict() for w in doc.warnings if w.code == "W101"]
    assert failures == [], failures
