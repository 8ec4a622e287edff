"""Corpus queries shared by the JSON API and the dashboard: filters as query parameters,
events (with CSV), and the entity profile (roles, quotes, events, co-occurring entities)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import StreamingResponse

from ..document import EVENT_STATUSES, PLOVER_TYPES
from ..errors import MarsadError
from ..text import normalize_string

EntityType = Literal["PER", "ORG", "GPE", "LOC", "FAC", "NORP"]
EventType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]
EventStatus = Literal[EVENT_STATUSES]  # type: ignore[valid-type]
DAY = r"^\d{4}-\d{2}-\d{2}$"
ALPHA3 = r"^[A-Za-z]{3}$"
SCAN_MAX = 5000  # events scanned when the store cannot filter by place/status itself
CSV_MAX_ROWS = 100_000
CSV_PAGE = 500


DateFrom = Annotated[
    str | None, Query(pattern=DAY, description="First day (YYYY-MM-DD), inclusive")
]
DateTo = Annotated[str | None, Query(pattern=DAY, description="Last day (YYYY-MM-DD), inclusive")]
Source = Annotated[str | None, Query(max_length=500, description="Outlet name as stored")]


class DocFilters:
    """Filters that every corpus list accepts (articles' day, source, entity, country)."""

    def __init__(
        self,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        source: Source = None,
        entity: Annotated[
            str | None,
            Query(max_length=300, description="Corpus key, Wikidata id, Arabic or English name"),
        ] = None,
        country: Annotated[
            str | None, Query(pattern=ALPHA3, description="ISO 3166-1 alpha-3")
        ] = None,
    ) -> None:
        self.date_from = date_from
        self.date_to = date_to
        self.source = source
        self.entity = entity
        self.country = country.upper() if country else None

    def store(self) -> dict[str, Any]:
        out = {k: v for k, v in vars(self).items() if v is not None}
        return out


class EventFilters(DocFilters):
    """Event filters: type, status, place, and the common ones (``country`` matches an
    actor's country or the place's, ``date_*`` the event's day)."""

    def __init__(
        self,
        type: Annotated[
            EventType | None, Query(description="PLOVER category, e.g. PROTEST")
        ] = None,
        status: Annotated[
            EventStatus | None,
            Query(description="asserted, planned, requested, denied, hypothetical"),
        ] = None,
        place: Annotated[
            str | None,
            Query(max_length=200, description="Place name (any spelling) or its country code"),
        ] = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        source: Source = None,
        entity: Annotated[
            str | None,
            Query(
                max_length=300,
                description="An actor: corpus key, Wikidata id, Arabic or English name",
            ),
        ] = None,
        country: Annotated[
            str | None, Query(pattern=ALPHA3, description="ISO alpha-3 of an actor or of the place")
        ] = None,
        doc_id: Annotated[
            str | None, Query(max_length=200, description="Only events of this article")
        ] = None,
    ) -> None:
        super().__init__(date_from, date_to, source, entity, country)
        self.type = type
        self.status = status
        self.place = place.strip() if place and place.strip() else None
        self.doc_id = doc_id

    def store(self) -> dict[str, Any]:
        out = super().store()
        for name in ("type", "status", "place"):
            out.pop(name, None)
        if self.type:
            out["event_type"] = self.type
        return out

    def local(self) -> dict[str, str]:
        """Filters the API applies itself when the store has no such filter."""
        return {k: v for k, v in (("status", self.status), ("place", self.place)) if v}


def _place_matches(event: dict[str, Any], place: str) -> bool:
    loc = event.get("location") or {}
    if len(place) == 3 and place.isascii() and place.isalpha():
        if (loc.get("country") or "").upper() == place.upper():
            return True
    want = normalize_string(place)
    name = normalize_string(loc.get("name") or "")
    return bool(want) and (name == want or want in name.split())


def query_events(store: Any, filters: EventFilters, limit: int, offset: int) -> dict[str, Any]:
    local = filters.local()
    base = filters.store()
    if not local:
        return store.events(limit=limit, offset=offset, **base)
    try:  # a store that knows these filters does them in SQL
        return store.events(limit=limit, offset=offset, **base, **local)
    except MarsadError as exc:
        if exc.code != "E204":
            raise
    scanned = store.events(limit=SCAN_MAX, offset=0, **base)["events"]
    kept = [
        e
        for e in scanned
        if (not filters.status or e.get("status") == filters.status)
        and (not filters.place or _place_matches(e, filters.place))
    ]
    # past SCAN_MAX events the count is a lower bound: say so rather than mislead
    return {
        "total": len(kept),
        "events": kept[offset : offset + limit],
        "partial": len(scanned) >= SCAN_MAX,
    }


def all_events(
    store: Any, filters: EventFilters, cap: int = CSV_MAX_ROWS
) -> Iterator[dict[str, Any]]:
    offset = 0
    while offset < cap:
        page = query_events(store, filters, CSV_PAGE, offset)["events"]
        yield from page
        if len(page) < CSV_PAGE:
            return
        offset += CSV_PAGE


CSV_COLUMNS = (
    "id", "date", "type", "mode", "status", "cameo",
    "source", "source_country", "source_sector", "target", "target_country", "target_sector",
    "place", "place_country", "lat", "lon", "num_articles", "num_sources", "num_mentions",
    "fatalities", "doc_id", "title", "published", "url", "evidence",
)  # fmt: skip

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(value: Any) -> Any:
    """Spreadsheet-safe: a text cell that starts like a formula is quoted (CSV injection)."""
    if (
        isinstance(value, str)
        and _FORMULA.match(value)
        and not re.fullmatch(r"-?\d+(\.\d+)?", value)
    ):
        return "'" + value
    return value


def event_row(e: dict[str, Any]) -> list[Any]:
    def side(actors: list[dict[str, Any]], key: str) -> str:
        return " | ".join(str(a.get(key) or "") for a in actors)

    loc = e.get("location") or {}
    ev = (e.get("evidence") or [{}])[0]
    row = [
        e.get("id"), e.get("date"), e.get("type"), e.get("mode"), e.get("status"), e.get("cameo"),
        side(e.get("source", []), "text"), side(e.get("source", []), "country"), side(e.get("source", []), "sector"),
        side(e.get("target", []), "text"), side(e.get("target", []), "country"), side(e.get("target", []), "sector"),
        loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon"),
        e.get("num_articles"), e.get("num_sources"), e.get("num_mentions"), e.get("fatalities"),
        ev.get("doc_id"), ev.get("title"), ev.get("published"), ev.get("url"),
        " ".join((ev.get("text") or "").split()),
    ]  # fmt: skip
    return [_cell(v) for v in row]


def events_csv(store: Any, filters: EventFilters) -> StreamingResponse:
    def lines() -> Iterator[bytes]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")  # so spreadsheet programs read the Arabic as UTF-8
        writer.writerow(CSV_COLUMNS)
        for e in all_events(store, filters):
            writer.writerow(event_row(e))
            if buf.tell() > 64_000:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue().encode("utf-8")

    headers = {"Content-Disposition": 'attachment; filename="marsad-events.csv"'}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


def entity_profile(store: Any, key: str, max_docs: int = 20) -> dict[str, Any]:
    """The store's entity plus roles and quotes gathered from its latest articles' records
    and the events it takes part in."""
    from ..store import entity_key

    found = store.entity(key)
    if found is None:
        raise MarsadError("E505", f"no entity '{key}'")
    roles: dict[tuple[str, str | None, str | None], int] = {}
    quotes: list[dict[str, Any]] = []
    places: list[dict[str, Any]] = []
    for d in found.get("documents", [])[:max_docs]:
        record = store.get_record(d["id"])
        if not record:
            continue
        text = record["text"]
        own = {
            e["id"]: e
            for e in record.get("entities", [])
            if entity_key(e.get("kb"), e.get("type"), e.get("name") or "") == key
        }
        for e in own.values():
            for r in e.get("roles", []):
                k = (r.get("title") or "", r.get("title_en"), r.get("of"))
                roles[k] = roles.get(k, 0) + 1
            if e.get("geo") and not places:
                places.append(e["geo"])
        for x in record.get("quotes", []):
            if x.get("speaker") in own:
                c = x["content"]
                quotes.append(
                    {
                        "doc_id": record["id"],
                        "title": (record.get("meta") or {}).get("title"),
                        "published": (record.get("meta") or {}).get("published"),
                        "quote_id": x["id"],
                        "cue": (x.get("cue") or {}).get("text"),
                        "cue_class": (x.get("cue") or {}).get("class"),
                        "direct": x.get("direct", False),
                        "start": c["start"],
                        "end": c["end"],
                        "text": text[c["start"] : c["end"]],
                    }
                )
    events = store.events(limit=50, offset=0, entity=key)
    out = dict(found)
    out["roles"] = [
        {"title": t, "title_en": en, "of": of, "n": n}
        for (t, en, of), n in sorted(roles.items(), key=lambda kv: -kv[1])
    ]
    out["geo"] = places[0] if places else None
    out["quotes"] = quotes
    out["events"] = events["events"]
    out["n_events"] = events["total"]
    return out
