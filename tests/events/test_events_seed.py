"""Acceptance on the seed article (issue 7): the events a reader of the Aleppo report expects,
coded with PLOVER type, actors (country/sector), status, time and place."""

from __future__ import annotations

import pytest


def _has(actors, country, sector) -> bool:
    return any(a.country == country and a.sector == sector for a in actors)


def _events(doc, kind):
    return [v for v in doc.events if v.type == kind]


def test_consult_tur_rus_planned_in_turkey(seed_doc):
    consult = [
        v
        for v in _events(seed_doc, "CONSULT")
        if _has(v.source, "TUR", "GOV") and _has(v.target, "RUS", "GOV")
    ]
    assert consult
    v = consult[0]
    assert v.status == "planned"
    time = next(t for t in seed_doc.times if t.id == v.time)
    assert time.value == "2016-12-14"
    place = seed_doc.entity(v.location)
    assert place is not None and place.name == "تركيا"


def test_assault_by_regime_forces(seed_doc):
    assert any(_has(v.source, "SYR", "MIL") for v in _events(seed_doc, "ASSAULT"))


def test_request_by_france_and_un(seed_doc):
    assert any(
        _has(v.source, "FRA", "GOV") and _has(v.source, None, "IGO")
        for v in _events(seed_doc, "REQUEST")
    )


def test_ceasefire_call_is_a_request_not_an_agreement(seed_doc):
    text = seed_doc.text
    cavusoglu = text.index("ثمة حاجة لاتفاق لوقف النار")
    calls = [
        v for v in _events(seed_doc, "REQUEST") if v.evidence.start <= cavusoglu < v.evidence.end
    ]
    assert calls and _has(calls[0].source, "TUR", "GOV")
    assert not [
        v for v in _events(seed_doc, "AGREE") if v.evidence.start <= cavusoglu < v.evidence.end
    ]


def test_calls_to_stop_shelling_are_not_shelling(seed_doc):
    call = seed_doc.text.index("لوقف القصف")
    assert not [
        v
        for v in _events(seed_doc, "ASSAULT")
        if v.trigger.start <= call + 5 < v.trigger.end + 5
        and v.evidence.start <= call < v.evidence.end
    ]


@pytest.mark.parametrize(
    ("source", "target"), [(("FRA", "GOV"), ("RUS", "GOV")), (("SYR", "OPP"), ("RUS", "GOV"))]
)
def test_accusations_against_russia(seed_doc, source, target):
    accuse = _events(seed_doc, "ACCUSE")
    sectors = {source[1], "REB"} if source[1] == "OPP" else {source[1]}
    assert any(
        any(_has(v.source, source[0], s) for s in sectors) and _has(v.target, *target)
        for v in accuse
    )


def test_russia_supports_syrian_army(seed_doc):
    assert any(
        _has(v.source, "RUS", "GOV") and _has(v.target, "SYR", "MIL")
        for v in _events(seed_doc, "SUPPORT")
    )


def test_protest_at_russian_consulate(seed_doc):
    protests = _events(seed_doc, "PROTEST")
    assert any(_has(v.source, "SYR", "ACT") and _has(v.target, "RUS", "GOV") for v in protests)
    # the denunciation that the protest is for is not coded separately
    assert not [
        v
        for v in _events(seed_doc, "ACCUSE")
        if "للتنديد" in seed_doc.text[v.evidence.start : v.evidence.end]
    ]


def test_appeals_by_civil_defence_and_red_cross(seed_doc):
    ngo = [v for v in _events(seed_doc, "REQUEST") if any(a.sector == "NGO" for a in v.source)]
    assert len(ngo) >= 2


def test_arrests_by_regime_forces(seed_doc):
    assert any(_has(v.source, "SYR", "MIL") for v in _events(seed_doc, "COERCE"))


def test_qatar_calls_for_arab_league_meeting(seed_doc):
    assert any(
        _has(v.source, "QAT", "GOV") and _has(v.target, None, "IGO")
        for v in _events(seed_doc, "REQUEST")
    )


def test_every_event_is_traceable(seed_doc):
    ids = (
        {x.id for x in seed_doc.quotes}
        | {t.id for t in seed_doc.times}
        | {e.id for e in seed_doc.entities}
    )
    for v in seed_doc.events:
        assert seed_doc.text[v.evidence.start : v.evidence.end].strip()
        assert v.evidence.start <= v.trigger.start < v.trigger.end <= v.evidence.end
        for ref in (v.location, v.time, v.reported_by):
            assert ref is None or ref in ids
        for a in v.source + v.target:
            assert a.entity is None or a.entity in ids
            if a.start is not None:
                assert seed_doc.text[a.start : a.end] == a.text
