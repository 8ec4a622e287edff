"""The editable event resources (``resources/events/*.tsv``) loaded into matchers.

Triggers, context groups, CAMEO codes, countries (names, nationality adjectives, places)
and actor nouns are data that linguists edit; this module only expands and indexes them:
verb rows are conjugated, adjectives get their feminine and plural forms, and every word
can be looked up through the clitic variants of a token (``word_variants``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import read_tsv
from ..text.normalize import normalize_string

# Proclitics that may precede a verb form / a noun form.
_CONJ = ("و", "ف")
_VERB_PREFIX = ("س", "ل")
_NOUN_PREFIX = ("ب", "ل", "ك")
_ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه", "ي")

PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "تما")
PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES = ("", "ون", "ان", "وا", "ن", "ين")


def norm(s: str) -> str:
    return normalize_string(s.strip())


@dataclass(frozen=True, slots=True)
class Variant:
    """One reading of a token: the bare form and what was stripped to get it."""

    form: str
    article: bool  # ال (or لل) was stripped: a noun reading
    noun_prefix: str  # ب ل ك stripped ("" if none)
    verb_prefix: str  # س ل stripped
    enclitic: str
    accusative: bool = False  # an indefinite accusative alif was dropped (صحفيا → صحفي)


@lru_cache(maxsize=100_000)
def word_variants(w: str) -> tuple[Variant, ...]:
    """Readings of a normalised word with clitics peeled off, most literal first."""
    out: list[Variant] = []
    seen: set[tuple[str, bool, str, str, str]] = set()

    def add(
        form: str, article: bool, nprefix: str, vprefix: str, enc: str, acc: bool = False
    ) -> None:
        if len(form) < 2:
            return
        key = (form, article, nprefix, vprefix, enc)
        if key not in seen:
            seen.add(key)
            out.append(Variant(form, article, nprefix, vprefix, enc, acc))

    bases = [w]
    if len(w) > 3 and w[0] in _CONJ:
        bases.append(w[1:])
    for b in bases:
        add(b, False, "", "", "")
        # verb readings: س / ل + imperfect
        if len(b) > 3 and b[0] in _VERB_PREFIX and b[1] in "يتنا":
            add(b[1:], False, "", b[0], "")
        # noun readings: (ب ل ك) + (ال)
        rest_list = [("", b)]
        if len(b) > 3 and b[0] in _NOUN_PREFIX:
            rest_list.append((b[0], b[1:]))
        for nprefix, rest in rest_list:
            if nprefix == "ل" and rest.startswith("ل") and len(rest) > 3:
                add(rest[1:], True, nprefix, "", "")  # لل = ل + ال
            if rest.startswith("ال") and len(rest) > 3:
                add(rest[2:], True, nprefix, "", "")
            if nprefix:
                add(rest, False, nprefix, "", "")
    # indefinite accusative alif (عفوا، صحفيا، قاضيا)
    for v in list(out):
        if v.form.endswith("ا") and len(v.form) >= 4 and not v.verb_prefix:
            add(v.form[:-1], v.article, v.noun_prefix, "", v.enclitic, True)
    # enclitic pronouns (قصفها، تعتقله، دعمهم)
    for v in list(out):
        if v.article:
            continue
        for enc in _ENCLITICS:
            if v.form.endswith(enc) and len(v.form) - len(enc) >= 3:
                stem = v.form[: -len(enc)]
                add(stem, False, v.noun_prefix, v.verb_prefix, enc)
                if stem.endswith("ت"):
                    add(stem[:-1] + "ه", False, v.noun_prefix, v.verb_prefix, enc)
    return tuple(out)


# ------------------------------------------------------------------------ triggers
@dataclass(frozen=True, slots=True)
class Trigger:
    category: str
    mode: str | None
    pos: str  # V (verb) | N (noun)
    flags: frozenset[str]
    present: bool = False  # an imperfect verb form
    rest: tuple[frozenset[str], ...] = ()  # further words of a phrase

    def flag_values(self, name: str) -> list[str]:
        prefix = name + ":"
        return [f[len(prefix) :] for f in self.flags if f.startswith(prefix)]


@dataclass
class Lexicon:
    words: dict[str, list[Trigger]] = field(default_factory=lambda: defaultdict(list))
    phrases: dict[str, list[Trigger]] = field(default_factory=lambda: defaultdict(list))
    groups: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(list))
    cameo: dict[tuple[str, str], str] = field(default_factory=dict)

    _index: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)

    def group_index(self, group: str) -> dict[str, list[tuple[str, ...]]]:
        """The words of a context group keyed by their first word (built once)."""
        if group not in self._index:
            by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
            for words in self.groups.get(group, ()):
                by_first[words[0]].append(words)
            self._index[group] = dict(by_first)
        return self._index[group]

    def cameo_code(self, category: str, mode: str | None) -> str | None:
        return self.cameo.get((category, mode or "")) or self.cameo.get((category, ""))


def conjugate(past: str, present: str) -> tuple[list[str], list[str]]:
    past_forms = [past + s for s in PAST_SUFFIXES]
    stem = present[1:] if present[:1] in PRESENT_PREFIXES else present
    present_forms = [p + stem + s for p in PRESENT_PREFIXES for s in PRESENT_SUFFIXES]
    return past_forms, present_forms


def _looks_nominal(form: str, heads: set[str]) -> bool:
    """Whether the first word of a phrase is a noun (a verbal noun) rather than a verb."""
    return form in heads


def _alts(cell: str) -> list[str]:
    return [norm(x) for x in cell.split("|") if x.strip()]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lex = Lexicon()
    for group, word in read_tsv("events/context.tsv"):
        lex.groups[group.strip()].append(tuple(norm(word).split()))
    heads = {w[0] for w in lex.groups.get("nominal_head", ())}
    for row in read_tsv("events/triggers.tsv"):
        row = row + [""] * (5 - len(row))
        form, pos, category, mode, flags = (c.strip() for c in row[:5])
        fl = frozenset(f.strip() for f in flags.split(",") if f.strip())
        mode_v = mode or None
        if pos == "V":
            past, present = form.split("|")
            past_forms, present_forms = conjugate(norm(past), norm(present))
            for f in past_forms:
                lex.words[f].append(Trigger(category, mode_v, "V", fl))
            for f in present_forms:
                if f not in past_forms:  # تظاهر is past (and present) — read it as past
                    lex.words[f].append(Trigger(category, mode_v, "V", fl, present=True))
        elif pos in ("W", "N"):
            for f in _alts(form):
                present = pos == "W" and f[:1] in "يت" and len(f) >= 4
                lex.words[f].append(
                    Trigger(category, mode_v, "V" if pos == "W" else "N", fl, present)
                )
        elif pos == "P":
            words = form.split()
            rest = tuple(frozenset(_alts(w)) for w in words[1:])
            for f in _alts(words[0]):
                pos_f = "N" if _looks_nominal(f, heads) else "V"
                present = pos_f == "V" and f[:1] in "يت" and len(f) > 3
                lex.phrases[f].append(Trigger(category, mode_v, pos_f, fl, present, rest))
    for row in read_tsv("events/cameo.tsv"):
        row = row + [""] * (3 - len(row))
        lex.cameo[(row[0].strip(), row[1].strip())] = row[2].strip()
    return lex


# ------------------------------------------------------------------------ actors
@dataclass(frozen=True, slots=True)
class ActorWord:
    """A lexicon entry for actors: a noun phrase (``words``) with its sector and country
    rule, a nationality adjective, a country name or a place."""

    words: tuple[str, ...]
    kind: str  # noun | adj | nat | country | place
    sector: str | None
    country: str | None  # ISO3, "main" or None
    flags: frozenset[str] = frozenset()


def adjective_forms(base: str) -> list[str]:
    """Masc./fem. singular, dual and sound plurals of a nisba adjective (تركي → تركيه …)."""
    out = [
        base,
        base + "ه",
        base + "ون",
        base + "ين",
        base + "ان",
        base + "تين",
        base + "تان",
        base + "ات",
    ]
    if base.endswith("ي"):
        out.append(base[:-1] + "يه")
    return out


@dataclass
class ActorLexicon:
    entries: dict[str, list[ActorWord]] = field(default_factory=lambda: defaultdict(list))
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 -> Arabic name

    def add(self, words: tuple[str, ...], entry: ActorWord) -> None:
        self.entries[words[0]].append(entry)


@lru_cache(maxsize=1)
def load_actor_lexicon() -> ActorLexicon:
    lex = ActorLexicon()
    for row in read_tsv("events/countries.tsv"):
        row = row + [""] * (5 - len(row))
        iso, names, adjectives, plurals, places = (c.strip() for c in row[:5])
        for i, name in enumerate(_alts(names)):
            words = tuple(name.split())
            lex.add(words, ActorWord(words, "country", "GOV", iso))
            if i == 0:
                lex.country_names[iso] = name
        for adj in _alts(adjectives):
            words = adj.split()
            for f in adjective_forms(words[0]):
                w = (f, *[norm(x) for x in words[1:]])
                plural = (
                    frozenset({"plural"})
                    if f in (words[0] + "ون", words[0] + "ين")
                    else frozenset()
                )
                lex.add(w, ActorWord(w, "nat", None, iso, plural))
        for pl in _alts(plurals):
            w = tuple(pl.split())
            lex.add(w, ActorWord(w, "nat", None, iso, frozenset({"plural"})))
        for place in _alts(places):
            w = tuple(place.split())
            lex.add(w, ActorWord(w, "place", None, iso))
    for row in read_tsv("events/sectors.tsv"):
        row = row + [""] * (4 - len(row))
        form, sector, country, flags = (c.strip() for c in row[:4])
        fl = frozenset(f for f in flags.split(",") if f)
        c = None if country == "none" else country
        if "adj" in fl:
            kind = "nat" if "nat" in fl else "adj"
            base = norm(form)
            for f in adjective_forms(base) if base.endswith("ي") else [base]:
                plural = (
                    {"plural"}
                    if f in (base + "ون", base + "ين") or not base.endswith("ي")
                    else set()
                )
                lex.add((f,), ActorWord((f,), kind, sector, c, fl | plural))
        else:
            w = tuple(norm(form).split())
            lex.add(w, ActorWord(w, "noun", sector, c, fl))
    for key in lex.entries:
        lex.entries[key].sort(key=lambda e: -len(e.words))
    return lex
