"""Read event mentions out of documents."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction import EXTRACTOR_VERSION, extract_documents

# No news article runs this long; a bigger page (a dump, a feed) is read up to here so that one file cannot
# hold a run for minutes or exhaust memory in the parser.
MAX_EXTRACTED_CHARS = 200_000


def within_limit(document: Document) -> Document:
    if len(document.body_text) <= MAX_EXTRACTED_CHARS:
        return document
    return document.model_copy(update={"body_text": document.body_text[:MAX_EXTRACTED_CHARS]})


@task(name="extract mentions", cache_policy=NO_CACHE)
def extract_mentions(documents: list[Document]) -> list[DocumentMentions]:
    """One DocumentMentions per document, in the same order."""
    extracted = extract_documents([within_limit(document) for document in documents])
    get_run_logger().info(
        "extracted from %d documents with extractor %s: %d messages, %d meetings, %d statements",
        len(documents),
        EXTRACTOR_VERSION,
        sum(len(m.messages) for m in extracted),
        sum(len(m.meetings) for m in extracted),
        sum(len(m.statements) for m in extracted),
    )
    return extracted
