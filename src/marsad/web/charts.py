"""Server-drawn SVG: the events timeline (stacked bars per day and type) and the map.

Every label is escaped here; the templates insert the result as ``Markup``.
"""

from __future__ import annotations

import datetime as dt
import math
import urllib.parse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from ..document import PLOVER_TYPES
from . import geo

# One colour per PLOVER category (cooperative greens/blues … conflictual reds).
TYPE_COLOURS = dict(
    zip(
        PLOVER_TYPES,
        (
            "#2f9e44", "#1c7ed6", "#37b24d", "#74b816", "#0ca678", "#15aabf", "#94d82d", "#4dabf7",
            "#f59f00", "#fd7e14", "#e8590c", "#d6336c", "#ae3ec9", "#7048e8", "#c92a2a", "#862e2e",
        ),
        strict=True,
    )
)  # fmt: skip


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


@dataclass
class Timeline:
    svg: Markup
    days: int
    undated: int
    types: list[str]


def timeline(
    events: Iterable[dict[str, Any]], link_query: dict[str, str] | None = None
) -> Timeline:
    """Events per day stacked by type; each bar segment links to the filtered table."""
    counts: dict[dt.date, Counter[str]] = {}
    undated = 0
    for e in events:
        day = _day(e.get("date"))
        if day is None:
            undated += 1
            continue
        counts.setdefault(day, Counter())[e.get("type") or "?"] += 1
    types = [t for t in PLOVER_TYPES if any(t in c for c in counts.values())]
    if not counts:
        return Timeline(Markup(""), 0, undated, [])
    first, last = min(counts), max(counts)
    n_days = (last - first).days + 1
    width, height, left, bottom, top = 960, 280, 40, 40, 12
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(sum(c.values()) for c in counts.values())
    step = plot_w / n_days
    bar = max(min(step * 0.8, 40), 1)
    ticks = _nice_ticks(peak)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Events per day and type" '
        f'class="timeline" data-days="{n_days}">'
    ]
    for t in ticks:
        y = top + plot_h - plot_h * t / ticks[-1]
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7eb"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{t}</text>')
    base = dict(link_query or {})
    for day, c in sorted(counts.items()):
        x = left + (day - first).days * step + (step - bar) / 2
        y = top + plot_h
        for t in types:
            n = c.get(t, 0)
            if not n:
                continue
            h = plot_h * n / ticks[-1]
            y -= h
            q = urllib.parse.urlencode(
                {**base, "type": t, "date_from": day.isoformat(), "date_to": day.isoformat()}
            )
            parts.append(
                f'<a href="/ui/events?{_attr(q)}"><rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{TYPE_COLOURS.get(t, "#888")}" data-day="{day}" data-type="{_attr(t)}" '
                f'data-count="{n}"><title>{day} · {_attr(t)}: {n}</title></rect></a>'
            )
    label_every = max(1, math.ceil(n_days / 12))
    for i in range(0, n_days, label_every):
        day = first + dt.timedelta(days=i)
        x = left + i * step + step / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{day.isoformat()}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - 10}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#8a949e"/>'
    )
    parts.append("</svg>")
    return Timeline(Markup("".join(parts)), n_days, undated, types)


def _nice_ticks(peak: int) -> list[int]:
    if peak <= 5:
        return list(range(0, max(peak, 1) + 1))
    raw = peak / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return list(range(0, int(step * math.ceil(peak / step)) + 1, int(step)))


@dataclass
class Marker:
    name: str
    name_en: str | None
    lat: float
    lon: float
    count: int  # events at this place (0 for a place that is only mentioned)
    mentions: int = 0  # articles mentioning the place
    link: str | None = None
    types: Counter[str] | None = None
    precision: str | None = None  # city, country … (countries do not decide the frame)


def world_map(markers: list[Marker], *, labels: int = 12) -> Markup:
    """Country outlines with markers; event markers' areas are proportional to their counts."""
    # Frame the places that are more precise than a country when there are any: a country's
    # centroid (the United States, Russia) would otherwise zoom the map out to the world.
    framing = [m for m in markers if m.precision != "country"] or markers
    points = [(m.lon, m.lat) for m in framing]
    vx, vy, vw, vh = geo.view_box(points)
    parts = [
        f'<svg viewBox="{vx} {vy} {vw} {vh}" preserveAspectRatio="xMidYMid meet" role="img" '
        'aria-label="Map of events and places" class="worldmap">',
        '<g class="countries">',
    ]
    for c in geo.countries():
        parts.append(
            f'<path class="country" d="{c.path}" data-name="{_attr(c.name)}"><title>{_attr(c.name)}</title></path>'
        )
    parts.append('</g><g class="markers">')
    largest = max((m.count for m in markers), default=1) or 1
    ranked = sorted(markers, key=lambda m: (-m.count, -m.mentions, m.name))

    def radius(m: Marker) -> float:
        if m.count:
            return geo.marker_radius(m.count, largest, vw)
        return geo.marker_radius(1, 4, vw) * 0.6

    for m in sorted(markers, key=lambda m: -max(m.count, 0)):  # big ones first, small on top
        x, y = geo.project(m.lon, m.lat)
        r = radius(m)
        cls = "marker event" if m.count else "marker place"
        title = m.name + (f" ({m.name_en})" if m.name_en else "")
        detail = f"{m.count} events" if m.count else "mentioned place"
        if m.types:
            detail += " · " + ", ".join(f"{t} {n}" for t, n in m.types.most_common(4))
        if m.mentions:
            detail += f" · {m.mentions} articles"
        circle = (
            f'<circle class="{cls}" cx="{x:.3f}" cy="{y:.3f}" r="{r}" data-name="{_attr(m.name)}" '
            f'data-name-en="{_attr(m.name_en or "")}" data-count="{m.count}" data-lat="{m.lat}" data-lon="{m.lon}">'
            f"<title>{_attr(title)}: {_attr(detail)}</title></circle>"
        )
        parts.append(f'<a href="{_attr(m.link)}">{circle}</a>' if m.link else circle)
    parts.append('</g><g class="labels">')
    placed: list[tuple[float, float]] = []
    size = vw / 70
    for m in ranked:
        if len(placed) >= labels:
            break
        x, y = geo.project(m.lon, m.lat)
        # skip a label that would overlap one already placed (names are about 5 sizes wide)
        if any(abs(x - px) < size * 5 and abs(y - py) < size * 1.6 for px, py in placed):
            continue
        placed.append((x, y))
        parts.append(
            f'<text class="label" x="{x:.3f}" y="{y - radius(m) - size * 0.3:.3f}" font-size="{size:.3f}" text-anchor="middle">{_attr(m.name)}</text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))
