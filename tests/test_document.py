"""The record is the contract: schema-valid, offsets exact, round-trips."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from marsad.document import Document, span_problems

SCHEMA = json.loads(
    files("marsad").joinpath("schema/document.schema.json").read_text(encoding="utf-8")
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_example_gives_a_valid_record_with_exact_offsets(pipeline, path):
    doc = pipeline(path.read_text(encoding="utf-8"), published="2016-12-13")
    record = doc.to_dict()
    jsonschema.validate(record, SCHEMA)
    assert span_problems(record) == []
    assert record["text"] == path.read_text(encoding="utf-8")  # the text is kept as received
    assert record["schema"] == "marsad.document/1"


def test_record_round_trips(seed_doc):
    record = seed_doc.to_dict()
    again = Document.from_dict(json.loads(json.dumps(record, ensure_ascii=False))).to_dict()
    assert again == record


def test_id_is_the_sha1_of_the_text_unless_given(pipeline):
    import hashlib

    text = "قال الرئيس إن الاجتماع سيعقد غدا."
    assert pipeline(text).id == hashlib.sha1(text.encode()).hexdigest()
    assert pipeline(text, id="article-7").id == "article-7"


def test_sentences_cover_the_seed(seed_doc, seed_text):
    assert len(seed_doc.sentences) >= 20
    assert all(
        seed_text[s.start : s.end].strip() == seed_text[s.start : s.end] for s in seed_doc.sentences
    )


def test_span_problems_reports_broken_offsets_and_references():
    record = Document(text="قال الرئيس").to_dict()
    record["times"] = [
        {"id": "t1", "start": 0, "end": 3, "text": "xyz", "type": "DATE", "value": None}
    ]
    record["quotes"] = [
        {
            "id": "x1",
            "speaker": "e9",
            "cue": {"start": 0, "end": 3, "text": "قال", "class": "say"},
            "content": {"start": 4, "end": 99},
            "direct": False,
        }
    ]
    problems = span_problems(record)
    assert any("times t1" in p for p in problems)
    assert any("content: bad span" in p for p in problems)
    assert any("unknown speaker e9" in p for p in problems)
