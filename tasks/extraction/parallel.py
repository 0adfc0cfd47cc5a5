"""Extraction on every core: worker processes, each with the model loaded once, read whole pages.

A page's mentions depend on that page alone (see ``extract_documents``), so cutting a batch into chunks and
reading them in other processes gives the same rows as reading it in one.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from schemas.document import Document
from schemas.mentions import DocumentMentions
from tasks.extraction.nlp import get_nlp
from tasks.extraction.reader import extract_documents

# Pages per task sent to a worker: enough that pickling is noise, few enough that the workers end a batch together.
CHUNK_SIZE = 16
# A worker takes about 3 s to start (import spaCy, load the model); below this many pages one process is faster.
MIN_PAGES_FOR_WORKERS = 64
# Each worker is one core's worth of work: a BLAS library starting threads of its own in every worker would
# make the workers fight over the same cores.
_ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0


class ExtractionWorkerDied(RuntimeError):
    """A worker process ended in the middle of a batch (killed, or out of memory)."""


def extract_in_parallel(
    documents: Sequence[Document],
    workers: int,
    min_pages: int = MIN_PAGES_FOR_WORKERS,
    chunk_size: int = CHUNK_SIZE,
) -> list[DocumentMentions]:
    """Mentions of every document, in the order given, read by up to ``workers`` processes."""
    if workers <= 1 or len(documents) < min_pages:
        return extract_documents(documents)
    chunks = [documents[start : start + chunk_size] for start in range(0, len(documents), chunk_size)]
    pool = _worker_pool(workers)
    try:
        with _environment(_ONE_THREAD):  # workers start on the first submissions and inherit this environment
            pending = pool.map(extract_documents, chunks)
        results = list(pending)
    except BrokenProcessPool as error:
        shutdown_workers()
        raise ExtractionWorkerDied(f"an extraction worker process died: {error}") from error
    return [mentions for chunk in results for mentions in chunk]


def shutdown_workers() -> None:
    global _pool, _pool_workers
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _pool_workers = None, 0


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, kept between batches and runs so the model is loaded once per worker."""
    global _pool, _pool_workers
    if _pool is None or _pool_workers != workers:
        shutdown_workers()
        # spawn, not fork: the flow's process holds Prefect's threads and event loop, which a fork would copy.
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_load_model)
        _pool_workers = workers
    return _pool


def _load_model() -> None:
    get_nlp()


@contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
