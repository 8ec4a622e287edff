"""The document record: one article and every layer extracted from it.

This module is the contract (schema ``marsad.document/1``, see ``schema/document.schema.json``)
and imports nothing else of Marsad. Offsets are Python ``str`` indices into ``Document.text``,
half-open; ``text[start:end] == span.text`` wherever a span carries its text.

Internal layers (``tokens``, ``norm``) help components talk to each other and are not part of
the serialised record.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "marsad.document/1"

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP")
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
EVENT_STATUSES = ("asserted", "planned", "requested", "denied", "hypothetical")
TIME_TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(slots=True)
class Span:
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class Sentence:
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class Token:
    """A whitespace/punctuation token with its clitic segmentation (internal layer).

    ``core_start`` skips the proclitics (و ف ب ل ك س) but keeps the article ال, which is
    where a mention begins (GOLD.md); ``stem_start`` also skips the article. ``stem_end``
    stops before a split enclitic. ``norm`` is the matching form of the whole token, and
    ``core_norm``/``stem_norm`` those of the parts.
    """

    start: int
    end: int
    text: str
    norm: str
    kind: str  # word | number | punct | latin | symbol
    core_start: int
    stem_start: int
    stem_end: int
    core_norm: str
    stem_norm: str
    prefixes: tuple[str, ...] = ()
    suffix: str = ""

    @property
    def is_word(self) -> bool:
        return self.kind == "word"


@dataclass(slots=True)
class Mention:
    id: str
    start: int
    end: int
    text: str
    type: str
    kind: str = "name"  # name | nominal | pronoun
    entity: str | None = None
    title: Span | None = None
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "kind": self.kind,
            "entity": self.entity,
            "title": self.title.to_dict() if self.title else None,
        }


@dataclass(slots=True)
class Role:
    title: str
    title_en: str | None = None
    of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "title_en": self.title_en, "of": self.of}


@dataclass(slots=True)
class Geo:
    lat: float
    lon: float
    precision: str
    geonames: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
            "geonames": self.geonames,
        }


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name: str
    name_en: str | None = None
    kb: str | None = None
    country: str | None = None
    roles: list[Role] = field(default_factory=list)
    geo: Geo | None = None
    mentions: list[str] = field(default_factory=list)
    sector: str | None = None  # CAMEO role code where known (GOV, MIL, IGO …)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "kb": self.kb,
            "country": self.country,
            "sector": self.sector,
            "roles": [r.to_dict() for r in self.roles],
            "geo": self.geo.to_dict() if self.geo else None,
            "mentions": list(self.mentions),
        }


@dataclass(slots=True)
class Time:
    id: str
    start: int
    end: int
    text: str
    type: str
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }


@dataclass(slots=True)
class Quantity:
    id: str
    start: int
    end: int
    text: str
    value: float | int | None
    min: float | int | None = None
    max: float | int | None = None
    approx: bool = False
    unit: str | None = None
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "min": self.min,
            "max": self.max,
            "approx": self.approx,
            "unit": self.unit,
            "category": self.category,
        }


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    text: str
    cls: str  # serialised as "class"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "class": self.cls}


@dataclass(slots=True)
class Quote:
    id: str
    speaker: str | None
    cue: Cue
    content: Span
    direct: bool = False
    speaker_mention: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "direct": self.direct,
        }


@dataclass(slots=True)
class Actor:
    entity: str | None
    text: str
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "entity": self.entity,
            "text": self.text,
            "country": self.country,
            "sector": self.sector,
        }
        if self.start is not None and self.end is not None:
            out["start"], out["end"] = self.start, self.end
        return out


@dataclass(slots=True)
class Event:
    id: str
    type: str
    evidence: Span
    mode: str | None = None
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    location: str | None = None
    time: str | None = None
    status: str = "asserted"
    reported_by: str | None = None
    cameo: str | None = None
    trigger: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "location": self.location,
            "time": self.time,
            "status": self.status,
            "reported_by": self.reported_by,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "cameo": self.cameo,
        }


@dataclass(slots=True)
class Meta:
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = "ar"

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "language": self.language,
        }


@dataclass(slots=True)
class Problem:
    """A coded warning or error attached to a document (never silent)."""

    code: str
    message: str
    component: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "component": self.component}


def _sentence_start(sentence: Sentence) -> int:
    return sentence.start


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Document:
    text: str
    id: str = ""
    meta: Meta = field(default_factory=Meta)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: Problem | None = None
    # internal layers, not serialised
    tokens: list[Token] = field(default_factory=list, repr=False)
    norm: Any = field(default=None, repr=False)  # marsad.text.NormalizedText
    done: set[str] = field(default_factory=set, repr=False)  # layers provided so far
    _counters: dict[str, int] = field(default_factory=dict, repr=False)
    _index: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_id(self.text)

    # ids -----------------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        """Next id for a layer ("m", "e", "t", "q", "x", "v"): m1, m2, …"""
        n = self._counters.get(prefix, 0) + 1
        self._counters[prefix] = n
        return f"{prefix}{n}"

    # lookups -------------------------------------------------------------------------------
    def entity(self, entity_id: str | None) -> Entity | None:
        return self._by_id(self.entities, entity_id)

    def mention(self, mention_id: str | None) -> Mention | None:
        return self._by_id(self.mentions, mention_id)

    def _by_id(self, items: list[Any], item_id: str | None) -> Any:
        """The first item with this id. A position index (components look ids up per item:
        a scan each time was quadratic), checked on every hit and extended as the layer
        grows; a miss still scans, so components may replace and renumber freely."""
        if item_id is None:
            return None
        key = id(items)
        index, built = self._index.get(key, (None, 0))
        if index is None or built > len(items):
            index, built = {}, 0
        for i in range(built, len(items)):
            index.setdefault(items[i].id, i)
        self._index[key] = (index, len(items))
        pos = index.get(item_id)
        if pos is not None and items[pos].id == item_id:
            return items[pos]
        for item in items:
            if item.id == item_id:
                self._index.pop(key)  # stale: ids changed in place
                return item
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        # binary search (sentences are in text order): called per item, a scan was quadratic
        i = bisect_right(self.sentences, offset, key=_sentence_start) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def warn(self, code: str, message: str, component: str | None = None) -> None:
        self.warnings.append(Problem(code, message, component))

    # serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "id": self.id,
            "text": self.text,
            "meta": self.meta.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "mentions": [m.to_dict() for m in self.mentions],
            "entities": [e.to_dict() for e in self.entities],
            "times": [t.to_dict() for t in self.times],
            "quantities": [q.to_dict() for q in self.quantities],
            "quotes": [x.to_dict() for x in self.quotes],
            "events": [v.to_dict() for v in self.events],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.error is not None:
            out["error"] = self.error.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        def span(d: dict[str, Any] | None) -> Span | None:
            return Span(d["start"], d["end"]) if d else None

        doc = cls(text=data["text"], id=data.get("id") or "")
        doc.meta = Meta(**{k: data.get("meta", {}).get(k) for k in Meta.__slots__})
        doc.sentences = [Sentence(s["start"], s["end"]) for s in data.get("sentences", [])]
        doc.mentions = [
            Mention(
                id=m["id"],
                start=m["start"],
                end=m["end"],
                text=m["text"],
                type=m["type"],
                kind=m.get("kind", "name"),
                entity=m.get("entity"),
                title=span(m.get("title")),
            )
            for m in data.get("mentions", [])
        ]
        doc.entities = [
            Entity(
                id=e["id"],
                type=e["type"],
                name=e["name"],
                name_en=e.get("name_en"),
                kb=e.get("kb"),
                country=e.get("country"),
                sector=e.get("sector"),
                roles=[
                    Role(r["title"], r.get("title_en"), r.get("of")) for r in e.get("roles", [])
                ],
                geo=Geo(**e["geo"]) if e.get("geo") else None,
                mentions=list(e.get("mentions", [])),
            )
            for e in data.get("entities", [])
        ]
        doc.times = [
            Time(t["id"], t["start"], t["end"], t["text"], t["type"], t.get("value"))
            for t in data.get("times", [])
        ]
        doc.quantities = [
            Quantity(
                q["id"],
                q["start"],
                q["end"],
                q["text"],
                q.get("value"),
                q.get("min"),
                q.get("max"),
                q.get("approx", False),
                q.get("unit"),
                q.get("category"),
            )
            for q in data.get("quantities", [])
        ]
        doc.quotes = [
            Quote(
                id=x["id"],
                speaker=x.get("speaker"),
                speaker_mention=x.get("speaker_mention"),
                cue=Cue(
                    x["cue"]["start"], x["cue"]["end"], x["cue"].get("text", ""), x["cue"]["class"]
                ),
                content=Span(x["content"]["start"], x["content"]["end"]),
                direct=x.get("direct", False),
            )
            for x in data.get("quotes", [])
        ]

        def actor(a: dict[str, Any]) -> Actor:
            return Actor(
                a.get("entity"),
                a.get("text", ""),
                a.get("country"),
                a.get("sector"),
                a.get("start"),
                a.get("end"),
            )

        doc.events = [
            Event(
                id=v["id"],
                type=v["type"],
                evidence=Span(v["evidence"]["start"], v["evidence"]["end"]),
                mode=v.get("mode"),
                source=[actor(a) for a in v.get("source", [])],
                target=[actor(a) for a in v.get("target", [])],
                location=v.get("location"),
                time=v.get("time"),
                status=v.get("status", "asserted"),
                reported_by=v.get("reported_by"),
                cameo=v.get("cameo"),
                trigger=span(v.get("trigger")),
            )
            for v in data.get("events", [])
        ]
        doc.warnings = [
            Problem(w["code"], w["message"], w.get("component")) for w in data.get("warnings", [])
        ]
        if data.get("error"):
            e = data["error"]
            doc.error = Problem(e["code"], e["message"], e.get("component"))
        return doc


def span_problems(record: dict[str, Any]) -> list[str]:
    """Every way a serialised record breaks the offset contract: spans out of range or
    reversed, ``text[start:end]`` differing from a span's ``text``, and cross-references
    (entity, speaker, location, time, reported_by, mention ids) naming no existing id."""
    text = record["text"]
    n = len(text)
    problems: list[str] = []

    def check(where: str, span: dict[str, Any] | None, expect: str | None = None) -> None:
        if not span:
            return
        s, e = span.get("start"), span.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= n):
            problems.append(f"{where}: bad span {s}-{e} (text length {n})")
            return
        if expect is not None and text[s:e] != expect:
            problems.append(f"{where}: text[{s}:{e}]={text[s:e]!r} != {expect!r}")

    for i, s in enumerate(record.get("sentences", [])):
        check(f"sentences[{i}]", s)
    for layer in ("mentions", "times", "quantities"):
        for item in record.get(layer, []):
            check(f"{layer} {item.get('id')}", item, item.get("text"))
    for m in record.get("mentions", []):
        check(f"mention {m['id']} title", m.get("title"))
    for x in record.get("quotes", []):
        check(f"quote {x['id']} cue", x["cue"], x["cue"].get("text"))
        check(f"quote {x['id']} content", x["content"])
    for v in record.get("events", []):
        check(f"event {v['id']} evidence", v["evidence"])
        check(f"event {v['id']} trigger", v.get("trigger"))
        for a in v.get("source", []) + v.get("target", []):
            if "start" in a:
                check(f"event {v['id']} actor", a, a.get("text"))

    ids = {
        layer: {x["id"] for x in record.get(layer, [])}
        for layer in ("mentions", "entities", "times", "quotes")
    }
    for m in record.get("mentions", []):
        if m.get("entity") is not None and m["entity"] not in ids["entities"]:
            problems.append(f"mention {m['id']}: unknown entity {m['entity']}")
    for e in record.get("entities", []):
        for mid in e.get("mentions", []):
            if mid not in ids["mentions"]:
                problems.append(f"entity {e['id']}: unknown mention {mid}")
    for x in record.get("quotes", []):
        if x.get("speaker") is not None and x["speaker"] not in ids["entities"]:
            problems.append(f"quote {x['id']}: unknown speaker {x['speaker']}")
        if x.get("speaker_mention") is not None and x["speaker_mention"] not in ids["mentions"]:
            problems.append(f"quote {x['id']}: unknown speaker mention {x['speaker_mention']}")
    for v in record.get("events", []):
        refs = [("location", "entities"), ("time", "times"), ("reported_by", "quotes")]
        for key, layer in refs:
            if v.get(key) is not None and v[key] not in ids[layer]:
                problems.append(f"event {v['id']}: unknown {key} {v[key]}")
        for a in v.get("source", []) + v.get("target", []):
            if a.get("entity") is not None and a["entity"] not in ids["entities"]:
                problems.append(f"event {v['id']}: unknown actor entity {a['entity']}")
    return problems
