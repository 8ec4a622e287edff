"""Pipeline component 'times' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def times(doc: Document) -> Document:
        return doc

    return times


TIMES = ComponentSpec("times", ("tokens",), ("times",), make, "placeholder")
