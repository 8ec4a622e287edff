"""Exports of a corpus store in the formats the field uses.

==========  ==============================================================================
format      what
==========  ==============================================================================
jsonl       one ``marsad.document/1`` record per line (the full record, text included)
gdelt       merged events as CSV, GDELT 2.0 column names (``GDELT_COLUMNS``)
acled       merged events as CSV, ACLED column names (``ACLED_COLUMNS``); event_type
            mapped from PLOVER; fatalities = people reported killed (quantities layer)
            in the evidence sentence, the lowest figure across articles (ACLED's rule)
plover      merged events as a JSON array of PLOVER records with their evidence
parquet     a directory of ``<table>.parquet`` (documents and every layer; pyarrow)
conll       name mentions as CoNLL/BIO (token, tag), one block per document
==========  ==============================================================================

``export(store, fmt, path, **filters)`` writes one of them and returns the number of rows
(documents, events, or a dict of rows per table for parquet). Filters as in
``Store.search``/``Store.events``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson

from .conll import bio_sentences, write_conll
from .events import ACLED_COLUMNS, GDELT_COLUMNS, acled_type, write_csv, write_plover
from .tables import TABLES, write_parquet

FORMATS = ("jsonl", "gdelt", "acled", "plover", "parquet", "conll")


def write_jsonl(store: Any, out: Any, **filters: Any) -> int:
    n = 0
    for record in store.iter_records(**filters):
        out.write(orjson.dumps(record) + b"\n")
        n += 1
    return n


def export(store: Any, fmt: str, path: str | Path | None, **filters: Any) -> int | dict[str, int]:
    """Write ``fmt`` to ``path`` (a file; a directory for parquet; None or "-" for stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path in (None, "-"):
            raise ValueError("parquet needs an output directory (-o DIR)")
        return write_parquet(store, path, **filters)
    to_stdout = path in (None, "-")
    binary = fmt in ("jsonl", "plover")
    if to_stdout:
        out: Any = sys.stdout.buffer if binary else sys.stdout
    elif binary:
        out = open(path, "wb")  # noqa: SIM115 - closed below
    else:
        out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if fmt == "jsonl":
            return write_jsonl(store, out, **filters)
        if fmt in ("gdelt", "acled"):
            return write_csv(store, out, fmt, **filters)
        if fmt == "plover":
            return write_plover(store, out, **filters)
        return write_conll(store.iter_records(**filters), out)
    finally:
        if to_stdout:
            out.flush()
        else:
            out.close()


__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "TABLES",
    "acled_type",
    "bio_sentences",
    "export",
    "write_conll",
    "write_csv",
    "write_jsonl",
    "write_parquet",
    "write_plover",
]
