"""Merged events as GDELT-like CSV, ACLED-like CSV and PLOVER JSON.

Rows are the store's merged events (one real-world event reported by one or more
articles), so counts of articles and sources come with each row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

import orjson

# GDELT 2.0 event-table names where the meaning is the same; Plover* columns added.
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "EventCode",
    "EventRootCode",
    "QuadClass",
    "PloverType",
    "PloverMode",
    "Status",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "DATEADDED",
    "SOURCEURL",
)

# ACLED's column names; plover_* and the article counts added at the end.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "plover_type",
    "plover_mode",
    "num_articles",
    "num_sources",
)

# GDELT QuadClass of each PLOVER category: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict (CAMEO roots 14-20 are material conflict).
QUAD_CLASS = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "REQUEST": 1,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

# ACLED geo_precision: 1 the town itself, 2 a part of a region near it, 3 a province or larger.
GEO_PRECISION = {
    "point": 1,
    "facility": 1,
    "neighbourhood": 1,
    "city": 1,
    "town": 1,
    "village": 1,
    "district": 2,
    "region": 2,
    "admin2": 2,
    "province": 3,
    "admin1": 3,
    "state": 3,
    "country": 3,
}

# ACLED (event_type, sub_event_type) of the events layer's PLOVER modes.
ACLED_BY_MODE = {
    ("ASSAULT", "aerial"): ("Explosions/Remote violence", "Air/drone strike"),
    ("ASSAULT", "shelling"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("ASSAULT", "explosive"): ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("ASSAULT", "suicide"): ("Explosions/Remote violence", "Suicide bomb"),
    ("ASSAULT", "chemical"): ("Explosions/Remote violence", "Chemical weapon"),
    ("ASSAULT", "abduction"): ("Violence against civilians", "Abduction/forced disappearance"),
    ("ASSAULT", "assassination"): ("Violence against civilians", "Attack"),
    ("ASSAULT", "massacre"): ("Violence against civilians", "Attack"),
    ("ASSAULT", "beat"): ("Violence against civilians", "Attack"),
    ("ASSAULT", "torture"): ("Violence against civilians", "Attack"),
    ("PROTEST", "riot"): ("Riots", "Violent demonstration"),
    ("COERCE", "arrest"): ("Strategic developments", "Arrests"),
    ("COERCE", "seize"): ("Strategic developments", "Looting/property destruction"),
}
_CIVILIAN_SECTORS = {"CVL", "REF", "MED", "EDU", "HLH", "NGO"}


def acled_type(event: dict[str, Any]) -> tuple[str, str]:
    """(event_type, sub_event_type) in ACLED's terms for a PLOVER event."""
    plover, mode = event["type"], (event.get("mode") or "").lower()
    if (plover, mode) in ACLED_BY_MODE:
        return ACLED_BY_MODE[plover, mode]
    if plover == "ASSAULT":
        # armed violence: against civilians when every target is civilian, else a battle
        sectors = {a.get("sector") for a in event.get("target", [])}
        if sectors and sectors <= _CIVILIAN_SECTORS:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if plover == "PROTEST":
        return "Protests", "Peaceful protest"
    if plover == "AGREE":
        return "Strategic developments", "Agreement"
    if plover in ("MOBILIZE", "RETREAT"):
        return "Strategic developments", "Change to group/activity"
    return "Strategic developments", "Other"


def iter_events(store: Any, page: int = 500, **filters: Any) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        chunk = store.events(limit=page, offset=offset, **filters)["events"]
        yield from chunk
        if len(chunk) < page:
            return
        offset += page


def _actor(event: dict[str, Any], side: str) -> dict[str, Any]:
    actors = event.get(side) or []
    return actors[0] if actors else {}


def _names(event: dict[str, Any], side: str) -> str:
    return "; ".join(a.get("text") or "" for a in event.get(side) or [])


def gdelt_row(event: dict[str, Any], n: int) -> dict[str, Any]:
    a1, a2 = _actor(event, "source"), _actor(event, "target")
    day = (event.get("date") or "").replace("-", "")
    loc = event.get("location") or {}
    cameo = event.get("cameo") or ""
    first = (event.get("evidence") or [{}])[0]
    added = (event.get("first_seen") or "")[:10].replace("-", "")
    return {
        "GLOBALEVENTID": event["id"],
        "SQLDATE": day,
        "MonthYear": day[:6],
        "Year": day[:4],
        "Actor1Name": a1.get("text", ""),
        "Actor1CountryCode": a1.get("country") or "",
        "Actor1Type1Code": a1.get("sector") or "",
        "Actor2Name": a2.get("text", ""),
        "Actor2CountryCode": a2.get("country") or "",
        "Actor2Type1Code": a2.get("sector") or "",
        "EventCode": cameo,
        "EventRootCode": cameo[:2],
        "QuadClass": QUAD_CLASS.get(event["type"], ""),
        "PloverType": event["type"],
        "PloverMode": event.get("mode") or "",
        "Status": event.get("status") or "",
        "NumMentions": event["num_mentions"],
        "NumSources": event["num_sources"],
        "NumArticles": event["num_articles"],
        "ActionGeo_FullName": loc.get("name") or "",
        "ActionGeo_CountryCode": loc.get("country") or "",
        "ActionGeo_Lat": "" if loc.get("lat") is None else loc["lat"],
        "ActionGeo_Long": "" if loc.get("lon") is None else loc["lon"],
        "DATEADDED": added,
        "SOURCEURL": first.get("url") or first.get("doc_id") or "",
    }


def acled_row(event: dict[str, Any], n: int) -> dict[str, Any]:
    loc = event.get("location") or {}
    etype, sub = acled_type(event)
    sources = list(dict.fromkeys(e.get("source") or "" for e in event.get("evidence") or []))
    notes = ((event.get("evidence") or [{}])[0].get("text") or "").replace("\n", " ").strip()
    return {
        "event_id_cnty": f"{loc.get('country') or 'XXX'}{n}",
        "event_date": event.get("date") or "",
        "year": (event.get("date") or "")[:4],
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": _names(event, "source"),
        "actor2": _names(event, "target"),
        "country": loc.get("country") or "",
        "location": loc.get("name") or "",
        "latitude": "" if loc.get("lat") is None else loc["lat"],
        "longitude": "" if loc.get("lon") is None else loc["lon"],
        "geo_precision": GEO_PRECISION.get((loc.get("precision") or "").lower(), ""),
        "source": "; ".join(s for s in sources if s),
        "notes": notes,
        "fatalities": event.get("fatalities") or 0,
        "plover_type": event["type"],
        "plover_mode": event.get("mode") or "",
        "num_articles": event["num_articles"],
        "num_sources": event["num_sources"],
    }


def write_csv(store: Any, out: IO[str], layout: str, **filters: Any) -> int:
    """Events as CSV in the ``gdelt`` or ``acled`` layout; returns the number of rows."""
    columns, make = (GDELT_COLUMNS, gdelt_row) if layout == "gdelt" else (ACLED_COLUMNS, acled_row)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, event in enumerate(iter_events(store, **filters), 1):
        writer.writerow(make(event, n))
    return n


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """One event in the PLOVER/POLECAT JSON style (event, mode, actor/recipient, context)."""
    a1, a2 = _actor(event, "source"), _actor(event, "target")
    loc = event.get("location") or {}
    return {
        "event_id": event["id"],
        "event_date": event.get("date"),
        "event_type": event["type"],
        "event_mode": event.get("mode"),
        "status": event.get("status"),
        "cameo": event.get("cameo"),
        "actor": a1.get("text"),
        "actor_country": a1.get("country"),
        "actor_sector": a1.get("sector"),
        "actor_entity": a1.get("entity"),
        "recipient": a2.get("text"),
        "recipient_country": a2.get("country"),
        "recipient_sector": a2.get("sector"),
        "recipient_entity": a2.get("entity"),
        "location": {
            "placename": loc.get("name"),
            "country": loc.get("country"),
            "lat": loc.get("lat"),
            "lon": loc.get("lon"),
            "precision": loc.get("precision"),
        },
        "fatalities": event.get("fatalities"),
        "num_articles": event["num_articles"],
        "num_sources": event["num_sources"],
        "num_mentions": event["num_mentions"],
        "evidence": event.get("evidence", []),
    }


def write_plover(store: Any, out: IO[bytes], **filters: Any) -> int:
    """A JSON array of PLOVER event records, streamed."""
    n = 0
    out.write(b"[")
    for event in iter_events(store, **filters):
        out.write((b",\n" if n else b"\n") + orjson.dumps(plover_record(event)))
        n += 1
    out.write(b"\n]\n" if n else b"]\n")
    return n
