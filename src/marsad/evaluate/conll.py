"""Entity F1 over BIO files such as ANERcorp.

Tokens of a sentence are joined with spaces and run through the pipeline; each name
mention is mapped back to the tokens it overlaps (ANERcorp tags whole clitic-attached
tokens) and its type mapped to the file's scheme: PER→PERS, ORG→ORG, GPE/LOC/FAC→LOC.
NORP is not scored (ANERcorp tags nationality adjectives O) and MISC is left out on both
sides. Scoring is exact entity match (conlleval style), per type and micro-averaged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..entities.ner.conll import read_conll as read_bio
from ..pipeline import Pipeline
from .metrics import PRF

TYPE_MAP = {"PER": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SCORED = ("PERS", "LOC", "ORG")


def select(sentences: list[Any], part: str | None) -> list[Any]:
    """``part`` is a fraction slice "A:B" (e.g. "0.9:1" for the last tenth) or None."""
    if not part:
        return sentences
    a, b = (float(x) if x else d for x, d in zip(part.split(":"), (0.0, 1.0), strict=True))
    n = len(sentences)
    return sentences[int(round(a * n)) : int(round(b * n))]


def spans_from_tags(tags: list[str]) -> set[tuple[int, int, str]]:
    spans = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return {s for s in spans if s[2] in SCORED}


def predicted_spans(doc: Any, offsets: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    spans = set()
    for m in doc.mentions:
        if m.kind != "name" or m.type not in TYPE_MAP:
            continue
        covered = [i for i, (s, e) in enumerate(offsets) if s < m.end and m.start < e]
        if covered:
            spans.add((covered[0], covered[-1] + 1, TYPE_MAP[m.type]))
    return spans


def evaluate_conll(pipeline: Pipeline, path: str | Path, part: str | None = None) -> dict[str, Any]:
    sentences = select(read_bio(path), part)
    per_type = {t: PRF() for t in SCORED}

    def texts() -> Iterator[tuple[str, list[tuple[int, int]]]]:
        for sent in sentences:
            offsets, pos = [], 0
            for token, _ in sent:
                offsets.append((pos, pos + len(token)))
                pos += len(token) + 1
            yield " ".join(t for t, _ in sent), offsets

    for sent, (text, offsets) in zip(sentences, texts(), strict=True):
        gold = spans_from_tags([tag for _, tag in sent])
        doc = pipeline(text)
        pred = predicted_spans(doc, offsets)
        for t in SCORED:
            g = {s for s in gold if s[2] == t}
            p = {s for s in pred if s[2] == t}
            per_type[t] += PRF(len(g & p), len(p - g), len(g - p))
    total = PRF()
    for prf in per_type.values():
        total += prf
    return {
        "file": str(path),
        "part": part,
        "sentences": len(sentences),
        "types": {t: prf.to_dict() for t, prf in per_type.items()},
        "micro": total.to_dict(),
    }
