"""Corpus commands: ``marsad ingest``, ``search``, ``events``, ``entities``, ``stories``,
``export``, ``stats``, ``reprocess``. Each takes ``--db`` (default ``$MARSAD_DB``, else
``Settings.db``): a SQLite file path or a ``postgresql://`` URL."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click
import orjson


def register(group: click.Group) -> None:
    for command in (ingest, search, events, entities, stories, export, stats, reprocess):
        group.add_command(command)


def _default_db() -> str:
    from ..settings import Settings

    return Settings().db


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        envvar="MARSAD_DB",
        default=_default_db,
        show_default="$MARSAD_DB or Settings.db",
        help="Store: a SQLite file or postgresql://user@host/db.",
    )(f)


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(
        (
            click.option(
                "--from", "date_from", metavar="DATE", help="On or after this day (YYYY-MM-DD)."
            ),
            click.option(
                "--to", "date_to", metavar="DATE", help="On or before this day (YYYY-MM-DD)."
            ),
            click.option("--source", multiple=True, help="Outlet (repeatable)."),
            click.option(
                "--entity",
                multiple=True,
                help="Entity: name in any spelling, KB id or key (repeatable).",
            ),
            click.option(
                "--event-type", multiple=True, help="PLOVER event type, e.g. ASSAULT (repeatable)."
            ),
            click.option(
                "--country", multiple=True, help="ISO 3166 alpha-3 code, e.g. SYR (repeatable)."
            ),
            click.option("--story", help="Story id."),
        )
    ):
        f = decorator(f)
    return f


def _filters(kw: dict[str, Any]) -> dict[str, Any]:
    names = ("date_from", "date_to", "source", "entity", "event_type", "country", "story")
    out = {}
    for name in names:
        value = kw.pop(name, None)
        if value:
            out[name] = list(value) if isinstance(value, tuple) else value
    if "event_type" in out:
        out["event_type"] = [t.upper() for t in out["event_type"]]
    if "country" in out:
        out["country"] = [c.upper() for c in out["country"]]
    return out


def _open(db: str):  # noqa: ANN202 - marsad.store.Store
    from ..store import open_store

    return open_store(db)


def _console():  # noqa: ANN202
    from rich.console import Console

    return Console(stderr=True)


def _emit_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")


# ingest --------------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--source", help="Source (outlet) for records that carry none.")
@click.option("--published", help="Publication date (ISO 8601) for records that carry none.")
@click.option("--text-column", help="CSV column holding the text (default: text/content/body/…).")
@click.option("--title-column", help="CSV column holding the title.")
@click.option("--date-column", help="CSV column holding the publication date.")
@click.option("--source-column", help="CSV column holding the source.")
@click.option("--url-column", help="CSV column holding the URL.")
@click.option("--id-column", help="CSV column holding the document id.")
@click.option(
    "--batch-size", type=int, help="Documents per transaction (default Settings.batch_size)."
)
@click.option(
    "-j", "--n-process", default=1, show_default=True, help="Worker processes for extraction."
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the per-document error report here (JSON lines).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    source: str | None,
    published: str | None,
    text_column: str | None,
    title_column: str | None,
    date_column: str | None,
    source_column: str | None,
    url_column: str | None,
    id_column: str | None,
    batch_size: int | None,
    n_process: int,
    errors_path: str | None,
    quiet: bool,
) -> None:
    """Read articles (files, directories, globs: .txt .jsonl .json .csv .html RSS/Atom .warc)
    into the store, skipping those it has. Safe to interrupt and run again."""
    from ..ingest import ingest as run

    columns = {
        k: v
        for k, v in (
            ("text", text_column),
            ("title", title_column),
            ("published", date_column),
            ("source", source_column),
            ("url", url_column),
            ("id", id_column),
        )
        if v
    }
    store = _open(db)
    console = _console()
    show = not quiet and console.is_terminal
    try:
        if show:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            with Progress(
                TextColumn("ingesting"),
                BarColumn(bar_width=None),
                TextColumn("{task.fields[status]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("ingest", total=None, status="")

                def progress(r: Any) -> None:
                    bar.update(
                        task,
                        status=f"{r.read} read, {r.added} added, {r.skipped} known, {r.failed} failed",
                    )

                report = run(
                    store,
                    paths,
                    batch_size=batch_size,
                    n_process=n_process,
                    source=source,
                    published=published,
                    columns=columns or None,
                    on_progress=progress,
                )
        else:
            report = run(
                store,
                paths,
                batch_size=batch_size,
                n_process=n_process,
                source=source,
                published=published,
                columns=columns or None,
            )
        total = store.db.scalar("SELECT COUNT(*) AS n FROM documents")
    finally:
        store.close()
    if errors_path:
        with open(errors_path, "wb") as f:
            for p in report.problems:
                f.write(orjson.dumps(p) + b"\n")
    else:
        for p in report.problems[:50]:
            click.echo(f"{p['origin']}: error {p['code']}: {p['message']}", err=True)
        if len(report.problems) > 50:
            click.echo(
                f"… {len(report.problems) - 50} more problems (use --errors FILE for all)", err=True
            )
    click.echo(
        f"{report.read} read, {report.added} added, {report.skipped} already stored, {report.failed} failed "
        f"in {report.seconds:.1f} s ({report.docs_per_second:.1f} documents/s); the store has {total} documents",
        err=True,
    )
    if report.failed:
        sys.exit(1)


# queries -------------------------------------------------------------------------------------


@click.command()
@click.argument("query", required=False, default="")
@db_option
@filter_options
@click.option("-n", "--limit", default=20, show_default=True)
@click.option("--offset", default=0)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
)
def search(query: str, db: str, limit: int, offset: int, fmt: str, **kw: Any) -> None:
    """Full-text search (Arabic normalised): words, "phrases", a OR b, -word, prefix*."""
    store = _open(db)
    try:
        result = store.search(query, limit=limit, offset=offset, **_filters(kw))
    finally:
        store.close()
    if fmt == "json":
        _emit_json(result)
        return
    if fmt == "jsonl":
        for hit in result["hits"]:
            sys.stdout.buffer.write(orjson.dumps(hit) + b"\n")
        return
    click.echo(f"{result['total']} document(s)")
    for hit in result["hits"]:
        head = " · ".join(
            x
            for x in (
                hit["published"] and hit["published"][:10],
                hit["source"],
                hit["title"] or hit["id"],
            )
            if x
        )
        click.echo(f"\n{head}  [{hit['id']}]")
        if hit["sentence"]:
            s = hit["sentence"]
            click.echo(f"  {s['text'].strip()}  ({s['start']}–{s['end']})")


@click.command()
@db_option
@filter_options
@click.option("-n", "--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def events(db: str, limit: int, offset: int, fmt: str, **kw: Any) -> None:
    """Events merged across articles, with numbers of articles and sources."""
    store = _open(db)
    try:
        result = store.events(limit=limit, offset=offset, **_filters(kw))
    finally:
        store.close()
    if fmt == "json":
        _emit_json(result)
        return
    if fmt == "csv":
        import csv

        from ..export import GDELT_COLUMNS
        from ..export.events import gdelt_row

        w = csv.DictWriter(sys.stdout, fieldnames=GDELT_COLUMNS, lineterminator="\n")
        w.writeheader()
        for n, e in enumerate(result["events"], 1):
            w.writerow(gdelt_row(e, n))
        return
    click.echo(f"{result['total']} event(s)")
    for e in result["events"]:
        src = "; ".join(a["text"] for a in e["source"]) or "?"
        tgt = "; ".join(a["text"] for a in e["target"]) or "-"
        where = e["location"]["name"] or ""
        click.echo(
            f"{e['date'] or '????-??-??'}  {e['type']:<9} {src} → {tgt} {where}  articles={e['num_articles']} sources={e['num_sources']}"
        )


@click.command()
@db_option
@filter_options
@click.option("--type", "type_", help="Entity type: PER ORG GPE LOC FAC NORP.")
@click.option("--name", "query", help="Names starting with this (normalised).")
@click.option("--key", help="One entity (key or KB id) with the entities that co-occur with it.")
@click.option("-n", "--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def entities(
    db: str,
    type_: str | None,
    query: str | None,
    key: str | None,
    limit: int,
    offset: int,
    fmt: str,
    **kw: Any,
) -> None:
    """Corpus-level entities with mention counts and first/last seen; --key for one entity
    and what co-occurs with it."""
    store = _open(db)
    if key:
        try:
            one = store.entity(key)
        finally:
            store.close()
        if one is None:
            raise click.ClickException(f"no entity '{key}' in the store")
        if fmt == "json":
            _emit_json(one)
            return
        click.echo(
            f"{one['name']} ({one['type']}, {one['kb'] or 'no KB id'}, {one['country'] or '-'}): {one['n_mentions']} mentions in {one['n_documents']} documents, {one['first_seen'] or '?'}…{one['last_seen'] or '?'}"
        )
        if len(one["names"]) > 1:
            click.echo("  also written: " + "، ".join(one["names"][1:10]))
        for c in one["cooccurring"]:
            click.echo(f"  {c['n_documents']:>5} docs with  {c['name']}  [{c['key']}]")
        return
    try:
        result = store.entities(
            limit=limit,
            offset=offset,
            type=type_.upper() if type_ else None,
            query=query,
            **_filters(kw),
        )
    finally:
        store.close()
    if fmt == "json":
        _emit_json(result)
        return
    click.echo(f"{result['total']} entit(ies)")
    for e in result["entities"]:
        click.echo(
            f"{e['n_mentions']:>7} {e['n_documents']:>6} docs  {e['type'] or '':<4} {e['name']}  {e['kb'] or ''} {e['country'] or ''}  {e['first_seen'] or ''}…{e['last_seen'] or ''}"
        )


@click.command()
@db_option
@filter_options
@click.option(
    "--min-size", default=2, show_default=True, help="Stories with at least this many articles."
)
@click.option("-n", "--limit", default=20, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stories(db: str, min_size: int, limit: int, fmt: str, **kw: Any) -> None:
    """Groups of near-duplicate articles across outlets."""
    store = _open(db)
    try:
        result = store.stories(min_size=min_size, limit=limit, **_filters(kw))
    finally:
        store.close()
    if fmt == "json":
        _emit_json(result)
        return
    click.echo(f"{result['total']} stor(ies)")
    for s in result["stories"]:
        click.echo(
            f"{s['n_documents']:>4} articles {s['n_sources']:>3} sources  {s['first_day'] or ''}  {s['title'] or s['id']}"
        )


@click.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "gdelt", "acled", "plover", "parquet", "conll"]),
    required=True,
)
@click.option("-o", "--output", help="Output file (a directory for parquet); default stdout.")
def export(db: str, fmt: str, output: str | None, **kw: Any) -> None:
    """Export records (jsonl), events (gdelt, acled CSV; plover JSON), tables (parquet) or
    name mentions (conll)."""
    from ..export import export as run

    store = _open(db)
    try:
        n = run(store, fmt, output, **_filters(kw))
    finally:
        store.close()
    if isinstance(n, dict):
        click.echo(", ".join(f"{t}: {c}" for t, c in n.items()) + f" rows → {output}", err=True)
    else:
        click.echo(f"{n} row(s) exported" + (f" → {output}" if output else ""), err=True)


@click.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stats(db: str, fmt: str) -> None:
    """What the store holds."""
    store = _open(db)
    try:
        s = store.stats()
    finally:
        store.close()
    if fmt == "json":
        _emit_json(s)
        return
    click.echo(
        f"{s['url']} ({s['backend']}, schema {s['schema_version']}, {s['size_bytes'] / 1e6:.1f} MB)"
    )
    for table, n in s["counts"].items():
        click.echo(f"  {table:<13} {n:>9}")
    click.echo(
        f"  stories (≥2 articles) {s['stories']}, merged events {s['merged_events']}, corpus entities {s['corpus_entities']}, documents with errors {s['errors']}"
    )
    click.echo(f"  days {s['first_day'] or '-'} … {s['last_day'] or '-'}")
    click.echo(
        "  sources: "
        + ", ".join(f"{k or '(none)'} {v}" for k, v in list(s["sources"].items())[:10])
    )
    click.echo(
        "  pipeline versions: " + ", ".join(f"{k} {v}" for k, v in s["pipeline_versions"].items())
    )


@click.command()
@db_option
@click.option(
    "--all",
    "force",
    is_flag=True,
    help="Reprocess every document, not only those from another pipeline version.",
)
@click.option("--batch-size", type=int, help="Documents per transaction.")
def reprocess(db: str, force: bool, batch_size: int | None) -> None:
    """Re-extract stored documents whose pipeline version differs from the current one."""
    from ..pipeline import load
    from ..store import pipeline_version

    pipeline = load()
    store = _open(db)
    try:
        version = pipeline_version(pipeline)
        todo = (
            store.db.scalar("SELECT COUNT(*) AS n FROM documents")
            if force
            else store.stale_count(version)
        )
        console = _console()
        if console.is_terminal and todo:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("reprocessing", total=todo)
                n = store.reprocess(
                    pipeline,
                    force=force,
                    batch_size=batch_size,
                    progress=lambda k: bar.advance(task, k),
                )
        else:
            n = store.reprocess(pipeline, force=force, batch_size=batch_size)
    finally:
        store.close()
    click.echo(f"{n} document(s) reprocessed with pipeline {version}", err=True)
