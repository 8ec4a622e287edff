"""Sentence-level event detection against the OEDA Arabic PLOVER gold standard.

Each row is one sentence judged for one event type (the file's ``event_type``); "yes" is
positive, "easy no" and "difficult no" are negative, "ambiguous" is left out. A sentence
is predicted positive when the pipeline emits at least one *asserted* event of that type
(a planned, requested, denied or hypothetical event is not a report that it happened). The story
date in the id (AAW_ARB_20071026.0026-2) anchors relative times.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from ..pipeline import Pipeline
from .metrics import PRF

_DATE = re.compile(r"_(\d{4})(\d{2})(\d{2})\.")


def read_gsr(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def evaluate_plover(pipeline: Pipeline, path: str | Path, show_errors: int = 0) -> dict[str, Any]:
    rows = read_gsr(path)
    prf = PRF()
    by_label: dict[str, dict[str, int]] = {}
    errors: list[dict[str, str]] = []
    types = set()
    for row in rows:
        label = row.get("label", "").strip()
        if label not in ("yes", "easy no", "difficult no"):
            continue
        event_type = row["event_type"].strip().upper()
        types.add(event_type)
        m = _DATE.search(row.get("id", ""))
        published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
        doc = pipeline(row["text"], published=published)
        predicted = any(v.type == event_type and v.status == "asserted" for v in doc.events)
        gold = label == "yes"
        prf += PRF(
            int(predicted and gold), int(predicted and not gold), int(gold and not predicted)
        )
        counts = by_label.setdefault(label, {"predicted_yes": 0, "n": 0})
        counts["n"] += 1
        counts["predicted_yes"] += int(predicted)
        if predicted != gold and len(errors) < show_errors:
            errors.append({"id": row.get("id", ""), "label": label, "text": row["text"]})
    return {
        "file": str(path),
        "event_types": sorted(types),
        "detection": prf.to_dict(),
        "by_label": by_label,
        "errors": errors,
    }
