"""Readers for news sources (text, JSON lines, CSV, HTML, feeds, WARC, directories, globs)
and the ingest loop that feeds them through the pipeline into the corpus store."""

from .readers import Item, decode, expand_paths, read_path, read_paths
from .runner import IngestReport, ingest, ingest_items

__all__ = [
    "IngestReport",
    "Item",
    "decode",
    "expand_paths",
    "ingest",
    "ingest_items",
    "read_path",
    "read_paths",
]
