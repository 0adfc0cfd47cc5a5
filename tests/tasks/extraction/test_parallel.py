"""Extraction in worker processes gives the rows one process gives, in the same order."""

from __future__ import annotations

import os
import signal

import pytest

from schemas.document import Document
from tasks.extraction import parallel
from tasks.extraction.parallel import ExtractionWorkerDied, extract_in_parallel, shutdown_workers
from tasks.extraction.reader import extract_documents


def test_two_workers_give_the_same_mentions_in_the_same_order(documents: list[Document]) -> None:
    try:
        # Chunks of three pages: the workers take turns, and the last chunk is short.
        in_workers = extract_in_parallel(documents, workers=2, min_pages=1, chunk_size=3)
    finally:
        shutdown_workers()
    in_one_process = extract_documents(documents)
    assert [m.document_id for m in in_workers] == [d.document_id for d in documents]
    assert sum(len(m.messages) + len(m.meetings) + len(m.statements) for m in in_one_process) > 50
    assert in_workers == in_one_process


def test_a_small_batch_is_read_in_this_process(documents: list[Document]) -> None:
    """Starting workers costs seconds: fewer pages than the threshold never start them."""
    extract_in_parallel(documents[:2], workers=2)
    assert parallel._pool is None


def test_a_worker_that_dies_fails_the_batch_and_the_next_batch_gets_new_workers(documents: list[Document]) -> None:
    first = documents[:4]
    try:
        extract_in_parallel(first, workers=2, min_pages=1, chunk_size=1)
        for process in list(parallel._pool._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
            process.join(timeout=10)
        with pytest.raises(ExtractionWorkerDied, match="extraction worker process ended"):
            extract_in_parallel(first, workers=2, min_pages=1, chunk_size=1)
        assert parallel._pool is None
        assert extract_in_parallel(first, workers=2, min_pages=1, chunk_size=1) == extract_documents(first)
    finally:
        shutdown_workers()
