"""CRF features of a sentence of Marsad tokens.

Features read the clitic segmentation (core and stem, proclitics, enclitic), character
affixes, word shape, corpus frequency (wordfreq's Zipf value, learned from unlabeled
text), word clusters (when shipped), gazetteer and title lists, and the same for the
neighbouring tokens. Training and inference call the same function, so they see the same
inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ...document import Token

BOS = "<s>"
EOS = "</s>"
NAME_CLASSES = frozenset({"gpe", "loc", "org", "per"})
OPENING_QUOTES = frozenset("«“")
QUOTES = frozenset('«»“”"')


class PhraseTable:
    """Entries (tuples of matching-form words) indexed by their first word, for the longest
    match at a token. The first token may carry proclitics; later tokens match by core
    (بالأمم) or whole (لحقوق)."""

    def __init__(self, entries: Iterable[tuple[str, ...]]):
        self.entries = frozenset(e for e in entries if e)
        lengths: dict[str, set[int]] = defaultdict(set)
        for e in self.entries:
            lengths[e[0]].add(len(e))
        self.lengths = {w: sorted(ns, reverse=True) for w, ns in lengths.items()}
        self.max_len = max((len(e) for e in self.entries), default=0)

    def __contains__(self, entry: object) -> bool:
        return entry in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def longest(self, tokens: Sequence[Token], i: int) -> int:
        return self.match(tokens, i)[0]

    def match(self, tokens: Sequence[Token], i: int) -> tuple[int, tuple[str, ...] | None]:
        """(length, entry) of the longest entry starting at token ``i``; (0, None) if none."""
        tok = tokens[i]
        if tok.kind != "word":
            return 0, None
        best: tuple[int, tuple[str, ...] | None] = (0, None)
        # the article restored after لل (للأمم → الامم) is already in core_norm; a bare stem
        # is not tried: "السورية" must not match "سورية"
        for first in (
            {tok.core_norm, "ال" + tok.stem_norm}
            if tok.stem_norm != tok.core_norm
            else (tok.core_norm,)
        ):
            for n in self.lengths.get(first, ()):
                if n <= best[0] or i + n > len(tokens):
                    continue
                rest = tokens[i + 1 : i + n]
                if any(t.kind != "word" for t in rest):
                    continue
                for entry in (
                    (first, *(t.core_norm for t in rest)),
                    (first, *(t.norm for t in rest)),
                ):
                    if entry in self.entries:
                        best = (n, entry)
                        break
        return best


@dataclass
class Lexicons:
    """Word lists (matching form) the features consult; every field may be empty.

    ``words`` maps a class name (e.g. ``country``, ``title``, ``org_head``) to single words;
    ``phrases`` maps a class name to multi-word entries as tuples of words. ``clusters``
    maps a word to its distributional cluster path (bit string)."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, PhraseTable] = field(default_factory=dict)
    clusters: dict[str, str] = field(default_factory=dict)
    zipf: dict[str, float] = field(default_factory=dict)
    max_phrase: int = 1

    def __post_init__(self) -> None:
        self.phrases = {
            k: v if isinstance(v, PhraseTable) else PhraseTable(v) for k, v in self.phrases.items()
        }
        self.max_phrase = max([1, *(p.max_len for p in self.phrases.values())])

    def classes_of(self, word: str) -> list[str]:
        return [name for name, ws in self.words.items() if word in ws]


def _shape(tok: Token) -> str:
    if tok.kind != "word":
        return tok.kind
    n = len(tok.stem_norm)
    return "w" + ("1" if n <= 1 else "2" if n <= 2 else "3" if n <= 3 else "5" if n <= 5 else "L")


def _forms(tok: Token) -> tuple[str, ...]:
    """Matching forms under which a token may appear in a lexicon: core (with article),
    stem (without), and the whole token."""
    if tok.kind != "word":
        return (tok.norm,)
    forms = [tok.core_norm, tok.stem_norm]
    if tok.stem_norm != tok.core_norm:
        forms.append("ال" + tok.stem_norm)
    return tuple(dict.fromkeys(forms))


def _phrase_tags(tokens: Sequence[Token], lex: Lexicons) -> list[list[str]]:
    """For each token, ``B-class``/``I-class`` when it starts or continues a lexicon phrase."""
    out: list[list[str]] = [[] for _ in tokens]
    for name, table in lex.phrases.items():
        i = 0
        while i < len(tokens):
            n = table.longest(tokens, i)
            if n > 1:
                out[i].append("B-" + name)
                for k in range(i + 1, i + n):
                    out[k].append("I-" + name)
                i += n
            else:
                i += 1
    return out


def token_features(tok: Token, lex: Lexicons) -> dict[str, float | str]:
    """Features of one token, without context (prefixed by the caller for neighbours)."""
    f: dict[str, float | str] = {"shape": _shape(tok)}
    if tok.kind != "word":
        f["w"] = tok.norm if tok.kind in ("punct", "symbol") else tok.kind
        return f
    stem = tok.stem_norm
    f["w"] = tok.core_norm
    f["stem"] = stem
    if tok.prefixes:
        f["pre"] = "+".join(tok.prefixes)
    if tok.core_norm != stem:
        f["al"] = 1.0
    if tok.suffix:
        f["suf"] = tok.suffix
    for k in (1, 2, 3, 4):
        if len(stem) > k:
            f[f"p{k}"] = stem[:k]
            f[f"s{k}"] = stem[-k:]
    if len(stem) > 4:
        for k in range(1, len(stem) - 3):
            f["c3:" + stem[k : k + 3]] = 1.0  # inner character trigrams (transliterations)
    z = max((lex.zipf.get(form, 0.0) for form in _forms(tok)), default=0.0)
    f["zipf"] = str(int(z))
    # a rare word without the article is the typical foreign name
    f["z|al"] = f"{int(z)}|{'al' if tok.core_norm != stem else '-'}|{'p' if tok.prefixes else '-'}"
    for form in _forms(tok):
        c = lex.clusters.get(form)
        if c:
            for k in (4, 8, 12, len(c)):
                f[f"c{k}"] = c[:k]
            break
    for form in _forms(tok):
        for name in lex.classes_of(form):
            f["g:" + name] = 1.0
            if name in NAME_CLASSES:
                f["g:name"] = 1.0  # in some list of names, whatever its type
    return f


def _quoted(tokens: Sequence[Token]) -> list[bool]:
    """Tokens between quotation marks (« » “ ” "): brands, newspapers and works are often
    quoted."""
    out = [False] * len(tokens)
    inside = False
    for i, tok in enumerate(tokens):
        if tok.kind in ("punct", "symbol") and tok.text in QUOTES:
            inside = tok.text in OPENING_QUOTES or (tok.text == '"' and not inside)
            continue
        out[i] = inside
    return out


def sentence_features(tokens: Sequence[Token], lex: Lexicons) -> list[dict[str, float | str]]:
    """One feature dict per token: its own features, selected features of the tokens at
    -2..+2, word bigrams around it, and lexicon-phrase tags."""
    own = [token_features(t, lex) for t in tokens]
    gaz = [[k for k in o if k.startswith("g:")] for o in own]
    phrase = _phrase_tags(tokens, lex)
    quoted = _quoted(tokens)
    n = len(tokens)
    out = []
    context_keys = ("w", "stem", "pre", "shape", "c8", "s2", "zipf", "al")
    for i in range(n):
        f = dict(own[i])
        f["bias"] = 1.0
        for name in phrase[i]:
            f["ph:" + name] = 1.0
            if name[2:] in NAME_CLASSES:
                f["ph:" + name[:2] + "name"] = 1.0
        if quoted[i]:
            f["quoted"] = 1.0
        for d in (-3, 3):
            j = i + d
            if 0 <= j < n:
                f[f"{d}:w"] = own[j]["w"]
        for d in (-2, -1, 1, 2):
            j = i + d
            if j < 0:
                f[f"{d}:w"] = BOS
                continue
            if j >= n:
                f[f"{d}:w"] = EOS
                continue
            o = own[j]
            for k in context_keys:
                if k in o:
                    f[f"{d}:{k}"] = o[k]
            for k in gaz[j]:
                f[f"{d}:{k}"] = 1.0
            if abs(d) == 1:
                for name in phrase[j]:
                    f[f"{d}:ph:{name}"] = 1.0
        prev_w = own[i - 1]["w"] if i > 0 else BOS
        next_w = own[i + 1]["w"] if i + 1 < n else EOS
        f["bi-"] = f"{prev_w}|{own[i]['w']}"
        f["bi+"] = f"{own[i]['w']}|{next_w}"
        f["shape3"] = "|".join(
            str(own[j]["shape"]) if 0 <= j < n else "-" for j in (i - 1, i, i + 1)
        )
        z = own[i].get("zipf", "-")
        for k in gaz[i - 1] if i > 0 else ():
            f[f"-1{k}|{own[i]['shape']}"] = 1.0
            f[f"-1{k}|z{z}"] = 1.0  # a rare word after a given name or a title
        for k in gaz[i + 1] if i + 1 < n else ():
            f[f"+1{k}|z{z}"] = 1.0
        out.append(f)
    return out
