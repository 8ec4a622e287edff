"""Coded errors and warnings. Each code says what went wrong and what to do about it.

Codes: E1xx input, E2xx pipeline configuration, E3xx resources and models, E4xx store,
E5xx API; W1xx warnings attached to a document (``Document.warnings``).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # input
    "E101": "The input could not be decoded as text. Give UTF-8, UTF-16 with a BOM or windows-1256.",
    "E102": "The document is empty (no characters after decoding).",
    "E103": "The document is larger than the limit (settings.max_chars). Split it or raise the limit.",
    "E104": "A JSON line could not be parsed. Each line must be one JSON object with a 'text' field.",
    "E105": "A JSON record has no usable 'text' field (a non-empty string).",
    "E106": "The file could not be read.",
    "E107": "The document is not in Arabic; it was skipped (settings.require_arabic).",
    "E108": "The 'published' value is not an ISO 8601 date (YYYY-MM-DD or a datetime).",
    "E109": "The input format is not supported.",
    "E110": "A CSV file has no text column; name it with --text-column (or column mapping).",
    "E111": "A feed, HTML page or WARC archive could not be parsed.",
    "E112": "This input format needs an optional package: pip install 'marsad[html]'.",
    "E113": "No file matches this path or pattern.",
    # pipeline
    "E201": "A pipeline component needs a layer that no earlier component provides.",
    "E202": "Unknown pipeline component name.",
    "E203": "Unknown setting name.",
    "E204": "A setting has a value of the wrong type or out of range.",
    # resources
    "E301": "A language resource file is missing or malformed. Run 'marsad resources build' or reinstall.",
    "E302": "The NER model is missing. Run 'marsad train ner' or reinstall the package.",
    # store
    "E401": "The database file is not a Marsad store (or is corrupted).",
    "E402": "The database URL is not supported. Use a file path (SQLite) or postgresql://…",
    "E403": "The store is locked by another writer; try again when it finishes.",
    "E404": "No such document in the store.",
    "E405": "A document with this id but a different text is already stored; give another id.",
    "E406": "The store was made by a newer Marsad (schema version); upgrade Marsad to open it.",
    "E407": "The database server could not be reached. Check the URL, the server and credentials.",
    "E408": "The search query has no searchable words (or only excluded ones).",
    "E409": "The document holds characters the store cannot keep (a lone surrogate; NUL on PostgreSQL).",
    # api
    "E501": "A write request needs a valid token (header 'Authorization: Bearer …').",
    "E502": "The request body is larger than the limit.",
    "E503": "Writes are disabled on this server: set MARSAD_API_TOKEN to enable them.",
    "E504": "The request is not valid (see 'detail' for the fields at fault).",
    "E505": "Not found.",
    "E506": "Internal error; the request was not completed. The server log has the details.",
    "E507": "The method is not allowed on this path.",
    "E508": "The server is busy extracting other documents; try again shortly.",
    "E509": "Too many extraction requests from this client at once; wait for one to finish.",
    # warnings attached to a document
    "W101": "A component failed on this document; its layer is missing or partial.",
    "W102": "The time budget for this document ran out; later components were skipped.",
    "W103": "A sentence was longer than settings.max_sentence_chars and was cut for analysis.",
    "W104": "Little or no Arabic text was found in this document.",
}


class MarsadError(Exception):
    """An error with a stable code (``E…``), a message and a hint for the user."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        self.code = code
        self.detail = detail
        base = MESSAGES.get(code, "Unknown error.")
        self.message = f"{base} ({detail})" if detail else base
        super().__init__(f"[{code}] {self.message}")

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
