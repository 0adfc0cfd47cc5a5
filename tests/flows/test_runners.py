"""The flow's task runner is started for the extraction stage alone: its worker processes end with the stage (before
the transforms), its handoff folder goes with them, and they report to the flow's own Prefect API."""

from __future__ import annotations

import os
from pathlib import Path

import psutil
from prefect import flow, task
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import ProcessPoolTaskRunner

from flows.runners import on_this_machine, started_workers


@task
def where_it_ran() -> tuple[int, str]:
    return os.getpid(), str(PREFECT_API_URL.value())


@flow(task_runner=ProcessPoolTaskRunner(max_workers=1))
def a_stage_with_workers(handoff_folder: str) -> tuple[int, str, bool, bool]:
    with started_workers(Path(handoff_folder), "run-1") as workers:
        assert workers is not None and workers.handoff is not None
        pid, api_url = workers.runner.submit(where_it_ran, {}).result()
        folder_during = Path(workers.handoff.folder).is_dir()
    try:
        worker_alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        worker_alive = False
    return pid, api_url, folder_during, worker_alive or Path(handoff_folder).exists()


@flow
def a_stage_without_workers() -> bool:
    with started_workers(Path("unused"), "run-1") as workers:
        return workers is None


def test_workers_end_with_the_extraction_stage_not_with_the_flow(tmp_path: Path) -> None:
    pid, api_url, folder_during, left_behind = a_stage_with_workers(str(tmp_path / "handoff"))
    assert pid != os.getpid() and folder_during
    assert not left_behind, "the worker or the handoff folder outlived the stage"
    assert api_url == str(PREFECT_API_URL.value())


def test_a_flow_that_reads_pages_itself_starts_no_workers() -> None:
    assert a_stage_without_workers()


def test_only_a_scheduler_on_this_machine_can_reach_a_temporary_server() -> None:
    assert on_this_machine("tcp://127.0.0.1:8786") and on_this_machine("localhost:8786")
    assert not on_this_machine("tcp://10.0.0.5:8786") and not on_this_machine("tcp://scheduler.example:8786")
