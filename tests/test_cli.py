"""The marsad command, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"


DATA = Path(__file__).parent / "data"


def marsad(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "marsad", *args], input=stdin, capture_output=True, timeout=300
    )


def test_version_and_info():
    r = marsad("--version")
    assert r.returncode == 0 and b"marsad" in r.stdout
    r = marsad("info")
    assert r.returncode == 0
    for name in (
        "sentences",
        "tokens",
        "times",
        "quantities",
        "ner",
        "entities",
        "quotes",
        "events",
    ):
        assert name.encode() in r.stdout


def test_extract_pretty_summary_of_the_seed():
    r = marsad("extract", str(SEED), "--published", "2016-12-13")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "published 2016-12-13" in out and "sentences" in out


def test_extract_json_is_one_record(tmp_path):
    r = marsad("extract", str(SEED), "--format", "json", "--published", "2016-12-13")
    assert r.returncode == 0, r.stderr
    record = json.loads(r.stdout)
    assert record["schema"] == "marsad.document/1"
    assert record["text"] == SEED.read_text(encoding="utf-8")
    out = tmp_path / "seed.json"
    r = marsad("extract", str(SEED), "-o", str(out))
    assert r.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["id"] == record["id"]


def test_jsonl_with_a_bad_line_reports_it_and_keeps_the_rest(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "قال الرئيس إن الاجتماع سيعقد غدا.", "published": "2016-12-13"}\n'
        '{"id": "b", "text": "اجتمع الوزراء في القاه\n'
        '{"id": "c", "text": "أعلنت الحكومة عن خطة جديدة."}\n'
        '{"id": "d"}\n',
        encoding="utf-8",
    )
    r = marsad("extract", str(src), "--format", "jsonl")
    assert r.returncode == 1  # something failed, and the exit code says so
    ids = [json.loads(line)["id"] for line in r.stdout.decode().splitlines()]
    assert ids == ["a", "c"]
    err = r.stderr.decode()
    assert f"{src}:2" in err and "E104" in err
    assert f"{src}:4" in err and "E105" in err


def test_stdin_text_and_stdin_jsonl():
    r = marsad(
        "extract", "-", "--format", "jsonl", stdin="قال الرئيس إن الاجتماع سيعقد غدا.".encode()
    )
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1
    r = marsad(
        "extract",
        "-",
        "--format",
        "jsonl",
        stdin=b'{"text": "\xd9\x82\xd8\xa7\xd9\x84"}\n{"text": "x"}\n',
    )
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 2


def test_undecodable_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe\x00")
    good = tmp_path / "good.txt"
    good.write_text("قال الرئيس إن الاجتماع سيعقد غدا.", encoding="utf-8")
    r = marsad("extract", str(bad), str(good), "--format", "jsonl")
    assert r.returncode == 1
    assert b"E101" in r.stderr
    assert len(r.stdout.splitlines()) == 1


def test_windows_1256_is_decoded(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("قال الرئيس إن الاجتماع سيعقد غدا.".encode("cp1256"))
    r = marsad("extract", str(legacy), "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["text"] == "قال الرئيس إن الاجتماع سيعقد غدا."


def test_eval_commands_run_end_to_end(tmp_path):
    out = tmp_path / "gold.json"
    r = marsad("eval", "gold", str(DATA / "gold"), "--json", str(out))
    assert r.returncode == 0, r.stderr
    result = json.loads(out.read_text())
    assert set(result["total"]) >= {"mentions", "times", "quantities", "quotes", "events"}
    r = marsad("eval", "conll", str(DATA / "tiny.bio"), "--json", str(tmp_path / "c.json"))
    assert r.returncode == 0, r.stderr
    micro = json.loads((tmp_path / "c.json").read_text())["micro"]
    assert micro["tp"] + micro["fn"] == 6  # two people, three places, one organisation
    r = marsad("eval", "plover-gsr", str(DATA / "tiny_gsr.csv"), "--json", str(tmp_path / "p.json"))
    assert r.returncode == 0, r.stderr
    by_label = json.loads((tmp_path / "p.json").read_text())["by_label"]
    assert sum(v["n"] for v in by_label.values()) == 3  # the ambiguous row is left out


def test_readme_quick_start_names_real_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "marsad extract examples/aleppo-2016-12-13.txt" in readme
    assert "./scripts/test.sh" in readme


def test_an_uncoded_failure_is_one_clear_line_without_traceback(tmp_path):
    r = marsad("ingest", str(SEED), "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert r.returncode in (2, 3)
    err = r.stderr.decode()
    assert "error" in err and "Traceback" not in err
