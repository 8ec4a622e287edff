"""The HTTP app: JSON API and the dashboard in one FastAPI application.

``create_app(settings, store_url)`` builds it; ``marsad serve`` runs it with uvicorn.
Writes need ``Authorization: Bearer $MARSAD_API_TOKEN``; reads are open unless
``settings.api_read_requires_token``. CORS is off unless ``settings.api_cors_origins``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..pipeline import __version__
from ..settings import Settings
from . import errors, routes
from .limits import BodyLimit, RefuseNul
from .service import Service

DESCRIPTION = """Marsad (مرصد) reads Arabic news and returns structured, verifiable records:
who said what, who did what to whom, where, when and how many — every item with character
offsets into the original text. Records follow the `marsad.document/1` contract.

Errors are JSON `{"error": {"code": "E…", "message": "…"}}` with a stable code.
Write endpoints need `Authorization: Bearer <MARSAD_API_TOKEN>`."""


def create_app(
    settings: Settings | None = None, store_url: str | None = None, *, token: str | None = None
) -> FastAPI:
    """The app over the store at ``store_url`` (default ``settings.db``). The write token
    is ``token`` or else the ``MARSAD_API_TOKEN`` environment variable; without one, writes
    are refused (E503)."""
    service = Service.from_env(settings, store_url)
    if token is not None:
        service.token = token

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Marsad API",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.service = service
    errors.install(app)
    app.include_router(routes.router(service))

    from ..web.views import LoginRequired, login_redirect, static_app
    from ..web.views import router as dashboard_router

    app.add_exception_handler(LoginRequired, login_redirect)

    app.include_router(dashboard_router(service))
    app.mount("/static", static_app(), name="static")

    if service.settings.api_cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(service.settings.api_cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, max_bytes=service.settings.api_max_body_bytes)
    app.add_middleware(RefuseNul)

    @app.middleware("http")
    async def security_headers(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html"):
            # Own scripts and styles only: no inline script, nothing from other origins.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            )
        return response

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def document_schema() -> dict[str, Any]:
    data = resources.files("marsad").joinpath("schema/document.schema.json").read_text("utf-8")
    return json.loads(data)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the record contract as ``components.schemas.Document``."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    doc = copy.deepcopy(document_schema())
    defs = doc.pop("$defs", {})
    for key in ("$schema", "$id"):
        doc.pop(key, None)

    def relink(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: (
                    "#/components/schemas/Document_" + v.rsplit("/", 1)[1]
                    if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/")
                    else relink(v)
                )
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [relink(v) for v in node]
        return node

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Document"] = relink(doc)
    for name, sub in defs.items():
        components[f"Document_{name}"] = relink(sub)
    app.openapi_schema = schema
    return schema
