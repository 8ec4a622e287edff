"""The entities component on whole articles: people with their roles on the day, titles
standing for people, coreference inside the article, coordinates of places.

The ``ner`` layer is replaced here by the mentions a correct recogniser gives (written out
below as test data), so that linking is tested on its own.
"""

from __future__ import annotations

import math

import pytest

import marsad
from marsad.document import Document, Mention
from marsad.entities.component import ENTITIES
from marsad.settings import Settings

# The named mentions of examples/aleppo-2016-12-13.txt in text order, as NER marks them.
SEED_MENTIONS = [
    ("أتراك", "NORP"), ("روس", "NORP"), ("تركيا", "GPE"), ("حلب", "GPE"), ("فرنسية", "NORP"),
    ("أممية", "ORG"), ("روسي", "NORP"), ("تركي", "NORP"), ("تركيا", "GPE"),
    ("الولايات المتحدة", "GPE"), ("إيران", "GPE"), ("الاتحاد الأوروبي", "ORG"),
    ("خليجية", "NORP"), ("حلب", "GPE"), ("التركي", "NORP"), ("مولود جاويش أوغلو", "PER"),
    ("الفرنسي", "NORP"), ("فرانسوا هولاند", "PER"), ("حلب", "GPE"), ("سوريا", "GPE"),
    ("فرنسا", "GPE"), ("الأمم المتحدة", "ORG"), ("حلب", "GPE"), ("روسيا", "GPE"),
    ("السورية", "NORP"), ("الفرنسي", "NORP"), ("جان مارك أيرولت", "PER"), ("روسيا", "GPE"),
    ("الفرنسي", "NORP"), ("روسيا", "GPE"), ("حلب", "GPE"), ("حلب", "GPE"), ("سوريا", "GPE"),
    ("الكرملين", "ORG"), ("روسيا", "GPE"), ("السورية", "NORP"), ("حلب", "GPE"),
    ("الكرملين", "ORG"), ("ديمتري بيسكوف", "PER"), ("الروسي", "NORP"), ("الروسي", "NORP"),
    ("سيرغي لافروف", "PER"), ("الولايات المتحدة", "GPE"), ("سوريا", "GPE"), ("السورية", "NORP"),
    ("روسيا", "GPE"), ("حلب", "GPE"), ("لأمم المتحدة", "ORG"), ("بان كي مون", "PER"),
    ("حلب", "GPE"), ("ستيفان دوجاريك", "PER"), ("بان كي مون", "PER"), ("الأمم المتحدة", "ORG"),
    ("سوريا", "GPE"), ("ستفان دي ميستورا", "PER"), ("السورية", "NORP"), ("حلب", "GPE"),
    ("السوريين", "NORP"), ("العرب", "NORP"), ("الروسية", "NORP"), ("شارع الاستقلال", "LOC"),
    ("إسطنبول", "GPE"), ("حلب", "GPE"), ("سوريون", "NORP"), ("السوريين", "NORP"),
    ("العرب", "NORP"), ("إسطنبول", "GPE"), ("الدفاع المدني", "ORG"), ("حلب", "GPE"),
    ("اليونيسيف", "ORG"), ("حلب", "GPE"), ("الصليب الأحمر", "ORG"), ("السورية", "NORP"),
    ("حلب", "GPE"), ("المرصد السوري لحقوق الانسان", "ORG"), ("حلب", "GPE"), ("حلب", "GPE"),
    ("حلب", "GPE"), ("قطر", "GPE"), ("لجامعة العربية", "ORG"), ("حلب", "GPE"),
    ("مجلس الأمة الكويتي", "ORG"), ("حلب", "GPE"),
]  # fmt: skip

# name_en → (country, Wikidata id or None when the knowledge base leaves it empty, roles
# as (title_en, of))
SEED_PEOPLE = {
    "Mevlüt Çavuşoğlu": ("TUR", None, {("Minister of Foreign Affairs", "TUR")}),
    "François Hollande": ("FRA", "Q157", {("President", "FRA")}),
    "Jean-Marc Ayrault": ("FRA", None, {("Minister of Foreign Affairs", "FRA")}),
    "Dmitry Peskov": ("RUS", None, {("Spokesperson of the Kremlin", "RUS")}),
    "Sergey Lavrov": ("RUS", "Q58217", {("Minister of Foreign Affairs", "RUS")}),
    "Ban Ki-moon": (None, "Q1253", {("Secretary-General", "UN")}),
    "Stéphane Dujarric": (None, None, {("Spokesperson for the Secretary-General", "UN")}),
    "Staffan de Mistura": (None, None, {("UN Special Envoy for Syria", "UN")}),
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def tokens():
    return marsad.load(pipeline=("sentences", "tokens"))


@pytest.fixture(scope="module")
def entities():
    return ENTITIES.make(Settings())


def with_mentions(tokens, text: str, mentions, published: str | None) -> Document:
    doc = tokens(text, published=published) if published else tokens(text)
    pos = 0
    for surface, type_ in mentions:
        start = text.index(surface, pos)
        doc.mentions.append(Mention(doc.new_id("m"), start, start + len(surface), surface, type_))
        pos = start + 1
    return doc


@pytest.fixture(scope="module")
def seed(tokens, entities, seed_text):
    return entities(with_mentions(tokens, seed_text, SEED_MENTIONS, "2016-12-13"))


def by_name(doc: Document, name_en: str):
    found = [e for e in doc.entities if e.name_en == name_en]
    assert len(found) == 1, (name_en, [e.name_en for e in doc.entities])
    return found[0]


@pytest.mark.parametrize("name_en", sorted(SEED_PEOPLE))
def test_seed_people_have_ids_countries_and_roles(seed, name_en):
    country, qid, roles = SEED_PEOPLE[name_en]
    e = by_name(seed, name_en)
    assert e.type == "PER" and e.country == country and e.kb == qid
    assert roles <= {(r.title_en, r.of) for r in e.roles}


def test_seed_titles_are_spans_before_the_names(seed):
    titled = {m.text: seed.text[m.title.start : m.title.end] for m in seed.mentions if m.title}
    assert titled["مولود جاويش أوغلو"] == "وزير الخارجية التركي"
    assert titled["فرانسوا هولاند"] == "الرئيس الفرنسي"
    assert titled["ديمتري بيسكوف"] == "المتحدث باسم الكرملين"
    assert titled["بان كي مون"] == "الأمين العام للأمم المتحدة"


def test_seed_bare_titles_corefer(seed):
    ayrault = by_name(seed, "Jean-Marc Ayrault")
    ban = by_name(seed, "Ban Ki-moon")
    nominal = [(m.text, m.entity) for m in seed.mentions if m.kind == "nominal"]
    assert ("الوزير الفرنسي", ayrault.id) in nominal
    assert sum(1 for text, ent in nominal if text == "الأمين العام" and ent == ban.id) == 2


def test_seed_unnamed_sources_are_nominal_entities_with_a_country(seed):
    nominal = {m.text: seed.entity(m.entity) for m in seed.mentions if m.kind == "nominal"}
    assert nominal["مسؤول تركي رفيع"].country == "TUR"
    assert nominal["مسؤول تركي رفيع"].sector == "GOV"
    assert nominal["مصدر في المعارضة السورية المسلحة"].country == "SYR"
    assert nominal["الجانب الروسي"].name_en == "Russia"


def test_seed_places_have_coordinates_near_the_true_centre(seed):
    truth = {"Aleppo": (36.2021, 37.1343), "Istanbul": (41.0082, 28.9784)}
    for name, (lat, lon) in truth.items():
        e = by_name(seed, name)
        assert e.geo is not None and km(e.geo.lat, e.geo.lon, lat, lon) < 25
    assert by_name(seed, "Aleppo").geo.geonames == 170063
    for name in ("Turkey", "Syria", "France", "Russia", "United States", "Iran", "Qatar"):
        e = by_name(seed, name)
        assert e.geo is not None and e.geo.precision == "country", name


def test_seed_groups_each_referent_once(seed):
    names = [e.name_en for e in seed.entities if e.type in ("GPE", "ORG") and e.name_en]
    assert len(names) == len(set(names))
    assert len(by_name(seed, "Aleppo").mentions) == SEED_MENTIONS.count(("حلب", "GPE"))
    un = by_name(seed, "United Nations")
    assert {seed.mention(m).text for m in un.mentions} >= {"أممية", "الأمم المتحدة", "لأمم المتحدة"}


def test_every_cross_reference_exists(seed):
    ids = {e.id for e in seed.entities}
    mention_ids = {m.id for m in seed.mentions}
    for m in seed.mentions:
        assert m.entity in ids
        assert seed.text[m.start : m.end] == m.text
    for e in seed.entities:
        assert set(e.mentions) <= mention_ids


@pytest.mark.parametrize(
    "published,name_en",
    [("2016-12-13", "François Hollande"), ("2018-03-01", "Emmanuel Macron"),
     ("2010-06-01", "Nicolas Sarkozy")],
)  # fmt: skip
def test_a_title_alone_resolves_through_dated_roles(tokens, entities, published, name_en):
    text = "وقال الرئيس الفرنسي إن بلاده لن تتراجع."
    doc = entities(with_mentions(tokens, text, [("الفرنسي", "NORP")], published))
    nominal = [m for m in doc.mentions if m.kind == "nominal"]
    assert [m.text for m in nominal] == ["الرئيس الفرنسي"]
    person = doc.entity(nominal[0].entity)
    assert person.name_en == name_en and person.country == "FRA"


def test_titles_of_other_offices_resolve_on_the_day(tokens, entities):
    text = "وصرح وزير الخارجية الأمريكي بأن المحادثات مستمرة، فيما قال رئيس الوزراء العراقي إن الحكومة مستعدة."
    doc = entities(
        with_mentions(tokens, text, [("الأمريكي", "NORP"), ("العراقي", "NORP")], "2015-06-01")
    )
    nominal = {m.text: doc.entity(m.entity).name_en for m in doc.mentions if m.kind == "nominal"}
    assert nominal == {
        "وزير الخارجية الأمريكي": "John Kerry",
        "رئيس الوزراء العراقي": "Haider al-Abadi",
    }


def test_unknown_people_get_a_transliteration_and_the_title_country(tokens, entities):
    text = "وقال وزير الداخلية الليبي عارف النايض إن الوضع مستقر، وأضاف النايض أن الحكومة ستتحرك."
    doc = entities(
        with_mentions(
            tokens,
            text,
            [("الليبي", "NORP"), ("عارف النايض", "PER"), ("النايض", "PER")],
            "2016-01-01",
        )
    )
    people = [e for e in doc.entities if e.type == "PER"]
    assert len(people) == 1
    person = people[0]
    assert person.kb is None and person.name_en and person.name_en.isascii()
    assert person.country == "LBY"
    assert [(r.title, r.title_en, r.of) for r in person.roles] == [
        ("وزير الداخلية", "Minister of the Interior", "LBY")
    ]
    assert len(person.mentions) == 2


def test_spelling_variants_of_an_unknown_name_are_one_entity(tokens, entities):
    text = "التقى كريستوفر روس بالمسؤولين، ثم غادر كريستوفير روس المدينة."
    doc = entities(
        with_mentions(tokens, text, [("كريستوفر روس", "PER"), ("كريستوفير روس", "PER")], None)
    )
    assert len([e for e in doc.entities if e.type == "PER"]) == 1


def test_an_apposition_after_the_name_is_a_role(tokens, entities):
    text = "وقال ستيفان دوجاريك، المتحدث باسم الأمم المتحدة، إن المنظمة قلقة."
    doc = entities(
        with_mentions(
            tokens, text, [("ستيفان دوجاريك", "PER"), ("الأمم المتحدة", "ORG")], "2016-12-13"
        )
    )
    person = by_name(doc, "Stéphane Dujarric")
    assert any(r.of == "UN" for r in person.roles)
    assert not [m for m in doc.mentions if m.kind == "nominal"]


def test_same_name_towns_are_chosen_by_the_article_country(tokens, entities):
    text = "اندلعت اشتباكات في طرابلس الليبية وسط دعوات لوقف القتال في ليبيا."
    doc = entities(
        with_mentions(
            tokens, text, [("طرابلس", "GPE"), ("الليبية", "NORP"), ("ليبيا", "GPE")], None
        )
    )
    tripoli = [e for e in doc.entities if e.name == "طرابلس"][0]
    assert tripoli.country == "LBY" and tripoli.geo is not None

    text = "اندلعت اشتباكات في طرابلس شمال لبنان."
    doc = entities(with_mentions(tokens, text, [("طرابلس", "GPE"), ("لبنان", "GPE")], None))
    tripoli = [e for e in doc.entities if e.name == "طرابلس"][0]
    assert tripoli.country == "LBN"


def test_documents_without_mentions_or_tokens_are_fine(tokens, entities):
    assert entities(tokens("لا شيء هنا.")).entities == []
    doc = Document(text="حلب")
    doc.mentions.append(Mention("m1", 0, 3, "حلب", "GPE"))
    out = entities(doc)
    assert [e.name_en for e in out.entities] == ["Aleppo"]


WORDS = [
    "وزير",
    "الخارجية",
    "التركي",
    "الرئيس",
    "الفرنسي",
    "مسؤول",
    "مصدر",
    "في",
    "المعارضة",
    "باسم",
    "الكرملين",
    "الأمين",
    "العام",
    "للأمم",
    "المتحدة",
    "حلب",
    "،",
    ".",
    "بان",
    "كي",
    "مون",
    "الوزير",
    "مبعوثه",
    "لسوريا",
    "الجانب",
    "الروسي",
    "عبد",
    "الله",
    "بن",
    "سلمان",
    "آل",
    "سعود",
    "طبيب",
    "مصادر",
    "أمنية",
    "الفريق",
    "رئيس",
    "“",
    "٣",
]


def test_any_mentions_give_consistent_entities(tokens, entities):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(st.sampled_from(WORDS), max_size=20),
        st.lists(
            st.tuples(st.integers(0, 200), st.integers(1, 30), st.sampled_from(sorted(TYPES))),
            max_size=5,
        ),
        st.sampled_from([None, "2016-12-13", "2020-01-01T10:00:00"]),
    )
    def check(words, spans, published):
        text = " ".join(words)
        doc = tokens(text, published=published) if published else tokens(text)
        for start, length, type_ in spans:
            if start < len(text):
                end = min(len(text), start + length)
                doc.mentions.append(Mention(doc.new_id("m"), start, end, text[start:end], type_))
        out = entities(doc)
        ids = {e.id for e in out.entities}
        for m in out.mentions:
            assert m.entity in ids and text[m.start : m.end] == m.text
        for e in out.entities:
            assert e.mentions and all(out.mention(x) is not None for x in e.mentions)

    check()


TYPES = {"PER", "ORG", "GPE", "LOC", "FAC", "NORP"}


def test_seed_through_the_whole_pipeline(seed_doc):
    """With the shipped NER in front: the seed's people, resolved titles and places."""
    people = {e.name_en: e for e in seed_doc.entities if e.type == "PER"}
    for name_en, (country, qid, roles) in SEED_PEOPLE.items():
        assert name_en in people, name_en
        assert people[name_en].country == country and people[name_en].kb == qid
        assert roles <= {(r.title_en, r.of) for r in people[name_en].roles}
    nominal = {
        m.text: seed_doc.entity(m.entity).name_en for m in seed_doc.mentions if m.kind == "nominal"
    }
    assert nominal["الوزير الفرنسي"] == "Jean-Marc Ayrault"
    titled = {
        m.text: seed_doc.text[m.title.start : m.title.end] for m in seed_doc.mentions if m.title
    }
    assert titled["فرانسوا هولاند"] == "الرئيس الفرنسي"
    places = {e.name_en: e for e in seed_doc.entities if e.geo is not None}
    assert {"Aleppo", "Istanbul", "Turkey", "Syria", "France", "Russia"} <= set(places)


def test_link_min_score_keeps_fuzzy_matches_out(tokens):
    text = "وقال ستيفن دي ميستورا إن المحادثات ستستأنف."
    names = []
    for min_score in (0.5, 0.9):
        linker = ENTITIES.make(Settings(link_min_score=min_score))
        doc = linker(with_mentions(tokens, text, [("ستيفن دي ميستورا", "PER")], "2016-12-13"))
        names.append(doc.entities[0].name_en)
    assert names[0] == "Staffan de Mistura" and names[1] != "Staffan de Mistura"
