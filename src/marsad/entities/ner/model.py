"""Training, loading and scoring the CRF tagger (python-crfsuite)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from ...document import Token
from ...errors import MarsadError
from .conll import AlignedSentence, Sentence, align, f1_report, to_word_tags
from .features import Lexicons, sentence_features

# ANERcorp's entity types the tagger learns; MISC is learnt (it keeps currencies and events
# out of the other types) but not emitted as a mention.
SCORED_TYPES = ("PERS", "LOC", "ORG")

PERCEPTRON_PARAMS = {"max_iterations": 30, "feature.possible_transitions": True}
DEFAULT_PARAMS = {
    "c1": 0.1,
    "c2": 0.05,
    "max_iterations": 300,  # 150 had not converged (inner split: F1 0.728 → 0.732; 600: 0.732)
    "feature.possible_transitions": True,
}


def train(
    train_sents: Sequence[Sentence],
    lex: Lexicons,
    model_path: str | Path,
    params: dict | None = None,
    log=None,
    algorithm: str = "lbfgs",
) -> dict:
    """Train on ANERcorp-style sentences; write the model to ``model_path``. ``algorithm``
    is crfsuite's: "lbfgs" (a CRF by maximum likelihood) or "ap" (averaged perceptron)."""
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in train_sents:
        a = align(sent)
        trainer.append(sentence_features(a.tokens, lex), a.labels)
    trainer.select(algorithm)
    if algorithm == "lbfgs":
        trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    else:
        trainer.set_params(PERCEPTRON_PARAMS)
    if log:
        log(f"features ready in {time.time() - t0:.1f}s; training")
    Path(model_path).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    return {"seconds": round(time.time() - t0, 1), "iterations": len(trainer.logparser.iterations)}


class Tagger:
    """A loaded CRF model; ``tag`` returns BIO labels and their marginal probabilities."""

    def __init__(self, model_path: str | Path, lex: Lexicons):
        p = Path(model_path)
        if not p.exists():
            raise MarsadError("E302", f"no NER model at '{p}'")
        self.path = p
        self.lex = lex
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(p))

    def tag(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        if not tokens:
            return [], []
        labels = self._tagger.tag(sentence_features(tokens, self.lex))
        probs = [self._tagger.marginal(label, i) for i, label in enumerate(labels)]
        return list(labels), probs


def evaluate(tagger: Tagger, sents: Sequence[Sentence]) -> dict:
    """CoNLL entity F1 over whole ANERcorp words (a word takes its first token's label)."""
    gold, pred = [], []
    for sent in sents:
        a: AlignedSentence = align(sent)
        labels, _ = tagger.tag(a.tokens)
        gold.append(a.gold)
        pred.append(to_word_tags(a, labels))
    return {
        "PERS/LOC/ORG": f1_report(gold, pred, SCORED_TYPES),
        "with MISC": f1_report(gold, pred, (*SCORED_TYPES, "MISC"))["overall"],
    }


@dataclass(frozen=True)
class Variant:
    gazetteers: bool  # reads the gazetteer and title lists (knowledge base, resources/ner)
    algorithm: str  # crfsuite training algorithm


# All variants read clitic segmentation, affixes, character trigrams, shape and word
# frequency; they differ in the lexicon features and the learner.
VARIANTS = {
    "crf-base": Variant(gazetteers=False, algorithm="lbfgs"),
    "crf-gazetteer": Variant(gazetteers=True, algorithm="lbfgs"),
    "perceptron-gazetteer": Variant(gazetteers=True, algorithm="ap"),
}


def card_path(model_path: str | Path) -> Path:
    return Path(model_path).with_name("training.json")


def load_tagger(model_path: str | Path) -> Tagger:
    """The tagger with the lexicons its training used (read from ``training.json``)."""
    from .lexicon import build_lexicons

    card = card_path(model_path)
    gazetteers = True
    if card.exists():
        variant = VARIANTS.get(json.loads(card.read_text(encoding="utf-8")).get("variant", ""))
        gazetteers = variant.gazetteers if variant else True
    return Tagger(model_path, build_lexicons(use_gazetteers=gazetteers))


def train_and_select(
    data: str | Path,
    out_dir: str | Path,
    dev_fraction: float = 0.1,
    params: dict | None = None,
    variants: Sequence[str] = tuple(VARIANTS),
    final_on_all: bool = False,
    log=print,
) -> dict:
    """Train every variant on the first part of ``data``, score each on the held-out last
    ``dev_fraction`` of its sentences and keep the best: as trained (default, so that the
    dev part stays unseen and ``marsad eval conll --part`` can check it) or retrained on
    all sentences (``final_on_all``). Writes ``model.crfsuite`` and ``training.json``."""
    import hashlib
    import shutil
    import tempfile

    from .conll import read_conll, split_dev
    from .lexicon import build_lexicons

    sentences = read_conll(data)
    train_part, dev_part = split_dev(sentences, dev_fraction)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in variants:
            variant = VARIANTS[name]
            lex = build_lexicons(use_gazetteers=variant.gazetteers)
            log(f"training {name} on {len(train_part)} sentences")
            info = train(
                train_part, lex, Path(tmp) / f"{name}.crfsuite", params, log, variant.algorithm
            )
            scores = evaluate(Tagger(Path(tmp) / f"{name}.crfsuite", lex), dev_part)
            results[name] = {"train_seconds": info["seconds"], "dev": scores}
            log(f"{name}: dev F1 PERS/LOC/ORG {scores['PERS/LOC/ORG']['overall']['f1']}")
            if not final_on_all:
                shutil.copyfile(Path(tmp) / f"{name}.crfsuite", out / f"{name}.crfsuite")
    best = max(results, key=lambda n: results[n]["dev"]["PERS/LOC/ORG"]["overall"]["f1"])
    if final_on_all:
        log(f"keeping {best}; final training on all {len(sentences)} sentences")
        lex = build_lexicons(use_gazetteers=VARIANTS[best].gazetteers)
        final_seconds = train(
            sentences, lex, out / "model.crfsuite", params, log, VARIANTS[best].algorithm
        )["seconds"]
    else:
        log(f"keeping {best} as trained on the training part (the dev part stays unseen)")
        (out / f"{best}.crfsuite").replace(out / "model.crfsuite")
        final_seconds = results[best]["train_seconds"]
    for name in variants:
        (out / f"{name}.crfsuite").unlink(missing_ok=True)
    card = {
        "variant": best,
        "data": Path(data).name,
        "data_sha1": hashlib.sha1(Path(data).read_bytes()).hexdigest(),
        "sentences": len(sentences),
        "dev_part": f"last {dev_fraction:.0%} of sentences ({len(dev_part)}, from #{len(train_part) + 1})",
        "final_trained_on": "all sentences" if final_on_all else "the training part",
        "algorithm": VARIANTS[best].algorithm,
        "params": {**DEFAULT_PARAMS, **(params or {})}
        if VARIANTS[best].algorithm == "lbfgs"
        else PERCEPTRON_PARAMS,
        "variants": results,
        "final_train_seconds": final_seconds,
    }
    card_path(out / "model.crfsuite").write_text(
        json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return card
