"""Extraction on a Spark cluster: years of news through the same pipeline as ``marsad extract``.

``run(input, output)`` reads articles (JSON Lines, Parquet, a table, or a folder of text
files), extracts them with ``mapInPandas`` — the pipeline is built once per Python worker of
each executor and reused for every batch — and writes Parquet partitioned by publication
date::

    OUTPUT/documents/date=YYYY-MM-DD/…   one row per article; ``record`` is the JSON record,
                                         byte for byte what ``marsad extract`` writes
    OUTPUT/entities/ quotes/ events/     flat tables, one row per item, joined on doc_id
    OUTPUT/problems/                     input lines or files that could not be read (E10x)

Records are read with the same readers as the CLI (``marsad.ingest.readers``), so a record
here equals the CLI's record for the same article. Executors need Marsad installed
(``pip install marsad[spark]``); nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMATS = ("jsonl", "parquet", "text", "table")
LAYER_TABLES = ("entities", "quotes", "events")

# Arrow batch size: bounded memory per Python worker even when articles are large.
ARROW_BATCH = 64

_DOC_FIELDS = [
    ("id", "string"),
    ("date", "string"),
    ("published", "string"),
    ("title", "string"),
    ("source", "string"),
    ("url", "string"),
    ("language", "string"),
    ("n_chars", "long"),
    ("error_code", "string"),
    ("error_message", "string"),
    ("n_entities", "long"),
    ("n_quotes", "long"),
    ("n_events", "long"),
    ("origin", "string"),
    ("record", "string"),
]
_TABLE_FIELDS: dict[str, list[tuple[str, str]]] = {
    "entities": [
        ("doc_id", "string"),
        ("id", "string"),
        ("type", "string"),
        ("name", "string"),
        ("name_en", "string"),
        ("kb", "string"),
        ("country", "string"),
        ("sector", "string"),
        ("lat", "double"),
        ("lon", "double"),
        ("geo_precision", "string"),
        ("geonames", "long"),
        ("roles", "string"),
        ("n_mentions", "long"),
        ("mentions", "string"),
        ("date", "string"),
    ],
    "quotes": [
        ("doc_id", "string"),
        ("id", "string"),
        ("speaker", "string"),
        ("speaker_name", "string"),
        ("speaker_mention", "string"),
        ("cue_start", "long"),
        ("cue_end", "long"),
        ("cue_text", "string"),
        ("cue_class", "string"),
        ("content_start", "long"),
        ("content_end", "long"),
        ("content", "string"),
        ("direct", "boolean"),
        ("date", "string"),
    ],
    "events": [
        ("doc_id", "string"),
        ("id", "string"),
        ("type", "string"),
        ("mode", "string"),
        ("status", "string"),
        ("cameo", "string"),
        ("reported_by", "string"),
        ("source_names", "string"),
        ("target_names", "string"),
        ("source", "string"),
        ("target", "string"),
        ("location_id", "string"),
        ("location_name", "string"),
        ("time_id", "string"),
        ("time_value", "string"),
        ("evidence_start", "long"),
        ("evidence_end", "long"),
        ("evidence", "string"),
        ("trigger", "string"),
        ("date", "string"),
    ],
}


def _ddl(fields: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in fields)


# ------------------------------------------------------------------------------------------
# pure Python parts (run on the executors; testable without Spark)
# ------------------------------------------------------------------------------------------
_PIPELINES: dict[str, Any] = {}


def _pipeline(settings_json: str) -> Any:
    """One pipeline per Python worker and settings: resources load once, then every batch
    of every task on this worker reuses it."""
    pipeline = _PIPELINES.get(settings_json)
    if pipeline is None:
        from .pipeline import load

        pipeline = load(**json.loads(settings_json))
        _PIPELINES[settings_json] = pipeline
    return pipeline


def _problem_row(origin: str, code: str, message: str) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name, _ in _DOC_FIELDS}
    row.update(origin=origin, error_code=code, error_message=message)
    return row


def document_row(record: dict[str, Any], origin: str) -> dict[str, Any]:
    """The documents-table row of a JSON record (``Document.to_dict()``)."""
    import orjson

    meta = record.get("meta") or {}
    published = meta.get("published")
    error = record.get("error") or {}
    return {
        "id": record["id"],
        "date": published[:10] if published else None,
        "published": published,
        "title": meta.get("title"),
        "source": meta.get("source"),
        "url": meta.get("url"),
        "language": meta.get("language"),
        "n_chars": len(record["text"]),
        "error_code": error.get("code"),
        "error_message": error.get("message"),
        "n_entities": len(record.get("entities", [])),
        "n_quotes": len(record.get("quotes", [])),
        "n_events": len(record.get("events", [])),
        "origin": origin,
        "record": orjson.dumps(record).decode(),
    }


def extract_items(
    items: Iterator[Any], settings_json: str, published: str | None
) -> Iterator[dict[str, Any]]:
    """Rows of the documents table (and problem rows) for reader items, as the CLI does."""
    pipeline = _pipeline(settings_json)
    for item in items:
        if item.error is not None:
            yield _problem_row(item.origin, item.error.code, item.error.message)
            continue
        record = item.record
        if published and "published" not in record:
            record["published"] = published
        doc = pipeline._process_item(record)
        yield document_row(doc.to_dict(), item.origin)


def _lines_to_items(lines: Any, origins: Any) -> Iterator[Any]:
    import orjson

    from .errors import MarsadError
    from .ingest.readers import Item, record_from_json

    for line, origin in zip(lines, origins, strict=True):
        if line is None or not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Item(origin, error=MarsadError("E104", f"{origin}: {exc}"))
            continue
        yield record_from_json(obj, origin)


def _files_to_items(contents: Any, paths: Any, source: str | None) -> Iterator[Any]:
    from .errors import MarsadError
    from .ingest.readers import Item, decode

    for data, path in zip(contents, paths, strict=True):
        try:
            text = decode(bytes(data), path)
        except MarsadError as exc:
            yield Item(path, error=exc)
            continue
        record: dict[str, Any] = {"text": text}
        if source:
            record["source"] = source
        yield Item(path, record)


def flat_rows(table: str, record: dict[str, Any], date: str | None) -> list[dict[str, Any]]:
    """Rows of one flat table for one document record."""
    doc_id, text = record["id"], record["text"]
    entities = {e["id"]: e for e in record.get("entities", [])}
    rows: list[dict[str, Any]] = []
    if table == "entities":
        for e in record.get("entities", []):
            geo = e.get("geo") or {}
            rows.append(
                {
                    "doc_id": doc_id,
                    "id": e["id"],
                    "type": e.get("type"),
                    "name": e.get("name"),
                    "name_en": e.get("name_en"),
                    "kb": e.get("kb"),
                    "country": e.get("country"),
                    "sector": e.get("sector"),
                    "lat": geo.get("lat"),
                    "lon": geo.get("lon"),
                    "geo_precision": geo.get("precision"),
                    "geonames": geo.get("geonames"),
                    "roles": json.dumps(e.get("roles") or [], ensure_ascii=False),
                    "n_mentions": len(e.get("mentions") or []),
                    "mentions": ",".join(e.get("mentions") or []),
                    "date": date,
                }
            )
    elif table == "quotes":
        for x in record.get("quotes", []):
            cue, content = x.get("cue") or {}, x.get("content") or {}
            speaker = entities.get(x.get("speaker") or "")
            rows.append(
                {
                    "doc_id": doc_id,
                    "id": x["id"],
                    "speaker": x.get("speaker"),
                    "speaker_name": speaker.get("name") if speaker else None,
                    "speaker_mention": x.get("speaker_mention"),
                    "cue_start": cue.get("start"),
                    "cue_end": cue.get("end"),
                    "cue_text": cue.get("text"),
                    "cue_class": cue.get("class"),
                    "content_start": content.get("start"),
                    "content_end": content.get("end"),
                    "content": _slice(text, content),
                    "direct": bool(x.get("direct")),
                    "date": date,
                }
            )
    elif table == "events":
        times = {t["id"]: t for t in record.get("times", [])}
        for v in record.get("events", []):
            evidence = v.get("evidence") or {}
            location = entities.get(v.get("location") or "")
            time = times.get(v.get("time") or "")
            rows.append(
                {
                    "doc_id": doc_id,
                    "id": v["id"],
                    "type": v.get("type"),
                    "mode": v.get("mode"),
                    "status": v.get("status"),
                    "cameo": v.get("cameo"),
                    "reported_by": v.get("reported_by"),
                    "source_names": "; ".join(
                        _actor_name(a, entities) for a in v.get("source", [])
                    ),
                    "target_names": "; ".join(
                        _actor_name(a, entities) for a in v.get("target", [])
                    ),
                    "source": json.dumps(v.get("source", []), ensure_ascii=False),
                    "target": json.dumps(v.get("target", []), ensure_ascii=False),
                    "location_id": v.get("location"),
                    "location_name": location.get("name") if location else None,
                    "time_id": v.get("time"),
                    "time_value": time.get("value") if time else None,
                    "evidence_start": evidence.get("start"),
                    "evidence_end": evidence.get("end"),
                    "evidence": _slice(text, evidence),
                    "trigger": _slice(text, v.get("trigger")),
                    "date": date,
                }
            )
    else:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(LAYER_TABLES)}")
    return rows


def _slice(text: str, span: dict[str, Any] | None) -> str | None:
    if not span or span.get("start") is None or span.get("end") is None:
        return None
    return text[span["start"] : span["end"]]


def _actor_name(actor: dict[str, Any], entities: dict[str, dict[str, Any]]) -> str:
    entity = entities.get(actor.get("entity") or "")
    return (entity or {}).get("name") or actor.get("text") or ""


# ------------------------------------------------------------------------------------------
# the Spark job
# ------------------------------------------------------------------------------------------
def guess_format(path: str) -> str:
    lower = path.lower().rstrip("/")
    if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json")):
        return "jsonl"
    if lower.endswith(".parquet"):
        return "parquet"
    p = Path(path)
    if p.is_dir():
        names = [q.name.lower() for q in p.rglob("*") if q.is_file()]
        if any(n.endswith(".parquet") for n in names):
            return "parquet"
        if any(n.endswith((".jsonl", ".ndjson")) for n in names):
            return "jsonl"
        return "text"
    if p.exists():
        return "text"
    return "table"  # not a path: a table name in the session's catalogue


def session(master: str | None = None, app_name: str = "marsad") -> Any:
    """A SparkSession (the active one if any). Local runs use this interpreter for the
    Python workers so that they find Marsad."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    builder = (
        builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
    )
    return builder.getOrCreate()


def run(
    input: str,
    output: str,
    *,
    fmt: str | None = None,
    master: str | None = None,
    spark: Any = None,
    published: str | None = None,
    source: str | None = None,
    mode: str = "error",
    partitions: int | None = None,
    **settings: Any,
) -> dict[str, int]:
    """Extract ``input`` into Parquet tables under ``output``; returns counts (documents,
    failed, problems, and rows per flat table). ``settings`` override
    :class:`marsad.settings.Settings` fields on every executor. ``mode`` is Spark's save
    mode (error, overwrite, append)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from .errors import MarsadError
    from .settings import Settings

    fmt = fmt or guess_format(input)
    if fmt not in FORMATS:
        raise MarsadError("E109", f"'{fmt}'; choose one of {', '.join(FORMATS)}")
    Settings().with_overrides(**settings)  # check names and types here, not on executors
    settings_json = json.dumps(settings, sort_keys=True)
    spark = spark or session(master)

    if fmt == "text":
        raw = (
            spark.read.format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.txt")
            .load(input)
            .select(F.col("content").alias("value"), F.col("path").alias("origin"))
        )
    else:
        if fmt == "jsonl":
            lines = spark.read.text(input)
        elif fmt == "parquet":
            lines = spark.read.parquet(input).select(F.to_json(F.struct("*")).alias("value"))
        else:
            lines = spark.table(input).select(F.to_json(F.struct("*")).alias("value"))
        raw = lines.select("value", F.input_file_name().alias("origin"))
    if partitions:
        raw = raw.repartition(partitions)

    def extract(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            if fmt == "text":
                items = _files_to_items(batch["value"], batch["origin"], source)
            else:
                items = _lines_to_items(batch["value"], batch["origin"])
            rows = list(extract_items(items, settings_json, published))
            yield pd.DataFrame(rows, columns=[name for name, _ in _DOC_FIELDS])

    extracted = raw.mapInPandas(extract, schema=_ddl(_DOC_FIELDS)).persist(StorageLevel.DISK_ONLY)
    try:
        documents = extracted.where(F.col("record").isNotNull())
        problems = extracted.where(F.col("record").isNull()).select(
            "origin", "error_code", "error_message"
        )
        out = output.rstrip("/")
        documents.write.mode(mode).partitionBy("date").parquet(f"{out}/documents")
        problems.write.mode(mode).parquet(f"{out}/problems")
        counts = {
            "documents": documents.count(),
            "failed": documents.where(F.col("error_code").isNotNull()).count(),
            "problems": problems.count(),
        }
        for table in LAYER_TABLES:
            flat = documents.select("date", "record").mapInPandas(
                _flattener(table), schema=_ddl(_TABLE_FIELDS[table])
            )
            flat.write.mode(mode).partitionBy("date").parquet(f"{out}/{table}")
            counts[table] = spark.read.parquet(f"{out}/{table}").count()
    finally:
        extracted.unpersist()
    return counts


def _flattener(table: str) -> Any:
    def flatten(batches: Iterator[Any]) -> Iterator[Any]:
        import orjson
        import pandas as pd

        columns = [name for name, _ in _TABLE_FIELDS[table]]
        for batch in batches:
            rows: list[dict[str, Any]] = []
            for date, record in zip(batch["date"], batch["record"], strict=True):
                rows.extend(flat_rows(table, orjson.loads(record), date))
            yield pd.DataFrame(rows, columns=columns)

    return flatten
