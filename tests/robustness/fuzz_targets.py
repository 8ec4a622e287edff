"""Fuzz targets, one per layer: each takes bytes or text and raises only on a real bug (a
crash, a broken invariant, a component failure). Used by ``benchmarks/fuzz.py`` (hypothesis
and atheris) and by ``test_crashers.py``, which replays every kept crasher."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from marsad.document import span_problems
from marsad.errors import MarsadError
from marsad.ingest.readers import decode, read_jsonl
from marsad.text import normalize, normalize_string, split_sentences, tokenize


def fuzz_decode(data: bytes) -> None:
    try:
        text = decode(data, "fuzz")
    except MarsadError as exc:
        assert exc.code == "E101", exc.code
        return
    assert isinstance(text, str) and "\x00" not in text


def fuzz_jsonl(data: bytes) -> None:
    for item in read_jsonl(data, "fuzz"):
        assert (item.record is None) != (item.error is None)
        if item.record is not None:
            assert isinstance(item.record["text"], str)


def fuzz_normalize(text: str) -> None:
    norm = normalize(text)
    if norm.starts is None:
        assert len(norm.text) == len(text)
        return
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    previous = (0, 0)
    for i in range(len(norm.text)):
        a, b = norm.starts[i], norm.ends[i]
        assert 0 <= a < b <= len(text) and (a, b) >= previous
        previous = (a, b)
        assert norm.text[i] in normalize_string(text[a:b])


def fuzz_sentences(text: str) -> None:
    end = 0
    for s in split_sentences(text, 300):
        assert end <= s.start < s.end <= len(text) and s.end - s.start <= 300
        end = s.end


def fuzz_tokens(text: str) -> None:
    end = 0
    for t in tokenize(text, normalize(text)):
        assert end <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
        assert t.start <= t.core_start <= t.stem_start <= t.end
        end = t.end


@lru_cache(maxsize=1)
def _pipeline():  # noqa: ANN202
    import marsad

    # a short budget: an input that makes a component slow is a finding too
    return marsad.load(time_budget_seconds=10.0)


def fuzz_pipeline(text: str) -> None:
    doc = _pipeline()(text, published="2016-12-13")
    problems = [w for w in doc.warnings if w.code in ("W101", "W102")]
    assert not problems, [p.to_dict() for p in problems]
    assert span_problems(doc.to_dict()) == []


# name -> (function, takes bytes?)
TARGETS: dict[str, tuple[Callable[..., None], bool]] = {
    "decode": (fuzz_decode, True),
    "jsonl": (fuzz_jsonl, True),
    "normalize": (fuzz_normalize, False),
    "sentences": (fuzz_sentences, False),
    "tokens": (fuzz_tokens, False),
    "pipeline": (fuzz_pipeline, False),
}
