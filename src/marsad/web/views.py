"""The dashboard pages (server-rendered HTML; a small script adds tooltips and toggles).

Every page works without JavaScript: filters are plain GET forms, charts are SVG drawn
here. Templates autoescape; the only ``Markup`` they receive is built in ``article.py``
and ``charts.py``, which escape every piece of text themselves.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader
from starlette.staticfiles import StaticFiles

from ..api.corpus import EventFilters, entity_profile, query_events
from ..api.service import TOKEN_COOKIE
from ..document import EVENT_STATUSES, PLOVER_TYPES
from ..errors import MarsadError
from ..pipeline import __version__
from . import charts
from .article import ENTITY_TYPE_LABELS, entity_label, number, render_article


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("marsad.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        version=__version__,
        entity_types=ENTITY_TYPE_LABELS,
        label=entity_label,
        num=number,
        snip=snip,
    )
    return env


def static_app() -> StaticFiles:
    return StaticFiles(directory=str(resources.files("marsad.web").joinpath("static")))


def snip(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links become clickable (a javascript: URL in metadata must not)."""
    if url and urllib.parse.urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("page", name.split(".")[0])
    html = templates().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def error_page(exc: MarsadError, status: int) -> HTMLResponse:
    return page("error.html", status=status, page="error", code=exc.code, message=exc.message)


def article_context(record: dict[str, Any], *, stored: bool) -> dict[str, Any]:
    from ..store import entity_key

    text = record.get("text") or ""
    entities = {e["id"]: e for e in record.get("entities", [])}

    def span_text(span: dict[str, Any] | None) -> str:
        return text[span["start"] : span["end"]] if span else ""

    def actors(items: list[dict[str, Any]]) -> str:
        return (
            "، ".join(
                a.get("text") or entity_label(entities.get(a.get("entity") or "")) for a in items
            )
            or "—"
        )

    meta = record.get("meta") or {}
    heading = meta.get("title") or snip(text.split("\n", 1)[0], 80) or record.get("id", "")
    return {
        "record": record,
        "meta": meta,
        "heading": heading,
        "safe_url": safe_url(meta.get("url")),
        "view": render_article(record),
        "entities": entities,
        "span_text": span_text,
        "actors": actors,
        "stored": stored,
        "entity_links": stored,
        "entity_key": lambda e: entity_key(e.get("kb"), e.get("type"), e.get("name") or ""),
    }


class LoginRequired(Exception):
    """A dashboard page needs the token: the app answers with the sign-in page."""


def login_redirect(request: Request, exc: Exception) -> RedirectResponse:
    return RedirectResponse("/ui/login", status_code=303)


def router(service: Any) -> APIRouter:
    ui = APIRouter(include_in_schema=False)

    def allowed(request: Request) -> None:
        cookie = request.cookies.get(TOKEN_COOKIE)
        try:
            service.check_token(request.headers.get("authorization"), write=False, cookie=cookie)
        except MarsadError as exc:
            raise LoginRequired from exc

    @ui.get("/ui/login")
    def login_form() -> HTMLResponse:
        return page("login.html")

    @ui.post("/ui/login")
    async def login(request: Request) -> Any:
        """Keeps the token in an HttpOnly, same-site cookie so that a browser can read the
        dashboard when reads need the token (writes still need the header)."""
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
        token = (form.get("token") or [""])[0].strip()
        try:
            service.check_token(None, write=False, cookie=token or "-")
        except MarsadError as exc:
            return page("login.html", status=401, problem=f"{exc.code}: {exc.message}")
        response = RedirectResponse("/ui/", status_code=303)
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            path="/",
            secure=request.url.scheme == "https",
        )
        return response

    @ui.get("/")
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)

    @ui.get("/ui/extract")
    def extract_form(request: Request) -> HTMLResponse:
        allowed(request)
        return page("extract.html", max_chars=service.settings.max_chars)

    @ui.post("/ui/extract")
    async def extract_page(request: Request) -> HTMLResponse:
        allowed(request)
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", "replace"))
        text = (form.get("text") or [""])[0]
        published = (form.get("published") or [""])[0] or None
        context: dict[str, Any] = {
            "text": text,
            "published": published,
            "max_chars": service.settings.max_chars,
        }
        if len(text) > service.settings.max_chars:
            context["problem"] = f"E103: {len(text):,} > {service.settings.max_chars:,}"
            return page("extract.html", status=422, **context)
        from starlette.concurrency import run_in_threadpool

        doc = await run_in_threadpool(service.extract, {"text": text, "published": published})
        if doc.error is not None:
            context["problem"] = f"{doc.error.code}: {doc.error.message}"
            return page("extract.html", status=422, **context)
        context.update(article_context(doc.to_dict(), stored=False))
        return page("extract.html", **context)

    @ui.get("/ui/documents/{doc_id}")
    def article(doc_id: str, request: Request) -> HTMLResponse:
        allowed(request)
        try:
            record = service.get_record(doc_id)
        except MarsadError as exc:
            return error_page(exc, 404 if exc.code == "E404" else 500)
        return page("article.html", page="article", **article_context(record, stored=True))

    @ui.get("/ui/")
    def home(request: Request) -> HTMLResponse:
        allowed(request)
        store = service.store()
        return page(
            "home.html",
            stats=store.stats(),
            latest=store.documents(limit=15),
            top_entities=store.entities(limit=15)["entities"],
            top_stories=store.stories(limit=6)["stories"],
            colours=charts.TYPE_COLOURS,
        )

    @ui.get("/ui/search")
    def search(request: Request) -> HTMLResponse:
        allowed(request)
        q = (request.query_params.get("q") or "").strip()[:500]
        offset = _int(request.query_params.get("offset"), 0, 0, 10_000_000)
        found = {"total": 0, "hits": []}
        problem = None
        if q:
            try:
                found = service.store().search(q, limit=PAGE, offset=offset)
            except MarsadError as exc:
                problem = f"{exc.code}: {exc.message}"
        return page(
            "search.html",
            query=q,
            found=found,
            offset=offset,
            limit=PAGE,
            problem=problem,
            pager=_pager(request, found["total"], offset),
        )

    @ui.get("/ui/events")
    def events(request: Request) -> HTMLResponse:
        allowed(request)
        filters, problems = ui_filters(request)
        offset = _int(request.query_params.get("offset"), 0, 0, 10_000_000)
        found = query_events(service.store(), filters, PAGE, offset)
        csv_query = urllib.parse.urlencode({**_form_values(request), "format": "csv"})
        return page(
            "events.html",
            found=found,
            form=_form_values(request),
            problems=problems,
            types=PLOVER_TYPES,
            statuses=EVENT_STATUSES,
            csv_url=f"/events?{csv_query}",
            pager=_pager(request, found["total"], offset),
            colours=charts.TYPE_COLOURS,
        )

    @ui.get("/ui/timeline")
    def timeline(request: Request) -> HTMLResponse:
        allowed(request)
        filters, problems = ui_filters(request)
        found = query_events(service.store(), filters, SCAN, 0)
        chart = charts.timeline(
            found["events"], _form_values(request, drop=("type", "date_from", "date_to", "offset"))
        )
        return page(
            "timeline.html",
            chart=chart,
            total=found["total"],
            shown=len(found["events"]),
            form=_form_values(request),
            problems=problems,
            types=PLOVER_TYPES,
            statuses=EVENT_STATUSES,
            colours=charts.TYPE_COLOURS,
        )

    @ui.get("/ui/map")
    def world(request: Request) -> HTMLResponse:
        allowed(request)
        filters, problems = ui_filters(request)
        store = service.store()
        found = query_events(store, filters, SCAN, 0)
        markers = map_markers(store, found["events"], with_places=not any(vars(filters).values()))
        return page(
            "map.html",
            svg=charts.world_map(markers),
            markers=sorted(markers, key=lambda m: (-m.count, -m.mentions, m.name)),
            total=found["total"],
            form=_form_values(request),
            problems=problems,
            types=PLOVER_TYPES,
            statuses=EVENT_STATUSES,
        )

    @ui.get("/ui/entities")
    def entity_list(request: Request) -> HTMLResponse:
        allowed(request)
        q = (request.query_params.get("q") or "").strip()[:200] or None
        etype = request.query_params.get("type") or None
        if etype not in ENTITY_TYPE_LABELS:
            etype = None
        offset = _int(request.query_params.get("offset"), 0, 0, 10_000_000)
        found = service.store().entities(limit=PAGE, offset=offset, query=q, type=etype)
        return page(
            "entities.html",
            found=found,
            q=q,
            etype=etype,
            pager=_pager(request, found["total"], offset),
        )

    @ui.get("/ui/entities/{key:path}")
    def entity(key: str, request: Request) -> HTMLResponse:
        allowed(request)
        try:
            profile = entity_profile(service.store(), key)
        except MarsadError as exc:
            return error_page(exc, 404)
        return page("entity.html", page="entity", e=profile, colours=charts.TYPE_COLOURS)

    return ui


PAGE = 50
SCAN = 5000  # events drawn on the timeline and the map at most


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return min(max(int(value or default), lo), hi)
    except ValueError:
        return default


FILTER_FIELDS = ("type", "status", "place", "country", "entity", "date_from", "date_to", "source")


def _form_values(request: Request, drop: tuple[str, ...] = ("offset",)) -> dict[str, str]:
    return {
        k: v.strip()
        for k in FILTER_FIELDS
        if k not in drop and (v := request.query_params.get(k) or "").strip()
    }


def ui_filters(request: Request) -> tuple[EventFilters, list[str]]:
    """Lenient form parsing: blank fields are ignored, invalid ones reported, not fatal."""
    values = _form_values(request)
    problems = []
    if values.get("type") and values["type"] not in PLOVER_TYPES:
        problems.append(f"unknown event type {values.pop('type')!r}")
    if values.get("status") and values["status"] not in EVENT_STATUSES:
        problems.append(f"unknown status {values.pop('status')!r}")
    for k in ("date_from", "date_to"):
        if k in values and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", values[k]):
            problems.append(f"{k}: {values.pop(k)!r} is not YYYY-MM-DD")
    if values.get("country") and not re.fullmatch(r"[A-Za-z]{3}", values["country"]):
        problems.append(f"country: {values.pop('country')!r} is not an ISO alpha-3 code")
    return EventFilters(**values), problems  # type: ignore[arg-type]


def _pager(request: Request, total: int, offset: int) -> dict[str, Any]:
    prev_url = next_url = None
    if offset > 0:
        prev_url = str(request.url.include_query_params(offset=max(0, offset - PAGE)))
    if offset + PAGE < total:
        next_url = str(request.url.include_query_params(offset=offset + PAGE))
    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + PAGE, total),
        "prev": prev_url,
        "next": next_url,
    }


PLACE_TYPES = ("GPE", "LOC", "FAC")
PLACE_SCAN_DOCS = 2000


def map_markers(
    store: Any, events: list[dict[str, Any]], *, with_places: bool
) -> list[charts.Marker]:
    """One marker per place: events located there (sized by count), plus places that are
    only mentioned (small, hollow) from the latest articles' entities."""
    from ..store import entity_key

    by_place: dict[tuple[float, float], charts.Marker] = {}
    for e in events:
        loc = e.get("location") or {}
        if loc.get("lat") is None or loc.get("lon") is None:
            continue
        k = (round(float(loc["lat"]), 2), round(float(loc["lon"]), 2))
        m = by_place.get(k)
        if m is None:
            q = urllib.parse.urlencode({"place": loc.get("name") or ""})
            m = by_place[k] = charts.Marker(
                loc.get("name") or "?",
                None,
                float(loc["lat"]),
                float(loc["lon"]),
                0,
                link=f"/ui/events?{q}",
                types=Counter(),
                precision=loc.get("precision"),
            )
        m.count += 1
        assert m.types is not None
        m.types[e.get("type") or "?"] += 1
    if with_places:
        docs_seen: dict[tuple[float, float], set[str]] = {}
        for i, record in enumerate(store.iter_records()):
            if i >= PLACE_SCAN_DOCS:
                break
            for ent in record.get("entities", []):
                g = ent.get("geo")
                if ent.get("type") not in PLACE_TYPES or not g or g.get("lat") is None:
                    continue
                k = (round(float(g["lat"]), 2), round(float(g["lon"]), 2))
                m = by_place.get(k)
                if m is None:
                    link = "/ui/entities/" + urllib.parse.quote(
                        entity_key(ent.get("kb"), ent.get("type"), ent.get("name") or ""), safe=""
                    )
                    m = by_place[k] = charts.Marker(
                        ent.get("name") or "?",
                        ent.get("name_en"),
                        float(g["lat"]),
                        float(g["lon"]),
                        0,
                        link=link,
                        precision=g.get("precision"),
                    )
                if not m.name_en and ent.get("name_en"):
                    m.name_en = ent["name_en"]
                m.precision = m.precision or g.get("precision")
                docs_seen.setdefault(k, set()).add(record["id"])
        for k, ids in docs_seen.items():
            by_place[k].mentions = len(ids)
    return list(by_place.values())
