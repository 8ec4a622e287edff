"""What the HTTP app holds: settings, the token, the pipeline and the store, each made once
and on first use (so ``/health`` answers at once and a missing store is a coded error)."""

from __future__ import annotations

import hmac
import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import MarsadError
from ..settings import Settings

TOKEN_ENV = "MARSAD_API_TOKEN"
TOKEN_COOKIE = "marsad_token"  # set by the dashboard's sign-in form; good for reads only


class Service:
    def __init__(self, settings: Settings, store_url: str, token: str | None) -> None:
        self.settings = settings
        self.store_url = store_url
        self.token = token or None
        self._pipeline: Any = None
        self._store: Any = None
        self._init_lock = threading.Lock()
        self._pool: Any = None
        # One document at a time per pipeline: its components hold native taggers that are
        # not documented as thread-safe, and extraction is CPU-bound under the GIL anyway.
        # With worker processes, one at a time per process; their main thread also lets the
        # pipeline's time budget interrupt a runaway component (SIGALRM), which threads cannot.
        self.extract_slots = threading.BoundedSemaphore(max(1, settings.api_extract_processes))
        # Extractions in flight per client address: one client cannot take every slot.
        self._per_client: Counter[str] = Counter()
        self._per_client_lock = threading.Lock()

    @classmethod
    def from_env(cls, settings: Settings | None, store_url: str | None) -> Service:
        s = settings or Settings()
        return cls(s, store_url or s.db, os.environ.get(TOKEN_ENV))

    # lazily built parts --------------------------------------------------------------------
    def pipeline(self) -> Any:
        if self._pipeline is None:
            with self._init_lock:
                if self._pipeline is None:
                    from ..pipeline import Pipeline

                    self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def loaded_pipeline(self) -> Any:
        """The pipeline if it has been built already, else None."""
        return self._pipeline

    def store(self) -> Any:
        if self._store is None:
            with self._init_lock:
                if self._store is None:
                    from ..store import open_store

                    self._store = open_store(self.store_url)
        return self._store

    def close(self) -> None:
        if self._store is not None and hasattr(self._store, "close"):
            self._store.close()
        self._store = None
        if self._pool is not None:
            # wait: without it the worker processes outlive a stopped server as orphans
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @contextmanager
    def client_slot(self, client: str) -> Iterator[None]:
        """Refuse (E509) a client that already has api_max_concurrent_per_client
        extraction requests in flight; others keep their place in the queue."""
        limit = self.settings.api_max_concurrent_per_client
        with self._per_client_lock:
            if limit > 0 and self._per_client[client] >= limit:
                raise MarsadError("E509", f"limit {limit} per client")
            self._per_client[client] += 1
        try:
            yield
        finally:
            with self._per_client_lock:
                self._per_client[client] -= 1
                if self._per_client[client] <= 0:
                    del self._per_client[client]

    def extract(self, fields: dict[str, Any]) -> Any:
        """Extract one article (in a worker process when settings.api_extract_processes)."""
        # Wait in line a bounded time: a flood of requests gets a coded 503, not a hang.
        wait = self.settings.api_extract_wait_seconds
        if not self.extract_slots.acquire(timeout=wait):
            raise MarsadError("E508", f"waited {wait:g} s")
        try:
            if self.settings.api_extract_processes > 0:
                return self._extract_in_process(fields)
            return _extract(self.pipeline(), fields)
        finally:
            self.extract_slots.release()

    def _extract_in_process(self, fields: dict[str, Any]) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._executor().submit(_extract_in_worker, fields).result()
        except BrokenProcessPool:
            # the worker died on this document: a fresh pool for the next ones, and this
            # document comes back with a coded error instead of taking the server down
            with self._init_lock:
                self._pool = None
            from ..document import Document, Problem

            doc = Document(text=fields["text"], id=fields.get("id") or "")
            doc.error = Problem("E506", "the extraction worker process died on this document")
            return doc

    def _executor(self) -> Any:
        if self._pool is None:
            with self._init_lock:
                if self._pool is None:
                    import multiprocessing
                    from concurrent.futures import ProcessPoolExecutor

                    self._pool = ProcessPoolExecutor(
                        max_workers=self.settings.api_extract_processes,
                        mp_context=multiprocessing.get_context("spawn"),
                        initializer=_start_worker,
                        initargs=(self.settings,),
                    )
        return self._pool

    def pipeline_version(self) -> str:
        """The store's fingerprint of the pipeline that extracts for this server."""
        from ..store import pipeline_version

        if self.settings.api_extract_processes > 0:
            return str(self._executor().submit(_worker_version).result())
        return pipeline_version(self.pipeline())

    def get_record(self, doc_id: str) -> dict[str, Any]:
        record = self.store().get_record(doc_id)
        if record is None:
            raise MarsadError("E404", doc_id)
        return record

    # access --------------------------------------------------------------------------------
    def check_token(
        self, authorization: str | None, *, write: bool, cookie: str | None = None
    ) -> None:
        """Writes always need the token in the Authorization header; reads only when
        settings.api_read_requires_token, and then the dashboard's cookie also counts."""
        if not write and not self.settings.api_read_requires_token:
            return
        if self.token is None:
            raise MarsadError("E503", None if write else "reads need a token here, and none is set")
        given = ""
        if authorization and authorization[:7].lower() == "bearer ":
            given = authorization[7:].strip()
        elif cookie and not write:
            given = cookie
        # Header values arrive decoded as latin-1: back to their raw bytes, compared with the
        # UTF-8 token in constant time (so it cannot be guessed byte by byte from timings).
        raw = given.encode("latin-1", "replace")
        if not hmac.compare_digest(raw, self.token.encode("utf-8")):
            raise MarsadError("E501")


def _extract(pipeline: Any, fields: dict[str, Any]) -> Any:
    doc = pipeline.make_doc(
        fields["text"],
        id=fields.get("id"),
        title=fields.get("title"),
        source=fields.get("source"),
        url=fields.get("url"),
        published=fields.get("published"),
    )
    return pipeline.process(doc)


_WORKER_PIPELINE: Any = None


def _start_worker(settings: Settings) -> None:
    global _WORKER_PIPELINE
    from ..pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(settings)


def _extract_in_worker(fields: dict[str, Any]) -> Any:
    return _extract(_WORKER_PIPELINE, fields)


def _worker_version() -> str:
    from ..store import pipeline_version

    return pipeline_version(_WORKER_PIPELINE)
