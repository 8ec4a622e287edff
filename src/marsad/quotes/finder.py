"""Find reported speech on tokens: cues, the speaker phrase, and the content span.

This module works on the token layer alone (``doc.tokens``, ``doc.sentences``); mentions are
used, when present, only to keep a name whole. It returns ``Found`` records whose speaker is a
phrase (a token range), so it can be tested without the entity layers; ``component.py``
attaches each phrase to a mention and an entity.

The grammar is the one of Arabic news attribution:
- verb first, speaker after (قال الرئيس الفرنسي … إن …), possibly with an apposition between
  commas, a time word, a channel (في بيان، خلال مؤتمر صحفي) or a hearer (لرويترز);
- speaker first: after كان (وكان الوزير قال)، after a complementiser (يشار إلى أن الوزير قال),
  as a topic (أما الكرملين، فأكد), or as the antecedent of a relative pronoun (… الذي رفض);
- no speaker named: a continuation (وأضاف أن، مضيفا) takes the previous speaker;
- transmission (نقلت الوكالة عن مصدر أن …): the speaker is the one after عن;
- a prepositional source (بحسب X، وفقا لـ X، حسبما قال X، على لسان X): X is the speaker of
  the other clause of the sentence.
The content starts at the complementiser (أن، إن، بأن …), at an opening quotation mark
(direct speech), at the preposition a cue governs (دعا إلى …، أعرب عن …) or at the first word
of the object (أعلن اختيار …), and ends at the clause end: the sentence end, a closing
quotation mark, or the next cue that opens a clause of its own (، مضيفا …، وأضاف …).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document, Token
from ..text import normalize_string
from .lexicon import (
    COMPLEMENTISER_SUFFIXES,
    CONTENT_PREPOSITIONS,
    FUNCTION_WORDS,
    CueForm,
    Lexicon,
    default_lexicon,
)
from .marks import ALL_MARKS, Quoted, pair_marks

CONJ = ("و", "ف")


@lru_cache(maxsize=65_536)
def _is_complementiser(n: str) -> bool:
    """أن، إن، ان، بأن، وأن، أنه، إنها … (not لأن "because")."""
    for pre in ("", "ب", "و", "ف", "وب", "ل"):
        if pre and not n.startswith(pre):
            continue
        rest = n[len(pre) :]
        if rest.startswith("ان") and rest[2:] in COMPLEMENTISER_SUFFIXES:
            if pre == "ل" and rest == "ان":
                continue
            return True
    return False


def _is_stop_mark(t: Token) -> bool:
    return t.kind == "punct" and t.text in SENTENCE_END


def _agreement(stem: str) -> tuple[bool, bool]:
    """(feminine, plural) as the ending shows them."""
    plural = stem.endswith(("ون", "ين", "ات"))
    feminine = stem.endswith(("ه", "ات"))
    return feminine, plural


# "issued" after a document noun (بيان صادر عن …)
ISSUED = frozenset({"صادر", "صادره", "الصادر", "الصادره"})
# prepositions that open a sentence-initial adverbial (وفي الوقت نفسه، ومن جهة أخرى …)
LEADING_PREPOSITIONS = frozenset({"في", "من", "علي", "مع", "بعد", "قبل", "خلال"})
# cue classes whose content is never a bare object (قال X إن …, not قال X الأمر)
NEEDS_INTRODUCTION = frozenset({"say", "add", "explain", "believe", "report", "reveal", "note"})
OBJECT_CLASSES = frozenset({"call", "warn", "accuse", "ask", "threaten"})
SENTENCE_END = frozenset(".!?؟…")
MAX_NAME_WORDS = 4
MAX_BACK = 14


@dataclass(slots=True)
class Found:
    """One statement found on tokens. ``speaker`` is a half-open token range of the speaker
    phrase in the text (for an inherited speaker: the phrase of the statement it continues);
    ``inherits`` is the index, in the returned list, of that statement."""

    cue: tuple[int, int]  # character span of the cue word(s), clitics excluded
    form: CueForm
    content: tuple[int, int]
    direct: bool
    speaker: tuple[int, int] | None = None  # token range
    how: str = ""  # after | before | topic | relative | transmit | source | inherit | ""
    inherits: int | None = None


class Finder:
    def __init__(
        self,
        lexicon: Lexicon | None = None,
        min_content_words: int = 2,
        inherit_speaker: bool = True,
    ):
        self.lex = lexicon or default_lexicon()
        self._class_cache: dict[tuple, frozenset[str]] = {}
        self.min_content_words = min_content_words
        self.inherit_speaker = inherit_speaker

    @staticmethod
    def lex_norm(text: str) -> str:
        return normalize_string(text)

    # ------------------------------------------------------------------ token predicates
    @staticmethod
    def forms(t: Token) -> list[str]:
        """The matching form, without and with a leading conjunction stripped."""
        n = t.norm
        out = [n]
        if len(n) > 2 and n[0] in CONJ:
            out.append(n[1:])
        return out

    def base(self, t: Token) -> str:
        """The word without conjunction (و/ف) when the rest is a known word."""
        n = t.norm
        if len(n) > 2 and n[0] in CONJ and (n not in self.lex.words and n not in FUNCTION_WORDS):
            rest = n[1:]
            if rest in self.lex.words or rest in FUNCTION_WORDS or t.prefixes[:1] == (n[0],):
                return rest
        return n

    def word_is(self, t: Token, cls: str) -> bool:
        if t.kind != "word":
            return False
        return cls in self.classes(t)

    def classes(self, t: Token) -> frozenset[str]:
        """The word classes (words.tsv) of a token, by its forms with and without clitics
        and article; cached per spelling."""
        key = (t.norm, t.core_norm, t.prefixes)
        got = self._class_cache.get(key)
        if got is None:
            out: set[str] = set()
            for f in (t.norm, self.base(t), t.core_norm):
                out |= self.lex.words.get(f, frozenset())
                if f.startswith("ال") and len(f) > 4:
                    out |= self.lex.words.get(f[2:], frozenset())
            got = frozenset(out)
            if len(self._class_cache) < 200_000:
                self._class_cache[key] = got
        return got

    @staticmethod
    def is_complementiser(t: Token) -> bool:
        return t.kind == "word" and _is_complementiser(t.norm)

    def is_function(self, t: Token) -> bool:
        return t.norm in FUNCTION_WORDS or self.base(t) in FUNCTION_WORDS

    def is_def(self, t: Token) -> bool:
        if t.kind != "word" or self.is_function(t) or self.word_is(t, "relative"):
            return False
        for f in (t.core_norm, t.norm):
            if f.startswith("ال") and len(f) > 3:
                return True
        n = t.norm
        return len(n) > 4 and (n.startswith("لل") or n.startswith("بال") or n.startswith("وال"))

    def is_pp(self, t: Token) -> bool:
        """A word carrying the preposition ب (بالكشف، بمجلس): it opens a phrase of its own."""
        n = t.norm
        return "ب" in t.prefixes or n.startswith(("بال", "وبال"))

    def is_adjective(self, t: Token, prev: Token) -> bool:
        """A definite word that can modify the definite word before it: a nisba (السورية)،
        a listed adjective (العام، الأحمر), an elative (الأعلى) or a participle (المسلحة)
        agreeing in gender and number (المعارضة المسلحة, not الحكومة المقترح)."""
        if self.is_nisba(t) or self.word_is(t, "adj"):
            return True
        stem = t.stem_norm
        if len(stem) == 4 and stem[0] == "ا":
            return True
        if stem.startswith("م") and len(stem) >= 4:
            fem, plural = _agreement(stem)
            if not (fem or plural):
                return False  # البيان المجتمع: a masculine م-noun is not taken as an adjective
            noun_fem, noun_plural = _agreement(prev.stem_norm)
            # a broken plural takes a feminine singular adjective (الأمم المتحدة)
            return not (plural and not noun_plural) and not (noun_fem and not fem and not plural)
        return False

    @staticmethod
    def is_nisba(t: Token) -> bool:
        n = t.norm
        if n.startswith("ال"):
            n = n[2:]
        return len(n) >= 4 and n.endswith(("ي", "يه", "يون", "يين", "يان"))

    def has_prefix(self, t: Token, p: str) -> bool:
        n = t.norm
        return (
            len(n) > 3
            and (n.startswith(p) or (n[0] in CONJ and n[1:].startswith(p)))
            and (p in t.prefixes or n not in FUNCTION_WORDS)
        )

    # -------------------------------------------------------------------------- run
    def find(self, doc: Document) -> list[Found]:
        self.doc = doc
        self.toks = doc.tokens
        self.tok_starts = [t.start for t in doc.tokens]
        self.text = doc.text
        self.quoted = pair_marks(doc.text)
        self.quote_at = {q.open: q for q in self.quoted}
        self.quote_closing_at = {q.close: q for q in self.quoted}
        self.mention_spans = sorted((m.start, m.end) for m in doc.mentions if m.kind == "name")
        self.mention_starts = [a for a, _ in self.mention_spans]
        self.sent_first, self.sent_end = self._sentence_bounds(doc)
        cues = self._cues()
        self.cue_index = {c[0]: c for c in cues}
        out: list[Found] = []
        covered: list[tuple[int, int]] = []
        last_speaker: int | None = None  # index in out of the last statement with a speaker
        for i, j, form, cue_span in cues:
            start = self.toks[i].start
            covered = [(a, b) for a, b in covered if b > start]  # cues come in text order
            if any(a <= start for a, b in covered):
                continue
            found = self._statement(i, j, form, cue_span, out, last_speaker)
            if found is None:
                continue
            if form.kind == "background":
                continue
            out.append(found)
            if found.speaker is not None:
                last_speaker = len(out) - 1
            covered.append(found.content)
        return out

    def _sentence_bounds(self, doc: Document) -> tuple[list[int], list[int]]:
        """For each token, the index of the first token of its sentence and the index
        (exclusive) of its last: sentence boundaries, plus a full stop glued to the next
        word (الأردن.وفي). One linear pass each way."""
        toks = self.toks
        n = len(toks)
        sents = doc.sentences or []
        sid = [0] * n
        si = 0
        for k, t in enumerate(toks):
            while si < len(sents) and sents[si].end <= t.start:
                si += 1
            sid[k] = si
        first = [0] * n
        cur = 0
        for k in range(n):
            if k > 0 and (sid[k] != sid[k - 1] or _is_stop_mark(toks[k - 1])):
                cur = k
            first[k] = cur
        ends = [n] * n
        nxt = n
        for k in range(n - 1, -1, -1):
            if _is_stop_mark(toks[k]) or (k + 1 < n and sid[k + 1] != sid[k]):
                nxt = k if _is_stop_mark(toks[k]) else k + 1
            ends[k] = nxt
        return first, ends

    # ------------------------------------------------------------------------ cues
    def _cue_start(self, t: Token, stripped: int) -> int:
        """Offset of the cue in the original token after ``stripped`` matching letters."""
        if stripped == 0:
            return t.start
        k, seen = 0, 0
        while k < len(t.text) and seen < stripped:
            k += 1
            if not unicodedata.category(t.text[k - 1]).startswith("M"):
                seen += 1
        while k < len(t.text) and unicodedata.category(t.text[k]).startswith("M"):
            k += 1
        return t.start + k

    def _cues(self) -> list[tuple[int, int, CueForm, tuple[int, int]]]:
        out = []
        toks = self.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.kind != "word":
                i += 1
                continue
            hit = None
            if i + 1 < len(toks) and toks[i + 1].kind == "word":
                for k, f in enumerate(self.forms(t)):
                    key = (f, self.forms(toks[i + 1])[0])
                    if key in self.lex.multi:
                        form = self.lex.multi[key]
                        hit = (i, i + 1, form, (self._cue_start(t, k), toks[i + 1].end))
                        break
            if hit is None:
                for k, f in enumerate(self.forms(t)):
                    form = self.lex.cue(f)
                    if form is not None:
                        hit = (i, i, form, (self._cue_start(t, k), t.end))
                        break
            if hit is None:
                # a verbal noun after a preposition clitic (بتأكيد، لإعلان)
                for k, f in enumerate(self.forms(t)):
                    if len(f) > 3 and f[0] in "بل":
                        form = self.lex.cue(f[1:])
                        if form is not None and form.kind == "noun":
                            hit = (i, i, form, (self._cue_start(t, k + 1), t.end))
                            break
            if (
                hit is not None
                and out
                and out[-1][1] == i - 1
                and out[-1][2].kind.startswith("verb")
                and hit[2].kind.startswith("verb")
                and self.base(t) == t.norm
            ):
                hit = None  # قال طالب في الجامعة: a noun right after a cue verb is its subject
            if hit is not None and self._plausible(hit[0], hit[1], hit[2]):
                out.append(hit)
                i = hit[1] + 1
                continue
            i += 1
        return out

    def _plausible(self, i: int, j: int, form: CueForm) -> bool:
        toks = self.toks
        prev = self._prev_word(i)
        if form.kind not in ("source", "noun") and prev is not None:
            p = toks[prev]
            # a verbal noun after a preposition (بعد رفض، على طلب) is not a cue verb
            if prev == i - 1 and p.norm in {
                "بعد",
                "قبل",
                "رغم",
                "عقب",
                "اثر",
                "وسط",
                "مع",
                "في",
                "علي",
                "من",
                "عن",
                "الي",
                "ب",
            }:
                return False
        nxt = self._next_index(j + 1)
        if form.kind == "participle":
            if nxt is None:
                return False
            t = toks[nxt]
            if t.kind == "punct":
                return t.text in ALL_MARKS or t.text in ":،,"
            if form.cls in OBJECT_CLASSES and self.is_def(t) and not self.is_pp(t):
                return True  # داعيا المواطنين إلى …
            if toks[i].norm.endswith("ه") and (prev is None or toks[prev].kind == "word"):
                if not self.is_complementiser(t):
                    return False  # معلومات مؤكدة عن …: an adjective, not a cue
            return (
                self.is_complementiser(t)
                or self.base(t) in CONTENT_PREPOSITIONS
                or t.norm in ("في", "خلال")
                or self.has_prefix(t, "ب")
                or self.word_is(t, "time")
                or self.word_is(t, "adverb")
            )
        if form.kind == "verb-imperfect":
            end = self.sent_end[i]
            for k in range(j + 1, min(end, j + 30)):
                t = toks[k]
                if self.is_complementiser(t) or (
                    t.kind == "punct" and (t.text in ALL_MARKS or t.text == ":")
                ):
                    return True
            return False
        return True

    def _prev_word(self, i: int) -> int | None:
        return i - 1 if i > 0 else None

    def _next_index(self, i: int) -> int | None:
        return i if i < len(self.toks) else None

    # ----------------------------------------------------------------- statements
    def _statement(self, i, j, form, cue_span, out, last_speaker) -> Found | None:
        if form.kind == "source":
            return self._source(i, j, form, cue_span, out, last_speaker)
        if form.kind == "noun":
            return self._noun(i, j, form, cue_span)
        toks = self.toks
        end = self.sent_end[i]
        speaker: tuple[int, int] | None = None
        how = ""
        k = j + 1
        object_expected = form.cls in OBJECT_CLASSES
        conj = (
            toks[i].norm[:1] in CONJ
            and self.base(toks[i]) != toks[i].norm
            or bool(set(toks[i].prefixes) & set(CONJ))
        )
        if form.kind == "transmit":
            a = self._find_word(k, end, {"عن"}, limit=10)
            if a is None:
                return None
            s0 = a + 1
            s1 = self.parse_np(s0, end)
            if s1 == s0:
                return None
            speaker, how = (s0, s1), "transmit"
            k = s1
            if k < end and self.word_is(toks[k], "quoted"):
                k += 1
        elif form.kind != "participle":
            before = self._speaker_before(i)
            if before is not None:
                speaker, how = before
            elif not (conj and object_expected and self._sentence_has_statement(i, out)):
                k = self._skip_fillers(k, end)
                s1 = self.parse_np(k, end)
                if s1 > k:
                    s1 = self._name_apposition(s1, end)
                    speaker, how = (k, s1), "after"
                    k = s1
        k = self._skip_fillers(k, end)
        if speaker is not None and object_expected and how != "after":
            pass  # the object NP is skipped by the content search below
        content = self._content(k, end, form, object_expected and speaker is not None)
        if content is not None and not self._introduced_well(form):
            content = None
        if content is None or (k >= end and speaker is not None):
            before_quote = self._quote_before(i)
            if before_quote is not None:
                content = before_quote
        if content is None:
            return None
        (c0, c1), direct = content
        inherits = None
        if speaker is None and form.kind != "passive" and (conj or how == "mismatch"):
            main = self._main_subject(i)
            if main is not None:
                speaker, how = main, "clause"
        if speaker is None:
            if form.kind == "passive":
                pass
            elif last_speaker is not None and self.inherit_speaker:
                inherits = last_speaker
                speaker, how = out[last_speaker].speaker, "inherit"
        return Found(cue_span, form, (c0, c1), direct, speaker, how, inherits)

    def _introduced_well(self, form: CueForm) -> bool:
        """Verbs of saying need their content introduced (a complementiser, a quotation, a
        colon or a governed preposition); a bare object only follows verbs like أعلن، أكد،
        رفض، طالب. A present-tense cue needs a complementiser or a quotation (تشير الأرقام
        إلى … is not a statement)."""
        how = self.introduced
        if form.kind == "verb-imperfect":
            return how in ("comp", "quote", "colon")
        if form.cls in NEEDS_INTRODUCTION:
            return how != "bare"
        return True

    def _quote_before(self, i: int):
        """«…»، قال الوزير: the quotation just before the cue is its content."""
        k = i - 1
        while k >= 0 and self.toks[k].kind == "punct" and self.toks[k].text in "،,-–":
            k -= 1
        if k >= 0 and self.toks[k].start in self.quote_closing_at:
            return self._inner(self.quote_closing_at[self.toks[k].start]), True
        return None

    def _sentence_start(self, i: int) -> int:
        return self.sent_first[i]

    def _main_subject(self, i: int) -> tuple[int, int] | None:
        """The subject of the sentence's first clause when it is opened by كان or by a verb
        with a conjunction (وكان الأهلي قد اعترض … وهدد …؛ وبدأت مصر … التي تقول …)."""
        toks = self.toks
        s0 = self._sentence_start(i)
        if s0 >= i or toks[s0].kind != "word":
            return None
        t = toks[s0]
        if self.base(t) in LEADING_PREPOSITIONS:
            # وفي نفس الوقت تواجه تركيا …: skip the opening adverbial to its verb
            a = s0 + 1
            while a < i and toks[a].kind == "word" and not self.is_def(toks[a]) and a - s0 < 4:
                a += 1
            if a >= i or not self.is_def(toks[a]):
                return None
            s0 = a + 1
            if s0 < i and toks[s0].norm in ("نفسه", "نفسها", "ذاته", "ذاتها"):
                s0 += 1
            if s0 >= i or toks[s0].kind != "word" or self.is_def(toks[s0]) or self.cue_at(s0):
                return None
            if self.is_function(toks[s0]) or not toks[s0].norm.startswith(("ي", "ت")):
                return None
            t = toks[s0]
            e = self.parse_np(s0 + 1, i)
            return (s0 + 1, e) if e > s0 + 1 else None
        k = s0 + 1
        if self.word_is(t, "be"):
            pass
        elif (
            self.cue_at(s0)
            or self.is_function(t)
            or self.is_def(t)
            or self.word_is(t, "clause")
            or not (t.norm[:1] in CONJ and len(t.norm) > 3)
        ):
            return None
        while k < i and toks[k].kind == "word" and toks[k].norm in ("قد",):
            k += 1
        e = self.parse_np(k, i)
        if e > k:
            return (k, e)
        return None

    def _noun(self, i, j, form, cue_span) -> Found | None:
        """A verbal noun with its agent and a complementiser: بعد إعلان الجيش أن …،
        وسط تحذير الأمم المتحدة من أن …. Without both it is not taken as a statement."""
        toks = self.toks
        end = self.sent_end[i]
        s0 = j + 1
        s1 = self.parse_np(s0, end)
        if s1 == s0 or not self._speaker_like(s0, s1) and not self._in_mention(toks[s0]):
            return None
        k = s1
        if k < end and toks[k].kind == "word" and self.base(toks[k]) in CONTENT_PREPOSITIONS:
            k += 1
        if k >= end or not self.is_complementiser(toks[k]) or toks[k].norm[0] in CONJ:
            return None
        c0 = toks[k].start
        c1 = self._clause_end(k, end)
        if c1 <= c0:
            return None
        return Found(cue_span, form, (c0, c1), False, (s0, s1), "noun")

    def _sentence_has_statement(self, i: int, out: list[Found]) -> bool:
        if not out:
            return False
        last = bisect.bisect_right(self.tok_starts, out[-1].cue[0]) - 1
        return last >= 0 and self.sent_first[last] == self.sent_first[i]

    def _find_word(self, k: int, end: int, words: set[str], limit: int) -> int | None:
        for a in range(k, min(end, k + limit)):
            t = self.toks[a]
            if t.kind == "word" and (t.norm in words or self.base(t) in words):
                return a
            if self.is_complementiser(t):
                return None
        return None

    def _skip_fillers(self, k: int, end: int) -> int:
        """Skip time words, adverbs, a channel (في بيان …), a hearer (لرويترز) and
        parenthetic commas between a cue and what follows it."""
        toks = self.toks
        while k < end:
            t = toks[k]
            if t.kind == "punct" and t.text in "،,":
                k = self._skip_apposition(k, end)
                continue
            if t.kind == "number":
                k += 1
                continue
            if self.word_is(t, "time") or self.word_is(t, "adverb"):
                k += 1
                continue
            if t.norm in ("من", "ومن") and k + 1 < end and self.word_is(toks[k + 1], "adverb"):
                k += 2
                continue
            if self._is_channel(k, end):
                k = self._skip_phrase(k + 1, end)
                continue
            frame = self._frame_end(k, end)
            if frame is not None:
                k = frame  # في هذا السياق، في نفس الإطار
                continue
            if t.norm == "ل" and k + 1 < end:
                # لـ«الشرق الأوسط»، لـ "الاقتصادية": a hearer named after a detached لـ
                nxt = toks[k + 1]
                if nxt.kind == "punct" and nxt.start in self.quote_at:
                    k = self._token_after(self.quote_at[nxt.start].close) or end
                else:
                    k = self._skip_phrase(k + 1, end)
                continue
            if self._is_addressee(t):
                k = self._skip_phrase(k + 1, end)
                continue
            break
        return k

    def _name_apposition(self, e: int, end: int) -> int:
        """الرئيس اليمني، عبد ربه منصور هادي، إن …: a name between commas after a title
        belongs to the speaker phrase (only a name the NER layer found)."""
        toks = self.toks
        if e + 1 >= end or toks[e].kind != "punct" or toks[e].text not in "،,":
            return e
        a = e + 1
        while a < end and toks[a].kind == "word" and self._in_mention(toks[a]) and a - e <= 5:
            a += 1
        if a == e + 1 or a >= end:
            return e
        nxt = toks[a]
        if (nxt.kind == "punct" and nxt.text in "،,") or self.is_complementiser(nxt):
            return a
        return e

    def _skip_apposition(self, k: int, end: int) -> int:
        """After a comma at k: skip an apposition closed by a second comma (ثروت سويلم،
        المدير التنفيذي للاتحاد، أنه …); otherwise just the comma."""
        toks = self.toks
        nxt = k + 1
        if (
            nxt < end
            and toks[nxt].kind == "word"
            and (self.is_def(toks[nxt]) or self.word_is(toks[nxt], "title"))
        ):
            for a in range(nxt + 1, min(end, nxt + 10)):
                u = toks[a]
                if u.kind == "punct":
                    if u.text in "،,":
                        return a + 1
                    break
                if self.is_complementiser(u) or self.cue_at(a):
                    break
        return k + 1

    def _frame_end(self, k: int, end: int) -> int | None:
        """End of an adverbial في phrase (في هذا السياق، في نفس الإطار), else None."""
        if self.base(self.toks[k]) != "في":
            return None
        for a in range(k + 1, min(end, k + 4)):
            if self.word_is(self.toks[a], "frame"):
                b = a + 1
                if b < end and self.toks[b].norm in ("نفسه", "ذاته", "ذاتها", "نفسها"):
                    b += 1
                return b
        return None

    def _is_channel(self, k: int, end: int) -> bool:
        t = self.toks[k]
        if t.norm in ("في", "خلال", "عبر", "اثناء", "ضمن") and k + 1 < end:
            return self.word_is(self.toks[k + 1], "channel")
        if self.has_prefix(t, "ب") and t.kind == "word":
            n = t.norm[t.norm.index("ب") + 1 :]
            return self.lex.is_(n, "channel")
        return False

    def _is_addressee(self, t: Token) -> bool:
        if t.kind != "word":
            return False
        n = t.norm
        if n[0] in CONJ and len(n) > 3:
            n = n[1:]
        if not n.startswith("ل") or len(n) < 2:
            return False
        rest = n[1:]
        return self.lex.is_(rest, "addressee") or self.lex.is_("ا" + rest, "addressee")

    def _skip_phrase(self, k: int, end: int) -> int:
        """Skip the words completing a channel or hearer (صحفي، الرسمية، لوكالة الأنباء …)."""
        toks = self.toks
        n = 0
        while k < end and n < 6:
            t = toks[k]
            if t.kind != "word" or self.is_complementiser(t) or self.word_is(t, "time"):
                break
            if self.is_function(t) and t.norm not in ("مع",):
                break
            if self.cue_at(k):
                break
            k += 1
            n += 1
        return k

    def cue_at(self, k: int) -> bool:
        return k in self.cue_index

    # ------------------------------------------------------------------ speaker
    def head_kind(self, t: Token) -> str:
        if self.word_is(t, "document"):
            return "document"
        if self.word_is(t, "source"):
            return "source"
        if self.word_is(t, "title"):
            return "title"
        if self.word_is(t, "org"):
            return "org"
        if self.is_def(t):
            return "def"
        return "name"

    def _in_mention(self, t: Token) -> bool:
        spans = self.mention_spans
        k = bisect.bisect_right(self.mention_starts, t.end - 1)
        return any(a <= t.core_start < b or a < t.end <= b for a, b in spans[max(0, k - 3) : k])

    @staticmethod
    def is_accusative_or_verb(t: Token) -> bool:
        """A word with tanwin fath (أخيرًا، رسميًا) or the future prefix (ستكون) is not a
        subject."""
        return "\u064b" in t.text or "س" in t.prefixes

    def _name_like(self, t: Token) -> bool:
        if t.kind != "word" or self.is_accusative_or_verb(t):
            return False
        if self.mention_spans and self._in_mention(t):
            return True
        return not (
            self.is_function(t)
            or self.is_complementiser(t)
            or self.word_is(t, "relative")
            or self.word_is(t, "time")
            or self.word_is(t, "adverb")
            or self.word_is(t, "clause")
            or self.word_is(t, "be")
            or self._is_addressee(t)
            or t.norm in ("باسم",)
        )

    def _stop(self, k: int) -> bool:
        t = self.toks[k]
        return (
            t.kind == "punct"
            or t.norm == "ل"
            or self.is_complementiser(t)
            or self.word_is(t, "relative")
            or self.word_is(t, "time")
            or self.word_is(t, "adverb")
            or self._is_addressee(t)
            or self.word_is(t, "quoted")
            or self.cue_at(k)
        )

    def parse_np(self, i: int, end: int) -> int:
        """End (exclusive token index) of the speaker noun phrase starting at ``i``."""
        toks = self.toks
        if i >= end or self._stop(i) or toks[i].kind != "word":
            return i
        t = toks[i]
        if (
            self.is_function(t)
            or self.word_is(t, "clause")
            or self.word_is(t, "be")
            or self.is_accusative_or_verb(t)
        ):
            return i
        if self.is_pp(t):
            return i  # a preposition-led phrase (بالانسحاب، بمجلس) is not a subject
        head = self.head_kind(t)
        j = i + 1
        last = head
        names = 1 if head == "name" else 0
        seen_pp = False
        while j < end:
            t = toks[j]
            if self._stop(j) or t.kind != "word":
                # a mention running on keeps a name whole
                break
            if self._is_channel(j, end):
                break
            n = self.base(t)
            if (
                head == "document"
                and n in ISSUED
                and j + 1 < end
                and toks[j + 1].norm in ("عن", "من")
            ):
                # بيان صادر عن الرئاسة: the document names its author
                j += 2
                if j < end and toks[j].kind == "word" and not self._stop(j):
                    j += 1
                last = "def" if self.is_def(toks[j - 1]) else "pp"
                continue
            if n in ("باسم", "باعمال", "بالاعمال"):
                # المتحدث باسم الكرملين / باسم بان كي مون: the name after باسم belongs here
                j += 1
                first = j
                definite = first < end and self.is_def(toks[first])
                while (
                    j < end
                    and toks[j].kind == "word"
                    and (j == first or not self._stop(j))
                    and j - first < MAX_NAME_WORDS
                ):
                    u = toks[j]
                    if j > first and definite and not self.is_adjective(u, toks[j - 1]):
                        break  # باسم الوزارة وجود …: the name after باسم is over
                    if not definite and not (self._name_like(u) or j == first):
                        break
                    if not definite and j > first and self.is_def(u):
                        break
                    j += 1
                last = "def"
                continue
            in_name = last == "name"
            if (
                in_name
                and self._name_like(t)
                and not t.norm.startswith("ال")
                and names < MAX_NAME_WORDS
            ):
                j += 1  # فالستروم، برايس: letters that look like clitics belong to the name
                names += 1
                continue
            if (
                self.is_def(t)
                and not self.is_pp(t)
                and not (in_name and not t.norm.startswith("ال"))
            ):
                coordinated = t.norm[0] in CONJ and t.core_norm != t.norm
                if last in ("def", "org", "document") and self.is_def(toks[j - 1]):
                    # after a definite word: an agreeing adjective, or و + a definite word
                    # coordinated inside the construct (وزير العمل والضمان الاجتماعي)
                    ok = self.is_adjective(t, toks[j - 1]) or (
                        coordinated and head in ("title", "org", "document")
                    )
                else:
                    ok = not coordinated or last in ("title", "source")
                if ok:
                    j += 1
                    last = "def"
                    continue
            if (
                t.norm.startswith("ل")
                and not self.is_function(t)
                and j + 1 <= end
                and last != "name"
            ):
                # ل + construct (لحقوق الإنسان، للأمم المتحدة، لوزارة التنمية)
                nxt_def = j + 1 < end and self.is_def(toks[j + 1])
                if self.is_def(t) or nxt_def:
                    j += 1
                    last = "lconstruct"
                    continue
            agrees = (
                head == "source"
                and _agreement(t.stem_norm) == _agreement(toks[i].stem_norm)
                and _agreement(t.stem_norm)[1]
            )
            if (
                not self.is_def(t)
                and (self.is_nisba(t) or self.word_is(t, "adj") or agrees)
                and last in ("source", "adj", "title")
                and not seen_pp
            ):
                j += 1
                last = "adj"
                continue
            if (
                head in ("source", "org", "def", "document")
                and not seen_pp
                and self._pp_start(j, end)
                and (
                    not t.norm.startswith(("ب", "وب"))
                    or (head == "source" and last in ("source", "adj"))
                )
            ):
                seen_pp = True
                if (
                    self.has_prefix(t, "ب")
                    and t.norm.startswith(("ب", "وب"))
                    and t.norm not in FUNCTION_WORDS
                ):
                    j += 1  # بمجلس … : the preposition is a clitic of the noun
                else:
                    j += 1
                    if j < end and toks[j].kind == "word" and not self._stop(j):
                        j += 1
                obj = toks[j - 1]
                last = "def" if self.is_def(obj) and not obj.norm.startswith("ب") else "pp"
                if (
                    last == "pp"
                    and j < end
                    and not self._stop(j)
                    and (self.is_def(toks[j]) or self._name_like(toks[j]))
                    and not self.is_pp(toks[j])
                ):
                    # مستشفيات بغداد، بمجلس الأمة: the object is a construct
                    j += 1
                    last = "def" if self.is_def(toks[j - 1]) else "pp"
                continue
            if (
                self._name_like(t)
                and not self.is_def(t)
                and not seen_pp
                and (head in ("title", "name", "org") or (head == "def" and last == "def"))
                and (head != "def" or self.word_is(toks[i], "title"))
                and names < MAX_NAME_WORDS
                and (
                    last in ("title", "def", "name", "lconstruct", "org")
                    or (last == "adj" and head == "title")
                )
                and not (
                    last == "org" and self.is_def(toks[j - 1])
                )  # حركة طالبان, not الشركة تعليق
                and not self.is_pp(t)
                and not (head == "name" and last == "def")
            ):
                if last != "name" and self.mention_spans and not self._in_mention(t):
                    break
                j += 1
                names += 1
                last = "name"
                continue
            break
        # keep a name mention whole
        if self.mention_spans and j < end:
            last_tok = toks[j - 1]
            k = bisect.bisect_right(self.mention_starts, last_tok.end - 1)
            for a, b in self.mention_spans[max(0, k - 3) : k]:
                if a < last_tok.end < b:
                    while j < end and toks[j].start < b:
                        j += 1
        return j

    def _pp_start(self, j: int, end: int) -> bool:
        t = self.toks[j]
        if t.norm in ("في", "من", "داخل", "لدي") and j + 1 < end:
            nxt = self.toks[j + 1]
            return (
                nxt.kind == "word"
                and not self._stop(j + 1)
                and not self.is_function(nxt)
                and not self.word_is(nxt, "channel")
                and not self.word_is(nxt, "time")
            )
        if (
            t.norm.startswith("ب")
            and len(t.norm) > 3
            and t.norm not in FUNCTION_WORDS
            and not self._stop(j)
        ):
            rest = t.norm[1:]
            return not self.lex.is_(rest, "channel") and (
                j + 1 < end and self.is_def(self.toks[j + 1]) or rest.startswith("ال")
            )
        return False

    def _speaker_before(self, i: int) -> tuple[tuple[int, int], str] | None:
        """A subject written before the cue: topic (أما X ف)، relative antecedent, or a noun
        phrase opened by كان, a complementiser or a clause word."""
        toks = self.toks
        t = toks[i]
        s0 = self.sent_first[i]
        prefix_f = t.norm.startswith("ف") and self.base(t) != t.norm
        k = i - 1
        while k >= s0 and toks[k].kind == "word" and toks[k].norm in ("قد", "فقد", "لقد", "ف"):
            if toks[k].norm.startswith("ف"):
                prefix_f = True
            k -= 1
        if prefix_f:
            for a in range(k, max(s0 - 1, k - 18), -1):
                if toks[a].kind == "word" and self.base(toks[a]) == "اما":
                    b = a + 1
                    e = k + 1
                    while e > b and toks[e - 1].kind == "punct":
                        e -= 1
                    if e > b:
                        return (b, e), "topic"
            return None
        if k < s0 or toks[k].kind != "word":
            return None
        if self.word_is(toks[k], "relative"):
            e = k
            b = e
            if toks[k].norm == "التي" and k > s0 and toks[k - 1].norm.endswith(("ين", "ون")):
                return None
            while b > s0 and b > e - 8:
                p = toks[b - 1]
                if (
                    p.kind != "word"
                    or self.is_function(p)
                    or self.cue_at(b - 1)
                    or self.is_complementiser(p)
                ):
                    break
                b -= 1
            if b == e:
                return None
            # start at the earliest title in the phrase (على لسان المتحدث … الذي)
            for a in range(b, e):
                if (
                    self.word_is(toks[a], "title")
                    or self.word_is(toks[a], "source")
                    or self.word_is(toks[a], "org")
                ):
                    b = a
                    break
            return (b, e), "relative"
        if t.norm[:1] in CONJ and self.base(t) != t.norm:
            return None
        if self.is_function(toks[k]) or self.is_complementiser(toks[k]):
            return None
        e = k + 1
        a = k
        crossed_pp = False  # تنظيم القاعدة في اليمن: a place phrase inside the subject
        while a >= s0 and e - a <= MAX_BACK:
            p = toks[a]
            if p.kind == "punct":
                return None  # a comma or colon between: not the subject of this cue
            if (
                self.word_is(p, "be")
                or self.word_is(p, "clause")
                or self.is_complementiser(p)
                or self.base(p) in ("لكن", "اما")
            ):
                if a + 1 < e:
                    return (a + 1, e), "before"
                return None
            if self.cue_at(a) or self.word_is(p, "adverb") or self.word_is(p, "time"):
                return None
            if self.is_function(p):
                if p.norm not in ("في", "من") or a == k:
                    return None
                crossed_pp = True
            a -= 1
        if a < s0 and e > s0 and not crossed_pp:
            return (s0, e), "before"
        return None

    # ------------------------------------------------------------------ content
    def _content(self, k: int, end: int, form: CueForm, skip_object: bool):
        """((start, end), direct) of the content from token ``k``, or None. How the content
        is introduced is left in ``self.introduced`` (quote, comp, prep, colon, bare)."""
        toks = self.toks
        self.introduced = "quote"
        while k < end and toks[k].kind == "punct" and toks[k].text in ":،,-–":
            k += 1
        if k >= len(toks):
            return None
        t = toks[k]
        if t.kind == "punct" and t.start in self.quote_at:
            q = self.quote_at[t.start]
            after = self._token_after(q.close)
            if (
                len(self.text[q.open + 1 : q.close].split()) <= 3
                and after is not None
                and after < end
            ):
                # المتحدث “أفيخاي أدرعي” إن …: a quoted name, the content comes after it
                rest = self._content(after, end, form, skip_object)
                if rest is not None:
                    return rest
            return self._inner(q), True
        start_tok = None
        for a in range(k, min(end, k + 40)):
            u = toks[a]
            if self.is_complementiser(u):
                if u.norm[0] in CONJ and a > k:
                    break  # وإن كانوا …، وأن …: a clause of its own, not this cue's content
                start_tok = a
                break
            if a > k and self.word_is(u, "clause"):
                break
            if (
                a > k
                and u.kind == "punct"
                and u.text in "،,"
                and not (a + 1 < end and self.is_complementiser(toks[a + 1]))
                and form.kind == "verb-imperfect"
            ):
                break
            if (
                u.kind == "punct"
                and u.start in self.quote_at
                and a > k
                and toks[a - 1].kind == "punct"
                and toks[a - 1].text == ":"
            ):
                return self._inner(self.quote_at[u.start]), True
            if self.cue_at(a) and self._opens_clause(a):
                break
        if start_tok is None or (start_tok > k + 3 and self._content_at(k)):
            if start_tok is None and (k >= end or toks[k].kind != "word"):
                return None
            if start_tok is None:
                if self.word_is(toks[k], "relative"):
                    return None
                start_tok = k
                if skip_object and not self.is_pp(toks[k]):
                    # دعت الأمم المتحدة إلى …: the content starts at the governed preposition
                    for a in range(k, min(end, k + 7)):
                        u = toks[a]
                        if u.kind != "word":
                            break
                        if self.base(u) in CONTENT_PREPOSITIONS or (a > k and "ب" in u.prefixes):
                            start_tok = a
                            break
            else:
                start_tok = k
        elif start_tok > k + 1:
            pass
        first = toks[start_tok]
        if self.is_complementiser(first):
            self.introduced = "comp"
        elif self.base(first) in CONTENT_PREPOSITIONS or self.is_pp(first):
            self.introduced = "prep"
        elif start_tok > 0 and toks[start_tok - 1].text == ":":
            self.introduced = "colon"
        else:
            self.introduced = "bare"
        if not self._introduced_well(form):
            return None
        c0 = toks[start_tok].start
        c1 = self._clause_end(start_tok, end)
        words = 0
        for u in toks[start_tok:end]:
            if u.end > c1 or words >= self.min_content_words:
                break
            words += u.kind == "word"
        if c1 <= c0 or words < self.min_content_words:
            return None  # a lone word after the cue is not a statement
        return (c0, c1), False

    def _token_after(self, offset: int) -> int | None:
        a = bisect.bisect_right(self.tok_starts, offset)
        return a if a < len(self.toks) else None

    def _content_at(self, k: int) -> bool:
        """True when the content plainly starts at token k (a governed preposition)."""
        t = self.toks[k]
        return self.base(t) in CONTENT_PREPOSITIONS and not (
            k + 1 < len(self.toks) and self.is_complementiser(self.toks[k + 1])
        )

    def _inner(self, q: Quoted) -> tuple[int, int]:
        a, b = q.inner
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return a, b

    def _opens_clause(self, a: int) -> bool:
        """A cue at token a opens a clause of its own (ends the previous content)."""
        form = self.cue_index[a][2]
        if form.kind == "participle":
            return True
        if form.kind == "source":
            return a > 0 and self.toks[a - 1].kind == "punct"
        t = self.toks[a]
        if t.norm[:1] in CONJ and self.base(t) != t.norm:
            return True
        if a > 0:
            p = self.toks[a - 1]
            if p.kind == "punct" and p.text in "،,؛;":
                return True
            if self.word_is(p, "clause"):
                return True
        return False

    def _clause_end(self, start_tok: int, end: int) -> int:
        toks = self.toks
        e = start_tok
        open_quote_end = -1
        a = start_tok
        while a < end:
            u = toks[a]
            if u.kind == "punct" and u.start in self.quote_at:
                open_quote_end = self.quote_at[u.start].close
            if (
                a > start_tok
                and u.start > open_quote_end
                and self.cue_at(a)
                and self._opens_clause(a)
            ):
                break
            e = a
            a += 1
        last = toks[e].end
        # a quotation running past the sentence end closes the content
        if open_quote_end >= last:
            last = open_quote_end + 1
        while last > toks[start_tok].start and (
            self.text[last - 1].isspace() or self.text[last - 1] in "،,؛;:.-–"
        ):
            last -= 1
        return last

    # ------------------------------------------------------------------ sources
    def _source(self, i, j, form, cue_span, out, last_speaker) -> Found | None:
        toks = self.toks
        end = self.sent_end[i]
        k = j + 1
        # حسبما قال X / كما ذكرت X / وفقا لـ X
        if k < end and self.word_is(toks[k], "says"):
            k += 1
            if k < end and toks[k].norm in ("في", "عن", "علي"):
                k += 1
        if k < end and toks[k].norm in ("ل", "لـ"):
            k += 1
        s0 = k
        if s0 < end and toks[s0].norm.startswith("ل") and toks[s0].norm not in FUNCTION_WORDS:
            pass  # وفقا للمرصد: the ل is a clitic of the speaker's first word
        s1 = self.parse_np(s0, end)
        if s1 == s0:
            return None
        speaker = (s0, s1)
        if k == j + 1 and not self._speaker_like(s0, s1):
            return None  # وفقا للقانون، بحسب الخطة: a rule or a plan, not a speaker
        b = self.sent_first[i]
        words_before = [a for a in range(b, i) if toks[a].kind == "word"]
        if len(words_before) >= 3:
            # content before: the clause from the sentence start to the source
            first = words_before[0]
            if (
                self.word_is(toks[first], "anaphor")
                or any(self.word_is(toks[a], "anaphor") for a in words_before[:3])
                and len(words_before) <= 3
            ):
                return None
            c0 = self._word_core_start(toks[first])
            if toks[first].kind == "word" and self.word_is(toks[first], "clause"):
                c0 = toks[words_before[1]].start
            c1 = toks[i - 1].end
            while c1 > c0 and (self.text[c1 - 1].isspace() or self.text[c1 - 1] in "،,"):
                c1 -= 1
            for q in self.quoted:
                if q.open >= c0 and q.close + 1 >= c1 and q.open <= c0 + 1:
                    return Found(cue_span, form, self._inner(q), True, speaker, "source")
            return Found(cue_span, form, (c0, c1), False, speaker, "source")
        if len(words_before) <= 1 or all(
            self.word_is(toks[a], "clause") or self.is_function(toks[a]) for a in words_before
        ):
            k = s1
            while k < end and toks[k].kind == "punct" and toks[k].text in "،,:":
                k += 1
            if k >= end:
                return None
            if toks[k].kind == "punct" and toks[k].start in self.quote_at:
                return Found(
                    cue_span,
                    form,
                    self._inner(self.quote_at[toks[k].start]),
                    True,
                    speaker,
                    "source",
                )
            c1 = self._clause_end(k, end)
            if c1 <= toks[k].start:
                return None
            return Found(cue_span, form, (toks[k].start, c1), False, speaker, "source")
        return None

    def _speaker_like(self, a: int, b: int) -> bool:
        """A phrase that can name who said something: a person, body or source noun, a
        document, or a name the NER layer found."""
        t = self.toks[a]
        if self.word_is(t, "anaphor") or self.is_function(t):
            return False
        if any(self._in_mention(u) for u in self.toks[a:b]):
            return True
        return self.head_kind(t) in ("title", "source", "org", "document")

    def _word_core_start(self, t: Token) -> int:
        if t.kind != "word":
            return t.start
        if t.norm[:1] in CONJ and self.base(t) != t.norm:
            return self._cue_start(t, 1)
        return t.core_start if t.core_start > t.start and "ال" not in t.norm[:1] else t.start
