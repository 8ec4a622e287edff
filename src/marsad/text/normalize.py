"""Arabic normalisation for matching, with an exact offset map back to the original text.

The matching view folds what Arabic writers vary freely: diacritics and tatweel go, alef
variants become ا, ى → ي and (optionally) ة → ه, Persian/Urdu letters become Arabic ones,
presentation forms are unfolded (NFKC), Eastern Arabic and Persian digits become ASCII, and
zero-width and bidi marks are removed. Every character of the normalised text knows the
original span it came from, so a match found on the view maps exactly back to the article.
"""

from __future__ import annotations

import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex

# Characters removed from the matching view.
_DELETE = (
    "\u0610-\u061a"  # Quranic annotation signs
    "\u064b-\u065f"  # harakat, tanwin, shadda, sukun …
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic marks
    "\u0640"  # tatweel
    "\u00ad"  # soft hyphen
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # zero-width and bidi
)
# Characters replaced one for one.
_ONE_TO_ONE = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ۍ": "ي",
    "ک": "ك",  # keheh
    "ڪ": "ك",
    "ە": "ه",
    "ھ": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ۃ": "ة",
    "٫": ".",  # Arabic decimal separator
    "٬": ",",  # Arabic thousands separator
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
}
for _i in range(10):
    _ONE_TO_ONE[chr(0x0660 + _i)] = str(_i)  # Eastern Arabic digits
    _ONE_TO_ONE[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in range(ord("A"), ord("Z") + 1):
    _ONE_TO_ONE[chr(_c)] = chr(_c + 32)

# Presentation forms (FB50–FDFF, FE70–FEFF) and other compatibility characters need NFKC,
# which may turn one character into several (ﻻ → لا).
_EXPAND = "\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e"

_SPECIAL = regex.compile(f"[{_DELETE}]+|[{_EXPAND}]")


@lru_cache(maxsize=8)
def _table(fold_ta_marbuta: bool, fold_alef_maqsura: bool) -> dict[int, str]:
    table = {ord(k): v for k, v in _ONE_TO_ONE.items()}
    if fold_ta_marbuta:
        table[ord("ة")] = "ه"
        table[ord("ۃ")] = "ه"
    if fold_alef_maqsura:
        table[ord("ى")] = "ي"
    return table


@dataclass(slots=True)
class NormalizedText:
    """The matching view of a text. ``starts[i]``/``ends[i]`` give the original span of
    normalised character ``i``; ``None`` means the view is aligned one for one."""

    original: str
    text: str
    starts: array | None
    ends: array | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the view to the original text."""
        if self.starts is None:
            return start, end
        n = len(self.text)
        if start >= n:
            return len(self.original), len(self.original)
        if end <= start:
            o = self.starts[start]
            return o, o
        return self.starts[start], self.ends[end - 1]

    def from_original(self, offset: int) -> int:
        """The first view position whose original span starts at or after ``offset``."""
        if self.starts is None:
            return offset
        return bisect_left(self.starts, offset)


def normalize(
    text: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True
) -> NormalizedText:
    table = _table(fold_ta_marbuta, fold_alef_maqsura)
    if _SPECIAL.search(text) is None:
        # Common case: a one-for-one mapping keeps offsets unchanged.
        return NormalizedText(text, text.translate(table), None, None)
    parts: list[str] = []
    starts = array("l")
    ends = array("l")
    pos = 0
    for m in _SPECIAL.finditer(text):
        a, b = m.span()
        if a > pos:
            parts.append(text[pos:a].translate(table))
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        ch = text[a]
        if "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefe" or "\uff01" <= ch <= "\uff5e":
            expanded = unicodedata.normalize("NFKC", ch)
            # NFKC may bring back diacritics or alef variants: fold them too.
            expanded = _SPECIAL.sub("", expanded).translate(table)
            parts.append(expanded)
            starts.extend([a] * len(expanded))
            ends.extend([b] * len(expanded))
        pos = b
    if pos < len(text):
        parts.append(text[pos:].translate(table))
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return NormalizedText(text, "".join(parts), starts, ends)


def normalize_string(
    s: str, *, fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True
) -> str:
    """The matching form of a short string (lexicon entries, gold texts, queries)."""
    if len(s) <= 64:  # names and words: looked up again and again, so remembered
        return _normalize_short(s, fold_ta_marbuta, fold_alef_maqsura)
    return _normalize_text(s, fold_ta_marbuta, fold_alef_maqsura)


def _normalize_text(s: str, fold_ta_marbuta: bool, fold_alef_maqsura: bool) -> str:
    if _SPECIAL.search(s) is None:
        return s.translate(_table(fold_ta_marbuta, fold_alef_maqsura))
    return normalize(s, fold_ta_marbuta=fold_ta_marbuta, fold_alef_maqsura=fold_alef_maqsura).text


_normalize_short = lru_cache(maxsize=1 << 17)(_normalize_text)


_TRAILING_MARKS = regex.compile(r"[\u0640\u064b-\u065f\u0670]+")


def extend_over_marks(text: str, end: int) -> int:
    """Move a span end past the tatweel and diacritics that close its last word (غداً، عنصراً،
    هـ): the matching view drops them, but the span on the original should keep them."""
    m = _TRAILING_MARKS.match(text, end)
    return m.end() if m else end
