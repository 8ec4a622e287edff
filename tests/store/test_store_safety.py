"""Store safety on a real SQLite file with real ``marsad ingest`` processes: readers keep
working while an ingest writes, two ingests on one file serialise (or one fails with E403)
without losing or doubling a document, and a corrupted or foreign file is refused with E401
by ``open_store`` and by the CLI."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from marsad.errors import MarsadError
from marsad.store import open_store

MARSAD = str(Path(sys.executable).parent / "marsad")
SENTENCE = (
    "قال وزير الخارجية إن المحادثات ستستأنف في جنيف يوم {day}. "
    "وذكرت وكالة الأنباء أن {n} شخصا قتلوا في قصف على حلب.\n"
)
DAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")


def write_articles(folder: Path, count: int) -> Path:
    """``count`` distinct short articles, one .txt file each."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = "".join(SENTENCE.format(day=DAYS[(i + k) % 7], n=i * 10 + k) for k in range(3))
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def ingest_cmd(folder: Path, db: Path, *extra: str) -> list[str]:
    return [MARSAD, "ingest", str(folder), "--db", str(db), "-q", "--batch-size", "1", *extra]


def test_readers_work_while_an_ingest_writes(tmp_path):
    count = 12
    folder = write_articles(tmp_path / "in", count)
    db = tmp_path / "corpus.db"
    open_store(str(db)).close()  # the schema exists before the readers start
    proc = subprocess.Popen(
        ingest_cmd(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    failures: list[BaseException] = []
    seen: list[list[int]] = [[], []]

    def read(n: int) -> None:
        try:
            with open_store(str(db)) as store:
                while proc.poll() is None:
                    total = store.search("", limit=5)["total"]
                    store.search("حلب", limit=5)
                    store.stats()
                    store.events(limit=5)
                    store.entities(limit=5)
                    seen[n].append(total)
        except BaseException as exc:  # noqa: BLE001 - every failure of a reader is the finding
            failures.append(exc)

    readers = [threading.Thread(target=read, args=(n,)) for n in range(2)]
    for r in readers:
        r.start()
    try:
        _, err = proc.communicate(timeout=600)
    finally:
        for r in readers:
            r.join(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert failures == []
    for totals in seen:
        assert totals, "a reader never got an answer"
        assert totals == sorted(totals)  # committed batches only: the count never goes back
        assert all(0 <= t <= count for t in totals)
    with open_store(str(db)) as store:
        assert store.search("", limit=1)["total"] == count


def test_two_ingests_on_one_file_serialise_or_fail_cleanly(tmp_path):
    count = 10
    folder = write_articles(tmp_path / "in", count)
    db = tmp_path / "corpus.db"
    procs = [
        subprocess.Popen(
            ingest_cmd(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    codes = [p.returncode for p in procs]
    for code, (_, err) in zip(codes, results, strict=True):
        assert "Traceback" not in err, err[-2000:]
        # 0: done (the other one's documents are "already stored"); else a clean E403
        assert code == 0 or ("E403" in err and code in (1, 2)), err[-2000:]
    assert 0 in codes
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == count
        assert con.execute("SELECT COUNT(DISTINCT content_hash) FROM documents").fetchone()[0] == (
            count
        )
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    # and the store still reads: every article once
    with open_store(str(db)) as store:
        assert store.search("", limit=1)["total"] == count


def _corrupted(path: Path) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    return path


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO customers (name) VALUES ('someone else''s data')")
    con.commit()
    con.close()
    return path


def _text_file(path: Path) -> Path:
    path.write_text("not a database at all\n" * 100, encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_corrupted, _foreign, _text_file])
def test_a_file_that_is_not_a_marsad_store_is_refused_with_e401(tmp_path, make):
    path = make(tmp_path / "other.db")
    before = path.read_bytes()
    with pytest.raises(MarsadError) as info:
        open_store(str(path))
    assert info.value.code == "E401"
    assert path.read_bytes() == before  # nothing written into someone else's file

    article = tmp_path / "a.txt"
    article.write_text(SENTENCE.format(day="الاثنين", n=3), encoding="utf-8")
    for args in (
        ["ingest", str(article), "--db", str(path), "-q"],
        ["search", "حلب", "--db", str(path)],
    ):
        proc = subprocess.run([MARSAD, *args], capture_output=True, text=True, timeout=300)
        assert proc.returncode != 0
        assert "E401" in proc.stderr, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
    if make is _foreign:
        con = sqlite3.connect(path)
        assert con.execute("SELECT name FROM customers").fetchall() == [("someone else's data",)]
        con.close()


def test_a_document_the_store_cannot_hold_is_refused_alone(store, pipeline):
    """A lone surrogate cannot be encoded; PostgreSQL text cannot hold NUL. Such a document is
    a coded problem (E409) and the rest of its batch is stored (never a failed batch)."""
    good = pipeline(SENTENCE.format(day="الاثنين", n=1), id="good")
    surrogate = pipeline("\ud800 " + SENTENCE.format(day="الثلاثاء", n=2), id="surrogate")
    surrogate.meta.title = "\udfff"
    nul = pipeline(SENTENCE.format(day="الأربعاء", n=3) + "\x00", id="nul")
    result = store.add_documents([surrogate, nul, good])
    problems = {p["id"]: p["code"] for p in result.problems}
    assert problems.get("surrogate") == "E409"
    assert "good" in result.added
    if store.dialect == "postgres":
        assert problems.get("nul") == "E409"
        assert store.get_document("nul") is None
    else:  # SQLite keeps the text exactly as given
        assert "nul" in result.added
        assert store.get_document("nul").text == nul.text
    assert store.get_document("good").text == good.text
    assert store.get_document("surrogate") is None


def test_huge_words_are_stored_and_the_rest_is_searchable(store, pipeline):
    """PostgreSQL refuses lexemes over 2046 bytes and tsvectors over 1 MB: the store must
    not fail the batch on such an article (a 200,000-letter word; 100,000 distinct words)."""
    long_word = pipeline(SENTENCE.format(day="الاثنين", n=1) + "a" * 200_000, id="long-word")
    many = " ".join(f"w{i:06d}x" for i in range(100_000))
    many_words = pipeline(SENTENCE.format(day="الخميس", n=2) + many, id="many-words")
    result = store.add_documents([long_word, many_words])
    assert result.problems == [] and set(result.added) == {"long-word", "many-words"}
    assert store.get_document("long-word").text == long_word.text
    assert store.search("جنيف", limit=10)["total"] == 2
