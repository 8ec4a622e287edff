"""The dashboard in a real browser (Chromium via Playwright) over a store holding a
hand-made record with every layer: what a reader sees, hovers, filters and downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import TOKEN, load_record

pytestmark = pytest.mark.browser


def refs(page: Any, selector: str) -> set[str]:
    return set(page.eval_on_selector_all(selector, "els => els.map(e => e.dataset.ref)"))


def tip_after_hover(page: Any, selector: str) -> str:
    page.locator(selector).first.hover()
    page.wait_for_selector("#tip:not([hidden])")
    return page.locator("#tip").inner_text()


def test_article_view_shows_every_layer_on_the_original_text(site: Any, watch: Any) -> None:
    page = watch.page
    record = load_record()
    page.goto(site.url + "/ui/documents/fixture-1")
    article = page.locator("article.text")
    # the marks change nothing in the text: it is the original, character for character
    assert article.text_content() == record["text"]
    assert article.get_attribute("dir") == "rtl"
    assert refs(page, "article .hl.mention") == {m["id"] for m in record["mentions"]}
    assert refs(page, "article .hl.quote") == {"x1", "x2"}
    assert refs(page, "article .hl.event") == {"v1", "v2"}
    assert refs(page, "article .hl.time") == {"t1"}
    assert refs(page, "article .hl.qty") == {"q1"}
    assert page.locator('article [data-ref="m1"]').get_attribute("class").split() >= [
        "hl",
        "mention",
        "ent-PER",
    ]
    assert "ent-GPE" in page.locator('article [data-ref="m3"]').get_attribute("class")
    # every mark covers exactly its span of the original text
    for m in record["mentions"]:
        assert page.locator(f'article [data-ref="{m["id"]}"]').text_content() == m["text"]
    assert watch.errors == []


def test_hover_explains_each_mark(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/documents/fixture-1")
    tip = tip_after_hover(page, 'article .hl.quote[data-ref="x1"]')
    assert "سامر الخطيب" in tip and "Samer al-Khatib" in tip and "quote x1" in tip
    # the speaker's mention lights up with the quote
    assert "lit" in page.locator('article [data-ref="m1"]').get_attribute("class")
    assert "2025-03-03" in tip_after_hover(page, "article .hl.time")
    qty = tip_after_hover(page, "article .hl.qty")
    assert "200" in qty and "people" in qty
    event = tip_after_hover(page, 'article .hl.event[data-ref="v1"]')
    assert "PROTEST" in event and "بيروت" in event and "نحو 200 شخص" in event
    person = tip_after_hover(page, 'article .hl.mention[data-ref="m4"]')
    assert "JOR" in person and "وزير الخارجية" in person
    page.mouse.move(5, 5)
    page.wait_for_selector("#tip", state="hidden")
    assert watch.errors == []


def test_layer_switches_and_side_panels(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/documents/fixture-1")
    quote = page.locator('article .hl.quote[data-ref="x1"]')
    assert quote.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    page.locator('input[data-layer="quote"]').uncheck()
    assert "off-quote" in page.locator("article.text").get_attribute("class")
    assert quote.evaluate("e => getComputedStyle(e).borderBottomStyle") == "none"
    items = page.locator("#panel-quotes li")
    assert items.count() == 2
    assert "سامر الخطيب" in items.first.inner_text()
    page.locator("#panel-events a.jump").first.click()
    assert "flash" in page.locator('article [data-ref="v1"]').first.get_attribute("class")


def test_events_table_filter_and_csv(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/events")
    assert page.locator("tr.event-row").count() >= 2
    with page.expect_navigation():
        page.select_option('select[name="type"]', "PROTEST")  # submits the filter form
    assert "type=PROTEST" in page.url
    rows = page.locator("tr.event-row")
    assert rows.count() >= 1
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"PROTEST"}
    assert "بيروت" in rows.first.locator("td.place").inner_text()
    with page.expect_download() as info:
        page.locator("#csv").click()
    path = info.value.path()
    content = Path(path).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("id,date,type")
    assert "PROTEST" in content and "REJECT" not in content
    # the evidence links to its place in the article
    href = rows.first.locator("td.evidence a").first.get_attribute("href")
    page.goto(site.url + href)
    assert page.locator("#a-v1").count() == 1


def test_timeline_bars_link_to_their_events(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/timeline")
    bar = page.locator('svg.timeline rect.bar[data-type="PROTEST"]')
    assert bar.count() == 1
    assert bar.get_attribute("data-day") == "2025-03-03"
    with page.expect_navigation():
        bar.click()
    assert "/ui/events" in page.url and "type=PROTEST" in page.url
    assert set(page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.type)")) == {
        "PROTEST"
    }


def test_map_markers_sized_by_events_and_zoomable(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/map")
    assert page.locator("svg.worldmap path.country").count() > 150
    beirut = page.locator('circle.marker[data-name="بيروت"]')
    assert beirut.count() == 1
    assert "event" in beirut.get_attribute("class") and beirut.get_attribute("data-count") == "1"
    amman = page.locator('circle.marker[data-name="عمّان"]')
    assert "place" in amman.get_attribute("class")
    assert float(beirut.get_attribute("r")) > float(amman.get_attribute("r"))
    # the marker sits on Lebanon: it is inside the country outline named Lebanon
    box = beirut.bounding_box()
    hit = page.evaluate(
        "([x, y]) => { const e = document.elementsFromPoint(x, y).find(n => n.classList.contains('country'));"
        " return e ? e.dataset.name : null; }",
        [box["x"] + box["width"] / 2 + 2, box["y"] + box["height"] / 2],
    )
    assert hit == "Lebanon"
    svg = page.locator("svg.worldmap")
    before = svg.get_attribute("viewBox")
    svg.hover()
    page.mouse.wheel(0, -300)
    assert svg.get_attribute("viewBox") != before
    assert watch.errors == []


def test_entity_page_and_search_box(site: Any, watch: Any) -> None:
    page = watch.page
    page.goto(site.url + "/ui/documents/fixture-1")
    with page.expect_navigation():
        page.locator("#panel-entities li", has_text="سامر الخطيب").locator("a.more").click()
    assert "سامر الخطيب" in page.locator("h1").inner_text()
    assert "وزير الخارجية" in page.locator("#roles").inner_text()
    assert page.locator("#quotes li").count() == 2
    assert "بيروت" in page.locator("#cooccurring").inner_text()
    page.fill('form.search input[name="q"]', "بيروت")
    with page.expect_navigation():
        page.press('form.search input[name="q"]', "Enter")
    assert "/ui/search" in page.url
    link = page.locator('.results a[href="/ui/documents/fixture-1"]')
    assert link.count() == 1
    assert "بيروت" in page.locator(".results .snippet").first.inner_text()


def test_every_page_loads_without_errors(site: Any, watch: Any) -> None:
    page = watch.page
    for path in (
        "/ui/",
        "/ui/events",
        "/ui/timeline",
        "/ui/map",
        "/ui/entities",
        "/ui/extract",
        "/ui/search?q=x",
    ):
        response = page.goto(site.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.goto(site.url + "/ui/documents/nope").status == 404
    assert watch.errors == [e for e in watch.errors if "404" in e]  # only the expected 404


def test_untrusted_article_renders_as_text(site: Any, watch: Any) -> None:
    page = watch.page
    text = (
        "تظاهر طلاب أمام <script>window.__xss = 1; alert('x')</script> مبنى البلدية "
        'وكتبوا "><img src=x onerror="window.__xss = 2; alert(2)"> على لافتة في دمشق.'
    )
    r = httpx.post(
        site.url + "/documents",
        json={
            "text": text,
            "title": '<img src=x onerror="window.__xss=3">عنوان',
            "url": "javascript:alert(4)",
            "published": "2025-03-04",
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=300,  # extraction runs on a busy machine
    )
    assert r.status_code == 200, r.text
    doc_id = r.json()["results"][0]["id"]
    for path in (f"/ui/documents/{doc_id}", "/ui/search?q=" + "لافتة", "/ui/"):
        page.goto(site.url + path)
        page.wait_for_timeout(200)
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img").count() == 0, path
    page.goto(site.url + f"/ui/documents/{doc_id}")
    assert page.locator("article.text").text_content() == text
    assert '<img src=x onerror="window.__xss=3">عنوان' in page.locator("h1").inner_text()
    assert page.locator('a[href^="javascript:"]').count() == 0
    # the analyse-a-text form renders pasted markup as text too
    page.goto(site.url + "/ui/extract")
    page.fill("textarea[name=text]", text)
    with page.expect_navigation():
        page.click(".extract-form button[type=submit]")
    assert page.locator("article.text").text_content() == text
    assert page.evaluate("window.__xss") is None
    assert watch.dialogs == []


def test_protected_reads_sign_in_with_the_token(tmp_path: Path, watch: Any) -> None:
    from marsad.api import create_app
    from marsad.api.server import ServerThread
    from marsad.settings import Settings

    settings = Settings().with_overrides(api_read_requires_token=True)
    with ServerThread(create_app(settings, str(tmp_path / "c.db"), token="s3cret-token")) as s:
        page = watch.page
        page.goto(s.url + "/ui/events")
        assert page.url.endswith("/ui/login")
        page.fill("input[name=token]", "wrong")
        with page.expect_navigation():
            page.press("input[name=token]", "Enter")
        assert "E501" in page.locator(".problem").inner_text()
        page.fill("input[name=token]", "s3cret-token")
        with page.expect_navigation():
            page.press("input[name=token]", "Enter")
        assert page.url.endswith("/ui/")
        assert page.goto(s.url + "/ui/events").status == 200
        assert page.goto(s.url + "/stats").status == 200  # the JSON reads too
        cookie = next(c for c in page.context.cookies() if c["name"] == "marsad_token")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
