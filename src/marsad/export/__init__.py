"""Exports: JSONL records, GDELT- and ACLED-like CSV, PLOVER JSON, Parquet, CoNLL."""
