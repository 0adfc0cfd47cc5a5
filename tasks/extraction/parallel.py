"""Extraction on several cores: worker processes, each with the model loaded once, read whole pages.

A page's mentions depend on that page alone (see ``reader.extract_documents``), so cutting a batch into chunks and
reading them in other processes gives the same rows as reading it in one.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction.reader import extract_documents
from tasks.extraction.worker import start_worker

# Pages per task sent to a worker: enough that pickling is noise, few enough that the workers end a batch together.
CHUNK_SIZE = 16
# A worker takes about 3 s to start (import spaCy, load the model); below this many pages one process is faster.
MIN_PAGES_FOR_WORKERS = 64

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
pools_started = 0  # for the run summary and the tests: how often this process started workers
# Two flow runs in one process (threads) share the pool: one at a time, so neither replaces it under the other.
_pool_lock = threading.Lock()


class ExtractionWorkerDied(RuntimeError):
    """A worker process ended in the middle of a batch, or could not start."""


def extract_in_parallel(
    documents: Sequence[Document],
    workers: int,
    min_pages: int = MIN_PAGES_FOR_WORKERS,
    chunk_size: int = CHUNK_SIZE,
    on_pages_done: Callable[[int], None] | None = None,
) -> list[DocumentMentions]:
    """Mentions of every document, in the order given, read by up to ``workers`` processes; on_pages_done hears of
    each chunk as it is done."""
    chunks = [documents[start : start + chunk_size] for start in range(0, len(documents), chunk_size)]
    if workers <= 1 or len(documents) < min_pages:
        return _reported(map(extract_documents, chunks), on_pages_done)
    with _pool_lock:
        try:
            results = _reported(_worker_pool(workers).map(extract_documents, chunks), on_pages_done)
        except BrokenProcessPool as error:
            _shutdown()
            raise ExtractionWorkerDied(
                f"an extraction worker process ended or could not start (killed, out of memory, or the model "
                f"failed to load: see the worker's error output above): {error}"
            ) from error
    return results


def _reported(
    chunks: Iterator[list[DocumentMentions]], on_pages_done: Callable[[int], None] | None
) -> list[DocumentMentions]:
    results: list[DocumentMentions] = []
    for chunk in chunks:
        results += chunk
        if on_pages_done is not None:
            on_pages_done(len(chunk))
    return results


def shutdown_workers() -> None:
    with _pool_lock:
        _shutdown()


def _shutdown() -> None:
    global _pool, _pool_workers
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _pool_workers = None, 0


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, kept between batches so that each worker loads the model once per run."""
    global _pool, _pool_workers, pools_started
    if _pool is None or _pool_workers != workers:
        _shutdown()
        # spawn, not fork: the flow's process holds Prefect's threads and event loop, which a fork would copy.
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start_worker)
        _pool_workers = workers
        pools_started += 1
    return _pool
