"""ANERcorp-style CoNLL data (``TOKEN TAG`` per line, blank line between sentences), aligned
to Marsad's tokens so that training sees exactly the features inference sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...document import Token
from ...errors import MarsadError
from ...text.tokens import CliticSegmenter, tokenize

Sentence = list[tuple[str, str]]


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of (word, BIO tag). Tags are kept as written (PERS, LOC, ORG, MISC)."""
    p = Path(path)
    if not p.exists():
        raise MarsadError("E301", f"missing training data '{p}'")
    sentences: list[Sentence] = []
    current: Sentence = []
    with p.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if len(parts) < 2:
                raise MarsadError("E106", f"{p}:{n}: expected 'TOKEN TAG', got {line.strip()!r}")
            tag = parts[-1]
            if tag != "O" and not (tag[:2] in ("B-", "I-") and len(tag) > 2):
                raise MarsadError("E106", f"{p}:{n}: bad tag {tag!r}")
            current.append((parts[0], tag))
    if current:
        sentences.append(current)
    return sentences


def split_dev(
    sentences: list[Sentence], dev_fraction: float
) -> tuple[list[Sentence], list[Sentence]]:
    """The held-out dev part is the LAST ``dev_fraction`` of the sentences (deterministic)."""
    cut = len(sentences) - round(len(sentences) * dev_fraction)
    return sentences[:cut], sentences[cut:]


@dataclass
class AlignedSentence:
    """A CoNLL sentence re-tokenised by Marsad. ``labels`` are BIO labels per Marsad token;
    ``word_of`` gives the index of the CoNLL word each token comes from."""

    text: str
    tokens: list[Token]
    labels: list[str]
    word_of: list[int]
    words: list[str]
    gold: list[str]


def align(sentence: Sentence, segmenter: CliticSegmenter | None = None) -> AlignedSentence:
    words = [w for w, _ in sentence]
    gold = [t for _, t in sentence]
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words)
    tokens = tokenize(text, segmenter=segmenter)
    labels: list[str] = []
    word_of: list[int] = []
    wi = 0
    prev_word = -1
    for tok in tokens:
        while wi + 1 < len(starts) and tok.start >= starts[wi + 1]:
            wi += 1
        tag = gold[wi]
        if tag != "O" and wi == prev_word:
            tag = "I-" + tag[2:]  # later pieces of one word continue its entity
        labels.append(tag)
        word_of.append(wi)
        prev_word = wi
    return AlignedSentence(text, tokens, labels, word_of, words, gold)


def to_word_tags(aligned: AlignedSentence, token_tags: Iterable[str]) -> list[str]:
    """Project token tags back onto the CoNLL words: a word takes its first token's tag."""
    out = ["O"] * len(aligned.words)
    seen: set[int] = set()
    for wi, tag in zip(aligned.word_of, token_tags, strict=True):
        if wi not in seen:
            out[wi] = tag
            seen.add(wi)
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (start, end, type) of a BIO sequence; a stray I- opens an entity."""
    out = set()
    start, typ = None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if start is not None:
                out.add((start, i, typ))
                start, typ = None, None
            if tag != "O":
                start, typ = i, tag[2:]
    return out


def f1_report(
    gold_seqs: list[list[str]], pred_seqs: list[list[str]], types: tuple[str, ...]
) -> dict:
    """CoNLL entity-level precision/recall/F1, overall over ``types`` and per type."""
    counts = {t: [0, 0, 0] for t in types}  # tp, n_pred, n_gold
    for g, p in zip(gold_seqs, pred_seqs, strict=True):
        gs = {s for s in spans(g) if s[2] in types}
        ps = {s for s in spans(p) if s[2] in types}
        for s in ps:
            counts[s[2]][1] += 1
            if s in gs:
                counts[s[2]][0] += 1
        for s in gs:
            counts[s[2]][2] += 1

    def prf(tp: int, npred: int, ngold: int) -> dict:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": ngold}

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"overall": prf(*total), **{t: prf(*c) for t, c in counts.items()}}
