"""Gazetteers and word lists for NER features and typing: places, organisations, people,
nationality words and titles from the knowledge base (:class:`marsad.entities.kb.
KnowledgeBase`), plus the NER-only lists in ``resources/ner/`` (head words, classifiers,
given names, honorifics) and the few places and nationality words the knowledge base does
not have yet."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...resources import read_list, read_tsv, vocabulary
from ...text.normalize import normalize_string
from ..kb import KnowledgeBase, adjective_forms, joined, norm
from .features import Lexicons

PLACE_TYPES = ("GPE", "LOC", "FAC")

# Towns from the knowledge base's geonames list count as gazetteer places from this size on
# (smaller towns' names are too often ordinary words; the knowledge base already leaves out
# towns named by a common word, امل، المدينة).
MIN_TOWN_POPULATION = 100_000
# A one-word town named by a common word (ليل night / Lille, الزاوية corner / Zawiya) is a
# gazetteer feature, but is marked as a place without the model's tag only when it is a
# big city (حلب، دمشق) or a capital (الدوحة).
COMMON_WORD_ZIPF = 4.0
BIG_CITY_POPULATION = 1_000_000


@dataclass(frozen=True)
class Gazetteer:
    places: dict[tuple[str, ...], tuple[str, str]]  # words (matching form) -> (type, country)
    names: dict[tuple[str, ...], str]  # known organisations and people -> ORG | PER
    demonyms: dict[str, str]  # a nationality/group word (matching form) -> what it names
    titles: frozenset[tuple[str, ...]]
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    fac_heads: frozenset[str]
    given_names: frozenset[str]
    opening_heads: dict[str, str]  # a head word that opens a place name -> LOC | FAC
    org_adjectives: dict[str, str]  # an adjective naming an organisation (أممية) -> its key
    place_classifiers: frozenset[str]  # محافظة، مدينة: not part of a place's name
    kinship: frozenset[str]  # نجل، شقيق: a person's name ends before them
    opening_org_heads: frozenset[str]  # وزارة: always opens an organisation's name
    org_classifiers: frozenset[str]  # تنظيم: says what follows is an organisation
    weak_places: frozenset[tuple[str, ...]] = frozenset()  # towns named by a common word


def _words(s: str) -> tuple[str, ...]:
    return tuple(normalize_string(s).split())


def _written(names: tuple[str, ...]) -> set[str]:
    """Matching forms of names as the tables write them (and compounds joined), without the
    knowledge base's article-less variants: "خليج" alone is a common noun, "الخليج" a name."""
    out = set()
    for n in names:
        f = norm(n.lstrip("~"))
        out |= {f, joined(f)}
    return out


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    kb = KnowledgeBase.load()
    places: dict[tuple[str, ...], tuple[str, str]] = {}
    names: dict[tuple[str, ...], str] = {}
    demonyms: dict[str, str] = {}
    org_adjectives: dict[str, str] = {}
    written: dict[str, set[str]] = {}
    weak_places: set[tuple[str, ...]] = set()
    zipf = vocabulary()

    for surface, typ, key in kb.surface_forms():
        entry = kb.get(key)
        if entry is None:
            continue
        adjective = kb.demonym_entry(surface) if kb.is_demonym(surface) else None
        if adjective is not None and adjective.key == key:
            # a nationality word (سورية is also Syria: the country's row adds the place)
            if typ == "NORP":
                demonyms.setdefault(surface, entry.country or key)
            else:  # أممية → the United Nations
                org_adjectives.setdefault(surface, key)
            continue
        if key not in written:
            written[key] = _written(entry.names or (entry.name_ar,))
        if surface not in written[key]:
            continue
        words = tuple(surface.split())
        if typ in PLACE_TYPES:
            if key.startswith("GN:"):
                if entry.population < MIN_TOWN_POPULATION:
                    continue
                if (
                    words not in places
                    and len(words) == 1
                    and zipf.get(words[0], 0.0) >= COMMON_WORD_ZIPF
                    and entry.population < BIG_CITY_POPULATION
                    and getattr(kb.capital(entry.country or ""), "key", None) != key
                ):
                    weak_places.add(words)
            places.setdefault(words, (typ, entry.country or ""))
        elif typ in ("ORG", "PER"):
            names.setdefault(words, typ)
        # a people's name that is no adjective (الغرب) is left to the entity layer
    # what the knowledge base lacks yet
    for row in read_tsv("ner/places.tsv"):
        words = _words(row[0])
        if words:
            places.setdefault(words, (row[1].strip(), row[2].strip() if len(row) > 2 else ""))
    for row in read_tsv("ner/demonyms.tsv"):
        of = row[1].strip()
        forms = adjective_forms(row[0]) if row[0].strip() else []
        for other in row[2].split(",") if len(row) > 2 else []:
            if other.strip():
                forms += [norm(other), "ال" + norm(other)]
        for form in forms:
            demonyms.setdefault(form, of)
    generic = frozenset(normalize_string(w) for w in read_list("ner/generic_actors.txt"))
    names = {k: v for k, v in names.items() if not (v == "ORG" and k[0] in generic)}
    titles = {_words(t) for t in read_list("ner/titles.txt")}
    titles |= {tuple(s.split()) for s, key in kb.title_forms() if not kb.titles[key].generic}
    opening: dict[str, str] = {}
    for name, typ in (("ner/loc_heads.txt", "LOC"), ("ner/fac_heads.txt", "FAC")):
        for row in read_tsv(name):
            if len(row) > 1 and row[1].strip() == "name":
                opening[normalize_string(row[0])] = typ
    places.pop((), None)
    names.pop((), None)
    return Gazetteer(
        places=places,
        names=names,
        demonyms=demonyms,
        titles=frozenset(t for t in titles if t),
        org_heads=frozenset(normalize_string(w) for w in read_list("ner/org_heads.txt")),
        loc_heads=frozenset(normalize_string(w) for w in read_list("ner/loc_heads.txt")),
        fac_heads=frozenset(normalize_string(w) for w in read_list("ner/fac_heads.txt")),
        given_names=frozenset(normalize_string(w) for w in read_list("ner/given_names.txt")),
        opening_heads=opening,
        org_adjectives=org_adjectives,
        opening_org_heads=frozenset(
            normalize_string(row[0])
            for row in read_tsv("ner/org_heads.txt")
            if row[1:2] == ["name"]
        ),
        org_classifiers=frozenset(
            normalize_string(w) for w in read_list("ner/org_classifiers.txt")
        ),
        kinship=frozenset(normalize_string(w) for w in read_list("ner/kinship.txt")),
        place_classifiers=frozenset(
            normalize_string(w) for w in read_list("ner/place_classifiers.txt")
        ),
        weak_places=frozenset(weak_places),
    )


def build_lexicons(use_gazetteers: bool = True, clusters: dict[str, str] | None = None) -> Lexicons:
    """The feature lexicons: wordfreq Zipf values always; gazetteer classes and clusters
    when asked (the two model variants compared in training)."""
    if not use_gazetteers:
        return Lexicons(zipf=vocabulary(), clusters=clusters or {})
    g = load_gazetteer()
    keys = ("gpe", "loc", "title", "org", "per")
    single: dict[str, set[str]] = {k: set() for k in keys}
    phrases: dict[str, set[tuple[str, ...]]] = {k: set() for k in keys}
    for words, (typ, _) in g.places.items():
        key = "gpe" if typ == "GPE" else "loc"
        (single[key].add(words[0]) if len(words) == 1 else phrases[key].add(words))
    for words, typ in g.names.items():
        key = typ.lower()
        (single[key].add(words[0]) if len(words) == 1 else phrases[key].add(words))
    for words in g.titles:
        (single["title"].add(words[0]) if len(words) == 1 else phrases["title"].add(words))
    words = {k: frozenset(v) for k, v in single.items()}
    words["demonym"] = frozenset(g.demonyms)
    words["org_head"] = g.org_heads
    words["loc_head"] = g.loc_heads
    words["fac_head"] = g.fac_heads
    words["given"] = g.given_names
    return Lexicons(
        words=words,
        phrases={k: frozenset(v) for k, v in phrases.items()},
        clusters=clusters or {},
        zipf=vocabulary(),
    )
