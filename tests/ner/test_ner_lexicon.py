"""NER's gazetteers come from the knowledge base (one source of names), plus NER's own
lists; and the span rules that sit on top of the model."""

from __future__ import annotations

import pytest

import marsad
from marsad.entities.kb import KnowledgeBase
from marsad.entities.ner.lexicon import load_gazetteer
from marsad.text.normalize import normalize_string


def words(s: str) -> tuple[str, ...]:
    return tuple(normalize_string(s).split())


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def ner():
    return marsad.load(pipeline=["sentences", "tokens", "ner"])


def test_places_organisations_and_people_come_from_the_knowledge_base(gazetteer):
    kb = KnowledgeBase.load()
    assert gazetteer.places[words("تركيا")] == ("GPE", "TUR")
    assert gazetteer.places[words("الولايات المتحدة")][0] == "GPE"
    assert gazetteer.places[words("حلب")] == ("GPE", "SYR")  # a geonames town, big enough
    assert gazetteer.names[words("الأمم المتحدة")] == "ORG"
    assert gazetteer.names[words("سيرغي لافروف")] == "PER"
    # every person the KB offers as an unambiguous name, as the tables write it
    people = 0
    for surface, typ, key in kb.surface_forms():
        written = {" ".join(words(n)) for n in kb.get(key).names}
        if typ == "PER" and surface in written:
            assert tuple(surface.split()) in gazetteer.names, surface
            people += 1
    assert people > 100


def test_nationality_words_in_every_form_come_from_the_knowledge_base(gazetteer):
    for form in ("التركي", "تركية", "الأتراك", "السوريين", "الأكراد"):
        assert normalize_string(form) in gazetteer.demonyms
    assert gazetteer.demonyms[normalize_string("الأتراك")] == "TUR"
    # an adjective that names an organisation is not a nationality
    assert normalize_string("أممية") in gazetteer.org_adjectives
    assert normalize_string("أممية") not in gazetteer.demonyms


def test_ner_keeps_its_own_lists_for_what_the_knowledge_base_lacks(gazetteer):
    assert normalize_string("المسلمون") in gazetteer.demonyms  # a religious group (NORP)
    assert words("الشيخ") in gazetteer.titles  # an honorific, not an office
    assert words("وزير الخارجية") in gazetteer.titles  # an office, from the KB
    assert normalize_string("وزارة") in gazetteer.opening_org_heads


def test_a_town_named_by_a_common_word_is_only_a_feature(gazetteer):
    weak = gazetteer.weak_places
    assert words("حلب") not in weak  # a big city
    assert all(len(w) == 1 for w in weak)
    assert all(w in gazetteer.places for w in weak)


def test_a_country_spelled_like_its_adjective_stays_a_place(ner):
    doc = ner("ووصل المبعوث الدولي إلى سورية أمس قادما من جنيف.")
    assert ("سورية", "GPE") in [(m.text, m.type) for m in doc.mentions]


def test_a_first_name_is_never_a_verb_with_a_pronoun_or_the_preposition_ala(ner):
    for text in (
        "وقال المدرب إنه يعتمد على كريم زهران في خط الهجوم.",
        "وأضاف أن الفريق استقبلهم كريم زهران عند وصولهم.",
    ):
        doc = ner(text)
        for m in doc.mentions:
            if m.type == "PER":
                assert not m.text.startswith(("على", "استقبلهم")), m.text
