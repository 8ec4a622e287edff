"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser),
pages served by a real uvicorn server on 127.0.0.1 over a real SQLite store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from web_support import CHROMIUM, CHROMIUM_ARGS, TOKEN, load_record, seed_store


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"no Chromium at {CHROMIUM} (scripts/test.sh installs it: apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """A page plus everything that went wrong in it (console errors, page errors, dialogs)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture()
def watch(browser: Any) -> Iterator[PageWatch]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ar", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield PageWatch(page)
    context.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The dashboard over a store holding the fixture record (writes need TOKEN)."""
    from marsad.api import create_app
    from marsad.api.server import ServerThread

    db = tmp_path_factory.mktemp("web") / "corpus.db"
    seed_store(db, [load_record()])
    with ServerThread(create_app(store_url=str(db), token=TOKEN)) as server:
        yield server
