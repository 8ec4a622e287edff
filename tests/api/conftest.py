"""Fixtures for the API tests: a real uvicorn server on loopback over a real SQLite file
holding the hand-made record of tests/web/dashboard_record.json."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_support import TOKEN, load_record, seed_store


@pytest.fixture(scope="session")
def fixture_record() -> dict[str, Any]:
    return load_record()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A server over a store holding the fixture record (writes need TOKEN)."""
    from marsad.api import create_app
    from marsad.api.server import ServerThread

    db = tmp_path_factory.mktemp("api") / "corpus.db"
    seed_store(db, [load_record()])
    with ServerThread(create_app(store_url=str(db), token=TOKEN)) as server:
        yield server


@pytest.fixture()
def client(live: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url, timeout=60) as c:
        yield c
