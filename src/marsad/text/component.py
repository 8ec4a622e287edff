"""Pipeline components of the text layer."""

from __future__ import annotations

from ..component import ComponentSpec, Process
from ..document import Document
from ..settings import Settings
from .normalize import normalize
from .sentences import split_sentences
from .tokens import CliticSegmenter, tokenize


def make_sentences(settings: Settings) -> Process:
    def sentences(doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text, settings.max_sentence_chars)
        return doc

    return sentences


def make_tokens(settings: Settings) -> Process:
    segmenter = CliticSegmenter(
        min_stem=settings.clitic_min_stem,
        max_gap=settings.clitic_max_gap,
        article_gap=settings.clitic_article_gap,
    )

    def tokens(doc: Document) -> Document:
        doc.norm = normalize(
            doc.text,
            fold_ta_marbuta=settings.fold_ta_marbuta,
            fold_alef_maqsura=settings.fold_alef_maqsura,
        )
        doc.tokens = tokenize(doc.text, doc.norm, segmenter, settings.max_token_chars)
        return doc

    return tokens


SENTENCES = ComponentSpec("sentences", (), ("sentences",), make_sentences, "sentence boundaries")
TOKENS = ComponentSpec(
    "tokens", (), ("tokens", "norm"), make_tokens, "normalised view, tokens, clitics"
)
