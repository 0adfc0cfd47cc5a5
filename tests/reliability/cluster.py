"""A real Dask cluster on 127.0.0.1 for the tests (benchmarks/cluster.py starts it: `dask scheduler` on port 0 with
a scheduler file, `dask worker` processes, stopped by PID), and what the tests ask of it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.cluster import local_cluster as start_cluster
from tests.reliability.runs import legation_env


@dataclass
class Cluster:
    address: str
    scheduler_file: Path

    def client(self):
        from distributed import Client

        return Client(scheduler_file=str(self.scheduler_file), timeout=30)

    def worker_pids(self) -> dict[str, int]:
        with self.client() as client:
            return client.run(os.getpid)

    def busy_workers(self) -> list[str]:
        """The workers running a task now."""
        with self.client() as client:
            return [address for address, keys in client.processing().items() if keys]

    def models_loaded(self) -> dict[str, int]:
        """Per worker, how often its process loaded the spaCy model."""
        with self.client() as client:
            return client.run(_models_loaded)


def _models_loaded() -> int:
    from tasks.extraction import nlp

    return nlp.models_loaded


@contextmanager
def local_cluster(
    folder: Path, workers: int = 2, preload: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[Cluster]:
    """The benchmarks' local cluster, its processes reporting to the session's Prefect test harness."""
    with start_cluster(folder, workers, env={**legation_env(), **(env or {})}, preload=preload) as (address, file):
        yield Cluster(address, file)
