"""Read articles from files into plain records, never losing the rest of a batch to one
bad item: each item is either a record (a dict with ``text`` and optional ``id``,
``title``, ``source``, ``url``, ``published``) or a coded problem with its origin
(``path:line``)."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..errors import MarsadError

RECORD_FIELDS = ("id", "title", "source", "url", "published")


@dataclass
class Item:
    origin: str
    record: dict[str, Any] | None = None
    error: MarsadError | None = None


def decode(data: bytes, origin: str = "") -> str:
    """Bytes to text: UTF-8 (BOM stripped), UTF-16/32 with a BOM, else windows-1256 when
    the bytes read as Arabic. Anything else is E101 with the position of the first bad byte."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise MarsadError("E101", f"{origin}: invalid {enc} at byte {exc.start}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" not in data:
            try:
                legacy = data.decode("cp1256")
            except UnicodeDecodeError:
                legacy = None
            if legacy is not None and _looks_arabic(legacy):
                return legacy
        raise MarsadError("E101", f"{origin}: invalid UTF-8 at byte {exc.start}") from None
    if "\x00" in text:
        raise MarsadError("E101", f"{origin}: NUL bytes (a binary file?)")
    return text


def _looks_arabic(text: str) -> bool:
    letters = sum(1 for c in text if c.isalpha())
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    return letters > 0 and arabic / letters > 0.5


def record_from_json(obj: Any, origin: str) -> Item:
    if not isinstance(obj, dict):
        return Item(origin, error=MarsadError("E105", f"{origin}: a JSON object is expected"))
    text = obj.get("text", obj.get("content"))
    if not isinstance(text, str):
        return Item(origin, error=MarsadError("E105", f"{origin}: no 'text' string"))
    record: dict[str, Any] = {"text": text}
    for key in RECORD_FIELDS:
        value = obj.get(key)
        if key == "published" and value is None:
            value = obj.get("date") or obj.get("date_extracted")
        if value is not None:
            record[key] = str(value)
    return Item(origin, record)


def read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    for lineno, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Item(where, error=MarsadError("E104", f"{where}: {exc}"))
            continue
        yield record_from_json(obj, where)


def read_path(path: str, *, source: str | None = None) -> Iterator[Item]:
    """Items from a .txt, .json or .jsonl file, or ``-`` for standard input (JSON lines if
    it looks like them, else one article)."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        yield Item(path, error=MarsadError("E106", f"{path}: {exc.strerror or exc}"))
        return
    lower = path.lower()
    if lower.endswith((".jsonl", ".ndjson")) or (path == "-" and data.lstrip().startswith(b"{")):
        yield from read_jsonl(data, path)
        return
    if lower.endswith(".json"):
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield Item(path, error=MarsadError("E104", f"{path}: {exc}"))
            return
        objs = obj if isinstance(obj, list) else [obj]
        for i, o in enumerate(objs):
            yield record_from_json(o, f"{path}[{i}]")
        return
    try:
        text = decode(data, path)
    except MarsadError as exc:
        yield Item(path, error=exc)
        return
    record: dict[str, Any] = {"text": text}
    if source:
        record["source"] = source
    yield Item(path, record)
