"""NER speed: model load time and tokens per second on one core, over news articles.

    python benchmarks/bench_ner.py [../shared/data/news-bench/articles.jsonl] [-n 300]

Tokens and sentences are computed first and not timed; the figure is the 'ner' component
alone (CRF features, tagging, typing) on one process. The benchmark corpus is
non-commercial: it is read here, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/news-bench/articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    t0 = time.perf_counter()
    import marsad
    from marsad.entities.ner_component import NER
    from marsad.settings import Settings

    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ner = NER.make(Settings())
    load_s = time.perf_counter() - t0

    lines = Path(args.path).read_text(encoding="utf-8").splitlines()
    sample = random.Random(args.seed).sample(lines, min(args.n, len(lines)))
    prep = marsad.load(pipeline=["sentences", "tokens"])
    docs = [prep(json.loads(line)["content"]) for line in sample]
    n_tokens = sum(len(d.tokens) for d in docs)
    n_chars = sum(len(d.text) for d in docs)

    t0 = time.perf_counter()
    n_mentions = 0
    for d in docs:
        n_mentions += len(ner(d).mentions)
    run_s = time.perf_counter() - t0
    print(f"articles            {len(docs)}")
    print(f"tokens              {n_tokens}")
    print(f"characters          {n_chars}")
    print(f"mentions            {n_mentions}")
    print(f"import marsad       {import_s:.2f} s")
    print(f"model load (make)   {load_s:.2f} s")
    print(f"tagging time        {run_s:.2f} s")
    print(f"tokens/s (1 core)   {n_tokens / run_s:,.0f}")
    print(f"articles/s (1 core) {len(docs) / run_s:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
