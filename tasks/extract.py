"""Read event mentions out of documents: one task per chunk of pages, run wherever the run's workers are.

The flow's task runner decides where (`flows/runners.py`): in the flow's own process, in a local process pool, or
on a Dask cluster. A page's mentions depend on that page alone, so where a chunk runs never changes its rows. The
flow stays the only writer: workers return rows or, for a big chunk when the run has a folder they share, write them
to Parquet files there and return the paths; the flow loads either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import TaskRunner

from schemas.document import Document
from schemas.event_types import EVENT_TYPES
from schemas.mentions import ExtractedChunk, Handoff
from tasks.extraction import EXTRACTOR_VERSION
from tasks.load import write_mention_files
from tasks.progress import PageProgress

# No news article runs this long; a bigger page (a dump, a feed) is read up to here so that one file cannot
# hold a run for minutes or exhaust memory in the parser.
MAX_EXTRACTED_CHARS = 200_000
# Pages per task: enough that a task's overhead is noise (each is a Prefect task run the server records), few enough
# that the workers end a 500-page batch together and a lost worker costs seconds to redo.
CHUNK_SIZE = 64
# Read in the flow, pages go in smaller steps, only so that the progress log moves within a batch.
INLINE_CHUNK_SIZE = 16
# A worker takes about 3 s to start (import spaCy, load the model); below this many pages the flow reads them itself.
MIN_PAGES_FOR_WORKERS = 64
# A chunk of at least this many pages comes back as Parquet files when the run has a handoff folder (BENCHMARKS.md).
MIN_PAGES_FOR_HANDOFF = 32
HANDOFF_RUN_FILE = "run"


@dataclass
class Workers:
    """A run's started task runner, and the folder its workers share with the flow."""

    runner: TaskRunner
    handoff: Handoff


def open_handoff(folder: Path, run_id: str) -> Handoff:
    """Make the folder a run's handoff folder; the `run` file lets a worker tell that it sees the same folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / HANDOFF_RUN_FILE).write_text(run_id, encoding="utf-8")
    return Handoff(folder=str(folder), run_id=run_id)


def shares_folder(handoff: Handoff) -> bool:
    """Whether this process (a worker, maybe on another machine) sees the flow's handoff folder."""
    try:
        return (Path(handoff.folder) / HANDOFF_RUN_FILE).read_text(encoding="utf-8") == handoff.run_id
    except OSError:
        return False


def within_limit(document: Document) -> Document:
    if len(document.body_text) <= MAX_EXTRACTED_CHARS:
        return document
    return document.model_copy(update={"body_text": document.body_text[:MAX_EXTRACTED_CHARS]})


@task(name="extract pages", cache_policy=NO_CACHE)
def extract_pages(documents: list[Document], handoff: Handoff | None = None) -> ExtractedChunk:
    """The documents' mentions; written to the handoff folder when given one this process can reach."""
    # Imported here: in a worker, spaCy and its model load with the first chunk and stay for the worker's life.
    from tasks.extraction.reader import extract_documents

    mentions = extract_documents([within_limit(document) for document in documents])
    counts = {kind.name: sum(len(getattr(one, kind.mentions_field)) for one in mentions) for kind in EVENT_TYPES}
    files = write_mention_files(mentions, Path(handoff.folder)) if handoff and shares_folder(handoff) else None
    return ExtractedChunk(
        document_ids=[one.document_id for one in mentions],
        counts=counts,
        files=files,
        mentions=[] if files else mentions,
    )


@dataclass
class Extraction:
    """A batch's documents on their way through the workers: chunks submitted, or left for the flow to read."""

    documents: list[Document]
    workers: Workers | None = None
    chunks: list[list[Document]] = field(default_factory=list)
    futures: list[PrefectFuture[ExtractedChunk]] = field(default_factory=list)


@dataclass
class Extracted:
    """What came back: the documents whose mentions were read, and those no worker survived (with the reason)."""

    documents: list[Document] = field(default_factory=list)
    chunks: list[ExtractedChunk] = field(default_factory=list)
    poisoned: list[tuple[Document, str]] = field(default_factory=list)


def submit_extraction(documents: list[Document], workers: Workers | None, chunk_size: int = CHUNK_SIZE) -> Extraction:
    """Hand a batch to the workers; a small batch, or a run without workers, is read by the flow when collected."""
    extraction = Extraction(documents, workers)
    if workers is not None and len(documents) >= MIN_PAGES_FOR_WORKERS:
        extraction.chunks = [documents[start : start + chunk_size] for start in range(0, len(documents), chunk_size)]
        extraction.futures = [submit_chunk(workers, chunk) for chunk in extraction.chunks]
    return extraction


def submit_chunk(workers: Workers, chunk: list[Document]) -> PrefectFuture[ExtractedChunk]:
    handoff = workers.handoff if len(chunk) >= MIN_PAGES_FOR_HANDOFF else None
    return workers.runner.submit(extract_pages, {"documents": chunk, "handoff": handoff})


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
            retry_one_by_one(extraction.workers, extracted, chunk, progress)  # type: ignore[arg-type]
    return logged(extracted)


def lost_its_workers(error: Exception) -> bool:
    """A Dask scheduler gave up on a task whose workers died while running it (distributed's KilledWorker). The rows
    of one page never raise (reader._read_safely logs and skips a page's error), and a local process pool that lost a
    worker is broken for the rest of the run: that error fails the run, with nothing written, as before."""
    return type(error).__name__ == "KilledWorker"


def logged(extracted: Extracted) -> Extracted:
    counts = {kind.name: sum(chunk.counts.get(kind.name, 0) for chunk in extracted.chunks) for kind in EVENT_TYPES}
    handed_off = sum(chunk.files is not None for chunk in extracted.chunks)
    get_run_logger().info(
        "extracted from %d documents with extractor %s: %s%s",
        len(extracted.documents),
        EXTRACTOR_VERSION,
        ", ".join(f"{count} {kind.mentions_field}" for kind, count in zip(EVENT_TYPES, counts.values(), strict=True)),
        f" ({handed_off} of {len(extracted.chunks)} chunks handed back as Parquet)" if handed_off else "",
    )
    return extracted


def retry_one_by_one(workers: Workers, extracted: Extracted, chunk: list[Document], progress: PageProgress) -> None:
    """One page at a time: a cluster counts a worker's death against every task it held, so pages waiting beside the
    poison one on the same worker would be blamed with it."""
    for document in chunk:
        try:
            keep(extracted, [document], submit_chunk(workers, [document]).result(), progress)
        except Exception as error:
            if not lost_its_workers(error):
                raise
            reason = f"extraction killed its worker each time it ran ({type(error).__name__}: {error})"
            get_run_logger().error("%s: %s; quarantined", document.source_path, reason)
            extracted.poisoned.append((document, reason))
            progress.advance(1)


def keep(extracted: Extracted, chunk: list[Document], result: ExtractedChunk, progress: PageProgress) -> None:
    extracted.documents += chunk
    extracted.chunks.append(result)
    progress.advance(len(chunk))
