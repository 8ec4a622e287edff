"""Pipeline component 'quantities' (placeholder until its issue lands: provides an empty layer)."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    def quantities(doc: Document) -> Document:
        return doc

    return quantities


QUANTITIES = ComponentSpec("quantities", ("tokens",), ("quantities",), make, "placeholder")
