"""Fuzz every layer for a bounded time with hypothesis and (when installed) atheris.

    .venv/bin/python benchmarks/fuzz.py                      # 10 minutes in all
    .venv/bin/python benchmarks/fuzz.py --minutes 2 --targets tokens,pipeline
    .venv/bin/python benchmarks/fuzz.py --engines hypothesis

Targets (``tests/robustness/fuzz_targets.py``): decode, jsonl, normalize, sentences, tokens,
pipeline (every component; a component failure W101 or a time-budget cut W102 counts).
Any crasher is written to ``tests/robustness/crashers/<target>-<hash>.(txt|bin)``, where
``tests/robustness/test_crashers.py`` replays it for ever after. A summary goes to
``benchmarks/results/fuzz.md``. atheris (coverage-guided, libFuzzer): ``pip install atheris``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "robustness"))
CRASHERS = ROOT / "tests" / "robustness" / "crashers"
RESULTS = ROOT / "benchmarks" / "results"


def save_crasher(target: str, data: bytes | str, error: str) -> Path:
    CRASHERS.mkdir(parents=True, exist_ok=True)
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    ext = "bin" if isinstance(data, bytes) else "txt"
    path = CRASHERS / f"{target}-{hashlib.sha1(raw).hexdigest()[:12]}.{ext}"
    path.write_bytes(raw)
    print(
        f"  CRASH {target}: {error.splitlines()[-1] if error else ''} -> {path.name}",
        file=sys.stderr,
    )
    return path


def run_hypothesis(target: str, seconds: float) -> dict:
    from fuzz_targets import TARGETS
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    fn, takes_bytes = TARGETS[target]
    pieces = st.sampled_from(
        list(
            "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى\u064e\u0651\u0640ﻻﷲپچگکی٠١٢0123«»\"'.،؟!؛:()\n \u200f\u202e\u200b😀"
        )
        + ["ال", "وال", "لل", "قال ", "إن ", "مليون", "2016", "يوم الاثنين", "<div>", "&amp;"]
    )
    text = st.text() | st.lists(pieces, max_size=200).map("".join)
    strategy = (
        st.binary(max_size=4096) | text.map(lambda s: s.encode("utf-8", "surrogatepass"))
        if takes_bytes
        else text
    )
    failing: list = []
    runs = 0
    deadline = time.monotonic() + seconds
    crashes = 0
    while time.monotonic() < deadline:

        @settings(
            max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(strategy)
        def prop(x: bytes | str) -> None:
            try:
                fn(x)
            except Exception:
                failing.append(x)
                raise

        try:
            prop()
        except Exception:
            crashes += 1
            save_crasher(target, failing[-1], traceback.format_exc())
            failing.clear()
        runs += 300
    return {
        "engine": "hypothesis",
        "target": target,
        "seconds": seconds,
        "examples": runs,
        "crashes": crashes,
    }


def run_atheris(target: str, seconds: float) -> dict:
    cmd = [sys.executable, __file__, "--atheris-worker", target, "--seconds", str(seconds)]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    runs = 0
    for line in proc.stderr.splitlines():
        if line.startswith("Done ") and "runs" in line:
            runs = int(line.split()[1])
    crashes = (
        sorted(p.name for p in CRASHERS.glob(f"{target}-crash-*")) if CRASHERS.exists() else []
    )
    result = {
        "engine": "atheris",
        "target": target,
        "seconds": round(time.monotonic() - started),
        "examples": runs,
        "crashes": 0 if proc.returncode == 0 else max(1, len(crashes)),
    }
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-15:]
        print(
            f"  atheris {target} exited {proc.returncode}:\n    " + "\n    ".join(tail),
            file=sys.stderr,
        )
    return result


def atheris_worker(target: str, seconds: float) -> None:
    import atheris

    with atheris.instrument_imports():
        from fuzz_targets import TARGETS

    fn, takes_bytes = TARGETS[target]

    def one_input(data: bytes) -> None:
        value = data if takes_bytes else atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
        try:
            fn(value)
        except Exception:
            save_crasher(target, value, traceback.format_exc())  # replayable without atheris
            raise

    CRASHERS.mkdir(parents=True, exist_ok=True)
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={int(seconds)}",
            f"-artifact_prefix={CRASHERS}/{target}-",
            "-timeout=30",
            "-rss_limit_mb=2048",
            "-max_len=8192",
        ],
        one_input,
    )
    atheris.Fuzz()


def main() -> None:
    from fuzz_targets import TARGETS

    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--minutes", type=float, default=10.0, help="total time, shared by targets and engines"
    )
    ap.add_argument("--targets", default=",".join(TARGETS))
    ap.add_argument("--engines", default="hypothesis,atheris")
    ap.add_argument("--atheris-worker", help=argparse.SUPPRESS)
    ap.add_argument("--seconds", type=float, default=60, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.atheris_worker:
        atheris_worker(args.atheris_worker, args.seconds)
        return

    targets = [t for t in args.targets.split(",") if t]
    engines = [e for e in args.engines.split(",") if e]
    if "atheris" in engines:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print(
                "atheris is not installed (pip install atheris): hypothesis only", file=sys.stderr
            )
            engines.remove("atheris")
    share = args.minutes * 60 / (len(targets) * len(engines))
    results = []
    for engine in engines:
        for target in targets:
            print(f"{engine} {target} for {share:.0f} s …", file=sys.stderr)
            run = run_hypothesis if engine == "hypothesis" else run_atheris
            results.append(run(target, share))
    total = sum(r["crashes"] for r in results)
    lines = [
        "# Fuzzing",
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- command: `python benchmarks/fuzz.py {' '.join(sys.argv[1:])}`",
        f"- crashers found: {total} (kept under tests/robustness/crashers/, replayed by test_crashers.py)",
        "",
        "| engine | target | seconds | inputs | crashes |",
        "|---|---|---|---|---|",
        *[
            f"| {r['engine']} | {r['target']} | {r['seconds']:.0f} | {r['examples']:,} | {r['crashes']} |"
            for r in results
        ],
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.md").write_text("\n".join(lines))
    (RESULTS / "fuzz.json").write_text(json.dumps(results, indent=2) + "\n")
    print("\n".join(lines))
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
