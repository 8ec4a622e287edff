"""Integrity of the knowledge-base tables: every row well-formed, every reference resolvable."""

from __future__ import annotations

import re

import pytest

from marsad.entities.kb import KnowledgeBase
from marsad.resources import read_tsv

QID = re.compile(r"^Q[1-9][0-9]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO", "MED", "HLH",
    "EDU", "BUS", "CVL", "REF", "LEG", "ELI", "ACT",
}  # fmt: skip
TYPES = {"PER", "ORG", "GPE", "LOC", "FAC", "NORP"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def columns(name: str) -> int:
    from marsad.resources import path

    for line in path(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("@"):
            return len(line.split("\t"))
    raise AssertionError(f"{name} has no @header")


@pytest.mark.parametrize(
    "name",
    ["kb/countries.tsv", "kb/peoples.tsv", "kb/organizations.tsv", "kb/people.tsv",
     "kb/roles.tsv", "kb/places.tsv", "kb/titles.tsv"],
)  # fmt: skip
def test_rows_have_the_header_width_and_unique_keys(name):
    width = columns(name)
    keys = []
    for row in read_tsv(name):
        assert len(row) <= width, (name, row)
        assert all(cell == cell.strip() for cell in row), (name, row)
        keys.append(row[0])
    assert keys
    if name != "kb/roles.tsv":
        assert len(keys) == len(set(keys)), f"duplicate keys in {name}"


def test_countries(kb):
    for row in read_tsv("kb/countries.tsv"):
        iso3, name_en, qid = row[0], row[1], row[2]
        assert ISO3.match(iso3) and kb.get(iso3) is not None, iso3
        assert name_en
        assert not qid or QID.match(qid)
        e = kb.get(iso3)
        assert e.lat is not None and -90 <= e.lat <= 90 and -180 <= e.lon <= 180


def test_every_country_has_an_arabic_name_and_a_point(kb):
    countries = [e for e in kb.entries.values() if e.precision == "country"]
    assert len(countries) >= 240
    for e in countries:
        assert e.name_ar, e.key
    located = [e for e in countries if e.lat is not None]
    assert len(located) / len(countries) > 0.9


def test_organizations_and_people(kb):
    for row in read_tsv("kb/organizations.tsv"):
        key, qid, type_, name_en, names, _adj, country, sector = (row + [""] * 8)[:8]
        assert type_ in TYPES and name_en and names, key
        assert not qid or QID.match(qid), key
        assert not country or kb.get(country) is not None, key
        assert not sector or sector in SECTORS, key
    for row in read_tsv("kb/people.tsv"):
        key, qid, name_en, names, affiliation, sector = (row + [""] * 6)[:6]
        assert name_en and names, key
        assert not qid or QID.match(qid), key
        assert kb.get(affiliation) is not None, (key, affiliation)
        assert sector in SECTORS, key


def test_roles_reference_known_people_titles_and_bodies(kb):
    for row in read_tsv("kb/roles.tsv"):
        person, title, of, start, end = (row + [""] * 6)[:5]
        assert kb.get(person) is not None and kb.get(person).type == "PER", person
        assert title in kb.titles, title
        assert kb.get(of) is not None, (person, of)
        assert DATE.match(start) and (not end or DATE.match(end)), (person, start, end)
        assert not end or start <= end, (person, start, end)


def test_titles_and_places(kb):
    for t in kb.titles.values():
        assert t.forms and t.title_en and t.scope in ("country", "org", "any")
        assert t.sector is None or t.sector in SECTORS
    for row in read_tsv("kb/places.tsv"):
        key, _qid, type_, name_en, names, country, lat, lon = (row + [""] * 10)[:8]
        assert type_ in ("GPE", "LOC", "FAC") and name_en and names, key
        assert not country or ISO3.match(country)
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180


def test_gazetteer_rows_are_typed_and_in_matching_form(kb):
    from marsad.text import normalize_string

    rows = list(kb.surface_forms())
    assert len(rows) > 10_000
    for surface, type_, key in rows[:: max(1, len(rows) // 2000)]:
        assert type_ in TYPES and kb.get(key) is not None
        assert normalize_string(surface) == surface


def test_common_words_are_not_places(kb):
    for word in ("أن", "كان", "هولاند", "المدينة", "بين", "مدينة"):
        assert not [e for e in kb.lookup(word) if e.type in ("GPE", "LOC", "FAC")], word
