"""Pipeline component 'quantities': amounts with their bounds, counted noun and category.

Numbers in digits (Western, Eastern Arabic and Persian — folded by the matching view) and in
words (ثلاثة آلاف وخمسمئة، مليونين، 2.5 مليار), vague amounts with UCDP-style bounds
(عشرات → 20..99), bound words (نحو، أكثر من، بين … و …), the counted noun after the number
and a category from a noun lexicon and from the words around it ("مقتل 5 أشخاص" → killed).
Dates, times and durations found by the 'times' layer are not quantities; nor are labels
and ranks (رقم 5، المادة 12، الـ37) or phone numbers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..component import ComponentSpec, Process
from ..document import Document, Quantity
from ..settings import Settings
from ..text.normalize import extend_over_marks, normalize
from .lexicon import Lexicon, lexicon

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PREV_WORD = regex.compile(r"([\p{L}\p{N}]+)[^\p{L}\p{N}]*$")
# a word right after the number (not after a partitive من: "واحد من أكبر" is not a count)
_GENERIC_UNIT = regex.compile(r"\s+(?P<w>\p{Arabic}[\p{Arabic}]+)")
_NISBA = regex.compile(r"\p{Arabic}{3,}ي(?:ا|ين|ون)?$")
_SENTENCE_BREAK = regex.compile(r"[.!؟?؛;:\n«»\"“”]")
_RANGE_GAP = regex.compile(r"\s*[-–]\s*|\s+(?:الي|الى|حتى|و)\s*")


@dataclass
class Amount:
    start: int
    end: int
    value: float | None
    lo: float | None = None
    hi: float | None = None
    words: bool = False  # written with number words
    scaled: bool = False  # has a scale word (ألف، مليون …)
    vague: bool = False
    implied: bool = False  # a dual noun alone: شخصين
    fraction_only: bool = False  # نصف، ربع with no scale word
    single_one: bool = False  # the word واحد/واحدة alone
    definite: bool = False  # written with the article: الثلاث نقاط
    span_end: int | None = None  # end of an implied amount's phrase (شخص واحد)
    unit_end: int | None = None


def _int(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


class QuantityExtractor:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.lx: Lexicon = lexicon(self.settings.fold_ta_marbuta, self.settings.fold_alef_maqsura)
        n = self.lx.norm
        self._scales = {w for w, (_v, k) in self.lx.numbers.items() if k == "scale"}
        self._bain = {n("بين"), n("ما بين")}
        self._min = n("من")
        self._first = frozenset(
            w.split()[0]
            for w in list(self.lx.numbers) + list(self.lx.vague) + list(self.lx.teen_units)
        )

    # numbers --------------------------------------------------------------------------------------
    def _digits(self, t: str, next_scaled: bool) -> float | None:
        try:
            if "," in t and regex.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
                return float(t.replace(",", ""))
            if "." in t:
                head, tail = t.split(".", 1)
                if len(tail) == 3 and not next_scaled and "." not in tail:
                    return float(head + tail)  # 1.500 written with a dot for thousands
                return float(t)
            if "," in t:
                return float(t.replace(",", "."))
            return float(t)
        except ValueError:
            return None

    def _tokens(self, text: str, s: int, e: int) -> list[tuple[int, int, str, str]]:
        """(start, end, form, joiner-before) of the number tokens in text[s:e]."""
        out = []
        prev = s
        for m in self.lx.token_re.finditer(text, s, e):
            a, b = m.span("t")
            out.append((a, b, m.group("t"), text[prev:a]))
            prev = b
        return out

    def amounts(self, text: str, s: int, e: int) -> list[Amount]:
        lx = self.lx
        toks = self._tokens(text, s, e)
        groups: list[list[tuple[int, int, str, float, str, str]]] = []
        for i, (a, b, form, joiner) in enumerate(toks):
            f = form
            if (
                f not in lx.numbers
                and f not in lx.vague
                and f.startswith("ال")
                and not f[2:3].isdigit()
            ):
                f = f[2:]
            next_form = toks[i + 1][2] if i + 1 < len(toks) else ""
            next_scaled = next_form in self._scales or lx.numbers.get(next_form, (0, ""))[1] in (
                "scale",
                "dual_or_scale",
            )
            if f[:1].isdigit():
                v = self._digits(f, next_scaled)
                if v is None:
                    continue
                kind = "digits"
            elif f in lx.numbers and not (
                f in lx.vague
                and not (
                    groups
                    and groups[-1]
                    and self._joins(groups[-1], "scale", joiner, lx.numbers[f][0])
                )
            ):
                v, kind = lx.numbers[f]
            elif f in lx.vague:
                v, kind = 0.0, "vague"
            else:
                words = f.split()
                if len(words) >= 2 and words[0] in lx.teen_units:
                    v, kind = 10 + lx.teen_units[words[0]], "unit"
                else:
                    continue
            if (
                groups
                and groups[-1]
                and kind != "vague"
                and self._joins(groups[-1], kind, joiner, v)
            ):
                groups[-1].append((a, b, f, v, kind, joiner))
            else:
                groups.append([(a, b, f, v, kind, joiner)])
        out = []
        for g in groups:
            amt = self._value(g)
            if amt is not None:
                amt.definite = text.startswith("ال", amt.start)
                out.append(amt)
        return out

    @staticmethod
    def _joins(group, kind: str, joiner: str, v: float) -> bool:
        last = group[-1]
        lkind = last[4]
        if lkind == "vague":
            return False
        wa = "و" in joiner
        if kind in ("scale", "dual_or_scale"):
            return lkind not in ("scale", "dual", "dual_or_scale") and not wa
        if kind == "dual":
            return False
        if kind == "hundred" and v == 100 and lkind == "unit" and not wa and last[3] < 10:
            return True  # ثلاث مئة
        if kind == "fraction":
            return wa and lkind in ("scale", "dual", "dual_or_scale", "hundred")
        if not wa:
            return False
        if (
            lkind == "unit"
            and kind == "ten"
            and len(group) == 1
            or (lkind == "unit" and kind == "ten")
        ):
            return True  # خمسة وعشرون
        # descending places: 3000 و 500, 200 و 50, مليون و200 ألف
        places = [t[3] for t in group if t[4] != "fraction"]
        if not places:
            return False  # a fraction of something else (ساعة ونصف و20 دقيقة) starts no number
        smallest = min(places)
        if lkind in ("scale", "dual", "dual_or_scale"):
            smallest = last[3] if lkind == "scale" else last[3] / 2
        return v < smallest

    def _value(self, g) -> Amount | None:
        start, end = g[0][0], g[-1][1]
        if len(g) == 1 and g[0][4] == "vague":
            lo, hi = self.lx.vague[g[0][2]]
            return Amount(start, end, None, lo, hi, words=True, vague=True)
        total = 0.0
        current = 0.0
        last_scale = 1.0
        scaled = False
        words = False
        for i, (_a, _b, _f, v, kind, joiner) in enumerate(g):
            if kind != "digits":
                words = True
            nxt = g[i + 1][4] if i + 1 < len(g) else None
            if kind in ("digits", "unit", "ten"):
                current += v
            elif kind == "hundred":
                if v == 100 and 0 < current < 10 and "و" not in joiner:
                    current *= 100
                else:
                    current += v
            elif kind == "fraction":
                if nxt in ("scale", "dual_or_scale"):
                    current += v
                else:
                    total += v * last_scale
            elif kind == "scale" or (kind == "dual_or_scale" and current):
                scaled = True
                total += (current or 1) * v
                current = 0.0
                last_scale = v
            elif kind in ("dual", "dual_or_scale"):
                scaled = True
                base = v / 2 if kind == "dual" else v
                total += (current or 1) * (2 * base if not current else base)
                current = 0.0
                last_scale = base
        value = total + current
        fraction_only = all(t[4] == "fraction" for t in g)
        single_one = len(g) == 1 and g[0][4] == "unit" and value == 1
        return Amount(
            start,
            end,
            value,
            value,
            value,
            words=words,
            scaled=scaled,
            fraction_only=fraction_only,
            single_one=single_one,
        )

    # around the number ---------------------------------------------------------------------------
    def extract(
        self,
        text: str,
        skip: list[tuple[int, int]],
        sentence_starts: list[int],
        conj_at: set[int] | frozenset[int] = frozenset(),
        not_one: set[int] | frozenset[int] = frozenset(),
    ) -> list[tuple[Amount, dict]]:
        """Amounts of a normalised text; ``skip`` are spans of times, ``conj_at`` the view
        offsets of words that start with a conjunction (from the tokens layer)."""
        lx = self.lx
        found: list[tuple[Amount, dict]] = []
        amounts: list[Amount] = []
        last = 0
        for w in _WORD.finditer(text):
            if w.start() < last or not self._may_start(w.group()):
                continue
            m = lx.number_re.match(text, w.start())
            if m is None:
                continue
            s, e = m.span("core")
            last = m.end()
            amounts.extend(self.amounts(text, s, e))
        covered = [(x.start, x.end) for x in amounts if not x.single_one]  # in text order
        for m in lx.dual_re.finditer(text):
            a, b = m.span("noun")
            if not self._overlaps(a, b, covered):
                amounts.append(Amount(a, a, 2.0, 2.0, 2.0, implied=True))
        for m in lx.one_re.finditer(text):
            a, b = m.span("noun")
            if m.start("one") in not_one:
                continue  # وأحد: "and one of", not "one"
            if not self._overlaps(a, m.end("one"), covered):
                amounts.append(
                    Amount(a, a, 1.0, 1.0, 1.0, implied=True, span_end=m.end("one"), unit_end=b)
                )
        amounts.sort(key=lambda x: x.start)
        skip = sorted(skip)
        i = 0
        while i < len(amounts):
            amt = amounts[i]
            i += 1
            if self._overlaps(amt.start, max(amt.end, amt.start + 1), skip) or self._excluded(
                text, amt
            ):
                continue
            if found and amt.start < found[-1][1]["end"]:
                continue  # inside the previous quantity (بالمئة، a unit)
            info: dict = {
                "start": amt.start,
                "end": amt.end,
                "bound": None,
                "unit": None,
                "category": None,
            }
            # ranges: بين 20 و30، 20-30، من 20 إلى 30
            if i < len(amounts) and not amt.vague and not amounts[i].vague and not amt.implied:
                nxt = amounts[i]
                gap = text[amt.end : nxt.start]
                prev = _PREV_WORD.search(text, max(0, amt.start - 30), amt.start)
                pw = prev.group(1) if prev and amt.start - prev.end() <= 2 else ""
                if _RANGE_GAP.fullmatch(gap) and (
                    ("و" in gap and (pw in self._bain or pw == "بين"))
                    or (
                        "و" not in gap
                        and nxt.value is not None
                        and amt.value is not None
                        and amt.value < nxt.value
                    )
                ):
                    if pw in self._bain or pw == self._min:
                        info["start"] = prev.start(1)
                        ma = _PREV_WORD.search(text, max(0, prev.start(1) - 10), prev.start(1))
                        if ma and ma.group(1) == "ما" and prev.start(1) - ma.end() <= 2:
                            info["start"] = ma.start(1)  # ما بين
                    amt = Amount(
                        amt.start,
                        nxt.end,
                        None,
                        amt.value,
                        nxt.value,
                        amt.words,
                        amt.scaled or nxt.scaled,
                    )
                    info["end"] = nxt.end
                    info["range"] = True
                    i += 1
            # a bound word before
            bm = lx.bound_before_re.search(text, max(0, amt.start - 30), amt.start)
            if bm and not info.get("range"):
                info["bound"] = lx.bounds_before[regex.sub(r"\s+", " ", bm.group("b"))]
                info["start"] = bm.start("b")
            # the counted noun
            pos = info["end"]
            if amt.implied:
                w = _WORD.match(text, amt.start)
                unit_end = amt.unit_end or (w.end() if w else amt.start)
                info["end"] = amt.span_end or unit_end
                info["unit_span"] = (amt.start, unit_end)
                info["category"] = self._noun_category(text[amt.start : unit_end])
            else:
                nm = lx.noun_re.match(text, pos)
                if nm and nm.group("noun"):
                    info["unit_span"] = nm.span("noun")
                    info["category"] = self._noun_category(nm.group("noun"))
                    info["end"] = nm.end("noun")
                elif nm and nm.group("sym"):
                    info["unit_span"] = nm.span("sym")
                    info["category"] = "percent"
                    info["end"] = nm.end("sym")
                else:
                    gm = _GENERIC_UNIT.match(text, pos)
                    if gm and amt.vague and not gm.group("w").startswith("ال"):
                        gm = None  # عشرات/مئات take a definite plural: مئات الجثث
                    if (
                        gm
                        and self._generic_ok(gm.group("w"))
                        and gm.start("w") not in conj_at
                        and not self._overlaps(gm.start("w"), gm.end("w"), skip)
                    ):
                        info["unit_span"] = gm.span("w")
                        # a plural or accusative nisba counts people: 44 سودانيا، 3 فلسطينيين
                        info["category"] = "people" if _NISBA.search(gm.group("w")) else "other"
                        info["known"] = False
                        info["end"] = gm.end("w")
            # a bound word after
            am = lx.bound_after_re.match(text, info["end"])
            if am:
                info["bound"] = (
                    info["bound"] or lx.bounds_after[regex.sub(r"\s+", " ", am.group("b"))]
                )
                info["end"] = am.end("b")
            # context: what happened to the people counted
            cat = info["category"]
            if cat in (None, "people", "fighters") or info.get("known") is False:
                ctx = self._context(text, info, sentence_starts)
                if ctx:
                    info["category"] = ctx
            # money named once for a list: 54.36 مليون دولار، 41.45 مليون
            if info["category"] is None and amt.scaled and found:
                last_amt, last = found[-1]
                if (
                    last["category"] == "money"
                    and amt.start - last["end"] < 120
                    and not _SENTENCE_BREAK.search(text, last["end"], amt.start)
                ):
                    info["category"] = "money"
                    info["unit_text"] = last.get("unit_text")
            if not self._worth(amt, info):
                continue
            if "unit_span" in info:
                info["unit_norm_span"] = info["unit_span"]
            found.append((amt, info))
        return found

    def _may_start(self, word: str) -> bool:
        """Could a number start at this word (digits, or a number word after clitics)?"""
        first = self._first
        for k in range(4):
            rest = word[k:]
            if not rest or (k and word[k - 1] not in "وفبلكا"):
                return False
            if rest[0].isdigit() or rest in first:
                return True
        return False

    def _noun_category(self, noun: str) -> str | None:
        lx = self.lx
        n = noun
        for cand in (
            n,
            n[:-1] if n.endswith("ا") else n,
            n.removeprefix("ال"),
            n.removeprefix("ال")[:-1] if n.endswith("ا") else "",
            n[1:] if n[:1] in "وبل" else "",
            n[1:].removeprefix("ال") if n[:1] in "وبل" else "",
        ):
            if cand and cand in lx.nouns:
                return lx.nouns[cand][0]
        return "other"

    def _generic_ok(self, w: str) -> bool:
        lx = self.lx
        if w in lx.stop or len(w) < 3 or (w[:1] in "وف" and w[1:] in lx.stop):
            return False
        return not (w in lx.numbers or w in lx.vague)

    def _context(self, text: str, info: dict, sentence_starts: list[int]) -> str | None:
        lx = self.lx
        s = info["start"]
        k = bisect.bisect_right(sentence_starts, s)
        sent = sentence_starts[k - 1] if k else 0
        lo = max(sent, s - 45)
        window = text[lo:s]
        brk = list(_SENTENCE_BREAK.finditer(window))
        if brk:
            window = window[brk[-1].end() :]
        hits = list(lx.context_before_re.finditer(window))
        if hits:
            return lx.context_before[regex.sub(r"\s+", " ", hits[-1].group("c"))]
        after = lx.context_after_re.match(text[info["end"] : info["end"] + 40])
        if after:
            return lx.context_after[regex.sub(r"\s+", " ", after.group("c"))]
        return None

    def _excluded(self, text: str, amt: Amount) -> bool:
        lx = self.lx
        a, b = amt.start, amt.end
        if amt.implied:
            return False
        prev = _PREV_WORD.search(text, max(0, a - 30), a)
        if prev and a - prev.end() <= 2:
            w = prev.group(1)
            if w in lx.labels or w == "ال" or (w[:1] in "وب" and w[1:] in lx.labels):
                return True
        if (
            a > 0
            and text[a - 1] in "+#/:$"
            or text[b : b + 1] in "/:"
            and text[b + 1 : b + 2].isdigit()
        ):
            return True
        if a > 1 and text[a - 1] == "-" and text[a - 2].isalpha():
            return True  # F-16, S-300
        core = text[a:b]
        digits = regex.sub(r"\D", "", core)
        if not amt.words and (len(digits) >= 7 and "," not in core and "." not in core):
            return True  # phone numbers and identifiers
        return bool(not amt.words and len(digits) >= 5 and core.startswith("0"))

    @staticmethod
    def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
        """Does [a, b) overlap one of the sorted, non-overlapping spans?"""
        k = bisect.bisect_right(spans, (a, float("inf")))
        return (k > 0 and spans[k - 1][1] > a) or (k < len(spans) and spans[k][0] < b)

    @staticmethod
    def _worth(amt: Amount, info: dict) -> bool:
        """A bare number says nothing about what it counts: keep amounts with a unit, a
        category, a bound, a scale word or vague bounds."""
        if amt.value is None and amt.lo is None:
            return False
        if info.get("known") is False and not (amt.words or amt.scaled or info["bound"]):
            if amt.value is not None and amt.value >= 10000 and float(amt.value).is_integer():
                return False  # 88548 الاتصالات: codes and numbers, not counts of an unknown noun
        if amt.single_one and not (info.get("known") is not False and info.get("unit_span")):
            return False  # واحد alone: "وأحد المواقع" (one of) — a counted واحد follows its noun
        if amt.definite and info.get("known") is False:
            return False  # الثلاثة ضالعون: a definite number before an adjective or verb
        if amt.fraction_only:
            return False  # نصف قرن، ربع الطريق: a share, not an amount
        if info.get("range") and not (info.get("unit_span") or info["category"]):
            return False  # 2-8 alone is a date or a score more often than a range
        return bool(
            info.get("unit_span")
            or info["category"]
            or info["bound"]
            or amt.vague
            or amt.scaled
            or info.get("range")
        )


_AND_ONE_OF = regex.compile(r"(?<!\p{L})و[أإ]حد")


def make(settings: Settings) -> Process:
    extractor = QuantityExtractor(settings)

    def quantities(doc: Document) -> Document:
        norm = doc.norm
        if norm is None:
            norm = normalize(
                doc.text,
                fold_ta_marbuta=settings.fold_ta_marbuta,
                fold_alef_maqsura=settings.fold_alef_maqsura,
            )
        skip = [(norm.from_original(t.start), norm.from_original(t.end)) for t in doc.times]
        sent_starts = [norm.from_original(s.start) for s in doc.sentences] or [0]
        out = []
        conj_at = {
            norm.from_original(t.start)
            for t in doc.tokens
            if t.prefixes and t.prefixes[0] in ("و", "ف")
        }
        # the view folds وأحد (and one of) into واحد (one): keep the original's hamza
        not_one = {norm.from_original(m.start()) for m in _AND_ONE_OF.finditer(doc.text)}
        for amt, info in extractor.extract(norm.text, skip, sent_starts, conj_at, not_one):
            start, end = norm.to_original(info["start"], info["end"])
            end = extend_over_marks(doc.text, end)
            unit = info.get("unit_text")
            if "unit_span" in info:
                us, ue = norm.to_original(*info["unit_span"])
                unit = doc.text[us : extend_over_marks(doc.text, ue)]
            bound = info["bound"]
            value, lo, hi = amt.value, amt.lo, amt.hi
            approx = False
            if info.get("range") or amt.vague:
                approx = True
            elif bound == "approx":
                lo = hi = None
                approx = True
            elif bound == "min":
                hi = None
                approx = True
            elif bound == "max":
                lo = None
                approx = True
            out.append(
                Quantity(
                    doc.new_id("q"),
                    start,
                    end,
                    doc.text[start:end],
                    _int(value),
                    _int(lo),
                    _int(hi),
                    approx,
                    unit,
                    info["category"],
                )
            )
        doc.quantities = out
        return doc

    return quantities


QUANTITIES = ComponentSpec(
    "quantities",
    ("tokens",),
    ("quantities",),
    make,
    "amounts with bounds, counted noun and category (people, killed, injured, money …)",
)
