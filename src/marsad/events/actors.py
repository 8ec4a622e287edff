"""Actor phrases: who a clause names as the doer or the undergoer of an event.

An actor phrase is a NER mention (when the entities layer has one at that place) or a noun
of the sector lexicon (قوات، الجيش، المعارضة، ناشطون، الأمم المتحدة …), a country name, or
a nationality plural (أتراك، روس), followed by its qualifiers: nationality adjectives,
possibly coordinated (مسؤولون أتراك وروس), sector adjectives (المسلحة، الأمنية), a
genitive country or actor (قوات النظام، مصدر في المعارضة). The phrase gives the actor's
country (ISO3) and CAMEO sector; "main" countries resolve to the country the article is
about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document, Token
from .lexicon import ActorLexicon, ActorWord, word_variants

_LINKS = ("في", "باسم", "من", "لدي", "داخل", "ب", "ل")
_AND = "و"


@dataclass
class Phrase:
    start: int  # token index
    end: int  # token index, exclusive
    countries: list[str | None] = field(default_factory=list)
    sector: str | None = None
    entity: str | None = None
    kind: str = "noun"  # noun | country | nat | adj | mention
    armed: bool = False
    plural: bool = False
    part_sectors: list[str | None] = field(default_factory=list)  # per coordinated country

    @property
    def country(self) -> str | None:
        return next((c for c in self.countries if c), None)


@dataclass
class ActorFinder:
    doc: Document
    lex: ActorLexicon
    main_country: str | None
    mention_at: dict[int, object] = field(default_factory=dict)
    _memo: dict[tuple[int, int], Phrase | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tokens = self.doc.tokens
        starts = {}
        for i, t in enumerate(tokens):
            starts[t.start] = i
            starts.setdefault(t.core_start, i)
            starts.setdefault(t.stem_start, i)
        for m in self.doc.mentions:
            i = starts.get(m.start)
            if i is not None and m.type in ("PER", "ORG", "GPE", "NORP"):
                self.mention_at.setdefault(i, m)

    # -- lexicon lookup -------------------------------------------------------------------
    def lookup(
        self, i: int, limit: int, prefer: tuple[str, ...] = ()
    ) -> tuple[ActorWord, int] | None:
        """The longest actor-lexicon entry starting at token ``i`` (returns entry, end)."""
        tokens = self.doc.tokens
        if i >= limit or not tokens[i].is_word:
            return None
        best: tuple[ActorWord, int] | None = None
        for v in word_variants(tokens[i].norm):
            if v.verb_prefix:
                continue
            keys = [v.form, "ال" + v.form] if v.article else [v.form]
            for key in keys:
                for entry in self.lex.entries.get(key, ()):
                    if (v.enclitic or v.accusative) and entry.kind != "noun":
                        if v.enclitic or entry.kind != "nat" or (v.form + "ا") in self.lex.entries:
                            continue  # تركيا is a country, not تركي + alif
                    if "آ" in tokens[i].text and entry.words[0] in ("الامن", "امن"):
                        continue  # الآمن (safe) is not الأمن (security)
                    best = self._longer(best, entry, i, limit, prefer)
        return best

    def _longer(
        self,
        best: tuple[ActorWord, int] | None,
        entry: ActorWord,
        i: int,
        limit: int,
        prefer: tuple[str, ...] = (),
    ) -> tuple[ActorWord, int] | None:
        n = len(entry.words)
        if i + n > limit:
            return best
        if all(_word_matches(self.doc.tokens[i + k], entry.words[k]) for k in range(1, n)):
            same = best is not None and n == best[1] - i
            if (
                best is None
                or n > best[1] - i
                or (same and best[0].kind == "place")
                or (same and entry.kind in prefer and best[0].kind not in prefer)
            ):
                return (entry, i + n)
        return best

    def resolve(self, country: str | None) -> str | None:
        return self.main_country if country == "main" else country

    # -- phrases --------------------------------------------------------------------------
    def phrase_at(self, i: int, limit: int) -> Phrase | None:
        key = (i, limit)
        if key not in self._memo:
            self._memo[key] = self._phrase_at(i, limit)
        return self._memo[key]

    def _phrase_at(self, i: int, limit: int) -> Phrase | None:
        tokens = self.doc.tokens
        if i >= limit or not tokens[i].is_word:
            return None
        lexical = self._lexical_at(i, limit)
        m = self.mention_at.get(i)
        if m is not None and (
            m.type != "GPE" or (lexical is not None and lexical.kind == "country")
        ):  # type: ignore[attr-defined]
            j = i
            while j < limit and tokens[j].start < m.end:  # type: ignore[attr-defined]
                j += 1
            ent = self.doc.entity(m.entity)  # type: ignore[attr-defined]
            country = ent.country if ent else None
            sector = ent.sector if ent else None
            if ent and not sector:
                sector = _sector_of_entity(ent.type, ent.roles)
            phrase = Phrase(i, j, [country], sector, ent.id if ent else None, "mention")
            if lexical is not None:
                self._qualify(lexical, j)  # nationality words inside the mention
                if lexical.sector == "REB" and phrase.sector == "OPP":
                    phrase.sector = "REB"
                if lexical.end >= j and lexical.kind == "noun" and lexical.sector:
                    phrase.sector = (
                        lexical.sector
                    )  # a title alone (الرئيس السوداني) codes by the title
                phrase.sector = phrase.sector or lexical.sector
                if lexical.sector == "IGO":
                    phrase.countries = [None]
                elif not phrase.country:
                    phrase.countries = list(lexical.countries) or [None]
                    phrase.part_sectors = list(lexical.part_sectors)
                if lexical.kind == "country":
                    phrase.kind = "country"
                phrase.end = max(phrase.end, lexical.end)
                phrase.armed = lexical.armed
                if lexical.kind == "nat":
                    phrase.kind = "nat"
                    phrase.plural = lexical.plural
            elif m.type == "NORP":  # type: ignore[attr-defined]
                phrase.kind = "nat"
            if not phrase.sector and not phrase.country:
                # a name the entity layer could not code: a lexicon word inside it may (تنظيم داعش)
                for k in range(i + 1, j):
                    inner = self._lexical_at(k, j)
                    if inner is not None and (inner.sector or inner.country):
                        phrase.sector = inner.sector
                        phrase.countries = list(inner.countries) or [None]
                        break
            if (
                (not phrase.country or not phrase.sector)
                and phrase.sector != "IGO"
                and m.type == "PER"
            ):  # type: ignore[attr-defined]
                title = self._title_before(i, m.title.start if m.title else None)  # type: ignore[attr-defined]
                if title is not None:
                    phrase.sector = (
                        phrase.sector or (title.sector if title.kind != "nat" else None) or "GOV"
                    )
                    if not phrase.country:
                        phrase.countries = [title.country]
        elif lexical is not None:
            phrase = lexical
        else:
            return None
        self._qualify(phrase, limit)
        phrase.countries = [self.resolve(c) for c in phrase.countries]
        return phrase

    def _lexical_at(self, i: int, limit: int) -> Phrase | None:
        hit = self.lookup(i, limit)
        if hit is None:
            return None
        entry, end = hit
        if entry.kind in ("place", "adj"):
            return None  # places are locations; a bare sector adjective is not an actor
        p = Phrase(i, end, [entry.country], entry.sector, None, entry.kind)
        p.armed = "armed" in entry.flags
        p.plural = "plural" in entry.flags
        return p

    def _title_before(self, i: int, title_start: int | None = None) -> Phrase | None:
        """A title or role phrase that ends right before a name (وزير الخارجية الروسي سيرغي
        لافروف، المتحدث باسم الكرملين ديمتري بيسكوف) tells the person's country and sector."""
        tokens = self.doc.tokens
        order = [k for k in range(i - 1, max(-1, i - 7), -1)]
        if title_start is not None:
            first = [
                k
                for k in range(max(0, i - 12), i)
                if tokens[k].start <= title_start < tokens[k].end
            ]
            order = first + order
        best: Phrase | None = None
        for k in order:
            if not tokens[k].is_word:
                if k < i - 1:
                    break
                continue
            p = self._lexical_at(k, i)
            if p is None:
                continue
            self._qualify(p, i)
            if p.end != i:
                continue
            p.countries = [self.resolve(c) for c in p.countries]
            if p.sector and p.country:
                return p
            if best is None or (p.sector and not best.sector):
                best = p
        return best

    def _qualify(self, p: Phrase, limit: int) -> None:
        """Extend a head with nationality/sector adjectives, coordinated nationalities and a
        genitive or prepositional actor (for relational heads: مصدر في المعارضة)."""
        tokens = self.doc.tokens
        j = p.end
        own_country = p.countries[0] if p.countries else None
        nats: list[str | None] = []
        nat_sectors: list[str | None] = []
        while j < limit:
            hit = self.lookup(j, limit, prefer=("nat", "adj"))
            if hit is not None:
                entry, end = hit
                if entry.kind == "nat" and not (
                    j > p.end and _starts_with_and(tokens[j]) and not nats
                ):
                    if not nats and (
                        p.kind == "nat" or (_starts_with_and(tokens[j]) and p.country)
                    ):
                        # أتراك وروس / مسؤولون أتراك وروس: the head's own nationality comes first
                        nat_sectors.append(p.sector if p.kind == "nat" else None)
                        nats.append(p.countries[0] if p.countries else None)
                    nats.append(entry.country)
                    nat_sectors.append(entry.sector)
                    j = end
                    continue
                if (
                    entry.kind == "nat"
                    and _starts_with_and(tokens[j])
                    and (nats or p.kind == "nat")
                ):
                    if not nats:
                        nats.append(p.countries[0] if p.countries else None)
                        nat_sectors.append(p.sector)
                    nats.append(entry.country)
                    nat_sectors.append(entry.sector)
                    j = end
                    continue
                if entry.kind == "adj":
                    if entry.sector == "REB" and p.sector == "OPP":
                        p.sector = "REB"
                    elif p.sector is None or p.kind == "nat":
                        p.sector = entry.sector
                    elif (
                        entry.sector in ("MIL", "COP", "HLH")
                        and p.sector == "GOV"
                        and p.kind == "noun"
                    ):
                        p.sector = entry.sector  # مصادر أمنية، مسؤول عسكري
                    j = end
                    continue
                # genitive: قوات النظام، جيش الاحتلال، وزير خارجية روسيا
                if (
                    entry.kind in ("country", "noun")
                    and p.kind in ("noun",)
                    and not _starts_with_and(tokens[j])
                    and not tokens[j].prefixes
                    and j == p.end
                ):
                    if entry.kind == "country":
                        own_country = entry.country
                        p.end = end
                        j = end
                        continue
                    if "defer" in _flags_of(self, p) and entry.sector:
                        armed_head = p.sector in ("REB", "MIL") and entry.sector == "OPP"
                        p.sector = "REB" if armed_head else entry.sector
                        if entry.country not in ("main", None):
                            own_country = entry.country
                        p.end = end
                        j = end
                        continue
            break
        if j > p.end:
            p.end = j
        # relational heads take the sector of a following actor: مصدر في المعارضة السورية
        if "defer" in _flags_of(self, p) and p.end < limit:
            k = p.end
            t = tokens[k]
            nxt: Phrase | None = None
            if t.norm in _LINKS and k + 1 < limit:
                nxt = self.phrase_at(k + 1, limit)
            elif t.is_word and t.norm[:1] in ("ب", "ل"):
                nxt = self.phrase_at(k, limit)
            if nxt is not None and nxt.sector:
                armed_head = p.sector in ("REB", "MIL") and nxt.sector == "OPP"
                p.sector = "REB" if armed_head else nxt.sector
                p.countries = list(nxt.countries) or p.countries
                p.entity = p.entity or nxt.entity
                p.end = nxt.end
                return
        if nats:
            p.countries = nats
            p.part_sectors = nat_sectors
        elif own_country is not None:
            p.countries = [own_country]


def _flags_of(finder: ActorFinder, p: Phrase) -> frozenset[str]:
    hit = finder.lookup(p.start, p.end)
    return hit[0].flags if hit else frozenset()


def _starts_with_and(t: Token) -> bool:
    return t.norm.startswith(_AND) and len(t.norm) > 2


def _word_matches(t: Token, word: str) -> bool:
    if not t.is_word:
        return False
    if t.norm == word:
        return True
    return any(v.form == word for v in word_variants(t.norm) if not v.verb_prefix) or (
        word.startswith("ال")
        and any(v.form == word[2:] and v.article for v in word_variants(t.norm))
    )


def _sector_of_entity(etype: str, roles: list) -> str | None:
    if etype == "GPE":
        return "GOV"
    if etype == "PER" and roles:
        return "GOV"
    return None
