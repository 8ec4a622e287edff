"""CRF features of a sentence of Marsad tokens.

Features read the clitic segmentation (core and stem, proclitics, enclitic), character
affixes, word shape, corpus frequency (wordfreq's Zipf value, learned from unlabeled
text), word clusters (when shipped), gazetteer and title lists, and the same for the
neighbouring tokens. Training and inference call the same function, so they see the same
inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...document import Token

BOS = "<s>"
EOS = "</s>"


@dataclass
class Lexicons:
    """Word lists (matching form) the features consult; every field may be empty.

    ``words`` maps a class name (e.g. ``country``, ``title``, ``org_head``) to single words;
    ``phrases`` maps a class name to multi-word entries as tuples of words. ``clusters``
    maps a word to its distributional cluster path (bit string)."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    clusters: dict[str, str] = field(default_factory=dict)
    zipf: dict[str, float] = field(default_factory=dict)
    max_phrase: int = 1

    def __post_init__(self) -> None:
        self.max_phrase = max([1, *(len(p) for ps in self.phrases.values() for p in ps)])

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
    if not lex.phrases:
        return out
    cores = [t.core_norm for t in tokens]
    stems = [t.stem_norm for t in tokens]
    n = len(tokens)
    for i in range(n):
        for length in range(min(lex.max_phrase, n - i), 1, -1):
            seqs = {tuple(cores[i : i + length]), (stems[i], *cores[i + 1 : i + length])}
            hit = [name for name, ps in lex.phrases.items() if any(s in ps for s in seqs)]
            for name in hit:
                out[i].append("B-" + name)
                for k in range(i + 1, i + length):
                    out[k].append("I-" + name)
            if hit:
                break
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
    for form in _forms(tok):
        c = lex.clusters.get(form)
        if c:
            for k in (4, 8, 12, len(c)):
                f[f"c{k}"] = c[:k]
            break
    for form in _forms(tok):
        for name in lex.classes_of(form):
            f["g:" + name] = 1.0
    return f


def sentence_features(tokens: Sequence[Token], lex: Lexicons) -> list[dict[str, float | str]]:
    """One feature dict per token: its own features, selected features of the tokens at
    -2..+2, word bigrams around it, and lexicon-phrase tags."""
    own = [token_features(t, lex) for t in tokens]
    phrase = _phrase_tags(tokens, lex)
    n = len(tokens)
    out = []
    context_keys = ("w", "stem", "pre", "shape", "c8", "s2")
    for i in range(n):
        f = dict(own[i])
        f["bias"] = 1.0
        for name in phrase[i]:
            f["ph:" + name] = 1.0
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
            for k, v in o.items():
                if k.startswith("g:"):
                    f[f"{d}:{k}"] = v
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
        for k, v in own[i - 1].items() if i > 0 else ():
            if k.startswith("g:"):
                f[f"-1{k}|{own[i]['shape']}"] = v
        out.append(f)
    return out
