"""Every error leaves the API as JSON ``{"error": {"code", "message"[, "detail"]}}`` with a
Marsad code (``marsad.errors``) and a fitting HTTP status; never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ..errors import MESSAGES, MarsadError

log = logging.getLogger("marsad.api")

# code -> HTTP status; input problems are 422, an unusable or busy store 503, bugs 500.
STATUS = {
    "E404": 404,
    "E401": 503,
    "E402": 503,
    "E403": 503,
    "E407": 503,
    "E406": 503,
    "E405": 409,
    "E408": 422,
    "E204": 422,
    "E501": 401,
    "E502": 413,
    "E503": 403,
    "E504": 422,
    "E505": 404,
    "E506": 500,
    "E507": 405,
    "E508": 503,
    "E509": 429,
}


def status_for(code: str) -> int:
    if code in STATUS:
        return STATUS[code]
    if code.startswith("E1"):
        return 422
    return 500


def error_response(
    code: str, detail: Any = None, status: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": MESSAGES.get(code, "Error.")}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=status or status_for(code), headers=headers)


def _marsad_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, MarsadError)
    if request.url.path.startswith("/ui/"):  # a person in a browser: the same, as a page
        from ..web.views import error_page

        return error_page(exc, status_for(exc.code))
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "E501" else None
    if exc.code in ("E508", "E509", "E403"):
        headers = {"Retry-After": "5"}
    return error_response(exc.code, exc.detail, headers=headers)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # loc and msg only: echoing the input back could be large and is the caller's own data
    fields = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", "")} for e in exc.errors()
    ]
    return error_response("E504", fields)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "E505", 405: "E507", 413: "E502", 401: "E501"}.get(exc.status_code, "E504")
    detail = (
        exc.detail
        if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed")
        else None
    )
    return error_response(
        code, detail, status=exc.status_code, headers=getattr(exc, "headers", None)
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response("E506")


def install(app: FastAPI) -> None:
    app.add_exception_handler(MarsadError, _marsad_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
