"""Pipeline component 'quotes': who said what, with the speaker resolved to an entity.

``finder.Finder`` finds the statements on tokens (cue, speaker phrase, content span);
``Speakers`` attaches each speaker phrase to the entity layer:
- a name mention inside the phrase (a person first: in "المتحدث باسم الكرملين ديمتري بيسكوف"
  the speaker is Peskov, not the Kremlin);
- an unnamed source (مسؤول تركي رفيع، مصدر في المعارضة …) becomes a nominal mention and an
  entity of its own, with the country of a nationality word in the phrase;
- a bare title (الوزير الفرنسي) takes the entity the entities layer linked it to, else the
  nearest earlier person whose title has the same head and nationality;
- an organisation or country named by the phrase otherwise.
A continuation (وأضاف، مضيفا) takes the entity of the statement it continues.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import lru_cache

from ..component import ComponentSpec, Process
from ..document import Cue, Document, Entity, Mention, Quote, Span
from ..resources import read_tsv
from ..settings import Settings
from ..text import normalize_string
from .finder import ISSUED, Finder, Found


def _kb():
    try:
        from ..entities.kb import KnowledgeBase

        return KnowledgeBase.load()
    except Exception:  # noqa: BLE001 - the knowledge base is optional here
        return None


class MentionIndex:
    """The document's mentions by start offset, for span queries that answer in document
    order without scanning every mention. Mentions appended to ``doc.mentions`` (nominal
    speakers) are picked up on the next query."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.seen = 0
        self.by_start: list[tuple[int, int]] = []  # (start, position in doc.mentions)
        self.longest = 0

    def _update(self) -> None:
        mentions = self.doc.mentions
        for pos in range(self.seen, len(mentions)):
            m = mentions[pos]
            insort(self.by_start, (m.start, pos))
            self.longest = max(self.longest, m.end - m.start)
        self.seen = len(mentions)

    def _starting(self, lo: int, hi: int) -> list[Mention]:
        """Mentions with lo <= start <= hi, in document order."""
        self._update()
        i = bisect_left(self.by_start, (lo, -1))
        j = bisect_right(self.by_start, (hi, len(self.doc.mentions)))
        mentions = self.doc.mentions
        return [mentions[pos] for pos in sorted(pos for _, pos in self.by_start[i:j])]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Mentions m with m.start < end and m.end > start, in document order."""
        self._update()  # first: ``longest`` must count every mention
        # a mention ending after ``start`` begins at most ``longest`` characters before it
        found = self._starting(start - self.longest, end)
        return [m for m in found if m.start < end and m.end > start]

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions m with m.start >= start and m.end <= end, in document order."""
        return [m for m in self._starting(start, end) if m.end <= end]


class Speakers:
    def __init__(self, doc: Document, finder: Finder, kb):
        self.doc = doc
        self.finder = finder
        self.kb = kb
        self.toks = doc.tokens
        self.nominal: dict[tuple[str, ...], str] = {}  # phrase key -> entity id
        self.spoken: list[tuple[tuple[int, int], str | None]] = []  # speaker phrases so far
        self.mentions = MentionIndex(doc)

    def phrase_span(self, a: int, b: int) -> tuple[int, int]:
        first = self.toks[a]
        start = first.start
        # drop و ف ل ب clitics (GOLD: للأمم → لأمم), never a ك that belongs to a name (كيري)
        if first.kind == "word" and first.prefixes and set(first.prefixes) <= {"و", "ف", "ل", "ب"}:
            start = first.core_start
        return start, self.toks[b - 1].end

    def resolve(self, a: int, b: int) -> tuple[str | None, str | None]:
        f = self.finder
        ps, pe = self.phrase_span(a, b)
        inside = self.mentions.overlapping(ps, pe)
        exact = next((m for m in inside if m.start == ps and m.end == pe), None)
        if exact is not None:
            return self.entity_of(exact), exact.id
        head = f.head_kind(self.toks[a])
        if head == "source":
            return self.nominal_entity(a, b, "PER")
        named = [m for m in inside if m.kind == "name"]
        persons = [m for m in named if m.type == "PER"]
        if persons:
            return self.entity_of(persons[0]), persons[0].id
        if head == "title":
            covering = next((m for m in inside if m.start <= ps and m.kind != "name"), None)
            if covering is not None:
                return self.entity_of(covering), covering.id
            by_title = self.person_by_title(a, b) or self.earlier_titled(a, b)
            if by_title is not None:
                return by_title, None
            return self.nominal_entity(a, b, "PER")
        if head == "document" and b > a + 1:
            # كشفت تقارير لوزارة …، بيان صادر عن الرئاسة: the report speaks for its author
            k = a + 1
            while k < b - 1 and self.toks[k].norm in ISSUED | {"عن", "من"}:
                k += 1
            return self.resolve(k, b)
        at_head = [m for m in named if m.start <= self.toks[a].end]
        if at_head:
            return self.entity_of(at_head[0]), at_head[0].id
        # a place inside the phrase only modifies it (خطيب جامع قباء بالمدينة المنورة)
        actors = [m for m in named if m.type in ("PER", "ORG")]
        if actors and head == "name":
            return self.entity_of(actors[0]), actors[0].id
        return self.nominal_entity(a, b, "ORG" if head in ("org", "document") else "PER")

    def entity_of(self, m: Mention) -> str:
        """The entity of a mention; one is made when the entity layer left it unlinked (or
        is not in the pipeline), one per distinct name."""
        if m.entity:
            return m.entity
        key = ("name", m.type, *self.finder.lex_norm(m.text).split())
        eid = self.nominal.get(key)
        if eid is None:
            eid = self.doc.new_id("e")
            self.nominal[key] = eid
            self.doc.entities.append(Entity(id=eid, type=m.type, name=m.text))
        m.entity = eid
        ent = self.doc.entity(eid)
        if ent is not None and m.id not in ent.mentions:
            ent.mentions.append(m.id)
        return eid

    def person_by_title(self, a: int, b: int) -> str | None:
        """The nearest earlier person whose title shares this phrase's head word and
        nationality (الوزير الفرنسي → وزير الخارجية الفرنسي جان مارك أيرولت)."""
        doc = self.doc
        head = self.toks[a].stem_norm
        country = self.country(a, b)
        ps = self.toks[a].start
        # the latest matching mention in layer order: read backwards, stop at the first
        for m in reversed(doc.mentions):
            if m.type != "PER" or m.start >= ps or not m.entity:
                continue
            ent = doc.entity(m.entity)
            titles = []
            if m.title is not None:
                titles.append(doc.text[m.title.start : m.title.end])
            titles += [r.title for r in (ent.roles if ent else [])]
            words = {w for t in titles for w in _stems(t)}
            if head not in words:
                continue
            if country and ent is not None and ent.country and ent.country != country:
                continue
            return m.entity
        return None

    def earlier_titled(self, a: int, b: int) -> str | None:
        """A bare title (الوزير، الوزير الفرنسي) names the latest earlier speaker whose phrase
        has the same head word and the same nationality words."""
        toks = self.toks
        head = toks[a].stem_norm
        adjs = {t.stem_norm for t in toks[a + 1 : b] if t.kind == "word"}
        for (pa, pb), eid in reversed(self.spoken):
            if pa >= a or eid is None:
                continue
            words = {t.stem_norm for t in toks[pa:pb] if t.kind == "word"}
            if head in words and adjs <= words:
                return eid
        return None

    def sector(self, a: int, b: int) -> str | None:
        """CAMEO sector from the phrase's words (sectors.tsv); a modifier (المسلحة، أمني)
        wins over the head (مصدر، مسؤول)."""
        found = [
            _sectors().get(t.stem_norm) or _sectors().get(t.core_norm)
            for t in self.toks[a:b]
            if t.kind == "word"
        ]
        found = [x for x in found if x]
        if not found:
            return None
        return found[-1] if len(found) > 1 else found[0]

    def country(self, a: int, b: int) -> str | None:
        doc = self.doc
        ps, pe = self.phrase_span(a, b)
        for m in self.mentions.within(ps, pe):
            if m.entity:
                e = doc.entity(m.entity)
                if e is not None and e.country and e.type in ("NORP", "GPE"):
                    return e.country
        if self.kb is not None:
            for t in self.toks[a:b]:
                if t.kind == "word" and self.finder.is_nisba(t):
                    c = self.kb.country_of_demonym(t.text)
                    if c:
                        return c
        return None

    def nominal_entity(self, a: int, b: int, type_: str) -> tuple[str, str]:
        doc = self.doc
        ps, pe = self.phrase_span(a, b)
        key = tuple(t.stem_norm for t in self.toks[a:b] if t.kind == "word")
        mid = doc.new_id("m")
        eid = self.nominal.get(key)
        text = doc.text[ps:pe]
        if eid is None:
            eid = doc.new_id("e")
            self.nominal[key] = eid
            doc.entities.append(
                Entity(
                    id=eid,
                    type=type_,
                    name=text,
                    country=self.country(a, b),
                    sector=self.sector(a, b),
                )
            )
        doc.mentions.append(Mention(mid, ps, pe, text, type_, kind="nominal", entity=eid))
        ent = doc.entity(eid)
        if ent is not None:
            ent.mentions.append(mid)
        return eid, mid


@lru_cache(maxsize=1)
def _sectors() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in read_tsv("quotes/sectors.tsv"):
        if len(row) >= 2:
            word = normalize_string(row[0].strip())
            out[word[2:] if word.startswith("ال") and len(word) > 4 else word] = row[1].strip()
            out.setdefault(word, row[1].strip())
    return out


@lru_cache(maxsize=16_384)
def _stems(title: str) -> frozenset[str]:
    """Words of a title without the article (titles repeat: remembered)."""
    return frozenset(
        w[2:] if w.startswith("ال") and len(w) > 4 else w for w in normalize_string(title).split()
    )


def extract_quotes(doc: Document, finder: Finder, kb=None) -> list[Found]:
    """Add the quotes layer to ``doc`` (and nominal speakers to its entity layers);
    returns the statements found on tokens, for inspection."""
    found = finder.find(doc)
    speakers = Speakers(doc, finder, kb)
    resolved: list[tuple[str | None, str | None]] = []
    for item in found:
        if item.inherits is not None:
            entity, _ = resolved[item.inherits]
            who: tuple[str | None, str | None] = (entity, None)
        elif item.speaker is not None:
            who = speakers.resolve(*item.speaker)
            speakers.spoken.append((item.speaker, who[0]))
        else:
            who = (None, None)
        resolved.append(who)
        c0, c1 = item.cue
        doc.quotes.append(
            Quote(
                id=doc.new_id("x"),
                speaker=who[0],
                speaker_mention=who[1],
                cue=Cue(c0, c1, doc.text[c0:c1], item.form.cls),
                content=Span(*item.content),
                direct=item.direct,
            )
        )
    doc.mentions.sort(key=lambda m: (m.start, m.end))
    return found


def make(settings: Settings) -> Process:
    finder = Finder(
        min_content_words=settings.quotes_min_content_words,
        inherit_speaker=settings.quotes_inherit_speaker,
    )
    kb = _kb()
    keep_unattributed = settings.quotes_keep_unattributed

    def quotes(doc: Document) -> Document:
        extract_quotes(doc, finder, kb)
        if not keep_unattributed:
            doc.quotes = [x for x in doc.quotes if x.speaker is not None]
        return doc

    return quotes


QUOTES = ComponentSpec(
    "quotes",
    ("sentences", "tokens", "entities"),
    ("quotes",),
    make,
    "reported speech: cue, speaker entity, content span, direct or indirect",
)
