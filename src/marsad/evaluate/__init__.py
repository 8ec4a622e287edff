"""Evaluation: CoNLL/BIO NER files, whole-article gold (spec GOLD.md), PLOVER sentence gold.

Each scorer returns plain dicts of figures so the CLI can print a table or write JSON, and
the quality gate in the tests can pin floors.
"""

from .metrics import PRF

__all__ = ["PRF"]
