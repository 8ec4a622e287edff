"""Ingest throughput and store size: the news benchmark into a fresh store, then again.

    python benchmarks/bench_ingest.py [../shared/data/news-bench/articles.jsonl] [-n N]
        [--db PATH|postgresql://…] [-j 1] [--batch-size 64] [--write]

Reports documents per second for the whole ingest (reading, extraction, storing) and for
the store alone (time inside ``Store.add_documents``), the documents added by a second run
of the same file (must be 0), the size of the store per 1,000 documents, and search
latency. ``--write`` records the table in benchmarks/results/ingest.md. The benchmark
corpus is non-commercial: it is read here, never copied into the project, and the store
made from it is deleted at the end unless --db is given.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/news-bench/articles.jsonl"
QUERIES = ("حلب", "وزير الخارجية", '"مجلس الأمن"', "الحوثي OR صنعاء", "انتخاب*")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=0, help="First N articles only (0 = all).")
    ap.add_argument("--db", help="Store to fill (default: a temporary SQLite file, deleted after).")
    ap.add_argument("-j", "--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--write", action="store_true", help="Write benchmarks/results/ingest.md.")
    ap.add_argument(
        "--store-only",
        action="store_true",
        help="Extract first (untimed), then time only Store.add_documents; appends to the results.",
    )
    args = ap.parse_args()
    if args.store_only:
        return store_only(args)

    import marsad
    from marsad.ingest import ingest_items, read_path
    from marsad.store import open_store

    tmp = None
    url = args.db
    if url is None:
        tmp = tempfile.mkdtemp(prefix="marsad-bench-")
        url = os.path.join(tmp, "bench.db")

    def items():  # noqa: ANN202
        it = read_path(args.path)
        return itertools.islice(it, args.n) if args.n else it

    pipeline = marsad.load()
    store = open_store(url)
    inside = {"seconds": 0.0}
    add = store.add_documents

    def timed_add(docs, **kw):  # noqa: ANN001, ANN202
        t = time.perf_counter()
        try:
            return add(docs, **kw)
        finally:
            inside["seconds"] += time.perf_counter() - t

    store.add_documents = timed_add  # type: ignore[method-assign]
    try:
        first = ingest_items(
            store, items(), pipeline=pipeline, batch_size=args.batch_size, n_process=args.n_process
        )
        store_s = inside["seconds"]
        second = ingest_items(
            store, items(), pipeline=pipeline, batch_size=args.batch_size, n_process=args.n_process
        )
        stats = store.stats()
        if store.dialect == "sqlite":
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = store.size_bytes()
        text_chars = int(store.db.scalar("SELECT SUM(n_chars) AS n FROM documents") or 0)
        latencies = {}
        for q in QUERIES:
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                total = store.search(q, limit=20)["total"]
                runs.append(time.perf_counter() - t)
            latencies[q] = (statistics.median(runs) * 1000, total)
        t = time.perf_counter()
        n_events = store.events(limit=50)["total"]
        events_ms = (time.perf_counter() - t) * 1000
    finally:
        store.close()
        if tmp:
            for p in Path(tmp).iterdir():
                p.unlink()
            os.rmdir(tmp)

    docs = stats["counts"]["documents"]
    per_k = size / docs * 1000 if docs else 0
    lines = [
        "# Ingest benchmark",
        "",
        f"Command: `python benchmarks/bench_ingest.py {args.path if args.path != str(DEFAULT) else ''}"
        + (f" -n {args.n}" if args.n else "")
        + f" -j {args.n_process} --batch-size {args.batch_size}"
        + (" --db postgresql://…" if store.dialect == "postgres" else "")
        + "`",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores (shared); "
        f"backend {store.dialect}; Marsad {marsad.__version__}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| articles read | {first.read:,} |",
        f"| documents added (first run) | {first.added:,} |",
        f"| failed (with codes) | {first.failed:,} |",
        f"| first run, whole ingest | {first.seconds:,.1f} s = **{first.docs_per_second:,.1f} documents/s** |",
        f"| of which inside the store (add_documents) | {store_s:,.1f} s = {first.added / store_s if store_s else 0:,.0f} documents/s |",
        f"| second run of the same file: added | **{second.added}** ({second.skipped:,} skipped in {second.seconds:,.1f} s) |",
        f"| store size | {size / 1e6:,.1f} MB for {docs:,} documents = **{per_k / 1e6:,.2f} MB per 1,000 documents** |",
        f"| article text in the store | {text_chars / docs * 1000 / 1e6 if docs else 0:,.2f} M characters per 1,000 documents |",
        f"| rows | {', '.join(f'{k} {v:,}' for k, v in stats['counts'].items())} |",
        f"| stories (≥ 2 articles) | {stats['stories']:,} |",
        f"| merged events | {stats['merged_events']:,} ({n_events:,} listed in {events_ms:,.0f} ms) |",
        f"| corpus entities | {stats['corpus_entities']:,} |",
        "",
        "Search latency (median of 5, top 20 with matching sentences):",
        "",
        "| query | ms | matches |",
        "|---|---|---|",
        *[f"| `{q}` | {ms:,.1f} | {total:,} |" for q, (ms, total) in latencies.items()],
        "",
    ]
    if first.problems:
        codes: dict[str, int] = {}
        for p in first.problems:
            codes[p["code"]] = codes.get(p["code"], 0) + 1
        lines += [
            "Problems by code: " + ", ".join(f"{c} × {n}" for c, n in sorted(codes.items())),
            "",
        ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        out = ROOT / "benchmarks/results/ingest.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return 0


def store_only(args: argparse.Namespace) -> int:
    """The store's own cost: documents extracted beforehand (untimed) are added in batches
    to a fresh store; the time is the wall time inside ``add_documents``."""
    import marsad
    from marsad.ingest import read_path
    from marsad.store import open_store

    pipeline = marsad.load()
    records = [i.record for i in itertools.islice(read_path(args.path), args.n or 1000) if i.record]
    docs = list(pipeline.pipe(records, n_process=args.n_process))
    tmp = None
    url = args.db
    if url is None:
        tmp = tempfile.mkdtemp(prefix="marsad-bench-")
        url = os.path.join(tmp, "store.db")
    store = open_store(url)
    try:
        t = time.perf_counter()
        for i in range(0, len(docs), args.batch_size):
            store.add_documents(docs[i : i + args.batch_size])
        seconds = time.perf_counter() - t
        n = store.stats()["counts"]["documents"]
        backend = store.dialect
    finally:
        store.close()
        if tmp:
            for p in Path(tmp).iterdir():
                p.unlink()
            os.rmdir(tmp)
    line = (
        f"| {backend} | {n:,} | {seconds:,.1f} s | **{n / seconds:,.0f} documents/s** | "
        f"`python benchmarks/bench_ingest.py --store-only -n {len(records)}"
        + (" --db postgresql://…" if backend == "postgres" else "")
        + "` |"
    )
    print(line)
    if args.write:
        out = ROOT / "benchmarks/results/ingest.md"
        text = out.read_text(encoding="utf-8") if out.exists() else ""
        header = "## The store alone"
        if header not in text:
            text += (
                f"\n{header}\n\nDocuments extracted beforehand (untimed), then added in batches of "
                f"{args.batch_size} to an empty store; wall time inside `Store.add_documents`.\n\n"
                "| backend | documents | time | throughput | command |\n|---|---|---|---|---|\n"
            )
        out.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
