"""Web formats: HTML pages (trafilatura), RSS/Atom feeds (feedparser), WARC archives (warcio).

These need the ``html`` extra; without it each file yields one E112 problem instead of
failing the batch.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from ..errors import MarsadError
from .readers import Item, decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def decode_html(data: bytes, origin: str, declared: str | None = None) -> str:
    """HTML bytes to text: the charset declared by HTTP or a <meta> tag, else ``decode``."""
    m = _META_CHARSET.search(data[:4096])
    for charset in (declared, m.group(1).decode("ascii", "replace") if m else None):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, origin)


def _extract(page: str, origin: str, url: str | None = None) -> Item:
    try:
        import trafilatura
    except ImportError:
        return Item(origin, error=MarsadError("E112", f"{origin}: trafilatura"))
    try:
        found = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False
        )
    except Exception as exc:  # trafilatura raises many kinds on broken pages
        return Item(origin, error=MarsadError("E111", f"{origin}: {type(exc).__name__}: {exc}"))
    if found is None:
        return Item(origin, error=MarsadError("E105", f"{origin}: no main text found in the page"))
    meta: dict[str, Any] = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = meta.get("text") or ""
    if not text.strip():
        return Item(origin, error=MarsadError("E105", f"{origin}: no main text found in the page"))
    record: dict[str, Any] = {"text": text}
    if meta.get("title"):
        record["title"] = meta["title"]
    page_url = meta.get("url") or url
    if page_url:
        record["url"] = page_url
    source = (
        meta.get("sitename")
        or meta.get("hostname")
        or (urlsplit(page_url).hostname if page_url else None)
    )
    if source:
        record["source"] = source
    if meta.get("date"):
        record["published"] = meta["date"]
    return Item(origin, record)


def read_html(
    data: bytes, origin: str, *, url: str | None = None, charset: str | None = None
) -> Iterator[Item]:
    """One article from an HTML page: main text, title, date, site name (trafilatura)."""
    try:
        page = decode_html(data, origin, charset)
    except MarsadError as exc:
        yield Item(origin, error=exc)
        return
    yield _extract(page, origin, url)


class _TextOfHtml(HTMLParser):
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed entry): tags dropped, blocks as lines."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return dt.datetime(*struct[:6], tzinfo=dt.UTC).isoformat()
    except (TypeError, ValueError):
        return None


def read_feed(data: bytes, origin: str) -> Iterator[Item]:
    """One article per RSS/Atom entry: full content if the feed carries it, else the
    summary; title, link, publication date, and the feed's title as source."""
    try:
        import feedparser
    except ImportError:
        yield Item(origin, error=MarsadError("E112", f"{origin}: feedparser"))
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        yield Item(
            origin,
            error=MarsadError(
                "E111", f"{origin}: no feed entries" + (f" ({reason})" if reason else "")
            ),
        )
        return
    feed_title = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        at = f"{origin}#{i + 1}"
        body = ""
        for content in entry.get("content") or []:
            body = max(body, html_to_text(content.get("value", "")), key=len)
        if not body:
            body = html_to_text(entry.get("summary", "") or entry.get("description", ""))
        if not body.strip():
            yield Item(at, error=MarsadError("E105", f"{at}: the entry has no content or summary"))
            continue
        record: dict[str, Any] = {"text": body}
        for key, value in (
            ("id", entry.get("id")),
            ("title", html_to_text(entry.get("title", "")) or None),
            ("url", entry.get("link")),
            ("published", _iso(entry.get("published_parsed") or entry.get("updated_parsed"))),
            ("source", feed_title),
        ):
            if value:
                record[key] = value
        yield Item(at, record)


def read_warc(data: bytes, origin: str) -> Iterator[Item]:
    """One article per HTML (trafilatura) or plain-text response/resource record."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield Item(origin, error=MarsadError("E112", f"{origin}: warcio"))
        return
    try:
        for n, rec in enumerate(ArchiveIterator(io.BytesIO(data), arc2warc=True), 1):
            if rec.rec_type not in ("response", "resource"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            at = f"{origin}#{n}" + (f" {url}" if url else "")
            if rec.http_headers is not None:
                status = rec.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue
                ctype = rec.http_headers.get_header("Content-Type") or ""
            else:
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            payload = rec.content_stream().read()
            charset = None
            if "charset=" in ctype:
                charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'")
            if "html" in ctype:
                yield from read_html(payload, at, url=url, charset=charset)
            elif ctype.startswith("text/plain"):
                try:
                    text = payload.decode(charset) if charset else decode(payload, at)
                except (LookupError, UnicodeDecodeError, MarsadError) as exc:
                    yield Item(
                        at,
                        error=exc
                        if isinstance(exc, MarsadError)
                        else MarsadError("E101", f"{at}: {exc}"),
                    )
                    continue
                record: dict[str, Any] = {"text": text}
                if url:
                    record["url"] = url
                    host = urlsplit(url).hostname
                    if host:
                        record["source"] = host
                yield Item(at, record)
    except Exception as exc:  # a truncated or corrupt archive: keep what was read
        yield Item(origin, error=MarsadError("E111", f"{origin}: {type(exc).__name__}: {exc}"))
