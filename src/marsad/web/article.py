"""The article view: the original text with every extracted layer as nested, hoverable marks.

Built only from character offsets into ``record["text"]``. Every piece of text and every
attribute value is escaped here (article text and the names derived from it are untrusted);
templates receive ready ``Markup``. Spans that cross each other are split into pieces that
share a ``data-ref``, so the output is always well-formed HTML.
"""

from __future__ import annotations

import itertools
from bisect import insort
from dataclasses import dataclass, field
from html import escape
from typing import Any

from markupsafe import Markup

# Outer layers first when two spans start and end at the same place.
LAYER_RANK = {"event": 0, "quote": 1, "cue": 2, "title": 3, "mention": 4, "time": 5, "qty": 6}

ENTITY_TYPE_LABELS = {
    "PER": ("شخص", "Person"),
    "ORG": ("منظمة", "Organisation"),
    "GPE": ("كيان سياسي", "Country / city"),
    "LOC": ("مكان", "Place"),
    "FAC": ("منشأة", "Facility"),
    "NORP": ("جماعة", "Group / nationality"),
}


@dataclass
class Mark:
    start: int
    end: int
    layer: str
    ref: str  # the record id this mark shows (m7, x1, v3 …); pieces of one mark share it
    classes: str
    tip: str
    links: list[str] = field(default_factory=list)  # ids to light up together on hover
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.start, -self.end, LAYER_RANK.get(self.layer, 9))


@dataclass
class ArticleView:
    html: Markup
    marks: int
    skipped: list[str]  # marks whose offsets do not fit the text (shown as a warning)


def entity_label(entity: dict[str, Any] | None) -> str:
    if not entity:
        return "?"
    name = entity.get("name") or "?"
    if entity.get("name_en"):
        return f"{name} ({entity['name_en']})"
    return name


def _actors(actors: list[dict[str, Any]], entities: dict[str, dict[str, Any]]) -> str:
    parts = []
    for a in actors:
        label = a.get("text") or entity_label(entities.get(a.get("entity") or ""))
        extra = "/".join(x for x in (a.get("country"), a.get("sector")) if x)
        parts.append(f"{label} [{extra}]" if extra else label)
    return "، ".join(parts) or "—"


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def collect_marks(record: dict[str, Any]) -> list[Mark]:
    """Every highlightable span of a record, with its tooltip text (plain, unescaped)."""
    entities = {e["id"]: e for e in record.get("entities", [])}
    times = {t["id"]: t for t in record.get("times", [])}
    quotes = {x["id"]: x for x in record.get("quotes", [])}
    marks: list[Mark] = []

    spoken_by: dict[str, list[str]] = {}
    for x in record.get("quotes", []):
        if x.get("speaker_mention"):
            spoken_by.setdefault(x["speaker_mention"], []).append(x["id"])

    for m in record.get("mentions", []):
        ent = entities.get(m.get("entity") or "")
        type_ar, type_en = ENTITY_TYPE_LABELS.get(m["type"], (m["type"], m["type"]))
        lines = [f"{type_ar} · {type_en} ({m['type']})", entity_label(ent) if ent else m["text"]]
        if ent:
            if ent.get("country"):
                lines.append(f"البلد · country: {ent['country']}")
            for r in ent.get("roles", []):
                lines.append(
                    f"الصفة · role: {r.get('title')}"
                    + (f" ({r['title_en']})" if r.get("title_en") else "")
                )
            if ent.get("geo"):
                g = ent["geo"]
                lines.append(f"📍 {g['lat']:.3f}, {g['lon']:.3f} ({g.get('precision') or '?'})")
        if m.get("kind") and m["kind"] != "name":
            lines.append(f"kind: {m['kind']}")
        if m["id"] in spoken_by:
            lines.append("المتحدث · speaker of " + ", ".join(spoken_by[m["id"]]))
        links = [m["entity"]] if m.get("entity") else []
        links += spoken_by.get(m["id"], [])
        attrs = {"data-type": m["type"]}
        if m.get("entity"):
            attrs["data-entity"] = m["entity"]
        speaker_cls = " speaker" if m["id"] in spoken_by else ""
        marks.append(
            Mark(
                m["start"],
                m["end"],
                "mention",
                m["id"],
                f"mention ent-{m['type']}{speaker_cls}",
                "\n".join(lines),
                links,
                attrs,
            )
        )
        if m.get("title"):
            t = m["title"]
            marks.append(
                Mark(
                    t["start"],
                    t["end"],
                    "title",
                    f"{m['id']}-title",
                    "title",
                    f"الصفة · title of: {entity_label(ent) if ent else m['text']}",
                    [m["id"]],
                )
            )

    for x in record.get("quotes", []):
        speaker = entities.get(x.get("speaker") or "")
        speaker_text = entity_label(speaker) if speaker else "غير منسوب · unattributed"
        kind = "مباشر · direct" if x.get("direct") else "غير مباشر · indirect"
        cue = x.get("cue") or {}
        tip = f"اقتباس · quote {x['id']} ({kind})\nالمتحدث · speaker: {speaker_text}\nفعل القول · cue: {cue.get('text', '')} [{cue.get('class', '?')}]"
        links = [i for i in (x.get("speaker_mention"), x.get("speaker")) if i]
        attrs = {"data-speaker": speaker_text}
        c = x.get("content") or {}
        if "start" in c and "end" in c:
            direct = " direct" if x.get("direct") else ""
            marks.append(
                Mark(c["start"], c["end"], "quote", x["id"], f"quote{direct}", tip, links, attrs)
            )
        if "start" in cue and "end" in cue:
            marks.append(
                Mark(
                    cue["start"],
                    cue["end"],
                    "cue",
                    f"{x['id']}-cue",
                    f"cue cue-{cue.get('class', 'say')}",
                    tip,
                    [x["id"], *links],
                    attrs,
                )
            )

    for t in record.get("times", []):
        marks.append(
            Mark(
                t["start"],
                t["end"],
                "time",
                t["id"],
                "time",
                f"زمن · {t['type']}\n→ {t.get('value') or '?'}",
                [],
                {"data-value": str(t.get("value") or "")},
            )
        )

    for q in record.get("quantities", []):
        bounds = []
        if q.get("min") is not None:
            bounds.append(f"≥ {number(q['min'])}")
        if q.get("max") is not None:
            bounds.append(f"≤ {number(q['max'])}")
        value = ("≈ " if q.get("approx") else "= ") + (
            number(q["value"]) if q.get("value") is not None else "?"
        )
        lines = [
            f"كمية · quantity ({q.get('category') or '?'})",
            value + (f" ({', '.join(bounds)})" if bounds else ""),
        ]
        if q.get("unit"):
            lines.append(f"الوحدة · unit: {q['unit']}")
        marks.append(
            Mark(
                q["start"],
                q["end"],
                "qty",
                q["id"],
                f"qty qty-{q.get('category') or 'other'}",
                "\n".join(lines),
                [],
                {"data-value": str(q.get("value"))},
            )
        )

    for v in record.get("events", []):
        where = entities.get(v.get("location") or "")
        when = times.get(v.get("time") or "")
        lines = [
            f"حدث · event {v['type']}"
            + (f" / {v['mode']}" if v.get("mode") else "")
            + f" · {v.get('status', 'asserted')}",
            f"المصدر · source: {_actors(v.get('source', []), entities)}",
            f"الهدف · target: {_actors(v.get('target', []), entities)}",
        ]
        if where:
            lines.append(f"المكان · where: {entity_label(where)}")
        if when:
            lines.append(f"الزمان · when: {when.get('value') or when.get('text')}")
        if v.get("reported_by") and v["reported_by"] in quotes:
            who = entities.get(quotes[v["reported_by"]].get("speaker") or "")
            lines.append(f"بحسب · reported by: {entity_label(who) if who else v['reported_by']}")
        links = [a["entity"] for a in v.get("source", []) + v.get("target", []) if a.get("entity")]
        links += [i for i in (v.get("location"), v.get("time"), v.get("reported_by")) if i]
        ev = v.get("evidence") or {}
        if "start" in ev and "end" in ev:
            marks.append(
                Mark(
                    ev["start"],
                    ev["end"],
                    "event",
                    v["id"],
                    f"event ev-{v['type']}",
                    "\n".join(lines),
                    links,
                    {"data-event-type": v["type"], "data-status": v.get("status", "asserted")},
                )
            )
    for m in marks:
        m.links = [i for i in dict.fromkeys(m.links) if i]
    return marks


def _open_tag(mark: Mark, first: bool) -> str:
    attrs = {
        "class": f"hl {mark.classes}",
        "data-ref": mark.ref,
        "data-tip": mark.tip,
        "title": mark.tip,
        "tabindex": "0" if first else "-1",
    }
    if first:
        attrs["id"] = f"a-{mark.ref}"
    if mark.links:
        attrs["data-links"] = " ".join(mark.links)
    attrs.update(mark.attrs)
    body = " ".join(f'{k}="{escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<span {body}>"


def render_article(record: dict[str, Any]) -> ArticleView:
    """The record's text as HTML with nested marks (crossing spans are split into pieces)."""
    text: str = record.get("text") or ""
    marks: list[Mark] = []
    skipped: list[str] = []
    for m in collect_marks(record):
        if (
            isinstance(m.start, int)
            and isinstance(m.end, int)
            and 0 <= m.start < m.end <= len(text)
        ):
            marks.append(m)
        else:
            skipped.append(m.ref)
    marks.sort(key=lambda m: m.order)
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    points = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[Mark] = []  # open tags, outermost first
    active: list[Mark] = []  # marks covering the current segment, in nesting order
    opened: set[int] = set()
    for a, b in itertools.pairwise(points):
        # a sweep: drop marks that ended, add those that start here (kept in nesting order)
        active = [m for m in active if m.end > a]
        for m in starts.get(a, ()):
            insort(active, m, key=lambda x: x.order)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        stack = stack[:keep]
        for m in active[keep:]:
            out.append(_open_tag(m, id(m) not in opened))
            opened.add(id(m))
            stack.append(m)
        out.append(escape(text[a:b], quote=True))
    out.extend("</span>" for _ in stack)
    return ArticleView(Markup("".join(out)), len(marks), skipped)
