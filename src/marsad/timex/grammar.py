"""The time-expression grammar: language data from ``resources/timex`` compiled into one regex.

Every entry is normalised the way the document's matching view is (``doc.norm.text``), so
the regex runs on the view and spans map back exactly. The regex finds *atoms* (a day-month
date, a weekday, a clock time, "أمس", a duration …); ``component.py`` merges adjacent atoms
into one expression and ``resolve.py`` turns it into a TIMEX3 value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..resources import read_tsv
from ..text import normalize_string

# A position not inside a word; atoms may carry a conjunction (و ف) and, before the
# article, a preposition (ب ل ك). The clitics are matched but left out of the span.
_START = r"(?<![\p{L}\p{N}])(?:[وف](?=\p{L}))?(?:[بلك](?=ال|\d|{numbers}))?"
_END = r"(?![\p{L}\p{N}])"


ATOMS = ("numdate", "clock", "dm", "rel", "wd", "late", "half", "year", "dur", "part", "edge", "tz")


@dataclass(frozen=True)
class Month:
    system: str
    month: int
    ambiguous: bool


@dataclass
class Grammar:
    pattern: regex.Pattern
    months: dict[str, Month]
    weekdays: dict[str, int]
    modifiers: dict[str, str]
    relative: dict[str, tuple[str, str]]
    dayparts: dict[str, tuple[str, frozenset[str]]]
    units: dict[str, tuple[str, str]]
    day_ordinals: dict[str, int]
    hour_words: dict[str, int]
    number_words: dict[str, tuple[float, str]]
    future_cues: frozenset[str]
    not_today_before: frozenset[str]
    not_today_after: frozenset[str]
    count_words: frozenset[str]  # nouns and scale words that make a 4-digit number a count
    bound_words: frozenset[str]  # phrases before a number that make it an amount
    label_words: frozenset[str]
    first_words: frozenset[str]  # words an atom can start with (after clitics)
    norm: callable = field(repr=False, default=None)  # type: ignore[valid-type]


def _alt(forms) -> str:
    """A regex alternation of literal forms, longest first, spaces matching any blank."""
    uniq = sorted(set(forms), key=lambda s: (-len(s), s))
    return "(?:" + "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in uniq) + ")"


@lru_cache(maxsize=4)
def grammar(fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> Grammar:
    def norm(s: str) -> str:
        return normalize_string(
            s.strip(), fold_ta_marbuta=fold_ta_marbuta, fold_alef_maqsura=fold_alef_maqsura
        )

    def N(*words: str) -> str:  # noqa: N802 - reads as a literal in the patterns below
        return _alt(norm(w) for w in words)

    def L(name: str, forms) -> str:  # noqa: N802 - a named word list of the grammar
        return _alt(forms)

    months = {norm(f): Month(s, int(m), a == "1") for f, s, m, a in read_tsv("timex/months.tsv")}
    weekdays = {norm(f): int(d) for f, d in read_tsv("timex/weekdays.tsv")}
    modifiers = {norm(f): d for f, d in read_tsv("timex/modifiers.tsv")}
    relative = {norm(f): (k, a) for f, k, a in read_tsv("timex/relative.tsv")}
    dayparts: dict[str, tuple[str, frozenset[str]]] = {}
    for f, part, kind in read_tsv("timex/dayparts.tsv"):
        old = dayparts.get(norm(f), (part, frozenset()))[1]
        dayparts[norm(f)] = (part, old | {kind})
    units = {norm(f): (u, c) for f, u, c in read_tsv("timex/units.tsv")}
    future_cues = frozenset(norm(f) for f, d in read_tsv("timex/cues.tsv") if d == "future")
    not_today = list(read_tsv("timex/not_today.tsv"))
    day_ordinals: dict[str, int] = {}
    hour_words: dict[str, int] = {}
    ord_units: dict[str, int] = {}
    ord_tens: dict[str, int] = {}
    for f, v, use in read_tsv("timex/ordinals.tsv"):
        if use == "hour":
            hour_words[norm(f)] = int(v)
        elif use == "day":
            ord_units[norm(f)] = int(v)
        else:
            ord_tens[norm(f)] = int(v)
    # الرابع عشر، الحادي والعشرين، الثلاثين …
    for u, uv in ord_units.items():
        if uv == 10:
            continue
        if uv != 1 or u == norm("الحادي"):
            day_ordinals[f"{u} {norm('عشر')}"] = 10 + uv
            for t, tv in ord_tens.items():
                if tv + uv <= 31:
                    day_ordinals[f"{u} و{t}"] = tv + uv
        if u != norm("الحادي"):
            day_ordinals[u] = uv
    day_ordinals[norm("العاشر")] = 10
    day_ordinals.update(ord_tens)

    number_words: dict[str, tuple[float, str]] = {}
    teen_units: set[str] = set()
    for f, v, kind in read_tsv("quantities/numbers.tsv"):
        if kind == "teen_unit":
            teen_units.add(norm(f))
        elif kind in ("unit", "ten"):
            number_words[norm(f)] = (float(v), kind)
    ten_forms = [w for w, (_, k) in number_words.items() if k == "ten"]
    unit_forms = [w for w, (v, k) in number_words.items() if k == "unit" and v > 0]
    small_number = (
        f"(?:{L('teen_units', teen_units)}\\s+{N('عشر', 'عشرة')}"
        f"|{L('unit_forms', unit_forms)}(?:\\s+و\\s*{L('ten_forms', ten_forms)})?|{L('ten_forms', ten_forms)})"
    )

    count_words: set[str] = set()
    for row in read_tsv("quantities/nouns.tsv"):
        if " " not in norm(row[0]):  # في المئة must not make "في" a counted noun
            count_words.add(norm(row[0]))
    for f, _v, kind in read_tsv("quantities/numbers.tsv"):
        if kind in ("scale", "dual", "dual_or_scale"):
            count_words.add(norm(f))
    bound_words = frozenset(
        norm(f) for f, pos, _b in read_tsv("quantities/bounds.tsv") if pos == "before"
    )
    label_words = frozenset(norm(r[0]) for r in read_tsv("quantities/labels.tsv"))

    month_alt = L("months", months)
    mod_alt = L("modifiers", modifiers)
    era = f"(?:{N('هـ', 'هجرية', 'هجري', 'للهجرة', 'م', 'ميلادية', 'ميلادي', 'للميلاد')}){_END}"
    day_ord_alt = L("day_ordinals", day_ordinals)
    year_word = N("عام", "سنة", "العام", "السنة", "لعام", "لسنة", "عامي")
    plural_units = [u for u, (_, c) in units.items() if c == "n"]
    unit_alt = L("units", units)
    approx = N(
        "نحو",
        "حوالي",
        "قرابة",
        "أكثر من",
        "أقل من",
        "ما يزيد عن",
        "ما يزيد على",
        "ما يقارب",
        "زهاء",
    )
    dur_cue = N(
        "منذ", "قبل", "بعد", "خلال", "لمدة", "مدة", "مدته", "مدتها", "طيلة", "طوال", "على مدى",
        "على مدار", "على امتداد", "في غضون", "غضون", "آخر",
    )  # fmt: skip
    dur_mod = N(
        "الماضية", "الماضي", "الأخيرة", "الأخير", "المقبلة", "المقبل", "القادمة", "القادم",
        "الإضافية", "إضافية", "أخرى", "المنصرمة", "الفائتة", "السابقة", "الأولى", "التالية",
    )  # fmt: skip
    vague_n = N("بضعة", "بضع", "عدة", "عشرات", "بعض")
    hour_alt = L("hour_words", hour_words)
    weekday_alt = L("weekdays", weekdays)
    parts_alt = L("dayparts", dayparts)
    rel_alt = L("relative", relative)

    p = {}
    p["numdate"] = (
        r"(?P<nd_a>\d{1,4}) ?(?P<nd_sep>[/.\-]) ?(?P<nd_b>\d{1,2}) ?(?P=nd_sep) ?(?P<nd_c>\d{2,4})"
        r"(?!\d|[.\-/]\d)"
    )
    p["clock"] = (
        f"(?:{N('الساعة')}\\s+(?P<clk_hhmm>[012]\\d[0-5]\\d)(?!\\d)"  # Reuters style: الساعة 0659
        f"|{N('الساعة')}\\s*(?:{N('ال')}\\s*)?(?P<clk_h>\\d{{1,2}})(?:[:.](?P<clk_m>\\d{{2}}))?"
        f"|{N('الساعة')}\\s+(?P<clk_hw>{hour_alt})"
        r"|(?P<clk_h2>\d{1,2}):(?P<clk_m2>\d{2})(?![\d:]))"
        f"(?:\\s+و\\s*(?:(?P<clk_frac>{N('النصف', 'نصف', 'الربع', 'ربع', 'الثلث', 'ثلث')})"
        f"|(?P<clk_min>\\d{{1,2}}|{small_number})\\s+{N('دقيقة', 'دقائق')}))?"
        f"(?:\\s+{N('إلا')}\\s+(?P<clk_less>{N('ربعا', 'ربع', 'الربع', 'ثلثا', 'ثلث', 'الثلث')}))?"
    )
    p["tz"] = (
        f"{N('بالتوقيت المحلي', 'بتوقيت غرينتش', 'بتوقيت جرينتش', 'بتوقيت مكة المكرمة', 'بتوقيت مكة', 'بتوقيت القدس', 'بتوقيت دمشق', 'بتوقيت بيروت', 'بتوقيت القاهرة', 'بتوقيت بغداد', 'بتوقيت الرياض', 'بتوقيت عمان', 'بتوقيت أنقرة', 'بتوقيت موسكو', 'بتوقيت واشنطن')}"
    )
    p["dm"] = (
        f"(?:{N('يوم')}\\s+)?"
        f"(?:(?:(?P<dm_d>\\d{{1,2}})|(?P<dm_o>{day_ord_alt}))\\s*[-/]?\\s*(?:{N('من')}\\s+)?)?"
        f"(?P<dm_shahr>{N('شهر')}\\s+)?"
        f"(?P<dm_m>{month_alt}){_END}"
        f"(?:\\s*[/(\\-]?\\s*(?P<dm_m2>{month_alt}){_END}\\s*\\)?)?"
        f"(?:\\s*(?:[,،]\\s*|{N('من')}\\s+)?(?:{year_word}\\s+)?(?P<dm_y>\\d{{4}})(?!\\d))?"
        f"(?:\\s*(?P<dm_era>{era}))?"
        f"(?:\\s+(?P<dm_mod>{mod_alt}){_END})?"
    )
    p["year"] = (
        f"(?:(?P<yr_cue>{year_word})\\s+)?(?P<yr_y>\\d{{3,4}})(?!\\d|[.,:/\\-]\\d|\\s*[%٪])"
        f"(?:\\s*(?P<yr_era>{era}))?"
    )
    p["wd"] = (
        f"(?:{N('يوم')}\\s+)?(?P<wd_d>{L('weekdays', weekdays)}){_END}(?:\\s+(?P<wd_mod>{mod_alt}){_END})?"
    )
    p["rel"] = f"(?P<rel_f>{rel_alt})"
    p["late"] = (
        f"(?:{N('وقت', 'ساعة', 'ساعات')}\\s+{N('متأخر', 'متأخرة', 'مبكر', 'مبكرة')}"
        f"|{N('الساعات الأولى', 'الساعات الأخيرة', 'ساعات الصباح الأولى')})\\s+{N('من')}(?=\\s)"
    )
    p["half"] = (
        f"(?P<half_k>{N('النصف', 'الربع', 'الثلث')})\\s+"
        f"(?P<half_n>{N('الأول', 'الثاني', 'الثالث', 'الرابع', 'الأخير')})\\s+{N('من')}(?=\\s)"
    )
    p["edge"] = (
        f"(?P<edge_w>{N('مطلع', 'بداية', 'أوائل', 'أواخر', 'نهاية', 'منتصف', 'أواسط', 'مستهل', 'آخر')})"
        f"(?:\\s+{N('شهر')})?(?=\\s)"
    )
    p["dur"] = (
        f"(?:(?P<dur_cue>{dur_cue})\\s+(?:{approx}\\s+)?)?"
        f"(?:{N('ال')}(?=\\d|{L('plural_units', plural_units)}))?"
        f"(?:(?P<dur_n>\\d+(?:[.,]\\d+)?|{small_number}|{vague_n})\\s*)?"
        # not "منذ يوم الخميس" nor "خلال شهر رمضان": those name a day or a month
        f"(?P<dur_u>{unit_alt}){_END}(?!\\s+\\d{{3,4}}|\\s+(?:{month_alt}|{weekday_alt}){_END})"
        f"(?:\\s+(?P<dur_half>{N('ونصف', 'و نصف')}){_END})?"
        f"(?:\\s+(?:{N('ال')})?(?P<dur_n2>\\d+|{small_number}){_END})?"
        f"(?:\\s+{N('القليلة', 'قليلة')}{_END})?"
        f"(?:\\s+(?P<dur_mod>{dur_mod}){_END})?"
    )
    p["part"] = f"(?P<part_f>{parts_alt})"
    order = ATOMS
    body = "|".join(f"(?P<{name}>{p[name]})" for name in order)
    start = _START.replace("{numbers}", f"{L('number_words', unit_forms + ten_forms)}{_END}")
    # Every atom starts with a digit or with one of the words of the grammar (after its
    # clitics): the extractor tries the full pattern only at such words.
    words = set(regex.findall(r"\p{Arabic}+", body)) - {norm("من"), "ال", "و"}
    first_words = frozenset(words | {"ال" + w for w in words})
    pattern = regex.compile(f"{start}(?:{body}){_END}")

    return Grammar(
        pattern=pattern,
        months=months,
        weekdays=weekdays,
        modifiers=modifiers,
        relative=relative,
        dayparts=dayparts,
        units=units,
        day_ordinals=day_ordinals,
        hour_words=hour_words,
        number_words=number_words,
        future_cues=future_cues,
        not_today_before=frozenset(norm(f) for f, pos in not_today if pos == "before"),
        not_today_after=frozenset(norm(f) for f, pos in not_today if pos == "after"),
        count_words=frozenset(count_words),
        bound_words=bound_words,
        label_words=label_words,
        first_words=first_words,
        norm=norm,
    )


def small_number_value(text: str, g: Grammar) -> float | None:
    """Value of a number written in digits or in words up to 99 (ثلاثة، خمسة وعشرين، 24)."""
    t = text.strip()
    if not t:
        return None
    if t[0].isdigit():
        try:
            return float(t.replace(",", "."))
        except ValueError:
            return None
    words = t.split()
    if len(words) >= 2 and words[-1].startswith(g.norm("عشر")) and len(words[-1]) <= 4:
        first = g.norm("احد") if words[0] in (g.norm("احد"), g.norm("إحدى")) else words[0]
        if first == g.norm("احد"):
            return 11.0
        if first.startswith(g.norm("اثن")):
            return 12.0
        v = g.number_words.get(first)
        return 10 + v[0] if v else None
    total = 0.0
    for w in words:
        if w == "و":
            continue
        v = g.number_words.get(w)
        if v is None and w.startswith("و"):
            v = g.number_words.get(w[1:])
        if v is None:
            return None
        total += v[0]
    return total
