"""Crash safety: an ingest process killed with SIGKILL in the middle keeps only whole
batches, and running it again ends with exactly N documents, no duplicates, no partial
records (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import orjson
import pytest

from marsad.store import open_store

N = 240
BATCH = 8
SENTENCES = (
    "قال المتحدث باسم الحكومة إن المحادثات ستستأنف الأسبوع المقبل في العاصمة",
    "وأعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة الساحلية",
    "وشهدت الأسواق ارتفاعا في أسعار المواد الغذائية خلال الشهر الماضي",
    "ودعت منظمات إنسانية إلى تسهيل وصول المساعدات إلى المناطق المتضررة",
    "وأكد رئيس البلدية أن أعمال الصيانة ستنتهي قبل فصل الشتاء",
    "وقالت الشرطة إنها فتحت تحقيقا في الحادث الذي وقع مساء أمس",
)


def write_corpus(path) -> None:
    with open(path, "wb") as f:
        for i in range(N):
            parts = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
            text = f"تقرير رقم {i}: " + "، ".join(parts) + f". وبلغ عدد المشاركين {i * 7 + 3} شخصا."
            record = {
                "id": f"doc-{i}",
                "text": text,
                "source": f"outlet-{i % 3}",
                "published": "2024-03-01",
            }
            f.write(orjson.dumps(record) + b"\n")


def ingest_cmd(path, url) -> list[str]:
    code = "from marsad.cli import main; main()"
    return [
        sys.executable,
        "-c",
        code,
        "ingest",
        str(path),
        "--db",
        url,
        "--batch-size",
        str(BATCH),
        "-q",
    ]


def count(url: str) -> int:
    with open_store(url) as s:
        return int(s.db.scalar("SELECT COUNT(*) AS n FROM documents"))


def check_integrity(url: str) -> int:
    """Every stored document is whole: its layer rows match its record, it is indexed
    for search and for near-duplicates. Returns the number of documents."""
    with open_store(url) as s:
        db = s.db
        docs = db.execute("SELECT id FROM documents")
        mentions = {
            r["doc_id"]: int(r["n"])
            for r in db.execute("SELECT doc_id, COUNT(*) AS n FROM mentions GROUP BY doc_id")
        }
        times = {
            r["doc_id"]: int(r["n"])
            for r in db.execute("SELECT doc_id, COUNT(*) AS n FROM times GROUP BY doc_id")
        }
        for d in docs:
            record = s.get_record(d["id"])
            assert mentions.get(d["id"], 0) == len(record["mentions"])
            assert times.get(d["id"], 0) == len(record["times"])
        index = "documents_fts" if s.dialect == "sqlite" else "documents_search"
        assert int(db.scalar(f"SELECT COUNT(*) AS n FROM {index}")) == len(docs)
        assert int(db.scalar("SELECT COUNT(*) AS n FROM minhashes")) == len(docs)
        assert int(db.scalar("SELECT COUNT(DISTINCT content_hash) AS n FROM documents")) == len(
            docs
        )
        return len(docs)


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_gives_exactly_n(store_url, tmp_path):
    path = tmp_path / "articles.jsonl"
    write_corpus(path)
    count(store_url)  # create the schema before the writer starts
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        ingest_cmd(path, store_url), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 300
    at_kill = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            at_kill = count(store_url)
            if at_kill >= 2 * BATCH:
                break
            time.sleep(0.02)
        if proc.poll() is not None:
            pytest.fail(
                f"the ingest ended (code {proc.returncode}) before it could be killed: {proc.stderr.read().decode()[-2000:]}"
            )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    after_kill = check_integrity(store_url)
    assert 0 < after_kill < N
    assert after_kill % BATCH == 0  # only whole batches were committed

    done = subprocess.run(
        ingest_cmd(path, store_url), env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert f"{N - after_kill} added, {after_kill} already stored, 0 failed" in done.stderr
    assert check_integrity(store_url) == N

    again = subprocess.run(
        ingest_cmd(path, store_url), env=env, capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 0 and f"0 added, {N} already stored" in again.stderr
    assert count(store_url) == N
