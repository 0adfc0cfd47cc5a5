"""Where a run's extraction runs: Prefect's task runners, the one way legation runs work in parallel.

- no workers (one core, or `--workers 1`): the flow's own process reads the pages;
- on one machine: Prefect's ProcessPoolTaskRunner, each worker process loading the spaCy model once;
- past one machine: prefect-dask's DaskTaskRunner on a running Dask cluster (`--dask-address`, or
  $LEGATION_DASK_ADDRESS), whose workers keep the model for their life and whose scheduler runs a lost worker's
  tasks again elsewhere (`pip install 'legation[dask]'`).
"""

from __future__ import annotations

import ipaddress
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from prefect import Flow, get_run_logger
from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.settings import resolve_dask_address, resolve_extract_workers, scheduler_url
from tasks.extract import Workers, open_handoff
from tasks.extraction.worker import start_worker

F = TypeVar("F", bound=Flow)


class DaskMissing(Exception):
    """The dask extra is not installed."""


def task_runner(workers: int | None = None, dask_address: str | None = None) -> TaskRunner:
    """On the cluster at dask_address (else $LEGATION_DASK_ADDRESS), else in `workers` local processes."""
    address = resolve_dask_address(dask_address)
    return cluster_task_runner(address) if address else local_task_runner(workers)


def local_task_runner(workers: int | None = None) -> TaskRunner:
    count = resolve_extract_workers(workers)
    if count <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=count, initializer=start_worker)


def cluster_task_runner(address: str) -> TaskRunner:
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise DaskMissing(
            "running on a Dask cluster needs the dask extra: pip install -c constraints.txt -e '.[dask]'"
        ) from None
    return DaskTaskRunner(address=address)


def served_cluster_task_runner() -> TaskRunner:
    """The runner of the served flows that extract on a cluster: the one `legation serve --dask-address` names (its
    served runs inherit the address); without one (nothing serves them then), the local runner."""
    address = resolve_dask_address(None)
    try:
        return cluster_task_runner(address) if address else local_task_runner()
    except DaskMissing:
        return local_task_runner()


def with_task_runner(flow: F, workers: int | None = None, dask_address: str | None = None) -> F:
    """The flow, set to extract with `workers` local processes or on the Dask cluster at `dask_address`."""
    runner = task_runner(workers, dask_address)
    return flow.with_options(task_runner=runner)  # type: ignore[return-value]


@contextmanager
def started_workers(handoff_folder: Path, run_id: str) -> Iterator[Workers | None]:
    """The flow's task runner, started anew for the extraction stage alone (None when the flow reads pages itself).

    Started here, not for the whole flow, so that local workers (a model each, about 300 MB) end with the stage,
    before the transforms take their memory. handoff_folder, removed at the end, is where workers that can reach it
    leave big chunks' rows as Parquet.
    """
    context = FlowRunContext.get()
    if context is None or isinstance(context.task_runner, ThreadPoolTaskRunner):
        yield None
        return
    try:
        with workers_reach_the_api(context, context.task_runner), context.task_runner.duplicate() as runner:
            yield Workers(runner, open_handoff(handoff_folder, run_id))
    finally:
        shutil.rmtree(handoff_folder, ignore_errors=True)


@contextmanager
def workers_reach_the_api(context: FlowRunContext, runner: TaskRunner) -> Iterator[None]:
    """Workers record their task runs through the flow's Prefect API. Without PREFECT_API_URL the flow talks to a
    temporary server that a worker process cannot know of, so each worker started one of its own (220 MB and seconds
    apiece, its task runs lost with it): the workers are given the flow's. That server listens on 127.0.0.1 only;
    workers on other machines need a Prefect server they all reach, named by PREFECT_API_URL."""
    if PREFECT_API_URL.value():
        yield
        return
    address = getattr(runner, "address", None)
    if address and not on_this_machine(address):
        get_run_logger().warning(
            "the Dask workers at %s cannot reach this run's temporary Prefect server: each records its task runs in "
            "one of its own; set PREFECT_API_URL to a Prefect server every machine reaches",
            address,
        )
        yield
        return
    with temporary_settings(updates={PREFECT_API_URL: str(context.client.api_url)}):
        yield


def on_this_machine(address: str) -> bool:
    host = scheduler_url(address).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
