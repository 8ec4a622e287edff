"""Pipeline component 'events': PLOVER-coded who-did-what-to-whom, traceable to the text.

For each clause (a stretch of a sentence between punctuation and clause openers such as
حيث، وسط، بينما، مضيفا) the component finds triggers from the editable lexicon
(``resources/events/triggers.tsv``), checks the context that makes them events (a sports
"هجوم" is not an assault), and codes each event with:

- source and target actors from the clause: the subject before (SVO) or after (VSO) a
  verb, the agent of a passive or experiencer frame (تعرض لـ… من قبل X، على يد X), the
  genitive or nationality adjective of an event noun (هجمات المتشددين، دعوات فرنسية),
  objects and على/ضد/بحق/مع phrases, and "بين X و Y";
- location (a place entity in the clause, else the article's main place), time (a Time
  in the clause), status (asserted, planned, denied, hypothetical), ``reported_by`` (the
  quote whose content holds the trigger), the evidence span (the clause), mode and CAMEO.

What a request, refusal, threat or protest is *about* is not coded as a separate event:
"دعوات لوقف القصف" is one REQUEST, not also an ASSAULT; a ceasefire that is called for is a
REQUEST, an announced one an AGREE, a mere mention nothing. Precision matters more than
recall: a trigger that needs context and lacks it yields nothing.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from ..component import ComponentSpec, Process
from ..document import Actor, Document, Event, Span, Time, Token
from ..settings import Settings
from .actors import ActorFinder, Phrase
from .lexicon import ActorLexicon, Lexicon, Trigger, load_actor_lexicon, load_lexicon, word_variants

_BOUNDARY_PUNCT = set("،,؛;:!?؟.…–—")  # quote marks do not end a clause
# words that open a new clause (the evidence of an event stops before them)
_CLAUSE_OPENERS = {
    "حيث",
    "بينما",
    "فيما",
    "مضيفا",
    "مضيفه",
    "مشيرا",
    "مشيره",
    "لافتا",
    "موضحا",
    "مؤكدا",
    "معتبرا",
    "منوها",
    "اضاف",
    "اضافت",
    "كما",
    "لكن",
    "ولكن",
    "الا",
}
# complementizers open a sub-clause (arguments and absorption stay inside one)
_COMPLEMENTIZERS = {"ان", "انه", "انها", "انهم", "انهما", "اننا", "انني", "انهن"}
_NEGATION = {"لم", "لن", "لا", "ما", "ليس", "ليست", "لما"}
_DENY = {"نفي", "نفت", "نفوا", "ينفي", "تنفي", "ينفون", "نافيا", "نافيه"}
_FUTURE_WORDS = {
    "سوف",
    "المقبل",
    "المقبله",
    "القادم",
    "القادمه",
    "المرتقب",
    "المرتقبه",
    "غدا",
    "المقرر",
    "يعتزم",
    "عزم",
    "تعتزم",
    "ينوي",
    "تنوي",
    "المتوقع",
    "المزمع",
}
_HYPOTHETICAL = {"اذا", "لو", "لولا", "ربما", "قد", "يمكن", "احتمال", "امكانيه", "حال"}
_POSSIBILITY = {"احتمال", "امكانيه", "امكان", "ربما", "يمكن"}
_WEEKDAYS = {"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت"}
_PASSIVE_AGENT = (("من", "قبل"), ("علي", "يد"), ("علي", "ايدي"), ("بيد",), ("بايدي",))
_EXPERIENCER = {
    "تعرض",
    "تعرضت",
    "تعرضوا",
    "يتعرض",
    "تتعرض",
    "يتعرضون",
    "تعرضها",
    "تعرضه",
    "متعرضا",
    "يتعرضن",
    "تعرضن",
    "تعرضا",
}
_SUPPORT_VERBS = {
    "شن",
    "شنت",
    "شنوا",
    "يشن",
    "تشن",
    "يشنون",
    "نفذ",
    "نفذت",
    "نفذوا",
    "ينفذ",
    "تنفذ",
    "ارتكب",
    "ارتكبت",
    "ارتكبوا",
    "يرتكب",
    "ترتكب",
    "قام",
    "قامت",
    "قاموا",
    "يقوم",
    "تقوم",
    "وجه",
    "وجهت",
    "وجهوا",
    "يوجه",
    "توجه",
    "نظم",
    "نظمت",
    "نظموا",
    "ينظم",
    "تنظم",
    "عقد",
    "عقدت",
    "عقدوا",
    "يعقد",
    "تعقد",
    "اجري",
    "اجرت",
    "اجروا",
    "يجري",
    "تجري",
    "اعلن",
    "اعلنت",
    "بدا",
    "بدات",
    "واصل",
    "واصلت",
    "تواصل",
    "يواصل",
    "اطلق",
    "اطلقت",
    "تتواصل",
    "يتواصل",
    "استمرت",
    "استمر",
    "تستمر",
    "تجددت",
    "تجدد",
    "اندلعت",
    "اندلع",
    "وقع",
    "وقعت",
    "شهدت",
    "شهد",
    "تشهد",
    "يشهد",
    "استخدم",
    "استخدمت",
    "ارسل",
    "ارسلت",
    "يرسل",
    "ترسل",
    "قدم",
    "قدمت",
    "يقدم",
    "تقدم",
    "وزع",
    "وزعت",
    "شارك",
    "شاركت",
    "شكل",
    "شكلوا",
    "مدد",
    "مددت",
    "تمديد",
    "اعلان",
    "شاركوا",
    "يشارك",
    "تشارك",
    "يشاركون",
    "وصلت",
    "وصل",
    "دخلت",
    "فرض",
    "فرضت",
    "يفرض",
    "تفرض",
    "تنظيم",
    "تنفيذ",
    "اصدر",
    "اصدرت",
}
_TARGET_PREPS = {"علي", "ضد", "بحق", "مع", "الي", "لدي", "تجاه", "امام", "من"}
_PLACE_PREPS = {
    "في",
    "داخل",
    "قرب",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "عن",
    "منذ",
    "خلال",
    "بشان",
    "حول",
    "ازاء",
    "نحو",
}
_SPEECH_VERBS = {
    "قال",
    "قالت",
    "قالوا",
    "يقول",
    "تقول",
    "اكد",
    "اكدت",
    "اكدوا",
    "يؤكد",
    "تؤكد",
    "اضاف",
    "اضافت",
    "اوضح",
    "اوضحت",
    "اشار",
    "اشارت",
    "اعلن",
    "اعلنت",
    "ذكر",
    "ذكرت",
    "افاد",
    "افادت",
    "صرح",
    "صرحت",
    "اعتبر",
    "اعتبرت",
    "لفت",
    "لفتت",
    "شدد",
    "شددت",
    "راي",
    "رات",
    "يري",
    "تري",
    "اعرب",
    "اعربت",
    "ابلغ",
}
_ADVERBS = {
    "امس",
    "اليوم",
    "ايضا",
    "من",
    "جهته",
    "جهتها",
    "جانبه",
    "جانبها",
    "مجددا",
    "بدوره",
    "بدورها",
    "قد",
    "كان",
    "كانت",
    "كانوا",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "صباح",
    "مساء",
    "الليله",
    "الماضيه",
    "الماضي",
}
_PLACE_HEADS = {
    "العاصمه",
    "عاصمه",
    "مدينه",
    "المدينه",
    "المدن",
    "مدن",
    "البلده",
    "بلده",
    "القري",
    "قريه",
    "الاراضي",
    "الحدود",
    "السواحل",
    "الاقاليم",
    "المحافظات",
    "الولايات",
}
# words before a trigger that make it possible, feared or planned rather than reported
_HYPOTHETICAL_CUES = {
    "استعدادا",
    "تمهيدا",
    "المرجح",
    "يرجح",
    "الممكن",
    "اذا",
    "لو",
    "حال",
    "اي",
    "لاي",
    "تحسبا",
    "المحتمل",
    "محتمل",
    "محتمله",
    "يخطط",
    "يخططون",
    "تخطط",
    "اقترح",
    "توقع",
    "يتوقع",
    "توقعات",
    "مخاوف",
    "خشيه",
    "احتمال",
    "يمكن",
    "يمكنهم",
    "قد",
    "ربما",
    "سيناريو",
}
_CASUALTY_VERBS = {
    "قتل",
    "اصيب",
    "اصيبوا",
    "جرح",
    "مقتل",
    "اصابه",
    "لقي",
    "لقوا",
    "استشهد",
    "سقط",
    "قضي",
}
_BACKGROUND = {"بعد", "منذ", "رغم", "اعقاب", "عقب", "خلفيه", "ذكري", "اثر"}
_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اللواتي", "اللاتي"}
# what may stand between a background word and the event it dates (بعد يوم من، إثر ساعات على)
_MEASURE_LINKS = {"من", "علي", "يوم", "يومين", "ايام", "ساعات", "ساعه", "اسبوع", "اسابيع", "شهر"}
_PHYSICAL = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "AID", "SANCTION", "CONCEDE"}
_COUNT_WORDS = {
    "عشرات",
    "مئات",
    "الاف",
    "اثنين",
    "اثنان",
    "ثلاثه",
    "اربعه",
    "خمسه",
    "سته",
    "سبعه",
    "ثمانيه",
    "تسعه",
    "عشره",
    "ثلاث",
    "اربع",
    "خمس",
    "ست",
    "سبع",
    "ثماني",
    "تسع",
    "عشر",
    "شخصين",
    "جنديين",
    "شخص",
    "شخصا",
    "احد",
    "عدد",
}


@dataclass
class Match:
    trigger: Trigger
    start: int  # first token index
    end: int  # token index, exclusive
    category: str
    mode: str | None
    words: tuple[int, ...] = ()  # the tokens of the trigger (a phrase may enclose its subject)

    def covers(self, a: int, b: int) -> bool:
        words = self.words or tuple(range(self.start, self.end))
        return any(a <= k < b for k in words)


@dataclass
class Clause:
    start: int  # token indices
    end: int
    subs: list[tuple[int, int]] = field(default_factory=list)


def make(settings: Settings) -> Process:
    lex = load_lexicon()
    actors = load_actor_lexicon()
    # the readings of a word depend on the word only: built once per pipeline, not per document
    forms = WordForms()

    def events(doc: Document) -> Document:
        if not doc.tokens:
            return doc
        EventFinder(doc, lex, actors, settings, forms).run()
        return doc

    return events


EVENTS = ComponentSpec(
    "events",
    ("sentences", "tokens", "entities", "times"),
    ("events",),
    make,
    "PLOVER events with actors, place, time, status and CAMEO codes (lexicon and clause rules)",
)


class WordForms:
    """The forms a token may be looked up by (itself and its readings without clitics),
    remembered per normalised word for the life of the pipeline (bounded)."""

    def __init__(self, limit: int = 200_000):
        self.limit = limit
        self._words: dict[str, frozenset[str]] = {}

    def __call__(self, t: Token) -> frozenset[str]:
        if not t.is_word:
            return frozenset((t.norm,))
        got = self._words.get(t.norm)
        if got is None:
            got = frozenset({t.norm} | {v.form for v in word_variants(t.norm)})
            if len(self._words) >= self.limit:
                self._words.clear()
            self._words[t.norm] = got
        return got


class EventFinder:
    def __init__(
        self,
        doc: Document,
        lex: Lexicon,
        actors: ActorLexicon,
        settings: Settings,
        forms: WordForms | None = None,
    ):
        self.doc = doc
        self.lex = lex
        self.actor_lex = actors
        self.settings = settings
        self.tokens = doc.tokens
        forms_of = forms or WordForms()
        self.forms: list[frozenset[str]] = [forms_of(t) for t in self.tokens]
        self._index_places()
        self.main_country = self._main_country()
        self.finder = ActorFinder(doc, actors, self.main_country)
        self.main_place = self._main_place()
        self.published = _date(doc.meta.published)

    def _index_places(self) -> None:
        """Place mentions sorted by start (stable: document order among equal starts) and
        the first token at each offset, so clause-level look-ups bisect instead of scanning
        the whole document."""
        ids = {e.id for e in self.doc.entities}
        places = sorted(
            (mm for mm in self.doc.mentions if mm.type in ("GPE", "LOC", "FAC")),
            key=lambda mm: mm.start,
        )
        self._place_starts = [mm.start for mm in places]
        linked = [mm for mm in places if mm.entity in ids]
        self._linked_places = linked
        self._linked_place_starts = [mm.start for mm in linked]
        self._token_at: dict[int, int] = {}
        for k, t in enumerate(self.tokens):
            self._token_at.setdefault(t.core_start, k)
            self._token_at.setdefault(t.start, k)
        # tokens that begin inside a time expression
        token_starts = [t.start for t in self.tokens]
        self._in_time: set[int] = set()
        for x in self.doc.times:
            lo = bisect_left(token_starts, x.start)
            hi = bisect_left(token_starts, x.end)
            self._in_time.update(range(lo, hi))
        # times and quote contents by start offset (with their position in the layer)
        self._time_starts = sorted((x.start, pos) for pos, x in enumerate(self.doc.times))
        self._quote_starts = sorted((q.content.start, pos) for pos, q in enumerate(self.doc.quotes))
        self._longest_quote = max(
            (q.content.end - q.content.start for q in self.doc.quotes), default=0
        )

    def _times_in(self, a: int, b: int) -> list[Time]:
        """The times that begin in [a, b), in the order of the layer."""
        i = bisect_left(self._time_starts, (a, -1))
        j = bisect_left(self._time_starts, (b, -1))
        times = self.doc.times
        return [times[pos] for pos in sorted(pos for _, pos in self._time_starts[i:j])]

    # ------------------------------------------------------------------ token helpers

    def _group(self, group: str, lo: int, hi: int, skip: range | None = None) -> bool:
        """Whether a word or phrase of a context group occurs in tokens [lo, hi)."""
        by_first = self.lex.group_index(group)
        for i in range(lo, hi):
            if skip is not None and i in skip:
                continue
            for first in self.forms[i] & by_first.keys():
                for words in by_first[first]:
                    n = len(words)
                    if i + n <= hi and all(words[k] in self.forms[i + k] for k in range(1, n)):
                        return True
        return False

    # ------------------------------------------------------------------ article level
    def _main_country(self) -> str | None:
        counts: Counter[str] = Counter()  # type: ignore[assignment]
        first: dict[str, int] = {}
        if True:  # the lexicon's places weigh names over adjectives; entities fill in below
            tokens = self.tokens
            i = 0
            while i < len(tokens):
                best = None
                for v in word_variants(tokens[i].norm) if tokens[i].is_word else ():
                    for entry in self.actor_lex.entries.get(v.form, ()):
                        if (
                            entry.kind in ("country", "place", "nat")
                            and entry.country
                            and entry.country != "main"
                        ):
                            n = len(entry.words)
                            if all(
                                entry.words[k] in self.forms[i + k]
                                for k in range(1, n)
                                if i + k < len(tokens)
                            ):
                                if best is None or n > len(best.words):
                                    best = entry
                if best is not None:
                    # where the news happens (names, places) outweighs who is mentioned (adjectives)
                    place_head = i > 0 and _strip_wa(tokens[i - 1].norm) in _PLACE_HEADS
                    weight = 1.0 if best.kind in ("country", "place") or place_head else 0.5
                    counts[best.country] += weight  # type: ignore[index]
                    first.setdefault(best.country, i)  # type: ignore[arg-type]
                    i += len(best.words)
                else:
                    i += 1
        if not counts:
            for e in self.doc.entities:
                if e.country and e.type in ("GPE", "LOC", "FAC"):
                    counts[e.country] += len(e.mentions) or 1
        if not counts:
            return None
        return max(counts, key=lambda c: (counts[c], -first.get(c, 0)))

    def _main_place(self) -> str | None:
        best, best_n = None, 0
        for e in self.doc.entities:
            if e.type in ("GPE", "LOC"):
                n = len(e.mentions)
                if n > best_n:
                    best, best_n = e.id, n
        return best

    # ------------------------------------------------------------------ clauses
    def _clauses(self) -> list[Clause]:
        out: list[Clause] = []
        tokens = self.tokens
        sentences = self.doc.sentences or []
        spans = [(s.start, s.end) for s in sentences] or [(0, len(self.doc.text))]
        ti = 0
        for s_start, s_end in spans:
            while ti < len(tokens) and tokens[ti].end <= s_start:
                ti += 1
            tj = ti
            while tj < len(tokens) and tokens[tj].start < s_end:
                tj += 1
            start = ti
            for k in range(ti, tj + 1):
                cut = k == tj
                if not cut:
                    t = tokens[k]
                    if t.kind in ("punct", "symbol") and (
                        t.text in _BOUNDARY_PUNCT or t.text in "-_*"
                    ):
                        cut = True
                    elif t.is_word and k > start + 1 and _opens_clause(t.norm):
                        if k < tj and self._clause_opener_ok(k):
                            self._close(out, start, k)
                            start = k
                        continue
                if cut:
                    self._close(out, start, k)
                    start = k + 1
            ti = tj
        return out

    def _clause_opener_ok(self, k: int) -> bool:
        w = _strip_wa(self.tokens[k].norm)
        nxt = self.tokens[k + 1].norm if k + 1 < len(self.tokens) else ""
        if w == "فيما" and nxt in ("اذا", "لو"):  # "فيما إذا" (whether) continues the clause
            return False
        if w == "الا":  # "إلا أن" opens a clause; "إلا" alone (except) does not
            return k + 1 < len(self.tokens) and self.tokens[k + 1].norm in _COMPLEMENTIZERS
        return True

    def _close(self, out: list[Clause], a: int, b: int) -> None:
        words = [
            i for i in range(a, b) if self.tokens[i].is_word or self.tokens[i].kind == "number"
        ]
        if not words:
            return
        a, b = words[0], words[-1] + 1
        subs: list[tuple[int, int]] = []
        s = a
        for i in range(a + 1, b):
            t = self.tokens[i]
            if t.is_word and (_strip_prep(t.norm) in _COMPLEMENTIZERS):
                subs.append((s, i))
                s = i
        subs.append((s, b))
        out.append(Clause(a, b, subs))

    # ------------------------------------------------------------------ triggers
    def _match_at(self, i: int, limit: int) -> Match | None:
        t = self.tokens[i]
        if not t.is_word:
            return None
        best: Match | None = None
        for v in word_variants(t.norm):
            for trig in self.lex.phrases.get(v.form, ()):
                if not _compatible(trig, v, t):
                    continue
                n = len(trig.rest)
                words = self._phrase_words(i, trig.rest, limit)
                if words is not None:
                    if best is None or n + 1 > len(best.words or (0,)):
                        best = Match(trig, i, words[-1] + 1, trig.category, trig.mode, words)
            if best is not None and best.end - best.start > 1:
                continue
            for trig in self.lex.words.get(v.form, ()):
                if not _compatible(trig, v, t):
                    continue
                if best is None:
                    best = Match(trig, i, i + 1, trig.category, trig.mode)
        return best

    def _phrase_words(
        self, i: int, rest: tuple[frozenset[str], ...], limit: int
    ) -> tuple[int, ...] | None:
        """Token indices of a phrase's words: the second word may come up to four tokens
        later (a verb's subject stands between: أطلقت إسرائيل سراح، ألقت الشرطة القبض),
        the others follow directly."""
        words = [i]
        k = i + 1
        for n, alts in enumerate(rest):
            reach = 5 if n == 0 else 1
            found = None
            for j in range(k, min(limit, k + reach)):
                if self.forms[j] & alts:
                    found = j
                    break
                if not self.tokens[j].is_word and self.tokens[j].kind != "number":
                    break
            if found is None:
                return None
            words.append(found)
            k = found + 1
        return tuple(words)

    def _context_ok(self, m: Match, clause: Clause, sent: tuple[int, int]) -> bool:
        skip = range(m.start, m.end)
        for g in m.trigger.flag_values("cancel"):
            if self._group(g, sent[0], sent[1], skip):
                return False
        for g in m.trigger.flag_values("need"):
            if g == "bi_complement":
                if not any(
                    self.tokens[k].norm.startswith("ب")
                    and len(self.tokens[k].norm) > 3
                    and self.tokens[k].norm != "بين"
                    for k in range(m.end, min(clause.end, m.end + 5))
                ):
                    return False
            elif not self._group(g, clause.start, clause.end, skip):
                return False
        return True

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        clauses = self._clauses()
        sentence_of = self._sentence_bounds(clauses)
        last_source: dict[int, list[Actor]] = {}
        for ci, clause in enumerate(clauses):
            sent = sentence_of[ci]
            for sub in clause.subs:
                self._sub_clause(clause, sub, sent, last_source)

    def _sentence_bounds(self, clauses: list[Clause]) -> list[tuple[int, int]]:
        bounds = []
        sents = self.doc.sentences
        for c in clauses:
            s = self.doc.sentence_at(self.tokens[c.start].start) if sents else None
            if s is None:
                bounds.append((0, len(self.tokens)))
                continue
            lo = c.start
            while lo > 0 and self.tokens[lo - 1].start >= s.start:
                lo -= 1
            hi = c.end
            while hi < len(self.tokens) and self.tokens[hi].end <= s.end:
                hi += 1
            bounds.append((lo, hi))
        return bounds

    def _sub_clause(
        self,
        clause: Clause,
        sub: tuple[int, int],
        sent: tuple[int, int],
        last_source: dict[int, list[Actor]],
    ) -> None:
        lo, hi = sub
        matches: list[Match] = []
        i = lo
        while i < hi:
            m = self._match_at(i, hi)
            if m is not None:
                matches.append(m)
                i = m.end
            else:
                i += 1
        absorbing: str | None = None
        denied = self._denied_scope(clause, lo)
        made: list[tuple[Match, Event]] = []
        for m in matches:
            if not self._context_ok(m, clause, sent):
                continue
            first = self.tokens[m.start].norm
            if (
                absorbing
                and m.trigger.pos == "V"
                and first[:1] in ("و", "ف")
                and (first[1:] in self.lex.words or first[1:] in self.lex.phrases)
            ):
                absorbing = None  # اعترض على … وهدد بـ…: a coordinated verb states a new act
            if absorbing == "all":
                continue
            if absorbing == "protest" and m.category in (
                "ACCUSE",
                "REQUEST",
                "REJECT",
                "SUPPORT",
                "CEASEFIRE",
            ):
                if "absorb" in m.trigger.flags:
                    absorbing = "all"  # تجمعوا للتنديد بـ…: what they denounce is not coded
                continue
            if m.category == "PROTEST" and self._group(
                "prevent", max(sent[0], m.start - 6), m.start
            ):
                continue  # فرقت الشرطة مظاهرة، منعت تظاهرة: the protest is what was stopped
            if m.category == "CEASEFIRE":
                if self._group("request_marker", lo, hi) or self._group(
                    "request_marker", sent[0], m.start
                ):
                    m.category = "REQUEST"
                elif self._group("agree_marker", lo, hi):
                    m.category = "AGREE"
                else:
                    continue
            if "reported" in m.trigger.flags and self._speaker(m, sent) is None:
                continue
            # merge with a close trigger of the same category (هجوم انتحاري بسيارة مفخخة)
            gap = m.start - made[-1][0].end if made else 99
            if (
                made
                and made[-1][1].type == m.category
                and (gap <= 1 or (gap <= 6 and m.trigger.pos == "N"))
            ):
                prev_m, prev_e = made[-1]
                if prev_e.mode is None and m.mode:
                    prev_e.mode = m.mode
                    prev_e.cameo = self.lex.cameo_code(prev_e.type, prev_e.mode)
                prev_m.end = max(prev_m.end, m.end)
                if not prev_e.source or not prev_e.target:
                    # قتل مئات من قوات الأمن في هجمات المتشددين: the second word names the doer
                    src, tgt = self._arguments(m, clause, sub, sent, last_source)
                    prev_e.source = prev_e.source or [a for a in src if not _same(a, prev_e.target)]
                    prev_e.target = prev_e.target or [a for a in tgt if not _same(a, prev_e.source)]
                if "absorb" in m.trigger.flags:
                    absorbing = "all"
                continue
            ev = self._event(m, clause, sub, sent, denied, last_source)
            if ev is None:
                continue
            if made and m.trigger.pos == "V" and self._coordinated(m):
                self._share_arguments(m, ev, *made[-1])
            if ev.type == "ASSAULT" and not ev.target:
                ev.target = self._casualties(lo, hi, ev.source)
            if (
                ev.type in _PHYSICAL
                and self._confidence(m, ev, sent) < self.settings.events_min_confidence
            ):
                continue
            if ev.type not in _PHYSICAL and m.trigger.pos == "N" and not ev.source:
                continue  # "رغم الدعوات": a call, a condemnation … by nobody named is not coded
            if (
                m.trigger.category == "CEASEFIRE"
                and ev.type == "AGREE"
                and (ev.status != "asserted" or self._uncertain(lo, hi))
            ):
                continue
            ev.id = self.doc.new_id("v")
            made.append((m, ev))
            self.doc.events.append(ev)
            if "absorb" in m.trigger.flags or m.category in ("REQUEST", "AGREE", "COOPERATE"):
                absorbing = "all"
            elif m.category == "PROTEST":
                absorbing = "protest"
        # a request, refusal or protest absorbs what follows in the clause's later sub-clauses
        # only through explicit complements (handled by the sub-clause split)

    # ------------------------------------------------------------------ one event
    def _event(
        self,
        m: Match,
        clause: Clause,
        sub: tuple[int, int],
        sent: tuple[int, int],
        denied: bool,
        last_source: dict[int, list[Actor]],
    ) -> Event | None:
        source, target = self._arguments(m, clause, sub, sent, last_source)
        category = m.category
        if (
            category == "PROTEST"
            and m.trigger.pos == "V"
            and source
            and all(a.sector in ("GOV",) for a in source)
            and "احتج" in self.tokens[m.start].norm
        ):
            category = "ACCUSE"  # a government's protest is a diplomatic complaint
            m.mode = "disapprove"
        if category == "ASSAULT":
            for a in source + target:
                if a.sector == "OPP":
                    a.sector = "REB"  # opposition that fights or is fought is armed
        status = self._status(m, clause, sub, denied)
        ev = Event(
            id="",
            type=category,
            evidence=self._evidence(clause),
            mode=m.mode,
            source=source,
            target=target,
            location=self._location(clause),
            time=self._time(clause),
            status=status,
            reported_by=self._reported_by(m),
            cameo=self.lex.cameo_code(category, m.mode),
            trigger=Span(self.tokens[m.start].core_start, self.tokens[m.end - 1].end),
        )
        if source:
            last_source[sent[0]] = source
        return ev

    def _confidence(self, m: Match, ev: Event, sent: tuple[int, int]) -> float:
        """How surely a physical event (an attack, a protest, an arrest …) is a reported
        occurrence rather than a generic, historical or hypothetical mention. A finite verb
        starts higher than an event noun; a definite or plural noun (الهجوم، الاغتيالات)
        usually points back or speaks in general. Time, place, casualties, a support verb
        (شن، نفذ) and named actors anchor it; planning, trials, history lower it."""
        lo, hi = sent
        t = self.tokens[m.start]
        skip = range(m.start, m.end)
        if m.trigger.pos == "V":
            score = 0.55
        elif m.end - m.start > 1:
            score = 0.45
        else:
            definite = any(v.article for v in word_variants(t.norm) if v.form in self.lex.words)
            plural = t.norm.endswith("ات") or t.norm.endswith("ين") or t.norm.endswith("ون")
            score = 0.25 if (definite or plural) and self._experiencer(m, lo) is None else 0.4
            if "adverbial" in m.trigger.flags:
                score = 0.55  # خرجوا احتجاجا على …: the accusative states how an act was done
        if m.category not in ("ASSAULT", "PROTEST"):
            # violence and protest words are used in commentary far more than words for
            # arrests, withdrawals, releases or aid, which are nearly always reports
            score += 0.2
        anchors = 0
        if self._group("time_anchor", lo, hi) or any(
            x.type in ("DATE", "TIME")
            for x in self._times_in(self.tokens[lo].start, self.tokens[hi - 1].end)
        ):
            score += 0.15
            anchors += 1
        if self._has_place(lo, hi) or self._group("site_anchor", lo, hi, skip):
            score += 0.15
            anchors += 1
        if self._group("casualty", lo, hi, skip) and any(
            self.tokens[k].kind == "number" or self._is_count(k) for k in range(lo, hi)
        ):
            score += 0.2
            anchors += 1
        if m.trigger.pos == "N" and any(
            self.forms[k] & _SUPPORT_VERBS for k in range(max(lo, m.start - 4), m.start)
        ):
            score += 0.2
            anchors += 1
        if self._experiencer(m, lo) is not None:
            score += 0.2  # تعرضوا للتعذيب: the reporting frame of a suffered event
            anchors += 1
        if any(a.sector for a in ev.source + ev.target):
            anchors += 1
        if m.category == "PROTEST" and self._group("crowd", lo, hi, skip):
            score += 0.15  # تظاهر عشرات، خرج آلاف المتظاهرين: a crowd took part
            anchors += 1
        # a verb needs one anchor, an event noun two: otherwise it is talk about violence
        if anchors < (1 if m.trigger.pos == "V" else 2) and ev.status != "denied":
            score -= 0.3
        if (
            m.end < hi
            and _strip_wa(self.tokens[m.end].norm) in ("الذي", "التي", "الذين")
            and m.trigger.pos == "N"
        ):
            score -= 0.2  # التفجير الذي وقع …: named as known, told as background
        if self._relative_before(m, lo):
            # الذين قتلوا، اللتين تعرضتا لاعتداء، الذين نفذوا يوم الاثنين هجوما: a relative
            # clause presupposes the act and recalls it; the news of the sentence is elsewhere
            score -= 0.25
        if ev.status == "asserted" and any(
            _strip_wa(self.tokens[k].norm) in _HYPOTHETICAL_CUES for k in range(lo, m.start)
        ):
            score -= 0.3  # a possibility the status rules did not catch: not a report
        if any(a.sector for a in ev.source + ev.target):
            score += 0.1
        if m.trigger.pos == "N" and m.end - m.start == 1:
            readings = [v for v in word_variants(t.norm) if v.form in self.lex.words]
            if readings and all(v.enclitic for v in readings):
                score -= 0.15  # اغتياله، تعذيبهم: points back to something already told
            if (
                readings
                and all(v.noun_prefix in ("ب", "ل") for v in readings)
                and self._experiencer(m, lo) is None
                and m.category
                != "PROTEST"  # نزلوا إلى الشوارع للاحتجاج: the purpose is the protest
            ):
                score -= 0.15  # باغتيال، لخطف: embedded in another statement (accused of, about)
            if self._background_before(m, lo):
                score -= 0.2  # بعد الاعتداء، منذ مقتل، بعد يوم من مقتل: background, not the news
            if m.category == "ASSAULT" and self._group("verbal_adj", m.end, min(hi, m.end + 2)):
                score -= 0.5  # شن هجوما شديدا على الحكومة: words, not arms
        if self._group("frame", max(lo, m.start - 3), m.start, skip):
            score -= 0.4  # التحقيق في اغتيال، المتهم بقتل، خطط لهجمات: not a report of the act
        if m.category == "ASSAULT" and self._group("halt", max(lo, m.start - 2), m.start, skip):
            score -= 0.5  # وقف إطلاق الصواريخ: what is to stop is not reported as done
        if m.trigger.pos == "V" and m.start > lo:
            prev = _strip_wa(self.tokens[m.start - 1].norm)
            before = _strip_wa(self.tokens[m.start - 2].norm) if m.start - 2 >= lo else ""
            if prev == "بعدما" or (prev == "ان" and before == "بعد"):
                score -= 0.2  # بعدما رشق المتظاهرون الشرطة: the earlier act explains the news
        if m.trigger.pos == "V" and m.trigger.present and ev.status == "asserted":
            score -= 0.1  # يقتلون: habitual or general more often than a report
        # what speaks against a report is looked for in the event's own clause: long sentences
        # join several statements
        c_lo = next((k for k in range(lo, hi) if self.tokens[k].start >= ev.evidence.start), lo)
        c_hi = next((k for k in range(c_lo, hi) if self.tokens[k].start >= ev.evidence.end), hi)
        if self._group("generic", c_lo, c_hi, skip):
            score -= 0.3
        if (
            (self._historical(c_lo, c_hi) or self._past_year(lo, hi))
            and not self._dated_day(lo, hi)
            and not self._nearest_time_recent(m, lo, hi)
        ):
            # منذ عام 2004، في 2005: history or statistics, not this news; an act dated to
            # the day (في 12 ديسمبر 2005: اغتيال …) is a specific occurrence all the same
            score -= 0.5
        if (
            any(self.tokens[k].text in "؟?" for k in range(lo, hi))
            or _strip_wa(self.tokens[lo].norm) == "هل"
        ):
            score -= 0.3  # a question asks, it does not report
        if ev.status == "hypothetical":
            score -= 0.1
        return score

    def _relative_before(self, m: Match, lo: int) -> bool:
        """A relative pronoun opens the clause of the trigger (at most four words before it).
        A present-tense support verb in between (التي تشهد هجمات يومية) describes a situation
        that still holds, which is news; a past one (الذين نفذوا هجوما) recalls a known act."""
        for k in range(m.start - 1, max(lo, m.start - 4) - 1, -1):
            t = self.tokens[k]
            if not t.is_word:
                return False
            if _strip_wa(t.norm) in _RELATIVES:
                return True
            if self.forms[k] & (_SUPPORT_VERBS | _EXPERIENCER):
                if _strip_wa(t.norm)[:1] in "يت" and not self.forms[k] & _EXPERIENCER:
                    return False
                continue
            # only the relative clause's own verb (نفذوا، تعرضتا) and adverbs may stand between:
            # in "الحافلة التي تقل سياحا لإطلاق نار" the relative clause ends before the act
            if not (t.norm in _ADVERBS or self._is_time(k)):
                return False
        return False

    def _background_before(self, m: Match, lo: int) -> bool:
        """A background word (بعد، إثر، منذ، في أعقاب) governs the event noun directly or
        through a short measure phrase (بعد يوم من مقتل، بعد أيام على اغتيال)."""
        for k in range(m.start - 1, max(lo, m.start - 4) - 1, -1):
            w = _strip_wa(self.tokens[k].norm)
            if w in _BACKGROUND or self.forms[k] & _BACKGROUND:
                return True
            if not self.tokens[k].is_word or not (
                w in _MEASURE_LINKS or self.forms[k] & _MEASURE_LINKS
            ):
                return False
        return False

    def _nearest_time_recent(self, m: Match, lo: int, hi: int) -> bool:
        """The time word nearest the trigger is a recent one (أمس، اليوم، الخميس), so an
        earlier year further away dates something else (أضرب العرب أمس احتجاجا على … مع
        اندلاع الانتفاضة في أكتوبر 2000)."""
        if self.published is None:
            return False
        old: list[int] = []
        recent: list[int] = []
        for k in range(lo, hi):
            tk = self.tokens[k]
            if (
                tk.kind == "number"
                and len(tk.norm) == 4
                and tk.norm.isdigit()
                and 1900 < int(tk.norm) < self.published.year
            ):
                old.append(k)
            elif tk.is_word and self._group("time_anchor", k, k + 1):
                recent.append(k)
        if not old or not recent:
            return False

        def dist(k: int) -> int:
            return min(abs(k - m.start), abs(k - (m.end - 1)))

        return min(map(dist, recent)) < min(map(dist, old))

    def _dated_day(self, lo: int, hi: int) -> bool:
        """The sentence dates something to a day of a written year (12 ديسمبر 2005)."""
        a, b = self.tokens[lo].start, self.tokens[hi - 1].end
        return any(
            a <= x.start < b
            and x.type == "DATE"
            and x.value
            and len(x.value) == 10
            and x.value[:4] in x.text
            for x in self._times_in(a, b)
        )

    def _has_place(self, lo: int, hi: int) -> bool:
        a, b = self.tokens[lo].start, self.tokens[hi - 1].end
        i = bisect_left(self._place_starts, a)
        if i < len(self._place_starts) and self._place_starts[i] < b:
            return True
        for k in range(lo, hi):
            hit = self.finder.lookup(k, hi)
            if hit is not None and hit[0].kind in ("place", "country", "nat") and hit[0].country:
                return True
        return False

    def _is_count(self, k: int) -> bool:
        return bool(self.forms[k] & _COUNT_WORDS)

    def _past_year(self, lo: int, hi: int) -> bool:
        """An earlier year written out in the sentence (في ديسمبر 2001، عندما هاجم …)."""
        if self.published is None:
            return False
        for k in range(lo, hi):
            tk = self.tokens[k]
            if (
                tk.kind == "number"
                and len(tk.norm) == 4
                and tk.norm.isdigit()
                and 1900 < int(tk.norm) < self.published.year
            ):
                return True
        return False

    def _historical(self, lo: int, hi: int) -> bool:
        if self.published is None:
            return False
        a, b = self.tokens[lo].start, self.tokens[hi - 1].end
        for x in self._times_in(a, b):
            if a <= x.start < b and x.value and x.value[:4].isdigit():
                if int(x.value[:4]) < self.published.year - 1 or (
                    int(x.value[:4]) < self.published.year and len(x.value) == 4
                ):
                    return True
        return self._past_year(lo, hi)

    def _uncertain(self, lo: int, hi: int) -> bool:
        for k in range(lo, hi):
            w = _strip_wa(self.tokens[k].norm)
            if w in _POSSIBILITY or w in _FUTURE_WORDS:
                return True
            if any(v.verb_prefix == "س" for v in word_variants(self.tokens[k].norm)):
                return True
        return False

    def _evidence(self, clause: Clause) -> Span:
        return Span(self.tokens[clause.start].start, self.tokens[clause.end - 1].end)

    # ------------------------------------------------------------------ arguments
    def _phrases(self, lo: int, hi: int) -> list[Phrase]:
        out: list[Phrase] = []
        i = lo
        while i < hi:
            p = self.finder.phrase_at(i, hi)
            if p is not None:
                out.append(p)
                i = max(p.end, i + 1)
            else:
                i += 1
        return out

    def _actor(self, p: Phrase) -> list[Actor]:
        text_start = self.tokens[p.start].core_start
        text_end = self.tokens[p.end - 1].end
        text = self.doc.text[text_start:text_end]
        countries = p.countries or [None]
        sector = p.sector
        if p.kind == "nat" and (sector is None or p.plural):
            # السوريين والعرب (the people) vs دعوات فرنسية (the state)
            sector = "CVL" if p.plural else (sector or "GOV")
        if p.kind == "country" and sector is None:
            sector = "GOV"
        out = []
        seen = set()
        for n, c in enumerate(countries):
            own = p.part_sectors[n] if n < len(p.part_sectors) else None
            s = sector
            if p.kind == "nat":
                s = own or p.sector or ("CVL" if p.plural else "GOV")
            if s == "IGO":
                c = None
            if (c, s) in seen:
                continue
            seen.add((c, s))
            out.append(Actor(p.entity, text, c, s, text_start, text_end))
        return out

    def _arguments(
        self,
        m: Match,
        clause: Clause,
        sub: tuple[int, int],
        sent: tuple[int, int],
        last_source: dict[int, list[Actor]],
    ) -> tuple[list[Actor], list[Actor]]:
        lo, hi = sub
        phrases = [p for p in self._phrases(lo, hi) if not m.covers(p.start, p.end)]
        before = [p for p in phrases if p.end <= m.start]
        after = [
            p
            for p in phrases
            if p.start >= m.start + 1 and not (m.words and p.start > m.words[-1] and False)
        ]
        if m.words and len(m.words) > 1:
            # a phrase that encloses its subject (ألقت الشرطة القبض على): subject inside, objects after
            inside = [p for p in after if p.end <= m.words[-1] and not self._place_like(p)]
            if inside:
                rest = [p for p in after if p.start >= m.end]
                tgt = inside[1:2] or self._targets(rest, m, direct=True)
                return self._flatten(inside[:1]), self._flatten(tgt)
        after = [p for p in after if p.start >= m.end]
        source: list[Phrase] = []
        target: list[Phrase] = []
        agent = self._passive_agent(m.end, hi)
        experiencer = self._experiencer(m, lo)
        anchor = m.start
        # a support verb (شن هجوما، وجه نداء، نظم مظاهرة) carries the subject of a noun trigger
        if m.trigger.pos == "N":
            for k in range(m.start - 1, max(lo, m.start - 8) - 1, -1):
                if self.forms[k] & _SUPPORT_VERBS:
                    anchor = k
                    break
        possessor = m.trigger.pos == "N" and m.end - m.start == 1 and self._has_possessive(m)
        if experiencer is None and agent is None and possessor:
            # قصفها، مبايعته تنظيم داعش: the pronoun is the doer, what follows is the target
            pron = self._pronoun_subject(lo, m.start, reach=6)
            source = [pron] if pron is not None else []
            target = self._targets(after, m, direct=True)
            return self._flatten(source), self._flatten(target)
        if experiencer is not None:
            subj = [p for p in phrases if p.end <= m.start and p.start >= experiencer] or [
                p for p in before if p.end <= experiencer and experiencer - p.end <= 3
            ]
            if subj:
                target = [subj[0]]
            if agent is not None:
                source = [agent]
        elif agent is not None:
            source = [agent]
            obj = [p for p in after if p.start < agent.start]
            if obj:
                target = [obj[0]]
            elif before:
                target = [before[-1]]
        else:
            subj_before = [
                p
                for p in before
                if p.end <= anchor and anchor - p.end <= 3 and self._no_verb_between(p.end, anchor)
            ]
            after_anchor = [
                p
                for p in phrases
                if p.start >= (anchor + 1 if anchor != m.start else m.end) and p.start < hi
            ]
            if m.trigger.pos == "N" and anchor == m.start:
                # event noun: the genitive or adjective right after it is its doer
                gen = [
                    p
                    for p in after
                    if p.start - m.end <= 2 and not self._preposition_before(p.start)
                ]
                if gen and "gen_target" in m.trigger.flags and gen[0].kind != "nat":
                    target = [gen[0]]
                    [
                        p
                        for p in after
                        if p.start >= gen[0].end and self._preposition_before(p.start)
                    ]
                    if subj_before:
                        source = [subj_before[-1]]
                elif gen:
                    source = [gen[0]]
                    rest = [p for p in after if p.start >= gen[0].end]
                    target = self._targets(rest, m)
                else:
                    target = self._targets(after, m)
                    near = [
                        p
                        for p in subj_before
                        if m.start - p.end == 0 and _purpose(self.tokens[m.start])
                    ]
                    if near:
                        source = [near[-1]]  # دفعت بقطر للدعوة إلى …: Qatar calls
            elif not subj_before and self._pronoun_subject(lo, m.start) is not None:
                source = [self._pronoun_subject(lo, m.start)]  # type: ignore[list-item]
                target = self._targets(after, m, direct=True)
            elif subj_before:
                source = [subj_before[-1]]
                target = self._targets(
                    [p for p in after_anchor if p.start >= m.end or anchor != m.start],
                    m,
                    direct=True,
                )
            elif (
                m.trigger.pos == "V"
                and m.category in ("ASSAULT", "COERCE")
                and m.end < hi
                and (self.tokens[m.end].kind == "number" or self._is_count(m.end))
            ):
                # قتل خمسة جنود، اعتقل عشرات الناشطين: a count after the verb is its patient
                target = after[:1]
                agent2 = [p for p in after[1:] if self._preposition_before(p.start)]
                source = agent2[:1] if agent2 and m.category != "ASSAULT" else []
            else:
                cands = [
                    p
                    for p in after_anchor
                    if p.start - (anchor + 1) <= 3 or self._only_adverbs(anchor + 1, p.start)
                ]
                if cands:
                    first = cands[0]
                    rest = [p for p in after_anchor if p.start >= first.end]
                    inherit = self._inherited(sent, lo, last_source)
                    nxt_prep = self._next_is_preposition(first.end)
                    if (
                        not rest
                        and nxt_prep
                        and inherit
                        and m.category in ("ACCUSE", "REQUEST", "THREATEN")
                    ):
                        return inherit, self._actor(first)
                    source = [first]
                    target = self._targets(rest, m, direct=True)
                else:
                    target = self._targets(after_anchor, m)
                    inherit = self._inherited(sent, lo, last_source)
                    if inherit and m.trigger.pos == "V":
                        return inherit, self._flatten(target)
        if "sym" in m.trigger.flags and source:
            acts = self._actor(source[0])
            if len(acts) > 1:
                return [acts[0]], acts[1:]  # مسؤولون أتراك وروس: one side and the other
            between = self._between(lo, hi)
            if between:
                return between
        if (not source or not target) and ("sym" in m.trigger.flags or m.mode == "fight"):
            between = self._between(lo, hi)
            if between:
                return between
        if source and source[0].kind == "place":
            source = []
        if not source and (
            m.category
            in (
                "REQUEST",
                "ACCUSE",
                "REJECT",
                "THREATEN",
                "AGREE",
                "SUPPORT",
                "CONSULT",
                "COOPERATE",
            )
            or "reported" in m.trigger.flags
        ):
            speaker = self._speaker(m, sent)
            if speaker:
                return speaker, self._flatten(target)
        src = self._flatten(source)
        tgt = [a for a in self._flatten(target) if not any(a.start == s.start for s in src)]
        return src, tgt

    def _flatten(self, phrases: list[Phrase]) -> list[Actor]:
        out: list[Actor] = []
        for p in phrases:
            out.extend(self._actor(p))
        return out

    def _targets(self, after: list[Phrase], m: Match, direct: bool = False) -> list[Phrase]:
        after = [p for p in after if not self._place_like(p)]
        if not after:
            return []
        out = (
            [after[0]]
            if (direct or self._preposition_before(after[0].start) or after[0].start - m.end <= 2)
            else []
        )
        if not out:
            for p in after:
                if self._preposition_before(p.start):
                    out = [p]
                    break
        if out:
            # coordinated targets: X و Y، وكذلك Z
            last = out[-1]
            for p in after:
                if p.start <= last.start:
                    continue
                if p.start - last.end <= 2 and (
                    self.tokens[p.start].norm.startswith("و")
                    or any(
                        self.tokens[k].norm in ("و", "وكذلك", "كذلك")
                        for k in range(last.end, p.start)
                    )
                ):
                    out.append(p)
                    last = p
        return out

    def _place_like(self, p: Phrase) -> bool:
        """A country after في/ب/عن … is where or about what, not who."""
        k = p.start
        prev = _strip_wa(self.tokens[k - 1].norm) if k > 0 else ""
        if prev in _PLACE_PREPS:
            return True
        return (
            p.kind == "country"
            and self.tokens[k].norm[:1] in ("ب", "ل")
            and self.tokens[k].norm not in ("بحق",)
        )

    def _coordinated(self, m: Match) -> bool:
        first = self.tokens[m.start].norm
        return first[:1] in ("و", "ف") and (
            first[1:] in self.lex.words or first[1:] in self.lex.phrases
        )

    def _share_arguments(self, m: Match, ev: Event, prev_m: Match, prev: Event) -> None:
        """تعتقل كل شاب وتجبره على …: a coordinated verb keeps the subject of the first, and
        its object pronoun points at the first one's object."""
        between = (self.tokens[prev_m.start].start, self.tokens[m.start].start)
        if not ev.source or all(
            a.start is not None and between[0] <= a.start < between[1] for a in ev.source
        ):
            if prev.source:
                ev.source = [
                    Actor(a.entity, a.text, a.country, a.sector, a.start, a.end)
                    for a in prev.source
                ]
        if not ev.target and self._has_object_pronoun(m) and prev.target:
            ev.target = [
                Actor(a.entity, a.text, a.country, a.sector, a.start, a.end) for a in prev.target
            ]

    def _has_object_pronoun(self, m: Match) -> bool:
        return any(
            v.enclitic for v in word_variants(self.tokens[m.start].norm) if v.form in self.lex.words
        )

    def _casualties(self, lo: int, hi: int, source: list[Actor]) -> list[Actor]:
        """قتل ثلاثون جنديا، أصيب 18 مجندا … في هجوم: who was killed or hurt is the target."""
        for k in range(lo, hi):
            if self.forms[k] & _CASUALTY_VERBS:
                for p in self._phrases(k + 1, min(hi, k + 5)):
                    acts = self._actor(p)
                    if acts and not any(a.start == s.start for a in acts for s in source):
                        return acts
        return []

    def _has_possessive(self, m: Match) -> bool:
        t = self.tokens[m.start]
        readings = [
            v for v in word_variants(t.norm) if v.form in self.lex.words and not v.verb_prefix
        ]
        return bool(readings) and all(v.enclitic for v in readings)

    def _pronoun_subject(self, lo: int, trig: int, reach: int = 3) -> Phrase | None:
        """بأنها ترفض / أنه سيزور: the pronoun of the complementizer refers back to the last
        actor named before it in the clause."""
        t = self.tokens[lo]
        w = _strip_prep(t.norm)
        if w not in ("انه", "انها", "انهم", "انهما") or trig - lo > reach:
            return None
        k = lo - 1
        while k >= 0 and k > lo - 15:
            if not self.tokens[k].is_word and self.tokens[k].text in "،.؛":
                break
            k -= 1
        ps = self._phrases(k + 1, lo)
        return ps[-1] if ps else None

    def _preposition_before(self, k: int) -> bool:
        t = self.tokens[k]
        prev = self.tokens[k - 1].norm if k > 0 else ""
        if _strip_wa(prev) in _TARGET_PREPS:
            return True
        return bool(t.prefixes) and t.prefixes[-1] in ("ب", "ل") and k > 0

    def _next_is_preposition(self, k: int) -> bool:
        if k >= len(self.tokens):
            return False
        return self.tokens[k].norm in (
            "من",
            "الي",
            "علي",
            "ب",
            "بان",
            "بانه",
            "بانها",
            "بانهم",
        ) or self.tokens[k].norm.startswith("ب")

    def _no_verb_between(self, a: int, b: int) -> bool:
        return all(self.tokens[k].norm not in _SPEECH_VERBS for k in range(a, b))

    def _only_adverbs(self, a: int, b: int) -> bool:
        return b - a <= 6 and all(
            (self.tokens[k].norm in _ADVERBS or not self.tokens[k].is_word or self._is_time(k))
            for k in range(a, b)
        )

    def _is_time(self, k: int) -> bool:
        return k in self._in_time

    def _passive_agent(self, lo: int, hi: int) -> Phrase | None:
        for i in range(lo, hi):
            for words in _PASSIVE_AGENT:
                n = len(words)
                if i + n <= hi and all(words[k] in self.forms[i + k] for k in range(n)):
                    p = self.finder.phrase_at(i + n, hi)
                    if p is not None:
                        return p
        return None

    def _experiencer(self, m: Match, lo: int) -> int | None:
        t = self.tokens[m.start]
        if not (t.norm.startswith("ل") or (t.prefixes and t.prefixes[-1] == "ل")):
            return None
        for k in range(m.start - 1, max(lo, m.start - 8) - 1, -1):
            if self.forms[k] & _EXPERIENCER:
                return k
        return None

    def _between(self, lo: int, hi: int) -> tuple[list[Actor], list[Actor]] | None:
        for i in range(lo, hi):
            if self.tokens[i].norm == "بين":
                ps = self._phrases(i + 1, hi)
                if len(ps) >= 2:
                    return self._actor(ps[0]), self._actor(ps[1])
        return None

    def _inherited(
        self, sent: tuple[int, int], lo: int, last_source: dict[int, list[Actor]]
    ) -> list[Actor] | None:
        got = last_source.get(sent[0])
        if got:
            return [Actor(a.entity, a.text, a.country, a.sector, a.start, a.end) for a in got]
        return None

    def _speaker(self, m: Match, sent: tuple[int, int]) -> list[Actor] | None:
        q = self._quote_of(m)
        if q is not None and q.speaker:
            ent = self.doc.entity(q.speaker)
            mention = self.doc.mention(q.speaker_mention)
            if ent is not None:
                text = mention.text if mention else ent.name
                start = mention.start if mention else None
                end = mention.end if mention else None
                sector = ent.sector or (
                    "GOV" if ent.type in ("GPE",) or (ent.type == "PER" and ent.roles) else None
                )
                country = ent.country
                if mention is not None:
                    i = self._token_at.get(mention.start)
                    if i is not None:
                        p = self.finder.phrase_at(i, len(self.tokens))
                        if p is not None:
                            sector = sector or p.sector
                            country = country or p.country
                return [Actor(ent.id, text, country, sector, start, end)]
        # fall back on the subject of the nearest speech verb before the trigger
        for k in range(m.start - 1, sent[0] - 1, -1):
            if (
                self.tokens[k].norm in _SPEECH_VERBS
                or _strip_wa(self.tokens[k].norm) in _SPEECH_VERBS
            ):
                after = self.finder.phrase_at(k + 1, m.start)
                if after is None:
                    for j in range(k + 1, min(k + 4, m.start)):
                        after = self.finder.phrase_at(j, m.start)
                        if after is not None:
                            break
                if after is not None:
                    return self._actor(after)
                before = [p for p in self._phrases(max(sent[0], k - 8), k) if k - p.end <= 2]
                if before:
                    return self._actor(before[-1])
                return None
        return None

    # ------------------------------------------------------------------ status and links
    def _denied_scope(self, clause: Clause, lo: int) -> bool:
        return any(self.forms[k] & _DENY for k in range(clause.start, lo))

    def _status(self, m: Match, clause: Clause, sub: tuple[int, int], denied: bool) -> str:
        lo, hi = sub
        if m.trigger.pos == "N":
            for k in range(m.start - 1, max(lo, m.start - 4) - 1, -1):
                if self.forms[k] & _SUPPORT_VERBS:
                    # سيشن هجوما، قد تشن ضربة، لم تنظم مظاهرة: the support verb carries tense
                    verb = Match(
                        Trigger(
                            m.category,
                            m.mode,
                            "V",
                            m.trigger.flags,
                            present=self.tokens[k].norm[:1] in "يت",
                        ),
                        k,
                        k + 1,
                        m.category,
                        m.mode,
                    )
                    return self._status(verb, clause, sub, denied)
        t = self.tokens[m.start]
        for k in range(lo, m.start):
            if self.forms[k] & _DENY:
                return "denied"
        if denied:
            return "denied"
        window = range(max(lo, m.start - 2), m.start)
        if any(
            self.tokens[k].norm in _NEGATION or _strip_wa(self.tokens[k].norm) in _NEGATION
            for k in window
        ):
            if (
                not any(self.tokens[k].norm in ("ما", "وما") for k in window)
                or m.trigger.pos == "V"
            ):
                return "denied"
        if (
            m.trigger.pos == "N"
            and m.start > lo
            and _strip_wa(self.tokens[m.start - 1].norm) in ("عدم", "بعدم", "لعدم")
        ):
            return "denied"
        if any(
            _strip_wa(self.tokens[k].norm) in _POSSIBILITY
            for k in range(max(lo, m.start - 4), m.start)
        ):
            return "hypothetical"
        first = _strip_wa(self.tokens[lo].norm)
        if first in _HYPOTHETICAL - {"قد"} or any(
            _strip_wa(self.tokens[k].norm) in ("اذا", "لو") for k in range(clause.start, m.start)
        ):
            return "hypothetical"
        if m.start > lo and self.tokens[m.start - 1].norm in ("قد", "وقد") and m.trigger.present:
            return "hypothetical"
        if any(v.verb_prefix == "س" for v in word_variants(t.norm)) and m.trigger.pos == "V":
            return "planned"
        if m.start > lo and self.tokens[m.start - 1].norm == "سوف":
            return "planned"
        for k in range(lo, hi):
            if (
                self.tokens[k].norm in _FUTURE_WORDS
                or _strip_wa(self.tokens[k].norm) in _FUTURE_WORDS
            ):
                if (
                    self.tokens[k].norm
                    in (
                        "المقرر",
                        "المتوقع",
                        "المزمع",
                        "يعتزم",
                        "تعتزم",
                        "ينوي",
                        "تنوي",
                        "غدا",
                        "سوف",
                    )
                    or m.trigger.present
                    or m.trigger.pos == "N"
                ):
                    return "planned"
        if m.trigger.present or m.trigger.pos == "N":
            if self._future_time(clause):
                return "planned"
            if (
                m.trigger.present
                and any(self.tokens[k].norm in _WEEKDAYS for k in range(lo, hi))
                and not self.doc.times
            ):
                return "planned"
        if m.trigger.pos == "N" and any(
            self.forms[k] & {"سيعقد", "ستعقد", "تعقد", "يعقد", "ستجري", "سيجري"}
            for k in range(max(lo, m.start - 3), m.start)
        ):
            return "planned"
        if m.trigger.pos == "N" and any(
            any(v.verb_prefix == "س" for v in word_variants(self.tokens[k].norm))
            for k in range(m.end, min(hi, m.end + 2))
        ):
            return "planned"  # الاجتماع سيناقش
        if (
            m.trigger.pos == "N"
            and _purpose(t)
            and self._experiencer(m, lo) is None
            and m.category != "PROTEST"
        ):
            return "planned"  # لإخراج المدنيين: what an effort or a call aims at
        return "asserted"

    def _future_time(self, clause: Clause) -> bool:
        if self.published is None:
            return False
        a, b = self.tokens[clause.start].start, self.tokens[clause.end - 1].end
        for t in self._times_in(a, b):
            if a <= t.start < b and t.value and len(t.value) >= 10:
                d = _date(t.value[:10])
                if d is not None and d > self.published:
                    return True
        return False

    def _location(self, clause: Clause) -> str | None:
        a, b = self.tokens[clause.start].start, self.tokens[clause.end - 1].end
        starts = self._linked_place_starts
        places = self._linked_places[bisect_left(starts, a) : bisect_left(starts, b)]
        # a city or country geocodes better than a street or a building in it
        places.sort(key=lambda mm: (mm.type != "GPE", mm.start))
        return places[0].entity if places else self.main_place

    def _time(self, clause: Clause) -> str | None:
        a, b = self.tokens[clause.start].start, self.tokens[clause.end - 1].end
        for t in self._times_in(a, b):
            if a <= t.start < b and t.type in ("DATE", "TIME"):
                return t.id
        return None

    def _quote_of(self, m: Match):  # noqa: ANN202 - Quote | None
        if "quotes" not in self.doc.done and not self.doc.quotes:
            return None
        pos = self.tokens[m.start].start
        best = None
        # only a quote that begins at most the longest content's length before ``pos`` holds it
        i = bisect_left(self._quote_starts, (pos - self._longest_quote, -1))
        j = bisect_left(self._quote_starts, (pos + 1, -1))
        quotes = self.doc.quotes
        for q in [quotes[k] for k in sorted(k for _, k in self._quote_starts[i:j])]:
            if q.content.start <= pos < q.content.end:
                if best is None or (q.content.end - q.content.start) < (
                    best.content.end - best.content.start
                ):
                    best = q
        return best

    def _reported_by(self, m: Match) -> str | None:
        q = self._quote_of(m)
        return q.id if q is not None else None


# ---------------------------------------------------------------------- helpers
def _compatible(trig: Trigger, v, t: Token) -> bool:  # noqa: ANN001
    if "exact" in trig.flags:
        return v.form == t.norm or (t.norm.startswith("و") and v.form == t.norm[1:])
    if trig.pos == "V":
        return not v.article and not v.noun_prefix and not v.accusative
    return not v.verb_prefix


def _same(actor: Actor, others: list[Actor]) -> bool:
    return any(actor.start == o.start and actor.country == o.country for o in others)


def _opens_clause(w: str) -> bool:
    """حيث، بينما، مضيفا، لكن/لكنها … start a new clause."""
    w = _strip_wa(w)
    return w in _CLAUSE_OPENERS or (w.startswith("لكن") and len(w) <= 6)


def _purpose(t: Token) -> bool:
    return t.norm.startswith("ل") and not t.norm.startswith("لقا")


def _strip_wa(w: str) -> str:
    return w[1:] if len(w) > 2 and w[0] in "وف" else w


def _strip_prep(w: str) -> str:
    w = _strip_wa(w)
    return w[1:] if len(w) > 2 and w[0] in "بل" and w[1:] in _COMPLEMENTIZERS else w


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
