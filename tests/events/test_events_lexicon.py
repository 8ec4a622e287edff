"""The event resources load, conjugate and match through clitics as documented."""

from __future__ import annotations

from marsad.events.lexicon import conjugate, load_actor_lexicon, load_lexicon, word_variants


def test_verbs_are_conjugated():
    past, present = conjugate("قصف", "يقصف")
    assert {"قصف", "قصفت", "قصفوا"} <= set(past)
    assert {"يقصف", "تقصف", "يقصفون", "تقصفان"} <= set(present)


def test_clitics_are_peeled_for_lookup():
    forms = {v.form for v in word_variants("وللاجتماع")}
    assert "اجتماع" in forms
    forms = {(v.form, v.verb_prefix) for v in word_variants("وسيقصفون")}
    assert ("يقصفون", "س") in forms
    assert any(v.form == "تعتقل" and v.enclitic == "ه" for v in word_variants("تعتقله"))


def test_every_category_has_triggers_and_a_cameo_root():
    from marsad.document import PLOVER_TYPES

    lex = load_lexicon()
    categories = {t.category for ts in lex.words.values() for t in ts} | {
        t.category for ts in lex.phrases.values() for t in ts
    }
    assert set(PLOVER_TYPES) <= categories
    for c in PLOVER_TYPES:
        code = lex.cameo_code(c, None)
        assert code is not None and code.isdigit() and len(code) == 2


def test_nationality_adjectives_and_countries():
    lex = load_actor_lexicon()
    for word, iso in (("التركيه", "TUR"), ("روس", "RUS"), ("فرنسيه", "FRA"), ("مصريين", "EGY")):
        keys = [word] + ([word[2:]] if word.startswith("ال") else [])
        found = {e.country for k in keys for e in lex.entries.get(k, ()) if e.kind == "nat"}
        assert iso in found, word
    assert any(e.kind == "country" and e.country == "SYR" for e in lex.entries["سوريا"])
