"""Pipeline component 'entities': link the ``ner`` layer's mentions into entities.

Each entity gets an English name (knowledge base, else a transliteration), a Wikidata id
where known, a country (ISO alpha-3), a CAMEO sector, the roles held on the publication date
and, for places, coordinates. Titles before or after a name become its roles; a title that
stands alone ("الرئيس الفرنسي", "الوزير الفرنسي") becomes a nominal mention of the person it
names in the article or, by dated roles, on the publication date. See
:mod:`marsad.entities.linker` and :mod:`marsad.entities.kb`.
"""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings


def make(settings: Settings) -> Process:
    from .kb import KnowledgeBase
    from .linker import Linker

    linker = Linker(
        KnowledgeBase.load(),
        min_score=settings.link_min_score,
        article_country=settings.link_article_country,
    )

    def entities(doc: Document) -> Document:
        return linker(doc)

    return entities


ENTITIES = ComponentSpec(
    "entities",
    ("mentions", "tokens"),
    ("entities",),
    make,
    "link mentions to the knowledge base: names, titles and roles, coreference, geocoding",
)
