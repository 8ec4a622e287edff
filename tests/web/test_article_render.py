"""The article view's HTML, built from offsets: the text survives exactly, every mark covers
exactly its span (also when spans cross), tags always balance, and nothing is unescaped."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from web_support import load_record

from marsad.web.article import render_article


class Reader(HTMLParser):
    """Rebuilds the text and the text under each data-ref; checks that tags balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[dict[str, str]] = []
        self.covered: dict[str, str] = {}
        self.foreign: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            self.foreign.append(tag)
        self.stack.append({k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        assert tag == "span" and self.stack, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for attrs in self.stack:
            ref = attrs["data-ref"]
            self.covered[ref] = self.covered.get(ref, "") + data


def read(html: str) -> Reader:
    r = Reader()
    r.feed(html)
    r.close()
    assert r.stack == [], "unclosed tags"
    return r


def test_fixture_record_marks_cover_their_spans() -> None:
    record = load_record()
    view = render_article(record)
    r = read(str(view.html))
    assert "".join(r.text) == record["text"]
    assert view.skipped == []
    for m in record["mentions"]:
        assert r.covered[m["id"]] == m["text"]
    for x in record["quotes"]:
        c = x["content"]
        assert r.covered[x["id"]] == record["text"][c["start"] : c["end"]]
    for v in record["events"]:
        e = v["evidence"]
        assert r.covered[v["id"]] == record["text"][e["start"] : e["end"]]
    assert r.foreign == []


def test_crossing_spans_are_split_and_bad_offsets_reported() -> None:
    text = "أ ب ج د ه و"
    record = {
        "text": text,
        "mentions": [
            {"id": "m1", "start": 0, "end": 5, "text": text[0:5], "type": "PER", "entity": None}
        ],
        "times": [
            {"id": "t1", "start": 2, "end": 9, "text": text[2:9], "type": "DATE", "value": "2025"},
            {"id": "t2", "start": 8, "end": 99, "text": "", "type": "DATE", "value": None},
        ],
    }
    view = render_article(record)
    r = read(str(view.html))
    assert "".join(r.text) == text
    assert r.covered["m1"] == text[0:5] and r.covered["t1"] == text[2:9]
    assert view.skipped == ["t2"]
    assert str(view.html).count('data-ref="t1"') == 2  # split where it crosses m1's end
    assert str(view.html).count('id="a-t1"') == 1  # the anchor is on the first piece only


def test_markup_in_text_and_names_is_escaped() -> None:
    text = '<script>alert(1)</script> "><img src=x onerror=alert(2)> قال'
    at = text.index("قال")
    record = {
        "text": text,
        "mentions": [
            {"id": "m1", "start": at, "end": at + 3, "text": "قال", "type": "PER", "entity": "e1"}
        ],
        "entities": [
            {
                "id": "e1",
                "type": "PER",
                "name": '"><script>x</script>',
                "name_en": "<b>",
                "roles": [],
            }
        ],
    }
    html = str(render_article(record).html)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    r = read(html)
    assert "".join(r.text) == text and r.foreign == []


@st.composite
def records(draw: Any) -> dict[str, Any]:
    text = draw(st.text(alphabet="اب جد<>&\"'\n", min_size=1, max_size=40))
    n = len(text)
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=12))
    mentions, times = [], []
    for i, (a, b) in enumerate(spans):
        a, b = min(a, b), max(a, b)
        if a == b:
            continue
        if i % 2:
            mentions.append(
                {
                    "id": f"m{i}",
                    "start": a,
                    "end": b,
                    "text": text[a:b],
                    "type": "GPE",
                    "entity": None,
                }
            )
        else:
            times.append(
                {
                    "id": f"t{i}",
                    "start": a,
                    "end": b,
                    "text": text[a:b],
                    "type": "DATE",
                    "value": None,
                }
            )
    return {"text": text, "mentions": mentions, "times": times}


@given(records())
@settings(max_examples=200, deadline=None)
def test_any_spans_give_balanced_html_over_the_exact_text(record: dict[str, Any]) -> None:
    r = read(str(render_article(record).html))
    assert "".join(r.text) == record["text"]
    for item in record["mentions"] + record["times"]:
        assert r.covered[item["id"]] == item["text"]
