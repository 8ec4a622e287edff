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
    """Quotations of ``text`` in order, outermost only, in one linear pass."""
    out: list[Quoted] = []
    stacks: dict[str, list[int]] = {o: [] for o in OPEN_CLOSE}  # opener -> open offsets
    breaks: dict[str, int] = dict.fromkeys(OPEN_CLOSE, 0)  # plain paragraph breaks crossed
    closer_of = {c: o for o, c in OPEN_CLOSE.items()}
    symmetric_open: dict[str, int] = {}  # symmetric mark -> offset of the open one
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            symmetric_open.clear()  # a straight quotation mark closes within its paragraph
            if i + 1 < n and text[i + 1] == "\n":
                continue
            rest = text[i + 1 : i + 40].lstrip()
            for opener, stack in stacks.items():
                if stack and not rest.startswith(opener):
                    breaks[opener] += 1
                    if breaks[opener] > 1:
                        stack.clear()  # never closed: the opening mark was stray
        elif ch in OPEN_CLOSE:
            stack = stacks[ch]
            if stack and text[stack[0] : i].rstrip(" \t").endswith("\n"):
                continue  # a paragraph that re-opens the quotation continues it
            if not stack:
                breaks[ch] = 0
            stack.append(i)
        elif ch in closer_of:
            stack = stacks[closer_of[ch]]
            if not stack:
                continue  # a stray closing mark
            start = stack.pop()
            if not stack and i - start <= max_chars:
                out.append(Quoted(start, i))
        elif ch in SYMMETRIC:
            start = symmetric_open.pop(ch, None)
            if start is None:
                symmetric_open[ch] = i
            elif i > start + 1 and i - start <= max_chars:
                out.append(Quoted(start, i))
            else:
                symmetric_open[ch] = i
    # marks of different kinds may nest («… “…” …»): keep the outermost
    out.sort(key=lambda q: (q.open, -q.close))
    kept: list[Quoted] = []
    for q in out:
        if kept and q.open < kept[-1].close:
            continue
        kept.append(q)
    return kept
