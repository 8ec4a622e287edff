from __future__ import annotations

import pytest

from marsad.text import normalize, normalize_string


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("أحمد", "احمد"),
        ("إسطنبول", "اسطنبول"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مصطفى", "مصطفي"),
        ("مدرسة", "مدرسه"),
        ("مُحَمَّدٌ", "محمد"),
        ("جـــميل", "جميل"),
        ("ایران", "ايران"),  # Persian yeh
        ("کابل", "كابل"),  # keheh
        ("١٤/١٢/٢٠١٦", "14/12/2016"),
        ("۱۳۹۵", "1395"),
        ("٣٫٥", "3.5"),
        ("ﻻ", "لا"),  # presentation form, one character becomes two
        ("ﺍﻟﺴﻼﻡ", "السلام"),
        ("حل\u200fب", "حلب"),  # bidi mark
        ("UN Security", "un security"),
    ],
)
def test_matching_form(raw: str, folded: str):
    assert normalize_string(raw) == folded


def test_ta_marbuta_folding_is_an_option():
    assert normalize_string("مدرسة", fold_ta_marbuta=False) == "مدرسة"


def test_offset_map_points_back_to_the_original():
    text = "قالَ الرئيـس \u200fﻻ يوجد ١٢ شخصاً"
    norm = normalize(text)
    assert norm.text == "قال الرييس لا يوجد 12 شخصا".replace("الرييس", "الرئيس")
    i = norm.text.index("الرئيس")
    s, e = norm.to_original(i, i + len("الرئيس"))
    assert text[s:e] == "الرئيـس"
    i = norm.text.index("لا")
    assert norm.to_original(i, i + 1) == norm.to_original(i + 1, i + 2)  # both halves of ﻻ
    s, e = norm.to_original(i, i + 2)
    assert text[s:e] == "ﻻ"
    i = norm.text.index("12")
    s, e = norm.to_original(i, i + 2)
    assert text[s:e] == "١٢"


def test_plain_text_keeps_identity_offsets():
    norm = normalize("قال الرئيس")
    assert norm.starts is None
    assert norm.to_original(4, 10) == (4, 10)
