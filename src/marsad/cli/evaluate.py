"""``marsad eval conll|gold|plover-gsr``: quality figures as a table, optionally JSON."""

from __future__ import annotations

from typing import Any

import click
import orjson


def register(group: click.Group) -> None:
    group.add_command(eval_group)


@click.group("eval")
def eval_group() -> None:
    """Measure quality against gold data."""


def _write_json(result: dict[str, Any], path: str | None) -> None:
    if path:
        with open(path, "wb") as f:
            f.write(orjson.dumps(result, option=orjson.OPT_INDENT_2))


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for c in columns:
        t.add_column(c, justify="right" if c not in ("layer", "type", "label") else "left")
    for r in rows:
        t.add_row(*r)
    Console(width=120).print(t)


def _f(x: float) -> str:
    return f"{x:.3f}"


@eval_group.command("conll")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--part", help='Fraction slice of the sentences, e.g. "0.9:1" (the last tenth).')
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False), help="Write the figures as JSON."
)
def conll(path: str, part: str | None, json_out: str | None) -> None:
    """Entity F1 per type over a BIO file (e.g. ANERcorp)."""
    from ..evaluate.conll import evaluate_conll
    from ..pipeline import load

    result = evaluate_conll(load(pipeline=["sentences", "tokens", "ner"]), path, part)
    rows = [
        [t, _f(v["precision"]), _f(v["recall"]), _f(v["f1"]), str(int(v["tp"] + v["fn"]))]
        for t, v in result["types"].items()
    ]
    m = result["micro"]
    rows.append(
        ["micro", _f(m["precision"]), _f(m["recall"]), _f(m["f1"]), str(int(m["tp"] + m["fn"]))]
    )
    _table(
        f"NER on {path} ({result['sentences']} sentences)", ["type", "P", "R", "F1", "gold"], rows
    )
    _write_json(result, json_out)


@eval_group.command("gold")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False), help="Write the figures as JSON."
)
@click.option("--misses", is_flag=True, help="List missed and wrong items per article.")
def gold(directory: str, json_out: str | None, misses: bool) -> None:
    """Score whole articles against gold records (spec GOLD.md)."""
    from ..evaluate.gold import evaluate_gold
    from ..pipeline import load

    result = evaluate_gold(load(), directory)
    t = result["total"]

    def prf_row(name: str, key: str, extra: str = "") -> list[str]:
        v = t[key]
        return [name, _f(v["precision"]), _f(v["recall"]), _f(v["f1"]), extra]

    rows = [
        prf_row("mentions", "mentions"),
        prf_row("mentions (GPE/LOC/FAC merged)", "mentions_merged"),
        prf_row(
            "times",
            "times",
            f"found {_f(t['times_found']['value'])} · value acc {_f(t['times_accuracy']['value'])}",
        ),
        prf_row(
            "quantities",
            "quantities",
            f"found {_f(t['quantities_found']['value'])} · value acc {_f(t['quantities_accuracy']['value'])}",
        ),
        prf_row(
            "quotes",
            "quotes",
            f"speaker acc {_f(t['quote_speaker']['value'])} ({t['quote_speaker']['hit']}/{t['quote_speaker']['total']})",
        ),
        prf_row(
            "events",
            "events",
            f"source acc {_f(t['event_source']['value'])} · target acc {_f(t['event_target']['value'])}",
        ),
    ]
    if misses:
        for art in result["articles"]:
            click.echo(f"== {art['id']}")
            for layer, items in art["misses"].items():
                for item in items:
                    click.echo(f"  {layer}: {item}")
    _table(
        f"Gold articles in {directory} ({len(result['articles'])})",
        ["layer", "P", "R", "F1", "notes"],
        rows,
    )
    _write_json(result, json_out)


@eval_group.command("plover-gsr")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--json", "json_out", type=click.Path(dir_okay=False), help="Write the figures as JSON."
)
@click.option("--show-errors", default=0, help="Print up to N misclassified sentences.")
def plover_gsr(path: str, json_out: str | None, show_errors: int) -> None:
    """Sentence-level event detection P/R/F1 on an OEDA PLOVER gold CSV."""
    from ..evaluate.plover import evaluate_plover
    from ..pipeline import load

    result = evaluate_plover(load(), path, show_errors)
    d = result["detection"]
    rows = [
        [
            ", ".join(result["event_types"]),
            _f(d["precision"]),
            _f(d["recall"]),
            _f(d["f1"]),
            str(int(d["tp"] + d["fn"])),
        ]
    ]
    for label, c in result["by_label"].items():
        rows.append([label, "", "", "", f"{c['predicted_yes']}/{c['n']} predicted yes"])
    for e in result["errors"]:
        click.echo(f"{e['label']:>12} {e['id']}: {e['text'][:150]}")
    _table(f"Event detection on {path}", ["type", "P", "R", "F1", "gold yes"], rows)
    _write_json(result, json_out)
