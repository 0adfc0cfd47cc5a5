"""A run over enough pages extracts in worker processes, with the worker count it was given, and ends them."""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks.corpus import write_corpus
from flows.ingest import ingest
from tasks.extraction import parallel
from tasks.extraction.parallel import MIN_PAGES_FOR_WORKERS


def test_a_large_batch_is_extracted_by_workers_that_end_with_the_extraction(tmp_path: Path) -> None:
    pages = MIN_PAGES_FOR_WORKERS + 6
    write_corpus(tmp_path / "pages", pages)
    warehouse = tmp_path / "warehouse" / "legation.duckdb"
    started_before = parallel.pools_started

    summary = ingest(source_dir=str(tmp_path / "pages"), warehouse=str(warehouse), extract_workers=2)

    assert summary.documents_loaded == pages
    assert parallel.pools_started == started_before + 1  # the flow's parameter reached the extraction task
    assert parallel._pool is None  # and the workers ended with it: their models are not held until the next run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        documents_with_events = con.execute(
            "SELECT count(DISTINCT document_id) FROM marts.bridge_event_documents"
        ).fetchone()[0]
    assert documents_with_events > pages // 2
