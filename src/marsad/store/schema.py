"""The store's schema as numbered migrations (applied in order, each in one transaction).

Every layer of the record is a real table keyed by (doc_id, id) so that queries across
articles are SQL, not JSON scans; ``documents.record`` keeps the full record (zlib-compressed JSON, without the
text, which has its own column) so that ``get_document`` returns exactly what was stored.
Add a migration to change the schema; never edit an applied one.
"""

from __future__ import annotations

from .db import Database

SCHEMA_VERSION_KEY = "schema_version"

_V1_COMMON = """
CREATE TABLE documents (
    {DOC_PK},
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT, source TEXT, url TEXT, published TEXT, day TEXT, language TEXT,
    text TEXT NOT NULL,
    record {BLOB} NOT NULL,
    n_chars {BIGINT} NOT NULL,
    error_code TEXT,
    pipeline_version TEXT NOT NULL,
    story_id TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_day ON documents (day);
CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_story ON documents (story_id);
CREATE INDEX documents_version ON documents (pipeline_version);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    char_start {BIGINT} NOT NULL, char_end {BIGINT} NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL,
    type TEXT, kind TEXT, entity TEXT,
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};

CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    type TEXT, name TEXT, name_norm TEXT, name_en TEXT, kb TEXT, country TEXT, sector TEXT,
    lat {FLOAT}, lon {FLOAT}, geo_precision TEXT, geonames {BIGINT},
    roles TEXT,
    n_mentions {BIGINT} NOT NULL,
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};
CREATE INDEX entities_key ON entities (entity_key);
CREATE INDEX entities_name ON entities (name_norm);
CREATE INDEX entities_country ON entities (country);

CREATE TABLE times (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    char_start {BIGINT} NOT NULL, char_end {BIGINT} NOT NULL,
    text TEXT NOT NULL, type TEXT, value TEXT,
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};

CREATE TABLE quantities (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    char_start {BIGINT} NOT NULL, char_end {BIGINT} NOT NULL,
    text TEXT NOT NULL,
    value {FLOAT}, min_value {FLOAT}, max_value {FLOAT}, approx {BIGINT} NOT NULL,
    unit TEXT, category TEXT,
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};
CREATE INDEX quantities_category ON quantities (category);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    speaker TEXT, speaker_mention TEXT,
    cue_start {BIGINT} NOT NULL, cue_end {BIGINT} NOT NULL, cue_text TEXT, cue_class TEXT,
    content_start {BIGINT} NOT NULL, content_end {BIGINT} NOT NULL,
    direct {BIGINT} NOT NULL,
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    merge_key TEXT NOT NULL,
    type TEXT NOT NULL, mode TEXT, status TEXT, cameo TEXT, reported_by TEXT,
    evidence_start {BIGINT} NOT NULL, evidence_end {BIGINT} NOT NULL,
    time_id TEXT, day TEXT,
    location_id TEXT, location_name TEXT, country TEXT,
    lat {FLOAT}, lon {FLOAT}, geo_precision TEXT,
    fatalities {BIGINT},
    PRIMARY KEY (doc_id, id)
) {WITHOUT_ROWID};
CREATE INDEX events_key ON events (merge_key);
CREATE INDEX events_type ON events (type);
CREATE INDEX events_day ON events (day);

CREATE TABLE event_actors (
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    role TEXT NOT NULL,
    position {BIGINT} NOT NULL,
    entity TEXT, entity_key TEXT, text TEXT, norm TEXT, country TEXT, sector TEXT,
    PRIMARY KEY (doc_id, event_id, role, position)
) {WITHOUT_ROWID};
CREATE INDEX event_actors_key ON event_actors (entity_key);

CREATE TABLE minhashes (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    signature {BLOB} NOT NULL
);
CREATE TABLE lsh_buckets (
    bucket {BIGINT} NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (bucket, doc_id)
) {WITHOUT_ROWID};
CREATE INDEX lsh_buckets_doc ON lsh_buckets (doc_id)
"""

# Full-text search. SQLite: FTS5 over the normalised words (body) and the clitic-free stems;
# its rowid is documents.rid. PostgreSQL: a tsvector built by Marsad's own tokenizer (the
# same words as in SQLite, whatever the server's locale) with a GIN index.
_V1_SQLITE = """
CREATE VIRTUAL TABLE documents_fts USING fts5 (title, body, stems, tokenize = 'unicode61')
"""
_V1_POSTGRES = """
CREATE TABLE documents_search (
    doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    tsv TSVECTOR NOT NULL
);
CREATE INDEX documents_search_tsv ON documents_search USING GIN (tsv)
"""

# version -> (common DDL, SQLite-only DDL, PostgreSQL-only DDL)
MIGRATIONS: dict[int, tuple[str, str, str]] = {
    1: (_V1_COMMON, _V1_SQLITE, _V1_POSTGRES),
}
LATEST = max(MIGRATIONS)


def current_version(db: Database) -> int:
    if "marsad_meta" not in db.table_names():
        return 0
    value = db.scalar("SELECT value FROM marsad_meta WHERE key = ?", (SCHEMA_VERSION_KEY,))
    return int(value or 0)


def migrate(db: Database) -> list[int]:
    """Apply the missing migrations; returns the versions applied."""
    from ..errors import MarsadError

    tables = db.table_names()
    if tables and "marsad_meta" not in tables:
        raise MarsadError("E401", f"{db.url}: has tables but no marsad_meta")
    if tables and current_version(db) == LATEST:
        return []  # up to date: opening takes no write lock
    applied: list[int] = []
    with db.transaction():
        db.execute("CREATE TABLE IF NOT EXISTS marsad_meta (key TEXT PRIMARY KEY, value TEXT)")
        version = current_version(db)
        if version > LATEST:
            raise MarsadError("E406", f"store schema {version} > {LATEST} known to this Marsad")
        for v in range(version + 1, LATEST + 1):
            common, sqlite_only, postgres_only = MIGRATIONS[v]
            db.script(common)
            db.script(sqlite_only if db.dialect == "sqlite" else postgres_only)
            db.execute(
                "INSERT INTO marsad_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SCHEMA_VERSION_KEY, str(v)),
            )
            applied.append(v)
    return applied
