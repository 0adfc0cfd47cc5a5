"""Read event mentions out of documents: one task per chunk of pages, run wherever the flow's task runner puts it.

The flow's task runner decides where (`flows/runners.py`): in the flow's own process, in a local process pool, or
on a Dask cluster. A page's mentions depend on that page alone, so where a chunk runs never changes its rows. The
flow stays the only writer: workers return rows, and the flow loads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction import EXTRACTOR_VERSION
from tasks.progress import PageProgress

# No news article runs this long; a bigger page (a dump, a feed) is read up to here so that one file cannot
# hold a run for minutes or exhaust memory in the parser.
MAX_EXTRACTED_CHARS = 200_000
# Pages per task: enough that a task's overhead is noise (each is a Prefect task run the server records: 16-page chunks
# took the temporary server from 225 to 688 MB at 1,000 pages, BENCHMARKS.md), few enough that the workers end a
# 500-page batch together and a lost worker costs seconds to redo.
CHUNK_SIZE = 64
# Read in the flow, pages go in smaller steps, only so that the progress log moves within a batch.
INLINE_CHUNK_SIZE = 16
# A worker takes about 3 s to start (import spaCy, load the model); below this many pages the flow reads them itself.
MIN_PAGES_FOR_WORKERS = 64


def within_limit(document: Document) -> Document:
    if len(document.body_text) <= MAX_EXTRACTED_CHARS:
        return document
    return document.model_copy(update={"body_text": document.body_text[:MAX_EXTRACTED_CHARS]})


@task(name="extract pages", cache_policy=NO_CACHE)
def extract_pages(documents: list[Document]) -> list[DocumentMentions]:
    """One DocumentMentions per document, in the same order."""
    # Imported here: in a worker, spaCy and its model load with the first chunk and stay for the worker's life.
    from tasks.extraction.reader import extract_documents

    return extract_documents([within_limit(document) for document in documents])


@dataclass
class Extraction:
    """A batch's documents on their way through the task runner: chunks submitted, or left for the flow to read."""

    documents: list[Document]
    chunks: list[list[Document]] = field(default_factory=list)
    futures: list[PrefectFuture[list[DocumentMentions]]] = field(default_factory=list)


@dataclass
class Extracted:
    """What came back: the documents whose mentions were read, and those no worker survived (with the reason)."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[DocumentMentions] = field(default_factory=list)
    poisoned: list[tuple[Document, str]] = field(default_factory=list)


def runs_in_workers() -> bool:
    """Whether the flow's task runner runs tasks in other processes (a process pool, a Dask cluster)."""
    context = FlowRunContext.get()
    return context is not None and not isinstance(context.task_runner, ThreadPoolTaskRunner)


def submit_extraction(documents: list[Document], chunk_size: int = CHUNK_SIZE) -> Extraction:
    """Hand a batch to the workers; a small batch, or a run without workers, is read by the flow when collected."""
    extraction = Extraction(documents)
    if runs_in_workers() and len(documents) >= MIN_PAGES_FOR_WORKERS:
        extraction.chunks = [documents[start : start + chunk_size] for start in range(0, len(documents), chunk_size)]
        extraction.futures = [extract_pages.submit(chunk) for chunk in extraction.chunks]
    return extraction


def collect_extraction(extraction: Extraction, progress: PageProgress) -> Extracted:
    """The batch's mentions, in order. A chunk whose worker died (killed, out of memory) after the cluster's own
    retries is run again page by page; a page that kills its worker again is returned as poisoned, not loaded."""
    extracted = Extracted()
    if not extraction.futures:
        for start in range(0, len(extraction.documents), INLINE_CHUNK_SIZE):
            chunk = extraction.documents[start : start + INLINE_CHUNK_SIZE]
            keep(extracted, chunk, extract_pages.fn(chunk), progress)
        return logged(extracted)
    while extraction.futures:
        # Taken off the batch as its rows are read: a future no one holds is released, so a worker lost later
        # cannot make the cluster compute finished work again.
        chunk, future = extraction.chunks.pop(0), extraction.futures.pop(0)
        try:
            keep(extracted, chunk, future.result(), progress)
        except Exception as error:
            if not lost_its_workers(error):
                raise
            get_run_logger().warning(
                "a chunk of %d pages lost its worker (%s); reading them one by one", len(chunk), error
            )
            retry_one_by_one(extracted, chunk, progress)
    return logged(extracted)


def lost_its_workers(error: Exception) -> bool:
    """A Dask scheduler gave up on a task whose workers died while running it (distributed's KilledWorker). The rows
    of one page never raise (reader._read_safely logs and skips a page's error), and a local process pool that lost a
    worker is broken for the rest of the run: that error fails the run, with nothing written, as before."""
    return type(error).__name__ == "KilledWorker"


def logged(extracted: Extracted) -> Extracted:
    get_run_logger().info(
        "extracted from %d documents with extractor %s: %d messages, %d meetings, %d statements",
        len(extracted.documents),
        EXTRACTOR_VERSION,
        sum(len(m.messages) for m in extracted.mentions),
        sum(len(m.meetings) for m in extracted.mentions),
        sum(len(m.statements) for m in extracted.mentions),
    )
    return extracted


def retry_one_by_one(extracted: Extracted, chunk: list[Document], progress: PageProgress) -> None:
    """One page at a time: a cluster counts a worker's death against every task it held, so pages waiting beside the
    poison one on the same worker would be blamed with it."""
    for document in chunk:
        try:
            keep(extracted, [document], extract_pages.submit([document]).result(), progress)
        except Exception as error:
            if not lost_its_workers(error):
                raise
            reason = f"extraction killed its worker each time it ran ({type(error).__name__}: {error})"
            get_run_logger().error("%s: %s; quarantined", document.source_path, reason)
            extracted.poisoned.append((document, reason))
            progress.advance(1)


def keep(extracted: Extracted, chunk: list[Document], mentions: list[DocumentMentions], progress: PageProgress) -> None:
    extracted.documents += chunk
    extracted.mentions += mentions
    progress.advance(len(chunk))
