"""Tokenisation with conservative clitic segmentation; every part keeps original offsets.

A word token may carry proclitics (conjunction و ف, preposition ب ل ك, future س), the
article ال, and an enclitic pronoun (ه ها هم …). Splitting is decided on evidence, not on
spelling alone: a proclitic comes off only when the rest is a more frequent word than the
whole (وروسيا → و+روسيا, but وزير, بيروت, لبنان stay whole), or the rest starts with the
article (والصادرات), or the rest is a known name. ``لل`` is ل + ال with the alef elided:
the core of للأمم starts at the second ل (GOLD.md: "لأمم المتحدة") and its matching form
restores the article ("الامم").
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..document import Token
from ..resources import read_list, vocabulary
from .normalize import NormalizedText, normalize

_TOKEN = regex.compile(
    r"(?P<word>[\p{L}\p{M}][\p{L}\p{M}\u0640\u200c\u200d]*)"
    r"|(?P<number>\p{Nd}+(?:[.,٫٬]\p{Nd}+)*)"
    r"|(?P<other>\S)"
)
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
FUTURE = "س"
IMPERFECT_PREFIXES = frozenset("يتنا")
ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه", "ك", "ي")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Segmentation of a normalised word: ``core`` is where the proclitics end (in the
    word), ``stem`` where the article ends, ``stem_end`` where an enclitic starts."""

    prefixes: tuple[str, ...]
    core: int
    stem: int
    stem_end: int
    core_norm: str
    stem_norm: str
    suffix: str


class CliticSegmenter:
    def __init__(
        self,
        vocab: dict[str, float] | None = None,
        min_stem: int = 3,
        max_gap: float = 0.5,
        article_gap: float = 3.0,
    ):
        self.vocab = vocab if vocab is not None else vocabulary()
        self.min_stem = min_stem
        self.max_gap = max_gap
        self.article_gap = article_gap
        self.no_split = frozenset(read_list("text/no_split.txt"))
        self.known_names: set[str] = set()

    def add_names(self, names: set[str] | frozenset[str]) -> None:
        """Register names (matching form) that count as known words, e.g. from gazetteers."""
        self.known_names |= set(names)
        self.analyse.cache_clear()

    def zipf(self, word: str) -> float:
        z = self.vocab.get(word, 0.0)
        if word in self.known_names:
            z = max(z, 3.0)
        return z

    def _core_candidates(self, w: str) -> list[tuple[tuple[str, ...], int, str]]:
        """(prefixes, offset of the core in w, matching form of the core)."""
        out = []
        for conj in ("", *CONJUNCTIONS):
            if conj and not w.startswith(conj):
                continue
            i = len(conj)
            for prep in ("", *PREPOSITIONS, FUTURE):
                if not prep and not conj:
                    continue
                if prep and not w.startswith(prep, i):
                    continue
                j = i + len(prep)
                prefixes = tuple(p for p in (conj, prep) if p)
                rest = w[j:]
                if prep == FUTURE and (not rest or rest[0] not in IMPERFECT_PREFIXES):
                    continue
                if prep == "ل" and rest.startswith("ل") and len(rest) >= 3:
                    # ل + ال written لل: the core keeps the second ل; restore the article.
                    out.append((prefixes, j, "ا" + rest))
                out.append((prefixes, j, rest))
        return out

    @lru_cache(maxsize=200_000)  # noqa: B019 - one segmenter per process, bounded cache
    def analyse(self, w: str) -> Analysis:
        """Split proclitics when the rest is a known word and the whole is no more frequent
        than a clitic form of it would be (``max_gap`` Zipf points; ``article_gap`` when the
        rest starts with ال). Two-letter rests only for very frequent words (و+من)."""
        best: tuple[tuple[str, ...], int, str] = ((), 0, w)
        if w not in self.no_split and len(w) > 2:
            whole = self.zipf(w)
            best_score = -1.0
            for prefixes, offset, core in self._core_candidates(w):
                z = self.zipf(core)
                if len(core) < self.min_stem and not (
                    len(core) == 2 and prefixes in (("و",), ("ف",)) and z >= 6.0
                ):
                    continue
                if FUTURE in prefixes and z < 3.0:
                    continue  # future سـ only before a common verb form: not ستفان → س+تفان
                with_article = core.startswith("ال") and len(core) >= 4
                gap = self.article_gap if with_article else self.max_gap
                known = z >= 1.5 or with_article
                if known and (whole == 0.0 or whole - z <= gap):
                    score = z + (0.5 if with_article else 0.0)
                    if score > best_score:
                        best, best_score = (prefixes, offset, core), score
        prefixes, offset, core = best
        stem_rel = 2 if core.startswith("ال") and len(core) >= 4 else 0
        stem_norm = core[stem_rel:]
        # core offset in w: for لل the restored alef is not in w
        suffix = ""
        stem_end_rel = len(core)
        for enc in ENCLITICS:
            if stem_norm.endswith(enc) and len(stem_norm) - len(enc) >= 3 and stem_rel == 0:
                base = stem_norm[: -len(enc)]
                candidates = [base]
                if base.endswith("ت"):
                    candidates.append(base[:-1] + "ه")  # ta marbuta written ت before a suffix
                zb = max(self.zipf(c) for c in candidates)
                if zb > self.zipf(stem_norm) + 1.0 and self.zipf(stem_norm) < 3.0:
                    suffix = enc
                    stem_end_rel = len(core) - len(enc)
                    stem_norm = max(candidates, key=self.zipf)
                break
        restored = 1 if (len(core) == len(w) - offset + 1) else 0  # لل case
        return Analysis(
            prefixes=prefixes,
            core=offset,
            stem=offset + max(0, stem_rel - restored),
            stem_end=offset + stem_end_rel - restored,
            core_norm=core,
            stem_norm=stem_norm,
            suffix=suffix,
        )


@lru_cache(maxsize=1)
def default_segmenter() -> CliticSegmenter:
    return CliticSegmenter()


def tokenize(
    text: str,
    norm: NormalizedText | None = None,
    segmenter: CliticSegmenter | None = None,
    max_token_chars: int = 200,
) -> list[Token]:
    """Tokens of ``text`` with offsets into it. ``norm`` is the document's matching view
    (computed when not given)."""
    if norm is None:
        norm = normalize(text)
    seg = segmenter or default_segmenter()
    analyse = seg.analyse
    view = norm.text
    starts = norm.starts
    identity = starts is None
    tokens: list[Token] = []
    append = tokens.append
    # Hot loop (every token of every article): local names, bisect in C, no regex lookups.
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        kind = m.lastgroup or "other"
        surface = m.group()
        if identity:
            vs, ve = start, end
        else:
            vs = bisect_left(starts, start)
            ve = bisect_left(starts, end, vs)
        token_norm = view[vs:ve]
        if kind == "word":
            if not _ARABIC_LETTER.search(surface):
                kind = "latin"
        elif kind == "other":
            kind = "punct" if unicodedata.category(surface)[0] == "P" else "symbol"
        if kind != "word" or not token_norm or len(token_norm) > max_token_chars:
            append(
                Token(
                    start, end, surface, token_norm, kind, start, start, end, token_norm, token_norm
                )
            )
            continue
        a = analyse(token_norm)
        if identity:
            core_start, stem_start = start + a.core, start + a.stem
            stem_end = start + a.stem_end if a.stem_end < len(token_norm) else end
        else:
            core_start = starts[vs + a.core] if vs + a.core < ve else end
            stem_start = starts[vs + a.stem] if vs + a.stem < ve else end
            stem_end = starts[vs + a.stem_end] if a.stem_end < len(token_norm) else end
        append(
            Token(
                start=start,
                end=end,
                text=surface,
                norm=token_norm,
                kind=kind,
                core_start=core_start,
                stem_start=stem_start,
                stem_end=stem_end,
                core_norm=a.core_norm,
                stem_norm=a.stem_norm,
                prefixes=a.prefixes,
                suffix=a.suffix,
            )
        )
    return tokens
