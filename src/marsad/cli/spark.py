"""``marsad spark``: the extraction job on a Spark cluster (or ``local[*]``)."""

from __future__ import annotations

import sys

import click


def register(group: click.Group) -> None:
    group.add_command(spark)


@click.command()
@click.argument("input")
@click.argument("output")
@click.option(
    "--master",
    help="Spark master URL, e.g. local[4], spark://host:7077, yarn. Default: spark-submit's or local[*].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet", "text", "table"]),
    help="Input format (default: from INPUT). text = a folder of .txt files; table = a table name.",
)
@click.option("--published", help="Publication date (ISO 8601) for articles that do not carry one.")
@click.option(
    "--disable", multiple=True, help="Skip a component (repeatable), e.g. --disable quotes."
)
@click.option("--partitions", type=int, help="Repartition the input into N tasks first.")
@click.option(
    "--mode",
    type=click.Choice(["error", "overwrite", "append"]),
    default="error",
    show_default=True,
    help="What to do when OUTPUT exists.",
)
def spark(
    input: str,
    output: str,
    master: str | None,
    fmt: str | None,
    published: str | None,
    disable: tuple[str, ...],
    partitions: int | None,
    mode: str,
) -> None:
    """Extract INPUT (JSON Lines, Parquet, a table or a folder of .txt files) on Spark and
    write Parquet tables under OUTPUT (documents, entities, quotes, events, problems),
    partitioned by publication date. Needs the 'spark' extra: pip install 'marsad[spark]'."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        click.echo("error: PySpark is not installed; run: pip install 'marsad[spark]'", err=True)
        sys.exit(2)
    from ..spark import run

    if master is None and "PYSPARK_SUBMIT_ARGS" not in __import__("os").environ:
        master = "local[*]"
    settings = {"disable": list(disable)} if disable else {}
    counts = run(
        input,
        output,
        fmt=fmt,
        master=master,
        published=published,
        mode=mode,
        partitions=partitions,
        **settings,
    )
    click.echo(
        f"{counts['documents']} document(s), {counts['failed']} failed, {counts['problems']} input problem(s); "
        f"{counts['entities']} entities, {counts['quotes']} quotes, {counts['events']} events -> {output}",
        err=True,
    )
    if counts["failed"] or counts["problems"]:
        sys.exit(1)
