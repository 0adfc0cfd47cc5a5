"""A run over enough pages extracts in worker processes (Prefect's ProcessPoolTaskRunner), with the rows a run
without workers gives, and the workers end with the run."""

from __future__ import annotations

import time
from pathlib import Path

import psutil
import pytest

from benchmarks.corpus import write_corpus
from flows.ingest import ingest
from flows.runners import with_task_runner
from tasks.extract import MIN_PAGES_FOR_WORKERS
from tests.flows.test_ingest import snapshot
from tests.reliability.runs import LegationRun

# The mention tables come back from the workers as Parquet files (tasks/extract.py), the facts are built from them.
COMPARED_TABLES = (
    "raw.mentions",
    "raw.mention_actors",
    "marts.fct_messages",
    "marts.fct_meetings",
    "marts.fct_statements",
    "marts.bridge_event_documents",
)


def spawned_children(pid: int | None = None) -> set[int]:
    """A process's worker processes, this one's by default (multiprocessing's spawn start method names them so)."""
    return {
        child.pid
        for child in psutil.Process(pid).children(recursive=True)
        if "multiprocessing.spawn" in " ".join(child.cmdline())
    }


def test_a_large_batch_is_extracted_by_workers_with_the_rows_of_a_run_without(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pages = MIN_PAGES_FOR_WORKERS + 6  # a 64-page chunk handed back as Parquet, a 6-page one as rows
    write_corpus(tmp_path / "pages", pages)
    before = spawned_children()
    in_workers = with_task_runner(ingest, workers=2)
    alone = with_task_runner(ingest, workers=1)

    summary = in_workers(source_dir=str(tmp_path / "pages"), warehouse=str(tmp_path / "workers.duckdb"))
    assert summary.documents_loaded == pages
    assert "(1 of 2 chunks handed back as Parquet)" in caplog.text
    assert spawned_children() <= before  # the workers (each with a model) ended with the run
    alone(source_dir=str(tmp_path / "pages"), warehouse=str(tmp_path / "alone.duckdb"))
    facts = [
        {table: rows for table, rows in snapshot(tmp_path / name).items() if table in COMPARED_TABLES}
        for name in ("workers.duckdb", "alone.duckdb")
    ]
    assert facts[0] == facts[1] and all(facts[0].values())


def test_a_local_worker_killed_mid_run_fails_the_run_and_writes_nothing(tmp_path: Path) -> None:
    """Only a Dask cluster runs a lost worker's chunk again (tests/reliability/test_dask_cluster.py); a local pool that
    lost a worker is broken, so the run stops, leaving the warehouse as it was, rather than set pages aside."""
    write_corpus(tmp_path / "pages", MIN_PAGES_FOR_WORKERS * 4)
    warehouse = tmp_path / "warehouse" / "legation.duckdb"
    run = LegationRun(tmp_path / "pages", warehouse, "--workers", "2")
    try:
        assert run.wait_for(r"batch 1 of 1", 120), run.output[-2000:]
        deadline = time.monotonic() + 60
        while not (workers := [psutil.Process(pid) for pid in spawned_children(run.process.pid)]):
            assert time.monotonic() < deadline, run.output[-2000:]
            time.sleep(0.1)
        time.sleep(2)  # the worker is reading its first chunk
        workers[0].kill()
        assert run.finish() == 1, run.output[-2000:]
    finally:
        if run.process.poll() is None:
            run.kill()
    assert "failed" in run.output and not warehouse.exists()
