"""Helpers for the API tests (a uniquely named module, importable from test files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOKEN = "test-token-3f9c1b"
# A fictional article written for these tests with every layer, so that behaviour is checked
# whatever the extractors produce today (shared with the browser tests).
RECORD = Path(__file__).resolve().parents[1] / "web" / "dashboard_record.json"


def load_record() -> dict[str, Any]:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def seed_store(db: Path, records: list[dict[str, Any]]) -> None:
    """Store records as they are (the store's own add_documents, no extraction)."""
    from marsad.document import Document
    from marsad.store import open_store

    with open_store(str(db)) as store:
        store.add_documents([Document.from_dict(r) for r in records])
