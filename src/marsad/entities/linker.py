"""Entity linking inside one article: titles and roles, knowledge-base links, coreference and
geocoding.

Input: a Document with tokens and the ``ner`` layer's mentions (any of them may be missing).
Output: ``doc.entities`` (one per referent), every mention's ``entity``, the ``title`` span of
titled names, and nominal mentions (kind "nominal") for titles that stand for a person
("الرئيس الفرنسي", "الوزير الفرنسي", "مسؤول تركي رفيع").

How a referent is decided, in text order:
- a name is looked up in the knowledge base (exact spelling, then a consonant skeleton that
  absorbs vowel-letter variants: ستفان/ستيفان); a person's candidates are ranked by the
  title written next to the name and the roles they held on the publication date;
- a title phrase is parsed as title + complement (nationality adjective, "باسم"/"ل"/"في" +
  organisation or country, trailing modifiers): it attaches to the name that follows it (or
  that it follows, as an apposition), else it is a nominal mention that refers to the most
  recent person in the article with a compatible role, else to whoever held the office on
  the publication date (knowledge-base dated roles), else to a new unnamed person when the
  title names a kind of person (مسؤول، مصدر، ناشط) with a stated affiliation;
- places get coordinates, choosing among same-name towns by the countries the article is
  about, then by population.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Document, Entity, Geo, Mention, Role, Span, Token
from .kb import ARTICLE, Entry, KnowledgeBase, Title, adjective_forms
from .kb import norm as _kb_norm

# names repeat through an article: their matching form is computed once
norm = lru_cache(maxsize=65_536)(_kb_norm)

PLACE_TYPES = ("GPE", "LOC", "FAC")
# words after which the complement of a title is a name: المتحدث باسم الكرملين، مصدر في المعارضة
CONNECTORS = {"باسم", "في", "لدي", "الي"}
# words that may follow a title phrase without changing whom it names
MODIFIERS = {"رفيع", "المستوي", "كبير", "بارز", "الرفيع", "البارز", "الكبير", "رفيعي", "كبار"}
FORMER = {"السابق", "السابقه", "سابق"}
# titles whose ل/إلى/لدى complement is where they serve, not whom they serve
DESTINATION_TITLES = {"envoy", "ambassador", "representative"}
# "the X side/authorities": a country named through its government
SIDE_WORDS = {"الجانب", "الطرف", "السلطات"}
ENCLITICS = ("هما", "هم", "ها", "ه")
# nouns that start an organisation's name: رئيس حزب …، رئيس هيئة … is its head, not a
# head of state
BODY_WORDS = {
    "حزب", "مجلس", "هيئه", "لجنه", "جمعيه", "حركه", "جبهه", "منظمه", "شركه", "بلديه", "جامعه",
    "اتحاد", "نادي", "مؤسسه", "مكتب", "مركز", "غرفه", "نقابه", "تيار", "كتله", "ائتلاف", "وكاله",
}  # fmt: skip
# titles that are a courtesy when nothing follows them: الأمير فلان is a prince, أمير قطر an emir
HONORIFIC_WHEN_BARE = {"emir"}
# adjectives that say which part of society an unnamed source belongs to: مصادر أمنية
SECTOR_ADJECTIVES = {
    "امني": ("COP", "security"),
    "عسكري": ("MIL", "military"),
    "حكومي": ("GOV", "government"),
    "رسمي": ("GOV", "official"),
    "دبلوماسي": ("GOV", "diplomatic"),
    "طبي": ("HLH", "medical"),
    "اعلامي": ("MED", "media"),
    "حقوقي": ("NGO", "rights"),
    "معارض": ("OPP", "opposition"),
    "قضائي": ("JUD", "judicial"),
    "برلماني": ("LEG", "parliamentary"),
    "استخباراتي": ("SPY", "intelligence"),
}
SECTOR_FORMS = {f: base for base in SECTOR_ADJECTIVES for f in adjective_forms(base)}
MAX_NAME_TOKENS = 6


@dataclass
class TitlePhrase:
    start: int  # original offsets of the whole phrase (title + complement + modifiers)
    end: int
    first: int  # token indices, half-open
    last: int
    title: Title
    text: str  # the title words as written (وزير الخارجية)
    country: str | None = None  # ISO alpha-3 the holder acts for
    body: str | None = None  # knowledge-base key of the organisation or person complement
    possessive: bool = False  # مبعوثه: "his envoy"
    former: bool = False
    place: str | None = None  # knowledge-base key of a place complement (طبيب في حلب)
    sector_word: str | None = None  # matching form of a sector adjective (امني)
    definite: bool = True  # الوزير, وزير الخارجية (a construct is definite); not وزير

    @property
    def has_complement(self) -> bool:
        return self.country is not None or self.body is not None or self.sector_word is not None


@dataclass
class Cluster:
    """An entity under construction."""

    type: str
    key: str | None = None  # knowledge-base key
    mentions: list[Mention] = field(default_factory=list)
    phrases: list[TitlePhrase] = field(default_factory=list)
    name: str | None = None
    name_en: str | None = None
    country: str | None = None
    sector: str | None = None
    skeletons: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)


class SpanIndex:
    """Half-open character spans answering "does any span overlap / cover this?" by
    bisection (sorted starts and a running maximum of ends) instead of a scan."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span (s, e) with s < end and start < e."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start

    def covers(self, offset: int) -> bool:
        """Some span (s, e) with s <= offset < e."""
        i = bisect_right(self.starts, offset)
        return i > 0 and self.max_end[i - 1] > offset


def skeleton(s: str) -> str:
    """Consonant skeleton of a name: vowel letters and hamza seats dropped after each word's
    first letter, ج/غ/ق/ك folded (transcriptions of g vary), so that ستفان، ستيفان and ستافان
    meet."""
    out = []
    for word in norm(s).split():
        w = word
        if w.startswith(ARTICLE) and len(w) > 4:
            w = w[2:]
        # the first letter stays: ابراهيم and برهم are different names
        w = w[:1] + w[1:].translate(_SKELETON)
        out.append(w or word)
    return " ".join(out)


_SKELETON = str.maketrans(
    {
        "ا": None,
        "و": None,
        "ي": None,
        "ء": None,
        "ؤ": None,
        "ئ": None,
        "ه": None,
        "غ": "ج",
        "ق": "ج",
        "ك": "ج",
    }
)

_TRANSLIT = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h",
    "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d",
    "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "ء": "", "ؤ": "", "ئ": "",
    "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}  # fmt: skip


def transliterate(text: str, name_words: dict[str, str] | None = None) -> str:
    """A readable Latin fallback for names the knowledge base lacks: usual spellings of
    frequent name words (محمد → Mohamed) where known, else letter by letter (long vowels as
    vowels, the article as al-). Not a standard romanisation."""
    words = [w.strip("،,.؛:()\"'“”«»") for w in text.split()]
    words = [w for w in words if w]
    known = name_words or {}
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = norm(" ".join(words[i : i + 2])) if i + 1 < len(words) else ""
        if pair and pair in known:
            out.append(known[pair])
            i += 2
            continue
        single = norm(words[i])
        if single in known:
            out.append(known[single])
        else:
            latin = _letters(words[i])
            if latin:
                out.append(latin)
        i += 1
    return " ".join(out)


def _letters(w: str) -> str:
    prefix = ""
    if w.startswith("ال") and len(w) > 3:
        prefix, w = "al-", w[2:]
    out = []
    for i, ch in enumerate(w):
        if ch == "و" and i > 0:
            out.append("u" if i < len(w) - 1 or len(w) > 2 else "w")
        elif ch == "ي" and i > 0:
            out.append("i")
        elif ch == "ع":
            out.append("a" if i == 0 else "")
        else:
            out.append(_TRANSLIT.get(ch, ch if ch.isascii() else ""))
    latin = "".join(out)
    if not latin:
        return ""
    return prefix + latin[:1].upper() + latin[1:] if not prefix else prefix + latin.capitalize()


class Linker:
    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        min_score: float = 0.5,
        article_country: bool = True,
    ) -> None:
        self.kb = kb or KnowledgeBase.load()
        self.min_score = min_score
        self.article_country = article_country
        self.capitals = set(self.kb._capital_towns.values())
        self._skeletons: dict[str, list[str]] = {}
        for key, e in self.kb.entries.items():
            if e.type == "PER":
                for n in e.names:
                    sk = skeleton(n)
                    if len(sk.replace(" ", "")) >= 4 and key not in self._skeletons.setdefault(
                        sk, []
                    ):
                        self._skeletons[sk].append(key)

    # ------------------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        run = _Run(self, doc)
        run.link()
        return doc


class _Run:
    """One article being linked."""

    def __init__(self, linker: Linker, doc: Document) -> None:
        self.linker = linker
        self.kb = linker.kb
        self.doc = doc
        self.date = (doc.meta.published or "")[:10] or None
        self.tokens: list[Token] = list(doc.tokens)
        self._starts = [t.start for t in self.tokens]
        self.clusters: list[Cluster] = []
        self.by_key: dict[str, Cluster] = {}
        self.of_mention: dict[str, Cluster] = {}
        # indexes of the clusters for _same_name (position in self.clusters by identity)
        self._position: dict[int, int] = {}
        self._by_surname: dict[str, list[Cluster]] = {}
        self._by_skeleton: dict[str, list[Cluster]] = {}
        self._by_token: dict[str, list[Cluster]] = {}
        self.context: Counter[str] = Counter()
        # words of people's names: التركي in "منصور التركي" is a surname, not "Turkish"
        self.name_words = {
            w
            for m in doc.mentions
            if m.type == "PER" and m.kind == "name"
            for w in norm(m.text).split()
        }

    # phrases -----------------------------------------------------------------------------------
    def _name_at(
        self, i: int, strip_first: bool, types: tuple[str, ...]
    ) -> tuple[Entry, int] | None:
        """Longest knowledge-base name starting at token i (its proclitics off when asked)."""
        for n in range(min(MAX_NAME_TOKENS, len(self.tokens) - i), 0, -1):
            if any(self.tokens[k].kind == "punct" for k in range(i, i + n)):
                continue
            first = self.tokens[i].core_norm if strip_first else self.tokens[i].norm
            words = [first] + [self.tokens[k].norm for k in range(i + 1, i + n)]
            found = self.kb.lookup(" ".join(words), types=types)
            if found:
                return found[0], n
        return None

    def phrase_at(self, i: int, person_spans: SpanIndex) -> TitlePhrase | None:
        tokens = self.tokens
        if tokens[i].kind != "word":
            return None
        words = [tokens[i].core_norm] + [t.norm for t in tokens[i + 1 : i + 8]]
        found = self.kb.titles_at(words, 0)
        possessive = False
        if not found and tokens[i].suffix:
            # only where the segmenter split a pronoun off: مبعوثه "his envoy", but not
            # محافظة "governorate" (ة is folded to ه in the matching view)
            w0 = tokens[i].core_norm
            for enc in ENCLITICS:
                if w0.endswith(enc) and len(w0) - len(enc) >= 3:
                    alt = [w0[: -len(enc)], *words[1:]]
                    found = [(t, n) for t, n in self.kb.titles_at(alt, 0)]
                    if found:
                        possessive = True
                        words = alt
                        break
        if not found:
            return None
        n = found[0][1]
        options = [t for t, k in found if k == n]
        j = i + n
        if person_spans.overlaps(tokens[i].core_start, tokens[j - 1].end):
            return None  # the words belong to a name
        country = body = place = sector_word = None
        former = False
        k = j
        all_types = ("ORG", "NORP", "GPE", "PER", "LOC", "FAC")
        # complement: nationality adjective, or connector/proclitic + name
        if words[n - 1] in CONNECTORS and k < len(tokens):
            # the title ends with its connector (المتحدث باسم): a name must follow
            named = self._name_at(k, False, all_types)
            if named is None:
                return None
            entry, used = named
            body, country = entry.key, entry.country
            k += used
        elif k < len(tokens) and tokens[k].kind == "word":
            if tokens[k].norm in SECTOR_FORMS and any(t.generic for t in options):
                sector_word = SECTOR_FORMS[tokens[k].norm]
                k += 1
            adj = self._demonym(tokens[k]) if k < len(tokens) else None
            if adj is not None:
                if adj.key.startswith("NORP:"):
                    country = adj.country
                else:
                    body = adj.key
                k += 1
            elif k < len(tokens) and tokens[k].kind == "word":
                named = None
                if tokens[k].core_norm in CONNECTORS or tokens[k].norm in CONNECTORS:
                    if k + 1 < len(tokens):
                        named = self._name_at(k + 1, True, all_types)
                        if named:
                            named = (named[0], named[1] + 1)
                elif tokens[k].prefixes and tokens[k].prefixes[-1] in ("ل", "ب"):
                    named = self._name_at(k, True, all_types)
                elif any(t.scope in ("org", "any") for t in options):
                    named = self._name_at(k, False, ("ORG",))
                if named:
                    entry, used = named
                    destination = any(t.key in DESTINATION_TITLES for t in options)
                    if entry.type == "PER":
                        body = entry.key
                        country = entry.country
                    elif entry.precision == "country" and not destination:
                        country = entry.key
                    elif entry.type in PLACE_TYPES:
                        place = entry.key
                        if not destination:
                            country = entry.country
                    else:
                        body = entry.key
                        country = entry.country
                    k += used
                    if k < len(tokens):  # "المعارضة السورية" + "المسلحة" is part of the body
                        adj2 = self._demonym(tokens[k])
                        if adj2 is not None and adj2.key.startswith("NORP:") and country is None:
                            country = adj2.country
                            k += 1
        if country is None and body is None and any(t.scope != "org" for t in options):
            # a portfolio or unit between the title and the nationality: وزير العمل التركي،
            # قائد الجيش السوري
            for extra in range(1, 4):
                m = k + extra
                if m >= len(tokens) or any(
                    t.kind != "word"
                    or not t.core_norm.startswith(ARTICLE)
                    or person_spans.covers(t.start)
                    for t in tokens[k : m + 1]
                ):
                    break
                adj = self._demonym(tokens[m])
                if adj is not None and adj.key.startswith("NORP:") and adj.country:
                    country = adj.country
                    j = m  # the portfolio words are part of the title
                    k = m + 1
                    break
        while k < len(tokens) and tokens[k].kind == "word" and tokens[k].norm in MODIFIERS | FORMER:
            former = former or tokens[k].norm in FORMER
            k += 1
        title = self._choose_title(options, country, body)
        if (
            body is None
            and country is None
            and j < len(tokens)
            and _strip_article(tokens[j].core_norm) in BODY_WORDS
        ):
            title = next((t for t in options if t.scope == "org"), title)
        text = self.doc.text[tokens[i].core_start : tokens[j - 1].end]
        if possessive and n == 1:
            text = text[: len(text) - len(tokens[i].core_norm) + len(words[0])] or text
        return TitlePhrase(
            start=tokens[i].core_start,
            end=tokens[k - 1].end,
            first=i,
            last=k,
            title=title,
            text=text,
            country=country,
            body=body,
            possessive=possessive,
            former=former,
            place=place,
            sector_word=sector_word,
            definite=tokens[i].core_norm.startswith(ARTICLE) or n > 1 or possessive,
        )

    def _demonym(self, token: Token) -> Entry | None:
        if token.kind != "word" or token.norm in self.name_words:
            return None
        return self.kb.demonym_entry(token.norm)

    def _choose_title(self, options: list[Title], country: str | None, body: str | None) -> Title:
        if len(options) > 1:
            entry = self.kb.get(body)
            if entry is not None and entry.type in ("ORG", "PER"):
                for t in options:
                    if t.scope == "org":
                        return t
            for t in options:
                if t.scope == "country":
                    return t
        return options[0]

    def find_phrases(self) -> list[TitlePhrase]:
        person_spans = SpanIndex(
            [(m.start, m.end) for m in self.doc.mentions if m.type == "PER" and m.kind == "name"]
        )
        out: list[TitlePhrase] = []
        i = 0
        while i < len(self.tokens):
            p = self.phrase_at(i, person_spans)
            if p is not None:
                out.append(p)
                i = p.last
            else:
                i += 1
        return out

    # linking -----------------------------------------------------------------------------------
    def link(self) -> None:
        doc = self.doc
        doc.entities = []
        # mentions of every kind are kept (nominal ones another component made included)
        names = sorted(doc.mentions, key=lambda m: (m.start, -m.end))
        doc.mentions = list(names)
        taken = {(m.start, m.end) for m in names}
        self._read_context(names)
        phrases = self.find_phrases() if self.tokens else []
        attached: dict[str, list[TitlePhrase]] = {}
        loose: list[TitlePhrase] = []
        persons = [m for m in names if m.type == "PER" and m.kind == "name"]
        by_start = {self._token_at(m.start): m for m in persons}
        by_end = {self._token_end(m.end): m for m in persons}
        for p in phrases:
            after = by_start.get(p.last)
            before = by_end.get(p.first - 1)
            if before is None and p.first >= 2 and self.tokens[p.first - 1].text in "،,":
                before = by_end.get(p.first - 2)
            if after is not None:
                attached.setdefault(after.id, []).append(p)
                after.title = Span(p.start, p.end)
            elif before is not None and not p.possessive:
                attached.setdefault(before.id, []).append(p)
            elif (p.start, p.end) not in taken:
                loose.append(p)
        items: list[tuple[int, object]] = [(m.start, m) for m in names] + [
            (p.start, p) for p in loose
        ]
        items.sort(key=lambda x: x[0])
        for _, item in items:
            if isinstance(item, Mention):
                self._link_name(item, attached.get(item.id, []))
            else:
                self._link_phrase(item)
        self._sides()
        self._finish()

    def _token_at(self, offset: int) -> int | None:
        i = bisect_right(self._starts, offset) - 1
        if 0 <= i < len(self.tokens) and self.tokens[i].start <= offset < self.tokens[i].end:
            return i
        return None

    def _token_end(self, offset: int) -> int | None:
        i = bisect_left(self._starts, offset) - 1
        if 0 <= i < len(self.tokens) and self.tokens[i].start < offset <= self.tokens[i].end:
            return i
        return None

    def _read_context(self, names: list[Mention]) -> None:
        """Countries the article is about, for choosing among same-name places."""
        for m in names:
            if m.type in PLACE_TYPES:
                found = self.kb.lookup(m.text, types=PLACE_TYPES)
                if found and found[0].precision == "country":
                    self.context[found[0].key] += 1
            elif m.type == "NORP":
                c = self.kb.country_of_demonym(m.text)
                if c:
                    self.context[c] += 1

    def _cluster_for_key(self, key: str, type_: str) -> Cluster:
        c = self.by_key.get(key)
        if c is None:
            c = Cluster(type=type_, key=key)
            self.by_key[key] = c
            self._append(c)
        return c

    def _new_cluster(self, type_: str) -> Cluster:
        c = Cluster(type=type_)
        self._append(c)
        return c

    def _append(self, c: Cluster) -> None:
        self._position[id(c)] = len(self.clusters)
        self.clusters.append(c)

    def _add(self, c: Cluster, m: Mention) -> None:
        c.mentions.append(m)
        self.of_mention[m.id] = c
        if m.kind == "name":
            sk = skeleton(m.text)
            words = norm(m.text).split()
            if sk not in c.skeletons:
                c.skeletons.add(sk)
                self._by_skeleton.setdefault(sk, []).append(c)
            for w in set(words) - c.tokens:
                self._by_token.setdefault(w, []).append(c)
            c.tokens |= set(words)
            if len(words) > 1:
                self._by_surname.setdefault(words[-1], []).append(c)

    def _link_name(self, m: Mention, phrases: list[TitlePhrase]) -> None:
        if m.type == "PER":
            entry = self._person(m, phrases)
        elif m.type in PLACE_TYPES:
            entry = self._place(m)
        else:
            found = self.kb.lookup(m.text, types=(m.type, "ORG", "NORP"))
            if not found and m.type == "NORP":
                found = self.kb.lookup(m.text, types=PLACE_TYPES)
            entry = found[0] if found else None
        if entry is not None:
            c = self._cluster_for_key(entry.key, m.type)
        else:
            c = self._same_name(m) or self._new_cluster(m.type)
        self._add(c, m)
        c.phrases += phrases

    def _person(self, m: Mention, phrases: list[TitlePhrase]) -> Entry | None:
        """The knowledge-base person a name mention names. Each way of matching has a
        confidence (exact spelling 1.0, known name + patronymic 0.8, consonant skeleton
        0.6); a match below ``link_min_score`` is not linked."""
        found = self.kb.lookup(m.text, types=("PER",))
        confidence = 1.0
        if not found:
            # a known name continued by a patronymic or family name: محمد بن سلمان بن
            # عبدالعزيز، سلمان بن عبدالعزيز آل سعود
            words = norm(m.text).split()
            for cut in range(len(words) - 1, 1, -1):
                if words[cut] in ("بن", "ابن", "ال"):
                    found = self.kb.lookup(" ".join(words[:cut]), types=("PER",))
                    if found:
                        confidence = 0.8
                        break
        if not found:
            keys = self.linker._skeletons.get(skeleton(m.text), [])
            found = [self.kb.entries[k] for k in keys]
            confidence = 0.6
        if not found or confidence < self.linker.min_score:
            return None
        return self._rank(found, phrases)[0]

    def _rank(self, found: list[Entry], phrases: list[TitlePhrase]) -> list[Entry]:
        def score(e: Entry) -> float:
            s = 0.0
            for spell in self.kb.roles_of(e.key, self.date):
                s += 1.0
                for p in phrases:
                    if spell.title == p.title.key:
                        s += 2.0
                    if p.country and self.kb.country_of_key(spell.of) == p.country:
                        s += 1.0
            for p in phrases:
                if p.country and e.country == p.country:
                    s += 1.0
            return s

        return sorted(found, key=score, reverse=True)

    def _same_name(self, m: Mention) -> Cluster | None:
        """An earlier unlinked entity this name repeats (the same name, a part of it, or a
        spelling variant)."""
        sk = skeleton(m.text)
        toks = set(norm(m.text).split())
        if m.type == "PER" and len(toks) == 1:
            # a surname alone: the earlier person whose name ends with it (هادي after
            # عبد ربه منصور هادي)
            (word,) = toks
            # the latest cluster (in creation order) with a longer name ending in the word
            people = [c for c in self._by_surname.get(word, ()) if c.type == "PER"]
            if people:
                return max(people, key=lambda c: self._position[id(c)])
        # only clusters sharing the skeleton or (for people) a word of 3+ letters can match
        candidates = {id(c): c for c in self._by_skeleton.get(sk, ())}
        if m.type == "PER":
            for t in toks:
                if len(t) >= 3:
                    candidates.update((id(c), c) for c in self._by_token.get(t, ()))
        for c in sorted(candidates.values(), key=lambda c: -self._position[id(c)]):
            if c.key is not None or c.type != m.type or not c.skeletons:
                continue
            if sk in c.skeletons:
                return c
            if m.type == "PER" and toks and (toks <= c.tokens or c.tokens <= toks):
                if any(len(t) >= 3 for t in toks & c.tokens):
                    return c
        return None

    def _place(self, m: Mention) -> Entry | None:
        found = self.kb.lookup(m.text, types=(m.type,) + PLACE_TYPES)
        if not found:
            return None
        if len(found) == 1:
            return found[0]

        capitals = self.linker.capitals

        def score(e: Entry) -> float:
            # curated entries first; among towns, size on a log scale, with a nudge for the
            # countries the article is about (Tripoli in an article about Lebanon) that does
            # not beat a hundredfold bigger city (Paris, not Paris, Texas)
            s = 0.0
            if e.precision == "country":
                s += 100.0
            if not e.key.startswith("GN:"):
                s += 50.0
            if e.country and e.country in self.context:
                s += 2.0
            if e.key in capitals:
                s += 0.5
            return s + math.log10(e.population + 1)

        best = max(found, key=score)
        if (
            best.key.startswith("GN:")
            and self.context
            and best.country not in self.context
            and best.population < 200_000
        ):
            return None  # a small town abroad the article never mentions: likely a wrong name
        return best

    # nominal titles ----------------------------------------------------------------------------
    def _link_phrase(self, p: TitlePhrase) -> None:
        c = None
        if not p.title.alone:
            return
        if not p.has_complement and not p.definite:
            return  # "وزير" alone is "a minister", not anyone in particular
        if not p.title.generic and not p.former:
            c = self._corefer(p)
            if c is None and p.has_complement and p.title.key != "minister":
                # whoever held the office on the publication date
                holders = self.kb.holders(p.title.key, p.body or p.country, self.date)
                if not holders and p.body and p.country:
                    holders = self.kb.holders(p.title.key, p.country, self.date)
                if len(holders) == 1:
                    c = self._cluster_for_key(holders[0].key, "PER")
        if c is None:
            if not p.has_complement:
                return
            if not p.title.generic and p.country is None and p.body is None:
                return  # an office known only by where it is (الفريق في …) names no one
            c = self._new_cluster("PER")
        m = Mention(
            id=self.doc.new_id("m"),
            start=p.start,
            end=p.end,
            text=self.doc.text[p.start : p.end],
            type="PER",
            kind="nominal",
        )
        self.doc.mentions.append(m)
        self._add(c, m)
        c.phrases.append(p)

    def _corefer(self, p: TitlePhrase) -> Cluster | None:
        """The latest person in the article whose title or role fits this bare title."""
        for c in reversed(self.clusters):
            if c.type != "PER":
                continue
            keys, countries = set(), set()
            for q in c.phrases:
                keys.add(q.title.key)
                if q.country:
                    countries.add(q.country)
            if c.key:
                for spell in self.kb.roles_of(c.key, self.date):
                    keys.add(spell.title)
                    cc = self.kb.country_of_key(spell.of)
                    if cc:
                        countries.add(cc)
                entry = self.kb.get(c.key)
                if entry and entry.country:
                    countries.add(entry.country)
            if not _title_fits(p.title.key, keys):
                continue
            if p.country and p.country not in countries:
                continue  # "الرئيس السوري" is not the last president of unknown country
            if (
                p.body
                and c.key
                and p.body not in {s.of for s in self.kb.roles_of(c.key, self.date)}
            ):
                if self.kb.country_of_key(p.body) not in countries:
                    continue
            return c
        return None

    def _sides(self) -> None:
        """ "الجانب الروسي" names Russia through its government: a nominal of the country."""
        for i, t in enumerate(self.tokens[:-1]):
            if t.core_norm not in SIDE_WORDS:
                continue
            adj = self.kb.demonym_entry(self.tokens[i + 1].norm)
            if adj is None or not adj.key.startswith("NORP:") or not adj.country:
                continue
            country = self.kb.get(adj.country)
            if country is None:
                continue
            start, end = t.core_start, self.tokens[i + 1].end
            if any(m.start < end and start < m.end and m.type != "NORP" for m in self.doc.mentions):
                continue
            c = self._cluster_for_key(country.key, "GPE")
            m = Mention(
                self.doc.new_id("m"), start, end, self.doc.text[start:end], "GPE", "nominal"
            )
            self.doc.mentions.append(m)
            self._add(c, m)

    # output ------------------------------------------------------------------------------------
    def _finish(self) -> None:
        doc = self.doc
        kb = self.kb
        ordered = sorted(
            (c for c in self.clusters if c.mentions), key=lambda c: min(m.start for m in c.mentions)
        )
        for c in ordered:
            entry = kb.get(c.key)
            names = [m for m in c.mentions if m.kind == "name"]
            if names:
                name = max(names, key=lambda m: (len(m.text.split()), -m.start)).text
            else:
                name = c.mentions[0].text
            ent = Entity(id=doc.new_id("e"), type=c.type, name=name)
            if entry is not None:
                ent.name_en = entry.name_en
                ent.kb = entry.qid
                ent.country = entry.country
                ent.sector = entry.sector
                if entry.lat is not None and c.type in PLACE_TYPES:
                    ent.geo = Geo(entry.lat, entry.lon, entry.precision or "city", entry.geonames)
                if entry.type == "PER":
                    ent.roles = self._kb_roles(entry, c.phrases)
                    # titles the article gives that the knowledge base does not know of
                    known = {r.title_en for r in ent.roles} | {
                        s.title for s in self.kb.roles_of(entry.key, self.date)
                    }
                    for p in _unique_titles(c.phrases):
                        if not p.former and not p.title.generic and p.title.key not in known:
                            if ent.roles and p.title.key in ("minister", "head", "leader"):
                                continue  # a vaguer word for an office already listed
                            ent.roles.append(self._phrase_role(p, entry.country))
                            known.add(p.title.key)
            else:
                self._describe_unlinked(ent, c, names)
            if c.type == "PER" and ent.sector is None:
                ent.sector = self._phrase_sector(c.phrases)
            if ent.country is None:
                ent.country = next((p.country for p in c.phrases if p.country), None)
            if ent.country is None and entry is None and c.type == "PER":
                serves_a_body = any(p.body or p.title.sector == "IGO" for p in c.phrases)
                if not serves_a_body and (names or any(p.title.generic for p in c.phrases)):
                    ent.country = self._article_country()
            if not ent.roles and c.phrases:
                current = [p for p in _unique_titles(c.phrases) if not p.former]
                ent.roles = [self._phrase_role(p, ent.country) for p in current]
            for m in c.mentions:
                m.entity = ent.id
            ent.mentions = [m.id for m in sorted(c.mentions, key=lambda m: m.start)]
            doc.entities.append(ent)
        doc.mentions.sort(key=lambda m: (m.start, -m.end))

    def _article_country(self) -> str | None:
        """The country an article is clearly about (named at least three times and twice as
        often as any other), the best guess for a local person the knowledge base lacks."""
        if not self.linker.article_country:
            return None
        top = self.context.most_common(2)
        if not top or top[0][1] < 3 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
            return None
        return top[0][0]

    def _describe_unlinked(self, ent: Entity, c: Cluster, names: list[Mention]) -> None:
        kb = self.kb
        if names:
            ent.name_en = transliterate(norm_spelling(ent.name), kb.name_words)
            if c.type == "NORP":
                d = kb.demonym_entry(ent.name)
                if d is not None:
                    ent.country = d.country
            return
        p = c.phrases[0] if c.phrases else None
        if p is None:
            return
        body = kb.get(p.body)
        place = kb.get(p.place)
        parts = []
        if p.country and not body and not place:
            parts.append(kb.adjective_en(p.country) or p.country)
        if p.sector_word:
            parts.append(SECTOR_ADJECTIVES[p.sector_word][1])
        parts.append(p.title.title_en.lower() if p.title.generic else p.title.title_en)
        text = " ".join(parts)
        if body is not None:
            text += f" ({body.name_en})"
        elif place is not None:
            text += f" in {place.name_en}"
        ent.name_en = text[:1].upper() + text[1:]

    def _kb_roles(self, entry: Entry, phrases: list[TitlePhrase]) -> list[Role]:
        kb = self.kb
        roles: list[Role] = []
        seen: set[tuple[str, str | None]] = set()
        spells = kb.roles_of(entry.key, self.date) if self.date else []
        if not self.date:
            wanted = {p.title.key for p in phrases}
            spells = [s for s in kb.roles_of(entry.key) if s.title in wanted][:1]
        for s in spells:
            title = kb.titles.get(s.title)
            written = next((p.text for p in phrases if p.title.key == s.title), None)
            of = kb.country_of_key(s.of) or s.of
            if (s.title, of) in seen:
                continue
            seen.add((s.title, of))
            roles.append(
                Role(
                    title=written or (title.forms[0] if title else s.title),
                    title_en=s.title_en or (title.title_en if title else None),
                    of=of,
                )
            )
        return roles

    def _phrase_role(self, p: TitlePhrase, country: str | None = None) -> Role:
        of = p.country or (self.kb.country_of_key(p.body) if p.body else None) or p.body
        if of is None and p.title.scope != "org":
            of = country
        return Role(title=p.text, title_en=p.title.title_en, of=of)

    def _phrase_sector(self, phrases: list[TitlePhrase]) -> str | None:
        for p in phrases:
            if p.sector_word:
                return SECTOR_ADJECTIVES[p.sector_word][0]
            body = self.kb.get(p.body)
            if body is not None and body.sector and p.title.scope in ("org", "any"):
                return body.sector
            if p.title.sector:
                return p.title.sector
        return None


def _strip_article(w: str) -> str:
    return w[2:] if w.startswith(ARTICLE) and len(w) > 4 else w


def _title_fits(key: str, held: set[str]) -> bool:
    if key in held:
        return True
    if key == "minister":
        return any(k == "minister" or k.endswith("_minister") for k in held)
    return False


def _unique_titles(phrases: list[TitlePhrase]) -> list[TitlePhrase]:
    """One phrase per office: a bare repeat (الوزير after وزير النقل اليمني) adds nothing, and
    an honorific with nothing after it (الأمير محمد بن سلمان: "Prince") is no office."""
    out: dict[tuple[str, str | None], TitlePhrase] = {}
    for p in phrases:
        if p.title.key in HONORIFIC_WHEN_BARE and not p.has_complement:
            continue
        out.setdefault((p.title.key, p.country or p.body), p)
    keys_with_of = {k for k, of in out if of is not None}
    return [p for (k, of), p in out.items() if of is not None or k not in keys_with_of]


def norm_spelling(s: str) -> str:
    """Diacritics off, letters kept (transliteration reads the written letters)."""
    from ..text.normalize import normalize_string

    return normalize_string(s, fold_ta_marbuta=False, fold_alef_maqsura=False)
