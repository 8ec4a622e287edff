"""Pipeline component 'ner' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def ner(doc: Document) -> Document:
        return doc

    return ner


NER = ComponentSpec("ner", ("tokens",), ("mentions",), make, "placeholder")
