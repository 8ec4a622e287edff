"""Every file of the hostile corpus goes through ``marsad ingest`` into a real SQLite file in
one run: no crash, no hang, a non-zero exit code because something was skipped, every
skipped item named with its code in the ``--errors`` report, and everything else stored
(once: the same text decoded from four encodings is one document)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import orjson
import pytest
from hostile import ARABIC, make

from marsad.store import open_store

MARSAD = str(Path(sys.executable).parent / "marsad")
# files holding ARABIC in another encoding (decoded, they are the same text)
RE_ENCODED = ("utf8_bom.txt", "utf16_le_bom.txt", "utf16_be_bom.txt", "windows1256.txt")
# records.jsonl: the lines that cannot be read, and the readable records' texts
BAD_LINES = {2: "E104", 3: "E105", 4: "E105", 5: "E104", 9: "E105", 10: "E104"}
GOOD_RECORDS = 4  # good, nul-in-text, bad-date, huge-title


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = make(folder)
    db = folder.parent / "hostile.db"
    errors = folder.parent / "hostile-errors.jsonl"
    # generous: the pipeline's own time budget (per document) must end any slow one
    proc = subprocess.run(
        [MARSAD, "ingest", str(folder), "--db", str(db), "--errors", str(errors), "-q"],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    problems = [orjson.loads(line) for line in errors.read_bytes().splitlines()]
    return folder, cases, db, proc, problems


def test_the_run_finishes_and_says_something_was_skipped(ingested):
    folder, cases, _, proc, problems = ingested
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    summary = proc.stderr.strip().splitlines()[-1]
    skipped_files = [n for n, expect in cases.items() if expect != "ok"]
    read = len([n for n in cases if n.endswith(".txt")]) + 10  # records.jsonl has 10 lines
    assert summary.startswith(f"{read} read, "), summary
    assert f", {len(skipped_files) + len(BAD_LINES)} failed" in summary, summary
    assert len(problems) == len(skipped_files) + len(BAD_LINES)


def test_each_skipped_file_is_named_with_its_code(ingested):
    folder, cases, _, _, problems = ingested
    by_origin = {p["origin"]: p for p in problems}
    assert len(by_origin) == len(problems)  # one entry per skipped item
    for name, expect in cases.items():
        origin = str(folder / name)
        if expect == "ok":
            assert origin not in by_origin, by_origin.get(origin)
        else:
            assert by_origin[origin]["code"] == expect, (name, by_origin[origin])
            assert by_origin[origin]["message"]
    jsonl = str(folder / "records.jsonl")
    codes = {
        int(p["origin"].rsplit(":", 1)[1]): p["code"]
        for p in problems
        if p["origin"].startswith(jsonl + ":")
    }
    assert codes == BAD_LINES


def test_everything_readable_is_stored_once(ingested):
    folder, cases, db, _, _ = ingested
    expected = set()
    for name, expect in cases.items():
        if expect != "ok" or not name.endswith(".txt"):
            continue
        expected.add(ARABIC if name in RE_ENCODED else (folder / name).read_text("utf-8"))
    con = sqlite3.connect(db)
    try:
        stored = [r[0] for r in con.execute("SELECT text FROM documents")]
        ids = {r[0] for r in con.execute("SELECT id FROM documents")}
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert len(stored) == len(set(stored))  # no duplicates
    assert expected <= set(stored)
    # records.jsonl: good, bad-date and huge-title carry ARABIC (stored already), nul-in-text
    # is its own text
    assert {"nul-in-text"} <= ids
    assert len(stored) == len(expected) + 1
    assert stored.count(ARABIC) == 1
    with open_store(str(db)) as store:
        assert store.search("", limit=1)["total"] == len(stored)
        record = store.get_record("nul-in-text")
        assert record is not None and "\x00" in record["text"]


def test_a_second_run_adds_nothing_and_reports_the_same_problems(ingested):
    folder, _, db, first, problems = ingested
    errors = folder.parent / "hostile-errors-2.jsonl"
    proc = subprocess.run(
        [MARSAD, "ingest", str(folder), "--db", str(db), "--errors", str(errors), "-q"],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert ", 0 added," in proc.stderr.strip().splitlines()[-1]
    again = [orjson.loads(line) for line in errors.read_bytes().splitlines()]
    assert sorted((p["origin"], p["code"]) for p in again) == sorted(
        (p["origin"], p["code"]) for p in problems
    )


def test_the_same_corpus_into_postgresql(ingested):
    """The same run into PostgreSQL: the same problems, plus the one record whose text holds
    a NUL (PostgreSQL text cannot), refused alone with E409; everything else stored."""
    base = os.environ.get("MARSAD_TEST_PG")
    if not base:
        pytest.skip("MARSAD_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server)")
    import psycopg

    folder, _, db, _, problems = ingested
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    errors = folder.parent / "hostile-errors-pg.jsonl"
    try:
        proc = subprocess.run(
            [MARSAD, "ingest", str(folder), "--db", url, "--errors", str(errors), "-q"],
            capture_output=True,
            text=True,
            timeout=1500,
        )
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
        found = {
            (p["origin"], p["code"]) for p in map(orjson.loads, errors.read_bytes().splitlines())
        }
        expected = {(p["origin"], p["code"]) for p in problems}
        assert found == expected | {(str(folder / "records.jsonl") + ":6", "E409")}
        con = sqlite3.connect(db)
        try:
            in_sqlite = {r[0] for r in con.execute("SELECT id FROM documents")}
        finally:
            con.close()
        with open_store(url) as store:
            stored = {r["id"] for r in store.db.execute("SELECT id FROM documents")}
            assert stored == in_sqlite - {"nul-in-text"}
            # the long words are not indexed, the rest of their article is
            assert store.search("جنيف", limit=100)["total"] >= 1
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
