"""`marsad train ner` end to end on a small CoNLL file written here: both variants are
trained and scored on the held-out last part, the better one is written with its card,
and the written model tags new sentences of the same pattern."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from marsad.cli import cli
from marsad.entities.ner.conll import read_conll, split_dev
from marsad.entities.ner.model import load_tagger
from marsad.errors import MarsadError
from marsad.text.tokens import tokenize

PEOPLE = ["سامي عطية", "نادر جبران", "هالة بدوي", "كريم منصور", "وليد سعدون", "رنا خوري"]
PLACES = ["بيروت", "عمان", "الرباط", "تونس", "الخرطوم", "صنعاء"]
ORGS = ["شركة النور", "بنك الأمل", "جمعية الغد"]


def conll_text() -> str:
    lines = []
    for i in range(60):
        person = PEOPLE[i % len(PEOPLE)].split()
        place = PLACES[i % len(PLACES)]
        org = ORGS[i % len(ORGS)].split()
        sent = [("وقال", "O"), (person[0], "B-PERS"), (person[1], "I-PERS"), ("في", "O")]
        sent += [(place, "B-LOC"), ("إن", "O"), (org[0], "B-ORG"), (org[1], "I-ORG")]
        sent += [("ستفتتح", "O"), ("فرعا", "O"), ("جديدا", "O"), (".", "O")]
        lines += [f"{w} {t}" for w, t in sent] + [""]
    return "\n".join(lines)


def test_train_command_writes_a_working_model(tmp_path):
    data = tmp_path / "train.txt"
    data.write_text(conll_text(), encoding="utf-8")
    out = tmp_path / "model"
    result = CliRunner().invoke(
        cli, ["train", "ner", str(data), "--out", str(out), "--iterations", "30"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    assert set(summary["dev"]) == {"crf-base", "crf-gazetteer", "perceptron-gazetteer"}
    card = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert card["variant"] == summary["kept"]
    assert card["dev_part"].startswith("last 10% of sentences (6,")
    assert card["final_trained_on"] == "the training part"
    tagger = load_tagger(out / "model.crfsuite")
    labels, probs = tagger.tag(
        tokenize("وقال نادر جبران في صنعاء إن بنك الأمل ستفتتح فرعا جديدا .")
    )
    assert labels[1:3] == ["B-PERS", "I-PERS"]
    assert labels[4] == "B-LOC"
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_dev_part_is_the_last_sentences():
    sents = [[(str(i), "O")] for i in range(100)]
    train, dev = split_dev(sents, 0.1)
    assert [s[0][0] for s in dev] == [str(i) for i in range(90, 100)]
    assert len(train) == 90


def test_bad_training_file_gives_a_coded_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("كلمة Q-PER\n", encoding="utf-8")
    with pytest.raises(MarsadError) as exc:
        read_conll(bad)
    assert exc.value.code == "E106"
    with pytest.raises(MarsadError) as exc:
        read_conll(tmp_path / "missing.txt")
    assert exc.value.code == "E301"
