from __future__ import annotations

import pytest

import marsad
from marsad.errors import MarsadError
from marsad.pipeline import REGISTRY


def test_default_pipeline_runs_every_component_in_order():
    p = marsad.load()
    assert p.component_names == list(REGISTRY)


def test_components_declare_requirements_and_a_missing_one_is_named():
    with pytest.raises(MarsadError) as err:
        marsad.load(pipeline=["sentences", "quotes"])
    assert err.value.code == "E201"
    assert "quotes" in err.value.message and "tokens" in err.value.message


def test_disable_a_component():
    p = marsad.load(disable=["events"])
    assert "events" not in p.component_names
    doc = p("قال الرئيس إن الاجتماع سيعقد غدا.")
    assert doc.events == []


def test_disabling_a_needed_component_is_explained():
    with pytest.raises(MarsadError) as err:
        marsad.load(disable=["tokens"])
    assert err.value.code == "E201"


def test_unknown_names_get_a_suggestion():
    with pytest.raises(MarsadError) as err:
        marsad.load(max_char=10)
    assert err.value.code == "E203" and "max_chars" in err.value.message
    with pytest.raises(MarsadError) as err:
        marsad.load(disable=["quotse"])
    assert err.value.code == "E202"
    with pytest.raises(MarsadError) as err:
        marsad.load(max_chars="many")
    assert err.value.code == "E204"


def test_bad_documents_are_recorded_not_raised():
    p = marsad.load(max_chars=100)
    assert p("").error.code == "E102"
    assert p("   \n ").error.code == "E102"
    assert p("ا" * 101).error.code == "E103"
    english = p("The minister said the talks would resume on Monday.")
    assert english.error is None and any(w.code == "W104" for w in english.warnings)
    strict = marsad.load(require_arabic=True)
    assert strict("The minister said the talks would resume.").error.code == "E107"
    bad_date = p("قال الرئيس", published="yesterday")
    assert bad_date.meta.published is None and any(w.code == "E108" for w in bad_date.warnings)


def test_pipe_streams_in_order_and_survives_bad_items():
    p = marsad.load()
    items = [
        "قال الرئيس إن الاجتماع سيعقد غدا.",
        {"text": "أعلنت الحكومة عن خطة جديدة.", "id": "b", "published": "2016-12-13"},
        {"id": "no-text"},
        {"text": ""},
        "اجتمع الوزراء في القاهرة.",
    ]
    docs = list(p.pipe(items))
    assert [d.error.code if d.error else None for d in docs] == [None, None, "E105", "E102", None]
    assert docs[1].id == "b" and docs[1].meta.published == "2016-12-13"


def test_pipe_with_two_processes_gives_the_same_records():
    p = marsad.load()
    texts = [f"قال المتحدث رقم {i} إن الوفد وصل إلى بيروت." for i in range(12)]
    one = [d.to_dict() for d in p.pipe(texts)]
    two = [d.to_dict() for d in p.pipe(texts, n_process=2, batch_size=4)]
    assert one == two


def test_extract_shortcut_sets_meta():
    doc = marsad.extract("قال الرئيس", published="2016-12-13", title="t", source="s", url="u")
    assert doc.meta.published == "2016-12-13" and doc.meta.title == "t" and doc.meta.source == "s"
