"""Odd input never breaks the quotes layer, and every span stays inside the text."""

from __future__ import annotations

import pytest

from marsad.document import Document
from marsad.quotes.component import extract_quotes
from marsad.quotes.finder import Finder
from marsad.quotes.marks import pair_marks
from marsad.settings import Settings
from marsad.text.component import make_sentences, make_tokens

_settings = Settings()
_sentences, _tokens = make_sentences(_settings), make_tokens(_settings)


def prepare(text: str) -> Document:
    doc = Document(text=text)
    _sentences(doc)
    _tokens(doc)
    return doc


ODD = [
    "",
    "«",
    "»",
    '"""',
    "قال",
    "وقال:",
    "قال إن",
    "مضيفا أن",
    "«قال الوزير إن",
    "بحسب",
    "وفقا لـ",
    "نقلت الوكالة عن",
    "أما فأكد أن",
    "قال " * 500,
    "قال الوزير «" + "كلام " * 2000 + "»",
    "Said the minister: “hello”.",
]


@pytest.mark.parametrize("text", ODD, ids=range(len(ODD)))
def test_odd_input(text):
    doc = prepare(text)
    extract_quotes(doc, Finder())
    for x in doc.quotes:
        assert 0 <= x.cue.start < x.cue.end <= len(text)
        assert 0 <= x.content.start < x.content.end <= len(text)
        assert text[x.cue.start : x.cue.end] == x.cue.text


def test_marks_pair_by_direction_and_across_paragraphs():
    text = 'قال: «أولا.\n«ثانيا». ثم “ثالثا” و"رابعا" ونقلت اليونيسيف” عن'
    spans = [text[q.open + 1 : q.close] for q in pair_marks(text)]
    assert spans == ["أولا.\n«ثانيا", "ثالثا", "رابعا"]


def test_stray_closing_mark_does_not_open_a_quotation():
    doc = prepare("ونقلت اليونيسيف” عن طبيب في المدينة أن عشرات الأطفال محاصرون.")
    found = Finder().find(doc)
    assert len(found) == 1 and not found[0].direct
    assert doc.text[found[0].content[0] :].startswith("أن عشرات")


def test_settings_reach_the_component():
    import marsad

    text = "وقيل إن الوزير استقال. وقال الرئيس إن البلاد بخير. وأضاف أن الاقتصاد ينمو."
    plain = marsad.load(disable=("events",))(text)
    assert [x.cue.text for x in plain.quotes] == ["قيل", "قال", "أضاف"]
    assert plain.quotes[2].speaker == plain.quotes[1].speaker is not None
    strict = marsad.load(
        disable=("events",), quotes_keep_unattributed=False, quotes_inherit_speaker=False
    )(text)
    assert [x.cue.text for x in strict.quotes] == ["قال"]


def test_speaker_phrase_keeps_letters_that_look_like_clitics():
    doc = prepare("وذكر كيري أن المفاوضات ستستمر أسبوعا آخر.")
    extract_quotes(doc, Finder())
    (quote,) = doc.quotes
    assert doc.entity(quote.speaker).name == "كيري"


def test_unnamed_sources_share_one_entity():
    doc = prepare("وقالت مصادر أمنية إن الهجوم وقع فجرا. وأضافت المصادر الأمنية أن المهاجمين فروا.")
    extract_quotes(doc, Finder())
    first, second = doc.quotes
    assert first.speaker == second.speaker
    assert [m.text for m in doc.mentions if m.entity == first.speaker] == [
        "مصادر أمنية",
        "المصادر الأمنية",
    ]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("وقال مصدر عسكري إن القوات تقدمت.", "MIL"),
        ("وقالت مصادر طبية إن الحصيلة ارتفعت.", "HLH"),
        ("وقال مسؤول حكومي إن القرار نهائي.", "GOV"),
        ("وقال شهود عيان إن النار امتدت.", "CVL"),
        ("وقال ناشطون إن القصف مستمر.", "ACT"),
    ],
)
def test_unnamed_source_gets_a_sector(text, sector):
    doc = prepare(text)
    extract_quotes(doc, Finder())
    assert doc.entity(doc.quotes[0].speaker).sector == sector
