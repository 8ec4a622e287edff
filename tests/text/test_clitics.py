"""The clitic segmenter on a table of real words: what must split and what must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.text import tokenize

TABLE = [
    tuple(line.split("\t"))
    for line in (Path(__file__).parent / "clitic_table.tsv")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]


def test_table_is_large_enough():
    assert len(TABLE) >= 150
    assert sum(1 for w, core in TABLE if w != core) >= 60  # words that must split
    assert sum(1 for w, core in TABLE if w == core) >= 60  # words that must stay whole


@pytest.mark.parametrize(("word", "core"), TABLE)
def test_core_of_word(word: str, core: str):
    (token,) = tokenize(word)
    assert word[token.core_start - token.start :] == core


def test_clitics_inside_a_sentence_keep_their_offsets():
    text = "وقال المتحدث باسم الكرملين لحلب وروسيا، وللأمم المتحدة دور."
    tokens = tokenize(text)
    cores = {t.text: text[t.core_start : t.end] for t in tokens if t.is_word}
    assert cores["لحلب"] == "حلب"
    assert cores["وروسيا"] == "روسيا"
    assert cores["وللأمم"] == "لأمم"
    by_text = {t.text: t for t in tokens}
    assert by_text["وللأمم"].core_norm == "الامم"  # the elided article is restored for matching
    assert by_text["وقال"].prefixes == ("و",)


def test_diacritics_and_tatweel_do_not_break_segmentation():
    text = "وَرُوسيـا"
    (token,) = tokenize(text)
    assert token.norm == "وروسيا"
    assert text[token.core_start : token.end] == "رُوسيـا"
