"""Quotation marks: pair opening and closing marks into quoted spans.

Arabic news uses «» and “” (paired by direction), "" and ″ (the same mark opens and
closes) and ‘’. A quotation may run over several sentences, and a quotation that goes on
into a new paragraph re-opens it with a fresh opening mark and no closing mark at the end
of the previous one (the English convention, which Arabic agencies follow). A mark that
pairs with nothing (a stray ” after a name) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_CLOSE = {"«": "»", "“": "”", "‘": "’", "‹": "›"}
SYMMETRIC = frozenset({'"', "″", "＂"})
OPENING = frozenset(OPEN_CLOSE) | SYMMETRIC
CLOSING = frozenset(OPEN_CLOSE.values()) | SYMMETRIC
ALL_MARKS = OPENING | CLOSING


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quotation: ``open``/``close`` are the offsets of the marks; the content is
    ``text[open + 1 : close]``."""

    open: int
    close: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def pair_marks(text: str, max_chars: int = 4000) -> list[Quoted]:
    out: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in OPEN_CLOSE:
            close = _find_close(text, i, OPEN_CLOSE[ch], ch, max_chars)
            if close is not None:
                out.append(Quoted(i, close))
                i = close + 1
                continue
        elif ch in SYMMETRIC:
            # the same mark closes; it must do so before the paragraph ends
            end = text.find("\n", i + 1)
            end = n if end == -1 else end
            close = text.find(ch, i + 1, min(end, i + max_chars))
            if close != -1 and close > i + 1:
                out.append(Quoted(i, close))
                i = close + 1
                continue
        i += 1
    return out


def _find_close(text: str, start: int, closer: str, opener: str, max_chars: int) -> int | None:
    """Offset of the mark closing the one at ``start``. A new paragraph that re-opens with
    the same mark continues the quotation; one plain paragraph break is allowed (a quotation
    that opens in one paragraph and closes in the next), a second one ends the search."""
    limit = min(len(text), start + max_chars)
    i = start + 1
    depth = 0
    plain_breaks = 0
    while i < limit:
        ch = text[i]
        if ch == closer:
            if depth == 0:
                return i
            depth -= 1
        elif ch == opener:
            # an opener right after a line break continues the quotation; elsewhere it nests
            if not text[start:i].rstrip(" \t").endswith("\n"):
                depth += 1
        elif ch == "\n" and text[i - 1] != "\n":
            if not text[i:limit].lstrip().startswith(opener):
                plain_breaks += 1
                if plain_breaks > 1:
                    return None
        i += 1
    return None
