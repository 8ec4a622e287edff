"""Knowledge-base values that end up in records must be values the schema allows."""

from __future__ import annotations

import json
from importlib.resources import files

from marsad.entities.kb import KnowledgeBase

SCHEMA = json.loads(
    files("marsad").joinpath("schema/document.schema.json").read_text(encoding="utf-8")
)
PRECISIONS = set(
    SCHEMA["properties"]["entities"]["items"]["properties"]["geo"]["anyOf"][1]["properties"][
        "precision"
    ]["enum"]
)


def test_every_place_precision_is_a_schema_value():
    kb = KnowledgeBase.load()
    seen = {
        entry.precision
        for _, _, key in kb.surface_forms()
        for entry in [kb.get(key)]
        if entry is not None
    }
    assert {"country", "city", "admin1"} <= seen  # the tables are really read
    assert seen - {None} <= PRECISIONS, seen - PRECISIONS
