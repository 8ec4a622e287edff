"""Read articles from files into plain records, never losing the rest of a batch to one
bad item: each item is either a record (a dict with ``text`` and optional ``id``,
``title``, ``source``, ``url``, ``published``) or a coded problem with its origin
(``path:line``).

Formats, chosen by extension (content sniffed for others): ``.txt`` (one article),
``.jsonl``/``.ndjson``/``.json``, ``.csv``/``.tsv`` (column mapping, see ``read_csv``),
``.html``/``.htm`` (main text and metadata by trafilatura), RSS/Atom (``.rss``, ``.atom``,
``.xml``; feedparser), ``.warc``/``.warc.gz`` (warcio; HTML responses through trafilatura).
``name.ext.gz`` is decompressed first. ``read_paths`` also takes directories (walked,
known extensions only) and glob patterns. HTML, feeds and WARC need ``marsad[html]``.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import regex

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
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise MarsadError("E101", f"{origin}: invalid {enc} at byte {exc.start}") from None
            if "\x00" in text:
                raise MarsadError("E101", f"{origin}: NUL characters (a binary file?)")
            return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # windows-1256 only when the bytes are not UTF-8 with a few bad bytes (or a mix of
        # the two): read as windows-1256, UTF-8 Arabic would silently become mojibake.
        if b"\x00" not in data and not _mostly_utf8(data):
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


_UTF8_ARABIC = re.compile(rb"[\xd8-\xdb][\x80-\xbf]")  # an Arabic letter in UTF-8
_ASCII = bytes(range(128))


def _mostly_utf8(data: bytes) -> bool:
    """True when a noticeable share of the non-ASCII bytes are UTF-8 Arabic letters (in
    windows-1256 text such pairs are rare: a letter followed by a sign like ، or ؟)."""
    high = len(data.translate(None, _ASCII))
    return high > 0 and 2 * len(_UTF8_ARABIC.findall(data)) > 0.1 * high


_LETTER = regex.compile(r"\p{L}")
_ARABIC_LETTER = regex.compile(r"[\u0600-\u06ff]")


def _looks_arabic(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    arabic = len(_ARABIC_LETTER.findall(text))
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


def read_jsonl(data: bytes | Iterable[bytes], origin: str) -> Iterator[Item]:
    """Items of JSON Lines: ``data`` is the bytes or an iterable of lines (an open file)."""
    lines = data.splitlines() if isinstance(data, bytes) else data
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Item(where, error=MarsadError("E104", f"{where}: {exc}"))
            continue
        yield record_from_json(obj, where)


def read_path(
    path: str,
    *,
    source: str | None = None,
    columns: dict[str, str] | None = None,
) -> Iterator[Item]:
    """Items from one file (any format above), or ``-`` for standard input (JSON lines if it
    looks like them, else one article). ``source`` fills records that carry none;
    ``columns`` maps record fields to CSV column names (``{"text": "body", ...}``)."""
    if path != "-" and path.lower().endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from _stream_jsonl(path, source)
        return
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        yield Item(path, error=MarsadError("E106", f"{path}: {exc.strerror or exc}"))
        return
    for item in _read_bytes(data, path, path.lower(), columns):
        if source and item.record is not None and not item.record.get("source"):
            item.record["source"] = source
        yield item


def _stream_jsonl(path: str, source: str | None) -> Iterator[Item]:
    """JSON Lines read line by line: a corpus of any size in bounded memory."""
    try:
        with gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb") as fh:  # noqa: SIM115
            for item in read_jsonl(fh, path):
                if source and item.record is not None and not item.record.get("source"):
                    item.record["source"] = source
                yield item
    except (OSError, EOFError) as exc:
        detail = getattr(exc, "strerror", None) or exc
        yield Item(path, error=MarsadError("E106", f"{path}: {detail}"))


def _read_bytes(
    data: bytes, path: str, lower: str, columns: dict[str, str] | None
) -> Iterator[Item]:
    if lower.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        from .web import read_warc

        yield from read_warc(data, path)
        return
    if lower.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield Item(path, error=MarsadError("E106", f"{path}: not a valid gzip file ({exc})"))
            return
        lower = lower[:-3]
    kind = _kind(lower, data, path == "-")
    if kind == "jsonl":
        yield from read_jsonl(data, path)
    elif kind == "json":
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            yield Item(path, error=MarsadError("E104", f"{path}: {exc}"))
            return
        objs = obj if isinstance(obj, list) else [obj]
        for i, o in enumerate(objs):
            yield record_from_json(o, f"{path}[{i}]")
    elif kind == "csv":
        yield from read_csv(
            data, path, columns=columns, delimiter="\t" if lower.endswith(".tsv") else None
        )
    elif kind in ("html", "feed"):
        from .web import read_feed, read_html

        yield from (read_html(data, path) if kind == "html" else read_feed(data, path))
    else:
        try:
            text = decode(data, path)
        except MarsadError as exc:
            yield Item(path, error=exc)
            return
        yield Item(path, {"text": text})


def _kind(lower: str, data: bytes, stdin: bool) -> str:
    """The format of a file from its extension, else from its first bytes."""
    for exts, kind in (
        ((".jsonl", ".ndjson"), "jsonl"),
        ((".json",), "json"),
        ((".csv", ".tsv"), "csv"),
        ((".html", ".htm", ".xhtml"), "html"),
        ((".rss", ".atom", ".xml", ".rdf"), "feed"),
        ((".txt", ".text"), "text"),
    ):
        if lower.endswith(exts):
            return kind
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"<"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    return "text"


# Fields a CSV column may hold, with the names recognised without a mapping.
CSV_COLUMN_NAMES = {
    "text": ("text", "content", "body", "article", "story", "maintext", "full_text"),
    "id": ("id", "doc_id", "article_id"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site", "sitename"),
    "url": ("url", "link"),
    "published": ("published", "date", "date_publish", "pubdate", "published_at", "datetime"),
}


def read_csv(
    data: bytes,
    origin: str,
    *,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
) -> Iterator[Item]:
    """Rows of a CSV file with a header. ``columns`` maps record fields (text, id, title,
    source, url, published) to column names; unmapped fields are found by common names
    (case-insensitive, see ``CSV_COLUMN_NAMES``). No text column: one E110 problem."""
    try:
        text = decode(data, origin)
    except MarsadError as exc:
        yield Item(origin, error=exc)
        return
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Item(origin, error=MarsadError("E102", f"{origin}: empty CSV file"))
        return
    lower = {h.strip().lower(): i for i, h in enumerate(header)}
    where: dict[str, int] = {}
    for fld, names in CSV_COLUMN_NAMES.items():
        wanted = (columns or {}).get(fld)
        if wanted is not None:
            if wanted.strip().lower() not in lower:
                yield Item(
                    origin,
                    error=MarsadError(
                        "E110",
                        f"{origin}: no column '{wanted}' for {fld}; columns: {', '.join(header)}",
                    ),
                )
                return
            where[fld] = lower[wanted.strip().lower()]
            continue
        found = next((lower[n] for n in names if n in lower), None)
        if found is not None:
            where[fld] = found
    if "text" not in where:
        yield Item(origin, error=MarsadError("E110", f"{origin}: columns are {', '.join(header)}"))
        return
    try:
        for rowno, row in enumerate(reader, 2):
            at = f"{origin}:{rowno}"
            if not any(cell.strip() for cell in row):
                continue
            values = {fld: row[i] for fld, i in where.items() if i < len(row) and row[i] != ""}
            if not values.get("text"):
                yield Item(at, error=MarsadError("E105", f"{at}: empty text cell"))
                continue
            yield Item(at, values)
    except csv.Error as exc:
        yield Item(origin, error=MarsadError("E104", f"{origin}: {exc}"))


# directories and globs -----------------------------------------------------------------------

KNOWN_EXTENSIONS = (
    ".txt",
    ".text",
    ".jsonl",
    ".ndjson",
    ".json",
    ".csv",
    ".tsv",
    ".html",
    ".htm",
    ".xhtml",
    ".rss",
    ".atom",
    ".xml",
    ".rdf",
    ".warc",
    ".arc",
)


def _known(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith(KNOWN_EXTENSIONS)


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, MarsadError | None]]:
    """Files named by paths, directories (walked in sorted order, hidden entries and unknown
    extensions skipped) and glob patterns; a path matching nothing yields an E113 problem."""
    for path in paths:
        if path == "-":
            yield path, None
            continue
        p = Path(path).expanduser()
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and _known(f.name)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                yield path, MarsadError("E113", f"{path}: no readable files in this directory")
            for f in found:
                yield str(f), None
        elif p.exists():
            yield str(p), None
        elif any(c in path for c in "*?["):
            matches = sorted(m for m in glob.glob(str(p), recursive=True) if Path(m).is_file())
            if not matches:
                yield path, MarsadError("E113", path)
            for m in matches:
                yield m, None
        else:
            yield path, MarsadError("E113", path)


def read_paths(
    paths: Iterable[str],
    *,
    source: str | None = None,
    columns: dict[str, str] | None = None,
) -> Iterator[Item]:
    """Items from files, directories and glob patterns (see ``read_path``)."""
    for path, error in expand_paths(paths):
        if error is not None:
            yield Item(path, error=error)
        else:
            yield from read_path(path, source=source, columns=columns)
