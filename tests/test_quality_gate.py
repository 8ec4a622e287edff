"""Quality gate (as trafilatura's): pinned floors on the project's gold article fail CI when
extraction quality drops. The floors sit a little under today's figures; raise them as the
layers improve, never lower them to make a change pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import marsad
from marsad.evaluate.gold import evaluate_gold

GOLD = Path(__file__).parent / "data" / "gold"

FLOORS = {
    ("mentions_merged", "f1"): 0.90,
    ("times", "f1"): 0.90,
    ("quantities", "f1"): 0.90,
    ("quotes", "f1"): 0.90,
    ("quote_speaker", "value"): 0.90,
    ("events", "f1"): 0.70,
    ("event_source", "value"): 0.80,
}


@pytest.fixture(scope="module")
def totals():
    return evaluate_gold(marsad.load(), GOLD)["total"]


@pytest.mark.parametrize(("layer", "figure"), list(FLOORS), ids=lambda x: str(x))
def test_quality_floor(totals, layer, figure):
    assert totals[layer][figure] >= FLOORS[(layer, figure)], totals[layer]
