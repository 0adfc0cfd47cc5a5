"""Fixtures for the extractor's tests: the spaCy model loads once per session; documents are built in place."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

import pytest

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction.nlp import get_nlp
from tasks.extraction.reader import extract_document

Reader = Callable[..., DocumentMentions]


def make_document(body: str, published_on: date | None = None) -> Document:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Document(
        body_text=body,
        published_on=published_on,
        document_id=digest[:16],
        content_sha256=digest,
        file_name="test-page.txt",
        source_path="test-page.txt",
        encoding="utf-8",
        size_bytes=len(body.encode("utf-8")),
    )


@pytest.fixture(scope="session")
def read() -> Reader:
    """Extract the mentions of a body text written in the test."""
    get_nlp()

    def _read(body: str, published_on: date | None = None) -> DocumentMentions:
        return extract_document(make_document(body, published_on))

    return _read
