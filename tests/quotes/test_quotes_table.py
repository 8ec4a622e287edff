"""The attribution table (tests/quotes/cases.tsv): speaker phrase and content start of each
pattern, found on the token layer alone (no NER), so the table checks the quotes grammar."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.document import Document
from marsad.quotes.finder import Finder
from marsad.settings import Settings
from marsad.text import normalize_string
from marsad.text.component import make_sentences, make_tokens

CASES = Path(__file__).with_name("cases.tsv")


def _rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, cue, speaker, content, kind = line.split("\t")
        rows.append((text.replace("\\n", "\n"), cue, speaker, content, kind))
    return rows


ROWS = _rows()
_settings = Settings()
_sentences, _tokens = make_sentences(_settings), make_tokens(_settings)
_finder = Finder()


def prepare(text: str) -> Document:
    doc = Document(text=text)
    _sentences(doc)
    _tokens(doc)
    return doc


def phrase(doc: Document, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    first, last = doc.tokens[span[0]], doc.tokens[span[1] - 1]
    return doc.text[first.core_start : last.end]


def _key(word: str) -> str:
    n = normalize_string(word)
    return n[1:] if n[:1] in ("و", "ف") and len(n) > 3 else n


def test_table_has_at_least_120_patterns():
    assert len(ROWS) >= 120


@pytest.mark.parametrize(("text", "cue", "speaker", "content", "kind"), ROWS, ids=range(len(ROWS)))
def test_pattern(text, cue, speaker, content, kind):
    doc = prepare(text)
    found = _finder.find(doc)
    hits = [f for f in found if _key(doc.text[f.cue[0] : f.cue[1]]) == _key(cue)]
    assert hits, f"no statement with cue {cue!r}: {[doc.text[f.cue[0] : f.cue[1]] for f in found]}"
    f = hits[0]
    got_content = doc.text[f.content[0] : f.content[1]]
    assert got_content.startswith(content), got_content
    assert f.direct == (kind == "D")
    if speaker == "-":
        assert f.speaker is None, phrase(doc, f.speaker)
    elif speaker != "?":
        assert phrase(doc, f.speaker) == speaker


NO_QUOTE = [
    "وجاء القرار بعد رفض الحكومة المقترح الأخير.",
    "وتشير الأرقام إلى ارتفاع البطالة في الريف.",
    "ولم يكن هناك رد من الحكومة على الرسالة.",
    "وتلقى المحققون معلومات مؤكدة عن مكان الرهائن.",
    "يذكر أن المدينة شهدت اشتباكات مماثلة العام الماضي.",
    "وشارك في الاجتماع ممثلون عن عشر دول.",
    "ورفع المتظاهرون لافتات كتب عليها «لا للحرب».",
    "ولا يعلن المسلحون عادة مسؤوليتهم عن الهجمات وإن كانوا وراءها.",
    "ويُدعى القتيل محمد علي وكان يعمل سائقا.",
    "وتصاعدت الاحتجاجات وفقا للخطة التي أعلنت سابقا.",
    "وأثار إعلان الموازنة الجديدة جدلا واسعا في البرلمان.",
]


@pytest.mark.parametrize("text", NO_QUOTE)
def test_no_statement(text):
    doc = prepare(text)
    assert _finder.find(doc) == []


def test_background_note_keeps_the_embedded_statement():
    doc = prepare("يذكر أن الوزير قال إن الخطة ستنفذ على مراحل.")
    found = _finder.find(doc)
    assert [doc.text[f.cue[0] : f.cue[1]] for f in found] == ["قال"]


def test_offsets_are_exact_with_diacritics_and_tatweel():
    text = "وَقَالَ وزيرُ الخارجية إنّ المحادثـات ستُستأنف، مُضيفًا أنّ الوفد وصل."
    doc = prepare(text)
    found = _finder.find(doc)
    assert [doc.text[f.cue[0] : f.cue[1]] for f in found] == ["قَالَ", "مُضيفًا"]
    assert doc.text[found[0].content[0] : found[0].content[1]] == "إنّ المحادثـات ستُستأنف"
    assert found[1].speaker == found[0].speaker
