"""Quantities: Arabic numbers, amounts and counted nouns."""
