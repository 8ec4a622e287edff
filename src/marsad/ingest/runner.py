"""Ingest: read sources, skip what the store has, extract the rest, store batch by batch.

Articles already stored (same text, source and URL) are skipped before extraction, so a
second run costs only the reading. Each batch is one transaction: a killed run keeps every
finished batch and loses no more than the batch in flight, which the next run redoes.
Every input or extraction problem is reported with its origin and code; none stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import MarsadError


@dataclass
class IngestReport:
    read: int = 0  # records read from the inputs
    added: int = 0  # documents stored
    skipped: int = 0  # records the store had already (or repeated in this run)
    failed: int = 0  # records that could not be read or extracted
    seconds: float = 0.0
    problems: list[dict[str, str]] = field(default_factory=list)  # {origin, code, message}

    @property
    def docs_per_second(self) -> float:
        return self.added / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "added": self.added,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 2),
            "problems": self.problems,
        }


def ingest(
    store: Any,
    paths: Iterable[str],
    *,
    pipeline: Any = None,
    batch_size: int | None = None,
    n_process: int = 1,
    source: str | None = None,
    published: str | None = None,
    columns: dict[str, str] | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read ``paths`` (files, directories, globs, ``-``) into ``store`` (a marsad.store.Store).
    ``source``/``published`` fill records that carry none. ``on_progress`` is called after
    each record is handled."""
    from .readers import read_paths

    return ingest_items(
        store,
        read_paths(paths, source=source, columns=columns),
        pipeline=pipeline,
        batch_size=batch_size,
        n_process=n_process,
        published=published,
        on_progress=on_progress,
    )


def ingest_items(
    store: Any,
    items: Iterable[Any],
    *,
    pipeline: Any = None,
    batch_size: int | None = None,
    n_process: int = 1,
    published: str | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Like ``ingest`` for readers' Items (or plain record dicts)."""
    from ..pipeline import load
    from ..store import content_hash, pipeline_version

    pipeline = pipeline or load(store.settings)
    version = pipeline_version(pipeline)
    size = max(1, batch_size or store.settings.batch_size)
    report = IngestReport()
    started = time.perf_counter()
    seen: set[str] = set()
    origins: dict[int, str] = {}

    def tick() -> None:
        report.seconds = time.perf_counter() - started
        if on_progress:
            on_progress(report)

    def problem(origin: str, code: str, message: str) -> None:
        report.failed += 1
        report.problems.append({"origin": origin, "code": code, "message": message})
        tick()

    def fresh() -> Iterator[dict[str, Any]]:
        """Records not stored yet, checked against the store a chunk at a time."""
        chunk: list[tuple[str, dict[str, Any]]] = []

        def flush() -> Iterator[dict[str, Any]]:
            known = store.known_hashes(h for h, _ in chunk)
            for h, rec in chunk:
                if h in known or h in seen:
                    report.skipped += 1
                    tick()
                    continue
                seen.add(h)
                yield rec
            chunk.clear()

        for n, item in enumerate(items):
            if isinstance(item, dict):
                origin, record, error = f"record {n + 1}", item, None
            else:
                origin, record, error = item.origin, item.record, item.error
            report.read += 1
            if error is not None:
                code = error.code if isinstance(error, MarsadError) else "E106"
                problem(
                    origin, code, error.message if isinstance(error, MarsadError) else str(error)
                )
                continue
            assert record is not None
            if published and not record.get("published"):
                record["published"] = published
            record = {**record, "_origin": origin}
            chunk.append(
                (content_hash(record["text"], record.get("source"), record.get("url")), record)
            )
            if len(chunk) >= size:
                yield from flush()
        if chunk:
            yield from flush()

    def records() -> Iterator[dict[str, Any]]:
        # pipeline.pipe keeps order, so the origin of the n-th document is known
        for n, rec in enumerate(fresh()):
            origins[n] = rec.pop("_origin")
            yield rec

    batch: list[Any] = []
    batch_origins: list[str] = []

    def store_batch() -> None:
        result = store.add_documents(batch, pipeline_version=version)
        report.added += len(result.added)
        report.skipped += len(result.skipped)
        by_id = dict(zip((d.id for d in batch), batch_origins, strict=True))
        for p in result.problems:
            problem(by_id.get(p["id"], p["id"]), p["code"], p["message"])
        batch.clear()
        batch_origins.clear()
        tick()

    for n, doc in enumerate(pipeline.pipe(records(), n_process=n_process, batch_size=size)):
        origin = origins.pop(n, doc.id)
        if doc.error is not None:
            problem(origin, doc.error.code, doc.error.message)
            continue
        batch.append(doc)
        batch_origins.append(origin)
        if len(batch) >= size:
            store_batch()
    if batch:
        store_batch()
    tick()
    return report
