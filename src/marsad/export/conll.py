"""Name mentions as CoNLL/BIO: one token and its tag per line, a blank line between
sentences, ``-DOCSTART- O`` before each document (the CoNLL-2003 convention).

Tokens come from Marsad's tokenizer and are cut at mention boundaries, so a proclitic
stays outside the mention (``و`` O, ``روسيا`` B-GPE) exactly as the record's offsets say.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any


def bio_sentences(
    record: dict[str, Any], *, kinds: tuple[str, ...] = ("name",)
) -> list[list[tuple[str, str, int, int]]]:
    """(token, tag, start, end) per sentence of a record, tags from its mentions."""
    from ..text import tokenize

    text = record["text"]
    mentions = sorted(
        (m for m in record.get("mentions", []) if m.get("kind", "name") in kinds),
        key=lambda m: (m["start"], -m["end"]),
    )
    # keep outermost mentions only (BIO cannot nest)
    spans: list[tuple[int, int, str]] = []
    for m in mentions:
        if spans and m["start"] < spans[-1][1]:
            continue
        spans.append((m["start"], m["end"], m["type"]))
    cuts = sorted({b for s, e, _ in spans for b in (s, e)})
    pieces: list[tuple[int, int]] = []
    for tok in tokenize(text):
        start = tok.start
        for c in cuts:
            if tok.start < c < tok.end:
                pieces.append((start, c))
                start = c
        pieces.append((start, tok.end))
    sentences = record.get("sentences") or [{"start": 0, "end": len(text)}]
    out: list[list[tuple[str, str, int, int]]] = [[] for _ in sentences]
    si = 0
    span_i = 0
    for start, end in pieces:
        if not text[start:end].strip():
            continue
        while si + 1 < len(sentences) and start >= sentences[si]["end"]:
            si += 1
        while span_i < len(spans) and spans[span_i][1] <= start:
            span_i += 1
        tag = "O"
        if span_i < len(spans) and spans[span_i][0] <= start < spans[span_i][1]:
            s, _, typ = spans[span_i]
            tag = f"B-{typ}" if start == s else f"I-{typ}"
        out[si].append((text[start:end], tag, start, end))
    return [s for s in out if s]


def write_conll(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as BIO; returns the number of documents."""
    n = 0
    for record in records:
        out.write("-DOCSTART- O\n\n")
        for sentence in bio_sentences(record):
            for token, tag, _, _ in sentence:
                out.write(f"{token.replace(' ', '_')} {tag}\n")
            out.write("\n")
        n += 1
    return n
