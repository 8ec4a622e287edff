"""Readers for news sources: text, JSON lines, CSV, HTML, feeds, WARC."""
