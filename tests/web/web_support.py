"""Helpers for the browser tests (a uniquely named module, importable from test files)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

TOKEN = "web-test-token-7d2e"
RECORD = Path(__file__).resolve().parent / "dashboard_record.json"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
# Headless and off the network: no sync, updates, QUIC or background requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def load_record() -> dict[str, Any]:
    """A fictional article with every layer, written for these tests (offsets computed)."""
    return json.loads(RECORD.read_text(encoding="utf-8"))


def seed_store(db: Path, records: list[dict[str, Any]]) -> None:
    """Store records as they are (the store's own add_documents, no extraction)."""
    from marsad.document import Document
    from marsad.store import open_store

    with open_store(str(db)) as store:
        store.add_documents([Document.from_dict(r) for r in records])
