"""One settings object for every threshold and default (as trafilatura's config).

Fields are grouped by the part of Marsad that reads them; the prefix names the part.
``Settings.with_overrides(**kw)`` checks names and types and raises E203/E204 with a hint.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import Any

from .errors import MarsadError

DEFAULT_PIPELINE = (
    "sentences",
    "tokens",
    "times",
    "quantities",
    "ner",
    "entities",
    "quotes",
    "events",
)


@dataclass(frozen=True)
class Settings:
    # pipeline ------------------------------------------------------------------------------
    pipeline: tuple[str, ...] = DEFAULT_PIPELINE
    disable: tuple[str, ...] = ()

    # limits (robustness) -------------------------------------------------------------------
    max_chars: int = 2_000_000  # larger documents are refused with E103
    max_sentence_chars: int = 5_000  # longer sentences are cut into pieces for analysis
    time_budget_seconds: float = 30.0  # per document; later components are skipped (W102)
    max_token_chars: int = 200  # longer "words" are kept as one token without analysis
    require_arabic: bool = False  # skip non-Arabic documents with E107 instead of W104
    min_arabic_ratio: float = 0.2  # share of letters that must be Arabic to count as Arabic

    # text layer ----------------------------------------------------------------------------
    fold_ta_marbuta: bool = True  # ة → ه in the matching view
    fold_alef_maqsura: bool = True  # ى → ي in the matching view
    clitic_min_stem: int = 3  # letters a stem keeps after a proclitic is split off
    clitic_max_gap: float = 0.5  # split when zipf(word) - zipf(rest) <= this …
    clitic_article_gap: float = 3.0  # … or this when the rest starts with ال

    # times ---------------------------------------------------------------------------------
    timex_year_window_months: int = 6  # a day-month without year lies at most this far ahead

    # NER -----------------------------------------------------------------------------------
    ner_model: str | None = None  # path to a CRF model; None = the shipped one
    ner_min_confidence: float = 0.0
    ner_known_names: bool = True  # also mark places/organisations/people the gazetteers know
    ner_one_sense: bool = True  # a name found once is found where it recurs in the article

    # entities / linking --------------------------------------------------------------------
    link_min_score: float = 0.5
    link_article_country: bool = True  # unknown people get the country an article is about

    # quotes --------------------------------------------------------------------------------
    quotes_min_content_words: int = 2  # shorter indirect contents are not statements
    quotes_inherit_speaker: bool = True  # وأضاف، مضيفا … take the previous speaker
    quotes_keep_unattributed: bool = True  # keep statements with no speaker (قيل إن …)

    # events --------------------------------------------------------------------------------
    # physical events (assaults, protests, arrests …) below this confidence are dropped: a
    # definite or generic event noun without time, place, casualties or actors is a mention,
    # not a report (precision over recall)
    events_min_confidence: float = 0.7

    # store / api ---------------------------------------------------------------------------
    db: str = "marsad.db"
    batch_size: int = 64
    store_dedup_threshold: float = 0.5  # estimated Jaccard (word 3-grams) for "same story"
    store_minhash_perm: int = 128  # MinHash permutations per document
    store_lsh_bands: int = 32  # LSH bands (128/32 = 4 rows: ~87% recall at Jaccard 0.5)
    store_busy_timeout: float = 30.0  # seconds a SQLite writer waits for another one
    api_max_body_bytes: int = 5_000_000
    api_read_requires_token: bool = False
    api_cors_origins: tuple[str, ...] = ()  # CORS is off unless origins are listed
    api_page_size: int = 50  # default items per page of a list endpoint
    api_max_page_size: int = 500  # larger ?limit= values are refused (E504)
    api_max_batch: int = 1000  # documents per POST /documents
    api_extract_wait_seconds: float = 120.0  # queueing for the extractor longer than this: E508
    api_extract_processes: int = 0  # >0: extract in worker processes (budget enforced)
    api_max_concurrent_per_client: int = 2  # extractions in flight per client address: E509

    extra: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **overrides: Any) -> Settings:
        names = {f.name: f for f in dataclasses.fields(self)}
        clean: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "see marsad.settings.Settings"
                raise MarsadError("E203", f"'{key}': {hint}")
            current = getattr(self, key)
            if isinstance(current, tuple) and isinstance(value, list | tuple | str):
                value = (value,) if isinstance(value, str) else tuple(value)
            elif isinstance(current, bool) and not isinstance(value, bool):
                raise MarsadError("E204", f"'{key}' must be true or false, got {value!r}")
            elif isinstance(current, int | float) and not isinstance(current, bool):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise MarsadError("E204", f"'{key}' must be a number, got {value!r}")
            clean[key] = value
        return dataclasses.replace(self, **clean)
