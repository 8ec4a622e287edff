"""An organisation name followed by a person's name gives two mentions, not one."""

from __future__ import annotations

import pytest

import marsad


@pytest.fixture(scope="module")
def nlp():
    return marsad.load(pipeline=["sentences", "tokens", "ner"])


def names(nlp, text):
    return [(m.text, m.type) for m in nlp(text).mentions if m.kind == "name"]


def test_organisation_then_person_is_split(nlp):
    found = names(nlp, "وقال الناطق باسم الجبهة الجنوبية عصام الريس إن الهجوم استهدف المنطقة.")
    assert ("عصام الريس", "PER") in found
    assert all("عصام" not in text for text, typ in found if typ == "ORG")
