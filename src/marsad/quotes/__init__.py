"""Reported speech: who said what, direct and indirect."""
