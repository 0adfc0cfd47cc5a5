"""Extraction on a real Dask cluster (a scheduler and two workers on 127.0.0.1): the rows of a run on this machine,
the model loaded once per worker for its life, a killed worker's chunks run again elsewhere, a poison page
quarantined, and an unreachable cluster named in one line before anything is read."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.cli import main
from flows.ingest import backfill, ingest
from flows.runners import with_task_runner
from tests.conftest import REPO
from tests.flows.test_ingest import snapshot
from tests.reliability.cluster import Cluster, local_cluster
from tests.reliability.poison_worker import POISON

REAL = REPO / "tests" / "data" / "real"
# One cluster for the module's tests (they run in order, on one xdist worker): a scheduler that gives a task one
# retry after its worker dies, and workers that die on the poison page (tests/reliability/poison_worker.py).
pytestmark = pytest.mark.xdist_group("dask-cluster")
FACT_TABLES = ("marts.fct_messages", "marts.fct_meetings", "marts.fct_statements", "marts.bridge_event_documents")


def real_pages(folder: Path) -> Path:
    """The 76 real pages of the tuning part: two chunks, one for each worker."""
    shutil.copytree(REAL / "tune" / "pages", folder)
    return folder


def facts(warehouse: Path) -> dict[str, list[tuple]]:
    return {table: rows for table, rows in snapshot(warehouse).items() if table in FACT_TABLES}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    one_retry = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    preload = Path(__file__).with_name("poison_worker.py")
    with local_cluster(tmp_path_factory.mktemp("cluster"), preload=preload, env=one_retry) as running:
        yield running


@pytest.fixture(scope="module")
def local_facts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    folder = tmp_path_factory.mktemp("local")
    pages = real_pages(folder / "pages")
    with_task_runner(ingest, workers=1)(source_dir=str(pages), warehouse=str(folder / "local.duckdb"))
    return pages, facts(folder / "local.duckdb")


def test_a_cluster_run_equals_a_local_run_and_each_worker_loads_the_model_once(
    cluster: Cluster, local_facts: tuple[Path, dict[str, list[tuple]]], tmp_path: Path
) -> None:
    pages, expected = local_facts
    warehouse = tmp_path / "cluster.duckdb"
    on_cluster = with_task_runner(ingest, dask_address=cluster.address)
    summary = on_cluster(source_dir=str(pages), warehouse=str(warehouse))
    assert summary.documents_loaded == len(list(pages.iterdir())) - len(summary.quarantined)
    assert facts(warehouse) == expected
    with_task_runner(backfill, dask_address=cluster.address)(
        reprocess=True, source_dir=str(pages), warehouse=str(warehouse)
    )
    assert facts(warehouse) == expected
    assert sorted(cluster.models_loaded().values()) == [1, 1]  # both took chunks, over two runs, one load each


def test_a_killed_worker_costs_its_chunks_not_the_run(
    cluster: Cluster, local_facts: tuple[Path, dict[str, list[tuple]]], tmp_path: Path
) -> None:
    pages, expected = local_facts
    warehouse = tmp_path / "cluster.duckdb"
    before = cluster.worker_pids()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["summary"] = with_task_runner(ingest, dask_address=cluster.address)(
                source_dir=str(pages), warehouse=str(warehouse)
            )
        except BaseException as error:  # reported below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not (busy := cluster.busy_workers()):  # until a worker is extracting a chunk
        assert time.monotonic() < deadline and thread.is_alive(), outcome
        time.sleep(0.05)
    os.kill(before[busy[0]], signal.SIGKILL)
    thread.join(timeout=300)
    assert "error" not in outcome, outcome.get("error")
    assert before[busy[0]] not in cluster.worker_pids().values()  # it died (its nanny started another)
    assert facts(warehouse) == expected


def test_a_page_that_kills_every_worker_is_quarantined(
    cluster: Cluster, local_facts: tuple[Path, dict[str, list[tuple]]], tmp_path: Path
) -> None:
    pages, expected = local_facts
    folder = tmp_path / "pages"
    shutil.copytree(pages, folder)
    poison = folder / "zz-poison.txt"
    poison.write_text(
        "Ministers meet\n\n"
        + "The foreign minister of Ghana met the foreign minister of Togo in Accra on Monday. " * 3
        + POISON
        + "\n",
        encoding="utf-8",
    )
    warehouse = tmp_path / "cluster.duckdb"
    summary = with_task_runner(ingest, dask_address=cluster.address)(source_dir=str(folder), warehouse=str(warehouse))
    reasons = {q.source_path: q.reason for q in summary.quarantined}
    assert reasons.get("zz-poison.txt", "").startswith("extraction killed its worker each time it ran")
    assert facts(warehouse) == expected  # every other page's rows, as a run without the poison page gives


def test_an_unreachable_cluster_is_one_line_before_anything_is_read(
    seed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warehouse = tmp_path / "w.duckdb"
    started = time.monotonic()
    code = main(["run", "--source-dir", str(seed_folder), "--warehouse", str(warehouse), "--dask-address",
                 "tcp://127.0.0.1:9"])  # fmt: skip
    error = capsys.readouterr().err
    assert code == 2 and "--dask-address tcp://127.0.0.1:9: no Dask scheduler answers" in error
    assert len(error.strip().splitlines()) == 1 and time.monotonic() - started < 5
    assert not warehouse.exists()
