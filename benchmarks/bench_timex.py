"""Marsad's time expressions against dateparser's ``search_dates`` (languages=['ar']).

Runs both over the same articles in one run and reports expressions found, how many of
dateparser's finds Marsad also finds (span overlap), agreement on the calendar day where
both give one, and the speed of each. Each article is anchored on its crawl date (Marsad:
``published``; dateparser: ``RELATIVE_BASE``).

    .venv/bin/python benchmarks/bench_timex.py [--limit N] [--out benchmarks/results/timex.md]

Reads /work/shared/data/news-bench/articles.jsonl (non-commercial: benchmark use only,
nothing of it is committed but the figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import time
import warnings
from collections import Counter
from pathlib import Path

DATA = Path("/work/shared/data/news-bench/articles.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--limit", type=int, default=5000)
    ap.add_argument("--out", default="benchmarks/results/timex.md")
    ap.add_argument("--examples", type=int, default=0, help="print N disagreements")
    args = ap.parse_args()

    from dateparser.search import search_dates

    import marsad

    warnings.simplefilter("ignore")
    articles = []
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("content"):
                articles.append(a)
            if len(articles) >= args.limit:
                break
    chars = sum(len(a["content"]) for a in articles)

    from marsad.timex.component import TIMES

    nlp = marsad.load(pipeline=("sentences", "tokens"))
    times = TIMES.make(nlp.settings)
    # warm up (grammar compilation, dateparser's language data) outside the timings
    times(nlp("اليوم الأربعاء 14 كانون الأول", published="2016-12-13"))
    search_dates("اليوم الأربعاء 14 ديسمبر", languages=["ar"])

    marsad_pipeline_s = 0.0
    marsad_times_s = 0.0
    dp_s = 0.0
    m_count = dp_count = dp_overlap = both_day = agree_day = 0
    m_types: Counter[str] = Counter()
    dp_errors = 0
    examples = []
    for a in articles:
        text = a["content"]
        pub = (a.get("date_extracted") or "")[:10] or None
        t0 = time.perf_counter()
        doc = nlp(text, published=pub)
        t1 = time.perf_counter()
        doc = times(doc)
        marsad_times_s += time.perf_counter() - t1
        marsad_pipeline_s += t1 - t0
        m_count += len(doc.times)
        m_types.update(t.type for t in doc.times)

        base = dt.datetime.fromisoformat(pub) if pub else dt.datetime.now()
        t0 = time.perf_counter()
        try:
            found = search_dates(text, languages=["ar"], settings={"RELATIVE_BASE": base}) or []
        except Exception:  # dateparser fails on some inputs; count it and go on
            found = []
            dp_errors += 1
        dp_s += time.perf_counter() - t0
        dp_count += len(found)
        pos = 0
        for surface, when in found:
            i = text.find(surface, pos)
            if i < 0:
                i = text.find(surface)
            if i < 0:
                continue
            pos = i + len(surface)
            hits = [t for t in doc.times if t.start < i + len(surface) and t.end > i]
            if not hits:
                continue
            dp_overlap += 1
            v = hits[0].value or ""
            if (
                len(v) >= 10
                and v[:4].isdigit()
                and v[4] == "-"
                and v[5:7].isdigit()
                and v[8:10].isdigit()
            ):
                both_day += 1
                if v[:10] == when.date().isoformat():
                    agree_day += 1
                elif len(examples) < args.examples:
                    examples.append((surface, when.date().isoformat(), hits[0].text, v))

    n = len(articles)
    lines = [
        "# Time expressions: Marsad vs dateparser `search_dates` (languages=['ar'])",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} "
        f"({platform.python_implementation()} {platform.python_version()}), one run, "
        "one process, machine shared with other jobs.",
        f"Command: `.venv/bin/python benchmarks/bench_timex.py --limit {args.limit}`",
        f"Corpus: news-bench (SaudiNewsNet sample), {n} articles, {chars:,} characters; "
        "each anchored on its crawl date.",
        "",
        "| | Marsad | dateparser |",
        "|---|---:|---:|",
        f"| expressions found | {m_count:,} | {dp_count:,} |",
        f"| per article | {m_count / n:.2f} | {dp_count / n:.2f} |",
        f"| seconds (total) | {marsad_times_s:.2f} (times step) / {marsad_pipeline_s + marsad_times_s:.2f} "
        f"(with sentences+tokens) | {dp_s:.2f} |",
        f"| articles per second | {n / max(marsad_times_s, 1e-9):,.0f} (times step) | {n / max(dp_s, 1e-9):,.1f} |",
        f"| errors | 0 | {dp_errors} |",
        "",
        f"- dateparser finds that overlap a Marsad expression: {dp_overlap:,} of {dp_count:,} "
        f"({dp_overlap / max(dp_count, 1):.1%}).",
        f"- Of those, where Marsad gives a calendar day: {both_day:,}; same day: {agree_day:,} "
        f"({agree_day / max(both_day, 1):.1%}).",
        "- Marsad types: " + ", ".join(f"{k} {v:,}" for k, v in m_types.most_common()),
        "",
        "Notes: dateparser returns a datetime for each find (durations and vague references",
        "become dates or are missed; month-only and year-only finds get a day filled in), so",
        "'same day' is only compared where Marsad's value is a full calendar day.",
    ]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    for ex in examples:
        print("DISAGREE", ex)


if __name__ == "__main__":
    main()
