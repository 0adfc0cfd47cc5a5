"""Where a run's extraction runs: Prefect's task runners, the one way legation runs work in parallel.

- no workers (one core, or `--workers 1`): the flow's own process reads the pages;
- on one machine: Prefect's ProcessPoolTaskRunner, each worker process loading the spaCy model once;
- past one machine: prefect-dask's DaskTaskRunner on a running Dask cluster (`--dask-address`, or
  $LEGATION_DASK_ADDRESS), whose workers keep the model for their life and whose scheduler runs a lost worker's
  tasks again elsewhere (`pip install 'legation[dask]'`).
"""

from __future__ import annotations

from typing import TypeVar

from prefect import Flow
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.settings import resolve_dask_address, resolve_extract_workers
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
