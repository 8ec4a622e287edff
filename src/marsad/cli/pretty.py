"""A readable, per-layer summary of one document record (rich tables)."""

from __future__ import annotations

import io
import sys
from typing import Any, BinaryIO

from rich.console import Console
from rich.table import Table


def _snip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render(doc: dict[str, Any], out: BinaryIO) -> None:
    buf = io.StringIO()
    tty = out is sys.stdout.buffer and sys.stdout.isatty()
    console = Console(file=buf, width=140, force_terminal=tty, no_color=not tty)
    text = doc["text"]
    meta = doc["meta"]
    console.rule(
        f"[bold]{meta.get('title') or doc['id'][:12]}[/] · published {meta.get('published') or '?'}"
    )
    console.print(
        f"{len(text):,} characters · {len(doc['sentences'])} sentences · {len(doc['mentions'])} mentions · "
        f"{len(doc['entities'])} entities · {len(doc['times'])} times · {len(doc['quantities'])} quantities · "
        f"{len(doc['quotes'])} quotes · {len(doc['events'])} events"
    )
    if doc.get("error"):
        console.print(f"[red]error {doc['error']['code']}: {doc['error']['message']}[/]")
    for w in doc.get("warnings", []):
        console.print(f"[yellow]warning {w['code']}: {w['message']}[/]")
    entities = {e["id"]: e for e in doc["entities"]}

    if doc["entities"]:
        t = Table(title="Entities", show_lines=False)
        for col in ("id", "type", "name", "English", "country", "kb", "roles / place", "mentions"):
            t.add_column(col)
        for e in doc["entities"]:
            extra = "; ".join(r.get("title_en") or r["title"] for r in e.get("roles", []))
            if e.get("geo"):
                extra = f"{e['geo']['lat']:.2f},{e['geo']['lon']:.2f} ({e['geo']['precision']})"
            t.add_row(
                e["id"],
                e["type"],
                e["name"],
                e.get("name_en") or "",
                e.get("country") or "",
                e.get("kb") or "",
                extra,
                str(len(e["mentions"])),
            )
        console.print(t)
    elif doc["mentions"]:
        t = Table(title="Mentions")
        for col in ("id", "type", "text", "offsets"):
            t.add_column(col)
        for m in doc["mentions"]:
            t.add_row(m["id"], m["type"], m["text"], f"{m['start']}-{m['end']}")
        console.print(t)
    if doc["times"]:
        t = Table(title="Times")
        for col in ("id", "text", "type", "value", "offsets"):
            t.add_column(col)
        for x in doc["times"]:
            t.add_row(x["id"], x["text"], x["type"], str(x["value"]), f"{x['start']}-{x['end']}")
        console.print(t)
    if doc["quantities"]:
        t = Table(title="Quantities")
        for col in ("id", "text", "value", "min", "max", "approx", "category", "offsets"):
            t.add_column(col)
        for q in doc["quantities"]:
            t.add_row(
                q["id"],
                q["text"],
                str(q["value"]),
                str(q["min"]),
                str(q["max"]),
                "~" if q["approx"] else "",
                q.get("category") or "",
                f"{q['start']}-{q['end']}",
            )
        console.print(t)
    if doc["quotes"]:
        t = Table(title="Quotes")
        for col in ("id", "speaker", "cue", "content", "direct"):
            t.add_column(col)
        for x in doc["quotes"]:
            sp = entities.get(x["speaker"] or "")
            who = (sp.get("name_en") or sp["name"]) if sp else "?"
            c = x["content"]
            t.add_row(
                x["id"],
                who,
                f"{x['cue']['text']} ({x['cue']['class']})",
                _snip(text[c["start"] : c["end"]]),
                "yes" if x["direct"] else "",
            )
        console.print(t)
    if doc["events"]:
        t = Table(title="Events")
        for col in (
            "id",
            "type",
            "mode",
            "source",
            "target",
            "where",
            "when",
            "status",
            "evidence",
        ):
            t.add_column(col)

        def actors(items: list[dict[str, Any]]) -> str:
            return ", ".join(
                f"{a['text']} [{a.get('country') or '-'} {a.get('sector') or '-'}]" for a in items
            )

        for v in doc["events"]:
            place = entities.get(v["location"] or "")
            ev = v["evidence"]
            t.add_row(
                v["id"],
                v["type"],
                v.get("mode") or "",
                actors(v["source"]),
                actors(v["target"]),
                (place.get("name_en") or place["name"]) if place else "",
                str(v.get("time") or ""),
                v["status"],
                _snip(text[ev["start"] : ev["end"]], 50),
            )
        console.print(t)
    out.write(buf.getvalue().encode("utf-8"))
