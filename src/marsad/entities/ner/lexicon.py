"""Gazetteers and word lists for NER features and typing, loaded from
``resources/ner/`` (editable lists) and, when present, the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...errors import MarsadError
from ...resources import open_text, path, read_list, read_tsv, vocabulary
from ...text.normalize import normalize_string
from .features import Lexicons

NORP_ENDINGS = ("", "ه", "ون", "ين", "ات", "تان", "تين", "ان")


# Towns from the knowledge base's geonames list count as gazetteer places from this size on
# (smaller towns' names are too often ordinary words).
MIN_TOWN_POPULATION = 100_000
MAX_TOWN_ZIPF = 4.0  # and a one-word town name must not be a common word (امل، المدينه)


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


def _words(s: str) -> tuple[str, ...]:
    return tuple(normalize_string(s).split())


def _demonym_forms(adjective: str) -> set[str]:
    """Feminine, sound plurals and the article: سوري → سوريه، السوريون، السوريين …"""
    base = normalize_string(adjective)
    forms = {base + e for e in NORP_ENDINGS}
    return forms | {"ال" + f for f in forms}


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a resource TSV with an ``@`` header as dicts; [] when the file is absent
    (the knowledge base is optional for NER)."""
    try:
        path(name)
    except MarsadError:
        return []
    header: list[str] = []
    out = []
    with open_text(name) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("@"):
                header = line[1:].split("\t")
                continue
            if not line.strip() or line.startswith("#") or not header:
                continue
            cells = line.split("\t")
            out.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
    return out


def _names(cell: str) -> list[str]:
    """Names of a ``|``-separated cell; ``~`` marks a name too ambiguous to match alone."""
    return [n.strip() for n in cell.split("|") if n.strip() and not n.strip().startswith("~")]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    places: dict[tuple[str, ...], tuple[str, str]] = {}
    names: dict[tuple[str, ...], str] = {}
    demonyms: dict[str, str] = {}
    org_adjectives: dict[str, str] = {}

    def add_demonym(adjective: str, of: str, plurals: list[str]) -> None:
        for form in _demonym_forms(adjective):
            demonyms.setdefault(form, of)
        for other in plurals:
            o = normalize_string(other.strip())
            if not o:
                continue
            demonyms.setdefault(o, of)
            demonyms.setdefault("ال" + o, of)

    # the knowledge base first (curated), then the NER lists, then geonames towns
    for r in _rows("kb/countries.tsv"):
        for n in _names(r.get("names_ar", "")):
            places.setdefault(_words(n), ("GPE", r["iso3"]))
        for adj in _names(r.get("demonym", "")):
            add_demonym(adj, r["iso3"], _names(r.get("plurals", "")))
    for r in _rows("build/kb_countries.tsv.gz"):
        if r.get("name_ar"):
            places.setdefault(_words(r["name_ar"]), ("GPE", r["iso3"]))
    for r in _rows("kb/peoples.tsv"):
        for adj in _names(r.get("adjective", "")):
            add_demonym(adj, r["key"], _names(r.get("plurals", "")))
    for r in _rows("kb/places.tsv"):
        for n in _names(r.get("names_ar", "")):
            places.setdefault(_words(n), (r.get("type") or "GPE", r.get("country", "")))
    for r in _rows("kb/organizations.tsv"):
        for n in _names(r.get("names_ar", "")):
            names.setdefault(_words(n), "ORG")
    for r in _rows("kb/people.tsv"):
        for n in _names(r.get("names_ar", "")):
            names.setdefault(_words(n), "PER")
    for name in ("ner/countries.tsv", "ner/places.tsv"):
        for row in read_tsv(name):
            words = _words(row[0])
            if words and words not in places:
                places[words] = (row[1].strip(), row[2].strip() if len(row) > 2 else "")
    zipf = vocabulary()
    for r in _rows("build/kb_places.tsv.gz"):
        if r.get("population", "0").isdigit() and int(r["population"]) >= MIN_TOWN_POPULATION:
            words = _words(r["name_ar"])
            if len(words) == 1 and (zipf.get(words[0], 0.0) >= MAX_TOWN_ZIPF or len(words[0]) < 4):
                continue
            places.setdefault(words, ("GPE", r.get("country", "")))
    for r in _rows("kb/organizations.tsv"):
        for adj in _names(r.get("adjective", "")):
            for form in _demonym_forms(adj):
                org_adjectives.setdefault(form, r["key"])
    generic = frozenset(normalize_string(w) for w in read_list("ner/generic_actors.txt"))
    names = {k: v for k, v in names.items() if not (v == "ORG" and k[0] in generic)}
    for row in read_tsv("ner/demonyms.tsv"):
        add_demonym(row[0], row[1].strip(), row[2].split(",") if len(row) > 2 else [])
    titles = {_words(t) for t in read_list("ner/titles.txt")}
    for r in _rows("kb/titles.tsv"):
        if r.get("generic", "").strip() != "yes":
            titles |= {_words(t) for t in _names(r.get("forms", ""))}
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
