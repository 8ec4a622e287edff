"""Property tests against the published OpenAPI schema (schemathesis + Hypothesis): any
request the schema allows must never make the server fail (no 5xx, no stack trace), and
every answer must be JSON (or CSV where declared). Negative (schema-violating) requests
are generated too and must be refused with a coded 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_support import TOKEN, load_record, seed_store
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from marsad.api import create_app

pytestmark = pytest.mark.slow

# The operations, read from the app's own schema (building the app opens nothing); invalid
# requests only exist for operations with query parameters or a body (any string is a
# valid path segment).
_PATHS = create_app().openapi()["paths"]
CASES = [
    pytest.param(method.upper(), path, mode, id=f"{label} {method.upper()} {path}")
    for path, item in _PATHS.items()
    for method, op in item.items()
    if method in ("get", "post")
    for mode, label in ((GenerationMode.POSITIVE, "valid"), (GenerationMode.NEGATIVE, "invalid"))
    if mode is GenerationMode.POSITIVE
    or op.get("requestBody")
    or any(p["in"] == "query" for p in op.get("parameters", []))
]


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Its own store: the fuzzer ingests whatever it generates."""
    from marsad.api.server import ServerThread

    db = tmp_path_factory.mktemp("fuzz") / "corpus.db"
    seed_store(db, [load_record()])
    with ServerThread(create_app(store_url=str(db), token=TOKEN)) as server:
        yield server


@pytest.fixture(scope="module")
def api_schema(fuzz_server: Any) -> Any:
    return schemathesis.openapi.from_url(fuzz_server.url + "/openapi.json")


def check(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    assert "Traceback" not in response.text
    kind = "".join(response.headers.get("content-type", []))  # schemathesis: name -> [values]
    assert kind.startswith(("application/json", "text/csv")), kind
    if response.status_code >= 400:
        assert response.json()["error"]["code"].startswith("E")


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_no_server_errors(
    api_schema: Any, fuzz_server: Any, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]
    auth = {"Authorization": f"Bearer {TOKEN}"}  # so that writes are exercised past the 401

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        check(case.call(base_url=fuzz_server.url, headers=auth, timeout=60))

    run()
