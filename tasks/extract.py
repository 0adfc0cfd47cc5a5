"""Read event mentions out of documents."""

from __future__ import annotations

import sys

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction import EXTRACTOR_VERSION
from tasks.progress import PageProgress

# No news article runs this long; a bigger page (a dump, a feed) is read up to here so that one file cannot
# hold a run for minutes or exhaust memory in the parser.
MAX_EXTRACTED_CHARS = 200_000


def within_limit(document: Document) -> Document:
    if len(document.body_text) <= MAX_EXTRACTED_CHARS:
        return document
    return document.model_copy(update={"body_text": document.body_text[:MAX_EXTRACTED_CHARS]})


@task(name="extract mentions", cache_policy=NO_CACHE)
def extract_mentions(
    documents: list[Document], workers: int = 1, progress: PageProgress | None = None
) -> list[DocumentMentions]:
    """One DocumentMentions per document, in the same order, read by up to ``workers`` processes."""
    # Imported on first use: spaCy takes about a second to import, which a run with nothing to extract skips.
    from tasks.extraction.parallel import extract_in_parallel

    on_pages_done = progress.advance if progress is not None else None
    extracted = extract_in_parallel([within_limit(d) for d in documents], workers, on_pages_done=on_pages_done)
    get_run_logger().info(
        "extracted from %d documents with extractor %s: %d messages, %d meetings, %d statements",
        len(documents),
        EXTRACTOR_VERSION,
        sum(len(m.messages) for m in extracted),
        sum(len(m.meetings) for m in extracted),
        sum(len(m.statements) for m in extracted),
    )
    return extracted


def release_extraction_workers() -> None:
    """End the worker processes of this run's extraction: each holds a model (~270 MB) that the transforms, the
    report and the hours until the next scheduled run do not need."""
    parallel = sys.modules.get("tasks.extraction.parallel")  # not imported: no worker was ever started
    if parallel is not None:
        parallel.shutdown_workers()
