"""Pipeline component 'events' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def events(doc: Document) -> Document:
        return doc

    return events


EVENTS = ComponentSpec("events", ("sentences", "tokens", "entities", "times"), ("events",), make, "placeholder")
