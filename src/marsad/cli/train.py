"""Commands of this area (registered on the main group): ``marsad train ner``."""

from __future__ import annotations

import json

import click


def register(group: click.Group) -> None:
    group.add_command(train)


@click.group()
def train() -> None:
    """Train Marsad's models from annotated data."""


@train.command("ner")
@click.argument("data", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for model.crfsuite and training.json (default: the package's models/ner).",
)
@click.option(
    "--dev-fraction", default=0.1, show_default=True, help="Held-out last part of the sentences."
)
@click.option("--iterations", default=300, show_default=True, help="L-BFGS iterations.")
@click.option("--c1", default=0.1, show_default=True, help="L1 regularisation.")
@click.option("--c2", default=0.05, show_default=True, help="L2 regularisation.")
@click.option(
    "--variant",
    "variants",
    multiple=True,
    type=click.Choice(["crf-base", "crf-gazetteer", "perceptron-gazetteer"]),
    help="Variants to compare (default: all); the best on the dev part is kept.",
)
@click.option(
    "--final-on-all/--final-on-train",
    default=False,
    show_default=True,
    help="Retrain the kept variant on all sentences, or keep the one scored (its dev part stays unseen).",
)
def train_ner(data, out, dev_fraction, iterations, c1, c2, variants, final_on_all) -> None:
    """Train the NER tagger from a CoNLL file (ANERcorp: TOKEN TAG per line).

    Example: marsad train ner ../shared/data/anercorp/train.txt
    """
    from ..entities.ner.model import VARIANTS, train_and_select
    from ..entities.ner_component import MODEL_DIR

    card = train_and_select(
        data,
        out or MODEL_DIR,
        dev_fraction=dev_fraction,
        params={"max_iterations": iterations, "c1": c1, "c2": c2},
        variants=variants or tuple(VARIANTS),
        final_on_all=final_on_all,
        log=lambda m: click.echo(m, err=True),
    )
    summary = {name: r["dev"]["PERS/LOC/ORG"]["overall"] for name, r in card["variants"].items()}
    click.echo(json.dumps({"kept": card["variant"], "dev": summary}, ensure_ascii=False, indent=2))
