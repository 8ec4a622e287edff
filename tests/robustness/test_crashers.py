"""Every crasher that fuzzing ever found (``benchmarks/fuzz.py``) stays fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_targets import TARGETS

CRASHERS = sorted(
    p for p in (Path(__file__).parent / "crashers").glob("*-*.*") if p.suffix in (".txt", ".bin")
)


@pytest.mark.parametrize("path", CRASHERS, ids=[p.name for p in CRASHERS])
def test_crasher_stays_fixed(path):
    target = path.name.split("-", 1)[0]
    fn, takes_bytes = TARGETS[target]
    data = path.read_bytes()
    fn(data if takes_bytes else data.decode("utf-8", "surrogatepass"))


def test_targets_accept_ordinary_input():
    for fn, takes_bytes in TARGETS.values():
        text = "قال الوزير إن 12 شخصا قتلوا في حلب يوم الاثنين."
        fn(text.encode() if takes_bytes else text)
