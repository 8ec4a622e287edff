"""Check the offset contract on real articles: for N random benchmark articles, every span
of the record satisfies text[start:end] == its text, cross-references resolve, and the
record validates against the JSON Schema.

    python benchmarks/check_offsets.py [../shared/data/news-bench/articles.jsonl] [-n 200]

The benchmark corpus is non-commercial: it is read here, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from importlib.resources import files
from pathlib import Path

import jsonschema

import marsad
from marsad.document import span_problems

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/news-bench/articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    schema = json.loads(
        files("marsad").joinpath("schema/document.schema.json").read_text(encoding="utf-8")
    )
    lines = Path(args.path).read_text(encoding="utf-8").splitlines()
    sample = random.Random(args.seed).sample(lines, min(args.n, len(lines)))
    pipeline = marsad.load()
    bad = 0
    counts: dict[str, int] = {}
    started = time.perf_counter()
    for line in sample:
        art = json.loads(line)
        doc = pipeline(art["content"], id=art["id"], published=art.get("date_extracted"))
        record = doc.to_dict()
        problems = span_problems(record)
        try:
            jsonschema.validate(record, schema)
        except jsonschema.ValidationError as exc:
            problems.append(f"schema: {exc.message}")
        for layer in ("mentions", "entities", "times", "quantities", "quotes", "events"):
            counts[layer] = counts.get(layer, 0) + len(record[layer])
        if problems:
            bad += 1
            print(f"{art['id']}: {len(problems)} problem(s): {problems[:3]}")
    elapsed = time.perf_counter() - started
    print(f"{len(sample)} articles checked in {elapsed:.1f}s, {bad} with problems; items: {counts}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
