"""Pipeline component 'entities' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def entities(doc: Document) -> Document:
        return doc

    return entities


ENTITIES = ComponentSpec("entities", ("mentions",), ("entities",), make, "placeholder")
