"""The Spark job (real Spark, local[2]) writes the same records as ``marsad extract``.

The sample is the bundled example article plus short news texts written for this test and
some broken input; the CLI runs as a subprocess on the same file, and the two outputs are
compared record for record (by document id).
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")
pytestmark = [
    pytest.mark.spark,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java"),
]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MARSAD = str(Path(sys.executable).parent / "marsad")

TEXTS = [
    (
        "2023-03-02",
        "أعلنت وزارة الصحة في غزة يوم الخميس مقتل 12 شخصا وإصابة 40 آخرين في غارات جوية. "
        'وقال المتحدث باسم الوزارة: "إن المستشفيات تعمل فوق طاقتها".',
    ),
    (
        "2023-03-02",
        "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة وزير الخارجية الأمريكي، "
        "وبحث الجانبان سبل وقف إطلاق النار.",
    ),
    (
        "2019-11-20",
        "ذكرت وكالة الأنباء أن الشرطة اعتقلت 25 متظاهرا في بغداد أمس. "
        "وأضاف مسؤول أمني أن الاحتجاجات ستستمر حتى نهاية الأسبوع.",
    ),
    (None, "رفضت الحكومة اللبنانية الاتهامات الموجهة إليها، ودعت إلى حوار وطني شامل."),
]


@pytest.fixture(scope="module")
def spark_session():
    from marsad.spark import session

    s = session("local[2]", app_name="marsad-test")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def _records(folder: Path) -> dict[str, dict]:
    table = pq.read_table(folder, columns=["record"])
    return {r["id"]: r for r in (orjson.loads(x) for x in table.column("record").to_pylist())}


def _cli(args: list[str], out: Path) -> dict[str, dict]:
    proc = subprocess.run(
        [MARSAD, "extract", *args, "-o", str(out)], capture_output=True, text=True
    )
    assert proc.returncode in (0, 1), proc.stderr
    return {r["id"]: r for r in map(orjson.loads, out.read_bytes().splitlines())}


def test_jsonl_job_equals_cli(tmp_path, spark_session):
    from marsad.spark import run

    lines = [
        orjson.dumps(
            {
                "id": "example-aleppo",
                "text": (EXAMPLES / "aleppo-2016-12-13.txt").read_text(encoding="utf-8"),
                "published": "2016-12-13",
                "source": "example",
            }
        )
    ]
    for i, (date, text) in enumerate(TEXTS):
        record = {"text": text, "title": f"خبر {i}"}
        if date:
            record["published"] = date
        lines.append(orjson.dumps(record))
    lines.append(orjson.dumps({"id": "blank", "text": "   \n "}))  # E102 document
    lines.append(b'{"id": "no-text", "text": 42}')  # E105 input problem
    lines.append(b"{this is not json")  # E104 input problem
    sample = tmp_path / "sample.jsonl"
    sample.write_bytes(b"\n".join(lines) + b"\n")

    expected = _cli([str(sample)], tmp_path / "cli.jsonl")
    counts = run(str(sample), str(tmp_path / "out"), spark=spark_session)
    got = _records(tmp_path / "out" / "documents")

    assert set(got) == set(expected) and len(got) == 6
    for doc_id, record in expected.items():
        assert got[doc_id] == record, doc_id
    assert counts["documents"] == 6 and counts["failed"] == 1 and counts["problems"] == 2
    problems = pq.read_table(tmp_path / "out" / "problems").to_pylist()
    assert sorted(p["error_code"] for p in problems) == ["E104", "E105"]

    # partitioned by publication date; undated articles in Hive's default partition
    dates = {p.name for p in (tmp_path / "out" / "documents").iterdir() if p.is_dir()}
    assert {"date=2016-12-13", "date=2023-03-02", "date=2019-11-20"} <= dates
    assert "date=__HIVE_DEFAULT_PARTITION__" in dates

    # flat tables: one row per item of the records, pointing back into the text
    for table in ("entities", "quotes", "events"):
        rows = pq.read_table(tmp_path / "out" / table).to_pylist()
        assert len(rows) == counts[table] == sum(len(r[table]) for r in expected.values())
        for row in rows:
            assert row["id"] in {item["id"] for item in expected[row["doc_id"]][table]}
    quotes = pq.read_table(tmp_path / "out" / "quotes").to_pylist()
    for row in quotes:
        text = expected[row["doc_id"]]["text"]
        assert text[row["content_start"] : row["content_end"]] == row["content"]


def test_text_folder_job_equals_cli(tmp_path, spark_session):
    from marsad.spark import run

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "utf8.txt").write_text(TEXTS[0][1], encoding="utf-8")
    (folder / "cp1256.txt").write_bytes(TEXTS[1][1].encode("cp1256"))
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + TEXTS[2][1].encode("utf-16-le"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    paths = sorted(str(p) for p in folder.iterdir())

    expected = _cli([*paths, "--published", "2020-01-01"], tmp_path / "cli.jsonl")
    counts = run(str(folder), str(tmp_path / "out"), spark=spark_session, published="2020-01-01")
    got = _records(tmp_path / "out" / "documents")
    assert set(got) == set(expected) and len(got) == 3
    for doc_id, record in expected.items():
        assert record["meta"]["published"] == "2020-01-01"
        assert got[doc_id] == record, doc_id
    assert {p.name for p in (tmp_path / "out" / "documents").iterdir() if p.is_dir()} == {
        "date=2020-01-01"
    }
    assert counts["problems"] == 1
    problem = pq.read_table(tmp_path / "out" / "problems").to_pylist()[0]
    assert problem["error_code"] == "E101" and problem["origin"].endswith("binary.txt")
