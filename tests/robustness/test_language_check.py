"""Documents that are not Arabic are said to be so (W104), or skipped with the reason (E107)
when settings.require_arabic; Persian and Urdu share the script but not the language."""

from __future__ import annotations

import pytest
from hostile import ARABIC, ENGLISH, PERSIAN, URDU

import marsad
from marsad.pipeline import script_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ARABIC, "ar"),
        (PERSIAN, "fa"),
        (URDU, "ur"),
        ("زار الوزير بيروت وغزة وپاريس وگوتنبرغ أمس. " * 3, "ar"),
    ],
)
def test_script_language(text, language):
    assert script_language(text) == language


def test_non_arabic_documents_are_skipped_with_the_reason_when_required():
    strict = marsad.load(require_arabic=True)
    for text, reason in ((PERSIAN, "Persian"), (URDU, "Urdu"), (ENGLISH, "Arabic letters")):
        doc = strict(text)
        assert doc.error is not None and doc.error.code == "E107" and reason in doc.error.message
    assert strict(ARABIC).error is None
