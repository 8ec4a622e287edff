"""Corpus store: SQLite by default (one file, WAL, nothing to start), PostgreSQL for teams.

Public interface (the same on both backends; every result is plain JSON-ready data)::

    from marsad.store import open_store
    store = open_store("corpus.db")              # or "postgresql://user@host/db";
                                                 # default $MARSAD_DB, else Settings.db
    result = store.add_documents(docs, pipeline_version=None)  # one transaction
    result.added, result.skipped, result.problems  # ids; ids already stored; [{id, code, message}]
    store.known_hashes([content_hash(text, source, url), ...]) -> set   # skip before extracting
    store.get_document(doc_id) -> Document | None
    store.get_record(doc_id) -> dict | None      # the marsad.document/1 record
    store.iter_records(**filters) -> Iterator[dict]
    store.delete_document(doc_id) -> bool
    store.search(query="", limit=20, offset=0, **filters)
        -> {"total", "hits": [{id, title, source, url, published, story_id, score,
                               sentence: {start, end, text}}]}
    store.documents(limit=50, offset=0, **filters) -> [hit, ...]   # newest first
    store.events(limit=50, offset=0, **filters)
        -> {"total", "events": [{id, type, mode, cameo, status, date, source: [actor],
             target: [actor], location: {name, country, lat, lon, precision},
             num_mentions, num_articles, num_sources, fatalities, first_seen, last_seen,
             evidence: [{doc_id, event_id, source, url, title, published, start, end,
                         text, status, fatalities}]}]}
        actor = {entity (corpus key or None), text, country, sector}
    store.entities(limit=50, offset=0, query=None, type=None, **filters)
        -> {"total", "entities": [{key, name, names, type, kb, name_en, country,
             n_documents, n_mentions, first_seen, last_seen}]}
    store.entity(key) -> entity + {"cooccurring": [{key, name, n_documents}],
                                   "documents": [{id, title, published}]} | None
    store.stories(min_size=2, limit=50, offset=0, **filters)
        -> {"total", "stories": [{id, title, n_documents, n_sources, first_day, last_day,
             documents: [{id, title, source, url, published}]}]}
    store.stats() -> {backend, schema_version, counts{table: n}, stories, merged_events,
                      corpus_entities, errors, first_day, last_day, sources{},
                      pipeline_versions{}, event_types{}, size_bytes, url}
    store.reprocess(pipeline, force=False, batch_size=None, progress=None) -> int
    store.stale_count(pipeline_version(pipeline)) -> int
    store.close()   # also a context manager

Filters (keyword arguments, each a value or a list of values): ``date_from``/``date_to``
(ISO dates, inclusive; the article's day for documents, the event's day for events),
``source``, ``entity`` (corpus key, KB id, Arabic name in any spelling, or English name),
``event_type`` (PLOVER), ``country`` (ISO alpha-3 of an entity or event), ``story``,
``doc_id``. Unknown filter names raise E204.

Search syntax: words (all must occur; Arabic normalised; clitics handled), ``"phrase"``,
``a OR b``, ``-excluded``, ``prefix*``. The matching sentence comes back with offsets
into the original text.

Ingest is idempotent (keyed by the hash of text, source and URL) and crash-safe (each
``add_documents`` call is one transaction). Near-duplicate articles share a ``story_id``
(MinHash/LSH over word 3-grams; needs the ``corpus`` extra, datasketch). Events with the same
type, actors, place and day merge across articles (``num_articles``/``num_sources``).
Entities merge across articles by KB id, else type and normalised name.
"""

from .store import AddResult, Store, content_hash, entity_key, open_store, pipeline_version

__all__ = ["AddResult", "Store", "content_hash", "entity_key", "open_store", "pipeline_version"]
