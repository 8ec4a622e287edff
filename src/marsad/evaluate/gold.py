"""Whole-article gold (spec GOLD.md): locate gold surface strings, score each layer.

- mentions: multiset match of (normalised text, type) over name mentions; also with GPE,
  LOC and FAC merged.
- times, quantities: found when a system item overlaps the gold text; correct when the
  value matches (for vague amounts with value null: min and max match). Reported as
  recall (found), accuracy on found items, and an F1 where a true positive is a correct
  found item.
- quotes: found when the system content overlaps the gold content; the speaker is correct
  when the speaker entity's name_en equals the gold speaker or one of its mention texts is
  among that gold entity's aliases.
- events: found when a system event of the same type has an evidence span containing the
  gold evidence; source/target correct when one system actor has the gold country and
  sector, or names the gold entity.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from ..document import Document
from ..pipeline import Pipeline
from ..text.normalize import normalize_string
from .metrics import PRF, Ratio

MERGED = {"GPE": "GPE/LOC/FAC", "LOC": "GPE/LOC/FAC", "FAC": "GPE/LOC/FAC"}


def load_gold(directory: str | Path) -> list[dict[str, Any]]:
    files = sorted(Path(directory).glob("*.json"))
    return [orjson.loads(p.read_bytes()) for p in files]


def locate(text: str, needle: str, occurrence: int | None = None) -> tuple[int, int] | None:
    """The n-th (1-based) occurrence of ``needle`` in ``text``, else the first."""
    if not needle:
        return None
    pos = -1
    for _ in range(occurrence or 1):
        pos = text.find(needle, pos + 1)
        if pos == -1:
            return None
    return pos, pos + len(needle)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _norm(s: str) -> str:
    return normalize_string(s).strip()


def score_mentions(gold: dict[str, Any], doc: Document) -> dict[str, PRF]:
    out = {}
    for name, fold in (("mentions", lambda t: t), ("mentions_merged", lambda t: MERGED.get(t, t))):
        g = Counter((_norm(m["text"]), fold(m["type"])) for m in gold.get("mentions", []))
        p = Counter((_norm(m.text), fold(m.type)) for m in doc.mentions if m.kind == "name")
        tp = sum((g & p).values())
        out[name] = PRF(tp, sum(p.values()) - tp, sum(g.values()) - tp)
    return out


def _value_correct(layer: str, g: dict[str, Any], s: Any) -> bool:
    if layer == "quantities" and g.get("value") is None:
        return s.min == g.get("min") and s.max == g.get("max")
    if layer == "quantities":
        return s.value is not None and float(s.value) == float(g["value"])
    return s.value == g.get("value")


def score_values(gold: dict[str, Any], doc: Document, layer: str) -> dict[str, Any]:
    text = doc.text
    system = list(getattr(doc, layer))
    used: set[int] = set()
    found = correct = 0
    misses: list[str] = []
    for g in gold.get(layer, []):
        span = locate(text, g["text"], g.get("occurrence"))
        if span is None:
            continue
        candidates = [
            i for i, s in enumerate(system) if i not in used and _overlaps(span, (s.start, s.end))
        ]
        if not candidates:
            misses.append(f"missed {g['text']!r}")
            continue
        found += 1
        best = next((i for i in candidates if _value_correct(layer, g, system[i])), candidates[0])
        used.add(best)
        if _value_correct(layer, g, system[best]):
            correct += 1
        else:
            s = system[best]
            got = s.value if layer == "times" or g.get("value") is not None else (s.min, s.max)
            misses.append(f"wrong {g['text']!r}: {got!r}")
    n_gold = sum(1 for g in gold.get(layer, []) if locate(text, g["text"], g.get("occurrence")))
    gold_spans = [locate(text, g["text"], g.get("occurrence")) for g in gold.get(layer, [])]
    spurious = sum(
        1 for s in system if not any(sp and _overlaps(sp, (s.start, s.end)) for sp in gold_spans)
    )
    return {
        "found": Ratio(found, n_gold),
        "accuracy": Ratio(correct, found),
        "prf": PRF(correct, len(system) - correct, n_gold - correct),
        "spurious": spurious,
        "misses": misses,
    }


def _entity_names(doc: Document, entity_id: str | None) -> tuple[str | None, set[str]]:
    e = doc.entity(entity_id)
    if e is None:
        return None, set()
    texts = {_norm(m.text) for m in doc.mentions if m.entity == e.id}
    texts.add(_norm(e.name))
    return e.name_en, texts


def _names_gold_entity(
    doc: Document, entity_id: str | None, gold_name: str | None, gold: dict[str, Any]
) -> bool:
    if not gold_name or not entity_id:
        return False
    name_en, texts = _entity_names(doc, entity_id)
    if name_en and name_en == gold_name:
        return True
    aliases = set()
    for ge in gold.get("entities", []):
        if ge.get("name_en") == gold_name:
            aliases |= {_norm(a) for a in ge.get("aliases", [])}
    return bool(texts & aliases)


def score_quotes(gold: dict[str, Any], doc: Document) -> dict[str, Any]:
    text = doc.text
    used: set[str] = set()
    found = 0
    speaker = Ratio()
    misses: list[str] = []
    for g in gold.get("quotes", []):
        span = locate(text, g["content"])
        if span is None:
            continue
        match = next(
            (
                x
                for x in doc.quotes
                if x.id not in used and _overlaps(span, (x.content.start, x.content.end))
            ),
            None,
        )
        if match is None:
            misses.append(f"missed quote ({g.get('speaker')}): {g['content'][:40]!r}")
            continue
        used.add(match.id)
        found += 1
        ok = _names_gold_entity(doc, match.speaker, g.get("speaker"), gold) or (
            g.get("speaker") is None and match.speaker is None
        )
        speaker += Ratio(int(ok), 1)
        if not ok:
            got = _entity_names(doc, match.speaker)
            misses.append(
                f"speaker of {g['content'][:30]!r}: want {g.get('speaker')}, got {got[0] or sorted(got[1])[:1]}"
            )
    n_gold = sum(1 for g in gold.get("quotes", []) if locate(text, g["content"]))
    return {
        "prf": PRF(found, len(doc.quotes) - found, n_gold - found),
        "speaker": speaker,
        "misses": misses,
    }


def _actor_ok(doc: Document, actors: list[Any], g: dict[str, Any], gold: dict[str, Any]) -> bool:
    for a in actors:
        if a.country == g.get("country") and a.sector == g.get("sector"):
            return True
        if g.get("entity") and _names_gold_entity(doc, a.entity, g["entity"], gold):
            return True
    return False


def score_events(gold: dict[str, Any], doc: Document) -> dict[str, Any]:
    text = doc.text
    used: set[str] = set()
    found = 0
    source, target = Ratio(), Ratio()
    misses: list[str] = []
    for g in gold.get("events", []):
        span = locate(text, g["evidence"])
        if span is None:
            continue
        match = next(
            (
                v
                for v in doc.events
                if v.id not in used
                and v.type == g["type"]
                and v.evidence.start <= span[0]
                and span[1] <= v.evidence.end
            ),
            None,
        )
        if match is None:
            misses.append(f"missed {g['type']}: {g['evidence'][:40]!r}")
            continue
        used.add(match.id)
        found += 1
        for side, ratio in (("source", source), ("target", target)):
            wanted = g.get(side) or []
            if wanted:
                ok = any(_actor_ok(doc, getattr(match, side), w, gold) for w in wanted)
                ratio += Ratio(int(ok), 1)
    n_gold = sum(1 for g in gold.get("events", []) if locate(text, g["evidence"]))
    return {
        "prf": PRF(found, len(doc.events) - found, n_gold - found),
        "source": source,
        "target": target,
        "misses": misses,
    }


def evaluate_gold(pipeline: Pipeline, directory: str | Path) -> dict[str, Any]:
    totals: dict[str, Any] = {
        "mentions": PRF(),
        "mentions_merged": PRF(),
        "times_found": Ratio(),
        "times_accuracy": Ratio(),
        "times": PRF(),
        "quantities_found": Ratio(),
        "quantities_accuracy": Ratio(),
        "quantities": PRF(),
        "quotes": PRF(),
        "quote_speaker": Ratio(),
        "events": PRF(),
        "event_source": Ratio(),
        "event_target": Ratio(),
    }
    articles = []
    for gold in load_gold(directory):
        doc = pipeline(gold["text"], published=gold.get("published"), id=gold.get("id"))
        m = score_mentions(gold, doc)
        t = score_values(gold, doc, "times")
        q = score_values(gold, doc, "quantities")
        x = score_quotes(gold, doc)
        v = score_events(gold, doc)
        parts = {
            "mentions": m["mentions"],
            "mentions_merged": m["mentions_merged"],
            "times_found": t["found"],
            "times_accuracy": t["accuracy"],
            "times": t["prf"],
            "quantities_found": q["found"],
            "quantities_accuracy": q["accuracy"],
            "quantities": q["prf"],
            "quotes": x["prf"],
            "quote_speaker": x["speaker"],
            "events": v["prf"],
            "event_source": v["source"],
            "event_target": v["target"],
        }
        for key, value in parts.items():
            totals[key] += value
        articles.append(
            {
                "id": gold.get("id"),
                **{k: val.to_dict() for k, val in parts.items()},
                "misses": {
                    "times": t["misses"],
                    "quantities": q["misses"],
                    "quotes": x["misses"],
                    "events": v["misses"],
                },
            }
        )
    return {
        "directory": str(directory),
        "total": {k: v.to_dict() for k, v in totals.items()},
        "articles": articles,
    }
