"""The JSON endpoints. Thin: parse, check access, call the pipeline or the store, shape
the answer. Sync handlers run in the server's thread pool, off the event loop."""

# No "from __future__ import annotations": FastAPI must see the Annotated aliases that
# router() builds from the settings (they are local names).

from collections import Counter
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response

from ..errors import MarsadError
from ..pipeline import __version__
from .corpus import DocFilters, EntityType, EventFilters, entity_profile, events_csv, query_events
from .models import ArticleIn, BatchIn, ErrorBody, ErrorOut, Health, IngestOut, IngestResult, Page
from .service import TOKEN_COOKIE, Service

DOCUMENT = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong token (E501)"},
    403: {"model": ErrorOut, "description": "Writes disabled: no token configured (E503)"},
    413: {"model": ErrorOut, "description": "Body too large (E502)"},
    422: {"model": ErrorOut, "description": "Invalid request (E504) or unusable text (E1xx)"},
    429: {"model": ErrorOut, "description": "Too many requests in flight from this client (E509)"},
}


class JSONBytes(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def router(service: Service) -> APIRouter:
    api = APIRouter()
    s = service.settings
    Limit = Annotated[int, Query(ge=1, le=s.api_max_page_size, description="Items per page.")]
    Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
    Auth = Annotated[str | None, Header(include_in_schema=False)]

    def read_access(request: Request) -> None:
        """Reads accept the token as a header, or as the dashboard's cookie (GET only)."""
        cookie = request.cookies.get(TOKEN_COOKIE) if request.method == "GET" else None
        service.check_token(request.headers.get("authorization"), write=False, cookie=cookie)

    Reader = Depends(read_access)

    @api.get("/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness and what this server runs (never needs a token)."""
        documents = None
        state = "ok"
        try:
            documents = service.store().search("", limit=1)["total"]
        except MarsadError as exc:
            state = f"store unavailable ({exc.code})"
        pipeline = service.loaded_pipeline()  # never built just for a health check
        return Health(
            status=state,
            version=__version__,
            store=_redact(service.store_url),
            documents=documents,
            components=pipeline.component_names if pipeline is not None else None,
        )

    @api.post(
        "/extract", responses={200: DOCUMENT, **ERRORS}, response_class=JSONBytes, tags=["extract"]
    )
    def extract(request: Request, article: ArticleIn, _: None = Reader) -> JSONBytes:
        """Extract one article and return its record (nothing is stored)."""
        _check_size(article, s.max_chars)
        with service.client_slot(_client(request)):
            doc = service.extract(article.fields())
        if doc.error is not None:
            raise MarsadError(doc.error.code, doc.error.message)
        return JSONBytes(doc.to_dict())

    @api.post("/documents", response_model=IngestOut, responses=ERRORS, tags=["corpus"])
    def add_documents(
        request: Request,
        payload: Annotated[
            ArticleIn | list[ArticleIn] | BatchIn,
            Body(description="One article, a list, or {documents: […]}"),
        ],
        authorization: Auth = None,
    ) -> IngestOut:
        """Extract and store one article or a batch. One bad article never fails the batch:
        each gets its own result with a code."""
        service.check_token(authorization, write=True)
        items = (
            payload.documents
            if isinstance(payload, BatchIn)
            else payload
            if isinstance(payload, list)
            else [payload]
        )
        if len(items) > s.api_max_batch:
            raise MarsadError("E504", f"{len(items)} documents > api_max_batch {s.api_max_batch}")
        with service.client_slot(_client(request)):
            return _ingest(service, items)

    @api.get(
        "/documents/{doc_id}",
        responses={200: DOCUMENT, 404: {"model": ErrorOut}},
        response_class=JSONBytes,
        tags=["corpus"],
    )
    def get_document(doc_id: str, _: None = Reader) -> JSONBytes:
        """The stored record of one article."""
        return JSONBytes(service.get_record(doc_id))

    @api.get("/documents", response_model=Page, tags=["corpus"])
    def list_documents(
        request: Request,
        filters: Annotated[DocFilters, Depends()],
        limit: Limit = s.api_page_size,
        offset: Offset = 0,
        _: None = Reader,
    ) -> Page:
        """Stored articles, newest first (summaries; the record is at /documents/{id})."""
        found = service.store().search("", limit=limit, offset=offset, **filters.store())
        return _page(request, found["hits"], found["total"], limit, offset)

    @api.get("/search", response_model=Page, tags=["corpus"])
    def search(
        request: Request,
        filters: Annotated[DocFilters, Depends()],
        q: Annotated[
            str,
            Query(
                max_length=500,
                description='Words (all must occur), "a phrase", a OR b, -word, prefix*',
            ),
        ] = "",
        limit: Limit = s.api_page_size,
        offset: Offset = 0,
        _: None = Reader,
    ) -> Page:
        """Full-text search (Arabic normalised, clitics handled). Each hit carries the best
        matching sentence with offsets into the article."""
        found = service.store().search(q, limit=limit, offset=offset, **filters.store())
        return _page(request, found["hits"], found["total"], limit, offset)

    @api.get(
        "/events",
        response_model=Page,
        responses={200: {"content": {"text/csv": {}}}},
        tags=["corpus"],
    )
    def events(
        request: Request,
        filters: Annotated[EventFilters, Depends()],
        limit: Limit = s.api_page_size,
        offset: Offset = 0,
        format: Annotated[
            Literal["json", "csv"],
            Query(description="csv: every matching event as a spreadsheet (limit/offset ignored)"),
        ] = "json",
        _: None = Reader,
    ) -> Any:
        """Events merged across articles (same type, actors, place and day), most reported
        first, each with the evidence span of every article that reports it."""
        if format == "csv":
            return events_csv(service.store(), filters)
        found = query_events(service.store(), filters, limit, offset)
        page = _page(request, found["events"], found["total"], limit, offset)
        page.partial = bool(found.get("partial"))
        return page

    @api.get("/entities", response_model=Page, tags=["corpus"])
    def entities(
        request: Request,
        filters: Annotated[DocFilters, Depends()],
        q: Annotated[
            str | None, Query(max_length=200, description="Start of the name (any spelling)")
        ] = None,
        type: Annotated[
            EntityType | None, Query(description="PER, ORG, GPE, LOC, FAC or NORP")
        ] = None,
        limit: Limit = s.api_page_size,
        offset: Offset = 0,
        _: None = Reader,
    ) -> Page:
        """Corpus-level entities (merged across articles), most mentioned first."""
        found = service.store().entities(
            limit=limit, offset=offset, query=q or None, type=type, **filters.store()
        )
        return _page(request, found["entities"], found["total"], limit, offset)

    @api.get("/entities/{key:path}", responses={404: {"model": ErrorOut}}, tags=["corpus"])
    def entity(key: str, _: None = Reader) -> dict[str, Any]:
        """One corpus entity: names, roles, quotes, events and co-occurring entities."""
        return entity_profile(service.store(), key)

    @api.get("/stories", response_model=Page, tags=["corpus"])
    def stories(
        request: Request,
        filters: Annotated[DocFilters, Depends()],
        min_size: Annotated[int, Query(ge=1, le=1000, description="Smallest story (articles)")] = 2,
        limit: Limit = s.api_page_size,
        offset: Offset = 0,
        _: None = Reader,
    ) -> Page:
        """Groups of near-duplicate articles about one story, largest first."""
        found = service.store().stories(
            min_size=min_size, limit=limit, offset=offset, **filters.store()
        )
        return _page(request, found["stories"], found["total"], limit, offset)

    @api.get("/stats", tags=["corpus"])
    def stats(_: None = Reader) -> dict[str, Any]:
        """Counts of everything in the store, sources, date range, pipeline versions."""
        return service.store().stats()

    return api


def _page(
    request: Request, items: list[dict[str, Any]], total: int, limit: int, offset: int
) -> Page:
    nxt = None
    if offset + len(items) < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    return Page(items=items, total=total, limit=limit, offset=offset, next=nxt)


def _check_size(article: ArticleIn, max_chars: int) -> None:
    if len(article.text) > max_chars:
        raise MarsadError("E103", f"{len(article.text):,} characters > {max_chars:,}")


def _ingest(service: Service, items: list[ArticleIn]) -> IngestOut:
    docs = [service.extract(item.fields()) for item in items]
    result = service.store().add_documents(docs, pipeline_version=service.pipeline_version())
    # The store reports ids in input order; the same id can occur twice in one batch.
    added, skipped = Counter(result.added), Counter(result.skipped)
    problems: dict[str, list[dict[str, str]]] = {}
    for p in result.problems:
        problems.setdefault(p["id"], []).append(p)
    out = []
    for i, doc in enumerate(docs):
        error = None
        if problems.get(doc.id):
            p = problems[doc.id].pop(0)
            status = "rejected"
            error = ErrorBody(code=p["code"], message=p["message"])
        elif added[doc.id] > 0:
            added[doc.id] -= 1
            status = "added"
        elif skipped[doc.id] > 0:
            skipped[doc.id] -= 1
            status = "duplicate"
        else:
            status = "rejected"
        if doc.error is not None and error is None:
            # stored with its error, so that nothing is lost and it can be reprocessed
            error = ErrorBody(code=doc.error.code, message=doc.error.message)
        out.append(IngestResult(index=i, id=doc.id, status=status, error=error))
    return IngestOut(
        results=out,
        added=sum(r.status == "added" for r in out),
        failed=sum(r.error is not None for r in out),
    )


def _client(request: Request) -> str:
    """The peer address (behind a proxy all clients share it: set the limit accordingly)."""
    return request.client.host if request.client else "?"


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
