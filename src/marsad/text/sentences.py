"""Sentence splitting on the original text.

Boundaries: . ! ? ؟ … ۔ followed by space or end (a closing quote or bracket may follow the
mark), and line breaks (lists and headlines often have no full stop). Not boundaries: the
comma-like ، ؛, decimal points (3.5), single-letter abbreviations (د. أ.), known
abbreviations, and marks inside short brackets. Over-long sentences are cut at a space.
"""

from __future__ import annotations

import regex

from ..document import Sentence
from ..resources import read_list

# A mark ends a sentence before a space, the end, or an Arabic letter (scraped text often
# loses the space: "الأردن.وفي").
_BOUNDARY = regex.compile(r"[.!?؟…۔]+[\"'»”’)\]]*(?=\s|$|[\u0621-\u064a])|\n\s*")
_WORD_BEFORE = regex.compile(r"(\S+)$")


def _abbreviations() -> frozenset[str]:
    return frozenset(read_list("text/abbreviations.txt"))


_ABBREV: frozenset[str] | None = None


def split_sentences(text: str, max_chars: int = 5000) -> list[Sentence]:
    global _ABBREV
    if _ABBREV is None:
        _ABBREV = _abbreviations()
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        mark = m.group()
        if mark[0] == ".":
            before = _WORD_BEFORE.search(text, max(start, m.start() - 40), m.start())
            word = before.group(1) if before else ""
            if word and (
                word in _ABBREV or (len(word) == 1 and word.isalpha() and "\n" not in mark)
            ):
                continue
            if _inside_brackets(text, start, m.start()):
                continue
        _emit(text, start, end, out, max_chars)
        start = end
    if start < len(text):
        _emit(text, start, len(text), out, max_chars)
    return out


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    """True when an opening ( is still open at pos and closes within 200 characters."""
    opened = text.rfind("(", start, pos)
    if opened == -1 or text.find(")", opened, pos) != -1:
        return False
    close = text.find(")", pos, pos + 200)
    newline = text.find("\n", pos, close if close != -1 else pos)
    return close != -1 and newline == -1


def _emit(text: str, start: int, end: int, out: list[Sentence], max_chars: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
        if cut == -1:
            cut = start + max_chars
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        out.append(Sentence(start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end))
