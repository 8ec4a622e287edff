"""The corpus store: documents and their layers as tables, search, stories, merged events.

See the package docstring (``marsad.store``) for the public interface.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import regex

from ..document import Document, text_id
from ..errors import MarsadError
from ..settings import Settings
from ..text import normalize_string, split_sentences
from . import dedup
from .db import Database
from .query import Query, parse_query
from .schema import LATEST, current_version, migrate

_DAY = regex.compile(r"^\d{4}-\d{2}-\d{2}")
_WORDS = regex.compile(r"[\p{L}\p{N}]+")
LAYER_TABLES = ("mentions", "entities", "times", "quantities", "quotes", "events", "event_actors")
KILLED = ("killed",)  # quantity categories counted as fatalities (ACLED-style)


def open_store(
    url: str | os.PathLike[str] | None = None, *, settings: Settings | None = None
) -> Store:
    """Open (creating and migrating if needed) the store at ``url``: a file path for
    SQLite, ``postgresql://…`` for PostgreSQL. Default: ``$MARSAD_DB``, else ``settings.db``."""
    settings = settings or Settings()
    target = str(url) if url is not None else os.environ.get("MARSAD_DB") or settings.db
    return Store(target, settings)


def content_hash(text: str, source: str | None = None, url: str | None = None) -> str:
    """The ingest key: the same article text from the same source/URL is stored once; the
    same text from another outlet is a separate document (counted in NumSources)."""
    h = hashlib.sha1(text.encode("utf-8", "surrogatepass"))
    h.update(b"\x00" + (source or "").encode("utf-8", "surrogatepass"))
    h.update(b"\x00" + (url or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def pipeline_version(pipeline: Any) -> str:
    """A fingerprint of a pipeline: Marsad's version plus its components and their
    descriptions and the settings, so that a changed pipeline reprocesses the corpus."""
    from .. import __version__

    parts = [f"{s.spec.name}:{s.spec.description}" for s in getattr(pipeline, "steps", [])]
    settings = getattr(pipeline, "settings", None)
    if settings is not None:
        parts.append(repr(settings))
    digest = hashlib.sha1("\n".join(parts).encode()).hexdigest()[:10]
    return f"{__version__}+{digest}"


@dataclass
class AddResult:
    """What ``Store.add_documents`` did: ids added, ids already stored, problems by id."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)


def entity_key(kb: str | None, type_: str | None, name: str) -> str:
    """One corpus-level entity per knowledge-base id, else per type and normalised name."""
    return kb if kb else f"{type_ or 'X'}:{normalize_string(name)}"


class Store:
    def __init__(self, url: str, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.url = url
        self.db = Database(url, busy_timeout=self.settings.store_busy_timeout)
        try:
            migrate(self.db)
        except Exception:
            self.db.close()
            raise

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # writing -------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are stored already."""
        hashes = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", chunk
            )
            found.update(r["content_hash"] for r in rows)
        return found

    def add_documents(
        self, docs: Iterable[Document], *, pipeline_version: str | None = None
    ) -> AddResult:
        """Store extracted documents in ONE transaction (all or nothing). A document whose
        content (text, source, url) is stored already is skipped; an id taken by another
        text is a problem E405 (an automatic id is replaced by the content hash instead)."""
        from .. import __version__

        version = pipeline_version or __version__
        result = AddResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.db.transaction():
            for doc in docs:
                if not doc.text:
                    result.problems.append(
                        {"id": doc.id, "code": "E102", "message": "empty document not stored"}
                    )
                    continue
                bad = _unstorable(doc, self.db.dialect)
                if bad:  # refused alone: the rest of the batch is stored
                    result.problems.append({"id": doc.id, "code": "E409", "message": bad})
                    continue
                key = content_hash(doc.text, doc.meta.source, doc.meta.url)
                if self.db.one("SELECT 1 AS x FROM documents WHERE content_hash = ?", (key,)):
                    result.skipped.append(doc.id)
                    continue
                if self.db.one("SELECT 1 AS x FROM documents WHERE id = ?", (doc.id,)):
                    if doc.id != text_id(doc.text):
                        result.problems.append(
                            {
                                "id": doc.id,
                                "code": "E405",
                                "message": f"id '{doc.id}' is taken by another text",
                            }
                        )
                        continue
                    doc.id = key  # the same text from another source/URL
                if self._insert(doc, key, version, now):
                    result.added.append(doc.id)
                else:  # another writer stored the same content meanwhile (PostgreSQL)
                    result.skipped.append(doc.id)
        return result

    def _insert(self, doc: Document, key: str, version: str, now: str) -> bool:
        record = doc.to_dict()
        del record["text"]
        meta = doc.meta
        day = meta.published[:10] if meta.published and _DAY.match(meta.published) else None
        story = self._story_for(doc)
        rows = self.db.execute(
            "INSERT INTO documents (id, content_hash, title, source, url, published, day, language, "
            "text, record, n_chars, error_code, pipeline_version, story_id, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING rid",
            (
                doc.id,
                key,
                meta.title,
                meta.source,
                meta.url,
                meta.published,
                day,
                meta.language,
                doc.text,
                pack_record(record),
                len(doc.text),
                doc.error.code if doc.error else None,
                version,
                story[0],
                now,
            ),
        )
        if not rows:
            return False
        if story[1] is not None:
            self.db.execute(
                "INSERT INTO minhashes (doc_id, signature) VALUES (?, ?)", (doc.id, story[1])
            )
            self.db.executemany(
                "INSERT INTO lsh_buckets (bucket, doc_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(b, doc.id) for b in story[2]],
            )
        self._insert_layers(doc, day)
        self._index(doc, rows[0]["rid"])
        return True

    def _story_for(self, doc: Document) -> tuple[str, bytes | None, list[int]]:
        """(story id, signature, buckets): the story of the most similar stored document
        at or above the threshold, else a new story named after this document."""
        s = self.settings
        if not dedup.available():
            return doc.id, None, []
        sig = dedup.signature(doc.text, s.store_minhash_perm)
        if sig is None:
            return doc.id, None, []
        bks = dedup.buckets(sig, s.store_lsh_bands)
        best: tuple[float, str] | None = None
        for i in range(0, len(bks), 500):
            chunk = bks[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT m.doc_id, m.signature, d.story_id FROM minhashes m "
                "JOIN documents d ON d.id = m.doc_id "
                f"WHERE m.doc_id IN (SELECT DISTINCT doc_id FROM lsh_buckets WHERE bucket IN ({marks}))",
                chunk,
            )
            for r in rows:
                sim = dedup.similarity(sig, bytes(r["signature"]))
                if sim >= s.store_dedup_threshold and (best is None or sim > best[0]):
                    best = (sim, r["story_id"])
        return (best[1] if best else doc.id), sig, bks

    def _insert_layers(self, doc: Document, doc_day: str | None) -> None:
        db = self.db
        did = doc.id
        keys: dict[str, str] = {}
        entity_rows = []
        for e in doc.entities:
            k = entity_key(e.kb, e.type, e.name)
            keys[e.id] = k
            geo = e.geo
            entity_rows.append(
                (
                    did,
                    e.id,
                    k,
                    e.type,
                    e.name,
                    normalize_string(e.name),
                    e.name_en,
                    e.kb,
                    e.country,
                    e.sector,
                    geo.lat if geo else None,
                    geo.lon if geo else None,
                    geo.precision if geo else None,
                    geo.geonames if geo else None,
                    orjson.dumps([r.to_dict() for r in e.roles]).decode(),
                    len(e.mentions),
                )
            )
        db.executemany(
            "INSERT INTO entities (doc_id, id, entity_key, type, name, name_norm, name_en, kb, country, "
            "sector, lat, lon, geo_precision, geonames, roles, n_mentions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entity_rows,
        )
        db.executemany(
            "INSERT INTO mentions (doc_id, id, char_start, char_end, text, norm, type, kind, entity) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    did,
                    m.id,
                    m.start,
                    m.end,
                    m.text,
                    normalize_string(m.text),
                    m.type,
                    m.kind,
                    m.entity,
                )
                for m in doc.mentions
            ],
        )
        db.executemany(
            "INSERT INTO times (doc_id, id, char_start, char_end, text, type, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(did, t.id, t.start, t.end, t.text, t.type, t.value) for t in doc.times],
        )
        db.executemany(
            "INSERT INTO quantities (doc_id, id, char_start, char_end, text, value, min_value, max_value, "
            "approx, unit, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    did,
                    q.id,
                    q.start,
                    q.end,
                    q.text,
                    _num(q.value),
                    _num(q.min),
                    _num(q.max),
                    int(bool(q.approx)),
                    q.unit,
                    q.category,
                )
                for q in doc.quantities
            ],
        )
        db.executemany(
            "INSERT INTO quotes (doc_id, id, speaker, speaker_mention, cue_start, cue_end, cue_text, cue_class, "
            "content_start, content_end, direct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    did,
                    x.id,
                    x.speaker,
                    x.speaker_mention,
                    x.cue.start,
                    x.cue.end,
                    x.cue.text,
                    x.cue.cls,
                    x.content.start,
                    x.content.end,
                    int(bool(x.direct)),
                )
                for x in doc.quotes
            ],
        )
        times = {t.id: t for t in doc.times}
        event_rows, actor_rows = [], []
        for v in doc.events:
            loc = doc.entity(v.location)
            t = times.get(v.time) if v.time else None
            day = t.value[:10] if t and t.value and _DAY.match(t.value) else doc_day
            sides = []
            for role, actors in (("source", v.source), ("target", v.target)):
                side = []
                for i, a in enumerate(actors):
                    k = keys.get(a.entity) if a.entity else None
                    norm = normalize_string(a.text)
                    side.append(k or f"text:{norm}")
                    actor_rows.append(
                        (did, v.id, role, i, a.entity, k, a.text, norm, a.country, a.sector)
                    )
                sides.append("|".join(sorted(side)))
            loc_key = keys.get(v.location, "") if v.location else ""
            merge = "\x1f".join((v.type, sides[0], sides[1], loc_key, day or ""))
            event_rows.append(
                (
                    did,
                    v.id,
                    hashlib.sha1(merge.encode()).hexdigest()[:16],
                    v.type,
                    v.mode,
                    v.status,
                    v.cameo,
                    v.reported_by,
                    v.evidence.start,
                    v.evidence.end,
                    v.time,
                    day,
                    v.location,
                    loc.name if loc else None,
                    loc.country if loc else None,
                    loc.geo.lat if loc and loc.geo else None,
                    loc.geo.lon if loc and loc.geo else None,
                    loc.geo.precision if loc and loc.geo else None,
                    _fatalities(doc, v.evidence.start, v.evidence.end),
                )
            )
        db.executemany(
            "INSERT INTO events (doc_id, id, merge_key, type, mode, status, cameo, reported_by, "
            "evidence_start, evidence_end, time_id, day, location_id, location_name, country, lat, lon, "
            "geo_precision, fatalities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            event_rows,
        )
        db.executemany(
            "INSERT INTO event_actors (doc_id, event_id, role, position, entity, entity_key, text, norm, "
            "country, sector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            actor_rows,
        )

    def _index(self, doc: Document, rid: int) -> None:
        title = dedup.words(doc.meta.title or "")
        body = _body_words(doc)
        stems = _stems(doc)
        if self.dialect == "sqlite":
            self.db.execute(
                "INSERT INTO documents_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                (rid, " ".join(title), " ".join(body), " ".join(stems)),
            )
        else:
            self.db.execute(
                "INSERT INTO documents_search (doc_id, tsv) VALUES (?, CAST(? AS tsvector))",
                (doc.id, _tsvector(title, body, stems)),
            )

    def delete_document(self, doc_id: str) -> bool:
        with self.db.transaction():
            row = self.db.one("SELECT rid FROM documents WHERE id = ?", (doc_id,))
            if row is None:
                return False
            if self.dialect == "sqlite":
                self.db.execute("DELETE FROM documents_fts WHERE rowid = ?", (row["rid"],))
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return True

    # reprocessing --------------------------------------------------------------------------
    def stale_count(self, version: str) -> int:
        return int(
            self.db.scalar(
                "SELECT COUNT(*) AS n FROM documents WHERE pipeline_version <> ?", (version,)
            )
            or 0
        )

    def reprocess(
        self,
        pipeline: Any,
        *,
        force: bool = False,
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Re-extract documents stored by another pipeline version (all with ``force``),
        one transaction per batch; text, source and story are kept. Returns the count."""
        version = pipeline_version(pipeline)
        size = batch_size or self.settings.batch_size
        done = 0
        last_rid = 0
        while True:
            cond = "" if force else "AND pipeline_version <> ?"
            params: list[Any] = [last_rid] + ([] if force else [version])
            rows = self.db.execute(
                f"SELECT rid, id, text, record FROM documents WHERE rid > ? {cond} ORDER BY rid LIMIT ?",
                [*params, size],
            )
            if not rows:
                return done
            last_rid = rows[-1]["rid"]
            docs = []
            for r in rows:
                old = unpack_record(r["record"])
                doc = pipeline.make_doc(
                    r["text"],
                    id=r["id"],
                    **{k: old["meta"].get(k) for k in ("title", "source", "url", "published")},
                )
                docs.append((r["rid"], pipeline.process(doc)))
            with self.db.transaction():
                for rid, doc in docs:
                    for table in LAYER_TABLES:
                        self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
                    if self.dialect == "sqlite":
                        self.db.execute("DELETE FROM documents_fts WHERE rowid = ?", (rid,))
                    else:
                        self.db.execute("DELETE FROM documents_search WHERE doc_id = ?", (doc.id,))
                    record = doc.to_dict()
                    del record["text"]
                    day = (
                        doc.meta.published[:10]
                        if doc.meta.published and _DAY.match(doc.meta.published)
                        else None
                    )
                    self.db.execute(
                        "UPDATE documents SET record = ?, error_code = ?, pipeline_version = ? WHERE id = ?",
                        (
                            pack_record(record),
                            doc.error.code if doc.error else None,
                            version,
                            doc.id,
                        ),
                    )
                    self._insert_layers(doc, day)
                    self._index(doc, rid)
            done += len(docs)
            if progress:
                progress(len(docs))

    # reading -------------------------------------------------------------------------------
    def get_record(self, doc_id: str) -> dict[str, Any] | None:
        """The full JSON record (``marsad.document/1``) of a stored document, or None."""
        row = self.db.one("SELECT text, record FROM documents WHERE id = ?", (doc_id,))
        return _record(row) if row else None

    def get_document(self, doc_id: str) -> Document | None:
        record = self.get_record(doc_id)
        return Document.from_dict(record) if record else None

    def iter_records(self, *, batch_size: int = 200, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every stored record matching the filters (see ``search``), in ingest order."""
        where, params = _doc_filters(filters)
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT d.rid, d.text, d.record FROM documents d WHERE d.rid > ? {where} ORDER BY d.rid LIMIT ?",
                [last, *params, batch_size],
            )
            if not rows:
                return
            last = rows[-1]["rid"]
            for r in rows:
                yield _record(r)

    def documents(
        self, *, limit: int = 50, offset: int = 0, **filters: Any
    ) -> list[dict[str, Any]]:
        """Document summaries (newest first) matching the filters."""
        return self.search("", limit=limit, offset=offset, **filters)["hits"]

    def search(
        self, query: str = "", *, limit: int = 20, offset: int = 0, **filters: Any
    ) -> dict[str, Any]:
        """Full-text search with Arabic normalisation and filters. Query syntax: words (all
        must occur; clitics are handled), "exact phrases", ``a OR b``, ``-excluded``,
        ``prefix*``. Returns ``{"total", "hits": [{id, title, source, url, published,
        story_id, score, sentence: {start, end, text}}]}``, best first (newest first
        without a query)."""
        where, params = _doc_filters(filters)
        q = parse_query(query) if query.strip() else None
        cols = "d.id, d.title, d.source, d.url, d.published, d.story_id, d.text, d.record"
        if q is None:
            total = self.db.scalar(
                f"SELECT COUNT(*) AS n FROM documents d WHERE 1 = 1 {where}", params
            )
            rows = self.db.execute(
                f"SELECT {cols}, 0.0 AS score FROM documents d WHERE 1 = 1 {where} "
                "ORDER BY d.day DESC NULLS LAST, d.rid DESC LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        elif self.dialect == "sqlite":
            match = q.fts5()
            base = "FROM documents_fts f JOIN documents d ON d.rid = f.rowid WHERE documents_fts MATCH ?"
            total = self.db.scalar(f"SELECT COUNT(*) AS n {base} {where}", [match, *params])
            rows = self.db.execute(
                f"SELECT {cols}, -bm25(documents_fts, 4.0, 1.0, 0.5) AS score {base} {where} "
                "ORDER BY bm25(documents_fts, 4.0, 1.0, 0.5) LIMIT ? OFFSET ?",
                [match, *params, limit, offset],
            )
        else:
            tsq = q.tsquery()
            base = "FROM documents_search s JOIN documents d ON d.id = s.doc_id WHERE s.tsv @@ CAST(? AS tsquery)"
            total = self.db.scalar(f"SELECT COUNT(*) AS n {base} {where}", [tsq, *params])
            rows = self.db.execute(
                f"SELECT {cols}, ts_rank(s.tsv, CAST(? AS tsquery)) AS score {base} {where} "
                "ORDER BY score DESC, d.rid LIMIT ? OFFSET ?",
                [tsq, tsq, *params, limit, offset],
            )
        hits = []
        for r in rows:
            record = unpack_record(r["record"])
            hits.append(
                {
                    "id": r["id"],
                    "title": r["title"],
                    "source": r["source"],
                    "url": r["url"],
                    "published": r["published"],
                    "story_id": r["story_id"],
                    "score": round(float(r["score"] or 0.0), 6),
                    "sentence": _best_sentence(r["text"], record.get("sentences") or [], q),
                }
            )
        return {"total": int(total or 0), "hits": hits}

    def events(
        self, *, limit: int = 50, offset: int = 0, evidence_limit: int = 20, **filters: Any
    ) -> dict[str, Any]:
        """Events merged across articles (same type, actors, place and day), with
        ``num_articles``/``num_sources``/``num_mentions`` like GDELT and the evidence of each
        article. Filters: date_from, date_to (event day), source, entity, event_type,
        country, story, doc_id. Returns ``{"total", "events": [...]}``, most reported first."""
        where, params = _event_filters(filters)
        base = f"FROM events v JOIN documents d ON d.id = v.doc_id WHERE 1 = 1 {where}"
        total = self.db.scalar(f"SELECT COUNT(DISTINCT v.merge_key) AS n {base}", params)
        groups = self.db.execute(
            "SELECT v.merge_key, COUNT(*) AS num_mentions, COUNT(DISTINCT v.doc_id) AS num_articles, "
            "COUNT(DISTINCT COALESCE(d.source, '')) AS num_sources, MIN(d.published) AS first_seen, "
            "MAX(d.published) AS last_seen, MIN(v.day) AS day, "
            "MIN(CASE WHEN v.fatalities > 0 THEN v.fatalities END) AS fatalities "
            f"{base} GROUP BY v.merge_key ORDER BY num_articles DESC, day DESC NULLS LAST, v.merge_key LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if not groups:
            return {"total": int(total or 0), "events": []}
        keys = [g["merge_key"] for g in groups]
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT v.*, d.source AS doc_source, d.url AS doc_url, d.title AS doc_title, d.published AS doc_published, "
            "d.rid AS rid, SUBSTR(d.text, CAST(v.evidence_start + 1 AS INTEGER), CAST(v.evidence_end - v.evidence_start AS INTEGER)) AS evidence_text "
            f"FROM events v JOIN documents d ON d.id = v.doc_id WHERE v.merge_key IN ({marks}) ORDER BY d.rid, v.id",
            keys,
        )
        actors = self.db.execute(
            "SELECT a.* FROM event_actors a JOIN events v ON v.doc_id = a.doc_id AND v.id = a.event_id "
            f"WHERE v.merge_key IN ({marks}) ORDER BY a.doc_id, a.event_id, a.role, a.position",
            keys,
        )
        by_event: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
        for a in actors:
            side = by_event.setdefault((a["doc_id"], a["event_id"]), {"source": [], "target": []})
            side[a["role"]].append(
                {
                    "entity": a["entity_key"],
                    "text": a["text"],
                    "country": a["country"],
                    "sector": a["sector"],
                }
            )
        rows_by_key: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            rows_by_key.setdefault(r["merge_key"], []).append(r)
        out = []
        for g in groups:
            rs = rows_by_key[g["merge_key"]]
            first = rs[0]
            sides = by_event.get((first["doc_id"], first["id"]), {"source": [], "target": []})
            out.append(
                {
                    "id": g["merge_key"],
                    "type": first["type"],
                    "mode": first["mode"],
                    "cameo": first["cameo"],
                    "status": first["status"],
                    "date": g["day"],
                    "source": sides["source"],
                    "target": sides["target"],
                    "location": {
                        "name": first["location_name"],
                        "country": first["country"],
                        "lat": first["lat"],
                        "lon": first["lon"],
                        "precision": first["geo_precision"],
                    },
                    "num_mentions": int(g["num_mentions"]),
                    "num_articles": int(g["num_articles"]),
                    "num_sources": int(g["num_sources"]),
                    "fatalities": int(g["fatalities"] or 0),
                    "first_seen": g["first_seen"],
                    "last_seen": g["last_seen"],
                    "evidence": [
                        {
                            "doc_id": r["doc_id"],
                            "event_id": r["id"],
                            "source": r["doc_source"],
                            "url": r["doc_url"],
                            "title": r["doc_title"],
                            "published": r["doc_published"],
                            "start": r["evidence_start"],
                            "end": r["evidence_end"],
                            "text": r["evidence_text"],
                            "status": r["status"],
                            "fatalities": r["fatalities"],
                        }
                        for r in rs[:evidence_limit]
                    ],
                }
            )
        return {"total": int(total or 0), "events": out}

    def entities(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        query: str | None = None,
        type: str | None = None,
        **filters: Any,
    ) -> dict[str, Any]:
        """Corpus-level entities (one per KB id or type + normalised name) with document and
        mention counts and first/last seen day, most mentioned first. ``query`` matches the
        start of the normalised name; other filters as in ``search``."""
        where, params = _doc_filters(filters)
        extra = ""
        if type:
            extra += " AND e.type = ?"
            params.append(type)
        if query:
            # a prefix, taken literally: % and _ in the query are not wildcards
            prefix = normalize_string(query)
            prefix = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            extra += " AND e.name_norm LIKE ? ESCAPE '\\'"
            params.append(prefix + "%")
        base = f"FROM entities e JOIN documents d ON d.id = e.doc_id WHERE 1 = 1 {where}{extra}"
        total = self.db.scalar(f"SELECT COUNT(DISTINCT e.entity_key) AS n {base}", params)
        rows = self.db.execute(
            "SELECT e.entity_key, MIN(e.type) AS type, MAX(e.kb) AS kb, MAX(e.name_en) AS name_en, "
            "MAX(e.country) AS country, COUNT(DISTINCT e.doc_id) AS n_documents, "
            "SUM(e.n_mentions) AS n_mentions, MIN(d.day) AS first_seen, MAX(d.day) AS last_seen "
            f"{base} GROUP BY e.entity_key ORDER BY n_mentions DESC, n_documents DESC, e.entity_key LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        names = self._names([r["entity_key"] for r in rows])
        out = [self._entity_out(r, names) for r in rows]
        return {"total": int(total or 0), "entities": out}

    def entity(self, key: str, *, cooccurring: int = 20) -> dict[str, Any] | None:
        """One corpus-level entity with its names, roles and the entities that co-occur
        with it most (by shared documents)."""
        row = self.db.one(
            "SELECT e.entity_key, MIN(e.type) AS type, MAX(e.kb) AS kb, MAX(e.name_en) AS name_en, "
            "MAX(e.country) AS country, COUNT(DISTINCT e.doc_id) AS n_documents, "
            "SUM(e.n_mentions) AS n_mentions, MIN(d.day) AS first_seen, MAX(d.day) AS last_seen "
            "FROM entities e JOIN documents d ON d.id = e.doc_id WHERE e.entity_key = ? GROUP BY e.entity_key",
            (key,),
        )
        if row is None:
            return None
        out = self._entity_out(row, self._names([key]))
        co = self.db.execute(
            "SELECT o.entity_key, COUNT(DISTINCT o.doc_id) AS n FROM entities e "
            "JOIN entities o ON o.doc_id = e.doc_id AND o.entity_key <> e.entity_key "
            "WHERE e.entity_key = ? GROUP BY o.entity_key ORDER BY n DESC, o.entity_key LIMIT ?",
            (key, cooccurring),
        )
        co_names = self._names([c["entity_key"] for c in co])
        out["cooccurring"] = [
            {
                "key": c["entity_key"],
                "name": co_names.get(c["entity_key"], [""])[0],
                "n_documents": int(c["n"]),
            }
            for c in co
        ]
        docs = self.db.execute(
            "SELECT DISTINCT d.id, d.title, d.published, d.rid FROM entities e JOIN documents d ON d.id = e.doc_id "
            "WHERE e.entity_key = ? ORDER BY d.rid DESC LIMIT 20",
            (key,),
        )
        out["documents"] = [
            {"id": d["id"], "title": d["title"], "published": d["published"]} for d in docs
        ]
        return out

    def _names(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """Names of each key, most frequent first."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT entity_key, name, COUNT(*) AS n FROM entities WHERE entity_key IN ({marks}) GROUP BY entity_key, name",
            list(keys),
        )
        names: dict[str, Counter[str]] = {}
        for r in rows:
            names.setdefault(r["entity_key"], Counter())[r["name"]] += int(r["n"])
        return {
            k: [n for n, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
            for k, c in names.items()
        }

    @staticmethod
    def _entity_out(r: dict[str, Any], names: dict[str, list[str]]) -> dict[str, Any]:
        ns = names.get(r["entity_key"], [])
        return {
            "key": r["entity_key"],
            "name": ns[0] if ns else None,
            "names": ns,
            "type": r["type"],
            "kb": r["kb"],
            "name_en": r["name_en"],
            "country": r["country"],
            "n_documents": int(r["n_documents"]),
            "n_mentions": int(r["n_mentions"] or 0),
            "first_seen": r["first_seen"],
            "last_seen": r["last_seen"],
        }

    def stories(
        self, *, min_size: int = 2, limit: int = 50, offset: int = 0, **filters: Any
    ) -> dict[str, Any]:
        """Groups of near-duplicate articles (MinHash/LSH), largest first, each with its
        documents. ``min_size=1`` lists single articles too."""
        where, params = _doc_filters(filters)
        base = f"FROM documents d WHERE 1 = 1 {where} GROUP BY d.story_id HAVING COUNT(*) >= ?"
        total = self.db.scalar(
            f"SELECT COUNT(*) AS n FROM (SELECT d.story_id {base}) s", [*params, min_size]
        )
        rows = self.db.execute(
            "SELECT d.story_id, COUNT(*) AS n_documents, COUNT(DISTINCT COALESCE(d.source, '')) AS n_sources, "
            f"MIN(d.day) AS first_day, MAX(d.day) AS last_day {base} "
            "ORDER BY n_documents DESC, last_day DESC NULLS LAST, d.story_id LIMIT ? OFFSET ?",
            [*params, min_size, limit, offset],
        )
        out = []
        for r in rows:
            docs = self.db.execute(
                "SELECT id, title, source, url, published FROM documents WHERE story_id = ? ORDER BY rid",
                (r["story_id"],),
            )
            out.append(
                {
                    "id": r["story_id"],
                    "title": next((d["title"] for d in docs if d["title"]), None),
                    "n_documents": int(r["n_documents"]),
                    "n_sources": int(r["n_sources"]),
                    "first_day": r["first_day"],
                    "last_day": r["last_day"],
                    "documents": docs,
                }
            )
        return {"total": int(total or 0), "stories": out}

    def stats(self) -> dict[str, Any]:
        """Counts of everything, sources, pipeline versions, date range and size on disk."""
        db = self.db
        counts = {
            t: int(db.scalar(f"SELECT COUNT(*) AS n FROM {t}") or 0)
            for t in ("documents", *LAYER_TABLES)
        }
        span = db.one("SELECT MIN(day) AS first, MAX(day) AS last FROM documents")
        out: dict[str, Any] = {
            "url": _display_url(self.url),
            "backend": self.dialect,
            "schema_version": current_version(db),
            "counts": counts,
            "stories": int(
                db.scalar(
                    "SELECT COUNT(*) AS n FROM (SELECT story_id FROM documents GROUP BY story_id HAVING COUNT(*) > 1) s"
                )
                or 0
            ),
            "merged_events": int(
                db.scalar("SELECT COUNT(DISTINCT merge_key) AS n FROM events") or 0
            ),
            "corpus_entities": int(
                db.scalar("SELECT COUNT(DISTINCT entity_key) AS n FROM entities") or 0
            ),
            "errors": int(
                db.scalar("SELECT COUNT(*) AS n FROM documents WHERE error_code IS NOT NULL") or 0
            ),
            "first_day": span["first"] if span else None,
            "last_day": span["last"] if span else None,
            "sources": {
                r["source"] or "": int(r["n"])
                for r in db.execute(
                    "SELECT source, COUNT(*) AS n FROM documents GROUP BY source ORDER BY n DESC, source LIMIT 50"
                )
            },
            "pipeline_versions": {
                r["pipeline_version"]: int(r["n"])
                for r in db.execute(
                    "SELECT pipeline_version, COUNT(*) AS n FROM documents GROUP BY pipeline_version"
                )
            },
            "event_types": {
                r["type"]: int(r["n"])
                for r in db.execute(
                    "SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"
                )
            },
            "size_bytes": self.size_bytes(),
        }
        return out

    def size_bytes(self) -> int:
        if self.dialect == "sqlite":
            path = Path(self.url.removeprefix("sqlite://"))
            return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        return int(self.db.scalar("SELECT pg_database_size(current_database()) AS n") or 0)


# helpers ---------------------------------------------------------------------------------


def _unstorable(doc: Document, dialect: str) -> str | None:
    """Why this document cannot be written as it is, or None: a lone surrogate cannot be
    encoded as UTF-8 and PostgreSQL text cannot hold NUL (the record would not round-trip)."""
    meta = doc.meta
    for name, value in (
        ("text", doc.text),
        ("id", doc.id),
        ("title", meta.title),
        ("source", meta.source),
        ("url", meta.url),
        ("published", meta.published),
    ):
        if not value:
            continue
        if dialect == "postgres" and "\x00" in value:
            return f"{name}: a NUL character at {value.index(chr(0))} (PostgreSQL cannot store it)"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"{name}: a lone surrogate at character {exc.start}"
    return None


def pack_record(record: dict[str, Any]) -> bytes:
    """The stored form of a record (without its text): compressed JSON, about a fifth of
    the plain size; the layer tables hold the same data for queries."""
    return zlib.compress(orjson.dumps(record), 6)


def unpack_record(blob: bytes | memoryview) -> dict[str, Any]:
    return orjson.loads(zlib.decompress(bytes(blob)))


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def _record(row: dict[str, Any]) -> dict[str, Any]:
    record = unpack_record(row["record"])
    out = {"schema": record.pop("schema", None), "id": record.pop("id"), "text": row["text"]}
    out.update(record)
    return out


def _display_url(url: str) -> str:
    from .db import _redact

    return _redact(url)


def _fatalities(doc: Document, start: int, end: int) -> int:
    """People reported killed in the sentence(s) of an event's evidence (0 when none)."""
    lo, hi = start, end
    for s in doc.sentences:
        if s.start <= start < s.end:
            lo = min(lo, s.start)
        if s.start < end <= s.end:
            hi = max(hi, s.end)
    total = 0
    for q in doc.quantities:
        if q.category in KILLED and lo <= q.start and q.end <= hi and q.value is not None:
            total += int(q.value)
    return total


def _body_words(doc: Document) -> list[str]:
    """Normalised words of the text, from the document's matching view when it has one."""
    view = getattr(doc.norm, "text", None)
    return _WORDS.findall(view) if isinstance(view, str) else dedup.words(doc.text)


def _stems(doc: Document) -> list[str]:
    """Clitic-free forms that differ from the surface word (وحلب → حلب, للأمم → الامم), from
    the tokens layer (computed when the document does not carry it)."""
    tokens = doc.tokens
    if not tokens:
        from ..text import tokenize

        tokens = tokenize(doc.text)
    out: dict[str, None] = {}
    for t in tokens:
        if t.kind != "word":
            continue
        for form in (t.core_norm, t.stem_norm):
            if form and form != t.norm:
                for w in _WORDS.findall(form):
                    out[w] = None
    return list(out)


def _tsvector(title: list[str], body: list[str], stems: list[str]) -> str:
    """A tsvector literal from Marsad's own words (independent of the server's parser and
    locale). Title words get weight A; stems carry no positions (single-word matching)."""
    # PostgreSQL refuses a lexeme over 2046 bytes and a tsvector over 1 MB: longer words are
    # not indexed (nobody searches for them) and new words stop when the vector is full.
    room = 1_000_000
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, words in (("A", title), ("", body)):
        for w in words:
            pos = min(pos + 1, 16383)
            ps = positions.get(w)
            if ps is None:
                size = len(w.encode("utf-8"))
                if size > 2046 or size + 8 > room:
                    continue
                room -= size + 8
                ps = positions[w] = []
            if len(ps) < 256:
                ps.append(f"{pos}{weight}")
                room -= 7
    parts = [f"'{w}':{','.join(ps)}" for w, ps in positions.items()]
    for w in stems:
        size = len(w.encode("utf-8"))
        if w not in positions and size <= 2046 and size + 8 <= room:
            room -= size + 8
            parts.append(f"'{w}'")
    return " ".join(parts)


def _best_sentence(
    text: str, sentences: list[dict[str, Any]], q: Query | None
) -> dict[str, Any] | None:
    """The sentence with the most query words (the first sentence without a query)."""
    spans = [(s["start"], s["end"]) for s in sentences] or [
        (s.start, s.end) for s in split_sentences(text)
    ]
    if not spans:
        return None
    best = spans[0]
    if q is not None:
        wanted = q.positive_words()
        best_score = 0
        for start, end in spans:
            ws = dedup.words(text[start:end])
            score = sum(
                1
                for w, prefix in wanted
                if any(x == w or x.endswith(w) or (prefix and w in x) for x in ws)
            )
            if score > best_score:
                best, best_score = (start, end), score
    return {"start": best[0], "end": best[1], "text": text[best[0] : best[1]]}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple | set) else [value]


def _in(column: str, value: Any, params: list[Any]) -> str:
    values = _as_list(value)
    params.extend(values)
    return f"{column} IN ({','.join('?' * len(values))})"


def _entity_match(alias: str, value: Any, params: list[Any]) -> str:
    """An entity given as corpus key, KB id, name or English name."""
    conds = []
    for v in _as_list(value):
        norm = normalize_string(str(v))
        conds.append(
            f"({alias}.entity_key = ? OR {alias}.kb = ? OR {alias}.name_norm = ? OR {alias}.name_en = ?)"
        )
        params.extend([v, v, norm, v])
    return "(" + " OR ".join(conds) + ")"


FILTERS = ("date_from", "date_to", "source", "entity", "event_type", "country", "story", "doc_id")


def _check(filters: dict[str, Any]) -> dict[str, Any]:
    unknown = [k for k in filters if k not in FILTERS]
    if unknown:
        raise MarsadError(
            "E204", f"unknown filter(s) {', '.join(unknown)}; known: {', '.join(FILTERS)}"
        )
    return {k: v for k, v in filters.items() if v not in (None, "", [], ())}


def _document_conditions(f: dict[str, Any], day: str) -> tuple[list[str], list[Any]]:
    """Conditions on the day (of the document or of the event) and on the document's
    source, story and id, shared by document and event queries."""
    conds: list[str] = []
    params: list[Any] = []
    if "date_from" in f:
        conds.append(f"{day} >= ?")
        params.append(str(f["date_from"])[:10])
    if "date_to" in f:
        conds.append(f"{day} <= ?")
        params.append(str(f["date_to"])[:10])
    if "source" in f:
        conds.append(_in("d.source", f["source"], params))
    if "story" in f:
        conds.append(_in("d.story_id", f["story"], params))
    if "doc_id" in f:
        conds.append(_in("d.id", f["doc_id"], params))
    return conds, params


def _doc_filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    f = _check(filters)
    conds, params = _document_conditions(f, "d.day")
    if "entity" in f:
        sub = _entity_match("fe", f["entity"], params)
        conds.append(f"EXISTS (SELECT 1 FROM entities fe WHERE fe.doc_id = d.id AND {sub})")
    if "event_type" in f:
        conds.append(
            f"EXISTS (SELECT 1 FROM events fv WHERE fv.doc_id = d.id AND {_in('fv.type', f['event_type'], params)})"
        )
    if "country" in f:
        a = _in("fc.country", f["country"], params)
        b = _in("fw.country", f["country"], params)
        conds.append(
            f"(EXISTS (SELECT 1 FROM entities fc WHERE fc.doc_id = d.id AND {a}) "
            f"OR EXISTS (SELECT 1 FROM events fw WHERE fw.doc_id = d.id AND {b}))"
        )
    return "".join(f" AND {c}" for c in conds), params


def _event_filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    f = _check(filters)
    conds, params = _document_conditions(f, "v.day")
    if "event_type" in f:
        conds.append(_in("v.type", f["event_type"], params))
    if "entity" in f:
        sub = _entity_match("fe", f["entity"], params)
        conds.append(
            "EXISTS (SELECT 1 FROM event_actors fa JOIN entities fe ON fe.doc_id = fa.doc_id AND fe.id = fa.entity "
            f"WHERE fa.doc_id = v.doc_id AND fa.event_id = v.id AND {sub})"
        )
    if "country" in f:
        a = _in("v.country", f["country"], params)
        b = _in("fa.country", f["country"], params)
        conds.append(
            f"({a} OR EXISTS (SELECT 1 FROM event_actors fa WHERE fa.doc_id = v.doc_id AND fa.event_id = v.id AND {b}))"
        )
    return "".join(f" AND {c}" for c in conds), params


__all__ = [
    "LATEST",
    "AddResult",
    "Store",
    "content_hash",
    "entity_key",
    "open_store",
    "pipeline_version",
]
