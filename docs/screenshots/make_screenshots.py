"""Screenshots of each dashboard page for the README, from the bundled seed article.

    .venv/bin/python docs/screenshots/make_screenshots.py

Ingests examples/aleppo-2016-12-13.txt through POST /documents into a temporary store,
then photographs each page in Debian's Chromium (Playwright, headless, off the network).
Only the seed article is used, so the images derive from nothing non-redistributable.
"""

from __future__ import annotations

import os
import tempfile
import urllib.parse
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SEED = ROOT / "examples/aleppo-2016-12-13.txt"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    from marsad.api import create_app
    from marsad.api.server import ServerThread

    token = "screenshots"
    with (
        tempfile.TemporaryDirectory() as tmp,
        ServerThread(create_app(store_url=f"{tmp}/c.db", token=token)) as s,
    ):
        r = httpx.post(
            s.url + "/documents",
            json={
                "text": SEED.read_text("utf-8"),
                "published": "2016-12-13",
                "title": "حلب: اجتماع تركي روسي ودعوات لوقف القصف",
                "source": "seed",
            },
            headers={"Authorization": f"Bearer {token}"},
            timeout=300,
        )
        doc_id = r.json()["results"][0]["id"]
        entities = httpx.get(s.url + "/entities", params={"type": "PER", "limit": 50}).json()[
            "items"
        ]
        person = next(
            (e for e in entities if e.get("name_en") == "François Hollande"),
            entities[0] if entities else None,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)

            def shot(
                name: str, path: str, hover: str | None = None, scroll: str | None = None
            ) -> None:
                page.goto(s.url + path)
                if scroll:
                    page.locator(scroll).scroll_into_view_if_needed()
                if hover and page.locator(hover).count():
                    page.locator(hover).first.scroll_into_view_if_needed()
                    page.locator(hover).first.hover()
                    page.wait_for_timeout(200)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print("wrote", OUT / f"{name}.png")

            shot("article", f"/ui/documents/{doc_id}", 'article .hl.quote:has-text("متفقون")')
            shot("events", "/ui/events")
            shot("timeline", "/ui/timeline", scroll="#timeline")
            shot("map", "/ui/map", scroll="#map")
            if person:
                shot("entity", "/ui/entities/" + urllib.parse.quote(person["key"], safe=""))
            shot("search", "/ui/search?q=" + "القنصلية")
            shot("home", "/ui/")
            browser.close()


if __name__ == "__main__":
    main()
