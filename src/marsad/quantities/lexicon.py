"""Language data for quantities (``resources/quantities``), normalised and compiled once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..resources import read_tsv
from ..text import normalize_string

START = r"(?<![\p{L}\p{N}])"
END = r"(?![\p{L}\p{N}])"


def alt(forms) -> str:
    """A regex alternation of literal forms, longest first, spaces matching any blank."""
    uniq = sorted({f for f in forms if f}, key=lambda s: (-len(s), s))
    return "(?:" + "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in uniq) + ")"


@dataclass
class Lexicon:
    numbers: dict[str, tuple[float, str]]  # form -> (value, kind)
    teen_units: dict[str, float]
    vague: dict[str, tuple[int, int]]
    bounds_before: dict[str, str]
    bounds_after: dict[str, str]
    nouns: dict[str, tuple[str, bool]]  # form -> (category, is_dual)
    context_before: dict[str, str]
    context_after: dict[str, str]
    labels: frozenset[str]
    stop: frozenset[str]
    number_re: regex.Pattern
    token_re: regex.Pattern
    bound_before_re: regex.Pattern
    bound_after_re: regex.Pattern
    noun_re: regex.Pattern
    dual_re: regex.Pattern
    one_re: regex.Pattern
    context_before_re: regex.Pattern
    context_after_re: regex.Pattern
    norm: object


# Words after a number that are not what it counts.
_STOP = (
    "في من على الى إلى عن مع او أو ثم قد لا لم لن ان أن إن هذا هذه ذلك تلك التي الذي الذين "
    "اللذين اللتين كما حيث بعد قبل منذ خلال حتى عند نحو بين ضد دون عبر حول فقط وفق لدى "
    "مقابل بينما بينهم منهم منها فيها فيه عليه عليها اليه إليه وهو وهي هو هي هم كان كانت "
    "و ف ب ل يوم أيام بحسب حسب وفق وفقا طبقا نقلا منهم بينهم أمس اليوم غدا فيما بينما لكن "
    "إضافة بالإضافة الأولى الأول الأخيرة الأخير الأخرى أخرى آخر الماضية الماضي المقبلة "
    "المقبل فقط الكبرى الكبار أنا أنت أنتم نحن هما هن زائد ناقص عندما حين حينما إذ إذا لو "
    "كي لكي بلغ بلغت وصل وصلت جار جارية تقريبا أيضا منذ ولكن لأن بسبب"
)


@lru_cache(maxsize=4)
def lexicon(fold_ta_marbuta: bool = True, fold_alef_maqsura: bool = True) -> Lexicon:
    def norm(s: str) -> str:
        return normalize_string(
            s.strip(), fold_ta_marbuta=fold_ta_marbuta, fold_alef_maqsura=fold_alef_maqsura
        )

    numbers: dict[str, tuple[float, str]] = {}
    teen_units: dict[str, float] = {}
    for f, v, kind in read_tsv("quantities/numbers.tsv"):
        if kind == "teen_unit":
            teen_units[norm(f)] = float(v)
        else:
            numbers[norm(f)] = (float(v), kind)
    vague = {norm(f): (int(lo), int(hi)) for f, lo, hi in read_tsv("quantities/vague.tsv")}
    bounds_before: dict[str, str] = {}
    bounds_after: dict[str, str] = {}
    for f, pos, b in read_tsv("quantities/bounds.tsv"):
        (bounds_before if pos == "before" else bounds_after)[norm(f)] = b
    nouns = {norm(f): (c, d == "1") for f, c, d in read_tsv("quantities/nouns.tsv")}
    context_before: dict[str, str] = {}
    context_after: dict[str, str] = {}
    for f, c, pos in read_tsv("quantities/context.tsv"):
        (context_before if pos == "before" else context_after)[norm(f)] = c
    labels = frozenset(norm(r[0]) for r in read_tsv("quantities/labels.tsv"))

    ashr = alt([norm("عشر"), norm("عشرة")])
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
    word = alt(list(numbers) + list(vague))
    teen = f"{alt(teen_units)}\\s+{ashr}"
    # with the article only the small numbers that precede a noun: الثلاث نقاط، الخمسة الكبار
    definite = alt(w for w, (v, k) in numbers.items() if k == "unit" and 3 <= v <= 10)
    tok = f"(?:{digits}|{teen}{END}|ال{definite}{END}|{word}{END})"
    number_re = regex.compile(
        # ب ل ك only before digits, the article or a long number word (لست is "I am not")
        f"{START}(?:[وف](?=\\p{{L}}|\\d))?(?:[بلك](?=\\d|ال|\\p{{L}}{{4}}))?"
        f"(?P<core>{tok}(?:(?:\\s+و\\s*|\\s*و(?=\\d)|\\s+){tok})*)"
    )
    bound_before_re = regex.compile(f"{START}[وف]?(?P<b>{alt(bounds_before)})\\s*(?:ال)?\\s*$")
    bound_after_re = regex.compile(f"\\s*(?P<b>{alt(bounds_after)}){END}")
    noun_forms = list(nouns)
    noun_re = regex.compile(
        f"(?P<pre>\\s*(?:{norm('من')}\\s+)?)(?P<noun>(?:[وبل]?ال|[بل])?{alt(noun_forms)}ا?){END}"
        f"|(?P<pre2>\\s*)(?P<sym>[%٪])"
    )
    dual_forms = [f for f, (_c, d) in nouns.items() if d]
    dual_re = regex.compile(
        f"{START}(?:[وف](?=\\p{{L}}))?(?:[بلك](?=ال))?(?P<noun>(?:ال)?{alt(dual_forms)}){END}"
    )
    # شخص واحد، قتيل واحد: "one" follows its noun
    single_forms = [
        f for f, (c, d) in nouns.items() if not d and " " not in f and c not in ("percent",)
    ]
    one = alt([norm("واحد"), norm("واحدة")])
    one_re = regex.compile(
        f"{START}(?:[وف](?=\\p{{L}}))?(?:[بلك](?=ال))?(?P<noun>(?:ال)?{alt(single_forms)})"
        f"\\s+(?P<one>(?:ال)?{one}){END}"
    )
    context_before_re = regex.compile(f"{START}[وف]?(?P<c>{alt(context_before)}){END}")
    # up to two words may come between the noun and the verb: 9 أشخاص لقوا حتفهم
    context_after_re = regex.compile(
        f"^(?:\\s+[\\p{{L}}]+){{0,2}}?\\s*(?P<c>{alt(context_after)}){END}"
    )
    return Lexicon(
        numbers=numbers,
        teen_units=teen_units,
        vague=vague,
        bounds_before=bounds_before,
        bounds_after=bounds_after,
        nouns=nouns,
        context_before=context_before,
        context_after=context_after,
        labels=labels,
        stop=frozenset(norm(w) for w in _STOP.split()),
        number_re=number_re,
        token_re=regex.compile(f"(?:و(?=\\p{{L}}))?(?P<t>{tok})"),
        bound_before_re=bound_before_re,
        bound_after_re=bound_after_re,
        noun_re=noun_re,
        dual_re=dual_re,
        one_re=one_re,
        context_before_re=context_before_re,
        context_after_re=context_after_re,
        norm=norm,
    )
