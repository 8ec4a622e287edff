"""Marsad's benchmark: speed, memory, start-up, scaling and the cost curve of the pipeline.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py                       # everything, all 5,000 articles
    .venv/bin/python benchmarks/run.py --limit 500 --only throughput,curve
    .venv/bin/python benchmarks/run.py --profile 300          # + pyinstrument profile

Data: ``../shared/data/news-bench/articles.jsonl`` by default (5,000 articles, CC BY-NC-SA:
benchmark use only, never committed). Results go to ``benchmarks/results/pipeline.json``
and ``pipeline.md`` with the machine and the commit.

Every measurement runs in a fresh Python process (``--worker …``) so that start-up, peak
memory (``ru_maxrss``) and caches of one measurement never leak into another. Speed is
recorded here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-bench" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
PARTS = ("startup", "throughput", "scaling", "curve")
CURVE_SIZES = (1024, 10 * 1024, 100 * 1024, 1024 * 1024)
# A component whose cost per KB grows by more than this factor from 10 KB to 1 MB is
# reported as super-linear (a linear one stays near 1; quadratic would be ~100).
LINEAR_TOLERANCE = 2.0
TARGETS = {
    "articles_per_s_per_core": 100.0,
    "startup_s": 2.0,
    "peak_memory_mb": 1024.0,
}


# ------------------------------------------------------------------------------------------
# workers (run in a child process; print one JSON object on stdout)
# ------------------------------------------------------------------------------------------
def _read_records(path: str, limit: int | None) -> list[dict[str, Any]]:
    from marsad.ingest.readers import read_jsonl

    records = []
    for item in read_jsonl(Path(path).read_bytes(), path):
        if item.record is not None:
            records.append(item.record)
            if limit and len(records) >= limit:
                break
    return records


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def _timed_steps(
    pipeline: Any, totals: dict[str, float], cpu: dict[str, float] | None = None
) -> None:
    """Wrap each component to add its wall time to ``totals`` (and its CPU time to ``cpu``);
    the pipeline still sees and handles the component's exceptions."""
    for step in pipeline.steps:
        name = step.spec.name
        totals.setdefault(name, 0.0)
        if cpu is not None:
            cpu.setdefault(name, 0.0)
        inner = step.process

        def timed(doc: Any, inner: Any = inner, name: str = name) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return inner(doc)
            finally:
                totals[name] += time.perf_counter() - t
                if cpu is not None:
                    cpu[name] += time.process_time() - c

        step.process = timed


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (pipe workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def worker_startup() -> dict[str, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    import marsad

    t1 = time.perf_counter()
    pipeline = marsad.load()
    t2, c2 = time.perf_counter(), time.process_time()
    pipeline("قال وزير الخارجية إن المحادثات ستستأنف في جنيف يوم الاثنين.", published="2016-12-13")
    t3 = time.perf_counter()
    return {
        "import_s": t1 - t0,
        "load_s": t2 - t1,
        "first_doc_s": t3 - t2,
        "import_plus_load_cpu_s": c2 - c0,
        "peak_memory_mb": _peak_mb(),
    }


def worker_throughput(data: str, limit: int | None, n_process: int) -> dict[str, Any]:
    import orjson

    import marsad

    records = _read_records(data, limit)
    chars = sum(len(r["text"]) for r in records)
    words = sum(len(r["text"].split()) for r in records)
    pipeline = marsad.load()
    rss_loaded = _peak_mb()
    components: dict[str, float] = {}
    components_cpu: dict[str, float] = {}
    if n_process == 1:
        _timed_steps(pipeline, components, components_cpu)
    sentences = tokens = errors = 0
    codes: dict[str, int] = {}
    failures: list[str] = []
    serialise = 0.0
    out_bytes = 0
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    for doc in pipeline.pipe(records, n_process=n_process):
        t = time.perf_counter()
        line = orjson.dumps(doc.to_dict())  # as `marsad extract -o out.jsonl` does
        serialise += time.perf_counter() - t
        out_bytes += len(line) + 1
        sentences += len(doc.sentences)
        tokens += len(doc.tokens)
        if doc.error is not None:
            errors += 1
            codes[doc.error.code] = codes.get(doc.error.code, 0) + 1
        for w in doc.warnings:
            codes[w.code] = codes.get(w.code, 0) + 1
            if w.code in ("W101", "W102") and len(failures) < 20:  # component failures: say which
                failures.append(f"{doc.id}: {w.code} {w.component}: {w.message[:200]}")
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    result: dict[str, Any] = {
        "n_process": n_process,
        "articles": len(records),
        "chars": chars,
        "words": words,
        "sentences": sentences,
        "tokens": tokens,
        "errors": errors,
        "problem_codes": codes,
        "component_failures": failures,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        # per core: articles per CPU-second, robust to other jobs sharing the machine
        "articles_per_cpu_s": len(records) / cpu,
        "sentences_per_cpu_s": sentences / cpu,
        "words_per_cpu_s": words / cpu,
        "serialise_s": serialise,
        "output_mb": out_bytes / 1e6,
        "articles_per_s": len(records) / elapsed,
        "sentences_per_s": sentences / elapsed,
        "words_per_s": words / elapsed,
        "memory_after_load_mb": rss_loaded,
        "peak_memory_mb": _peak_mb(),
        "peak_memory_children_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }
    if components:
        result["component_s"] = components
        result["component_cpu_s"] = components_cpu
    return result


def _article_of_size(records: list[dict[str, Any]], size: int) -> str:
    """Real article text concatenated (paragraph breaks between articles) up to ``size``
    UTF-8 bytes, cut at a space."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = records[i % len(records)]["text"].strip()
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        i += 1
    text = "\n\n".join(parts)
    data = text.encode("utf-8")[:size].decode("utf-8", "ignore")
    cut = data.rfind(" ")
    return data[:cut] if cut > size // 4 else data


def worker_curve(data: str, size: int, min_seconds: float) -> dict[str, Any]:
    import marsad

    records = _read_records(data, 2000)
    text = _article_of_size(records, size)
    # No time budget here: the curve measures the true cost of each component.
    pipeline = marsad.load(time_budget_seconds=1e9, max_chars=max(len(text) + 1, 2_000_000))
    pipeline(text[:2000])  # warm lazy resources before timing
    components: dict[str, float] = {}
    _timed_steps(pipeline, components)
    runs = 0
    started = time.perf_counter()
    while True:
        doc = pipeline(text, published="2015-07-21")
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds or (runs >= 1 and elapsed > 5):
            break
    return {
        "bytes": len(text.encode("utf-8")),
        "chars": len(text),
        "words": len(text.split()),
        "sentences": len(doc.sentences),
        "runs": runs,
        "seconds_per_doc": elapsed / runs,
        "component_s_per_doc": {k: v / runs for k, v in components.items()},
        "warnings": sorted({w.code for w in doc.warnings}),
        "peak_memory_mb": _peak_mb(),
    }


def worker_profile(data: str, limit: int, out: str) -> dict[str, Any]:
    from pyinstrument import Profiler

    import marsad

    records = _read_records(data, limit)
    pipeline = marsad.load()
    pipeline(records[0]["text"])
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _doc in pipeline.pipe(records):
        pass
    profiler.stop()
    Path(out).write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return {"articles": len(records), "profile": out}


# ------------------------------------------------------------------------------------------
# the driver
# ------------------------------------------------------------------------------------------
def _run_worker(args: list[str], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {
            "error": f"timed out after {timeout:.0f} s",
            "wall_s": time.perf_counter() - started,
        }
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"], "wall_s": wall}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _commit() -> dict[str, Any]:
    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no", "src")
    return {"commit": git("rev-parse", "HEAD"), "src_modified": bool(dirty)}


def measure_startup(repeats: int = 3) -> dict[str, Any]:
    runs = [_run_worker(["startup"], 120) for _ in range(repeats)]
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[0].get("error")}

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in good), 3)

    cli = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "marsad"), "--help"], capture_output=True, cwd=ROOT
        )
        cli.append(time.perf_counter() - t)
    return {
        "import_s": med("import_s"),
        "load_s": med("load_s"),
        "import_plus_load_s": round(
            statistics.median(r["import_s"] + r["load_s"] for r in good), 3
        ),
        "import_plus_load_cpu_s": med("import_plus_load_cpu_s"),
        "first_doc_s": med("first_doc_s"),
        "process_wall_s": med("wall_s"),
        "cli_help_wall_s": round(statistics.median(cli), 3),
        "peak_memory_mb": med("peak_memory_mb"),
        "repeats": len(good),
    }


def measure_curve(data: str, timeout: float) -> list[dict[str, Any]]:
    points = []
    for size in CURVE_SIZES:
        r = _run_worker(["curve", "--data", data, "--size", str(size)], timeout)
        r["target_bytes"] = size
        points.append(r)
        print(
            f"  curve {size // 1024} KB: {r.get('seconds_per_doc', r.get('error'))}",
            file=sys.stderr,
        )
        if "error" in r:
            break  # a larger size would only take longer
    return points


def curve_verdict(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Cost per KB at each size; a component is super-linear when its cost per KB at the
    largest size exceeds LINEAR_TOLERANCE x its cost per KB at 10 KB."""
    ok = [p for p in points if "error" not in p]
    verdict: dict[str, Any] = {"tolerance": LINEAR_TOLERANCE}
    if len(ok) < len(points):
        verdict["linear"] = False
        verdict["reason"] = (
            f"{points[len(ok)]['target_bytes'] // 1024} KB: {points[len(ok)]['error']}"
        )
    ref = next((p for p in ok if p["target_bytes"] == 10 * 1024), None)
    last = ok[-1] if ok else None
    if not ref or not last or last is ref:
        return verdict
    scale = 1024 / ref["bytes"], 1024 / last["bytes"]
    whole = (last["seconds_per_doc"] * scale[1]) / (ref["seconds_per_doc"] * scale[0])
    verdict["whole_ratio"] = round(whole, 2)
    ratios = {}
    for name, t_ref in ref["component_s_per_doc"].items():
        t_last = last["component_s_per_doc"].get(name, 0.0)
        if t_ref * scale[0] < 1e-6:  # too small to compare (placeholder components)
            continue
        ratios[name] = round((t_last * scale[1]) / (t_ref * scale[0]), 2)
    verdict["component_ratio"] = ratios
    verdict["superlinear"] = sorted(n for n, r in ratios.items() if r > LINEAR_TOLERANCE)
    verdict.setdefault("linear", whole <= LINEAR_TOLERANCE and not verdict["superlinear"])
    return verdict


def _fmt(x: Any, digits: int = 1) -> str:
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def write_markdown(res: dict[str, Any], path: Path) -> None:
    m, c = res["machine"], res["commit"]
    lines = [
        "# Pipeline benchmark",
        "",
        f"- date: {res['date']}",
        f"- commit: `{c['commit'][:12]}`" + (" (src modified)" if c["src_modified"] else ""),
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, Python {m['python']}",
        f"- load average at start / end: {m['load_average_at_start']} / {m.get('load_average_at_end')}"
        " (the machine is shared: figures are lower bounds)",
        f"- data: {res['data']['path']} ({_fmt(res['data'].get('articles', 0))} articles)",
        f"- command: `{res['command']}`",
        "",
    ]
    checks = res.get("targets", {})
    if checks:
        lines += ["## Targets", "", "| target | goal | measured | met |", "|---|---|---|---|"]
        for name, t in checks.items():
            lines.append(
                f"| {name} | {t['goal']} | {_fmt(t['measured'], 2)} | {'yes' if t['met'] else '**no**'} |"
            )
        lines.append("")
    st = res.get("startup")
    if st and "error" not in st:
        lines += [
            "## Start-up (fresh process, median of 3)",
            "",
            "| import marsad | load() | import + load | import + load, CPU | first short doc | whole process | `marsad --help` |",
            "|---|---|---|---|---|---|---|",
            f"| {st['import_s']:.3f} s | {st['load_s']:.3f} s | {st['import_plus_load_s']:.3f} s | "
            f"{st['import_plus_load_cpu_s']:.3f} s | "
            f"{st['first_doc_s']:.3f} s | {st['process_wall_s']:.3f} s | {st['cli_help_wall_s']:.3f} s |",
            "",
        ]
    runs = [r for r in (res.get("throughput"), res.get("scaling")) if r and "error" not in r]
    if runs:
        lines += [
            "## Throughput (extraction + JSON serialisation, as `marsad extract -o out.jsonl`)",
            "",
            "Wall-clock figures suffer from other jobs on a shared machine; the per-CPU-second",
            "figures (CPU time of all processes) are the cost of the work itself.",
            "",
            "| processes | articles | wall s | articles/s (wall) | CPU s | articles per CPU-s | sentences per CPU-s | words per CPU-s | peak MB per process |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in runs:
            n = r["n_process"]
            peak = r["peak_memory_mb"] if n == 1 else r["peak_memory_children_mb"]
            lines.append(
                f"| {n} | {_fmt(r['articles'])} | {r['seconds']:.1f} | {r['articles_per_s']:.1f} | "
                f"{r['cpu_seconds']:.1f} | {r['articles_per_cpu_s']:.1f} | {r['sentences_per_cpu_s']:,.0f} | "
                f"{r['words_per_cpu_s']:,.0f} | {peak:.0f} |"
            )
        if res.get("scaling_speedup"):
            lines.append(f"\nSpeed-up with `pipe(n_process=2)`: {res['scaling_speedup']:.2f}x")
        t = res.get("throughput") or {}
        lines += [
            "",
            f"Corpus: {_fmt(t.get('chars', 0))} characters, {_fmt(t.get('words', 0))} words, "
            f"{_fmt(t.get('sentences', 0))} sentences; problems: {t.get('problem_codes') or 'none'}",
            "",
            *[f"- {f}" for f in t.get("component_failures", [])],
            "",
        ]
    if res.get("component_share"):
        lines += [
            "## Time per component (one process)",
            "",
            "| component | wall s | share | CPU ms per article |",
            "|---|---|---|---|",
        ]
        n = res["throughput"]["articles"]
        cpu = res["throughput"].get("component_cpu_s", {})
        for name, (secs, share) in res["component_share"].items():
            per = f"{1000 * cpu[name] / n:.2f}" if name in cpu else ""
            lines.append(f"| {name} | {secs:.2f} | {share:.1%} | {per} |")
        lines.append("")
    if res.get("curve"):
        lines += [
            "## Cost curve (one article of growing size, no time budget)",
            "",
            "| size | characters | sentences | seconds | ms per KB | peak MB |",
            "|---|---|---|---|---|---|",
        ]
        for p in res["curve"]:
            if "error" in p:
                lines.append(f"| {p['target_bytes'] // 1024} KB | | | {p['error']} | | |")
                continue
            per_kb = 1000 * p["seconds_per_doc"] / (p["bytes"] / 1024)
            lines.append(
                f"| {p['target_bytes'] // 1024} KB | {_fmt(p['chars'])} | {_fmt(p['sentences'])} | "
                f"{p['seconds_per_doc']:.4f} | {per_kb:.2f} | {p['peak_memory_mb']:.0f} |"
            )
        v = res.get("curve_verdict", {})
        lines += [
            "",
            f"Linear: **{'yes' if v.get('linear') else 'no'}** — cost per KB at the largest size / at 10 KB = "
            f"{v.get('whole_ratio')} (tolerance {v.get('tolerance')}). Per component: {v.get('component_ratio')}."
            + (f" Super-linear: {', '.join(v['superlinear'])}." if v.get("superlinear") else "")
            + (f" {v['reason']}." if v.get("reason") else ""),
            "",
        ]
    if res.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in res["notes"]], ""]
    path.write_text("\n".join(lines))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data",
        default=str(DEFAULT_DATA),
        help="JSON Lines articles (default: the news benchmark)",
    )
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts: {','.join(PARTS)}"
    )
    ap.add_argument("--out", default=str(RESULTS), help="results folder")
    ap.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also profile N articles (pyinstrument)"
    )
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per measurement")
    ap.add_argument("--note", action="append", default=[], help="a note to write into the results")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        if args.worker == "startup":
            result = worker_startup()
        elif args.worker == "throughput":
            result = worker_throughput(args.data, args.limit, args.n_process)
        elif args.worker == "curve":
            result = worker_curve(args.data, args.size, min_seconds=1.0)
        elif args.worker == "profile":
            result = worker_profile(args.data, args.profile, str(Path(args.out) / "profile.txt"))
        else:
            raise SystemExit(f"unknown worker {args.worker}")
        print(json.dumps(result))
        return

    if not Path(args.data).is_file():
        raise SystemExit(
            f"no benchmark data at {args.data} (give --data PATH to a JSON Lines file)"
        )
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {sorted(unknown)}; choose from {PARTS}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    limit = ["--limit", str(args.limit)] if args.limit else []
    res: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python benchmarks/run.py", *sys.argv[1:]]),
        "machine": _machine(),
        "commit": _commit(),
        "data": {"path": os.path.relpath(args.data, ROOT)},
        "notes": list(args.note),
    }
    if "startup" in parts:
        print("start-up …", file=sys.stderr)
        res["startup"] = measure_startup()
    if "throughput" in parts:
        print("throughput, 1 process …", file=sys.stderr)
        t = _run_worker(
            ["throughput", "--data", args.data, *limit, "--n-process", "1"], args.timeout
        )
        res["throughput"] = t
        if "error" not in t:
            res["data"]["articles"] = t["articles"]
            comp = dict(t.get("component_s", {}))
            comp["(serialise to JSON)"] = t["serialise_s"]
            comp["(reading, checks, pipe)"] = max(0.0, t["seconds"] - sum(comp.values()))
            res["component_share"] = {
                k: (round(v, 3), v / t["seconds"])
                for k, v in sorted(comp.items(), key=lambda kv: -kv[1])
            }
    if "scaling" in parts:
        print("throughput, 2 processes …", file=sys.stderr)
        s = _run_worker(
            ["throughput", "--data", args.data, *limit, "--n-process", "2"], args.timeout
        )
        res["scaling"] = s
        t = res.get("throughput")
        if t and "error" not in t and "error" not in s:
            res["scaling_speedup"] = round(s["articles_per_s"] / t["articles_per_s"], 2)
    if "curve" in parts:
        print("cost curve …", file=sys.stderr)
        res["curve"] = measure_curve(args.data, min(args.timeout, 900))
        res["curve_verdict"] = curve_verdict(res["curve"])
    if args.profile:
        print("profile …", file=sys.stderr)
        res["profile"] = _run_worker(
            ["profile", "--data", args.data, "--profile", str(args.profile), "--out", str(out)],
            args.timeout,
        )

    targets: dict[str, Any] = {}
    t = res.get("throughput")
    if t and "error" not in t:
        v = t["articles_per_cpu_s"]
        targets["articles per CPU-second (one core)"] = {
            "goal": ">= 100",
            "measured": v,
            "met": v >= 100,
        }
        v = t["articles_per_s"]
        targets["articles/s, one process, wall clock"] = {
            "goal": ">= 100",
            "measured": v,
            "met": v >= 100,
        }
        v = t["peak_memory_mb"]
        targets["peak memory per process (MB)"] = {
            "goal": "<= 1024",
            "measured": v,
            "met": v <= 1024,
        }
    st = res.get("startup")
    if st and "error" not in st:
        v = st["import_plus_load_s"]
        targets["start-up: import + load (s)"] = {"goal": "<= 2", "measured": v, "met": v <= 2}
    cv = res.get("curve_verdict")
    if cv and "linear" in cv:
        targets["linear cost curve (ratio 1 MB / 10 KB per KB)"] = {
            "goal": f"<= {LINEAR_TOLERANCE}",
            "measured": cv.get("whole_ratio", float("nan")),
            "met": bool(cv["linear"]),
        }
    res["targets"] = targets
    res["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (out / "pipeline.json").write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    write_markdown(res, out / "pipeline.md")
    print((out / "pipeline.md").read_text())


if __name__ == "__main__":
    main()
