"""Every file of the hostile corpus goes through ``marsad extract`` in one batch: no crash,
no hang, every skipped item named in the report with its code, everything else extracted
with offsets that hold, and a non-zero exit code because something was skipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hostile import ARABIC, make

from marsad.document import span_problems

MARSAD = str(Path(sys.executable).parent / "marsad")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    cases = make(folder)
    out = folder.parent / "hostile-out.jsonl"
    paths = [str(folder / name) for name in cases]
    # generous: the pipeline's own time budget (30 s per document) must end any slow one
    proc = subprocess.run(
        [MARSAD, "extract", *paths, "-o", str(out)], capture_output=True, text=True, timeout=1500
    )
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    return folder, cases, proc, records


def test_batch_finishes_and_says_something_was_skipped(batch):
    _, cases, proc, _ = batch
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    skipped = sum(
        1
        for expect in cases.values()
        if expect.startswith("E10") and expect != "E102" and expect != "E103"
    )
    summary = proc.stderr.strip().splitlines()[-1]
    # records.jsonl adds 6 unreadable lines to the input problems
    assert summary.endswith(f"failed, {skipped + 6} input problem(s)"), summary


@pytest.mark.parametrize(
    "name",
    [
        "invalid_utf8.txt",
        "truncated_utf8.txt",
        "mixed_utf8_windows1256.txt",
        "utf16_without_bom.txt",
        "nul_bytes.txt",
        "binary_random.txt",
        "binary_png.txt",
        "binary_gzip.txt",
        "empty.txt",
        "whitespace_only.txt",
        "one_20mb_line.txt",
    ],
)
def test_each_skipped_file_is_named_with_its_code(batch, name):
    folder, cases, proc, records = batch
    lines = [line for line in proc.stderr.splitlines() if line.startswith(str(folder / name))]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert f"error {cases[name]}:" in lines[0]


def test_bad_json_lines_are_named_and_the_rest_of_the_file_is_read(batch):
    folder, _, proc, records = batch
    origin = str(folder / "records.jsonl")
    codes = {
        int(line.split(":")[1]): line.split("error ")[1][:4]
        for line in proc.stderr.splitlines()
        if line.startswith(origin + ":")
    }
    assert codes == {2: "E104", 3: "E105", 4: "E105", 5: "E104", 9: "E105", 10: "E104"}
    by_id = {r["id"]: r for r in records}
    assert {"good", "nul-in-text", "bad-date", "huge-title"} <= set(by_id)
    assert by_id["good"]["meta"]["published"] == "2016-12-13"
    bad_date = by_id["bad-date"]
    assert bad_date["meta"]["published"] is None
    assert [w["code"] for w in bad_date["warnings"]] == ["E108"]


def test_every_readable_file_is_extracted_with_valid_offsets(batch):
    folder, cases, _, records = batch
    texts = [r["text"] for r in records]
    readable = [name for name, expect in cases.items() if expect == "ok" and name.endswith(".txt")]
    # 25 readable .txt files + 4 records of records.jsonl + empty/whitespace/20 MB (errors)
    assert len(records) == len(readable) + 4 + 3
    for record in records:
        assert span_problems(record) == [], record["id"]
        if "error" not in record:
            assert record["sentences"] or not record["text"].strip()
    # decoded, not mangled: the same Arabic text from four encodings
    # UTF-8 BOM, UTF-16 LE/BE, windows-1256, and three records of records.jsonl
    assert texts.count(ARABIC) == 7


def test_languages_and_scripts(batch):
    _, _, _, records = batch
    by_start = {r["text"][:30]: r for r in records}
    english = next(r for r in records if r["text"].startswith("The foreign minister"))
    assert any(w["code"] == "W104" for w in english["warnings"])
    assert english["meta"]["language"] is None
    digits = next(r for r in records if r["text"].startswith("0123456789"))
    assert any(w["code"] == "W104" for w in digits["warnings"])
    assert by_start
    for start, language in (("وزیر امور خارجه", "fa"), ("پاکستان کے وزیر", "ur")):
        record = next(r for r in records if r["text"].startswith(start))
        assert record["meta"]["language"] == language
        assert any(w["code"] == "W104" for w in record["warnings"])
