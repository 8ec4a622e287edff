"""``marsad extract`` and ``marsad info``."""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator
from typing import Any

import click
import orjson


def register(group: click.Group) -> None:
    group.add_command(extract)
    group.add_command(info)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pretty", "json", "jsonl"]),
    help="Default: pretty, or from the -o extension.",
)
@click.option("--published", help="Publication date (ISO 8601) for inputs that do not carry one.")
@click.option(
    "--disable", multiple=True, help="Skip a component (repeatable), e.g. --disable quotes."
)
@click.option("-j", "--n-process", default=1, show_default=True, help="Worker processes.")
def extract(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str | None,
    published: str | None,
    disable: tuple[str, ...],
    n_process: int,
) -> None:
    """Extract records from articles: .txt files, .jsonl/.json files, or - for stdin."""
    from ..ingest.readers import read_path
    from ..pipeline import load

    if fmt is None:
        fmt = "pretty"
        if output and output.endswith(".jsonl"):
            fmt = "jsonl"
        elif output and output.endswith(".json"):
            fmt = "json"
    pipeline = load(disable=list(disable)) if disable else load()
    problems: list[str] = []
    partial: list[str] = []  # documents whose time budget ran out (W102): kept, but said
    origins: deque[str] = deque()  # path:line of each record, to name a failed document

    def records() -> Iterator[dict[str, Any]]:
        for path in paths:
            for item in read_path(path):
                if item.error is not None:
                    problems.append(f"{item.origin}: error {item.error.code}: {item.error.message}")
                    continue
                assert item.record is not None
                if published and "published" not in item.record:
                    item.record["published"] = published
                origins.append(item.origin)
                yield item.record

    out = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
    failed = 0
    n = 0
    json_docs: list[bytes] = []
    try:
        docs = pipeline.pipe(records(), n_process=n_process)
        progress = _progress(len(paths) > 1 or any(p.endswith((".jsonl", ".json")) for p in paths))
        for doc in progress(docs):
            n += 1
            origin = origins.popleft() if origins else "-"
            if doc.error is not None:
                failed += 1
                problems.append(
                    f"{origin} (document {doc.id}): error {doc.error.code}: {doc.error.message}"
                )
            for w in doc.warnings:
                if w.code == "W102":
                    partial.append(f"{origin} (document {doc.id}): warning W102: {w.message}")
            data = doc.to_dict()
            if fmt == "jsonl":
                out.write(orjson.dumps(data) + b"\n")
            elif fmt == "json":
                json_docs.append(orjson.dumps(data, option=orjson.OPT_INDENT_2))
            else:
                from .pretty import render

                render(data, out)
        if fmt == "json":
            if len(json_docs) == 1:
                out.write(json_docs[0] + b"\n")
            else:
                out.write(b"[\n" + b",\n".join(json_docs) + b"\n]\n")
    finally:
        if output:
            out.close()
        else:
            out.flush()
    for line in problems + partial:
        click.echo(line, err=True)
    if n != 1 or problems:
        click.echo(
            f"{n} document(s), {failed} failed, {len(problems) - failed} input problem(s)", err=True
        )
    if problems:
        sys.exit(1)


def _progress(many: bool):  # noqa: ANN202 - returns a wrapping generator function
    if not many or not sys.stderr.isatty():
        return lambda it: it
    from rich.progress import track

    return lambda it: track(it, description="extracting", console=_stderr_console(), transient=True)


def _stderr_console():  # noqa: ANN202
    from rich.console import Console

    return Console(stderr=True)


@click.command()
def info() -> None:
    """Components, resources and versions."""
    import platform

    from .. import __version__
    from ..pipeline import REGISTRY, load, spec
    from ..resources import ROOT

    pipeline = load()
    click.echo(f"marsad {__version__} (Python {platform.python_version()})")
    click.echo("pipeline:")
    for name in REGISTRY:
        s = spec(name)
        state = "on" if name in pipeline.component_names else "off"
        click.echo(
            f"  {name:<11} {state:<4} requires={','.join(s.requires) or '-'} provides={','.join(s.provides)}  {s.description}"
        )
    click.echo("resources:")
    for p in sorted(ROOT.rglob("*")):
        if p.is_file() and p.suffix in {".tsv", ".txt", ".gz", ".yaml", ".json", ".crf"}:
            click.echo(f"  {p.relative_to(ROOT)}  {p.stat().st_size:,} bytes")
