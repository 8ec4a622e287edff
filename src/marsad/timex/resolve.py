"""Frames of time information and their TIMEX3 values.

An atom of the grammar becomes a ``Frame`` (what it says: a month, a weekday, "yesterday",
a clock time …); adjacent frames merge into one; ``resolve`` turns a frame into a TIMEX3
``(type, value)`` using the anchor (the publication date) where the text is relative.
Without an anchor, relative values stay underspecified (XXXX-12-14, XXXX-XX-XXT12:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from hijridate import Gregorian, Hijri


@dataclass
class Frame:
    start: int
    end: int
    atoms: tuple[str, ...] = ()
    # date
    y: int | None = None
    m: int | None = None
    d: int | None = None
    hijri: bool = False
    wd: int | None = None
    rel_day: int | str | None = None  # days from the anchor; "?" = a day the anchor can't give
    rel: tuple[str, int] | None = None  # ("week"|"month"|"year", offset)
    direction: str | None = None  # past | future | current (from a modifier word)
    ambiguous: bool = False  # a month name that is also an ordinary word
    month_context: bool = False  # شهر before it, or a day/year/modifier with it
    half: str | None = None  # H1, H2, Q1 … of a year
    # time of day
    part: str | None = None  # MO MI AF EV NI
    part_noun: bool = False  # صباح/مساء in construct: needs a following day
    part_adverb: bool = False
    hour: int | None = None
    minute: int | None = None
    # fixed or computed elsewhere
    fixed: tuple[str, str] | None = None  # (type, value): refs, sets, decades, clock words
    duration: tuple[float | str, str, str | None] | None = None  # (n, unit, cue)
    prefix: bool = False  # late/edge/half: only meaningful before another atom
    equiv: bool = False  # joined by الموافق
    future_cue: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def has_date(self) -> bool:
        return any(v is not None for v in (self.y, self.m, self.d, self.wd, self.rel_day, self.rel))

    @property
    def only_weekday(self) -> bool:
        return self.wd is not None and all(
            v is None for v in (self.y, self.m, self.d, self.rel_day, self.rel)
        )

    @property
    def only_year(self) -> bool:
        return (self.y is not None or (self.rel is not None and self.rel[0] == "year")) and all(
            v is None for v in (self.m, self.d, self.wd, self.rel_day)
        )


def merge(left: Frame, right: Frame, equiv: bool) -> Frame | None:
    """One frame from two adjacent ones, or None when they are two expressions."""
    if right.extra.get("tz"):
        return (
            replace(left, end=right.end, atoms=left.atoms + right.atoms)
            if left.hour is not None
            else None
        )
    if left.fixed or left.duration:
        return None
    if right.fixed or right.duration:
        # آخر 24 ساعة، مطلع التسعينيات: an edge word before a duration or a decade
        if left.atoms == ("edge",):
            return replace(right, start=left.start, atoms=left.atoms + right.atoms)
        return None
    out = replace(left, end=right.end, atoms=left.atoms + right.atoms)
    # date fields
    if left.has_date and right.has_date:
        if equiv:
            src = right if (left.hijri and not right.hijri) or not left.d else left
            for k in ("y", "m", "d", "hijri", "rel_day", "rel", "ambiguous", "month_context"):
                setattr(out, k, getattr(src, k))
            out.wd = left.wd if left.wd is not None else right.wd
        elif (
            left.only_weekday
            and right.wd is None
            and (right.d is not None or right.rel_day is not None)
        ):
            _copy_date(out, right)
            out.wd = left.wd
        elif right.only_weekday and left.wd is None and left.rel_day is not None:
            out.wd = right.wd
        elif (
            left.m is not None and left.y is None and left.rel is None and left.rel_day is None
            and right.only_year and right.half is None
        ):  # fmt: skip
            out.y, out.rel, out.hijri = right.y, right.rel, left.hijri or right.hijri
            out.month_context = True
        else:
            return None
    elif right.has_date:
        _copy_date(out, right)
    if right.direction and not left.direction:
        out.direction = right.direction
    # halves and quarters of a year
    if right.half:
        if left.half or left.has_date:
            return None
        out.half = right.half
    if left.half and not right.only_year:
        return None
    # parts of the day
    if right.part:
        if left.part or (right.part_noun and not right.part_adverb):
            return None
        if right.part_noun and right.part_adverb and not (left.has_date or left.hour is not None):
            return None
        out.part = right.part
        out.part_noun, out.part_adverb = False, True
    if left.part_noun and not left.part_adverb and not right.has_date:
        return None
    # clock
    if right.hour is not None:
        if left.hour is not None:
            return None
        out.hour, out.minute = right.hour, right.minute
    if left.prefix and not (right.has_date or right.part or right.hour is not None or right.prefix):
        return None
    out.prefix = left.prefix and right.prefix
    if out.part and out.has_date:
        out.part_noun = False
    out.future_cue = left.future_cue or right.future_cue
    out.equiv = left.equiv or equiv
    return out


def _copy_date(out: Frame, src: Frame) -> None:
    for k in ("y", "m", "d", "hijri", "wd", "rel_day", "rel", "ambiguous", "month_context"):
        setattr(out, k, getattr(src, k))


# ---------------------------------------------------------------------------------------------
def parse_anchor(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        d = dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None
    # far-off anchors would overflow date arithmetic; their values stay underspecified
    return d if 1000 <= d.year <= 8999 else None


def _shift_months(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + n
    return k // 12, k % 12 + 1


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _hijri_to_date(y: int, m: int, d: int) -> dt.date | None:
    for day in (d, d - 1):
        try:
            g = Hijri(y, m, day).to_gregorian()
            return dt.date(g.year, g.month, g.day)
        except (ValueError, OverflowError):
            continue
    return None


def _pick(
    cands: list[dt.date], anchor: dt.date, direction: str | None, future: bool, window: int
) -> dt.date:
    """Choose the candidate date a writer means, given the anchor and the tense."""
    if direction == "past":
        past = [c for c in cands if c <= anchor]
        if past:
            return max(past)
    if direction == "future" or (future and direction is None):
        fut = [c for c in cands if c >= anchor - dt.timedelta(days=1)]
        if fut:
            return min(fut)
    # unmarked: the nearest date, but never further ahead than the window (months)
    ahead = [c for c in cands if c > anchor and (c - anchor).days <= window * 30.5]
    behind = [c for c in cands if c <= anchor]
    pool = ahead + behind or cands
    return min(pool, key=lambda c: abs((c - anchor).days))


def _date_value(f: Frame, anchor: dt.date | None, window: int) -> tuple[str, str] | None:
    """(value, granularity) of the date part of a frame, granularity in day|week|month|year."""
    if f.rel_day is not None:
        if f.rel_day == "?" or anchor is None:
            return "XXXX-XX-XX", "day"
        day = anchor + dt.timedelta(days=int(f.rel_day))
        if f.wd is not None and day.weekday() != f.wd:
            # "اليوم (الاثنين)"، "غدا الاثنين": the stated weekday outranks the anchor, which
            # lags publication when it is a crawl date: take that weekday on or before
            day -= dt.timedelta(days=(day.weekday() - f.wd) % 7)
        return day.isoformat(), "day"
    if f.rel is not None and f.m is None:
        unit, n = f.rel
        if unit == "week":
            if anchor is None:
                return "XXXX-WXX", "week"
            iy, iw, _ = (anchor + dt.timedelta(weeks=n)).isocalendar()
            return f"{iy}-W{iw:02d}", "week"
        if unit == "month":
            if anchor is None:
                return "XXXX-XX", "month"
            y, m = _shift_months(anchor, n)
            return f"{y:04d}-{m:02d}", "month"
        if anchor is None:
            return "XXXX", "year"
        return f"{anchor.year + n:04d}", "year"
    if f.m is not None:
        return _month_value(f, anchor, window)
    if f.wd is not None:
        if anchor is None:
            return f"XXXX-WXX-{f.wd + 1}", "day"
        aw = anchor.weekday()
        if f.direction == "past":
            delta = -((aw - f.wd) % 7 or 7)
        elif f.direction == "future":
            delta = (f.wd - aw) % 7 or 7
        elif f.future_cue:
            delta = (f.wd - aw) % 7
        else:
            delta = -((aw - f.wd) % 7)
        return (anchor + dt.timedelta(days=delta)).isoformat(), "day"
    if f.y is not None:
        y = f.y
        if f.hijri:
            g = _hijri_to_date(y, 6, 15)
            # outside the conversion tables: the mean length of the Hijri year
            y = g.year if g else int(621.5643 + 0.970229 * y + 0.5)
        return f"{y:04d}", "year"
    return None


def _month_value(f: Frame, anchor: dt.date | None, window: int) -> tuple[str, str] | None:
    m, d = f.m, f.d
    assert m is not None
    year = f.y
    if year is None and f.rel is not None and f.rel[0] == "year":
        year = anchor.year + f.rel[1] if anchor else None
        if year is None:
            return (f"XXXX-{m:02d}-{d:02d}", "day") if (d and not f.hijri) else ("XXXX-XX", "month")
    if f.hijri:
        if year is None and f.y is None:
            if anchor is None:
                return "XXXX-XX-XX", "day"
            try:
                h = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri()
            except (ValueError, OverflowError):  # outside the Umm al-Qura tables
                return "XXXX-XX-XX", "day"
            cands = [
                c
                for hy in (h.year - 1, h.year, h.year + 1)
                if (c := _hijri_to_date(hy, m, d or 15))
            ]
            if not cands:
                return None
            g = _pick(cands, anchor, f.direction, f.future_cue, window)
        else:
            g = _hijri_to_date(year or 0, m, d or 15)
            if g is None:
                return None
        return (g.isoformat(), "day") if d else (f"{g.year:04d}-{g.month:02d}", "month")
    if year is not None:
        if d:
            g = _valid(year, m, d)
            return (g.isoformat(), "day") if g else None
        return f"{year:04d}-{m:02d}", "month"
    if anchor is None:
        return (f"XXXX-{m:02d}-{d:02d}", "day") if d else (f"XXXX-{m:02d}", "month")
    if d and _valid(2000, m, d) is None:  # 31 April, 30 February (2000 is a leap year)
        return None
    cands = [
        c for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (c := _valid(y, m, d or 15))
    ]
    if f.direction == "current":
        cands = [c for c in cands if c.year == anchor.year] or cands
    if d and f.wd is not None:
        agree = [c for c in cands if c.weekday() == f.wd]
        if agree:
            cands = agree
    if d:
        g = _pick(cands, anchor, f.direction, f.future_cue, window)
        return g.isoformat(), "day"
    # a month alone: compare by month, the anchor's month counting as both past and future
    first = dt.date(anchor.year, anchor.month, 1)
    mcands = [c.replace(day=1) for c in cands]
    g = _pick(mcands, first, f.direction, f.future_cue, window)
    if f.direction == "past" and g >= first:
        earlier = [c for c in mcands if c < first]
        if earlier and g > first:
            g = max(earlier)
    return f"{g.year:04d}-{g.month:02d}", "month"


def _adjust_hour(h: int, part: str | None) -> int:
    if part in ("AF", "EV") and h < 12:
        return h + 12
    if part == "NI":
        if 6 <= h < 12:
            return h + 12
        if h == 12:
            return 0
    if part == "MI" and 1 <= h <= 5:
        return h + 12
    if part == "MO" and h == 12:
        return 0
    return h


_UNIT_CODE = {"Y": "{n}Y", "M": "{n}M", "W": "{n}W", "D": "{n}D", "H": "T{n}H", "MIN": "T{n}M",
              "S": "T{n}S", "DE": "{n}DE", "CE": "{n}CE"}  # fmt: skip


def _num(n: float | str) -> str:
    if isinstance(n, str):
        return n
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration_value(f: Frame, anchor: dt.date | None, then_of: bool) -> tuple[str, str]:
    n, unit, cue = f.duration  # type: ignore[misc]
    if cue in ("before", "after") and not then_of:
        sign = -1 if cue == "before" else 1
        if isinstance(n, str) or anchor is None or unit in ("H", "MIN", "S"):
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        k = int(n) * sign
        if unit == "Y":
            return "DATE", f"{anchor.year + k:04d}"
        if unit == "DE":
            return "DATE", f"{anchor.year + 10 * k:04d}"[:3]
        if unit == "CE":
            return "DATE", f"{anchor.year + 100 * k:04d}"[:2]
        if unit == "M":
            y, m = _shift_months(anchor, k)
            return "DATE", f"{y:04d}-{m:02d}"
        if unit == "W":
            iy, iw, _ = (anchor + dt.timedelta(weeks=k)).isocalendar()
            return "DATE", f"{iy}-W{iw:02d}"
        return "DATE", (anchor + dt.timedelta(days=k)).isoformat()
    return "DURATION", "P" + _UNIT_CODE[unit].format(n=_num(n))


def resolve(
    f: Frame, anchor: dt.date | None, window: int = 6, then_of: bool = False
) -> tuple[str, str] | None:
    """The TIMEX3 (type, value) of a frame, or None when it does not make a valid time."""
    if f.fixed:
        return f.fixed
    if f.duration:
        return _duration_value(f, anchor, then_of)
    date = _date_value(f, anchor, window)
    if f.hour is not None:
        h = _adjust_hour(f.hour, f.part)
        if h > 24 or (f.minute or 0) > 59:
            return None
        day = date[0] if date and date[1] == "day" else "XXXX-XX-XX"
        return "TIME", f"{day}T{h:02d}:{f.minute or 0:02d}"
    if f.part:
        if date and date[1] == "day":
            day = date[0]
        elif date is None and anchor is not None:
            day = anchor.isoformat()
        else:
            day = "XXXX-XX-XX"
        return "TIME", f"{day}T{f.part}"
    if date is None:
        return None
    value, gran = date
    if f.half and gran == "year":
        value = f"{value}-{f.half}"
    return "DATE", value
