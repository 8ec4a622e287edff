"""Pipeline component 'ner': named mentions (PER, ORG, GPE, LOC, FAC, NORP).

A CRF trained by ``marsad train ner`` on ANERcorp (shipped under ``marsad/models/ner``)
tags each sentence's tokens; :mod:`marsad.entities.ner.recognizer` turns the tags into
mentions with Marsad's span conventions and types.
"""

from __future__ import annotations

from pathlib import Path

from ..component import ComponentSpec, Process
from ..document import Document, Mention, Span, Token
from ..settings import Settings

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"
MODEL_FILE = MODEL_DIR / "model.crfsuite"


def sentence_tokens(doc: Document) -> list[list[Token]]:
    """The document's tokens grouped by sentence (all in one group without sentences)."""
    if not doc.sentences:
        return [list(doc.tokens)] if doc.tokens else []
    groups: list[list[Token]] = []
    i, n = 0, len(doc.tokens)
    for sent in doc.sentences:
        while i < n and doc.tokens[i].end <= sent.start:
            i += 1
        group = []
        while i < n and doc.tokens[i].start < sent.end:
            group.append(doc.tokens[i])
            i += 1
        if group:
            groups.append(group)
    return groups


def make(settings: Settings) -> Process:
    from ..resources import vocabulary
    from .ner.lexicon import load_gazetteer
    from .ner.model import load_tagger
    from .ner.recognizer import Recognizer, propagate

    tagger = load_tagger(settings.ner_model or MODEL_FILE)
    recognizer = Recognizer(
        load_gazetteer(),
        min_confidence=settings.ner_min_confidence,
        add_known_names=settings.ner_known_names,
        zipf=tagger.lex.zipf or vocabulary(),
    )

    def ner(doc: Document) -> Document:
        sentences = sentence_tokens(doc)
        found = []
        for tokens in sentences:
            labels, probs = tagger.tag(tokens)
            found.append(recognizer.find(tokens, labels, probs))
        if settings.ner_one_sense:
            propagate(recognizer, sentences, found)
        for fs in found:
            for f in fs:
                doc.mentions.append(
                    Mention(
                        id=doc.new_id("m"),
                        start=f.start,
                        end=f.end,
                        text=doc.text[f.start : f.end],
                        type=f.type,
                        kind="name",
                        title=Span(*f.title) if f.title else None,
                        score=round(f.score, 4),
                    )
                )
        return doc

    return ner


NER = ComponentSpec(
    "ner",
    ("tokens", "sentences"),
    ("mentions",),
    make,
    "named mentions: CRF trained on ANERcorp + gazetteer typing and NORP",
)
