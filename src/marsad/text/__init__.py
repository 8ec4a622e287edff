"""The Arabic text layer: normalisation with offset maps, sentences, tokens and clitics."""

from .normalize import NormalizedText, normalize, normalize_string
from .sentences import split_sentences
from .tokens import CliticSegmenter, default_segmenter, tokenize

__all__ = [
    "CliticSegmenter",
    "NormalizedText",
    "default_segmenter",
    "normalize",
    "normalize_string",
    "split_sentences",
    "tokenize",
]
