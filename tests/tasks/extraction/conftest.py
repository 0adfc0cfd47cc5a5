"""Fixtures for the extractor's tests: the spaCy model loads once per session; documents are built in place."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.discover import describe
from tasks.extraction.nlp import get_nlp
from tasks.extraction.reader import extract_document
from tasks.parse import read_document
from tests.conftest import REPO, SEEDS

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


def document_of(path: Path) -> Document:
    """As the pipeline's parse stage reads a page: through discovery's description of the file."""
    source_file = describe(path, path.parent, ledger={})
    return read_document(path.parent, source_file, source_file.content_sha256)


@pytest.fixture(scope="session")
def documents() -> list[Document]:
    """The seed pages and the development set's pages: twelve outlets' worth of different layouts and events."""
    paths = sorted(SEEDS.iterdir()) + sorted((REPO / "tests" / "data" / "examples" / "pages").iterdir())
    return [document_of(path) for path in paths]
