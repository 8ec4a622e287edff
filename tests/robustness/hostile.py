"""Generate the hostile-input corpus: what the web feeds a monitor, at its worst.

    python tests/robustness/hostile.py OUTDIR

Every file is made here from short texts written for this purpose (no downloaded data), so
the corpus is reproducible (fixed random seed) and nothing large is committed. ``CASES``
says, per file, what ``marsad extract`` must do with it: ``ok`` (extracted), or the code
it is skipped with (an input problem ``E10x`` or a document error).
"""

from __future__ import annotations

import codecs
import gzip
import random
import sys
import unicodedata
from pathlib import Path

import orjson

ARABIC = (
    "قال وزير الخارجية إن المحادثات بين الطرفين ستستأنف في جنيف يوم الاثنين المقبل. "
    "وأضاف أن الحكومة مستعدة لوقف إطلاق النار إذا التزمت الفصائل المسلحة بالانسحاب من المدينة. "
    "وذكرت وكالة الأنباء أن 12 شخصا قتلوا وأصيب 30 آخرون في قصف على حلب أمس.\n"
)
PERSIAN = (
    "وزیر امور خارجه ایران روز دوشنبه گفت که مذاکرات هسته‌ای در ژنو ادامه خواهد یافت. "
    "او افزود که دولت آماده است گام‌های تازه‌ای بردارد.\n"
)
URDU = (
    "پاکستان کے وزیر اعظم نے کہا ہے کہ حکومت مہنگائی پر قابو پانے کے لیے نئے اقدامات کرے گی۔ "
    "انہوں نے یہ بات اسلام آباد میں ایک پریس کانفرنس سے خطاب کرتے ہوئے کہی۔\n"
)
ENGLISH = (
    "The foreign minister said talks would resume in Geneva on Monday. Twelve people were killed.\n"
)

# file name -> expected outcome: "ok", or the error code it is skipped with
CASES: dict[str, str] = {}


def _presentation_forms(text: str) -> str:
    """The text written with isolated presentation forms (as some old PDFs and sites do)."""
    forms: dict[str, str] = {}
    for cp in range(0xFE70, 0xFEFF):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        if name.endswith("ISOLATED FORM"):
            base = unicodedata.normalize("NFKC", ch)
            if len(base) == 1:
                forms.setdefault(base, ch)
    return "".join(forms.get(c, c) for c in text).replace("لا", "ﻻ")


def make(folder: str | Path) -> dict[str, str]:
    """Write the corpus into ``folder``; returns CASES (file name -> expected outcome)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20161213)
    cases: dict[str, str] = {}

    def put(name: str, data: bytes | str, expect: str) -> None:
        (out / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[name] = expect

    utf8 = ARABIC.encode("utf-8")
    # encodings
    put("utf8_bom.txt", codecs.BOM_UTF8 + utf8, "ok")
    put("utf16_le_bom.txt", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "ok")
    put("utf16_be_bom.txt", codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "ok")
    put("windows1256.txt", ARABIC.encode("cp1256"), "ok")
    put("invalid_utf8.txt", utf8[:41] + b"\xff\xfe" + utf8[41:], "E101")
    put(
        "truncated_utf8.txt", (ARABIC.strip() + " حلب").encode("utf-8")[:-1], "E101"
    )  # last letter cut
    put("mixed_utf8_windows1256.txt", utf8 + ARABIC.encode("cp1256"), "E101")
    put("utf16_without_bom.txt", ARABIC.encode("utf-16-le"), "E101")
    put("nul_bytes.txt", utf8[:100] + b"\x00\x00" + utf8[100:], "E101")
    # binary files with a .txt name
    put("binary_random.txt", bytes(rng.randrange(256) for _ in range(8192)), "E101")
    put(
        "binary_png.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000)),
        "E101",
    )
    put("binary_gzip.txt", gzip.compress(utf8 * 20, mtime=0), "E101")
    # empty and blank
    put("empty.txt", b"", "E102")
    put("whitespace_only.txt", " \t\n\r\n\u00a0\u2003\u3000\n" * 50, "E102")
    # size
    put(
        "one_20mb_line.txt",
        (ARABIC.replace("\n", " ") * (20_000_000 // len(utf8) + 1))
        .encode()[:20_000_000]
        .decode("utf-8", "ignore"),
        "E103",
    )
    put(
        "tiny_lines_100k.txt",
        "".join(
            rng.choice(("نعم\n", "لا\n", "حلب\n", "٣\n", ".\n", "قال\n")) for _ in range(100_000)
        ),
        "ok",
    )
    put("long_line_no_punctuation.txt", " ".join(ARABIC.replace(".", "").split()) * 2000, "ok")
    # HTML
    put("nested_html.txt", "<div>" * 20_000 + ARABIC + "<span>" * 5_000, "ok")
    put(
        "unclosed_html.txt",
        "<html><body><p>" + ARABIC + "<p><b><i>" + ARABIC + "<script>var x = '«';" + "<a href='",
        "ok",
    )
    # invisible and directional characters
    bidi = "\u202e" + ARABIC[:60] + "\u202c\u2066" + ARABIC[60:120] + "\u2069\u200f\u200e"
    put(
        "bidi_zero_width.txt",
        bidi + "\u200b".join(ARABIC[120:].split(" ")) + "\u200d\ufeff\u2060",
        "ok",
    )
    put("presentation_forms.txt", _presentation_forms(ARABIC), "ok")
    put("diacritics_tatweel.txt", "قــــالَ الوَزِيـــرُ إِنَّ المُحَادَثَاتِ سَتُسْتَأْنَفُ فِي جِنِيفَ. " * 20, "ok")
    # other languages and scripts
    put("persian.txt", PERSIAN * 5, "ok")
    put("urdu.txt", URDU * 5, "ok")
    put("english_only.txt", ENGLISH * 5, "ok")
    put("digits_only.txt", "0123456789 ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹\n" * 200, "ok")
    put("punctuation_only.txt", "!?.،؛؟«»\"'()[]{}…—-–:;,\n" * 200, "ok")
    put("emoji.txt", "😀🇸🇾👍🏽‍♂️🔥 " * 300 + ARABIC + "👨‍👩‍👧‍👦" * 100, "ok")
    # quotation marks
    put(
        "unpaired_quotes.txt",
        "قال الوزير: «" + ARABIC + ' وأضاف "' + ARABIC + "» » « “" + ARABIC,
        "ok",
    )
    put(
        "ten_thousand_quotes.txt",
        "قال " + '"' * 10_000 + " " + "« " * 5_000 + ARABIC + "»" * 3_000,
        "ok",
    )
    put("quote_per_word.txt", " ".join(f'"{w}"' for w in (ARABIC * 50).split()), "ok")
    # extremely long words
    put("long_arabic_word.txt", ARABIC + "ب" * 100_000 + " " + ARABIC, "ok")
    put("long_latin_word.txt", ARABIC + "a" * 200_000 + " " + ARABIC, "ok")
    put("long_number.txt", ARABIC + "9" * 50_000 + " " + "1." * 20_000 + ARABIC, "ok")
    put("long_mixed_token.txt", ARABIC + ("بa٣" * 30_000) + " " + ARABIC, "ok")
    # JSON Lines with broken records (one file, each line an item)
    lines = [
        orjson.dumps({"id": "good", "text": ARABIC, "published": "2016-12-13"}),
        b"{not json at all",
        orjson.dumps({"id": "no-text"}),
        orjson.dumps({"id": "number-text", "text": 42}),
        b'{"id": "lone-surrogate", "text": "\\ud800 \\u0642\\u0627\\u0644"}',
        orjson.dumps({"id": "nul-in-text", "text": ARABIC[:50] + "\x00" + ARABIC[50:]}),
        orjson.dumps({"id": "bad-date", "text": ARABIC, "published": "2016-13-45"}),
        orjson.dumps({"id": "huge-title", "text": ARABIC, "title": "ع" * 100_000}),
        orjson.dumps([1, 2, 3]),
        b"\xff\xfe garbage bytes",
    ]
    put("records.jsonl", b"\n".join(lines) + b"\n", "ok")
    CASES.clear()
    CASES.update(cases)
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tests/robustness/hostile.py OUTDIR")
    for name, expect in make(sys.argv[1]).items():
        print(f"{expect:5} {name}")
