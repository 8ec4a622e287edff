"""From tagged tokens to Marsad mentions.

The CRF finds names in ANERcorp's scheme (PERS, ORG, LOC, MISC over whole words). This
module maps them to Marsad's conventions (GOLD.md): a span starts at the token's core (the
proclitics و ف ب ل ك are dropped, the article kept; لل keeps its second ل), MISC is not a
mention, LOC becomes GPE, LOC or FAC by gazetteer and head word, places the gazetteer
knows are added where the model saw none, and nationality/group words become NORP
mentions. A person's title (وزير الخارجية التركي) is recorded as the mention's title span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...document import Token
from .conll import spans
from .features import PhraseTable
from .lexicon import Gazetteer

MODEL_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "GPE"}
MAX_TITLE_TOKENS = 5
MAX_HEADED_ORG_WORDS = 6
RARE_ZIPF = 2.5  # a word rarer than this in wordfreq's Arabic is likely a foreign name
PREPOSITION_ALA = "على"  # "on": the matching view folds it onto the given name علي


@dataclass
class Found:
    """A mention found in one sentence: token range [first, last) and character span."""

    first: int
    last: int
    start: int
    end: int
    type: str
    score: float
    title: tuple[int, int] | None = None


HONORIFICS = frozenset(
    {"الملك", "الامير", "الشيخ", "الامام", "السلطان", "السيد", "الرئيس", "الشهيد", "الخليفه"}
)


def name_start(tok: Token) -> int:
    """Where a name beginning with this token starts: after the proclitics, except a
    future سـ, which cannot stand before a name (ستفان is one word)."""
    return tok.start if tok.prefixes == ("س",) else tok.core_start


def person_start(tok: Token, given_names: frozenset[str]) -> int:
    """A person's name starts at the whole word when the word is itself a given name
    (باسم مرسي is not ب + اسم)."""
    if tok.norm in given_names:
        return tok.start
    if (
        tok.prefixes[:1] in (("و",), ("ف",))
        and len(tok.prefixes) > 1
        and tok.norm[1:] in given_names
    ):
        return tok.start + 1  # وباسم: only the conjunction comes off
    return name_start(tok)


def _phrase_at(tokens: Sequence[Token], i: int, table: PhraseTable) -> int:
    """Length of the longest entry of ``table`` starting at token ``i`` (0 if none)."""
    return table.longest(tokens, i)


class Recognizer:
    def __init__(
        self,
        gazetteer: Gazetteer,
        min_confidence: float = 0.0,
        add_known_names: bool = True,
        zipf: dict[str, float] | None = None,
    ):
        self.g = gazetteer
        self.zipf = zipf or {}
        self.min_confidence = min_confidence
        self.add_known_names = add_known_names
        self.places = PhraseTable(gazetteer.places)
        self.names = PhraseTable(gazetteer.names)
        self.titles = PhraseTable(gazetteer.titles)

    def place_type(self, tokens: Sequence[Token]) -> str:
        """GPE, LOC or FAC for a place name the model found."""
        words = tuple(t.core_norm for t in tokens)
        known = self.g.places.get(words)
        if known:
            return known[0]
        head = tokens[0].core_norm
        stem = tokens[0].stem_norm
        if head in self.g.fac_heads or stem in self.g.fac_heads:
            return "FAC"
        if head in self.g.loc_heads or stem in self.g.loc_heads:
            return "LOC"
        return "GPE"

    def find(
        self, tokens: Sequence[Token], labels: Sequence[str], probs: Sequence[float]
    ) -> list[Found]:
        out: list[Found] = []
        taken = [False] * len(tokens)
        for first, last, typ in self._split_at_conjunctions(tokens, sorted(spans(list(labels)))):
            if typ not in MODEL_TYPES:
                continue
            # a name never ends on punctuation, and never starts on it
            while first < last and tokens[first].kind in ("punct", "symbol"):
                first += 1
            while last > first and tokens[last - 1].kind in ("punct", "symbol"):
                last -= 1
            if first >= last:
                continue
            score = sum(probs[first:last]) / (last - first)
            while (
                typ == "LOC"
                and last - first > 1
                and tokens[first].core_norm in self.g.place_classifiers
            ):
                first += 1  # "(عاصمة) محافظة شمال سيناء": the mention is the name
            while (
                typ == "ORG"
                and last - first > 1
                and tokens[first].core_norm in self.g.org_classifiers
            ):
                first += 1  # "تنظيم داعش": the name is داعش
            if score < self.min_confidence:
                continue
            mtype = MODEL_TYPES[typ]
            words = tuple(t.core_norm for t in tokens[first:last])
            if words in self.g.names and words not in self.g.places:
                mtype = self.g.names[words]  # a name the knowledge base knows keeps its type
            core = tokens[first].core_norm
            if (
                mtype == "GPE"
                and last - first == 1
                and core in self.g.demonyms
                and (core,) not in self.g.places
            ):
                mtype = "NORP"  # ANERcorp has no NORP; a lone nationality word is one
            # (a word that is also a place's name, سورية Syria / Syrian, stays the place the
            # model read from its context)
            elif mtype == "GPE":
                mtype = self.place_type(tokens[first:last])
            elif mtype == "ORG" and tokens[first].core_norm in self.g.fac_heads:
                mtype = "FAC"
            out.append(
                Found(
                    first,
                    last,
                    self.start_of(tokens[first], mtype),
                    tokens[last - 1].end,
                    mtype,
                    score,
                )
            )
            for k in range(first, last):
                taken[k] = True
        self._widen_to_known(tokens, out, taken)
        self._headed_places(tokens, out, taken)
        self._headed_organisations(tokens, out, taken)
        i = 0
        while i < len(tokens):
            if taken[i] or tokens[i].kind != "word":
                i += 1
                continue
            if self.add_known_names:
                n, typ = self._known_at(tokens, i)
                if n and not any(taken[i : i + n]):
                    out.append(
                        Found(i, i + n, name_start(tokens[i]), tokens[i + n - 1].end, typ, 0.5)
                    )
                    for k in range(i, i + n):
                        taken[k] = True
                    i += n
                    continue
            tok = tokens[i]
            if tok.core_norm in self.g.demonyms:
                out.append(Found(i, i + 1, tok.core_start, tok.end, "NORP", 1.0))
                taken[i] = True
            elif tok.core_norm in self.g.org_adjectives:  # دعوات أممية: the UN's
                out.append(Found(i, i + 1, tok.core_start, tok.end, "ORG", 0.5))
                taken[i] = True
            i += 1
        self._extend_persons(tokens, out, taken)
        out.sort(key=lambda f: f.first)
        self._titles(tokens, out)
        return out

    def start_of(self, tok: Token, typ: str) -> int:
        return person_start(tok, self.g.given_names) if typ == "PER" else name_start(tok)

    def _split_at_conjunctions(
        self, tokens: Sequence[Token], found: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """ "الفارعة وطلوزة": a person or place name does not go on past a word joined by و,
        unless the whole is a known name (البوسنة والهرسك); organisation names may
        (وزارة التنمية والصناعة)."""
        out = []
        for first, last, typ in self._split_at_kinship(tokens, found):
            if typ in ("PERS", "LOC") and not self._is_known(tokens[first:last]):
                cut = first
                for k in range(first + 1, last):
                    if "و" in tokens[k].prefixes:
                        out.append((cut, k, typ))
                        cut = k
                out.append((cut, last, typ))
            else:
                out.append((first, last, typ))
        return out

    def _split_at_kinship(
        self, tokens: Sequence[Token], found: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """ "سراج الدين حقاني نجل جلال الدين حقاني" is two people."""
        out = []
        for first, last, typ in found:
            cut = first
            if typ == "PERS":
                for k in range(first + 1, last):
                    if tokens[k].core_norm in self.g.kinship:
                        out.append((cut, k, typ))
                        cut = k + 1
            elif typ == "ORG":
                k = self._person_after_organisation(tokens, first, last)
                if k is not None:
                    out.append((first, k, "ORG"))
                    first, cut, typ = k, k, "PERS"
            if cut < last:
                out.append((cut, last, typ))
        return out

    def _person_after_organisation(
        self, tokens: Sequence[Token], first: int, last: int
    ) -> int | None:
        """ "الجبهة الجنوبية عصام الريس": an organisation name closed by a definite word and
        followed by a given name and at least one more word is an organisation, then a
        person (not "جامعة الملك سعود": a given name after an honorific belongs to it)."""
        for k in range(first + 2, last - 1):
            before, word = tokens[k - 1].core_norm, tokens[k].core_norm
            if (
                word in self.g.given_names
                and not word.startswith("ال")
                and before.startswith("ال")
                and before not in HONORIFICS
            ):
                return k
        return None

    def _is_known(self, tokens: Sequence[Token]) -> bool:
        words = tuple(t.core_norm for t in tokens)
        return words in self.g.places or words in self.g.names

    def _known_at(self, tokens: Sequence[Token], i: int) -> tuple[int, str]:
        """The longest known place, organisation or person starting at token ``i``."""
        n_place, place = self.places.match(tokens, i)
        n_name, name = self.names.match(tokens, i)
        if n_name > n_place and name is not None:
            typ = self.g.names[name]
            # "الحكومة السورية": a common noun with a nationality is left to the NORP rule
            if typ == "ORG" and n_name == 2 and name[1] in self.g.demonyms:
                return 0, ""
            if typ == "ORG" and n_name > 1 and name[0] in self.g.org_classifiers:
                return 0, ""  # "تنظيم داعش": the name is داعش
            return n_name, typ
        if n_place > 1 and tokens[i].core_norm in self.g.place_classifiers:
            return 0, ""  # "محافظة شمال سيناء": the name starts after the classifier
        if n_place and place is not None and place not in self.g.weak_places:
            return n_place, self.g.places[place][0]
        return 0, ""

    def _extend_persons(
        self, tokens: Sequence[Token], found: list[Found], taken: list[bool]
    ) -> None:
        """A rare word or a given name right before a person's name is its first name
        (the model often misses an unusual spelling: "ستفان دي ميستورا")."""
        for f in found:
            if f.type != "PER":
                continue
            for _ in range(2):
                k = f.first - 1
                if k < 0 or taken[k] or tokens[f.first].prefixes not in ((), ("س",)):
                    break  # a proclitic (وأحمد) marks where the name begins
                t = tokens[k]
                # a proclitic (a future سـ comes off only before a verb: ستبعد) or an
                # enclitic pronoun (ناقشها) marks a word that is no first name
                form, start = t.core_norm, t.core_start
                if t.kind != "word" or t.prefixes or t.suffix or form.startswith("ال"):
                    break
                if t.text.endswith(PREPOSITION_ALA):
                    break  # على folds onto علي (Ali) in the matching view
                if form in self.g.demonyms or (self.titles.longest(tokens, k) == 1):
                    break
                if not (form in self.g.given_names or self.zipf.get(form, 0.0) < RARE_ZIPF):
                    break
                f.first, f.start = k, start
                taken[k] = True

    def _widen_to_known(
        self, tokens: Sequence[Token], found: list[Found], taken: list[bool]
    ) -> None:
        """A known name that strictly contains names the model found replaces them
        (the model saw "سيناء" in "شمال سيناء", "غزة" in "قطاع غزة")."""
        i = 0
        while i < len(tokens):
            n, typ = self._known_at(tokens, i) if tokens[i].kind == "word" else (0, "")
            if n < 2 or not any(taken[i : i + n]):
                i += 1
                continue
            inside = [f for f in found if f.first < i + n and i < f.last]
            if all(i <= f.first and f.last <= i + n for f in inside) and not any(
                f.first == i and f.last == i + n for f in inside
            ):
                for f in inside:
                    found.remove(f)
                found.append(
                    Found(i, i + n, name_start(tokens[i]), tokens[i + n - 1].end, typ, 0.5)
                )
                for k in range(i, i + n):
                    taken[k] = True
                i += n
                continue
            i += 1

    def _headed_places(
        self, tokens: Sequence[Token], found: list[Found], taken: list[bool]
    ) -> None:
        """ "شارع الاستقلال", "مستشفى العريش", "ملعب برج العرب": an indefinite head word that
        opens a place name, with one definite word after it, or a construct word and a
        definite one, or a name already found (which it absorbs)."""
        n = len(tokens)
        for i, tok in enumerate(tokens):
            typ = self.g.opening_heads.get(tok.core_norm)
            if typ is None or taken[i] or i + 1 >= n or tokens[i + 1].kind != "word":
                continue
            nxt = tokens[i + 1]
            if nxt.prefixes:
                continue
            last = 0
            absorbed = next(
                (
                    f
                    for f in found
                    if f.first == i + 1
                    and f.type in ("GPE", "LOC", "PER", "ORG")
                    and f.last - f.first <= (1 if f.type == "ORG" else 2)
                    and not any(t.prefixes for t in tokens[f.first + 1 : f.last])
                ),
                None,
            )
            if absorbed is not None:
                last = absorbed.last
            elif taken[i + 1]:
                continue
            elif nxt.core_norm.startswith("ال") and nxt.core_norm not in self.g.demonyms:
                last = i + 2
            elif i + 2 < n and tokens[i + 2].kind == "word" and not taken[i + 2]:
                after = tokens[i + 2]
                # "ملعب برج العرب": the construct's complement may be a people's name
                if not after.prefixes and after.core_norm.startswith("ال"):
                    last = i + 3
            if not last:
                continue
            if absorbed is not None:
                found.remove(absorbed)
            found.append(Found(i, last, name_start(tok), tokens[last - 1].end, typ, 0.5))
            for k in range(i, last):
                taken[k] = True

    def _headed_organisations(
        self, tokens: Sequence[Token], found: list[Found], taken: list[bool]
    ) -> None:
        """ "وزارة الصحة المصرية", "وزارة التنمية والصناعة والتجارة الخارجية البرازيلية": a
        head that always opens a name (وزارة), then definite words (joined by و or not) up
        to a nationality word, which ends it."""
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if tok.core_norm not in self.g.opening_org_heads or taken[i]:
                continue
            last = i + 1
            for k in range(i + 1, min(n, i + 1 + MAX_HEADED_ORG_WORDS)):
                t = tokens[k]
                if t.kind != "word" or taken[k] or t.prefixes not in ((), ("و",)):
                    break
                if not t.core_norm.startswith("ال"):
                    break
                last = k + 1
                if t.core_norm in self.g.demonyms:
                    break
            while last > i + 1 and "و" in tokens[last - 1].prefixes:
                last -= 1  # a name does not end on a word joined by و
            if last == i + 1:
                continue
            found.append(Found(i, last, name_start(tok), tokens[last - 1].end, "ORG", 0.5))
            for k in range(i, last):
                taken[k] = True

    def _titles(self, tokens: Sequence[Token], found: list[Found]) -> None:
        """A person's title: a title phrase a few tokens before the name, joined to it only
        by definite complements (الخارجية), nationality words or other names."""
        for f in found:
            if f.type != "PER":
                continue
            lo = f.first
            for k in range(f.first - 1, max(-1, f.first - 1 - MAX_TITLE_TOKENS), -1):
                t = tokens[k]
                if t.kind != "word":
                    break
                if _phrase_at(tokens, k, self.titles):
                    lo = k
                    continue
                inside = any(
                    o.first <= k < o.last and o.type in ("NORP", "ORG", "GPE") for o in found
                )
                if not (inside or t.core_norm.startswith("ال")):
                    break
            if lo < f.first:
                f.title = (tokens[lo].core_start, tokens[f.first - 1].end)


SURNAME_MAX_ZIPF = 4.6  # a person's last name alone counts only if it is not a common word


def propagate(
    recognizer: Recognizer, sentences: Sequence[Sequence[Token]], found: list[list[Found]]
) -> None:
    """One sense per document: a name the model found once is found again where it recurs
    in the same article, and a person's last name alone ("جليك" after "فاروق جليك")
    names the same person."""
    g = recognizer.g
    known: dict[tuple[str, ...], str] = {}
    for tokens, fs in zip(sentences, found, strict=True):
        for f in fs:
            if f.type == "NORP" or f.score < 0.5:
                continue
            words = tuple(t.core_norm for t in tokens[f.first : f.last])
            known.setdefault(words, f.type)
            last = tokens[f.last - 1].core_norm
            if (
                f.type == "PER"
                and f.last - f.first >= 2
                and last not in g.given_names
                and last not in g.demonyms
                and recognizer.zipf.get(last, 0.0) < SURNAME_MAX_ZIPF
            ):
                known.setdefault((last,), "PER")
    if not known:
        return
    table = PhraseTable(known)
    for tokens, fs in zip(sentences, found, strict=True):
        taken = [False] * len(tokens)
        for f in fs:
            for k in range(f.first, f.last):
                taken[k] = True
        i = 0
        while i < len(tokens):
            n, entry = (0, None) if taken[i] else table.match(tokens, i)
            if n and entry is not None and not any(taken[i : i + n]):
                typ = known[entry]
                fs.append(Found(i, i + n, name_start(tokens[i]), tokens[i + n - 1].end, typ, 0.5))
                i += n
                continue
            i += 1
        fs.sort(key=lambda f: f.first)
