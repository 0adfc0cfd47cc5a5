"""A news page once it has been read, decoded and stripped of page chrome."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class ParsedPage(BaseModel):
    """What the page parser reads out of a page's text."""

    model_config = ConfigDict(frozen=True)

    title: str | None = Field(None, description="The article's headline.")
    outlet: str | None = Field(None, description="Who published the page; None if the page does not say.")
    published_on: date | None = Field(None, description="The article's own date, not a crawl or print date.")
    body_text: str = Field(min_length=1, description="The article's text, page chrome removed.")
    url: str | None = Field(None, description="The page's address, where the input names it (HTML, JSON, archives).")


class Document(ParsedPage):
    """One input page that became a valid document."""

    document_id: str = Field(
        pattern=r"^[0-9a-f]{16}$", description="Stable key: the first 16 hex digits of content_sha256."
    )
    content_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str = Field(min_length=1, description="The file's base name.")
    source_path: str = Field(min_length=1, description="Path of the file relative to the source folder.")
    encoding: str = Field(description="The text encoding the page was decoded with.")
    size_bytes: int = Field(ge=0)
