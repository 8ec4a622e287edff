"""A small search syntax, translated to SQLite FTS5 and to a PostgreSQL tsquery.

``word word`` (all must occur), ``"exact phrase"``, ``a OR b``, ``-excluded``, ``prefix*``.
Words are normalised like the index (marsad.text.normalize_string), so the query
``الأمم`` finds ``الامم`` and ``الأُمم``. Users never see FTS syntax errors: every word is
quoted before it reaches the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..errors import MarsadError
from .dedup import words

_TOKEN = regex.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class Atom:
    words: list[str]
    prefix: bool = False
    negated: bool = False

    def fts5(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")

    def tsquery(self) -> str:
        parts = [f"'{w}'" for w in self.words]
        if self.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


@dataclass
class Query:
    # AND of groups; a group is an OR of atoms (a negated atom stands alone in its group)
    groups: list[list[Atom]] = field(default_factory=list)

    def positive_words(self) -> list[tuple[str, bool]]:
        return [(w, a.prefix) for g in self.groups for a in g if not a.negated for w in a.words]

    def fts5(self) -> str:
        positive = [g for g in self.groups if not g[0].negated]
        negative = [g[0] for g in self.groups if g[0].negated]
        expr = " AND ".join(_group(g, "fts5") for g in positive)
        for a in negative:
            expr = f"({expr}) NOT {a.fts5()}"
        return expr

    def tsquery(self) -> str:
        parts = [_group(g, "tsquery") for g in self.groups if not g[0].negated]
        parts += [f"!{g[0].tsquery()}" for g in self.groups if g[0].negated]
        return " & ".join(parts)


def _group(atoms: list[Atom], how: str) -> str:
    if how == "fts5":
        inner = " OR ".join(a.fts5() for a in atoms)
    else:
        inner = " | ".join(a.tsquery() for a in atoms)
    return f"({inner})" if len(atoms) > 1 else inner


def parse_query(text: str) -> Query:
    q = Query()
    pending_or = False
    for m in _TOKEN.finditer(text):
        if m.group(3) == "OR":
            pending_or = bool(q.groups) and not q.groups[-1][0].negated
            continue
        if m.group(3) is not None:
            raw = m.group(3)
            negated = raw.startswith("-") and len(raw) > 1
            raw = raw[1:] if negated else raw
            prefix = raw.endswith("*")
            ws = words(raw)
        else:
            negated, prefix = bool(m.group(1)), False
            ws = words(m.group(2))
        if not ws:
            pending_or = False
            continue
        atom = Atom(ws, prefix, negated)
        if pending_or and not negated:
            q.groups[-1].append(atom)
        else:
            q.groups.append([atom])
        pending_or = False
    if not any(not g[0].negated for g in q.groups):
        raise MarsadError("E408", repr(text))
    return q
