"""The event test table: news-style sentences written for Marsad covering every PLOVER
category, negation, passive, future, hypothetical, and sports/finance false friends."""

from __future__ import annotations

from pathlib import Path

import pytest

TABLE = Path(__file__).with_name("event_sentences.tsv")


def _rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "@")):
            continue
        cells = (line.split("\t") + [""] * 5)[:5]
        rows.append(tuple(c.strip() for c in cells))
    return rows


ROWS = _rows()


def _actor_ok(actors, want: str) -> bool:
    country, sector = want.split("/")
    for a in actors:
        c_ok = country == "*" or (a.country is None if country == "none" else a.country == country)
        if c_ok and a.sector == sector:
            return True
    return False


def test_table_is_large_and_covers_every_category():
    from marsad.document import PLOVER_TYPES

    assert len(ROWS) >= 150
    expected = {r[1].lstrip("!") for r in ROWS if r[1] != "-"}
    assert set(PLOVER_TYPES) <= expected
    statuses = {r[2] for r in ROWS}
    assert {"asserted", "planned", "denied", "hypothetical"} <= statuses


@pytest.mark.parametrize(
    ("sentence", "expected", "status", "source", "target"), ROWS, ids=[r[0][:30] for r in ROWS]
)
def test_sentence(pipeline, sentence, expected, status, source, target):
    doc = pipeline(sentence, published="2024-03-10")
    assert not [w for w in doc.warnings if w.code == "W101" and w.component == "events"]
    got = [(v.type, v.status) for v in doc.events]
    if expected == "-":
        assert doc.events == [], got
        return
    if expected.startswith("!"):
        assert all(v.type != expected[1:] for v in doc.events), got
        return
    events = [v for v in doc.events if v.type == expected]
    assert events, f"no {expected} in {got}"
    if status:
        assert any(v.status == status for v in events), got
    if source:
        assert any(_actor_ok(v.source, source) for v in events), [
            [(a.text, a.country, a.sector) for a in v.source] for v in events
        ]
    if target:
        assert any(_actor_ok(v.target, target) for v in events), [
            [(a.text, a.country, a.sector) for a in v.target] for v in events
        ]
    for v in events:
        assert doc.text[v.evidence.start : v.evidence.end].strip()
        assert v.evidence.start <= v.trigger.start < v.trigger.end <= v.evidence.end
        assert v.cameo and v.cameo.isdigit()
