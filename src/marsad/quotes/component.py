"""Pipeline component 'quotes' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def quotes(doc: Document) -> Document:
        return doc

    return quotes


QUOTES = ComponentSpec(
    "quotes", ("sentences", "tokens", "entities"), ("quotes",), make, "placeholder"
)
