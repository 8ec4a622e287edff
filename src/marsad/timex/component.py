"""Pipeline component 'times': Arabic dates, times of day, durations and sets, as TIMEX3.

The grammar (``grammar.py``, built from ``resources/timex``) runs on the normalised view
``doc.norm.text``; adjacent atoms merge into one expression ("الساعة الـ12 من ظهر اليوم",
"الأربعاء 14 كانون الاول"); ``resolve.py`` gives each its value, anchored on
``doc.meta.published``. Spans map back to the original text with ``doc.norm.to_original``.
"""

from __future__ import annotations

import bisect
import datetime as dt

import regex

from ..component import ComponentSpec, Process
from ..document import Document, Time
from ..settings import Settings
from ..text.normalize import extend_over_marks, normalize
from .grammar import ATOMS, Grammar, grammar, small_number_value
from .resolve import Frame, merge, parse_anchor, resolve

_GAP = regex.compile(
    r"\s*[,،]?\s*|\s+(?:من|في)\s+|\s*\(\s*|\s*[-–]\s*"
    r"|\s+(?:الموافق|الموافقه|الموافقة)(?:\s+ل)?\s*",
)
_EQUIV = regex.compile(r"الموافق")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_PREV_WORD = regex.compile(r"([\p{L}\p{N}]+)[^\p{L}\p{N}]*$")
_THEN_OF = regex.compile(r"\s+(?:من|على)\s")
_HALVES = {"النصف": "H", "الربع": "Q", "الثلث": "T"}
_HALF_N = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4}
_FRAC_MIN = {"النصف": 30, "نصف": 30, "الربع": 15, "ربع": 15, "الثلث": 20, "ثلث": 20}


class TimeExtractor:
    """Finds and resolves time expressions in a normalised text (usable without a pipeline)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.g: Grammar = grammar(self.settings.fold_ta_marbuta, self.settings.fold_alef_maqsura)
        n = self.g.norm
        self._half_kind = {n(k): v for k, v in _HALVES.items()}
        self._half_n = {n(k): v for k, v in _HALF_N.items()}
        self._frac_min = {n(k): v for k, v in _FRAC_MIN.items()}
        self._today = n("اليوم")
        self._ha = n("هـ")
        self._hijri_era = {n(w) for w in ("هـ", "هجرية", "هجري", "للهجرة")}
        self._future_re = regex.compile(
            r"(?<![\p{L}\p{N}])[وف]?س?(?:"
            + "|".join(regex.escape(c) for c in sorted(self.g.future_cues, key=len, reverse=True))
            + r")(?![\p{L}\p{N}])"
        )
        self._before = {n(w): w for w in ("قبل",)}
        # before an older year written alone (ولد في 1871، منذ 1850)
        self._year_preps = {n(w) for w in ("في", "منذ", "حتى", "قبل", "بعد", "عام", "سنة")}
        self._after = {n(w) for w in ("بعد",)}

    # atoms -----------------------------------------------------------------------------------
    def frames(self, text: str) -> list[Frame]:
        g = self.g
        out: list[Frame] = []
        last = 0
        for w in _WORD.finditer(text):
            a = w.start()
            if a < last or not self._may_start(w.group()):
                continue
            m = g.pattern.match(text, a)
            if m is None:
                continue
            kind = next(name for name in ATOMS if m.group(name) is not None)
            start, end = m.span(kind)
            last = m.end()
            f = self._atom(kind, m, text, start, end)
            if f is not None:
                out.append(f)
        return out

    def _may_start(self, word: str) -> bool:
        """Could an atom start at this word (a digit, or a grammar word after clitics)?"""
        first = self.g.first_words
        for k in range(3):
            rest = word[k:]
            if k and word[k - 1] not in "وفبلك":
                return False
            if not rest:
                return False
            if (
                rest[0].isdigit()
                or rest in first
                or (rest.startswith("ال") and rest[2:3].isdigit())
            ):
                return True
        return False

    def _atom(self, kind: str, m: regex.Match, text: str, start: int, end: int) -> Frame | None:
        g = self.g
        f = Frame(start, end, (kind,))
        if kind == "numdate":
            a, b, c = int(m["nd_a"]), int(m["nd_b"]), int(m["nd_c"])
            if len(m["nd_a"]) == 4:
                y, mo, d = a, b, c
            elif len(m["nd_c"]) in (2, 4) and len(m["nd_a"]) <= 2:
                d, mo, y = a, b, c
                if y < 100:
                    y += 2000 if y < 50 else 1900
            else:
                return None
            if not (
                1 <= mo <= 12
                and 1 <= d <= 31
                and 1900 <= y <= 2100
                or 1300 <= y <= 1500
                and 1 <= mo <= 12
            ):
                return None
            f.y, f.m, f.d = y, mo, d
            f.hijri = 1300 <= y <= 1500
            f.month_context = True
            return f
        if kind == "clock":
            if m["clk_hw"]:
                h = g.hour_words[regex.sub(r"\s+", " ", m["clk_hw"])]
            elif m["clk_hhmm"]:
                h = int(m["clk_hhmm"][:2])
            else:
                h = int(m["clk_h"] or m["clk_h2"])
            mins = int(m["clk_m"] or m["clk_m2"] or (m["clk_hhmm"] or "0000")[2:])
            if m["clk_frac"]:
                mins = self._frac_min.get(m["clk_frac"], 0)
            elif m["clk_min"]:
                v = small_number_value(m["clk_min"], g)
                mins = int(v or 0)
            if m["clk_less"]:
                less = 15 if "ربع" in m["clk_less"] else 20
                h, mins = (h - 1) % 24, 60 - less
            if h > 24 or mins > 59:
                return None
            f.hour, f.minute = h, mins
            return f
        if kind == "dm":
            month = g.months[regex.sub(r"\s+", " ", m["dm_m"])]
            f.m = month.month
            f.hijri = month.system == "hijri"
            f.ambiguous = month.ambiguous
            if m["dm_d"]:
                f.d = int(m["dm_d"])
            elif m["dm_o"]:
                f.d = g.day_ordinals.get(regex.sub(r"\s+", " ", m["dm_o"]))
            if f.d is not None and not 1 <= f.d <= 31:
                return None
            if m["dm_y"]:
                f.y = int(m["dm_y"])
                if 1300 <= f.y <= 1500:
                    f.hijri = True
            if m["dm_era"]:
                f.hijri = m["dm_era"] in self._hijri_era or f.hijri and m["dm_era"] == self._ha
            if m["dm_mod"]:
                f.direction = g.modifiers[m["dm_mod"]]
            f.month_context = bool(m["dm_shahr"] or f.d or f.y or f.direction or m["dm_m2"])
            if f.ambiguous and not f.month_context:
                return None
            return f
        if kind == "year":
            y = int(m["yr_y"])
            era = m["yr_era"]
            if era:
                f.hijri = era in self._hijri_era
            elif not m["yr_cue"]:
                early = 1500 <= y < 1900 and self._prev_word(text, start) in self._year_preps
                if not (1900 <= y <= 2100 or early) or not self._bare_year_ok(text, start, end):
                    return None
                f.y = y
                return f
            if not (
                1900 <= y <= 2100
                or (era and (1 <= y <= 1500 if f.hijri else 1 <= y <= 2100))
                or (m["yr_cue"] and 1000 <= y <= 2100)
            ):
                return None
            f.y = y
            return f
        if kind == "wd":
            f.wd = g.weekdays[m["wd_d"]]
            if m["wd_mod"]:
                f.direction = g.modifiers[m["wd_mod"]]
            return f
        if kind == "rel":
            form = regex.sub(r"\s+", " ", m["rel_f"])
            rk, arg = g.relative[form]
            if form.endswith(self._today) and not self._today_ok(text, start, end):
                return None
            if rk == "day":
                f.rel_day = "?" if arg == "?" else int(arg)
            elif rk == "night":
                f.rel_day, f.part = int(arg), "NI"
            elif rk in ("week", "month", "year"):
                f.rel = (rk, int(arg))
            elif rk == "ref":
                f.fixed = ("DATE", arg)
            elif rk == "set":
                f.fixed = ("SET", arg)
            elif rk == "decade":
                f.fixed = ("DATE", arg)
            elif rk == "clock":
                hh, mm = arg.split(":")
                f.hour, f.minute = int(hh), int(mm)
            return f
        if kind == "late":
            f.prefix = True
            return f
        if kind == "half":
            k = self._half_kind[m["half_k"]]
            n = self._half_n.get(m["half_n"], 2 if k == "H" else 4)
            if k == "T" or (k == "H" and n > 2):
                return None
            f.half, f.prefix = f"{k}{n}", True
            return f
        if kind == "edge":
            f.prefix = True
            return f
        if kind == "tz":
            f.extra["tz"] = True
            return f
        if kind == "part":
            part, kinds = g.dayparts[regex.sub(r"\s+", " ", m["part_f"])]
            f.part = part
            f.part_noun = "noun" in kinds
            f.part_adverb = "adverb" in kinds
            return f
        if kind == "dur":
            return self._duration(m, f)
        return None

    def _duration(self, m: regex.Match, f: Frame) -> Frame | None:
        g = self.g
        unit, count = g.units[regex.sub(r"\s+", " ", m["dur_u"])]
        cue = m["dur_cue"]
        raw = m["dur_n"] or m["dur_n2"]
        n: float | str
        if raw:
            v = small_number_value(raw.removeprefix("ال"), g)
            n = "X" if v is None else v
            if count == "2" and v is None:
                n = 2
        elif count == "2":
            n = 2
        elif count == "1":
            if not cue:
                return None
            n = 1
        else:
            if not cue and not m["dur_mod"]:
                return None
            n = "X"
        if isinstance(n, float) and n <= 0:
            return None
        if m["dur_half"] and not isinstance(n, str):
            n = n + 0.5  # أربع سنوات ونصف
        c = None
        if cue in self._before:
            c = "before"
        elif cue in self._after:
            c = "after"
        f.duration = (n, unit, c)
        return f

    def _bare_year_ok(self, text: str, start: int, end: int) -> bool:
        """A four-digit number alone is a year unless it counts something (2000 شخص)."""
        g = self.g
        nxt = _WORD.search(text, end, min(len(text), end + 40))
        if nxt and nxt.start() - end <= 2:
            w = nxt.group()
            for cand in (w, w.removeprefix("ال"), w.rstrip("ا"), w[1:] if w[:1] in "بلو" else w):
                if cand in g.count_words:
                    return False
        before = text[max(0, start - 30) : start].rstrip()
        for phrase in g.bound_words:
            if before.endswith(phrase) and (
                len(before) == len(phrase) or not before[-len(phrase) - 1].isalpha()
            ):
                return False
        prev = _PREV_WORD.search(text, max(0, start - 40), start)
        if prev and start - prev.end() <= 2:
            w = prev.group(1)
            if w in g.label_words or w.removeprefix("ب") in g.label_words:
                return False
        return not (start > 0 and text[start - 1] in "$#+")

    @staticmethod
    def _prev_word(text: str, start: int) -> str:
        prev = _PREV_WORD.search(text, max(0, start - 40), start)
        return prev.group(1) if prev and start - prev.end() <= 2 else ""

    def _today_ok(self, text: str, start: int, end: int) -> bool:
        g = self.g
        prev = _PREV_WORD.search(text, max(0, start - 40), start)
        if prev and prev.group(1) in g.not_today_before and start - prev.end() <= 2:
            return False
        nxt = _WORD.search(text, end, min(len(text), end + 40))
        return not (nxt and nxt.start() - end <= 2 and nxt.group() in g.not_today_after)

    # expressions -------------------------------------------------------------------------------
    def expressions(self, text: str) -> list[Frame]:
        frames = self.frames(text)
        # a part of the day binds to its day first (ظهر اليوم), then to a clock before it
        for _ in range(3):
            merged = self._merge_pass(frames, text)
            if len(merged) == len(frames):
                break
            frames = merged
        return [f for f in frames if self._complete(f)]

    @staticmethod
    def _merge_pass(atoms: list[Frame], text: str) -> list[Frame]:
        out: list[Frame] = []
        cur: Frame | None = None
        for a in atoms:
            if cur is not None:
                gap = text[cur.end : a.start]
                if _GAP.fullmatch(gap):
                    merged = merge(cur, a, bool(_EQUIV.search(gap)))
                    if merged is not None:
                        if "(" in gap and text[merged.end : merged.end + 1] == ")":
                            merged.end += 1
                        cur = merged
                        continue
                out.append(cur)
            cur = a
        if cur is not None:
            out.append(cur)
        return out

    @staticmethod
    def _complete(f: Frame) -> bool:
        if f.atoms == ("tz",):
            return False
        if f.prefix:
            return False
        if f.part_noun and not f.part_adverb and not f.has_date and f.hour is None:
            return False
        return not (f.ambiguous and not f.month_context)

    def _future_context(self, text: str, start: int, sent_start: int) -> bool:
        window = text[max(sent_start, start - 80) : start]
        return self._future_re.search(window) is not None

    def extract(
        self,
        text: str,
        anchor: dt.date | None,
        sentence_starts: list[int] | None = None,
        future_prefix_at: set[int] | None = None,
    ) -> list[tuple[Frame, str, str]]:
        """(frame, type, value) for each expression of a normalised text."""
        out = []
        starts = sentence_starts or [0]
        future_at = sorted(future_prefix_at or ())
        si = 0
        for f in self.expressions(text):
            while si + 1 < len(starts) and starts[si + 1] <= f.start:
                si += 1
            sent_start = starts[si]
            # a future verb (سيعقد) in the 80 characters before, within the sentence
            k = bisect.bisect_left(future_at, max(sent_start, f.start - 79))
            near_future = k < len(future_at) and future_at[k] < f.start
            f.future_cue = near_future or self._future_context(text, f.start, sent_start)
            then_of = bool(_THEN_OF.match(text, f.end))
            r = resolve(f, anchor, self.settings.timex_year_window_months, then_of)
            if r is not None:
                out.append((f, r[0], r[1]))
        return out


def make(settings: Settings) -> Process:
    extractor = TimeExtractor(settings)

    def times(doc: Document) -> Document:
        norm = doc.norm
        if norm is None:
            norm = normalize(
                doc.text,
                fold_ta_marbuta=settings.fold_ta_marbuta,
                fold_alef_maqsura=settings.fold_alef_maqsura,
            )
        anchor = parse_anchor(doc.meta.published)
        sent_starts = [norm.from_original(s.start) for s in doc.sentences] or [0]
        future_at = {norm.from_original(t.start) for t in doc.tokens if "س" in t.prefixes}
        found = []
        for f, typ, value in extractor.extract(norm.text, anchor, sent_starts, future_at):
            start, end = norm.to_original(f.start, f.end)
            end = extend_over_marks(doc.text, end)
            found.append(Time(doc.new_id("t"), start, end, doc.text[start:end], typ, value))
        doc.times = found
        return doc

    return times


def extract_times(
    text: str, published: str | None = None, settings: Settings | None = None
) -> list[Time]:
    """Times of a plain text without a pipeline (a convenience for tests and scripts)."""
    doc = Document(text)
    doc.meta.published = published
    doc.norm = normalize(text)
    return make(settings or Settings())(doc).times


TIMES = ComponentSpec(
    "times",
    ("tokens",),
    ("times",),
    make,
    "time expressions (dates, times, durations, sets) with TIMEX3 values",
)
