"""The cue lexicon and word classes of reported speech, read from editable TSV resources.

``quotes/cues.tsv`` lists cue forms with their class and kind; ``quotes/words.tsv`` the word
classes the finder needs (titles, sources, time words …). Both are matched on the
normalised view, after stripping the conjunctions و/ف (and ب/ل where a form allows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import read_tsv
from ..text import normalize_string

KINDS = (
    "verb",
    "verb-imperfect",
    "transmit",
    "participle",
    "passive",
    "background",
    "source",
    "noun",
)

# Pronoun endings that a complementiser (أن، إن، بأن …) may carry.
COMPLEMENTISER_SUFFIXES = ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "كم")
# Prepositions that introduce a cue's content or object (أشار إلى، أعرب عن، حذر من …).
CONTENT_PREPOSITIONS = frozenset({"الي", "عن", "من", "علي"})
# Prepositions that attach a place or body to an unnamed source (مصدر في المعارضة …).
SOURCE_PREPOSITIONS = frozenset({"في", "من", "داخل", "لدي", "ب"})
FUNCTION_WORDS = frozenset(
    normalize_string(w)
    for w in [
        "في",
        "من",
        "إلى",
        "الى",
        "عن",
        "على",
        "مع",
        "أن",
        "إن",
        "ان",
        "بأن",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هو",
        "هي",
        "هم",
        "ما",
        "لا",
        "لم",
        "لن",
        "قد",
        "التي",
        "الذي",
        "الذين",
        "كل",
        "بعد",
        "قبل",
        "حتى",
        "أو",
        "أم",
        "ثم",
        "بل",
        "غير",
        "دون",
        "خلال",
        "عبر",
        "حول",
        "ضد",
        "منذ",
        "لدى",
        "عند",
        "وهو",
        "وهي",
        "كما",
        "أي",
        "إذا",
        "اذا",
        "لو",
        "إذ",
        "حيث",
        "بين",
        "أمام",
        "وراء",
        "تحت",
        "فوق",
        "بشأن",
        "إزاء",
        "نحو",
        # prepositions carrying a pronoun (قال عنها …، أكد له …)
        "عنه",
        "عنها",
        "عنهم",
        "عنهما",
        "له",
        "لها",
        "لهم",
        "لهما",
        "لنا",
        "لي",
        "منه",
        "منها",
        "منهم",
        "إليه",
        "إليها",
        "إليهم",
        "عليه",
        "عليها",
        "عليهم",
        "فيه",
        "فيها",
        "فيهم",
        "معه",
        "معها",
        "معهم",
        "به",
        "بها",
        "بهم",
    ]
)


@dataclass(frozen=True, slots=True)
class CueForm:
    lemma: str
    cls: str
    kind: str


@dataclass(slots=True)
class Lexicon:
    cues: dict[str, CueForm] = field(default_factory=dict)  # one-word forms
    multi: dict[tuple[str, ...], CueForm] = field(default_factory=dict)  # multiword forms
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def cue(self, norm: str) -> CueForm | None:
        return self.cues.get(norm)

    def is_(self, norm: str, cls: str) -> bool:
        return cls in self.words.get(norm, ())


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    lex = Lexicon()
    for row in read_tsv("quotes/cues.tsv"):
        if len(row) < 4:
            continue
        lemma, cls, kind, forms = (c.strip() for c in row[:4])
        if kind not in KINDS:
            continue
        entry = CueForm(lemma, cls, kind)
        for form in forms.split():
            parts = tuple(normalize_string(p) for p in form.split("_"))
            if len(parts) == 1:
                # an impersonal reading (يذكر أن، يشار) is listed on purpose: it wins
                if kind in ("background", "passive") or parts[0] not in lex.cues:
                    lex.cues[parts[0]] = entry
            else:
                lex.multi.setdefault(parts, entry)
    words: dict[str, set[str]] = {}
    for row in read_tsv("quotes/words.tsv"):
        if len(row) < 2:
            continue
        word, cls = normalize_string(row[0].strip().replace("_", " ")), row[1].strip()
        words.setdefault(word, set()).add(cls)
    lex.words = {w: frozenset(c) for w, c in words.items()}
    return lex
