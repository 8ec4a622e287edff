"""Request bodies and small response shapes (the OpenAPI schema is built from these)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ArticleIn(BaseModel):
    """One article: its text and what the caller knows about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article exactly as published (UTF-8).")
    id: str | None = Field(None, max_length=200, description="Your id; default: sha1 of the text.")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(
        None, max_length=40, description="ISO 8601 date or datetime; anchors relative times."
    )

    def fields(self) -> dict[str, Any]:
        return self.model_dump()


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[ArticleIn]


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorOut(BaseModel):
    error: ErrorBody


class IngestResult(BaseModel):
    index: int = Field(description="Position in the request.")
    id: str | None
    status: str = Field(description="added | updated | duplicate | error (as the store reports)")
    error: ErrorBody | None = None


class IngestOut(BaseModel):
    results: list[IngestResult]
    added: int
    failed: int


class Health(BaseModel):
    status: str
    version: str
    store: str
    documents: int | None = None
    components: list[str] | None = None


class Page(BaseModel):
    """A page of a list: ``items`` plus where it sits in the whole."""

    items: list[dict[str, Any]]
    total: int | None
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, if any.")
    partial: bool = Field(
        False,
        description="True when a filter was applied to the first events only (total is a lower bound).",
    )
