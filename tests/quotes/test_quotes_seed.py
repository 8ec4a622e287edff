"""The seed article through the whole pipeline: every statement the issue lists is found with
the right speaker (by the speaker entity's name or one of its mentions)."""

from __future__ import annotations

import pytest

from marsad.text import normalize_string

# (start of the content, cue, names the speaker entity may go by)
STATEMENTS = [
    ("أن الاجتماع سيناقش", "قال", ["مسؤول تركي رفيع"]),
    ("أن تركيا تواصل جهودها", "مضيفا", ["مسؤول تركي رفيع"]),
    ("أن ثمة حاجة", "أكد", ["مولود جاويش أوغلو", "وزير الخارجية التركي"]),
    ("متفقون على فعل", "قال", ["فرانسوا هولاند", "الرئيس الفرنسي"]),
    ("أنه لم يكن هناك رد", "مشيرا", ["فرانسوا هولاند", "الرئيس الفرنسي"]),
    ("إن التوصل إلى وقف النار", "قال", ["جان مارك أيرولت", "وزير الخارجية الفرنسي"]),
    ("إن مساندي النظام", "مضيفا", ["جان مارك أيرولت", "وزير الخارجية الفرنسي"]),
    ("إن روسيا كانت تكذب", "قال", ["جان مارك أيرولت", "وزير الخارجية الفرنسي"]),
    ("أنه من السذاجة", "أضاف", ["جان مارك أيرولت", "وزير الخارجية الفرنسي"]),
    ("أن روسيا تدعم", "أكد", ["الكرملين"]),
    ("الإجابة عن سؤال", "رفض", ["ديمتري بيسكوف", "المتحدث باسم الكرملين"]),
    ("إن المحادثات مع الولايات المتحدة", "قال", ["سيرغي لافروف", "وزير الخارجية الروسي"]),
    ("بأنها ترفض", "اتهم", ["مصدر في المعارضة السورية المسلحة"]),
    ("عن “قلقه البالغ”", "أعلن", ["بان كي مون", "الأمين العام للأمم المتحدة"]),
    ("الأمين العام وإذ يشدد", "قال", ["ستيفان دوجاريك"]),
    ("أن الأمين العام طلب", "أضاف", ["ستيفان دوجاريك"]),
    ("ان 100 طفل", "نقلت", ["طبيب في حلب"]),
    ("ان هناك مساع حثيثة", "لفتت", ["مصادر في المعارضة السورية"]),
    ("ان مئات الجثث", "قال", ["المرصد السوري لحقوق الانسان"]),
    ("ان قوات النظام تعتقل", "لافتا", ["المرصد السوري لحقوق الانسان"]),
]


def _names(doc, entity_id):
    entity = doc.entity(entity_id)
    assert entity is not None, "speaker entity missing"
    names = {normalize_string(entity.name)}
    names |= {normalize_string(m.text) for m in doc.mentions if m.entity == entity_id}
    return names


@pytest.mark.parametrize(("content", "cue", "speaker"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_seed_statement(seed_doc, content, cue, speaker):
    start = seed_doc.text.index(content)
    quote = next((x for x in seed_doc.quotes if x.content.start <= start < x.content.end), None)
    assert quote is not None, f"no quote covers {content!r}"
    assert quote.cue.text == cue
    assert seed_doc.text[quote.cue.start : quote.cue.end] == quote.cue.text
    names = _names(seed_doc, quote.speaker)
    assert names & {normalize_string(s) for s in speaker}, names


def test_seed_direct_speech(seed_doc):
    direct = [seed_doc.text[x.content.start : x.content.end] for x in seed_doc.quotes if x.direct]
    assert any(d.startswith("متفقون على فعل") for d in direct)
    assert any(d.startswith("الأمين العام وإذ يشدد") for d in direct)
    assert not any(d == "قلقه البالغ" for d in direct)  # a partial quotation, not a statement


def test_seed_nominal_speakers_are_entities_with_a_country(seed_doc):
    quote = next(
        x for x in seed_doc.quotes if seed_doc.text[x.content.start :].startswith("أن الاجتماع")
    )
    entity = seed_doc.entity(quote.speaker)
    mention = seed_doc.mention(quote.speaker_mention)
    assert mention is not None and mention.kind == "nominal" and mention.entity == entity.id
    assert seed_doc.text[mention.start : mention.end] == mention.text == "مسؤول تركي رفيع"
    assert entity.type == "PER" and entity.country == "TUR"


def test_seed_record_is_consistent(seed_doc):
    ids = {e.id for e in seed_doc.entities}
    mention_ids = {m.id for m in seed_doc.mentions}
    for x in seed_doc.quotes:
        assert x.speaker is None or x.speaker in ids
        assert x.speaker_mention is None or x.speaker_mention in mention_ids
        assert 0 <= x.content.start < x.content.end <= len(seed_doc.text)
    for e in seed_doc.entities:
        assert set(e.mentions) <= mention_ids
