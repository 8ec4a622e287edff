"""The store's tables as Parquet files (pyarrow), one file per table, for DuckDB/Spark.

``documents.parquet`` has one row per article (with its text); every layer table has
``doc_id`` to join on. Events are per article with ``merge_key``: group by it to get the
merged events of ``marsad events``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES = (
    "documents",
    "mentions",
    "entities",
    "times",
    "quantities",
    "quotes",
    "events",
    "event_actors",
)
_SKIP = {"record", "rid"}  # the JSON record is in the JSONL export; rid is internal
_INT = {
    "char_start",
    "char_end",
    "n_chars",
    "approx",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "direct",
    "evidence_start",
    "evidence_end",
    "fatalities",
    "position",
    "n_mentions",
    "geonames",
}
_FLOAT = {"value", "min_value", "max_value", "lat", "lon"}
# a total order within a document, so that paging never repeats or skips a row
_ORDER = {"event_actors": "t.event_id, t.role, t.position"}


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column in _INT:
        return pa.int64()
    if column in _FLOAT:
        return pa.float64()
    return pa.string()


def write_parquet(
    store: Any,
    directory: str | Path,
    *,
    tables: tuple[str, ...] = TABLES,
    page: int = 20_000,
    **filters: Any,
) -> dict[str, int]:
    """Write ``<table>.parquet`` files into ``directory``; returns rows written per table.
    Filters (as in ``Store.search``) select the documents whose rows are written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..store.store import _doc_filters

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    where, params = _doc_filters(filters)
    counts: dict[str, int] = {}
    for table in tables:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        if table == "documents":
            source = f"FROM documents d WHERE 1 = 1 {where} ORDER BY d.rid"
        else:
            source = f"FROM {table} t JOIN documents d ON d.id = t.doc_id WHERE 1 = 1 {where} ORDER BY d.rid, {_ORDER.get(table, 't.id')}"
        columns = _columns(store, table)
        schema = pa.schema([(c, _arrow_type(c)) for c in columns])
        alias = "d" if table == "documents" else "t"
        select = ", ".join(f"{alias}.{c}" for c in columns)
        n = 0
        with pq.ParquetWriter(out / f"{table}.parquet", schema, compression="zstd") as writer:
            offset = 0
            while True:
                rows = store.db.execute(
                    f"SELECT {select} {source} LIMIT ? OFFSET ?", [*params, page, offset]
                )
                if not rows:
                    break
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                offset += page
        counts[table] = n
    return counts


def _columns(store: Any, table: str) -> list[str]:
    """Column names of a table in schema order (from the driver, works on empty tables)."""
    db = store.db
    if db.dialect == "sqlite":
        names = [r["name"] for r in db.execute(f"PRAGMA table_info({table})")]
    else:
        names = [
            r["column_name"]
            for r in db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
                (table,),
            )
        ]
    return [c for c in names if c not in _SKIP]
