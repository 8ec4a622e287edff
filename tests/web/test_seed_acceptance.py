"""Acceptance, end to end: the seed article ingested through the HTTP API with the real
pipeline, then read in Chromium the way an analyst would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_support import TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = Path(__file__).resolve().parents[2] / "examples" / "aleppo-2016-12-13.txt"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    """A server over an empty store; the seed goes in through POST /documents."""
    from marsad.api import create_app
    from marsad.api.server import ServerThread

    db = tmp_path_factory.mktemp("seed") / "corpus.db"
    with ServerThread(create_app(store_url=str(db), token=TOKEN)) as server:
        r = httpx.post(
            server.url + "/documents",
            json={
                "text": SEED.read_text(encoding="utf-8"),
                "published": "2016-12-13",
                "title": "حلب",
                "source": "seed",
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=300,
        )
        assert r.status_code == 200, r.text
        result = r.json()["results"][0]
        assert result["status"] == "added" and result["error"] is None
        yield server, result["id"]


def test_hollande_quote_is_highlighted_with_its_speaker(
    seeded: tuple[Any, str], watch: Any
) -> None:
    server, doc_id = seeded
    page = watch.page
    page.goto(f"{server.url}/ui/documents/{doc_id}")
    assert page.locator("article.text").text_content() == SEED.read_text(encoding="utf-8")
    quote = page.locator("article .hl.quote", has_text="متفقون على فعل أي شيء")
    assert quote.count() >= 1, "no quote mark over Hollande's words"
    assert "هولاند" in quote.first.get_attribute("data-speaker")
    quote.first.hover()
    page.wait_for_selector("#tip:not([hidden])")
    assert "هولاند" in page.locator("#tip").inner_text()
    assert watch.errors == []


def test_protest_filter_shows_the_istanbul_protest(seeded: tuple[Any, str], watch: Any) -> None:
    server, _ = seeded
    page = watch.page
    page.goto(f"{server.url}/ui/events")
    with page.expect_navigation():
        page.select_option('select[name="type"]', "PROTEST")
    rows = page.locator("tr.event-row")
    assert rows.count() >= 1
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.type)")) == {"PROTEST"}
    assert any("إسطنبول" in rows.nth(i).inner_text() for i in range(rows.count()))


def test_map_has_a_marker_at_aleppo(seeded: tuple[Any, str], watch: Any) -> None:
    server, _ = seeded
    page = watch.page
    page.goto(f"{server.url}/ui/map")
    aleppo = page.locator('circle.marker[data-name="حلب"]')
    assert aleppo.count() == 1
    lat, lon = float(aleppo.get_attribute("data-lat")), float(aleppo.get_attribute("data-lon"))
    assert abs(lat - 36.2) < 0.3 and abs(lon - 37.16) < 0.3
    box = aleppo.bounding_box()
    country = page.evaluate(
        "([x, y]) => { const e = document.elementsFromPoint(x, y).find(n => n.classList.contains('country'));"
        " return e ? e.dataset.name : null; }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert country == "Syria"
