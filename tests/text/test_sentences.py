from __future__ import annotations

from marsad.text import split_sentences


def parts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_arabic_punctuation_ends_sentences_but_commas_do_not():
    text = "قال الوزير، في بيان، إن الوضع صعب. هل انتهت الحرب؟ لا! بل مستمرة…"
    assert parts(text) == [
        "قال الوزير، في بيان، إن الوضع صعب.",
        "هل انتهت الحرب؟",
        "لا!",
        "بل مستمرة…",
    ]


def test_decimals_and_abbreviations_do_not_split():
    text = "ارتفع النمو إلى 3.5 في المئة. وقال د. أحمد إن ذلك جيد."
    assert parts(text) == ["ارتفع النمو إلى 3.5 في المئة.", "وقال د. أحمد إن ذلك جيد."]


def test_closing_quote_stays_with_its_sentence():
    text = "وقال «لن نتراجع.» ثم غادر القاعة."
    assert parts(text) == ["وقال «لن نتراجع.»", "ثم غادر القاعة."]


def test_lines_without_full_stops_are_sentences():
    text = "عناوين اليوم\nمقتل خمسة أشخاص في حلب\nاجتماع في أنقرة"
    assert parts(text) == ["عناوين اليوم", "مقتل خمسة أشخاص في حلب", "اجتماع في أنقرة"]


def test_full_stop_inside_short_brackets_does_not_split():
    text = "وصل الوفد (برئاسة د. سامي. والوزير) إلى العاصمة. ثم بدأ الاجتماع."
    assert parts(text) == ["وصل الوفد (برئاسة د. سامي. والوزير) إلى العاصمة.", "ثم بدأ الاجتماع."]


def test_spans_exclude_surrounding_space_and_long_sentences_are_cut():
    text = "  كلمة " * 3000
    sentences = split_sentences(text, max_chars=500)
    assert all(s.end - s.start <= 500 for s in sentences)
    assert all(not text[s.start].isspace() and not text[s.end - 1].isspace() for s in sentences)


def test_a_lost_space_after_a_full_stop_still_ends_the_sentence():
    text = "وصل الوفد إلى الأردن.وفي عمان التقى الملك. وقال د.أحمد إن الزيارة مهمة."
    assert parts(text) == [
        "وصل الوفد إلى الأردن.",
        "وفي عمان التقى الملك.",
        "وقال د.أحمد إن الزيارة مهمة.",
    ]
